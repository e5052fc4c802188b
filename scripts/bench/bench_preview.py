"""Benchmark: the preview's waits, as a trainer has them, timed over HTTP.

For each round, ``academy serve`` is started in a fresh process on a copy of the
portal (the demo by default, or a synthetic one with N certificates), and three
waits are timed from outside, as the browser sees them:

* ``first answer``: from starting ``academy serve`` to the home page answering;
* ``module body``: from saving a line added to a module's body to the served module
  page containing it;
* ``roster``: from saving a roster (a trainee's department changed) to the served
  cohort page showing it.

Best of ``--repeat`` rounds (default 3). With ``--baseline SRC`` (the ``src/`` of
another checkout, e.g. ``git archive <commit> | tar -x -C DIR``) the same rounds run
with that code too, interleaved round by round (ours, baseline, ours, …), so machine
load falls on both. The 1-minute load average is printed before and after.
Targets (issue "fast where people wait"): module body ≤ 1.5 s (stretch 0.5 s) on
the demo and ≤ 2 s at 20,000 certificates.

Usage: python scripts/bench/bench_preview.py [N] [--repeat 3] [--baseline DIR/src]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
AS_OF = dt.date(2026, 11, 23)
DEMO = ("curriculum", "rosters", "evaluation", "docs", "overrides", "mkdocs.yml")
MODULE = "curriculum/modules/communication.md"
TARGETS = {"first answer": None, "module body": 1.5, "roster": None}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return str(response.read().decode("utf-8", "replace"))


def wait_for(url: str, marker: str | None, timeout: float = 1800) -> float:
    """Seconds until ``url`` answers (containing ``marker``), polled every 20 ms."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        try:
            if marker is None or marker in fetch(url):
                return time.perf_counter() - start
        except OSError:
            pass
        time.sleep(0.02)
    raise SystemExit(f"{url} did not show {marker!r} within {timeout:.0f} s")


def copy_portal(dest: Path, n: int) -> Path:
    if n:
        sys.path.insert(0, str(Path(__file__).parent))
        import bench_certificates

        bench_certificates.write_repo(dest, n)
        return dest
    for part in DEMO:
        src = REPO / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("generated"))
        else:
            shutil.copy2(src, dest / part)
    return dest


def roster_with_department(root: Path) -> tuple[Path, str]:
    """A roster with a ``department:`` line, and its cohort id."""
    for path in sorted((root / "rosters").rglob("*.yaml")):
        text = path.read_text("utf-8")
        cohort = re.search(r"^cohort: (\S+)", text, re.M)
        if cohort and re.search(r"^\s+department: \S", text, re.M):
            return path, cohort.group(1)
    raise SystemExit("no roster with a department to edit")


def settled(log: Path, builds: int, timeout: float = 600) -> None:
    """Wait until the terminal says the ``builds``-th rebuild is done, then 2 s more
    (the search index and certificate files are finished behind the page)."""
    start = time.perf_counter()
    while log.read_text("utf-8").count("已更新") < builds:
        if time.perf_counter() - start > timeout:
            raise SystemExit(f"serve never finished rebuild {builds}:\n{log.read_text('utf-8')}")
        time.sleep(0.05)
    time.sleep(2)


def one_round(root: Path, src: Path, work: Path, tag: str) -> dict[str, float]:
    """Start serve with the code in ``src``, time the three waits, stop it."""
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    drop = {"ACADEMY_SIGNING_KEY", "PYTHONDONTWRITEBYTECODE"}  # as people have it
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env["PYTHONPATH"] = str(src)
    log = work / f"serve-{tag}.log"
    command = [sys.executable, "-m", "academy.cli", "serve", "--root", str(root)]
    command += ["--as-of", AS_OF.isoformat(), "--addr", f"127.0.0.1:{port}"]
    with log.open("w", encoding="utf-8") as out:
        start = time.perf_counter()
        server = subprocess.Popen(command, stdout=out, stderr=out, env=env, cwd=work)
        try:
            while server.poll() is None and "预览地址" not in log.read_text("utf-8"):
                time.sleep(0.02)
            if server.poll() is not None:
                raise SystemExit(f"serve stopped:\n{log.read_text('utf-8')}")
            wait_for(base, None)
            times = {"first answer": time.perf_counter() - start}
            time.sleep(5)  # the first build's background work

            module = root / MODULE
            marker = f"预览压测{time.time_ns()}"
            with module.open("a", encoding="utf-8") as f:
                f.write(f"\n{marker}\n")
            times["module body"] = wait_for(f"{base}modules/communication/", marker)
            settled(log, 1)

            roster, cohort = roster_with_department(root)
            marker = f"压测部门{time.time_ns() % 10**9}"
            text = roster.read_text("utf-8")
            text = re.sub(r"^(\s+department: ).*$", rf"\g<1>{marker}", text, count=1, flags=re.M)
            roster.write_text(text, "utf-8")
            times["roster"] = wait_for(f"{base}cohorts/{cohort}/", marker)
            settled(log, 2)
            return times
        finally:
            server.terminate()
            try:
                server.wait(timeout=60)
            except subprocess.TimeoutExpired:
                server.kill()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", nargs="?", type=int, default=0, help="certificates (0: the demo)")
    ap.add_argument("--repeat", type=int, default=3, help="rounds per variant (best kept)")
    ap.add_argument("--baseline", type=Path, help="src/ of another checkout to compare with")
    args = ap.parse_args()
    variants = {"this checkout": REPO / "src"}
    if args.baseline:
        variants["baseline"] = args.baseline.resolve()
    print(f"load before: {os.getloadavg()[0]:.2f} (1 min), {os.cpu_count()} CPUs", flush=True)
    results: dict[str, list[dict[str, float]]] = {name: [] for name in variants}
    with tempfile.TemporaryDirectory(prefix="bench-preview-") as tmp:
        work = Path(tmp)
        portal = copy_portal(work / "portal", args.n)
        for i in range(args.repeat):  # interleaved: each variant once per round
            for name, src in variants.items():
                root = work / f"{name.replace(' ', '-')}-{i}"
                shutil.copytree(portal, root)
                shutil.rmtree(root / "src", ignore_errors=True)  # N > 0: a placeholder folder
                (root / "src").symlink_to(src, target_is_directory=True)  # mkdocs.yml watches it
                times = one_round(root, src, work, f"{i}-{len(results[name])}")
                results[name].append(times)
                shown = ", ".join(f"{k} {v:.2f} s" for k, v in times.items())
                print(f"round {i + 1} {name}: {shown}  (load {os.getloadavg()[0]:.2f})", flush=True)
                shutil.rmtree(root, ignore_errors=True)
    size = f"{args.n:,} certificates" if args.n else "the demo"
    print(f"best of {args.repeat}, {size}:")
    for wait, target in TARGETS.items():
        cells = [f"{name} {min(r[wait] for r in runs):6.2f} s" for name, runs in results.items()]
        goal = f"  (target ≤ {target} s)" if target else ""
        print(f"  {wait:13s} " + "   ".join(cells) + goal + f"  (load {os.getloadavg()[0]:.2f})")
    print(f"load after: {os.getloadavg()[0]:.2f} (1 min)")


if __name__ == "__main__":
    main()
