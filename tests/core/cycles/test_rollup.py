"""The roll-up rules of docs/guide/cycles.md at their boundaries, on hand-made month results."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from academy.core.certify.issue import Result
from academy.core.cycle_rules import DEFAULT_CYCLES, Band, CyclesRule
from academy.core.cycles.lists import export_lists
from academy.core.cycles.rollup import mean_half_up
from academy.core.grade.totals import Score
from academy.core.model import Category, Cohort, Entry, Program, RubricItem

ITEMS = (
    RubricItem("rules", "平台规则", "k", Decimal(50), Decimal(5)),
    RubricItem("tone", "语言表达", "k", Decimal(50), (Decimal(1), Decimal(2))),
)


def program(cycles: CyclesRule = DEFAULT_CYCLES, decimals: int = 1) -> Program:
    return Program(
        id="monthly",
        title="月度考核",
        path="curriculum/programs/monthly.yaml",
        kind="rubric",
        decimals=decimals,
        levels=(),
        categories=(Category("k", "知识", ITEMS),),
        cycles=cycles,
    )


def result(prog: Program, emp: str, day: str, total: str | None, **parts: str) -> Result:
    date = dt.date.fromisoformat(day)
    cohort = Cohort(f"c-{day}", prog.id, "certification", "", date, date, "r.yaml", ())
    entry = Entry(0, emp, "某人")
    score = Score(
        None if total is None else Decimal(total),
        None,
        total is not None,
        {k: Decimal(v) for k, v in parts.items()},
    )
    return Result(cohort, entry, prog, score, "passed" if total is not None else "incomplete")


AS_OF = dt.date(2026, 12, 31)


def rows(results: list[Result], as_of: dt.date = AS_OF) -> list[dict[str, object]]:
    return export_lists(results, as_of)["cycles"]


def test_quarter_with_exactly_min_months_has_a_total() -> None:
    """Does a quarter with exactly 2 counted months get a result, and 1 month not?"""
    p = program()
    got = rows(
        [
            result(p, "E1", "2026-07-31", "80.0"),
            result(p, "E1", "2026-08-31", "85.0"),
            result(p, "E1", "2026-10-31", "70.0"),
        ]
    )
    assert got == [
        {"employee_id": "E1", "program": "monthly", "period": "2026-Q3", "months": 2,
         "total": 82.5, "band": "good"},
        {"employee_id": "E1", "program": "monthly", "period": "2026-Q4", "months": 1,
         "total": None, "band": None},
        {"employee_id": "E1", "program": "monthly", "period": "2026", "months": 3,
         "total": None, "band": None},
    ]  # fmt: skip


def test_missing_and_incomplete_months_do_not_count() -> None:
    """Is an incomplete month left out of the mean and of ``months``, and the row still shown?"""
    p = program()
    got = rows([result(p, "E1", "2026-01-31", "90.0"), result(p, "E1", "2026-02-28", None)])
    assert [(r["period"], r["months"], r["total"]) for r in got] == [
        ("2026-Q1", 1, None),
        ("2026", 1, None),
    ]
    only_incomplete = rows([result(p, "E2", "2026-05-31", None)])
    assert [(r["period"], r["months"], r["total"]) for r in only_incomplete] == [
        ("2026-Q2", 0, None),
        ("2026", 0, None),
    ]


def test_mean_rounds_half_up_to_the_band_above() -> None:
    """89.9 and 90.0 average 89.95: shown as 90.0 and judged 优秀 (a band change by rounding)."""
    p = program()
    got = rows([result(p, "E1", "2026-04-30", "89.9"), result(p, "E1", "2026-05-31", "90.0")])
    assert got[0]["total"] == 90.0
    assert got[0]["band"] == "excellent"
    assert mean_half_up([Decimal("89.9"), Decimal("90.0")], 1) == Decimal("90.0")
    assert mean_half_up([Decimal("89.9"), Decimal("89.9"), Decimal("90.0")], 1) == Decimal("89.9")
    assert mean_half_up([Decimal("79.94"), Decimal("79.95")], 1) == Decimal("79.9")  # not 80


def test_three_months_mean_is_exact_not_binary() -> None:
    """Is (80 + 80 + 79.9) / 3 = 79.966… shown 80.0 (良好), and 79.9 + 79.9 + 80 → 79.9 (合格)?"""
    assert mean_half_up([Decimal(80), Decimal(80), Decimal("79.9")], 1) == Decimal("80.0")
    p = program()
    got = rows(
        [
            result(p, "E1", "2026-01-31", "79.9"),
            result(p, "E1", "2026-02-28", "79.9"),
            result(p, "E1", "2026-03-31", "80.0"),
        ]
    )
    assert (got[0]["total"], got[0]["band"]) == (79.9, "pass")


def test_year_needs_min_quarters_complete_quarters() -> None:
    """The year is the mean of complete quarter totals, when 3 quarters are complete."""
    p = program()
    months = ["01-31", "02-28", "04-30", "05-31", "07-31", "08-31", "10-31"]
    totals = ["90.0", "91.0", "80.0", "80.0", "70.0", "71.0", "60.0"]
    got = rows([result(p, "E1", f"2026-{m}", t) for m, t in zip(months, totals, strict=True)])
    assert [(r["period"], r["months"], r["total"], r["band"]) for r in got] == [
        ("2026-Q1", 2, 90.5, "excellent"),
        ("2026-Q2", 2, 80.0, "good"),
        ("2026-Q3", 2, 70.5, "pass"),
        ("2026-Q4", 1, None, None),
        ("2026", 7, 80.3, "good"),  # (90.5 + 80 + 70.5) / 3 = 80.333…
    ]


def test_results_after_as_of_do_not_count() -> None:
    """A result assessed after D is not there yet; an unfinished quarter is shown."""
    p = program()
    res = [result(p, "E1", "2026-10-31", "88.0"), result(p, "E1", "2026-11-30", "90.0")]
    got = rows(res, dt.date(2026, 11, 23))
    assert [(r["period"], r["months"]) for r in got] == [("2026-Q4", 1), ("2026", 1)]
    assert rows(res, dt.date(2026, 9, 30)) == []


def test_configured_rule_and_order_of_rows() -> None:
    """min_months 1 and custom bands apply; rows sort by employee, program, Q1..Q4, year."""
    rule = CyclesRule(1, 1, (Band("a", "甲", Decimal(75)), Band("b", "乙", Decimal(0))))
    p = program(rule)
    got = rows(
        [
            result(p, "E2", "2025-12-31", "74.9"),
            result(p, "E1", "2026-03-31", "75.0"),
            result(p, "E2", "2025-01-31", "80.0"),
        ]
    )
    assert [(r["employee_id"], r["period"], r["band"]) for r in got] == [
        ("E1", "2026-Q1", "a"),
        ("E1", "2026", "a"),
        ("E2", "2025-Q1", "a"),
        ("E2", "2025-Q4", "b"),
        ("E2", "2025", "a"),  # (80 + 74.9) / 2 = 77.45 → 77.5
    ]


def test_promotion_needs_two_consecutive_quarters_in_first_band() -> None:
    """Q4 2025 and Q1 2026 are consecutive; Q1 and Q3 are not."""
    p = program()
    res = [
        result(p, "E1", f"{d}", "95.0")
        for d in ("2025-10-31", "2025-11-30", "2026-01-31", "2026-02-28")
    ] + [
        result(p, "E2", f"{d}", "95.0")
        for d in ("2026-01-31", "2026-02-28", "2026-07-31", "2026-08-31")
    ]
    got = export_lists(res, AS_OF)["promotion_candidates"]
    assert got == [
        {"employee_id": "E1", "program": "monthly", "quarters": ["2025-Q4", "2026-Q1"],
         "totals": [95.0, 95.0]},
    ]  # fmt: skip


def test_improvement_plan_names_items_that_cost_most() -> None:
    """A month in the last band gives a plan naming the items lost most, most first."""
    p = program()
    res = [
        result(p, "E1", "2026-05-31", "50.0", rules="30", tone="20"),
        result(p, "E1", "2026-06-30", "59.9", rules="40", tone="19.9"),
        result(p, "E1", "2026-07-31", "60.0", rules="10", tone="50"),
    ]
    plans = export_lists(res, AS_OF)["improvement_plans"]
    assert plans == [
        {
            "employee_id": "E1",
            "program": "monthly",
            "months": ["2026-05", "2026-06"],
            "totals": [50.0, 59.9],
            "items": [
                {"item": "tone", "label": "语言表达", "lost": 60.1},
                {"item": "rules", "label": "平台规则", "lost": 30.0},
            ],
            "modules": [],
        }
    ]


@pytest.mark.parametrize("decimals", [0, 2])
def test_rounding_follows_program_decimals(decimals: int) -> None:
    """Quarter totals are rounded to the program's decimals."""
    p = program(decimals=decimals)
    got = rows([result(p, "E1", "2026-01-31", "80.25"), result(p, "E1", "2026-02-28", "80.26")])
    assert got[0]["total"] == {0: 80.0, 2: 80.26}[decimals]  # 80.255 → 80.26


