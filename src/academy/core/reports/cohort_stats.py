"""Cohort statistics: pure pandas functions over the graded results of one run.

Every function here takes a run's ``Outcome`` (or a frame built from it) and returns
a new value; nothing is read from or written to disk. Column names are the
constants below, so a caller never spells a column twice. A results frame holds
one cohort or all of them (a ``COHORT`` column tells them apart): build it once
and let ``ranking`` and ``all_cohort_stats`` work on every cohort in one pass.

Exactness: a trainee's total stays the ``Decimal`` that grading computed (object
columns, never floats). Means are computed on those ``Decimal`` values and rounded
half-up to the program's decimals, like the totals themselves.

Definitions used by the reports (and stated on the pages):

- *graded*: a trainee with a total, i.e. not ``incomplete``.
- *pass rate*: passed ÷ graded, as a percentage. Incomplete trainees count in
  neither; a cohort with nobody graded has no pass rate (``None``).
- *means* (per component, category and total) are over graded trainees only.
- *ranking*: by total, highest first; equal totals share the lowest rank
  (1, 2, 2, 4); incomplete trainees are not ranked.

pandas is imported inside the functions: grading never loads it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from academy.core.grade.totals import component_value, round_half_up

if TYPE_CHECKING:
    import pandas as pd

    from academy.core.certify.issue import Result
    from academy.core.model import Program
    from academy.core.pipeline import Outcome

# Columns of ``results_frame``: one row per trainee, in roster order.
COHORT = "cohort"
ORDER = "order"  # position in the roster, from 0
EMPLOYEE_ID = "employee_id"
NAME = "name"  # the full name; masking is the page's business
DEPARTMENT = "department"
POSITION = "position"
STATUS = "status"  # certified | passed | failed | incomplete | renewed | not_renewed
GRADED = "graded"  # bool: a total was computed
PASSED = "passed"  # bool: a level reached and every gate passed
TOTAL = "total"  # Decimal as graded (rounded half-up), None when incomplete
LEVEL = "level"  # level id, None when failed or incomplete
CERTIFICATE = "certificate"  # issued (certification) or renewed (renewal), else None
MISSING = "missing"  # tuple of component (or rubric item) ids without a score
GATES_MISSED = "gates_missed"  # tuple of component ids under their pass mark
ABSENT = "absent"  # tuple of component ids marked absent (缺考)
DEDUCTIONS = "deductions"  # rubric: points lost in all (Decimal); None otherwise
VALID_BEFORE = "valid_until_before"  # renewal: the certificate's expiry before it
VALID_AFTER = "valid_until_after"  # renewal: the expiry after it (moved on if renewed)
PART_PREFIX = "part:"  # + component id (weighted) or category id (rubric): a Decimal
RANK = "rank"  # added by ``ranking``: Int64, <NA> when not ranked

# The frame's columns, then one PART_PREFIX column per part, in the program's order.
# fmt: off
FRAME_COLUMNS = (COHORT, ORDER, EMPLOYEE_ID, NAME, DEPARTMENT, POSITION, STATUS, GRADED, PASSED,
                 TOTAL, LEVEL, CERTIFICATE, MISSING, GATES_MISSED, ABSENT, DEDUCTIONS,
                 VALID_BEFORE, VALID_AFTER)
# fmt: on

# Keys of ``level_distribution`` after the program's own level ids.
NO_LEVEL = "no_level"  # graded but no level: under the lowest level, or a gate missed
INCOMPLETE = "incomplete"

# Columns of ``cohorts_summary``: one row per cohort, newest first. The counts, the
# pass rate and the mean are named as the fields of ``CohortStats`` they come from.
TITLE = "title"
PROGRAM = "program"
KIND = "kind"
ASSESSED_ON = "assessed_on"
TRAINEES = "trainees"
GRADED_COUNT = "graded"
PASSED_COUNT = "passed"
FAILED_COUNT = "failed"
INCOMPLETE_COUNT = "incomplete"
PASS_RATE = "pass_rate"  # Decimal percentage, one decimal place, or None
MEAN_TOTAL = "mean_total"  # Decimal, program decimals, or None
_SUMMARY_COUNTS = (TRAINEES, GRADED_COUNT, PASSED_COUNT, FAILED_COUNT, INCOMPLETE_COUNT)
# fmt: off
SUMMARY_COLUMNS = (COHORT, TITLE, PROGRAM, KIND, ASSESSED_ON, *_SUMMARY_COUNTS, PASS_RATE,
                   MEAN_TOTAL)
# fmt: on

PASS_RATE_DECIMALS = 1


def part_column(part_id: str) -> str:
    """The column holding a component's (or a rubric category's) score."""
    return PART_PREFIX + part_id


def part_ids(program: Program) -> tuple[str, ...]:
    """What a program's score is made of: component ids, or rubric category ids."""
    if program.kind == "rubric":
        return tuple(c.id for c in program.categories)
    return tuple(c.id for c in program.components)


