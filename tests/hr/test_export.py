"""`academy export`: the §9 JSON on the demo, and the spreadsheets as openpyxl reads them."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from academy.cli import main
from academy.hr.export import LISTS
from tests.conftest import AS_OF
from tests.support.hrrepo import ADV, HrRepo, person, t


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def export_json(root: Path, capsys: pytest.CaptureFixture[str], as_of: str) -> dict[str, object]:
    capsys.readouterr()
    assert main(["export", "--json", "--root", str(root), "--as-of", as_of]) == 0
    return json.loads(capsys.readouterr().out)


def test_demo_json_has_every_list_with_rows(
    demo_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """As of 2026-11-23 every list of the demo has something to show, keys in contract order."""
    before = snapshot(demo_root)
    data = export_json(demo_root, capsys, AS_OF.isoformat())
    assert snapshot(demo_root) == before, "export must not write into the repository"
    assert list(data)[:7] == [
        "as_of",
        "pay_rise",
        "pay_rise_changes",
        "promotion",
        "probation_extension",
        "retake",
        "renewal_plan",
    ]
    assert data["as_of"] == "2026-11-23"
    for key in ("pay_rise", "promotion", "probation_extension", "retake", "renewal_plan"):
        assert data[key], key
    assert data["pay_rise_changes"] == {
        "month": "2026-11",
        "starts": ["A051", "A052", "A053", "B054", "C049"],
        "ends": ["A011"],
    }

    # people under review (人工复核) also carry ``under_review: true`` on these three lists
    def keys(row: dict[str, object]) -> list[str]:
        return [k for k in row if k != "under_review"]

    assert keys(data["pay_rise"][0]) == ["employee_id", "certificate", "level", "percent", "since"]
    assert keys(data["promotion"][0]) == ["employee_id", "program", "basis"]
    assert keys(data["probation_extension"][0]) == [
        "employee_id",
        "program",
        "cohort",
        "status",
        "probation_until",
    ]
    assert list(data["retake"][0]) == ["employee_id", "program", "attempts"]
    assert list(data["retake"][0]["attempts"][0]) == ["cohort", "assessed_on", "status", "total"]
    assert list(data["renewal_plan"][0]) == [
        "certificate",
        "employee_id",
        "window_opens",
        "valid_until",
    ]
    # A023's intermediate certificate was renewed at advanced on 2026-04-15
    a023 = next(r for r in data["pay_rise"] if r["employee_id"] == "A023")
    assert a023 == {
        "employee_id": "A023",
        "certificate": "CS2025003",
        "level": "advanced",
        "percent": 10,
        "since": "2026-04-15",
    }
    for key in ("pay_rise", "promotion", "probation_extension", "retake"):
        keys = [(r["employee_id"], r.get("program", "")) for r in data[key]]
        assert keys == sorted(keys), key
    opens = [(r["window_opens"], r["certificate"]) for r in data["renewal_plan"]]
    assert opens == sorted(opens)


def test_out_writes_xlsx_and_csv_for_every_list(
    demo_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each list as .xlsx (Chinese headers, frozen header, dates, ids as text) and .csv (BOM)."""
    out = tmp_path / "out"
    before = snapshot(demo_root)
    code = main(["export", "--root", str(demo_root), "--as-of", "2026-11-23", "--out", str(out)])
    assert code == 0
    assert snapshot(demo_root) == before
    for provider in LISTS:
        wb = load_workbook(out / f"{provider.file}.xlsx")
        ws = wb.active
        assert ws.title == provider.title
        assert ws.freeze_panes == "A2"
        header = [c.value for c in ws[1]]
        assert header == [c.header for c in provider.columns]
        assert ws.max_row > 1, f"{provider.name} has no rows in the demo"
        for i, column in enumerate(provider.columns, start=1):
            letter = ws.cell(1, i).column_letter
            width = ws.column_dimensions[letter].width
            assert width >= len(column.header) * 2, (provider.name, column.header, width)
            for (cell,) in ws.iter_rows(min_row=2, min_col=i, max_col=i):
                if cell.value is None:
                    continue
                if column.kind == "date":
                    assert isinstance(cell.value, dt.datetime), (provider.name, column.key)
                    assert cell.number_format == "yyyy-mm-dd"
                elif column.kind in ("text", "id"):
                    assert isinstance(cell.value, str), (provider.name, column.key, cell.value)
                    assert cell.data_type == "s"
                if column.kind == "id":
                    assert cell.number_format == "@", (provider.name, column.key)
        raw = (out / f"{provider.file}.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")
        rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
        assert rows[0] == [c.header for c in provider.columns]
        assert len(rows) == ws.max_row


