"""Panel agreement, exam reliability and review near a cut, on fixtures with known values.

Independent references: Krippendorff's published example (alpha = 0.849, interval) and the
``krippendorff`` package for the panels; hand-computed and NumPy-computed Cronbach's alpha.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import krippendorff
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from academy.core.decisions import show
from academy.core.decisions.agreement import drifts, krippendorff_interval, panel_agreements
from academy.core.decisions.reliability import alpha_without, cronbach, sem
from academy.core.decisions.review import nearest_cut, review_rows
from academy.core.model import Level
from tests.support.minirepo import WEIGHTED, MiniRepo, trainee

F = Fraction
# Krippendorff (2011), "Computing Krippendorff's alpha-reliability": 4 observers × 12 units
CANONICAL = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
]


def units_of(coders: list[list[int | None]]) -> list[list[Fraction | None]]:
    return [[None if c[u] is None else F(c[u]) for c in coders] for u in range(len(coders[0]))]


def reference_alpha(units: list[list[Fraction | None]]) -> float:
    width = max(len(u) for u in units)
    matrix = np.full((width, len(units)), np.nan)
    for i, unit in enumerate(units):
        for j, v in enumerate(unit):
            if v is not None:
                matrix[j, i] = float(v)
    return float(krippendorff.alpha(reliability_data=matrix, level_of_measurement="interval"))


def test_alpha_of_krippendorffs_published_example() -> None:
    """Does the interval alpha of the canonical example with missing values equal 0.849?"""
    units = units_of(CANONICAL)
    alpha = krippendorff_interval(units)
    assert alpha is not None
    assert show(alpha) == Decimal("0.849")
    assert float(alpha) == pytest.approx(reference_alpha(units), abs=1e-12)


@pytest.mark.parametrize(
    "units",
    [
        [[80, 82, 79], [70, 75, 71], [90, 88], [60, 66, 61], [85, 85, 84], [77, 70, 79]],
        [[80, 40], [70, 95], [90, 60], [60, 66], [85, 10]],  # disagreement: alpha < 0
        [[F(795, 10), F(801, 10)], [70, 71], [90, 92], [60, 62], [88, 85], [66]],
    ],
)
def test_alpha_agrees_with_the_krippendorff_package(units: list[list[object]]) -> None:
    """Is our exact alpha the krippendorff package's, lists of any length included?"""
    exact = [[F(v) for v in u] for u in units]  # type: ignore[arg-type]
    alpha = krippendorff_interval(exact)  # type: ignore[arg-type]
    assert alpha is not None
    assert float(alpha) == pytest.approx(reference_alpha(exact), abs=1e-12)  # type: ignore[arg-type]


def test_alpha_is_null_for_fewer_than_five_trainees_or_no_variation() -> None:
    """Is alpha null under 5 units with two scores, and when every score is the same?"""
    four = [[F(80), F(82)], [F(70), F(75)], [F(90), F(88)], [F(60), F(66)], [F(99)]]
    assert krippendorff_interval(four) is None
    constant = [[F(80), F(80), F(80)] for _ in range(6)]
    assert krippendorff_interval(constant) is None


def test_drift_by_hand() -> None:
    """Is a judge's drift the mean of (own score − the others' mean), over trainees it scored?"""
    units = [[F(80), F(84), F(70)], [F(60), F(66)], [F(90)]]
    # judge 1: (80 − 77) + (60 − 66) → −3/2; judge 2: (84 − 75) + (66 − 60) → 15/2;
    # judge 3: 70 − 82 → −12; the lone 90 has no other judge and counts for nobody
    assert drifts(units, 4) == [F(-3, 2), F(15, 2), F(-12), None]


def panel_repo(repo: MiniRepo) -> None:
    repo.roster(
        "panel",
        trainee("P1", 80, "[80, 82, 70]", 90)
        + trainee("P2", 80, "[70, 75, 61]", 90)
        + trainee("P3", 80, "[90, 88]", 90)  # the third judge missed this one
        + trainee("P4", 80, "[60, 66, 52]", 90)
        + trainee("P5", 80, "[85, 85, 75]", 90)
        + trainee("P6", 80, "absent", 90)  # absent: left out
        + trainee("P7", 80, 77, 90),  # a plain number: left out
        assessed="2024-03-10",
    )
    text = (repo.root / "rosters/panel.yaml").read_text(encoding="utf-8")
    text = text.replace("trainees:\n", "judges: [王磊, 李娜, 张强]\ntrainees:\n")
    (repo.root / "rosters/panel.yaml").write_text(text, encoding="utf-8")


