"""The build and grade ratios of issue 25 (and issues 9, 10), measured in one run on one machine.

Every command runs as people and CI run it: the real CLI in a fresh process (start-up
and imports count on both sides), with bytecode written (``PYTHONDONTWRITEBYTECODE``
dropped), best of ``--repeat``/``--build-repeat`` (3) rounds interleaved, the
1-minute load printed beside every figure. ``scripts/bench/README.md`` lists which
script prints which row of the issue's table.

1. grade: ``academy grade --json`` on N trainees (default 20,000) against PyYAML's C
   loader (``CSafeLoader``) merely parsing the same files. Target ≤ 1.2× (stretch 1.0×).
2. build: ``academy build --as-of … --publish`` of a portal with N certificates, as
   publish.yml runs it (a signing key in ``ACADEMY_SIGNING_KEY``, a real-looking
   ``site_url``), into a fresh ``site/``, in three variants each round: the wallet
   form (eddsa-rdfc-2022, proofs cached in ``.cache/credential-proofs``) with the
   cache warm, with it emptied first (cold), and without the wallet form
   (``ACADEMY_WALLET_FORM=0``). Against plain mkdocs-material, by default
   ``same site``, issue 10's definition: every page of our site as it reaches Markdown
   (captured from a build, macros applied, spliced tables put back inline), the same
   Markdown extensions, navigation and stylesheets, the material theme without our
   overrides, the built-in search instead of Pagefind, and one plain page per
   certificate (not in the navigation). ``--baselines`` adds ``one-entry nav`` and
   ``default`` (no nav: quadratic, stopped after ``--baseline-cap`` s, a lower bound).
   Target ≥ 5× (stretch 10×).
3. floor: each round also writes the same files of the same sizes again
   (``bench_floor.py``), so the build is compared with the machine's own I/O.
4. memory: the peak of the whole process tree (builder and forked workers), sampled
   from ``/proc``: PSS (shared pages split: what the tree holds) and RSS (upper
   bound). Target < 1 GB.
5. serve (``--skip-serve`` to leave out): first answer, then two module saves → served;
   ``bench_preview.py`` times the preview properly (best of 3).

``--keep DIR`` keeps (or reuses) the synthetic portal. At 100,000:
``bench_ratios.py 100000 --skip-grade --skip-serve --baselines '' --build-repeat 1``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import bench_certificates
import bench_floor
import bench_grade
from bench_floor import load

from academy.site import fragments

AS_OF = dt.date(2026, 11, 23)
BIN = Path(sys.executable).parent
PEAK = (
    "import resource, subprocess, sys\n"
    "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode\n"
    "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
    "print(f'{code} {peak}', file=sys.stderr)\n"
)


class TreeMemory(threading.Thread):
    """Samples the memory of a whole process group (the command and every process it
    forks) every 50 ms from ``/proc``: the peak of the summed PSS (shared pages split
    between the processes that share them: what the tree really holds) and of the
    summed RSS (shared pages counted in every process: an upper bound)."""

    def __init__(self, pgid: int, skip: int) -> None:
        super().__init__(daemon=True)
        self.pgid, self.skip = pgid, skip
        self.pss = self.rss = 0.0  # MB
        self.stop = threading.Event()

    def members(self) -> list[str]:
        found = []
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit() or int(entry.name) == self.skip:
                continue
            try:
                stat = Path(f"/proc/{entry.name}/stat").read_text()
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[-1].split()
            if len(fields) > 2 and int(fields[2]) == self.pgid:
                found.append(entry.name)
        return found

    def run(self) -> None:
        while not self.stop.is_set():
            pss = rss = 0
            for pid in self.members():
                try:
                    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                        if line.startswith("Pss:"):
                            pss += int(line.split()[1])
                        elif line.startswith("Rss:"):
                            rss += int(line.split()[1])
                except OSError:
                    continue
            self.pss, self.rss = max(self.pss, pss / 1024), max(self.rss, rss / 1024)
            self.stop.wait(0.05)


PARSE = (
    "import pathlib, sys, yaml\n"
    "kept = [yaml.load(p.read_text('utf-8'), Loader=yaml.CSafeLoader)\n"
    "        for p in sorted(pathlib.Path(sys.argv[1]).rglob('*.yaml'))]\n"
)


class Run(tuple[float, float]):
    """(seconds, peak RSS of the largest process in MB), plus the whole tree's peaks."""

    tree_pss: float = 0.0
    tree_rss: float = 0.0


