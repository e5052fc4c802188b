"""The repository's own question bank: size, coverage and soundness (issue 13 acceptance)."""

from __future__ import annotations

from collections import Counter

from academy.core.pipeline import load_project
from academy.core.validate.bank import QUESTION_TYPES, Bank
from tests.conftest import REPO


def bank() -> Bank:
    value = load_project(REPO).bank
    assert isinstance(value, Bank)
    return value


def test_bank_has_200_questions_and_8_per_module() -> None:
    """Does the bank hold at least 200 questions, at least 8 for every module (a template
    module, such as the culture course a centre fills in, has none until it is filled)?"""
    project = load_project(REPO)
    questions = bank().questions.values()
    assert len(questions) >= 200
    per_module = Counter(q.module for q in questions)
    assert set(per_module) == {m.id for m in project.modules.values() if not m.template}
    assert min(per_module.values()) >= 8


def test_every_type_and_both_uses_appear() -> None:
    """Are all five types used, for practice and for exams, in every module?"""
    questions = list(bank().questions.values())
    assert {q.type for q in questions} == set(QUESTION_TYPES)
    for module in {q.module for q in questions}:
        mine = [q for q in questions if q.module == module]
        assert {q.use for q in mine} == {"practice", "exam"}, module
        assert any(q.practice and q.type != "short" for q in mine), module


def test_scenario_questions_quote_the_customer() -> None:
    """Are there scenario questions (the customer's own words → the best reply)?"""
    scenarios = [q for q in bank().questions.values() if "客户说" in q.stem or "：“" in q.stem]
    assert len(scenarios) >= 30


def test_every_objective_question_explains_its_answer() -> None:
    """Does every question carry an explanation a trainee sees after answering?"""
    assert all(q.explanation for q in bank().questions.values())


def test_every_exam_short_answer_has_key_points_for_the_judges() -> None:
    """Does every short answer on which exams are marked carry its key points?"""
    shorts = [q for q in bank().questions.values() if q.type == "short" and not q.practice]
    assert shorts and all(q.key_points for q in shorts)


def test_no_two_questions_share_a_stem() -> None:
    """Is every question asked once (an exam copy of a practice stem would publish it)?"""
    stems = [q.stem for q in bank().questions.values()]
    assert len(stems) == len(set(stems))