def cohort_results(outcome: Outcome, cohort_id: str) -> list[Result]:
    """The results of one cohort, in roster order; ``KeyError`` for an unknown cohort."""
    if not any(c.id == cohort_id for c in outcome.project.cohorts):
        raise KeyError(cohort_id)
    return [r for r in outcome.results if r.cohort.id == cohort_id]


def _parts(result: Result) -> dict[str, Decimal | None]:
    """Component scores (even for an incomplete trainee) or rubric category sums."""
    program, score = result.program, result.score
    if program.kind == "rubric":
        return {
            cat.id: sum((score.parts[i.id] for i in cat.items), Decimal(0))
            if score.complete
            else None
            for cat in program.categories
        }
    given = result.entry.scores or {}
    return {
        c.id: score.parts.get(c.id, component_value(c, given[c.id]) if c.id in given else None)
        for c in program.components
    }


def _program_of(outcome: Outcome, cohort_id: str) -> Program:
    cohort = next(c for c in outcome.project.cohorts if c.id == cohort_id)
    return outcome.project.programs[cohort.program]


def _renewals(outcome: Outcome) -> dict[tuple[str, str], tuple[dt.date, dt.date]]:
    """(cohort id, certificate id) → the certificate's expiry before and after that renewal."""
    return {
        (renewal.cohort, cert.id): (renewal.valid_until_before, renewal.valid_until_after)
        for cert in outcome.certificates
        for renewal in cert.renewals
    }


def results_frame(outcome: Outcome, cohort_id: str | None = None) -> pd.DataFrame:
    """One row per trainee of ``cohort_id`` (or of every cohort, in grading order).

    Columns: ``FRAME_COLUMNS``, then one ``part_column`` per component or rubric
    category (for several programs: all of theirs, ``None`` where not the row's).
    Every column has dtype ``object`` except ``ORDER`` (int) and ``GRADED``/``PASSED``
    (bool), so ``Decimal`` scores and ``None`` survive unchanged.
    """
    import numpy as np
    import pandas as pd

    results = outcome.results if cohort_id is None else cohort_results(outcome, cohort_id)
    renewals = _renewals(outcome)
    parts: dict[str, None] = {}  # ordered set of part columns
    rows: list[dict[str, Any]] = []
    for result in results:
        entry, score = result.entry, result.score
        before, after = renewals.get((result.cohort.id, result.certificate or ""), (None, None))
        row: dict[str, Any] = {
            COHORT: result.cohort.id,
            ORDER: entry.index,
            EMPLOYEE_ID: entry.employee_id,
            NAME: entry.name,
            DEPARTMENT: entry.department,
            POSITION: entry.position,
            STATUS: result.status,
            GRADED: score.complete,
            PASSED: score.passed,
            TOTAL: score.total,
            LEVEL: score.level.id if score.level else None,
            CERTIFICATE: result.certificate,
            MISSING: score.missing,
            GATES_MISSED: score.gates_missed,
            ABSENT: score.absent,
            DEDUCTIONS: _deductions(result.program, score.total, score.parts),
            VALID_BEFORE: before if result.cohort.kind == "renewal" else None,
            VALID_AFTER: after if result.cohort.kind == "renewal" else None,
        }
        for part, value in _parts(result).items():
            row[part_column(part)] = value
            parts[part_column(part)] = None
        rows.append(row)
    if cohort_id is not None:  # the program's parts even when nobody has a score
        parts = dict.fromkeys(part_column(p) for p in part_ids(_program_of(outcome, cohort_id)))
    frame = pd.DataFrame(rows, columns=[*FRAME_COLUMNS, *parts], dtype=object)
    # typed columns set from arrays: far cheaper than DataFrame.astype on small frames
    frame[ORDER] = np.array([r[ORDER] for r in rows], dtype="int64")
    frame[GRADED] = np.array([r[GRADED] for r in rows], dtype=bool)
    frame[PASSED] = np.array([r[PASSED] for r in rows], dtype=bool)
    return frame


