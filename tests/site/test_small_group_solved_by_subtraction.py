"""Finding 9: can an attacker solve a group under 5 from what the built site publishes?

The attacker reads the built pages with a real HTML parser (selectolax) and writes every
published mean, with its count, as a linear equation over the unknown answers of the
people in its group: n × mean = the group's sum (a difference of two means is an
equation too). They know who is in which group (who taught which session, who works in
which department: an insider knows), but no answer. Exact linear algebra then tells
whether the sum over any set of fewer than 5 people is determined; if it is, the test
prints the recovered mean beside the true one. The page tables read are those of
every aggregate over survey answers, feedback and service metrics: the feedback page,
the four-level overview, each supervision page, each targets page, each needs report.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Hashable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest
import yaml
from selectolax.lexbor import LexborHTMLParser

from academy.core import pipeline
from academy.core.evaluation.effect import Held, holdings, quarter_end
from academy.core.load.evaluation.metrics import METRICS, MetricRow
from academy.core.load.evaluation.model import Evaluation, Feedback, NeedsSurvey
from tests.conftest import BuiltSite, build_demo

SMALL = 5  # the site's promise: no aggregate over fewer than 5 people
NONE = "—"


# --- reading the pages ----------------------------------------------------------------


@dataclass
class Table:
    heading: str  # the nearest heading above it
    header: list[str]
    rows: list[list[str]]


def tables(page: Path) -> list[Table]:
    tree = LexborHTMLParser(page.read_text(encoding="utf-8"))
    article = tree.css_first("article") or tree.body
    assert article is not None
    out, heading = [], ""
    for node in article.css("h1, h2, h3, table"):
        if node.tag != "table":
            heading = node.text(strip=True).rstrip("¶")
            continue
        rows = [[c.text(strip=True) for c in r.css("th, td")] for r in node.css("tr")]
        out.append(Table(heading, rows[0], rows[1:]))
    return out


def number(text: str) -> Decimal | None:
    return None if text in (NONE, "") else Decimal(text.rstrip("%"))


# --- the equations --------------------------------------------------------------------


@dataclass
class System:
    """Linear equations over the unknown values of members, one family per statistic."""

    rows: list[dict[Hashable, float]] = field(default_factory=list)
    values: list[float] = field(default_factory=list)
    truth: dict[Hashable, float] = field(default_factory=dict)

    def mean(self, members: set[Hashable], mean: Decimal | None) -> None:
        """``mean`` published over ``members`` (None: withheld, nothing learnt)."""
        if mean is not None and members:
            self.rows.append({m: 1.0 for m in members})
            self.values.append(float(mean) * len(members))

    def difference(self, a: set[Hashable], b: set[Hashable], diff: Decimal | None) -> None:
        if diff is not None and a and b:
            row = {m: 1.0 / len(a) for m in a}
            for m in b:
                row[m] = row.get(m, 0.0) - 1.0 / len(b)
            self.rows.append(row)
            self.values.append(float(diff))

    def solved(self) -> list[str]:
        """Every set of fewer than 5 members whose sum the equations determine."""
        if not self.rows:
            return []
        members = sorted({m for r in self.rows for m in r}, key=repr)
        index = {m: i for i, m in enumerate(members)}
        a = np.zeros((len(self.rows), len(members)))
        for i, r in enumerate(self.rows):
            for m, c in r.items():
                a[i, index[m]] = c
        b = np.array(self.values)
        rank = np.linalg.matrix_rank(a)
        x = np.linalg.lstsq(a, b, rcond=None)[0]
        regions: dict[tuple[float, ...], list[Hashable]] = {}
        for m in members:  # members in exactly the same equations
            regions.setdefault(tuple(np.round(a[:, index[m]], 9)), []).append(m)
        small = [r for r in regions.values() if len(r) < SMALL]
        found = []
        for size in range(1, SMALL):
            for combo in itertools.combinations(small, size):
                group = [m for r in combo for m in r]
                if len(group) >= SMALL:
                    continue
                g = np.zeros(len(members))
                g[[index[m] for m in group]] = 1.0
                if np.linalg.matrix_rank(np.vstack([a, g])) == rank:
                    got = float(g @ x) / len(group)
                    true = sum(self.truth[m] for m in group) / len(group)
                    found.append(f"{sorted(map(str, group))}: solved {got:.2f}, true {true:.2f}")
        return found


# --- who is in which group (the attacker's insider knowledge) -------------------------


def feedback_members(items: list[Feedback]) -> set[Hashable]:
    return {(f.id, i) for f in items for i in range(len(f.responses))}


def session_text(f: Feedback) -> str:
    return f"{f.held_on.isoformat()} {f.title}"


def mean3(cells: list[str]) -> Decimal | None:
    values = [number(c) for c in cells]
    if any(v is None for v in values):
        return None
    return sum((v for v in values if v is not None), Decimal(0)) / 3


def feedback_system(site: Path, project: pipeline.Project, evaluation: Evaluation) -> System:
    """Every published feedback mean, as the mean of a response's three ratings."""
    s = System()
    for f in evaluation.feedback:
        for i, r in enumerate(f.responses):
            s.truth[(f.id, i)] = (r.content + r.trainer + r.usefulness) / 3
    by_session = {session_text(f): f for f in evaluation.feedback}
    by_trainer: dict[str, list[Feedback]] = {}
    for f in evaluation.feedback:
        by_trainer.setdefault(f.trainer, []).append(f)
    ev = site / "training-evaluation"
    pages = [ev / "feedback" / "index.html", ev / "index.html"]
    for t in (t for p in pages if p.exists() for t in tables(p)):
        if t.header[:2] == ["场次", "反馈"]:
            for row in t.rows:
                s.mean(feedback_members([by_session[row[0]]]), mean3(row[2:5]))
        elif t.header[:3] == ["讲师", "场次", "反馈"]:
            for row in t.rows:
                s.mean(feedback_members(by_trainer[row[0]]), mean3(row[3:6]))
    for plan in (p for p in project.plans if not p.template):  # a template is not supervised
        page = ev / f"supervision-{plan.id}" / "index.html"
        ids = {x.id: x for x in plan.sessions}
        mine = [f for f in evaluation.feedback if f.session in ids]
        for t in tables(page):
            if t.heading == "总览":
                col = t.header.index("反馈（份）")
                s.mean(feedback_members(mine), mean3(t.rows[0][col + 1 : col + 4]))
            elif t.heading == "讲师":
                for row in t.rows:
                    items = [f for f in mine if ids[f.session or ""].trainer == row[0]]
                    s.mean(feedback_members(items), mean3(row[3:6]))
    for targets in evaluation.targets:
        for t in tables(ev / f"targets-{targets.id}" / "index.html"):
            if t.header[:2] != ["组", "人数"] or t.rows[0][0] not in by_session:
                continue  # a metric goal: read by metrics_system
            shown = [by_session[row[0]] for row in t.rows if row[0] in by_session]
            for row in t.rows:
                items = [by_session[row[0]]] if row[0] in by_session else shown
                s.mean(feedback_members(items), number(row[2]))
    return s