def timed(cmd: list[str], env: dict[str, str] | None = None) -> Run:
    """(seconds, peak RSS in MB) of ``cmd`` in a fresh process; fails loudly on exit ≠ 0."""
    found = timed_capped(cmd, env, None)
    assert found is not None
    return found


def timed_capped(cmd: list[str], env: dict[str, str] | None, cap: float | None) -> Run | None:
    """As ``timed``, but ``None`` when ``cmd`` is still running after ``cap`` seconds
    (then it is stopped, with every process it started)."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", PEAK, *cmd],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,  # its own process group, so the cap stops all of it
    )
    tree = TreeMemory(proc.pid, skip=proc.pid)  # the wrapper itself is not counted
    tree.start()
    try:
        _, stderr = proc.communicate(timeout=cap)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        return None
    finally:
        tree.stop.set()
        tree.join()
    seconds = time.perf_counter() - start
    code, peak = stderr.strip().splitlines()[-1].split()
    if code != "0":
        raise SystemExit(f"{cmd[0]} failed:\n{stderr[-3000:]}")
    run = Run((seconds, int(peak) / 1024))
    run.tree_pss, run.tree_rss = tree.pss, tree.rss
    return run


def people_env() -> dict[str, str]:
    """The environment as people and CI have it: no signing key unless given, and
    bytecode written (this machine's sessions set PYTHONDONTWRITEBYTECODE, which makes
    every command compile its imports again: ~1–2 s on both sides)."""
    drop = {"ACADEMY_SIGNING_KEY", "PYTHONDONTWRITEBYTECODE"}
    return {k: v for k, v in os.environ.items() if k not in drop}


BASELINES = {  # label: what mkdocs.yml adds to the theme and the built-in search
    "default": "",  # as a user runs it: no nav, every page lists all N pages
    "one-entry nav": "nav:\n  - index.md\n",  # stricter: a navigation of one page
    "same site": None,  # issue 10's definition: our pages too (``same_site_project``)
}


def plain_mkdocs_project(root: Path, portal: Path, extra: str) -> None:
    """One plain Markdown page per certificate of ``portal``, under a minimal mkdocs.yml
    (plus ``extra``)."""
    sys.path.insert(0, str(bench_certificates.REPO / "src"))
    from academy.core.masking import mask_name
    from academy.core.pipeline import run
    from academy.core.vocabulary import CERT_STATUS_LABELS

    outcome = run(portal, AS_OF, write=False)
    (root / "docs" / "certificates").mkdir(parents=True)
    (root / "mkdocs.yml").write_text(
        "site_name: 证书基线\ntheme:\n  name: material\n  language: zh\nplugins:\n  - search\n"
        + extra,
        "utf-8",
    )
    (root / "docs" / "index.md").write_text("# 证书基线\n", "utf-8")
    for c in outcome.certificates:
        status = CERT_STATUS_LABELS[c.status(AS_OF)]
        page = (
            f"# 证书 {c.id}\n\n| 项目 | 内容 |\n| --- | --- |\n"
            f"| 持有人 | {mask_name(c.name)}（{c.employee_id}） |\n| 方案 | {c.program} |\n"
            f"| 等级 | {c.level} |\n| 发证日期 | {c.issued_on} |\n"
            f"| 有效期至 | {c.valid_until} |\n| 状态 | {status} |\n"
        )
        (root / "docs" / "certificates" / f"{c.id}.md").write_text(page, "utf-8")


CAPTURE = r"""
import json, sys
from pathlib import Path
from mkdocs.structure import pages as P
import datetime as dt
from academy.publish.build import build_site
from academy.site import fragments
from academy.site import plugin as academy_plugin

out = Path(sys.argv[1])
found = {"pages": {}, "nav": None, "fragments": {}}
render = P.Page.render

def capture(self, config, files):  # the page's Markdown after every plugin, before conversion
    found["pages"][self.file.src_uri] = {"title": self.title, "markdown": self.markdown}
    return render(self, config, files)

P.Page.render = capture
on_config = academy_plugin.AcademyPlugin.on_config

def keep_nav(self, config):
    config = on_config(self, config)
    found["nav"] = config.nav
    found["fragments"] = {
        k: v for k, v in self.state().files.items() if k.endswith(fragments.SUFFIX)
    }
    return config