def test_ids_with_leading_zeros_stay_text(
    hrepo: HrRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Employee 001 is the text "001" in the sheet, never the number 1."""
    hrepo.people(person("001"))
    hrepo.roster("c1", t("001", ADV), assessed="2024-03-10")
    out = tmp_path / "out"
    assert (
        main(["export", "--root", str(hrepo.root), "--as-of", "2024-06-01", "--out", str(out)]) == 0
    )
    ws = load_workbook(out / "调薪名单.xlsx").active
    assert ws["A2"].value == "001" and ws["A2"].data_type == "s"
    assert ws["A2"].number_format == "@"  # typed over in Excel, it stays text
    assert ws["G2"].value == dt.datetime(2024, 3, 10)
    assert (out / "调薪名单.csv").read_text(encoding="utf-8-sig").splitlines()[1].startswith("001,")


@pytest.mark.parametrize(
    "inside", ["site", "site/hr", "docs", "docs/generated", "overrides/hr", "hr", "."]
)
def test_out_inside_the_repository_is_refused(
    hrepo: HrRepo, inside: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Personal data never lands in the repository (overrides/hr would be published as
    site/hr/pay_rise.csv by the next build): exit 2, nothing written."""
    hrepo.people(person("A1"))
    hrepo.roster("c1", t("A1", ADV))
    (hrepo.root / "site").mkdir()
    (hrepo.root / "docs").mkdir()
    (hrepo.root / "overrides").mkdir()
    before = snapshot(hrepo.root)
    code = main(["export", "--root", str(hrepo.root), "--out", str(hrepo.root / inside)])
    assert code == 2
    err = capsys.readouterr().err
    assert "在仓库之内" in err and "Traceback" not in err
    assert snapshot(hrepo.root) == before


@pytest.mark.parametrize("key", ["docs_dir", "custom_dir", "site_dir"])
def test_out_inside_a_build_folder_outside_the_repository_is_refused(
    hrepo: HrRepo, tmp_path: Path, key: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """When mkdocs.yml reads docs_dir or theme.custom_dir from outside the repository,
    is an --out inside it refused too (the build would publish it)?"""
    hrepo.people(person("A1"))
    hrepo.roster("c1", t("A1", ADV))
    shared = tmp_path / "shared"
    shared.mkdir()
    setting = f"theme:\n  name: material\n  custom_dir: {shared}\n"
    if key != "custom_dir":
        setting = f"{key}: {shared}\n"
    (hrepo.root / "mkdocs.yml").write_text("site_name: x\n" + setting, encoding="utf-8")
    code = main(["export", "--root", str(hrepo.root), "--out", str(shared / "hr")])
    assert code == 2
    assert "mkdocs.yml" in capsys.readouterr().err
    assert not (shared / "hr").exists()


def test_out_through_a_link_into_the_repository_is_refused(
    hrepo: HrRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Is a folder outside that is a link into overrides/ refused (links followed first)?"""
    hrepo.people(person("A1"))
    hrepo.roster("c1", t("A1", ADV))
    (hrepo.root / "overrides").mkdir()
    (tmp_path / "hr").symlink_to(hrepo.root / "overrides")
    assert main(["export", "--root", str(hrepo.root), "--out", str(tmp_path / "hr" / "x")]) == 2
    assert not (hrepo.root / "overrides" / "x").exists()


def test_export_with_bad_input_writes_nothing(
    hrepo: HrRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hrepo.people(person("A1"))
    hrepo.roster("c1", t("A1", ADV) + t("Z9", ADV))
    out = tmp_path / "out"
    assert main(["export", "--root", str(hrepo.root), "--out", str(out)]) == 1
    assert not out.exists()
    assert ": E331 " in capsys.readouterr().err


def test_export_needs_json_or_out(hrepo: HrRepo, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["export", "--root", str(hrepo.root)])
    assert exit_.value.code == 2