SKILL = re.compile(r"(.+) (\d+\.\d+)")


def weakest(text: str) -> list[tuple[str, str]]:
    """``情绪管理 1.86、法律法规 2.43``: the skills a group row shows, with their means."""
    return [(m[1], m[2]) for part in text.split("、") if (m := SKILL.fullmatch(part))]


def needs_systems(site: Path, evaluation: Evaluation) -> dict[str, System]:
    """One system per survey and skill: the overall table and the group tables."""
    out: dict[str, System] = {}
    for survey in evaluation.surveys:
        label = {k.label: k.id for k in survey.skills}
        systems = {k.id: System() for k in survey.skills}
        for i, r in enumerate(survey.responses):
            for k, v in r.skills.items():
                systems[k].truth[i] = v

        def answered(skill: str, group: list[int], survey: NeedsSurvey = survey) -> set[Hashable]:
            return {i for i in group if skill in survey.responses[i].skills}

        everyone = list(range(len(survey.responses)))
        page = site / "training-evaluation" / f"needs-{survey.id}" / "index.html"
        for t in tables(page):
            if t.header[0] == "技能领域":
                for row in t.rows:
                    k = label[row[0]]
                    systems[k].mean(answered(k, everyone), number(row[1]))
            elif t.header[0] in ("部门", "岗位"):
                attribute = "department" if t.header[0] == "部门" else "position"
                for row in t.rows:
                    group = [
                        i for i in everyone if getattr(survey.responses[i], attribute) == row[0]
                    ]
                    for name, mean in weakest(row[2]):
                        k = label[name]
                        systems[k].mean(answered(k, group), Decimal(mean))
        out |= {f"{survey.id}/{k}": s for k, s in systems.items()}
    return out