academy_plugin.AcademyPlugin.on_config = keep_nav
code = build_site(Path(sys.argv[2]), dt.date.fromisoformat(sys.argv[3]), Path(sys.argv[4]))
out.write_text(json.dumps(found, ensure_ascii=False), "utf-8")
sys.exit(code)
"""


def same_site_project(root: Path, portal: Path, env: dict[str, str]) -> None:
    """Issue 10's baseline: our site's pages as plain Markdown plus one page per certificate."""
    import yaml

    captured = root.with_suffix(".json")
    scratch = root.with_name(root.name + "-built")
    args = [str(captured), str(portal), AS_OF.isoformat(), str(scratch)]
    made = subprocess.run(
        [sys.executable, "-c", CAPTURE, *args],
        env=env,
        capture_output=True,
        text=True,
    )
    if made.returncode != 0:
        raise SystemExit(f"capturing the site's pages failed:\n{made.stderr[-3000:]}")
    shutil.rmtree(scratch, ignore_errors=True)
    found = json.loads(captured.read_text("utf-8"))
    plain_mkdocs_project(root, portal, "")  # the certificate pages and a minimal config
    docs = root / "docs"
    shutil.copytree(portal / "docs" / "assets", docs / "assets", dirs_exist_ok=True)
    for rel, page in found["pages"].items():
        text = page["markdown"]
        stem = rel.removesuffix(".md")
        if any(k.startswith(stem + ".") for k in found["fragments"]):  # tables, charts
            folder, _, page_id = stem.rpartition("/")
            parts = fragments.fragments_of(found["fragments"], folder, page_id)
            text = fragments.fill(text, page_id, parts)
        target = docs / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        head = json.dumps({"title": page["title"]}, ensure_ascii=False) if page["title"] else ""
        target.write_text(f"---\n{head[1:-1]}\n---\n\n{text}" if head else text, "utf-8")
    ours = yaml.safe_load((portal / "mkdocs.yml").read_text("utf-8"))
    config = {
        "site_name": ours["site_name"],
        "theme": {"name": "material", "language": "zh", "font": False},
        "plugins": ["search"],
        "markdown_extensions": ours["markdown_extensions"],
        "extra_css": ours["extra_css"],
        "extra_javascript": ours["extra_javascript"],
        "nav": found["nav"],
    }
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")


def folder(work: Path, kind: str) -> Path:
    """Where the plain project of baseline ``kind`` is written."""
    return work / ("plain-" + kind.replace(" ", "-"))


def pages_written(site: Path) -> int:
    """Certificate pages a (stopped) plain build had written."""
    folder = site / "certificates"
    return sum(1 for _ in folder.glob("*/index.html")) if folder.is_dir() else 0


def as_published(portal: Path, env: dict[str, str]) -> dict[str, str]:
    """Make ``portal`` and ``env`` what CI's publish job has: a real ``site_url`` and
    ``repo_url`` (``--publish`` refuses local or example ones) and a signing key."""
    config = portal / "mkdocs.yml"
    text = config.read_text("utf-8")
    text = text.replace(
        "site_url: http://127.0.0.1:8000/", "site_url: https://academy.kefu-bench.cn/"
    )
    text = text.replace(
        "repo_url: https://example.com/cs-academy", "repo_url: https://git.kefu-bench.cn/academy"
    )
    config.write_text(text, "utf-8")
    return {**env, "ACADEMY_SIGNING_KEY": bench_certificates.throwaway_key()}


def wait_for(url: str, marker: str | None, timeout: float) -> float:
    """Seconds until ``url`` answers (and contains ``marker``)."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                body = response.read().decode("utf-8", "replace")
            if marker is None or marker in body:
                return time.perf_counter() - start
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"{url} did not show {marker!r} within {timeout:.0f} s")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve_reload(root: Path, edits: int = 2) -> tuple[float, list[float]]:
    """(seconds to first answer, seconds from each saved module edit to its page served)."""
    port = free_port()
    cmd = [str(BIN / "academy"), "serve", "--root", str(root), "--as-of", AS_OF.isoformat()]
    server = subprocess.Popen(
        [*cmd, "--addr", f"127.0.0.1:{port}"], stderr=subprocess.PIPE, text=True
    )
    base = f"http://127.0.0.1:{port}/modules/communication/"
    try:
        first = wait_for(base, None, 1800)
        module = root / "curriculum" / "modules" / "communication.md"
        reloads = []
        for i in range(edits):
            marker = f"压测修改第{i + 1}次{time.time_ns()}"
            with module.open("a", encoding="utf-8") as f:
                f.write(f"\n{marker}\n")
            reloads.append(wait_for(base, marker, 1800))
            time.sleep(2)
        return first, reloads
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


