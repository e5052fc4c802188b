"""Needs analysis and feedback results: right figures, and nothing over fewer than 5 answers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook

from academy.core.errors import Problem
from academy.core.evaluation.analysis import (
    feedback_results,
    format_counts,
    overall_skills,
    skill_means,
    skills_by,
    topic_counts,
)
from academy.core.load.evaluation.model import (
    Choice,
    Feedback,
    FeedbackResponse,
    NeedsResponse,
    NeedsSurvey,
)
from academy.core.load.evaluation.reader import load_evaluation

SKILLS = (Choice("product", "产品知识", ("product-knowledge",)), Choice("law", "法律法规"))
TOPICS = (Choice("returns", "退换货"), Choice("crm", "CRM"))


def survey(responses: list[NeedsResponse]) -> NeedsSurvey:
    return NeedsSurvey(
        "s", "调研", dt.date(2026, 1, 12), SKILLS, TOPICS, ("线下", "线上"), tuple(responses), "p"
    )


def answer(dept: str, product: int, law: int, topics: tuple[str, ...], fmt: str) -> NeedsResponse:
    return NeedsResponse(dept, "客服专员", {"product": product, "law": law}, topics, fmt)


def test_weakest_skill_first_and_small_groups_withheld() -> None:
    """Five answers from 一部 (law mean 2.2) and two from 二部: 二部's own figures are
    withheld, and 一部's with them (the overall minus 一部 would give 二部's two away)."""
    rows = [answer("一部", 4, 2, ("returns",), "线下") for _ in range(4)]
    rows.append(answer("一部", 5, 3, ("returns", "crm"), "线上"))
    rows += [answer("二部", 1, 1, ("crm",), "线上") for _ in range(2)]
    s = survey(rows)
    overall = skill_means(s, list(s.responses))
    assert [(m.skill.id, m.mean) for m in overall] == [
        ("law", Decimal("1.86")),  # (2·4 + 3 + 1·2) / 7 = 1.857…
        ("product", Decimal("3.29")),  # (16 + 5 + 2) / 7 = 3.285…
    ]
    groups = {g.group: g for g in skills_by(s, "department")}
    assert groups["二部"].responses == 2 and groups["二部"].weakest == ()
    assert groups["一部"].responses == 5 and groups["一部"].weakest == ()
    assert overall_skills(s) == overall  # the overall is kept: the second cell goes
    assert [(t.label, t.count, t.share) for t in topic_counts(s)] == [
        ("退换货", 5, Decimal("71.4")),
        ("CRM", 3, Decimal("42.9")),
    ]
    assert [(f.label, f.count) for f in format_counts(s)] == [("线下", 4), ("线上", 3)]
    assert topic_counts(survey(rows[:4])) == ()  # four answers: nothing shown


def test_feedback_per_session_and_trainer() -> None:
    """A session with 4 answers shows its count only; the trainer's 9 answers are withheld
    too (minus the shown session they would give the 4 away), but averaged when the
    withheld sessions hold 5 or more answers together."""

    def fb(fid: str, n: int, rating: int) -> Feedback:
        answers = tuple(FeedbackResponse(rating, 5, 4, "好") for _ in range(n))
        return Feedback(fid, fid, dt.date(2026, 3, 1), "刘*", answers, "p")

    sessions, trainers = feedback_results((fb("a", 5, 4), fb("b", 4, 3)))
    assert [(r.responses, r.content) for r in sessions] == [(5, Decimal("4.00")), (4, None)]
    assert trainers[0].content is None and trainers[0].responses == 9
    assert trainers[0].sessions == 2
    _, trainers = feedback_results((fb("a", 5, 4), fb("b", 3, 3), fb("c", 3, 3)))
    assert trainers[0].content == Decimal("3.45")  # (20 + 9 + 9) / 11: the hidden 6 pooled


def test_survey_answers_from_a_sheet_report_bad_cells(tmp_path: Path) -> None:
    """A rating of 6, an unknown topic and a bad date: FILE.xlsx:sheet!cell; good rows kept."""
    folder = tmp_path / "evaluation/needs"
    folder.mkdir(parents=True)
    (folder / "s1.yaml").write_text(
        "survey: s1\ntitle: 调研\nconducted_on: 2026-11-16\n"
        "skills:\n  - {id: product, label: 产品知识}\n"
        "topics:\n  - {id: returns, label: 退换货}\n"
        "formats: [线下]\nresponses_from: s1.xlsx\n",
        encoding="utf-8",
    )
    book = Workbook()
    sheet = book.active
    sheet.title = "答卷"
    sheet.append(["部门", "岗位", "入职日期", "产品知识", "希望培训的主题", "培训形式"])
    sheet.append(["一部", "客服专员", "2025-03-01", 3, "退换货", "线下"])
    sheet.append(["一部", "客服专员", "2025-02-30", 6, "退换货、插花", "线下"])
    book.save(folder / "s1.xlsx")
    problems: list[Problem] = []
    evaluation = load_evaluation(tmp_path, None, problems)
    got = sorted(str(p) for p in problems)
    assert [g.split(" ")[0] for g in got] == [
        "evaluation/needs/s1.xlsx:答卷!C3:",
        "evaluation/needs/s1.xlsx:答卷!D3:",
        "evaluation/needs/s1.xlsx:答卷!E3:",
    ]
    assert [p.code for p in sorted(problems, key=str)] == ["E207", "E204", "E309"]
    assert [r.skills for r in evaluation.surveys[0].responses] == [{"product": 3}]