def metric_groups(
    rows: list[MetricRow], held: list[Held]
) -> dict[tuple[str, ...], list[MetricRow]]:
    """The latest quarter's agents: holders (by their highest level held) and the rest."""
    latest = max((r.year, r.quarter) for r in rows)
    end = quarter_end(*latest)
    best: dict[str, Held] = {}
    for h in held:
        if end in h.held_on and (h.employee_id not in best or h.rank < best[h.employee_id].rank):
            best[h.employee_id] = h
    now = [r for r in rows if (r.year, r.quarter) == latest]
    groups: dict[tuple[str, ...], list[MetricRow]] = {
        ("已认证",): [r for r in now if r.employee_id in best],
        ("尚未认证",): [r for r in now if r.employee_id not in best],
    }
    for r in now:
        if r.employee_id in best:
            groups.setdefault(("level", best[r.employee_id].level), []).append(r)
    return groups


def metrics_systems(
    site: Path, outcome: pipeline.Outcome, evaluation: Evaluation
) -> dict[str, System]:
    """One system per metric: 已认证 / 尚未认证 / by level on the overview and targets."""
    rows = list(evaluation.metrics)
    groups = metric_groups(rows, holdings(outcome, rows))
    out: dict[str, System] = {}
    by_label = {f"{m.label}（{m.unit}）": m for m in METRICS}
    for m in METRICS:
        s = out[m.id] = System()
        for g in groups.values():
            for r in g:
                if m.id in r.values:
                    s.truth[r.employee_id] = float(r.values[m.id])

    def members(key: tuple[str, ...], metric: str) -> set[Hashable]:
        return {r.employee_id for r in groups.get(key, []) if metric in r.values}

    for t in tables(site / "training-evaluation" / "index.html"):
        if t.heading.startswith("已认证与尚未认证"):
            for row in t.rows:
                m = by_label[row[0]]
                yes, no = members(("已认证",), m.id), members(("尚未认证",), m.id)
                out[m.id].mean(yes, number(row[3]))
                out[m.id].mean(no, number(row[6]))
                out[m.id].difference(yes, no, number(row[8]))
        elif t.heading.startswith("按证书等级"):
            levels = [h.split("：")[0] for h in t.header[1::3]]
            for row in t.rows:
                m = by_label[row[0]]
                for j, level in enumerate(levels):
                    out[m.id].mean(members(("level", level), m.id), number(row[2 + 3 * j]))
    for targets in evaluation.targets:
        goals = {g.label: g for g in targets.goals}
        for t in tables(site / "training-evaluation" / f"targets-{targets.id}" / "index.html"):
            goal = goals.get(t.heading.split("：目标")[0])
            if goal is None or goal.measure == "feedback":
                continue
            scale = 20 if goal.five_point else 1  # 5-point goals show satisfaction ÷ 20
            for row in t.rows:
                key = ("level", row[0][1:]) if row[0].startswith("持") else (row[0],)
                mean = number(row[2])
                out[goal.measure].mean(
                    members(key, goal.measure), None if mean is None else mean * scale
                )
    return out


def leaks(built: BuiltSite) -> list[str]:
    """Every group under 5 an attacker solves from the built site, with what they get."""
    outcome = pipeline.run(built.root, built.as_of, write=False)
    project = outcome.project
    evaluation = project.evaluation
    assert isinstance(evaluation, Evaluation)
    systems = {"feedback": feedback_system(built.site, project, evaluation)}
    systems |= {f"needs {k}": s for k, s in needs_systems(built.site, evaluation).items()}
    systems |= {
        f"metric {k}": s for k, s in metrics_systems(built.site, outcome, evaluation).items()
    }
    assert sum(len(s.rows) for s in systems.values()) > 50, "the pages were not read"
    return [f"{name}: {leak}" for name, s in systems.items() for leak in s.solved()]


# --- the tests ------------------------------------------------------------------------


def test_no_group_under_five_is_solved_from_the_demo_site(demo_site: BuiltSite) -> None:
    """From every aggregate the demo site publishes, can any group under 5 be solved?

    Before complementary suppression across pages: the 4-response session of
    2026-01-08 was the supervision page's trainer mean (10) minus the feedback page's
    6-response session, and the targets page's 全部场次 minus its other session; the
    3 客服组长 of the needs report were the overall minus the other positions."""
    assert leaks(demo_site) == []