def measure_grade(graded: Path, n: int, repeat: int, env: dict[str, str]) -> float:
    """Best of ``repeat`` interleaved runs of ``academy grade --json`` and of a plain parse."""
    bench_grade.write_repo(graded, n)
    parse_cmd = [sys.executable, "-c", PARSE, str(graded)]
    grade_cmd = [str(BIN / "academy"), "grade", "--json", "--root", str(graded)]
    grade_cmd += ["--as-of", AS_OF.isoformat()]
    timed(grade_cmd, env)  # first run numbers the ledger; later runs are the CI case
    parse_times, grade_times = [], []
    for i in range(repeat):  # interleaved
        parse_times.append(timed(parse_cmd, env)[0])
        grade_times.append(timed(grade_cmd, env)[0])
        print(
            f"  round {i + 1}: grade --json {grade_times[-1]:6.2f} s, "
            f"CSafeLoader parse {parse_times[-1]:6.2f} s  ({load()})",
            flush=True,
        )
    parse, grade = min(parse_times), min(grade_times)
    print(
        f"grade --json at {n:,} trainees {grade:7.2f} s   CSafeLoader parse {parse:7.2f} s   "
        f"ratio {grade / parse:.2f}×  (target ≤ 1.2×, stretch 1.0×; was 1.51–1.60×)  ({load()})",
        flush=True,
    )
    return grade / parse


# The build variants timed in every round (interleaved with the baselines): the wallet
# form (eddsa-rdfc-2022 proofs, cached per chunk in .cache/credential-proofs) with its
# cache as CI's ``actions/cache`` restores it, with the cache emptied first, and without
# the wallet form (ACADEMY_WALLET_FORM=0: only the VC-JWT).
VARIANTS = {
    "wallet form, warm proof cache": {},
    "wallet form, cold proof cache": {"cold": "1"},
    "no wallet form": {"ACADEMY_WALLET_FORM": "0"},
}
MAIN = "wallet form, warm proof cache"  # the figure the ratio is taken from (CI's case)


def fresh_site(project: Path) -> None:
    """Remove a previous build's ``site/`` before a timed build (not timed): CI builds
    into a fresh clone, and ``academy build`` would otherwise delete the old folder
    in the background, slowing whatever is timed next."""
    shutil.rmtree(project / "site", ignore_errors=True)


