"""Every bad-input fixture in tests/data/bad/ is reported at its line, and nothing is written.

Each fixture is named after its defect and says, in comments at its end, what must
be reported: ``# expect: CODE LINE:COLUMN`` in the fixture itself, or ``# expect-in:
PATH CODE LINE:COLUMN`` in another file of the repository (several lines allowed).
``# place: PATH`` puts it somewhere other than its default place. A file that cannot
carry comments (the ledger, a CSV file) keeps these lines in ``<name>.expect`` beside it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from academy.cli import main
from tests.support.minirepo import MiniRepo, trainee

BAD = Path(__file__).resolve().parents[2] / "data" / "bad"
FIXTURES = sorted(p for p in BAD.rglob("*") if p.is_file() and p.suffix != ".expect")
DEFAULT_PLACE = {
    "rosters": "rosters/{name}",
    "programs": "curriculum/programs/{name}",
    "revocations": "rosters/revocations.yaml",
    "modules": "curriculum/modules/{name}",
    "plans": "curriculum/plans/{name}",
    "ledger": "rosters/ledger.csv",
    "renewals": "rosters/renewals.csv",
    "corrections": "rosters/corrections.yaml",
    "people": "rosters/people.yaml",
    "questions": "curriculum/questions/{name}",
    "exams": "curriculum/exams/{name}",
    "draws": "curriculum/exams/draws/{name}",
    "printcodes": "rosters/print-codes.csv",
}
EXPECT = re.compile(r"#\s*expect:\s*(E\d{3})\s+(\d+):(\d+)")
EXPECT_IN = re.compile(r"#\s*expect-in:\s*(\S+)\s+(E\d{3})\s+(\d+):(\d+)")
PLACE = re.compile(r"#\s*place:\s*(\S+)")


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def base_repo(root: Path) -> MiniRepo:
    """Two programs, one module and one graded cohort (2024-03-09) whose A1 holds CS2024001."""
    repo = MiniRepo(root)
    repo.write(
        "curriculum/modules/communication.md",
        "---\nid: communication\ntitle: 沟通技巧\nversion: 1.0.0\ntrack: core\nlevel: basic\n"
        "duration_hours: 2\nobjectives: [倾听]\nprerequisites: []\nowner: 培训部 王*\n"
        "changelog:\n  - {version: 1.0.0, date: 2024-01-08, relearn: false, changes: 首次发布}\n"
        "---\n正文\n",
    )
    repo.write(  # builds on communication: for the learning-path fixtures
        "curriculum/modules/listening.md",
        "---\nid: listening\ntitle: 倾听\nversion: 1.0.0\ntrack: core\nlevel: basic\n"
        "duration_hours: 1\nobjectives: [复述]\nprerequisites: [communication]\nowner: 培训部 王*\n"
        "changelog:\n  - {version: 1.0.0, date: 2024-01-08, relearn: false, changes: 首次发布}\n"
        "---\n正文\n",
    )
    repo.roster("base", trainee("A1", 90, 90, 90), assessed="2024-03-09")
    bank = Path(__file__).resolve().parents[2] / "data" / "bank" / "communication.yaml"
    repo.write("curriculum/questions/communication.yaml", bank.read_text(encoding="utf-8"))
    assert main(["grade", "--root", str(root), "--as-of", "2024-06-01"]) == 0
    return repo


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_bad_input_is_reported_at_its_line_and_nothing_is_written(
    fixture: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Is the defect reported as path:line:column: CODE, with exit 1, no output, no file changed?"""
    root = tmp_path / "repo"
    base_repo(root)
    text = fixture.read_bytes().decode("utf-8", errors="replace")
    sidecar = fixture.with_name(fixture.name + ".expect")
    if sidecar.exists():
        text = sidecar.read_text(encoding="utf-8")
    place = PLACE.search(text)
    rel = place.group(1) if place else DEFAULT_PLACE[fixture.parent.name].format(name=fixture.name)
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    (root / rel).write_bytes(fixture.read_bytes())
    before = snapshot(root)
    capsys.readouterr()

    code = main(["grade", "--root", str(root), "--as-of", "2024-06-01", "--json"])

    out, err = capsys.readouterr()
    assert code == 1
    assert out == ""
    assert "Traceback" not in err
    assert snapshot(root) == before
    expected = [f"{rel}:{line}:{col}: {c} " for c, line, col in EXPECT.findall(text)]
    expected += [f"{p}:{line}:{col}: {c} " for p, c, line, col in EXPECT_IN.findall(text)]
    assert expected, f"{fixture.name} has no '# expect:' line"
    lines = err.splitlines()
    for want in expected:
        assert any(line.startswith(want) for line in lines), f"{want!r} not in:\n{err}"
    problems = [line for line in lines if re.match(r"^\S+:\d+:\d+: E\d{3} ", line)]
    assert len(problems) == len(expected), f"unexpected extra problems:\n{err}"
    assert all(re.search(r"[\u4e00-\u9fff]", line) for line in problems), "messages are Chinese"


def test_file_that_is_not_utf8(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Is a roster saved in GBK reported as E106 instead of crashing?"""
    root = tmp_path / "repo"
    base_repo(root)
    (root / "rosters/gbk.yaml").write_bytes("cohort: gbk\nname: 张三\n".encode("gbk"))
    capsys.readouterr()
    assert main(["validate", "--root", str(root)]) == 1
    assert capsys.readouterr().err.startswith("rosters/gbk.yaml:1:1: E106 ")


def test_all_problems_of_all_files_in_one_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Are problems in several files all reported in one run, sorted by file and line?"""
    root = tmp_path / "repo"
    repo = base_repo(root)
    repo.write(
        "rosters/a.yaml",
        (BAD / "rosters/score-over-100.yaml").read_text().replace("score-over-100", "a"),
    )
    repo.write(
        "rosters/b.yaml",
        (BAD / "rosters/duplicate-key.yaml").read_text().replace("duplicate-key", "b"),
    )
    repo.write(
        "curriculum/programs/weights-not-100.yaml",
        (BAD / "programs/weights-not-100.yaml").read_text(),
    )
    capsys.readouterr()
    assert main(["validate", "--root", str(root)]) == 1
    lines = [line for line in capsys.readouterr().err.splitlines() if ": E" in line]
    assert [line.split(": ")[1].split()[0] for line in lines] == ["E307", "E204", "E101"]