def _deductions(
    program: Program, total: Decimal | None, parts: dict[str, Decimal]
) -> Decimal | None:
    if program.kind != "rubric" or total is None:
        return None
    points = sum((i.points for i in program.items), Decimal(0))
    return points - sum(parts.values(), Decimal(0))


def _mean(values: list[Decimal], decimals: int) -> Decimal | None:
    if not values:
        return None
    return round_half_up(sum(values, Decimal(0)) / len(values), decimals)


def component_means(frame: pd.DataFrame, program: Program) -> dict[str, Decimal | None]:
    """Mean score per component (or rubric category) over graded trainees.

    Computed exactly on ``Decimal`` and rounded half-up to the program's decimals;
    ``None`` for a part when nobody is graded. Keys in the program's order.
    """
    graded = frame[frame[GRADED]]
    return {p: _mean(list(graded[part_column(p)]), program.decimals) for p in part_ids(program)}


def mean_total(frame: pd.DataFrame, program: Program) -> Decimal | None:
    """Mean of the graded trainees' totals, rounded half-up to the program's decimals."""
    return _mean(list(frame.loc[frame[GRADED], TOTAL]), program.decimals)


def mean_deductions(frame: pd.DataFrame, program: Program) -> Decimal | None:
    """Rubric programs: mean points lost per graded trainee; ``None`` otherwise."""
    if program.kind != "rubric":
        return None
    return _mean(list(frame.loc[frame[GRADED], DEDUCTIONS]), program.decimals)


def pass_rate(frame: pd.DataFrame, decimals: int = PASS_RATE_DECIMALS) -> Decimal | None:
    """Passed ÷ graded as a percentage, rounded half-up; incomplete trainees are left out.

    ``None`` when nobody in the frame was graded.
    """
    graded = int(frame[GRADED].sum())
    if graded == 0:
        return None
    passed = int((frame[GRADED] & frame[PASSED]).sum())
    return round_half_up(Decimal(passed * 100) / graded, decimals)


def level_distribution(frame: pd.DataFrame, program: Program) -> dict[str, int]:
    """Trainees per level: the program's levels (highest first), then ``NO_LEVEL``
    (graded without a level) and ``INCOMPLETE``. Every key is present, zeros included.
    """
    counts = frame.loc[frame[PASSED], LEVEL].value_counts()
    out = {lv.id: int(counts.get(lv.id, 0)) for lv in program.levels}
    out[NO_LEVEL] = int((frame[GRADED] & ~frame[PASSED]).sum())
    out[INCOMPLETE] = int((~frame[GRADED]).sum())
    return out


