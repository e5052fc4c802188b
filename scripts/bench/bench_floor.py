"""The physical floor of a build: writing the same files, of the same sizes, on this machine.

Given a built site (``academy build`` output), lists its folders and files with their
sizes, then writes the same tree again into a temporary folder on the same file system
(``os.makedirs``, ``os.open``/``os.write`` of that many bytes, as the build's writer does)
and prints how long it took, in one process and split over two (the build writes
certificates from a worker and from the builder). With ``--rosters DIR`` it also
times reading and parsing every YAML file under DIR with PyYAML's C loader, the floor
of the pipeline's loading. Best of ``--repeat`` (default 3), with the load.

Usage: python scripts/bench/bench_floor.py SITE [--rosters DIR] [--repeat 3]
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import shutil
import tempfile
import time
from pathlib import Path

FLAGS = os.O_WRONLY | os.O_CREAT | os.O_TRUNC


def load() -> str:
    """The machine's load, printed beside every figure: ``load 1.23`` (1-minute average)."""
    return f"load {os.getloadavg()[0]:.2f}"


def tree(site: Path) -> list[tuple[str, int]]:
    """Every file of ``site``: (path relative to it, size in bytes)."""
    found = []
    for folder, _, names in os.walk(site):
        rel = os.path.relpath(folder, site)
        for name in names:
            found.append((os.path.join(rel, name), os.path.getsize(os.path.join(folder, name))))
    return found


def write(dest: str, files: list[tuple[str, int]]) -> None:
    made: set[str] = set()
    for rel, size in files:
        folder = os.path.dirname(rel)
        if folder not in made:
            os.makedirs(os.path.join(dest, folder), exist_ok=True)
            made.add(folder)
        fd = os.open(os.path.join(dest, rel), FLAGS, 0o666)
        try:
            os.write(fd, b"x" * size)
        finally:
            os.close(fd)


def timed_write(work: Path, files: list[tuple[str, int]], parts: int) -> float:
    dest = tempfile.mkdtemp(dir=work)
    start = time.perf_counter()
    if parts == 1:
        write(dest, files)
    else:
        procs = [
            mp.get_context("fork").Process(target=write, args=(dest, files[i::parts]))
            for i in range(parts)
        ]
        for p in procs:
            p.start()
        for p in procs:
            p.join()
    seconds = time.perf_counter() - start
    shutil.rmtree(dest, ignore_errors=True)
    return seconds


def parse(rosters: Path) -> float:
    import yaml

    start = time.perf_counter()
    for path in sorted(rosters.rglob("*.yaml")):
        yaml.load(path.read_text("utf-8"), Loader=yaml.CSafeLoader)
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("site", type=Path, help="a built site folder")
    ap.add_argument("--rosters", type=Path, help="a folder of YAML files to parse")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    files = tree(args.site)
    size = sum(s for _, s in files)
    folders = len({os.path.dirname(r) for r, _ in files})
    print(f"{len(files):,} files, {folders:,} folders, {size / 2**20:.0f} MB  ({load()})")
    work = Path(tempfile.mkdtemp(prefix="bench-floor-", dir=args.site.parent))
    try:
        for parts in (1, 2):
            best = min(timed_write(work, files, parts) for _ in range(args.repeat))
            print(f"  write the same tree, {parts} process(es): {best:6.2f} s  ({load()})")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if args.rosters:
        best = min(parse(args.rosters) for _ in range(args.repeat))
        print(f"  parse {args.rosters} with CSafeLoader (in-process): {best:6.2f} s  ({load()})")


if __name__ == "__main__":
    main()