def test_panel_of_a_roster_with_a_missing_judge_and_an_absent_trainee(repo: MiniRepo) -> None:
    """Do trainees, judges, alpha, reliable and drift follow the roster's lists and names?"""
    panel_repo(repo)
    outcome = repo.grade("2024-06-01", write=False)
    [row] = panel_agreements(outcome.project.cohorts, outcome.project.programs, dt.date(2024, 6, 1))
    units = [[80, 82, 70], [70, 75, 61], [90, 88], [60, 66, 52], [85, 85, 75]]
    exact = [[F(v) for v in u] for u in units]
    data = row.to_dict()
    assert (data["cohort"], data["component"], data["trainees"], data["judges"]) == (
        "panel",
        "practical",
        5,
        3,
    )
    assert data["alpha"] == pytest.approx(reference_alpha(exact), abs=0.0005)  # type: ignore[arg-type]
    assert data["reliable"] is (data["alpha"] >= 0.667)
    assert [d["name"] for d in data["drift"]] == ["王磊", "李娜", "张强"]
    # the harsh third judge: (70 − 81) + (61 − 72.5) + (52 − 63) + (75 − 85), over 4
    assert data["drift"][2]["drift"] == pytest.approx(-10.875, abs=1e-9)
    assert data["drift"][0]["drift"] == pytest.approx(float(drifts(exact, 3)[0] or 0), abs=5e-4)  # type: ignore[arg-type]


def test_no_panel_as_of_a_day_before_the_assessment(repo: MiniRepo) -> None:
    """As of a day before the roster's assessed_on, is there no panel row (rule 4.11)?"""
    panel_repo(repo)
    outcome = repo.grade("2024-06-01", write=False)
    day = dt.date(2024, 3, 9)
    assert panel_agreements(outcome.project.cohorts, outcome.project.programs, day) == []


# --- exam reliability --------------------------------------------------------------


def test_cronbach_by_hand_and_with_numpy() -> None:
    """Is alpha k/(k−1)(1 − Σvar/var(total)) with sample variances: 80/83 here?"""
    rows = [[F(x), F(y)] for x, y in [(1, 2), (2, 2), (3, 4), (4, 4), (5, 5)]]
    assert cronbach(rows) == F(80, 83)
    rng = np.random.default_rng(7)
    data = rng.integers(0, 3, size=(12, 6))
    k = data.shape[1]
    ref = k / (k - 1) * (1 - data.var(axis=0, ddof=1).sum() / data.sum(axis=1).var(ddof=1))
    alpha = cronbach([[F(int(v)) for v in r] for r in data])
    assert alpha is not None
    assert float(alpha) == pytest.approx(ref, abs=1e-12)
    without = alpha_without([[F(int(v)) for v in r] for r in data])
    rest = np.delete(data, 0, axis=1)
    ref0 = (k - 1) / (k - 2) * (1 - rest.var(axis=0, ddof=1).sum() / rest.sum(axis=1).var(ddof=1))
    assert float(without[0] or 0) == pytest.approx(ref0, abs=1e-12)


def test_constant_exam_and_single_question_have_no_alpha() -> None:
    """Is alpha null when every total is the same, or when the paper has one question?"""
    assert cronbach([[F(1), F(0)], [F(0), F(1)], [F(1), F(0)], [F(0), F(1)], [F(1), F(0)]]) is None
    assert cronbach([[F(v)] for v in (1, 2, 3, 4, 5)]) is None
    assert alpha_without([[F(1), F(2)], [F(2), F(3)]]) == [None, None]


def test_sem_is_sd_times_root_of_one_minus_alpha() -> None:
    """Is sem = sd(component) × √(1 − alpha), and null for a negative alpha?"""
    components = [F(v) for v in (50, 60, 70, 80, 90)]  # sd = √250
    value = sem(components, F(3, 5))
    assert value is not None
    assert float(value) == pytest.approx((250 * 0.4) ** 0.5, abs=1e-15)
    assert show(value) == Decimal("10.000")
    assert sem(components, F(-1, 10)) is None
    assert sem(components, None) is None


# --- review near a cut ---------------------------------------------------------------

LEVELS = (
    Level("a", "高", Decimal(80)),
    Level("b", "中", Decimal(70)),
    Level("c", "低", Decimal(60)),
)


