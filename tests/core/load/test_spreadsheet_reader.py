"""The one bounded spreadsheet reader: damaged and oversized files, each a located error.

Each defect is a file built here, named after the defect; every one is read through
`academy import` (FILE.xlsx:sheet!C7 or FILE:1:1) and through an evaluation metrics
workbook (`academy validate`), with no traceback and nothing written. The fuzz tests
read mutated files in a child process under a memory cap.
"""

from __future__ import annotations

import functools
import io
import multiprocessing
import re
import resource
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from academy.cli import main
from academy.core.load.spreadsheet import read_csv, read_xlsx
from tests.conftest import copy_demo


@functools.cache
def base_xlsx() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "2026-Q4"
    ws.append(["员工编号", "客户满意度"])
    ws.append(["A001", 95])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def patched(part: str, change: Callable[[bytes], bytes], data: bytes | None = None) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data or base_xlsx()))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            body = src.read(info.filename)
            out.writestr(info.filename, change(body) if info.filename == part else body)
    return buf.getvalue()


SHEET = "xl/worksheets/sheet1.xml"


def _bomb() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("xl/big.bin", b"\0" * (101 * 1024 * 1024))
    return buf.getvalue()


@functools.cache
def _million_rows() -> bytes:
    rows = b"".join(
        b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (i, i) for i in range(3, 1_000_003)
    )
    return patched(SHEET, lambda b: b.replace(b"</sheetData>", rows + b"</sheetData>"))


