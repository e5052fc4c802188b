"""培训需求分析报告 and feedback results: aggregates only, over at least 5 responses.

- ``skill_means``: the mean self-rating (1–5) of each skill area, weakest first, for all
  responses and per department and per position (groups under 5 responses left out,
  and any group that would give one away: ``needs_withheld``);
- ``topic_counts``: how many asked for each topic, most wanted first, with its modules;
- ``format_counts``: the preferred formats;
- ``feedback_results``: per feedback file (session) and per trainer, the mean content,
  trainer and usefulness ratings; a group under 5 responses shows its count only, and
  so does any group that would give one away (``disclosure``).

Means are exact and rounded half-up to 2 decimals (ratings) / 1 decimal (percentages).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from academy.core.grade.totals import round_half_up
from academy.core.load.evaluation.model import Choice, Feedback, NeedsResponse, NeedsSurvey
from academy.core.privacy import may_show, withheld

from .disclosure import Label, responses, session_label, trainer_label

RATING_DECIMALS = 2


def _mean(values: list[int]) -> Decimal:
    return round_half_up(Decimal(sum(values)) / len(values), RATING_DECIMALS)


@dataclass(frozen=True)
class SkillMean:
    skill: Choice
    mean: Decimal
    answers: int


@dataclass(frozen=True)
class GroupSkills:
    group: str  # "全体", a department or a position
    responses: int
    weakest: tuple[SkillMean, ...]  # weakest first; () when withheld


def skill_means(survey: NeedsSurvey, responses: list[NeedsResponse]) -> tuple[SkillMean, ...]:
    out = []
    for skill in survey.skills:
        given = [r.skills[skill.id] for r in responses if skill.id in r.skills]
        if given and may_show(len(given)):
            out.append(SkillMean(skill, _mean(given), len(given)))
    order = {s.id: i for i, s in enumerate(survey.skills)}
    return tuple(sorted(out, key=lambda m: (m.mean, order[m.skill.id])))


NEEDS_GROUPS = ("department", "position")  # the report's tables, after the overall one
ALL = ("all", "")


def needs_withheld(survey: NeedsSurvey) -> frozenset[tuple[str, str]]:
    """The report's groups shown without means: under 5 responses, and (complementary
    suppression) any group whose means, with the overall and the other groups', would
    give one away: overall minus the shown departments was a 3-person group's mean."""
    groups: dict[tuple[str, str], frozenset[int]] = {ALL: frozenset(range(len(survey.responses)))}
    for attribute in NEEDS_GROUPS:
        members: dict[str, set[int]] = {}
        for i, r in enumerate(survey.responses):
            members.setdefault(getattr(r, attribute), set()).add(i)
        for name in sorted(members, key=lambda n: (-len(members[n]), n)):  # largest first
            groups[(attribute, name)] = frozenset(members[name])
    return withheld(groups)


def overall_skills(survey: NeedsSurvey) -> tuple[SkillMean, ...]:
    """``skill_means`` over every response, unless complementary suppression withholds it."""
    if ALL in needs_withheld(survey):
        return ()
    return skill_means(survey, list(survey.responses))


def skills_by(survey: NeedsSurvey, attribute: str) -> list[GroupSkills]:
    """Per department or position (``attribute``), groups of at least 5 responses that
    give no smaller group away (``needs_withheld``)."""
    hidden = needs_withheld(survey)
    groups: dict[str, list[NeedsResponse]] = {}
    for r in survey.responses:
        groups.setdefault(getattr(r, attribute), []).append(r)
    out = []
    for name in sorted(groups):
        members = groups[name]
        shown = (attribute, name) not in hidden
        out.append(GroupSkills(name, len(members), skill_means(survey, members) if shown else ()))
    return out


@dataclass(frozen=True)
class Count:
    label: str
    count: int
    share: Decimal  # percent of responses, 1 decimal
    modules: tuple[str, ...] = ()


def topic_counts(survey: NeedsSurvey) -> tuple[Count, ...]:
    n = len(survey.responses)
    if not may_show(n):
        return ()
    counts = Counter(t for r in survey.responses for t in set(r.topics))
    order = {t.id: i for i, t in enumerate(survey.topics)}
    ranked = sorted(survey.topics, key=lambda t: (-counts[t.id], order[t.id]))
    return tuple(
        Count(t.label, counts[t.id], round_half_up(Decimal(100 * counts[t.id]) / n, 1), t.modules)
        for t in ranked
    )


def format_counts(survey: NeedsSurvey) -> tuple[Count, ...]:
    n = len(survey.responses)
    if not may_show(n):
        return ()
    counts = Counter(r.format for r in survey.responses if r.format)
    return tuple(
        Count(f, counts[f], round_half_up(Decimal(100 * counts[f]) / n, 1))
        for f in sorted(survey.formats, key=lambda f: (-counts[f], survey.formats.index(f)))
    )


@dataclass(frozen=True)
class FeedbackResult:
    label: str  # a session title or a trainer
    sessions: int
    responses: int
    content: Decimal | None  # None when withheld
    trainer: Decimal | None
    usefulness: Decimal | None


def _result(label: str, items: list[Feedback]) -> FeedbackResult:
    answers = [r for f in items for r in f.responses]
    if not may_show(len(answers)):
        return FeedbackResult(label, len(items), len(answers), None, None, None)
    return FeedbackResult(
        label,
        len(items),
        len(answers),
        _mean([r.content for r in answers]),
        _mean([r.trainer for r in answers]),
        _mean([r.usefulness for r in answers]),
    )


def feedback_results(
    feedback: tuple[Feedback, ...], hidden: frozenset[Label] | None = None
) -> tuple[list[FeedbackResult], list[FeedbackResult]]:
    """(per session, oldest first; per trainer, by name).

    ``hidden``: the labels withheld over every page (``disclosure.feedback_withheld``);
    by default those of this page's sessions and trainers alone. A trainer's sum minus
    the sums of the sessions shown is the sum of the sessions withheld (10 responses and
    one shown 6-response session gave the hidden 4-response session exactly), so a
    trainer goes too whenever that would solve a group under ``MIN_GROUP``."""
    trainers: dict[str, list[Feedback]] = {}
    for f in feedback:
        trainers.setdefault(f.trainer, []).append(f)
    if hidden is None:
        groups = {session_label(f): responses([f]) for f in feedback}
        groups |= {trainer_label(t): responses(trainers[t]) for t in sorted(trainers)}
        hidden = withheld(groups)
    sessions = [
        shown_result(f"{f.held_on.isoformat()} {f.title}", [f], session_label(f) not in hidden)
        for f in sorted(feedback, key=lambda f: (f.held_on, f.id))
    ]
    return sessions, [
        shown_result(t, trainers[t], trainer_label(t) not in hidden) for t in sorted(trainers)
    ]


def shown_result(label: str, items: list[Feedback], shown: bool) -> FeedbackResult:
    """Means over every response of ``items`` (withheld under 5 responses), or its counts
    only when complementary suppression withholds it (``shown`` false)."""
    result = _result(label, items)
    if shown:
        return result
    return FeedbackResult(label, result.sessions, result.responses, None, None, None)
