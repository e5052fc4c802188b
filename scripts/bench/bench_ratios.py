"""The performance targets of issue 10 §5 and issue 9 §4, measured in one run on one machine.

Prints four figures against plain baselines (each tool in a fresh process, so
interpreter start-up and imports count on both sides):

1. build: ``academy build`` of a portal with N certificates (default 20,000), timed
   exactly as CI publishes it (``academy build --as-of … --publish`` with a signing
   key in ``ACADEMY_SIGNING_KEY``, a real-looking ``site_url``), against plain
   mkdocs-material building one Markdown page per certificate, twice:

   * ``default``: the plain tool as a user runs it, its default configuration
     (the material theme and the built-in search, no ``nav``). Every page then
     lists all N pages in its navigation and the build is quadratic (at 20,000
     it had written 1,817 pages after 20 minutes), so it is stopped after
     ``--baseline-cap`` seconds (default 600) and reported as a lower bound:
     "> 600 s, stopped", ratio "> x×", with the pages it had written by then;
   * ``one-entry nav``: the same with ``nav: [index.md]``, the stricter figure
     (a plain build tuned by someone who knows why the default is slow);
   * ``same site``: issue 10's own definition, "the same site built with one plain
     mkdocs-material page per certificate": every page of our site as it reaches
     Markdown (captured from a build of the portal, macros applied, the spliced tables
     put back inline as raw HTML), the same Markdown extensions, navigation and
     stylesheets, the material theme without our template overrides, the built-in
     search instead of Pagefind, and one plain page per certificate (not in the
     navigation, as a site owner would list 20,000 pages).

   Target ≥ 5× (stretch 10×); every ratio is printed.
2. grade: ``academy grade --json`` on N trainees against PyYAML's C loader
   (``CSafeLoader``) merely parsing the same files; best of three, interleaved.
   Target ≤ 1.5× (stretch 1.0×). Measured at 20,000 on 2 shared CPUs (load ~3):
   1.58 s vs 1.10 s, 1.43× (1.90× before the fast validator's ``$ref``s were
   inlined and the YAML loader's composer hooks made cheaper).
3. memory: peak RSS of ``academy build`` (and of its certificate workers). Target < 1 GB.
4. serve: ``academy serve`` on the same portal: seconds until the server first
   answers, then from saving a module to the changed page being served (twice).
   Target ≤ 10 s.

The build and serve figures are slow at 20,000 (minutes): ``--build-repeat``
(default 1) and ``--skip-baseline`` / ``--skip-serve`` keep the run short on a
shared machine. Usage: python scripts/bench/bench_ratios.py [N] [options]
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
import time
import urllib.request
from pathlib import Path

import bench_certificates
import bench_grade

from academy.site import fragments

AS_OF = dt.date(2026, 11, 23)
BIN = Path(sys.executable).parent
PEAK = (
    "import resource, subprocess, sys\n"
    "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode\n"
    "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
    "print(f'{code} {peak}', file=sys.stderr)\n"
)
PARSE = (
    "import pathlib, sys, yaml\n"
    "kept = [yaml.load(p.read_text('utf-8'), Loader=yaml.CSafeLoader)\n"
    "        for p in sorted(pathlib.Path(sys.argv[1]).rglob('*.yaml'))]\n"
)


def timed(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """(seconds, peak RSS in MB) of ``cmd`` in a fresh process; fails loudly on exit ≠ 0."""
    found = timed_capped(cmd, env, None)
    assert found is not None
    return found


def timed_capped(
    cmd: list[str], env: dict[str, str] | None, cap: float | None
) -> tuple[float, float] | None:
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
    try:
        _, stderr = proc.communicate(timeout=cap)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        return None
    seconds = time.perf_counter() - start
    code, peak = stderr.strip().splitlines()[-1].split()
    if code != "0":
        raise SystemExit(f"{cmd[0]} failed:\n{stderr[-3000:]}")
    return seconds, int(peak) / 1024


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
    for _ in range(repeat):  # interleaved
        parse_times.append(timed(parse_cmd, env)[0])
        grade_times.append(timed(grade_cmd, env)[0])
    parse, grade = min(parse_times), min(grade_times)
    print(
        f"grade --json  {grade:7.2f} s   CSafeLoader parse {parse:7.2f} s   "
        f"ratio {grade / parse:.2f}  (target ≤ 1.5)",
        flush=True,
    )
    return grade / parse


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", nargs="?", type=int, default=20_000, help="certificates / trainees")
    ap.add_argument("--repeat", type=int, default=3, help="grade runs per side (best kept)")
    ap.add_argument("--build-repeat", type=int, default=1, help="build runs per side")
    ap.add_argument("--skip-baseline", action="store_true", help="no plain mkdocs build")
    ap.add_argument(
        "--skip-default-baseline", action="store_true", help="only the one-entry-nav baseline"
    )
    ap.add_argument(
        "--baseline-cap",
        type=float,
        default=600.0,
        help="seconds after which the default-configuration baseline is stopped (lower bound)",
    )
    ap.add_argument("--skip-serve", action="store_true", help="no serve reload measurement")
    ap.add_argument("--skip-grade", action="store_true", help="no grade measurement")
    args = ap.parse_args()
    env = {k: v for k, v in os.environ.items() if k != "ACADEMY_SIGNING_KEY"}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        print(f"load before: {os.getloadavg()[0]:.2f} (1 min), {os.cpu_count()} CPUs", flush=True)

        grade_ratio = None
        graded = work / "grade"
        if not args.skip_grade:
            grade_ratio = measure_grade(graded, args.n, args.repeat, env)
        portal = work / "portal"
        bench_certificates.write_repo(portal, args.n)
        ci_env = as_published(portal, env)
        build_cmd = [str(BIN / "academy"), "build", "--root", str(portal)]
        build_cmd += ["--as-of", AS_OF.isoformat(), "--publish"]  # as publish.yml runs it
        timed(build_cmd, ci_env)  # numbers the ledger once; the runs below are rebuilds
        kinds = [] if args.skip_baseline else list(BASELINES)
        if args.skip_default_baseline and "default" in kinds:
            kinds.remove("default")
        for kind in kinds:
            extra = BASELINES[kind]
            if extra is None:
                same_site_project(folder(work, kind), portal, ci_env)
            else:
                plain_mkdocs_project(folder(work, kind), portal, extra)
        builds, peaks = [], []
        baselines: dict[str, list[float | None]] = {kind: [] for kind in kinds}
        stopped_at: dict[str, int] = {}
        for _ in range(args.build_repeat):  # interleaved
            seconds, peak = timed(build_cmd, ci_env)
            builds.append(seconds)
            peaks.append(peak)
            print(f"academy build --publish {seconds:7.2f} s, peak {peak:.0f} MB", flush=True)
            for kind in kinds:
                plain = folder(work, kind)
                mkdocs = [str(BIN / "mkdocs"), "build", "-q", "-f", str(plain / "mkdocs.yml")]
                cap = args.baseline_cap if kind == "default" else None
                found = timed_capped(mkdocs, env, cap)
                baselines[kind].append(found[0] if found else None)
                if found is None:
                    stopped_at[kind] = pages_written(plain / "site")
                shown = f"{found[0]:7.2f} s" if found else f"> {cap:.0f} s, stopped"
                print(f"plain mkdocs-material ({kind}) {shown}", flush=True)
        build = min(builds)
        print(f"academy build --publish (as CI runs it) {build:7.2f} s", flush=True)
        ratios: dict[str, str | float] = {}
        for kind in kinds:
            done = [t for t in baselines[kind] if t is not None]
            if done:
                ratios[kind] = min(done) / build
                print(
                    f"  vs plain mkdocs-material, {kind:13s} {min(done):8.2f} s   "
                    f"ratio {min(done) / build:5.1f}×  (target ≥ 5×)",
                    flush=True,
                )
            else:
                ratios[kind] = f"> {args.baseline_cap / build:.1f}"
                print(
                    f"  vs plain mkdocs-material, {kind:13s} > {args.baseline_cap:.0f} s, stopped "
                    f"({stopped_at[kind]:,} of {args.n:,} pages written)   "
                    f"ratio > {args.baseline_cap / build:.1f}×  (lower bound; target ≥ 5×)",
                    flush=True,
                )
        print(f"peak memory of academy build {max(peaks):.0f} MB  (target < 1024 MB)", flush=True)

        if not args.skip_serve:
            first, reloads = serve_reload(portal)
            print(
                f"serve: first answer after {first:.1f} s; save → page served "
                + ", ".join(f"{r:.1f} s" for r in reloads)
                + "  (target ≤ 10 s)"
            )
        print(f"load after: {os.getloadavg()[0]:.2f} (1 min)")
        print(
            json.dumps(
                {
                    "build_ratio": ratios,
                    "grade_ratio": grade_ratio,
                    "peak_mb": max(peaks),
                }
            )
        )
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