DEFECTS: dict[str, tuple[Callable[[], bytes], str]] = {
    "truncated-zip": (lambda: base_xlsx()[:900], "E803"),
    "html-named-xlsx": (lambda: b"<html><body><table><tr><td>1</td></tr></table></html>", "E803"),
    "unclosed-row": (
        lambda: patched(SHEET, lambda b: b.replace(b"</row></sheetData>", b"</sheetData>")),
        "E803",
    ),
    "entity-dtd": (
        lambda: patched(
            SHEET,
            lambda b: b.replace(
                b"<worksheet",
                b'<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;">]><worksheet',
                1,
            ),
        ),
        "E803",
    ),
    "xxe-in-workbook": (
        lambda: patched(
            "xl/workbook.xml",
            lambda b: b.replace(
                b"<workbook", b'<!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]><workbook', 1
            ),
        ),
        "E803",
    ),
    "cell-at-xfd1048576": (
        lambda: patched(
            SHEET,
            lambda b: b.replace(
                b"</sheetData>",
                b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>',
            ),
        ),
        "E807",
    ),
    "dimension-xfd1048576": (
        lambda: patched(SHEET, lambda b: b.replace(b'ref="A1:B2"', b'ref="A1:XFD1048576"')),
        "E807",
    ),
    "column-201": (
        lambda: patched(
            SHEET,
            lambda b: b.replace(
                b"</row></sheetData>", b'<c r="GS2"><v>1</v></c></row></sheetData>'
            ),
        ),
        "E807",
    ),
    "row-50001": (
        lambda: patched(
            SHEET,
            lambda b: b.replace(
                b"</sheetData>", b'<row r="50001"><c r="A50001"><v>1</v></c></row></sheetData>'
            ),
        ),
        "E807",
    ),
    "cell-over-32767-characters": (
        lambda: patched(
            SHEET,
            lambda b: b.replace(
                b"</row></sheetData>",
                b'<c r="C2" t="inlineStr"><is><t>'
                + b"x" * 40_000
                + b"</t></is></c></row></sheetData>",
            ),
        ),
        "E807",
    ),
    "unpacked-over-100mb": (_bomb, "E807"),
    "million-rows": (_million_rows, "E807"),
    "file-over-20mb": (lambda: b"PK" + b"\0" * (21 * 1024 * 1024), "E807"),
}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_demo(tmp_path_factory.mktemp("demo") / "repo")


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.mark.parametrize("defect", sorted(DEFECTS))
def test_each_damaged_workbook_is_one_located_error_in_import(
    defect: str, demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Is each damaged or oversized workbook answered, through import, with one located
    error of its code, exit 1, no traceback, and nothing written?"""
    make, code = DEFECTS[defect]
    file = tmp_path / f"{defect}.xlsx"
    file.write_bytes(make())
    before = snapshot(demo)
    capsys.readouterr()
    status = main(["import", "people", str(file), "--root", str(demo)])
    err = capsys.readouterr().err
    assert status == 1
    assert "Traceback" not in err
    first = err.splitlines()[0]
    place = re.escape(file.as_posix()) + r":(?:\d+:\d+|[^!:]+![A-Z]{1,3}\d+): "
    assert re.match(place + code + " ", first), first  # path:line:col or FILE.xlsx:sheet!C7
    assert snapshot(demo) == before
    assert not (tmp_path / f"{defect}.errors.xlsx").exists()


@pytest.mark.parametrize("defect", sorted(DEFECTS))
def test_each_damaged_metrics_workbook_fails_validate_at_its_place(
    defect: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Does a damaged metrics workbook make `academy validate` report it at its path,
    instead of a MemoryError or a traceback?"""
    make, code = DEFECTS[defect]
    root = copy_demo(tmp_path / "repo", ("curriculum", "rosters", "evaluation"))
    (root / "evaluation/metrics/2026-q4.xlsx").write_bytes(make())
    capsys.readouterr()
    assert main(["validate", "--root", str(root)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    expected = "E106" if code == "E803" else code
    assert any(
        line.startswith("evaluation/metrics/2026-q4.xlsx:") and f": {expected} " in line
        for line in err.splitlines()
    ), err


@pytest.mark.parametrize("defect", ["entity-dtd", "html-named-xlsx", "truncated-zip"])
def test_a_damaged_needs_workbook_fails_validate_at_its_place(
    defect: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Finding 7: does a needs survey's ``responses_from`` workbook with an entity DTD (or
    not a workbook at all) make `academy validate` report it at its path, not crash?"""
    make, _ = DEFECTS[defect]
    root = copy_demo(tmp_path / "repo", ("curriculum", "rosters", "evaluation"))
    (root / "evaluation/needs/2027-needs.xlsx").write_bytes(make())
    capsys.readouterr()
    assert main(["validate", "--root", str(root)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert any(
        line.startswith("evaluation/needs/2027-needs.xlsx:") and ": E106 " in line
        for line in err.splitlines()
    ), err


def test_reader_agrees_with_openpyxl_on_a_sheet_it_wrote(tmp_path: Path) -> None:
    """Does the reader give the values openpyxl reads back (text, numbers, dates, bools)?"""
    import datetime as dt

    wb = Workbook()
    ws = wb.active
    ws.append(["工号", "成绩", "日期", "是否"])
    ws.append(["007", 85.5, dt.datetime(2026, 3, 1), True])
    ws.append([None, 90, None, False])
    wb.save(tmp_path / "a.xlsx")
    book, issues = read_xlsx(tmp_path / "a.xlsx")
    assert issues == [] and book is not None
    theirs = [
        list(r) for r in load_workbook(tmp_path / "a.xlsx").active.iter_rows(values_only=True)
    ]
    ours = [r + [None] * (len(theirs[0]) - len(r)) for r in book.tables[0].rows]
    assert ours == theirs


# --- fuzzing, each input in a child process with a memory cap ----------------------------


def _child(kind: str, data: bytes, path: str, queue: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    with open("/proc/self/status") as f:
        size = next(int(line.split()[1]) * 1024 for line in f if line.startswith("VmSize:"))
    cap = size + 512 * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    Path(path).write_bytes(data)
    try:
        if kind == "xlsx":
            book, issues = read_xlsx(Path(path))
            ok = (book is None) == bool(issues)
        else:
            table, issues = read_csv(Path(path), ("utf-8-sig", "gb18030"))
            ok = (table is None) == bool(issues)
        queue.put("ok" if ok else "inconsistent")
    except BaseException as err:  # the test reports it
        queue.put(f"{type(err).__name__}: {err}")


def read_in_child(kind: str, data: bytes, path: Path) -> str:
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    proc = ctx.Process(target=_child, args=(kind, data, str(path), queue))
    proc.start()
    proc.join(10)
    if proc.is_alive():
        proc.kill()
        proc.join()
        return "timeout (> 10 s)"
    return queue.get(timeout=5) if not queue.empty() else f"died with {proc.exitcode}"


@st.composite
def mutated_xlsx(draw: st.DrawFn) -> bytes:
    data = bytearray(base_xlsx())
    choice = draw(st.sampled_from(["flip", "truncate", "sheet-xml"]))
    if choice == "flip":
        for _ in range(draw(st.integers(1, 8))):
            i = draw(st.integers(0, len(data) - 1))
            data[i] = draw(st.integers(0, 255))
        return bytes(data)
    if choice == "truncate":
        return bytes(data[: draw(st.integers(0, len(data)))])
    tokens = [*'<>/="rcvtsisf A1B2&;!x?', "row", "sheetData", '<c r="A1">', "<v>", "</v>"]
    junk = "".join(draw(st.lists(st.sampled_from(tokens), max_size=60)))
    return patched(SHEET, lambda b: b.replace(b"<sheetData>", b"<sheetData>" + junk.encode()))


FAST = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _fuzz_xlsx(tmp_path: Path, data: bytes) -> None:
    assert read_in_child("xlsx", data, tmp_path / "f.xlsx") == "ok"


def _fuzz_csv(tmp_path: Path, data: bytes) -> None:
    assert read_in_child("csv", data, tmp_path / "f.csv") == "ok"


@FAST
@given(data=mutated_xlsx())
def test_fuzz_xlsx_small_budget(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    """Does any mutated workbook give a result or an issue, never an exception, within
    10 s and baseline + 512 MB?"""
    _fuzz_xlsx(tmp_path_factory.mktemp("fx"), data)


CSV_BYTES = st.one_of(
    st.binary(max_size=400),
    st.text(alphabet=st.sampled_from([*'a,"\n\r\x00中１', "\ufeff"]), max_size=400).map(
        lambda t: t.encode("utf-8", "surrogatepass")
    ),
)


@FAST
@given(data=CSV_BYTES)
def test_fuzz_csv_small_budget(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    """Does any byte string read as a CSV give a table or an issue, never an exception?"""
    _fuzz_csv(tmp_path_factory.mktemp("fc"), data)


@pytest.mark.slow
@SLOW
@given(data=mutated_xlsx())
def test_fuzz_xlsx(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    """The same as the small budget, with many more inputs (slow)."""
    _fuzz_xlsx(tmp_path_factory.mktemp("fx"), data)


@pytest.mark.slow
@SLOW
@given(data=CSV_BYTES)
def test_fuzz_csv(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    """The same as the small budget, with many more inputs (slow)."""
    _fuzz_csv(tmp_path_factory.mktemp("fc"), data)


def test_a_metrics_formula_without_a_result_is_not_silently_no_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Is a metrics formula cell with no stored result E808 at its cell, rather than read
    as an empty cell (no data)?"""
    root = copy_demo(tmp_path / "repo", ("curriculum", "rosters", "evaluation"))
    wb = Workbook()
    ws = wb.active
    ws.title = "2026-Q4"
    ws.append(["员工编号", "客户满意度"])
    ws.append(["A001", "=90+5"])
    wb.save(root / "evaluation/metrics/2026-q4.xlsx")
    capsys.readouterr()
    assert main(["validate", "--root", str(root)]) == 1
    err = capsys.readouterr().err
    assert "evaluation/metrics/2026-q4.xlsx:2026-Q4!B2: E808 " in err, err


CSV_DEFECTS: dict[str, tuple[bytes, str, str]] = {  # content, code, the place (line:column)
    "csv-nul-byte": ("员工编号,客户满意度\nA001,9\x005\n".encode(), "E803", "2:1"),
    "csv-201-columns": (("x," * 201).encode() + b"\n", "E807", "1:202"),
    "csv-cell-over-32767-characters": (b"a,b\nA001," + b"9" * 40_000 + b"\n", "E807", "2:2"),
    "csv-unclosed-quote": ('员工编号,客户满意度\nA001,"95\n'.encode(), "E803", "2:1"),
    "csv-50001-rows": (b"a\n" * 50_001, "E807", "50001:1"),
    "csv-not-text": (b"\xff\xfe\x00\x00" + bytes(range(256)) * 4, "E803", "1:1"),
}


@pytest.mark.parametrize("defect", sorted(CSV_DEFECTS))
def test_each_damaged_csv_is_one_located_error(
    defect: str, demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Is each damaged or oversized CSV answered with one error at its line and column
    (path:line:col), exit 1, no traceback, nothing written?"""
    data, code, place = CSV_DEFECTS[defect]
    file = tmp_path / f"{defect}.csv"
    file.write_bytes(data)
    before = snapshot(demo)
    capsys.readouterr()
    status = main(["import", "people", str(file), "--root", str(demo)])
    err = capsys.readouterr().err
    assert status == 1 and "Traceback" not in err
    if defect == "csv-not-text":  # GBK decodes any byte string: the header is then unknown
        assert err.splitlines()[0].startswith(f"{file.as_posix()}:")
    else:
        assert err.splitlines()[0].startswith(f"{file.as_posix()}:{place}: {code} "), err
    assert snapshot(demo) == before