def test_nearest_cut_inclusive_and_higher_on_a_tie() -> None:
    """Is the band inclusive, and the higher min_total taken when two are equally near?"""
    assert nearest_cut(F(79), LEVELS, Decimal("1.0")) == 80
    assert nearest_cut(F(7896, 100), LEVELS, Decimal("1.0")) is None
    assert nearest_cut(F(75), LEVELS, Decimal(5)) == 80
    assert nearest_cut(F(7499, 100), LEVELS, Decimal(5)) == 70


def test_exact_total_decides_not_the_shown_one(repo: MiniRepo) -> None:
    """79.0 is reviewed at band 1.0; 78.96 (shown 79.0) is not; a missed gate has level null."""
    repo.roster(
        "near",
        trainee("R1", 79, 79, 79)  # 79.0 exactly
        + trainee("R2", "79.5", "78.4", 79)  # 78.96, shown 79.0
        + trainee("R3", 80, 80, "79.8")  # 79.96, shown 80.0: reviewed, advanced
        + trainee("R4", 50, 100, 100)  # 80.0 but the theory gate is missed
        + trainee("R5", 80, None, 80),  # incomplete: never listed
    )
    outcome = repo.grade("2024-06-01", write=False)
    rows = [r.to_dict() for r in review_rows(outcome.results, dt.date(2024, 6, 1))]
    assert rows == [
        {"employee_id": "R1", "cohort": "near", "total": 79.0, "cut": 80, "level": "intermediate"},
        {"employee_id": "R3", "cohort": "near", "total": 80.0, "cut": 80, "level": "advanced"},
        {"employee_id": "R4", "cohort": "near", "total": 80.0, "cut": 80, "level": None},
    ]


def test_review_band_zero_turns_review_off(
    repo: MiniRepo,
) -> None:
    """With review_band: 0 nothing is listed, even a total exactly on a cut."""
    repo.program("cs", WEIGHTED + "review_band: 0\n")
    repo.roster("on-cut", trainee("R1", 80, 80, 80))
    outcome = repo.grade("2024-06-01", write=False)
    assert review_rows(outcome.results, dt.date(2024, 6, 1)) == []


def test_show_rounds_half_away_from_zero() -> None:
    """Are halves rounded away from zero, negative ones included?"""
    assert show(F(12345, 10000)) == Decimal("1.235")
    assert show(F(-12345, 10000)) == Decimal("-1.235")
    assert show(F(-1, 10000)) == Decimal("0.000")
    assert str(show(F(2, 3))) == "0.667"


def exam_roster(repo: MiniRepo, answers: list[str]) -> None:
    from tests.core.grade.test_exam_scoring import setup_bank

    setup_bank(repo)
    body = ""
    for i, theory in enumerate(answers):
        body += f'- id: "E{i}"\n  name: 学员{i}\n  scores:\n    theory: {theory}\n'
        body += "    practical: 80\n    daily: 80\n"
    repo.roster("exam", body)


FULL = "{exam: paper, answers: {c-single: B, c-multiple: [A, C, D], c-judge: false, c-fill: 五步法}, short: {c-short: [30]}}"  # noqa: E501
HALF = "{exam: paper, answers: {c-single: B, c-judge: false}, short: {c-short: [12]}}"
BLANK = "{exam: paper}"


def test_exam_reliability_rows_through_grading(repo: MiniRepo) -> None:
    """Five sittings (a blank paper included, absent not) give one row whose alpha is NumPy's."""
    from academy.core.decisions.reliability import exam_reliabilities

    exam_roster(repo, [FULL, HALF, BLANK, FULL, HALF, "absent"])
    outcome = repo.grade("2024-06-01", write=False)
    [row] = [r.to_dict() for r in exam_reliabilities(outcome.project.cohorts, dt.date(2024, 6, 1))]
    full, half, blank = [10, 9, 5, 6, 30], [10, 0, 5, 0, 12], [0] * 5
    items = np.array([full, half, blank, full, half], dtype=float)
    k = 5
    ref = k / (k - 1) * (1 - items.var(axis=0, ddof=1).sum() / items.sum(axis=1).var(ddof=1))
    sd = (items.sum(axis=1) * 100 / 60).std(ddof=1)
    assert row == {
        "exam": "paper",
        "cohort": "exam",
        "sittings": 5,
        "items": 5,
        "alpha": pytest.approx(ref, abs=0.0005),
        "sem": pytest.approx(sd * (1 - ref) ** 0.5, abs=0.0005),
    }


