"""Bad input for cycles, through the command a trainer runs: file, line, code, nothing written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from academy.cli import main

MONTHLY = "rosters/after-sales/2026-10-after-sales-monthly.yaml"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


def test_two_results_in_one_month_name_both_files(
    demo_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Is a second result of S041 in October reported at its line, naming the first?"""
    extra = demo_root / "rosters/after-sales/2026-10-extra.yaml"
    extra.write_text(
        "cohort: 2026-10-extra\nprogram: after-sales-monthly\nassessed_on: 2026-10-05\n"
        'trainees:\n  - id: "S099"\n    name: 新人\n    deductions: {}\n'
        '  - id: "S041"\n    name: 田甜\n    deductions: {}\n',
        encoding="utf-8",
    )
    ledger = (demo_root / "rosters/ledger.csv").read_bytes()
    code, out, err = run(capsys, "cycles", "--json", "--root", str(demo_root))
    assert code == 1 and out == ""
    first = _line_of(demo_root / MONTHLY, '"S041"')
    lines = [line for line in err.splitlines() if " E340 " in line]
    assert len(lines) == 1
    assert lines[0].startswith(f"{MONTHLY}:{first}:")  # the later roster (10-31) is reported
    assert "rosters/after-sales/2026-10-extra.yaml:8" in lines[0]
    assert (demo_root / "rosters/ledger.csv").read_bytes() == ledger


def test_teaches_must_name_a_rubric_item(
    demo_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A module that claims to teach an unknown item or program is an error at its line."""
    module = demo_root / "curriculum/modules/platform-rules.md"
    text = module.read_text(encoding="utf-8")
    text = text.replace(
        "\nteaches: [",
        "\nteaches: [after-sales-monthly.no_such_item#交易规则, no-such-program.x#交易规则, ",
        1,
    )
    module.write_text(text, encoding="utf-8")
    code, _, err = run(capsys, "validate", "--root", str(demo_root))
    line = _line_of(module, "teaches:")
    assert code == 1
    assert f"curriculum/modules/platform-rules.md:{line}:" in err
    assert " E309 " in err and " E302 " in err


def test_cycles_json_on_the_demo(demo_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """academy cycles --json prints §9's cycles rows, sorted, and writes nothing."""
    before = sorted(p.as_posix() for p in demo_root.rglob("*"))
    code, out, _ = run(
        capsys, "cycles", "--json", "--root", str(demo_root), "--as-of", "2026-11-23"
    )
    assert code == 0
    data = json.loads(out)
    assert data["as_of"] == "2026-11-23"
    rows = data["cycles"]
    assert rows and all(
        list(r) == ["employee_id", "program", "period", "months", "total", "band"] for r in rows
    )
    keys = [(r["employee_id"], r["program"], r["period"][:4], r["period"][5:] or "Z") for r in rows]
    assert keys == sorted(keys)
    assert sorted(p.as_posix() for p in demo_root.rglob("*")) == before


def test_attendance_names_a_planned_occurrence(
    demo_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An unknown session, a repeating session without its date, a date not planned: E501."""
    folder = demo_root / "evaluation/attendance"
    for name, body in {
        "x1": "session: no-such-session\n",
        "x2": "session: 2026-q4-weekly-review\n",
        "x3": "session: 2026-q4-weekly-review\ndate: 2026-10-14\n",
    }.items():
        (folder / f"{name}.yaml").write_text(
            f'attendance: {name}\n{body}expected: ["S041"]\nattended: []\n', encoding="utf-8"
        )
    code, _, err = run(capsys, "validate", "--root", str(demo_root))
    assert code == 1
    lines = [line for line in err.splitlines() if " E501 " in line]
    assert [line.split(":")[0] for line in lines] == [
        "evaluation/attendance/x1.yaml",
        "evaluation/attendance/x2.yaml",
        "evaluation/attendance/x3.yaml",
    ]
    assert lines[2].startswith("evaluation/attendance/x3.yaml:3:")
