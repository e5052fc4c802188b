"""Benchmark: cycles roll-ups and reports next to `academy grade` on the same files.

Writes N synthetic after-sales agents (default 20,000) × 12 monthly assessments
(2026-01 … 2026-12, all four sources, rosters of 500 per department and month) into a
temporary repository, then measures in this one process, best of K, interleaved:

* grade: ``academy.core.pipeline.run(root, as_of, write=False)`` — what ``academy grade``
  does (load, validate incl. the one-result-per-month check, grade; there are no
  certificates, so no ledger);
* cycles: on that outcome, every list and report this issue adds: ``export_lists``
  (cycles rows, promotion candidates, improvement plans), ``monthly_rows``,
  ``annual_rows`` and the trainer page's month/quarter/year aggregates;

and prints both times and the ratio cycles/grade (target ≤ 0.5: "at most 0.5× more").
Usage: python scripts/bench/bench_cycles.py [N] [--repeat K] [--months M]
"""

from __future__ import annotations

import argparse
import calendar
import datetime as dt
import random
import tempfile
import time
from pathlib import Path

from synthetic import trainee_head

from academy.core.cycles.aggregate import month_stats, period_stats
from academy.core.cycles.lists import annual_rows, export_lists, monthly_rows
from academy.core.cycles.rollup import month_results, rollup
from academy.core.pipeline import Outcome, run

REPO = Path(__file__).resolve().parents[2]
PER_FILE = 500
ITEMS = (  # (item, fixed?) from the demo program's rubric
    ("platform_rules", True),
    ("product", True),
    ("orders", True),
    ("expression", False),
    ("listening", True),
    ("analysis", False),
    ("solution", False),
    ("patience", False),
    ("response_time", True),
)
RANGED = {"expression": (1, 2), "analysis": (2, 3), "solution": (2, 3), "patience": (1, 2)}


def write_repo(root: Path, agents: int, months: int = 12, seed: int = 11) -> int:
    """The demo's after-sales program and ``agents`` × ``months`` monthly results."""
    rng = random.Random(seed)
    (root / "curriculum/programs").mkdir(parents=True)
    program = (REPO / "curriculum/programs/after-sales-monthly.yaml").read_text("utf-8")
    lines = program.splitlines()
    start = lines.index("modules:")
    end = next(i for i in range(start + 1, len(lines)) if not lines[i].startswith("  - "))
    program = "\n".join(lines[:start] + lines[end:])
    (root / "curriculum/programs/after-sales-monthly.yaml").write_text(program + "\n", "utf-8")
    heads = {}
    for e in range(agents):
        heads[e] = trainee_head(rng, f"S{e + 1:06d}")
    files = 1
    for month in range(1, months + 1):
        day = dt.date(2026, month, calendar.monthrange(2026, month)[1])
        folder = root / "rosters" / f"2026-{month:02d}"
        folder.mkdir(parents=True)
        for part in range(0, agents, PER_FILE):
            cid = f"2026-{month:02d}-monthly-{part // PER_FILE:03d}"
            out = [
                f"cohort: {cid}",
                "program: after-sales-monthly",
                f"title: 2026年{month}月售后客服月度考核（第 {part // PER_FILE + 1} 组）",
                f"assessed_on: {day.isoformat()}",
                "trainees:",
            ]
            for e in range(part, min(part + PER_FILE, agents)):
                out += heads[e]
                if rng.random() < 0.03:
                    out.append("    notes: 本月休假")  # incomplete: no deductions
                    continue
                out.append("    deductions:")
                for item, fixed in rng.sample(ITEMS, rng.randint(0, 4)):
                    if fixed:
                        out.append(f"      {item}: {rng.randint(1, 2)}")
                    else:
                        lo, hi = RANGED[item]
                        each = ", ".join(str(rng.randint(lo, hi)) for _ in range(rng.randint(1, 2)))
                        out.append(f"      {item}: [{each}]")
                if out[-1] == "    deductions:":
                    out[-1] = "    deductions: {}"
                stars = f"{rng.randint(30, 50) / 10:.1f}"
                out.append(
                    f"    sources: {{customer: {stars}, supervisor: {rng.randint(60, 99)}, "
                    f"exam: {rng.randint(55, 100)}}}"
                )
            (folder / f"{cid}.yaml").write_text("\n".join(out) + "\n", "utf-8")
            files += 1
    return files


def grade(root: Path, as_of: dt.date) -> tuple[float, Outcome]:
    t0 = time.perf_counter()
    outcome = run(root, as_of, write=False)
    return time.perf_counter() - t0, outcome


def cycles(outcome: Outcome, as_of: dt.date) -> tuple[float, int]:
    t0 = time.perf_counter()
    lists = export_lists(outcome, as_of)
    months = monthly_rows(outcome, as_of)
    years = annual_rows(outcome, as_of)
    by_person = month_results(outcome.results, as_of)
    people = list(by_person.values())
    periods = list(rollup(by_person).values())
    program = people[0][0].program
    assert program.cycles is not None
    month_stats(people)
    period_stats(periods, program.cycles, program.decimals)
    elapsed = time.perf_counter() - t0
    return elapsed, len(lists["cycles"]) + len(months) + len(years)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", nargs="?", type=int, default=20_000, help="number of agents")
    ap.add_argument("--repeat", type=int, default=3, help="runs per measurement (best kept)")
    ap.add_argument("--months", type=int, default=12, help="monthly assessments per agent")
    args = ap.parse_args()
    as_of = dt.date(2026, 12, 31)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "repo"
        files = write_repo(root, args.n, args.months)
        size = sum(f.stat().st_size for f in root.rglob("*.yaml"))
        grades, rolls = [], []
        rows = 0
        for _ in range(args.repeat):  # interleaved: grade, then roll-ups on its outcome
            seconds, outcome = grade(root, as_of)
            grades.append(seconds)
            seconds, rows = cycles(outcome, as_of)
            rolls.append(seconds)
            del outcome
        g, c = min(grades), min(rolls)
        results = args.n * args.months
        print(f"agents × months     {args.n:,} × {args.months} = {results:,} monthly results")
        print(f"input               {files} files, {size / 1e6:.1f} MB of YAML")
        print(f"grade (pipeline)    {g:>10.3f} s   (best of {args.repeat}: "
              + ", ".join(f"{t:.2f}" for t in grades) + ")")  # fmt: skip
        print(f"cycles + reports    {c:>10.3f} s   (best of {args.repeat}: "
              + ", ".join(f"{t:.2f}" for t in rolls) + f"); {rows:,} rows")  # fmt: skip
        print(f"ratio cycles/grade  {c / g:>10.2f}     (target ≤ 0.50)")


if __name__ == "__main__":
    main()