def build_variant(portal: Path, cmd: list[str], env: dict[str, str], kind: str) -> Run:
    extra = dict(VARIANTS[kind])
    fresh_site(portal)
    if extra.pop("cold", None):
        shutil.rmtree(portal / ".cache" / "credential-proofs", ignore_errors=True)
    return timed(cmd, {**env, **extra})


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", nargs="?", type=int, default=20_000, help="certificates / trainees")
    ap.add_argument("--repeat", type=int, default=3, help="grade runs per side (best kept)")
    ap.add_argument("--build-repeat", type=int, default=3, help="build rounds (best kept)")
    ap.add_argument(
        "--baselines",
        default="same site",
        help="comma-separated plain builds: 'same site' (issue 10's definition, the default),"
        " 'one-entry nav', 'default' (stopped after --baseline-cap s); '' for none",
    )
    ap.add_argument(
        "--variants",
        default=";".join(VARIANTS),
        help="build variants, separated by ';': " + "; ".join(VARIANTS),
    )
    ap.add_argument(
        "--baseline-cap",
        type=float,
        default=600.0,
        help="seconds after which the default-configuration baseline is stopped (lower bound)",
    )
    ap.add_argument("--skip-serve", action="store_true", help="no serve reload measurement")
    ap.add_argument("--skip-grade", action="store_true", help="no grade measurement")
    ap.add_argument("--skip-build", action="store_true", help="no build measurement")
    ap.add_argument(
        "--floor",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="time writing the same files in every round (bench_floor.py)",
    )
    ap.add_argument("--keep", type=Path, help="keep the synthetic portal in this folder")
    args = ap.parse_args()
    env = people_env()
    kinds = [k.strip() for k in args.baselines.split(",") if k.strip()]
    variants = [k.strip() for k in args.variants.split(";") if k.strip()]
    if MAIN not in variants:
        variants.insert(0, MAIN)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        print(f"{load()} before, {os.cpu_count()} CPUs", flush=True)

        grade_ratio = None
        graded = work / "grade"
        if not args.skip_grade:
            grade_ratio = measure_grade(graded, args.n, args.repeat, env)
        portal = args.keep or work / "portal"
        if not (portal / "mkdocs.yml").exists():
            bench_certificates.write_repo(portal, args.n)
        ci_env = as_published(portal, env)
        build_cmd = [str(BIN / "academy"), "build", "--root", str(portal)]
        build_cmd += ["--as-of", AS_OF.isoformat(), "--publish"]  # as publish.yml runs it
        ratios: dict[str, str | float] = {}
        peaks: list[Run] = []
        if not args.skip_build:
            first = timed(build_cmd, ci_env)  # numbers the ledger once; the runs below rebuild
            print(
                f"first build (numbers {args.n:,} certificates, signs every proof, "
                f"writes .pyc) {first[0]:7.2f} s  ({load()})",
                flush=True,
            )
            for kind in kinds:
                extra = BASELINES[kind]
                if extra is None:
                    same_site_project(folder(work, kind), portal, ci_env)
                else:
                    plain_mkdocs_project(folder(work, kind), portal, extra)
            builds: dict[str, list[float]] = {v: [] for v in variants}
            baselines: dict[str, list[float | None]] = {kind: [] for kind in kinds}
            stopped_at: dict[str, int] = {}
            floors: list[float] = []
            for i in range(args.build_repeat):  # interleaved
                for variant in variants:
                    run = build_variant(portal, build_cmd, ci_env, variant)
                    builds[variant].append(run[0])
                    peaks.append(run)
                    print(
                        f"  round {i + 1}: academy build --publish ({variant}) {run[0]:7.2f} s, "
                        f"peak: tree PSS {run.tree_pss:.0f} MB, tree RSS {run.tree_rss:.0f} MB, "
                        f"largest process {run[1]:.0f} MB  ({load()})",
                        flush=True,
                    )
                if args.floor:
                    files = bench_floor.tree(portal / "site")
                    floor = bench_floor.timed_write(work, files, 1)
                    floors.append(floor)
                    print(
                        f"  round {i + 1}: floor: writing the same {len(files):,} files "
                        f"({sum(s for _, s in files) / 2**20:.0f} MB) in one process "
                        f"{floor:6.2f} s  ({load()})",
                        flush=True,
                    )
                for kind in kinds:
                    plain = folder(work, kind)
                    mkdocs = [str(BIN / "mkdocs"), "build", "-q", "-f", str(plain / "mkdocs.yml")]
                    cap = args.baseline_cap if kind == "default" else None
                    fresh_site(plain)
                    found = timed_capped(mkdocs, env, cap)
                    baselines[kind].append(found[0] if found else None)
                    if found is None:
                        stopped_at[kind] = pages_written(plain / "site")
                    shown = f"{found[0]:7.2f} s" if found else f"> {cap:.0f} s, stopped"
                    print(
                        f"  round {i + 1}: plain mkdocs-material ({kind}) {shown}  ({load()})",
                        flush=True,
                    )
            print(f"build at {args.n:,} certificates, best of {args.build_repeat}:")
            for variant in variants:
                print(f"  academy build --publish ({variant}) {min(builds[variant]):7.2f} s")
            build = min(builds[MAIN])
            if floors:
                print(
                    f"  floor (the same files written, one process) {min(floors):7.2f} s: "
                    f"the build takes {build / min(floors):.1f}× it"
                )
            for kind in kinds:
                done = [t for t in baselines[kind] if t is not None]
                if done:
                    ratios[kind] = min(done) / build
                    print(
                        f"  vs plain mkdocs-material, {kind:13s} {min(done):8.2f} s   "
                        f"ratio {min(done) / build:5.1f}×  (target ≥ 5×, stretch 10×; "
                        f"was 4.0–4.6×)  ({load()})",
                        flush=True,
                    )
                else:
                    ratios[kind] = f"> {args.baseline_cap / build:.1f}"
                    print(
                        f"  vs plain mkdocs-material, {kind:13s} > {args.baseline_cap:.0f} s, "
                        f"stopped ({stopped_at[kind]:,} of {args.n:,} pages written)   "
                        f"ratio > {args.baseline_cap / build:.1f}×  (lower bound)",
                        flush=True,
                    )
            print(
                f"peak memory of academy build (whole process tree): "
                f"PSS {max(r.tree_pss for r in peaks):.0f} MB, "
                f"RSS {max(r.tree_rss for r in peaks):.0f} MB; largest process "
                f"{max(r[1] for r in peaks):.0f} MB  (target < 1024 MB)  ({load()})",
                flush=True,
            )

        if not args.skip_serve:
            first_answer, reloads = serve_reload(portal)
            print(
                f"serve: first answer after {first_answer:.1f} s; save → page served "
                + ", ".join(f"{r:.1f} s" for r in reloads)
                + f"  (bench_preview.py times it best of 3)  ({load()})"
            )
        print(f"{load()} after")
        summary = {
            "build_ratio": ratios,
            "grade_ratio": grade_ratio,
            "peak_pss_mb": max((r.tree_pss for r in peaks), default=None),
        }
        print(json.dumps(summary))
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
