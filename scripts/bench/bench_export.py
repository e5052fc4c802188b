"""Benchmark: `academy export` (all HR lists) next to `academy grade --json` on the same data.

Writes N synthetic trainees (default 20,000, the grading benchmark's rosters) plus a
people register for all of them (department files, probation for recent hires, a
mix of interns, outsourced staff and leavers), grades once so that the ledger
exists, then times, as subprocesses, interleaved, best of K:

* ``academy grade --json`` (the plain baseline: validate, grade, print every result),
* ``academy export --json`` (validate, grade in memory, compute every list),
* ``academy export --out DIR`` (the same, written as .xlsx and .csv files),

and prints the times and the ratios export/grade (target ≤ 1.0).
Usage: python scripts/bench/bench_export.py [N] [--repeat K]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml
from bench_grade import REPO, write_repo

SLUGS = {"客服一部": "cs-1", "客服二部": "cs-2", "客服三部": "cs-3", "售后服务部": "after-sales"}


def write_register(root: Path, seed: int = 11) -> int:
    """One register file per department, from the synthetic rosters; returns people."""
    rng = random.Random(seed)
    people: dict[str, dict[str, str]] = {}
    for path in sorted((root / "rosters").rglob("*.yaml")):
        data = yaml.load(path.read_text("utf-8"), Loader=yaml.CSafeLoader)
        day = dt.date.fromisoformat(str(data["assessed_on"]))
        for t in data["trainees"]:
            hired = day - dt.timedelta(days=14)
            person = {
                "id": t["id"],
                "name": t["name"],
                "department": t["department"],
                "position": "客服专员",
                "employment": rng.choices(["regular", "intern", "outsourced"], [8, 1, 1])[0],
                "hired_on": hired.isoformat(),
                "probation_until": (hired + dt.timedelta(days=90)).isoformat(),
            }
            if rng.random() < 0.05:
                person["left_on"] = (day + dt.timedelta(days=rng.randint(30, 700))).isoformat()
            people[t["id"]] = person
    files: dict[str, list[str]] = {}
    for p in people.values():
        lines = files.setdefault(SLUGS[p["department"]], ["people:"])
        lines.append(f'  - id: "{p["id"]}"')
        lines += [f"    {k}: {v}" for k, v in p.items() if k != "id"]
    (root / "rosters/people").mkdir(parents=True, exist_ok=True)
    for slug, lines in files.items():
        (root / f"rosters/people/{slug}.yaml").write_text("\n".join(lines) + "\n", "utf-8")
    return len(people)


def timed(args: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", nargs="?", type=int, default=20_000, help="number of trainees")
    ap.add_argument("--repeat", type=int, default=3, help="runs per measurement (best kept)")
    args = ap.parse_args()
    exe = shutil.which("academy") or str(Path(sys.executable).with_name("academy"))
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "repo"
        write_repo(root, args.n)
        people = write_register(root)
        # the demo promotion program, so that the promotion list has work to do
        senior = (REPO / "curriculum/programs/cs-senior.yaml").read_text("utf-8")
        senior = "\n".join(line for line in senior.splitlines() if not line.startswith("  - "))
        (root / "curriculum/programs/cs-senior.yaml").write_text(
            senior.replace("modules:\n", "") + "\n", "utf-8"
        )
        # a date inside the synthetic history (cohorts every other day from 2021-01-04),
        # so that certificates are held, windows open and recent hires are on probation
        last = dt.date(2021, 1, 4) + dt.timedelta(days=2 * ((args.n + 49) // 50 - 1))
        as_of = (last - dt.timedelta(days=20)).isoformat()
        common = ["--root", str(root), "--as-of", as_of]
        subprocess.run([exe, "grade", *common], check=True, capture_output=True)  # the ledger
        out = Path(tmp) / "out"
        runs: dict[str, list[float]] = {"grade": [], "json": [], "files": []}
        for _ in range(args.repeat):  # interleaved, so that load drifts hit all three alike
            runs["grade"].append(timed([exe, "grade", "--json", *common]))
            runs["json"].append(timed([exe, "export", "--json", *common]))
            runs["files"].append(timed([exe, "export", "--out", str(out), *common]))
        grade, as_json, files = (min(runs[k]) for k in ("grade", "json", "files"))
        rows = {p.stem: len(p.read_text("utf-8-sig").splitlines()) - 1 for p in out.glob("*.csv")}
        print(f"trainees              {args.n:>9,}  (register: {people:,} people, as of {as_of})")
        print(f"academy grade --json  {grade:>9.3f} s   (baseline)")
        print(
            f"academy export --json {as_json:>9.3f} s   ratio {as_json / grade:.2f}  (target ≤ 1.0)"
        )
        print(f"academy export --out  {files:>9.3f} s   ratio {files / grade:.2f}  (.xlsx + .csv)")
        print("rows per list: " + ", ".join(f"{k} {v:,}" for k, v in sorted(rows.items())))


if __name__ == "__main__":
    main()