def test_monthly_and_annual_rows_for_the_spreadsheets() -> None:
    """Month rows carry the band's bonus; the year row its grade and 年度优秀."""
    from academy.core.cycles.lists import COLUMNS, annual_rows, cells, monthly_rows

    rule = CyclesRule(
        1, 1, (Band("a", "甲", Decimal(90), Decimal("1.2")), Band("b", "乙", Decimal(0)))
    )
    p = program(rule)
    res = [result(p, "E1", "2026-01-31", "95.0"), result(p, "E1", "2026-02-28", None)]
    months = monthly_rows(res, AS_OF)
    assert [(m["month"], m["total"], m["band"], m["bonus"]) for m in months] == [
        ("2026-01", 95.0, "a", 1.2),
        ("2026-02", None, None, None),
    ]
    years = annual_rows(res, AS_OF)
    assert years == [
        {"employee_id": "E1", "program": "monthly", "year": 2026, "total": 95.0, "grade": "a",
         "excellent": True},
    ]  # fmt: skip
    assert cells("annual_results", years[0])[-1] == "是"
    assert len(cells("monthly_results", months[0])) == len(COLUMNS["monthly_results"])


def test_two_months_running_under_pass_with_custom_bands() -> None:
    """Bands 优秀/合格/需提高/不合格: 55 and 58 in May–June (需提高, not the last band) give a
    plan; 55 in May and 58 in July (not running) do not."""
    bands = (
        Band("excellent", "优秀", Decimal(90)),
        Band("pass", "合格", Decimal(60)),
        Band("low", "需提高", Decimal(50)),
        Band("fail", "不合格", Decimal(0)),
    )
    p = program(CyclesRule(2, 3, bands))
    running = [result(p, "E1", "2026-05-31", "55.0"), result(p, "E1", "2026-06-30", "58.0")]
    apart = [result(p, "E2", "2026-05-31", "55.0"), result(p, "E2", "2026-07-31", "58.0")]
    plans = export_lists(running + apart, AS_OF)["improvement_plans"]
    assert [(r["employee_id"], r["months"]) for r in plans] == [("E1", ["2026-05", "2026-06"])]