def _small_groups(root: Path) -> None:
    """A needs survey answered by departments of 3, 6 and 7 people, one position."""
    path = root / "evaluation" / "needs" / "2026-needs.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    responses = []
    for department, n, base in (("客服一部", 3, 1), ("客服二部", 6, 3), ("客服三部", 7, 4)):
        for i in range(n):
            score = min(5, base + i % 2)
            skills = {k["id"]: max(1, score - j % 2) for j, k in enumerate(data["skills"])}
            responses.append({"department": department, "position": "客服专员", "skills": skills})
    data["responses"] = responses
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture(scope="module")
def small_groups_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    return build_demo(tmp_path_factory.mktemp("small-groups") / "repo", edit=_small_groups)


def test_needs_overall_minus_two_shown_departments_does_not_give_the_third(
    small_groups_site: BuiltSite,
) -> None:
    """Groups of 3, 6 and 7 and an overall: is the 3-person department still hidden?"""
    found = leaks(small_groups_site)
    assert found == []
    page = small_groups_site.site / "training-evaluation" / "needs-2026-needs" / "index.html"
    departments = next(t for t in tables(page) if t.header[0] == "部门")
    withheld = {row[0] for row in departments.rows if not weakest(row[2])}
    assert withheld == {"客服一部", "客服二部"}  # the 3, and a second cell with it
    overall = next(t for t in tables(page) if t.header[0] == "技能领域")
    assert overall.rows, "the overall is kept: the second cell hidden is a department"


def test_the_attacker_solves_a_hidden_group_when_only_it_is_withheld() -> None:
    """Does the attacker really solve one hidden cell beside its shown total (so that its
    silence above means something)?"""
    s = System()
    values: dict[Hashable, float] = {i: 1.0 if i < 3 else 4.0 for i in range(9)}
    s.truth = values
    s.mean(set(range(9)), Decimal(sum(values.values()) / 9))
    s.mean(set(range(3, 9)), Decimal(4))
    found = s.solved()
    assert len(found) == 1 and "solved 1.00, true 1.00" in found[0]


def _small_monthly_cohort(root: Path) -> None:
    """The October monthly assessment with 4 results (S045 and A001 taken out)."""
    path = root / "rosters" / "after-sales" / "2026-10-after-sales-monthly.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index('  - id: "S045"')], encoding="utf-8")
    # and their 互评 (evaluation/peer/ may rate only people in the roster, E550)
    peer = root / "evaluation" / "peer" / "2026-10-after-sales-monthly.yaml"
    if peer.exists():
        kept = peer.read_text(encoding="utf-8").split('  - employee: "S045"')[0]
        peer.write_text(kept, encoding="utf-8")


def test_cohorts_total_minus_the_shown_cohorts_does_not_give_a_small_month_away(
    tmp_path: Path,
) -> None:
    """The cohorts index: each cohort's 已评定 and 通过率, and a total 通过. With a monthly
    cohort of 4 withheld, the total minus every shown cohort (certification results are
    public anyway) would be how many of the 4 passed: is the total's 通过 withheld?"""
    built = build_demo(tmp_path / "repo", edit=_small_monthly_cohort)
    page = built.site / "cohorts" / "index.html"
    found = tables(page)
    total = next(t for t in found if t.header[:2] == ["班次", "学员人次"])
    cells = dict(zip(total.header, total.rows[0], strict=True))
    hidden, shown_passed = 0, 0
    for t in found:
        if "通过率" in t.header and "考核日期" in t.header:
            for row in t.rows:
                r = dict(zip(t.header, row, strict=True))
                if r["已评定"] == NONE:  # 待考核: dated after the as-of day, nothing graded
                    continue
                graded, rate = int(r["已评定"]), number(r["通过率"])
                if rate is None:
                    hidden += graded
                else:
                    shown_passed += round(rate * graded / 100)
    assert 0 < hidden < SMALL, "the crafted monthly cohort of 4 is withheld"
    solved = None if number(cells["通过"]) is None else int(cells["通过"]) - shown_passed
    assert solved is None, f"the 4 withheld results: {solved} passed, solved from the total"
    assert cells["通过率"] == NONE
