"""The HR workbooks of `academy export --out` as HR opens them: openpyxl, and
LibreOffice (headless, one process converting every file), on the demo.

Chinese file and sheet names, all distinct; a 姓名 column wherever a person is
listed; Chinese values (no level ids, no cohort ids); one value per cell; ids as
text; an autofilter on the header; print setup (fit to width, landscape when wide,
the header row repeated). The sheet-name check of ``write_sheet`` refuses names
that LibreOffice would rename Sheet1.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from academy.cli import main
from academy.hr.export import LISTS
from academy.hr.xlsxwrite import PORTRAIT_WIDTH, SheetNameError, write_sheet
from tests.conftest import AS_OF, copy_demo

HAN = re.compile(r"[\u4e00-\u9fff]")
ENGLISH_VALUE = re.compile(r"\b[a-z]+(?:[-_][a-z0-9]+)+\b|^(?:advanced|intermediate|basic)$")
PACKED = re.compile(r"\d、\d|\d{4}-(?:Q\d|\d{2})、")
ID_HEADERS = ("员工编号", "证书编号", "认证编号", "依据证书")
PERSON = "员工编号"


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_demo(tmp_path_factory.mktemp("hr-repo"))
    out = tmp_path_factory.mktemp("hr-out") / "人事名单"
    args = ["export", "--root", str(root), "--as-of", AS_OF.isoformat(), "--out", str(out)]
    assert main(args) == 0
    return out


@pytest.fixture(scope="module")
def libreoffice(exported: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every workbook opened and saved again by LibreOffice, in one soffice process."""
    soffice = shutil.which("soffice")
    if soffice is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice is missing: .ci/run installs libreoffice-calc")
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-calc)")
    out = tmp_path_factory.mktemp("lo-out")
    profile = tmp_path_factory.mktemp("lo-profile")  # its own profile: workers never share one
    files = sorted(str(p) for p in exported.glob("*.xlsx"))
    subprocess.run(
        [
            soffice,
            "--headless",
            "--norestore",
            f"-env:UserInstallation={profile.as_uri()}",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            *files,
        ],
        check=True,
        capture_output=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
    )
    return out


def _values(ws: Any) -> list[list[Any]]:
    return [[c.value for c in row] for row in ws.iter_rows()]


def test_every_list_has_a_chinese_file_and_sheet_name_of_its_own(exported: Path) -> None:
    names = sorted(p.name for p in exported.iterdir())
    expected = sorted(f"{p.file}{s}" for p in LISTS for s in (".xlsx", ".csv"))
    assert names == expected
    assert all(HAN.search(n) and n.isascii() is False for n in names)
    titles = [p.title for p in LISTS]
    assert len(set(titles)) == len(titles), titles
    assert {"人员名册.xlsx", "调薪名单.xlsx"} <= set(names)
    for provider in LISTS:
        raw = (exported / f"{provider.file}.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), provider.file


def test_the_guide_lists_every_file(exported: Path) -> None:
    """The table in the HR guide names each file, its list and its JSON key."""
    guide = (Path(__file__).resolve().parents[2] / "docs/guide/people.md").read_text("utf-8")
    for provider in LISTS:
        row = next((ln for ln in guide.splitlines() if f"`{provider.file}.xlsx`" in ln), "")
        assert row, provider.file
        if provider.to_json is not None:
            assert f"`{provider.name}`" in row, row


@pytest.mark.parametrize("provider", LISTS, ids=[p.name for p in LISTS])
def test_workbook_as_openpyxl_reads_it(exported: Path, provider: Any) -> None:
    ws = load_workbook(exported / f"{provider.file}.xlsx").active
    _check_sheet(ws, provider)


@pytest.mark.slow
@pytest.mark.parametrize("provider", LISTS, ids=[p.name for p in LISTS])
def test_workbook_as_libreoffice_reads_it(exported: Path, libreoffice: Path, provider: Any) -> None:
    """LibreOffice keeps the name, the filter, the print setup and every value."""
    ours = load_workbook(exported / f"{provider.file}.xlsx").active
    theirs = load_workbook(libreoffice / f"{provider.file}.xlsx").active
    _check_sheet(theirs, provider)
    assert _values(theirs) == _values(ours)


def _check_sheet(ws: Any, provider: Any) -> None:
    name = provider.file
    assert ws.title == provider.title
    header = [c.value for c in ws[1]]
    if PERSON in header:
        assert "姓名" in header, f"{name}: people listed without their names"
    last = ws.cell(1, len(header)).column_letter
    assert ws.auto_filter.ref == f"A1:{last}{ws.max_row}", name
    assert ws.print_title_rows == "$1:$1", name
    setup = ws.page_setup
    assert ws.sheet_properties.pageSetUpPr.fitToPage, name
    assert int(setup.fitToWidth) == 1 and int(setup.fitToHeight or 0) == 0, name
    widths = sum(
        ws.column_dimensions[ws.cell(1, i).column_letter].width for i in range(1, len(header) + 1)
    )
    assert setup.orientation == ("landscape" if widths > PORTRAIT_WIDTH else "portrait"), name
    for i, head in enumerate(header, start=1):
        for (cell,) in ws.iter_rows(min_row=2, min_col=i, max_col=i):
            if head in ID_HEADERS and cell.value is not None:
                assert cell.number_format == "@", (name, head)
            if not isinstance(cell.value, str) or head in ID_HEADERS:
                continue
            assert not ENGLISH_VALUE.search(cell.value), (name, head, cell.value)
            assert not PACKED.search(cell.value), (name, head, cell.value)


@pytest.mark.parametrize("bad", ["", "a" * 32, "名单/2026", "[草稿]", "考核:月度", "'引号'"])
def test_write_sheet_refuses_a_sheet_name_spreadsheets_rename(tmp_path: Path, bad: str) -> None:
    with pytest.raises(SheetNameError):
        write_sheet(tmp_path / "x.xlsx", bad, ["员工编号"], ["text"], [10], [["A1"]])
    assert not (tmp_path / "x.xlsx").exists()


def test_write_sheet_keeps_a_31_character_chinese_name(tmp_path: Path) -> None:
    title = "名" * 31
    write_sheet(tmp_path / "x.xlsx", title, ["员工编号"], ["text"], [10], [["A1"]])
    assert load_workbook(tmp_path / "x.xlsx").active.title == title
