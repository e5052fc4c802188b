"""Benchmark: a fresh clone's ``make test`` and ``make test-fast``, timed as a developer
and CI run them.

Clones this repository (its committed HEAD) into a temporary folder, runs ``make setup``
there once (not timed; ``bench_setup.py`` times it), then times ``make test`` (lint and
every test: browser, print, spreadsheet, verifier and fuzz tests) and ``make test-fast``
in fresh processes, interleaved round by round, with ``CI=true`` as ``.ci/run`` sets it.
Best of ``--repeat`` (default 3; each ``make test`` round takes minutes); the 1-minute
load is printed beside every figure. Targets (issue "fast where people wait"):
``make test`` ≤ 240 s on 2 cores, ``make test-fast`` ≤ 60 s; the table's "now" was
249 s quiet and 947 s busy for ``make test``.

Usage: python scripts/bench/bench_test.py [--repeat 3] [--only test|test-fast]
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_floor import load  # the 1-minute load beside every figure

REPO = Path(__file__).resolve().parents[2]
TARGETS = {"test": 240.0, "test-fast": 60.0}
WAS = {"test": "249 s quiet, 947 s busy", "test-fast": "724 s at load 13"}
SUMMARY = re.compile(r"^=+ (.* in [\d.]+s.*) =+$", re.M)


def one(clone: Path, target: str) -> tuple[float, str]:
    env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
    env["CI"] = "true"
    start = time.perf_counter()
    done = subprocess.run(["make", target], cwd=clone, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        tail = "\n".join(done.stdout.splitlines()[-30:])
        raise SystemExit(f"make {target} failed:\n{tail}\n{done.stderr[-2000:]}")
    found = SUMMARY.findall(done.stdout)
    return seconds, found[-1] if found else ""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3, help="rounds (best kept)")
    ap.add_argument("--only", choices=sorted(TARGETS), help="time one target only")
    args = ap.parse_args()
    targets = [args.only] if args.only else ["test", "test-fast"]
    print(f"{load()} before, {os.cpu_count()} CPUs; python {sys.version.split()[0]}", flush=True)
    times: dict[str, list[float]] = {t: [] for t in targets}
    with tempfile.TemporaryDirectory(prefix="bench-test-") as tmp:
        clone = Path(tmp) / "clone"
        subprocess.run(["git", "clone", "--quiet", str(REPO), str(clone)], check=True)
        subprocess.run(["make", "setup"], cwd=clone, check=True, capture_output=True)
        for i in range(args.repeat):  # interleaved
            for target in targets:
                seconds, summary = one(clone, target)
                times[target].append(seconds)
                print(f"  round {i + 1}: make {target:9} {seconds:6.1f} s  {summary}  ({load()})")
    print(f"fresh clone → make test, best of {args.repeat}:")
    for target in targets:
        best = min(times[target])
        print(
            f"  make {target:9} {best:6.1f} s  (target ≤ {TARGETS[target]:.0f} s;"
            f" was {WAS[target]})  ({load()})"
        )


if __name__ == "__main__":
    main()
