"""W601: exam questions that copy a published practice question (issue 22, point 6)."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from academy.cli import main
from academy.core.errors import CODES, WARNINGS, Problem
from academy.core.pipeline import load_project
from academy.core.validate.bank import Bank, Question, validate_questions
from academy.core.validate.similarity import (
    grams,
    jaccard,
    question_text,
    reaches,
    similar_pairs,
    similarity_warnings,
)
from academy.core.yamlsrc import read_yaml
from tests.conftest import REPO

NEAR_COPIES = REPO / "tests" / "data" / "bank" / "near-copies.yaml"
KNOWN_PAIRS = {  # the copies the review found, as they stood in the bank (the fixture)
    ("service-mindset-012", "service-mindset-005"),
    ("problem-solving-012", "problem-solving-004"),
    ("supervisor-duties-012", "supervisor-duties-003"),
    ("teamwork-growth-010", "teamwork-growth-004"),
}


def _fixture_warnings() -> list[Problem]:
    doc, problems = read_yaml(NEAR_COPIES, "tests/data/bank/near-copies.yaml")
    assert doc is not None and not problems
    found: list[Problem] = []
    questions, _ = validate_questions([doc], None, found)
    assert [p.code for p in found] == ["E301"]  # the file is not named after its module
    return similarity_warnings(questions.values(), [doc])


def test_jaccard_of_3_grams_ignores_spaces_and_punctuation() -> None:
    """Is the measure the 3-gram Jaccard coefficient, blind to punctuation and width?"""
    assert (
        grams("客户，来电 说") == grams("客户来电说") == frozenset({"客户来", "户来电", "来电说"})
    )
    assert grams("ＡＢＣ") == grams("ABC")
    assert jaccard(grams("甲乙丙丁"), grams("甲乙丙戊")) == Fraction(1, 3)
    assert jaccard(frozenset(), frozenset()) == 0


def test_the_known_copies_are_flagged_where_the_exam_stem_is() -> None:
    """Before the rewrite, does W601 flag each copy the review found, at its stem line?"""
    warnings = _fixture_warnings()
    text = NEAR_COPIES.read_text(encoding="utf-8").splitlines()
    flagged = set()
    for w in warnings:
        assert w.code == "W601" and w.code in WARNINGS
        line = text[w.line - 1]
        exam = next(e for e, _ in KNOWN_PAIRS if f'"{e}"' in line)
        practice = next(p for e, p in KNOWN_PAIRS if e == exam)
        assert practice in w.message
        assert line[w.column - 1 :].startswith('"客户') or '"stem"' in line
        flagged.add((exam, practice))
    assert flagged == KNOWN_PAIRS


def test_no_exam_question_of_the_bank_is_a_near_copy() -> None:
    """After the rewrite: is every exam question below the threshold of every practice one?"""
    bank = load_project(REPO).bank
    assert isinstance(bank, Bank)
    assert similar_pairs(bank.questions.values()) == []
    assert bank.warnings == []


def test_no_practice_question_is_asked_twice_in_one_form() -> None:
    """Does the self-check ask each thing once per type (emergency-response-003 and -008
    were one single-choice question twice)? A short answer and a choice version of one
    topic are kept on purpose: recall and recognition."""
    bank = load_project(REPO).bank
    practice = [q for q in bank.questions.values() if q.practice]
    as_exam = [q.__class__(**{**q.__dict__, "use": "exam"}) for q in practice]
    pairs = {
        frozenset((p.exam.id, p.practice.id))
        for p in similar_pairs([*as_exam, *practice])
        if p.exam.id != p.practice.id and p.exam.type == p.practice.type
    }
    assert pairs == set()


def test_validate_prints_the_warning_and_succeeds(
    demo_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Does ``academy validate`` report a copy as ``path:line:col: W601 …`` and exit 0?"""
    root = demo_root
    bank = root / "curriculum" / "questions" / "service-mindset.yaml"
    bank.write_text(
        bank.read_text(encoding="utf-8") + "  - id: service-mindset-099\n"
        "    type: short\n"
        "    use: exam\n"
        "    stem: 客户来电要求查询收货地址，第一步应该做什么？\n"
        "    key_points: [核实身份]\n"
        "    explanation: 先核实身份。\n",
        encoding="utf-8",
    )
    code = main(["validate", "--root", str(root)])
    err = capsys.readouterr().err
    assert code == 0
    lines = [line for line in err.splitlines() if " W601 " in line]
    assert len(lines) == 1
    assert lines[0].startswith("curriculum/questions/service-mindset.yaml:")
    line_no = int(lines[0].split(":")[1])
    assert "客户来电要求查询收货地址" in bank.read_text(encoding="utf-8").splitlines()[line_no - 1]
    assert "service-mindset-099" in lines[0] and "service-mindset-005" in lines[0]


def test_warnings_are_documented_beside_the_errors() -> None:
    """Is every warning code in the one table, with a title and help text?"""
    assert WARNINGS and all(CODES[c] is WARNINGS[c] and WARNINGS[c].help for c in WARNINGS)


@settings(max_examples=300, deadline=None)
@given(
    a=st.frozensets(st.sampled_from("甲乙丙丁戊己庚辛壬癸"), max_size=10),
    b=st.frozensets(st.sampled_from("甲乙丙丁戊己庚辛壬癸"), max_size=10),
    threshold=st.fractions(min_value=Fraction(1, 100), max_value=1),
)
def test_the_integer_shortcut_agrees_with_the_jaccard_fraction(
    a: frozenset[str], b: frozenset[str], threshold: Fraction
) -> None:
    """The fast test of a pair (no Fraction made) against the definition, |a∩b| / |a∪b|."""
    union = a | b
    expected = bool(union) and Fraction(len(a & b), len(union)) >= threshold
    assert reaches(len(a & b), len(union), threshold) is expected


_TEXT = st.text(alphabet="甲乙丙丁戊己，", max_size=8)


@settings(max_examples=200, deadline=None)
@given(
    bank=st.lists(
        st.tuples(st.booleans(), _TEXT, st.lists(_TEXT, max_size=3)), min_size=1, max_size=8
    ),
    threshold=st.fractions(min_value=Fraction(1, 10), max_value=1),
)
def test_pairs_found_through_the_gram_index_are_every_pair_that_reaches_the_threshold(
    bank: list[tuple[bool, str, list[str]]], threshold: Fraction
) -> None:
    """The index only visits pairs that share a 3-gram: is that every pair the definition
    (the higher Jaccard of stems and of stem plus options, over every pair) reports?"""
    questions = [
        Question(
            id=f"q{i}",
            module="m",
            type="single" if options else "short",
            use="practice" if practice else "exam",
            topic="t",
            difficulty=1,
            stem=stem,
            options=tuple((chr(65 + k), o) for k, o in enumerate(options)),
        )
        for i, (practice, stem, options) in enumerate(bank)
    ]
    expected = [
        (e.id, p.id)
        for e in questions
        if e.use == "exam"
        for p in questions
        if p.use == "practice"
        and max(
            jaccard(grams(e.stem), grams(p.stem)),
            jaccard(grams(question_text(e)), grams(question_text(p))),
        )
        >= threshold
    ]
    found = [(pair.exam.id, pair.practice.id) for pair in similar_pairs(questions, threshold)]
    assert found == expected
