"""``academy why``: every step of a decision names the file and line it comes from."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from academy.cli import main
from academy.core.masking import mask_name
from academy.core.pipeline import run

AS_OF = "2026-11-23"
STEP = re.compile(r"(?P<path>[^:]+):(?P<line>\d+): (?P<text>.+)")


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def why(root: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["why", *args, "--root", str(root), "--as-of", AS_OF])
    out, err = capsys.readouterr()
    return code, out, err


def line_of(root: Path, path: str, number: int) -> str:
    return (root / path).read_text(encoding="utf-8").splitlines()[number - 1]


def test_why_a_certificate_walks_row_rule_result_level_status_and_lists(
    demo_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Does each step point at the line that says it: the roster row, the level, the
    ledger row, the renewal rows and the pay-rise rule, and is nothing written?"""
    before = snapshot(demo_root)
    code, out, _ = why(demo_root, capsys, "CS2024001")
    assert code == 0
    steps = [STEP.fullmatch(line) for line in out.splitlines()]
    assert steps and all(steps), out
    found = {(m["path"], int(m["line"]), m["text"]) for m in steps if m}
    texts = [t for _, _, t in found]
    roster = next((p, n) for p, n, t in found if t.startswith("班次 2024-03-new-hires"))
    assert 'id: "A001"' in line_of(demo_root, *roster)
    level = next((p, n) for p, n, t in found if t.startswith("等级：高级客户服务专员"))
    assert "advanced" in line_of(demo_root, *level)
    ledger = next((p, n) for p, n, t in found if t.startswith("证书 CS2024001"))
    assert line_of(demo_root, *ledger).startswith("CS2024001,")
    renewals = [(p, n) for p, n, t in found if t.startswith("复评 ")]
    assert renewals and all('id: "A001"' in line_of(demo_root, *r) for r in renewals)
    pay = next((p, n) for p, n, t in found if "列入调薪名单" in t)
    assert "pay_rise" in line_of(demo_root, *pay)
    assert any(t.startswith("结果：总分 84.0") for t in texts)
    assert any(t.startswith(f"截至 {AS_OF}：") for t in texts)
    assert snapshot(demo_root) == before


def test_why_json_gives_the_same_steps_as_objects(
    demo_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Is --json the same steps, in the same order, as objects?"""
    _, text, _ = why(demo_root, capsys, "C059")
    code, out, _ = why(demo_root, capsys, "C059", "--json")
    assert code == 0
    document = json.loads(out)
    assert document["subject"] == "C059" and document["as_of"] == AS_OF
    lines = [f"{s['path']}:{s['line']}: {s['text']}" for s in document["steps"]]
    assert lines == text.splitlines()
    kinds = [s["kind"] for s in document["steps"]]
    assert kinds[:3] == ["roster", "rule", "result"]
    assert "list" in kinds  # C059 failed on probation: retake and probation extension


def test_why_an_unknown_id_is_a_usage_error(
    demo_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Does an id nobody holds exit 2 with a Chinese message and no output?"""
    code, out, err = why(demo_root, capsys, "Z999")
    assert code == 2 and out == ""
    assert "找不到" in err


def test_guide_example_is_real_output(demo_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Is the `academy why` example in the command-line guide what the command prints?"""
    guide = Path(__file__).resolve().parents[2] / "docs" / "guide" / "command-line.md"
    text = guide.read_text(encoding="utf-8")
    block = re.search(r"\$ academy why (\S+) --as-of (\S+)\n(.*?)```", text, re.S)
    assert block is not None
    code = main(["why", block[1], "--root", str(demo_root), "--as-of", block[2]])
    out, _ = capsys.readouterr()
    assert code == 0
    # the guide masks the trainee's name (no register entry in docs/); the terminal has it
    names = {
        r.entry.name for r in run(demo_root, dt.date.fromisoformat(block[2]), write=False).results
    }
    shown = out
    for name in sorted(names, key=len, reverse=True):
        if name:
            shown = shown.replace(name, mask_name(name))
    assert shown.splitlines() == block[3].strip().splitlines()
