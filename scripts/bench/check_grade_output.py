"""Before/after check for speed work on ``academy grade``: the same bytes out.

Runs ``academy grade`` (the real CLI, a fresh process each) on the repository's own
demo and on the synthetic ``bench_grade`` project of N trainees, each with its ledger
as committed (the CI case) and from an empty ledger (every certificate numbered), as
of several days, and records per case: the exit code, stdout, stderr, and the files
the run leaves in ``rosters/`` (ledger, renewal log, print codes). ``--save DIR``
writes them; ``--compare DIR`` runs again and lists every case that differs.

Usage: python scripts/bench/check_grade_output.py (--save DIR | --compare DIR) [--n N]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import bench_grade

REPO = Path(__file__).resolve().parents[2]
ACADEMY = Path(sys.executable).with_name("academy")
LOGS = ("ledger.csv", "renewals.csv", "print-codes.csv")
DEMO_DAYS = ("2024-12-31", "2025-06-30", "2026-03-31", "2026-11-23")
BENCH_DAYS = ("2023-06-30", "2026-11-23")


def copy_demo(to: Path) -> None:
    """The repository's tracked files (the demo project) into ``to``."""
    files = subprocess.run(
        ["git", "ls-files", "-z"], cwd=REPO, check=True, capture_output=True
    ).stdout
    for name in files.decode().split("\0"):
        if name and (REPO / name).is_file():
            (to / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, to / name)


def outputs(root: Path, args: list[str]) -> dict[str, bytes]:
    """One run of ``academy grade ARGS``: its exit code, streams and the logs it leaves."""
    done = subprocess.run([str(ACADEMY), "grade", "--root", str(root), *args], capture_output=True)
    found = {"exit": str(done.returncode).encode(), "stdout": done.stdout, "stderr": done.stderr}
    for name in LOGS:
        path = root / "rosters" / name
        found[name] = path.read_bytes() if path.exists() else b"(absent)"
    return found


def cases(work: Path, n: int) -> dict[str, dict[str, bytes]]:
    found: dict[str, dict[str, bytes]] = {}
    for name, make, days in (
        ("demo", copy_demo, DEMO_DAYS),
        (f"bench{n}", lambda root: bench_grade.write_repo(root, n), BENCH_DAYS),
    ):
        root = work / name
        make(root)
        logs = root / "rosters"
        committed = {log: (logs / log).read_bytes() for log in LOGS if (logs / log).exists()}
        for day in days:
            for json in (True, False):
                flags = ["--as-of", day] + (["--json"] if json else [])
                for start in ("committed", "empty"):
                    for log in LOGS:
                        (root / "rosters" / log).unlink(missing_ok=True)
                        if start == "committed" and log in committed:
                            (root / "rosters" / log).write_bytes(committed[log])
                    key = f"{name} {day} {'json' if json else 'text'} {start}"
                    found[key] = outputs(root, flags)
                    if start == "empty":  # and again on what that run wrote (unchanged inputs)
                        found[key + " again"] = outputs(root, flags)
                    print(f"  {key}: exit {found[key]['exit'].decode()}", flush=True)
    return found


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = ap.add_mutually_exclusive_group(required=True)
    group.add_argument("--save", type=Path, help="write the outputs into this folder")
    group.add_argument("--compare", type=Path, help="compare with the outputs saved here")
    ap.add_argument("--n", type=int, default=20_000, help="trainees of the synthetic project")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        found = cases(Path(tmp), args.n)
    if args.save:
        for key, files in found.items():
            folder = args.save / key.replace(" ", "_")
            folder.mkdir(parents=True, exist_ok=True)
            for name, data in files.items():
                (folder / name).write_bytes(data)
        print(f"saved {len(found)} cases in {args.save}")
        return
    differ = []
    for key, files in found.items():
        folder = args.compare / key.replace(" ", "_")
        for name, data in files.items():
            saved = folder / name
            if not saved.exists() or saved.read_bytes() != data:
                differ.append(f"{key}: {name}")
    for line in differ:
        print(f"DIFFERS {line}")
    print(f"{len(found)} cases, {len(differ)} differences")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
