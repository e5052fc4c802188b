"""Benchmark: `academy grade` against PyYAML's C loader merely parsing the same files.

Writes N synthetic trainees (default 20,000) in cohorts of 50 into a temporary
repository, then measures, in this one process:

* parse: ``yaml.load(text, Loader=yaml.CSafeLoader)`` of every roster and program,
* grade: ``academy.core.pipeline.run(root, as_of, write=True)`` (load, validate, grade,
  number certificates, write the ledger) on a fresh ledger, and again on unchanged
  inputs (the common CI case),
* the ``academy grade`` command as a subprocess (interpreter start-up included),

and prints the times, the ratio grade/parse (target ≤ 1.5) and peak memory.
In fresh processes (interpreter start-up on both sides), ``bench_ratios.py`` measures
the same ratio for ``academy grade --json``. ``--breakdown`` prints where a run's time
goes, stage by stage (CPU seconds in one process, best of ``--repeat``). At 20,000
trainees on the 2-core machine under load (1-minute load about 9; issue 25), before
and after this round's changes: reading the YAML 0.76 → 0.65, the other validation
0.16 → 0.14, the ledger 0.12 → 0.09, grading 0.22 → 0.14, certificates 0.20 → 0.17,
the as-of view 0.08 → 0.04 and the copies as of the day 0.07 → 0.03, the JSON 0.16 →
0.08; freeing the outcome with the collector back on 0.14 → 0.05 (``commands/grade``).
Usage: python scripts/bench/bench_grade.py [N] [--repeat K] [--breakdown]
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml
from synthetic import cohort_head, trainee_head

from academy.core.pipeline import run

REPO = Path(__file__).resolve().parents[2]


def write_repo(root: Path, trainees: int, per_cohort: int = 50, seed: int = 7) -> int:
    """A synthetic repository: the demo program and ``trainees`` trainees; returns files."""
    rng = random.Random(seed)
    (root / "curriculum/programs").mkdir(parents=True)
    program = (REPO / "curriculum/programs/cs-specialist.yaml").read_text("utf-8")
    program = re.sub(r"^modules:\n(?:  - .*\n)+", "", program, flags=re.M)  # no modules here
    (root / "curriculum/programs/cs-specialist.yaml").write_text(program, "utf-8")
    cohorts = (trainees + per_cohort - 1) // per_cohort
    start = dt.date(2021, 1, 4)
    emp = 0
    for c in range(cohorts):
        day = start + dt.timedelta(days=c * 2)
        cid = f"{day.isoformat()}-c{c:05d}"
        folder = root / "rosters" / str(day.year)
        folder.mkdir(parents=True, exist_ok=True)
        lines = cohort_head(cid, "cs-specialist", c + 1, day)
        for _ in range(min(per_cohort, trainees - emp)):
            emp += 1
            base = rng.randint(50, 95)
            judges = ", ".join(str(min(100, base + rng.randint(-6, 6))) for _ in range(3))
            lines += trainee_head(rng, f"E{emp:06d}")
            lines += [
                "    scores:",
                f"      theory: {min(100, base + rng.randint(-8, 8))}",
                f"      practical: [{judges}]",
                f"      daily: {min(99, base + rng.randint(-5, 5))}.5",
            ]
        (folder / f"{cid}.yaml").write_text("\n".join(lines) + "\n", "utf-8")
    return cohorts + 1


def parse_only(root: Path, *, gc_off: bool = False) -> float:
    """Time to read and parse every file with the C loader (results kept, as grading does)."""
    files = sorted(root.rglob("*.yaml"))
    kept = []
    if gc_off:
        gc.disable()
    t0 = time.perf_counter()
    for f in files:
        kept.append(yaml.load(f.read_text("utf-8"), Loader=yaml.CSafeLoader))
    elapsed = time.perf_counter() - t0
    gc.enable()
    return elapsed


def grade(root: Path, as_of: dt.date) -> float:
    t0 = time.perf_counter()
    run(root, as_of, write=True)
    return time.perf_counter() - t0


def breakdown(root: Path, as_of: dt.date, repeat: int) -> None:
    """CPU seconds of each stage of ``academy grade --json``, in this one process."""
    from academy.core import pipeline as p

    def best(step: Any) -> tuple[float, Any]:
        times, found = [], None
        for _ in range(repeat):
            t0 = time.process_time()
            found = step()
            times.append(time.process_time() - t0)
        return min(times), found

    gc.disable()  # as the pipeline runs (``pipeline.gc_paused``)
    stages: list[tuple[str, float]] = []
    ledger_path = root / p.LEDGER_FILE
    t, (ledger, _) = best(lambda: p.read_ledger(ledger_path, p.LEDGER_FILE))
    stages.append(("ledger", t))
    t, sources = best(lambda: p.load_sources(root))
    stages.append(("reading the YAML (load_sources)", t))
    t, _ = best(lambda: p.validate_sources(sources, []))
    stages.append(("validation (validate_sources)", t))
    t, project = best(lambda: p.project_from(sources))
    stages.append(("  project_from, validation included", t))
    t, _ = best(lambda: p.grade_cohorts(project))
    stages.append(("grading (grade_cohorts)", t))
    recorded, _ = p.read_renewals(root / p.RENEWALS_FILE, p.RENEWALS_FILE)
    t, (book, _) = best(lambda: p._certify(project, ledger, recorded, as_of))
    stages.append(("certificates, grading included (_certify)", t))
    t, (results, known) = best(lambda: p.as_of_view(book, as_of))
    stages.append(("as-of view", t))
    t, shown = best(lambda: [c for c in (k.on(as_of) for k in known) if c is not None])
    stages.append(("copies as of the day (Certificate.on)", t))
    outcome = p.Outcome(as_of, project, results, shown, book.added, False, book.ledger)
    t, _ = best(outcome.to_json)
    stages.append(("JSON (Outcome.to_json)", t))
    gc.enable()
    for name, seconds in stages:
        print(f"  {name:44s} {seconds:6.3f} s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", nargs="?", type=int, default=20_000, help="number of trainees")
    ap.add_argument("--repeat", type=int, default=3, help="runs per measurement (best kept)")
    ap.add_argument("--breakdown", action="store_true", help="CPU seconds stage by stage")
    args = ap.parse_args()
    as_of = dt.date(2026, 11, 23)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "repo"
        files = write_repo(root, args.n)
        if args.breakdown:
            grade(root, as_of)  # numbers the ledger: the stages below are the CI case
            print(f"where academy grade --json spends its time at {args.n:,} trainees:")
            breakdown(root, as_of, args.repeat)
            return
        size = sum(f.stat().st_size for f in root.rglob("*.yaml"))
        parse = min(parse_only(root) for _ in range(args.repeat))
        parse_nogc = min(parse_only(root, gc_off=True) for _ in range(args.repeat))
        first = []
        for _ in range(args.repeat):
            (root / "rosters/ledger.csv").unlink(missing_ok=True)
            (root / "rosters/renewals.csv").unlink(missing_ok=True)  # refers to the ledger
            (root / "rosters/print-codes.csv").unlink(missing_ok=True)
            first.append(grade(root, as_of))
        again = min(grade(root, as_of) for _ in range(args.repeat))
        exe = shutil.which("academy") or str(Path(sys.executable).with_name("academy"))
        t0 = time.perf_counter()
        subprocess.run([exe, "grade", "--root", str(root)], check=True, capture_output=True)
        cli = time.perf_counter() - t0
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import yaml"], check=True)
        startup = time.perf_counter() - t0
        # the command's own peak (this process also holds the parse-only results)
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"trainees            {args.n:>10,}  ({files} files, {size / 1e6:.1f} MB of YAML)")
        print(f"parse (CSafeLoader) {parse:>10.3f} s")
        print(f"parse, GC paused    {parse_nogc:>10.3f} s   (the strictest baseline)")
        print(f"grade, new ledger   {min(first):>10.3f} s   ratio {min(first) / parse:.2f}")
        print(f"grade, unchanged    {again:>10.3f} s   ratio {again / parse:.2f}  (target ≤ 1.5)")
        print(
            f"ratios vs GC-paused parse: new ledger {min(first) / parse_nogc:.2f}, "
            f"unchanged {again / parse_nogc:.2f}"
        )
        print(f"academy grade (CLI) {cli:>10.3f} s   incl. ~{startup:.2f} s interpreter start-up")
        print(f"peak memory of academy grade (RSS) {peak_mb:.0f} MB  (target < 1024 MB at 100,000)")


if __name__ == "__main__":
    main()