def ranking(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with ``RANK`` added, sorted by rank then roster order.

    Ranks by total within each cohort, highest first; equal totals share the lowest
    rank (pandas ``method="min"``: 1, 2, 2, 4). Totals are compared as exact
    ``Decimal``. Incomplete trainees get ``<NA>`` and come last, in roster order.
    Cohorts keep the order in which they first appear in ``frame``.
    """
    import pandas as pd

    ranked = frame.copy()
    totals = ranked[TOTAL].where(ranked[GRADED], None)
    ranks = totals.groupby(ranked[COHORT], sort=False).rank(method="min", ascending=False)
    ranked[RANK] = ranks.astype("Int64")
    ranked["_cohort"] = pd.factorize(ranked[COHORT])[0]
    ranked = ranked.sort_values(["_cohort", RANK, ORDER], na_position="last", kind="stable")
    return ranked.drop(columns="_cohort").reset_index(drop=True)


@dataclass(frozen=True)
class CohortStats:
    """The statistics of one cohort, as shown on its page and in the index."""

    cohort: str
    program: str
    trainees: int
    graded: int
    passed: int
    incomplete: int
    pass_rate: Decimal | None
    mean_total: Decimal | None
    means: dict[str, Decimal | None] = field(default_factory=dict)  # per part id
    levels: dict[str, int] = field(default_factory=dict)  # level_distribution
    mean_deductions: Decimal | None = None

    @property
    def failed(self) -> int:
        return self.graded - self.passed

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: counts as numbers, decimals as exact strings."""
        out = {f.name: getattr(self, f.name) for f in fields(self)}
        out["failed"] = self.failed
        for key in ("pass_rate", "mean_total", "mean_deductions"):
            out[key] = _text(out[key])
        out["means"] = {k: _text(v) for k, v in self.means.items()}
        out["levels"] = dict(self.levels)
        return out


def _text(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


def _stats(cohort_id: str, program: Program, frame: pd.DataFrame) -> CohortStats:
    graded = int(frame[GRADED].sum())
    return CohortStats(
        cohort=cohort_id,
        program=program.id,
        trainees=len(frame),
        graded=graded,
        passed=int((frame[GRADED] & frame[PASSED]).sum()),
        incomplete=len(frame) - graded,
        pass_rate=pass_rate(frame),
        mean_total=mean_total(frame, program),
        means=component_means(frame, program),
        levels=level_distribution(frame, program),
        mean_deductions=mean_deductions(frame, program),
    )


def cohort_stats(outcome: Outcome, cohort_id: str) -> CohortStats:
    """Every statistic of one cohort."""
    return _stats(cohort_id, _program_of(outcome, cohort_id), results_frame(outcome, cohort_id))


def all_cohort_stats(outcome: Outcome, frame: pd.DataFrame | None = None) -> dict[str, CohortStats]:
    """``cohort_stats`` of every cohort, from one frame of all results (built if not given)."""
    if frame is None:
        frame = results_frame(outcome)
    programs = {c.id: outcome.project.programs[c.program] for c in outcome.project.cohorts}
    return {
        str(cohort_id): _stats(str(cohort_id), programs[str(cohort_id)], group)
        for cohort_id, group in frame.groupby(COHORT, sort=False)
    }


def cohorts_summary(outcome: Outcome, stats: dict[str, CohortStats] | None = None) -> pd.DataFrame:
    """One row per cohort, newest first (assessment date, then id), for the cohorts index.

    Columns: ``SUMMARY_COLUMNS``, the counts, pass rate and mean from ``stats``
    (``all_cohort_stats``, computed if not given).
    """
    import pandas as pd

    if stats is None:
        stats = all_cohort_stats(outcome)
    rows = []
    for cohort in sorted(outcome.project.cohorts, key=lambda c: (c.assessed_on, c.id)):
        figures = stats[cohort.id]
        row: dict[str, object] = {COHORT: cohort.id, TITLE: cohort.title, PROGRAM: cohort.program}
        row |= {KIND: cohort.kind, ASSESSED_ON: cohort.assessed_on}
        row |= {name: getattr(figures, name) for name in (*_SUMMARY_COUNTS, PASS_RATE, MEAN_TOTAL)}
        rows.append(row)
    rows.reverse()
    frame = pd.DataFrame(rows, columns=SUMMARY_COLUMNS, dtype=object)
    return frame.astype(dict.fromkeys(_SUMMARY_COUNTS, "int64"))


def overall_pass_rate(summary: pd.DataFrame, decimals: int = PASS_RATE_DECIMALS) -> Decimal | None:
    """Across cohorts: all passed ÷ all graded, as a percentage (not a mean of rates)."""
    graded = int(summary[GRADED_COUNT].sum())
    if graded == 0:
        return None
    return round_half_up(Decimal(int(summary[PASSED_COUNT].sum()) * 100) / graded, decimals)
