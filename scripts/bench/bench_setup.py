"""Benchmark: a fresh clone's ``make setup``, warm and cold, timed as a newcomer runs it.

Each round clones this repository (its committed HEAD) into a temporary folder and
times ``make setup`` there in a fresh process, twice, interleaved:

* ``warm``: with the machine's package caches as they are (uv's and pip's);
* ``cold``: with empty cache folders given through ``UV_CACHE_DIR`` and
  ``PIP_CACHE_DIR`` (the machine's own caches are not touched), so every wheel,
  uv itself included, is downloaded again.

With ``--pip`` a third variant times the fallback without uv (``ACADEMY_SETUP_PIP=1``:
pip from the hashed requirements file), warm. Best of ``--repeat`` (default 3); the
1-minute load is printed beside every figure. Targets (issue "fast where people
wait"): ≤ 30 s warm, ≤ 60 s cold; the table's "now" was 41 s warm, 129 s cold (pip
resolving).

Usage: python scripts/bench/bench_setup.py [--repeat 3] [--pip]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_floor import load  # the 1-minute load beside every figure

REPO = Path(__file__).resolve().parents[2]
TARGETS = {"warm": 30.0, "cold": 60.0, "pip (no uv), warm": None}
WAS = {"warm": "41 s", "cold": "129 s", "pip (no uv), warm": "109 s at load 6–7"}


def one(work: Path, variant: str, i: int) -> float:
    clone = work / f"clone-{variant.split()[0]}-{i}"
    subprocess.run(["git", "clone", "--quiet", str(REPO), str(clone)], check=True)
    env = {k: v for k, v in os.environ.items() if k not in {"VIRTUAL_ENV", "UV_CACHE_DIR"}}
    if variant == "cold":
        for name, var in (("uv", "UV_CACHE_DIR"), ("pip", "PIP_CACHE_DIR")):
            empty = work / f"empty-{name}-cache-{i}"
            empty.mkdir()
            env[var] = str(empty)
    if variant.startswith("pip"):
        env["ACADEMY_SETUP_PIP"] = "1"
    start = time.perf_counter()
    done = subprocess.run(["make", "setup"], cwd=clone, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"make setup ({variant}) failed:\n{done.stdout}\n{done.stderr}")
    shutil.rmtree(clone, ignore_errors=True)
    for name in ("uv", "pip"):
        shutil.rmtree(work / f"empty-{name}-cache-{i}", ignore_errors=True)
    return seconds


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3, help="rounds (best kept)")
    ap.add_argument("--pip", action="store_true", help="also time the pip fallback")
    ap.add_argument("--variants", default="warm,cold", help="comma-separated: warm, cold")
    args = ap.parse_args()
    variants = [v.strip() for v in args.variants.split(",") if v.strip()]
    if args.pip:
        variants.append("pip (no uv), warm")
    print(f"{load()} before, {os.cpu_count()} CPUs; python {sys.version.split()[0]}", flush=True)
    times: dict[str, list[float]] = {v: [] for v in variants}
    with tempfile.TemporaryDirectory(prefix="bench-setup-") as tmp:
        for i in range(args.repeat):  # interleaved
            for variant in variants:
                seconds = one(Path(tmp), variant, i)
                times[variant].append(seconds)
                print(f"  round {i + 1}: make setup ({variant}) {seconds:6.1f} s  ({load()})")
    print(f"fresh clone → make setup, best of {args.repeat}:")
    for variant in variants:
        target = TARGETS[variant]
        goal = f"target ≤ {target:.0f} s, " if target else ""
        print(
            f"  {variant:18s} {min(times[variant]):6.1f} s  ({goal}was {WAS[variant]})  ({load()})"
        )


if __name__ == "__main__":
    main()