def test_constant_exam_and_too_few_sittings(repo: MiniRepo) -> None:
    """Every sitting the same: alpha and sem null; four sittings: no row at all."""
    from academy.core.decisions.reliability import exam_reliabilities

    exam_roster(repo, [HALF] * 5)
    outcome = repo.grade("2024-06-01", write=False)
    [row] = exam_reliabilities(outcome.project.cohorts, dt.date(2024, 6, 1))
    assert (row.alpha, row.sem, row.sittings) == (None, None, 5)
    exam_roster(repo, [FULL, HALF, BLANK, FULL, "absent"])
    outcome = repo.grade("2024-06-01", write=False)
    assert exam_reliabilities(outcome.project.cohorts, dt.date(2024, 6, 1)) == []


def test_scoring_sheets_are_panels_of_sheet_totals_and_judges_bound_them(
    repo: MiniRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    """Is a sheet a list of each judge's sheet total, beside plain lists; and is a sheet with
    more judges than ``judges:`` an E630 at the extra judge's sheet?"""
    from academy.cli import main
    from tests.core.grade.test_practical import SCENARIO

    repo.write("curriculum/practical/angry.yaml", SCENARIO)
    sheet = "{scenario: angry, judges: [{calm: 30, fix: 50}, {calm: 35, fix: 50}]}"
    body = trainee("S1", 80, sheet, 80)
    for i, marks in enumerate(["[70, 72]", "[90, 85]", "[60, 66]", "[88, 80]"]):
        body += trainee(f"S{i + 2}", 80, marks, 80)
    repo.roster("sheets", body)
    outcome = repo.grade("2024-06-01", write=False)
    [row] = panel_agreements(outcome.project.cohorts, outcome.project.programs, dt.date(2024, 6, 1))
    units = [[F(80), F(85)], [F(70), F(72)], [F(90), F(85)], [F(60), F(66)], [F(88), F(80)]]
    assert row.alpha == krippendorff_interval(units)
    assert float(row.alpha or 0) == pytest.approx(reference_alpha(units), abs=1e-12)  # type: ignore[arg-type]
    text = (repo.root / "rosters/sheets.yaml").read_text(encoding="utf-8")
    text = text.replace("trainees:\n", "judges: [甲]\ntrainees:\n")
    (repo.root / "rosters/sheets.yaml").write_text(text, encoding="utf-8")
    capsys.readouterr()
    assert main(["validate", "--root", str(repo.root)]) == 1
    err = capsys.readouterr().err
    assert err.count(" E630 ") == 5
    assert "rosters/sheets.yaml:11:66: E630" in err  # S1's second sheet


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.lists(
            st.one_of(st.none(), st.integers(0, 1000).map(lambda v: F(v, 10))),
            min_size=2,
            max_size=4,
        ),
        min_size=5,
        max_size=15,
    )
)
def test_alpha_equals_the_package_on_random_panels(units: list[list[Fraction | None]]) -> None:
    """On random panels with missing scores, is our alpha the krippendorff package's?"""
    alpha = krippendorff_interval(units)
    pairable = [u for u in units if sum(v is not None for v in u) >= 2]
    values = {v for u in pairable for v in u if v is not None}
    if len(pairable) < 5 or len(values) < 2:
        assert alpha is None
        return
    assert alpha is not None
    assert float(alpha) == pytest.approx(reference_alpha(units), abs=1e-9)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.lists(st.integers(0, 30).map(lambda v: F(v, 3)), min_size=3, max_size=3),
        min_size=5,
        max_size=12,
    )
)
def test_cronbach_equals_numpy_on_random_papers(rows: list[list[Fraction]]) -> None:
    """On random item scores, are alpha and alpha-if-deleted NumPy's direct formula?"""
    data = np.array([[float(v) for v in r] for r in rows])

    def ref(x: np.ndarray) -> float | None:
        total = x.sum(axis=1).var(ddof=1)
        if total == 0:
            return None
        k = x.shape[1]
        return float(k / (k - 1) * (1 - x.var(axis=0, ddof=1).sum() / total))

    for got, want in [
        (cronbach(rows), ref(data)),
        *zip(alpha_without(rows), [ref(np.delete(data, i, axis=1)) for i in range(3)], strict=True),
    ]:
        if want is None or abs(want) > 1e12:
            continue  # a total that is constant up to float noise
        assert got is not None
        assert float(got) == pytest.approx(want, abs=1e-6)
