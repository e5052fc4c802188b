"""Fuzz: whatever a trainer types as exam answers or GIFT text, no crash, no partial write."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from academy.cli import main
from academy.exams.moodle import GiftError, import_gift
from tests.core.grade.test_exam_scoring import BANK, PAPER
from tests.support.minirepo import MiniRepo

QIDS = ["c-single", "c-multiple", "c-judge", "c-fill", "c-short", "c-practice", "x"]
scalars = st.one_of(
    st.sampled_from(["A", "B", "b", "Z", "", "五步法", " 五步法\u3000", "true"]),
    st.booleans(),
    st.integers(min_value=-5, max_value=40),
    st.none(),
)
values = st.one_of(scalars, st.lists(scalars, max_size=4))
answers = st.dictionaries(st.sampled_from(QIDS), values, max_size=6)
shorts = st.dictionaries(st.sampled_from(QIDS), st.one_of(values, st.lists(st.integers(-3, 40))))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answers=answers, short=shorts)
def test_any_answers_give_a_score_or_errors_never_a_crash(
    answers: dict[str, object], short: dict[str, object]
) -> None:
    """Is any answer map either scored (0–100) or refused with line-numbered errors?"""
    with tempfile.TemporaryDirectory() as tmp:
        repo = MiniRepo(Path(tmp) / "repo")
        repo.write("curriculum/questions/communication.yaml", BANK)
        repo.write("curriculum/exams/paper.yaml", PAPER)
        entry = json.dumps(
            {"exam": "paper", "answers": answers, "short": short}, ensure_ascii=False
        )
        repo.roster(
            "c1",
            f'- id: "A1"\n  name: 甲\n  scores:\n    theory: {entry}\n'
            "    practical: 80\n    daily: 80\n",
        )
        try:
            outcome = repo.grade(write=False)
        except Exception as err:  # InputError is the only acceptable failure
            from academy.core.errors import InputError

            assert isinstance(err, InputError), repr(err)
            assert err.problems and all(p.path == "rosters/c1.yaml" for p in err.problems)
            assert all(p.line == 9 for p in err.problems), err.problems  # the theory line
        else:
            total = outcome.results[0].score.parts["theory"]
            assert 0 <= total <= 100
        shutil.rmtree(Path(tmp) / "repo")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="::{}=~#%T\\ab \n$CATEGORY/", max_size=80))
def test_gift_import_reads_or_refuses(text: str) -> None:
    """Does any GIFT text give questions or a GiftError with a line, nothing else?"""
    try:
        questions = import_gift(text)
    except GiftError as err:
        assert err.line >= 1
    else:
        assert all(q.type in {"single", "multiple", "judge", "fill", "short"} for q in questions)


def test_cli_grade_with_fuzzed_roster_has_no_traceback(tmp_path: Path, capsys: object) -> None:
    """Is a roster whose theory is a bare list of answers refused cleanly (exit 1)?"""
    repo = MiniRepo(tmp_path / "repo")
    repo.write("curriculum/questions/communication.yaml", BANK)
    repo.write("curriculum/exams/paper.yaml", PAPER)
    repo.roster("c1", '- id: "A1"\n  name: 甲\n  scores: {theory: {answers: {c-single: B}}}\n')
    assert main(["validate", "--root", str(repo.root)]) == 1
