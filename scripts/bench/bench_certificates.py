"""Benchmark: the portal with N certificates, static pages against plain MkDocs pages.

Writes a synthetic repository into a temporary directory (the demo curriculum,
docs and rosters, plus N/50 extra cohorts of 50 trainees who all pass, spread over
three years so that every status occurs), then builds the whole portal three
times, each in a fresh process, side by side in this one run:

* ``none``: certificate files switched off (``start_static`` writes nothing): the
  cost and the search index of everything else;
* ``static``: the real build: certificate pages written by ``write_static``;
* ``mkdocs``: the same certificate pages as ordinary MkDocs pages (their HTML
  handed to MkDocs as Markdown pages), everything else as in ``static``.

It prints each build's time, peak memory and search index size, the ratio
mkdocs/static for the whole build and for the certificate part alone (time minus
``none``), and the per-certificate costs inside ``write_static`` (QR codes,
template rendering, credentials and signing, file writes) measured in-process.
Targets: static at least 5× faster than plain pages; the search index within 25%
of ``none``; peak memory under 2 GB.

Usage: python scripts/bench/bench_certificates.py [N] [--skip-mkdocs] [--sign]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from synthetic import cohort_head, trainee_head

if TYPE_CHECKING:
    from academy.core.pipeline import Outcome
    from academy.site.common import SiteContext

REPO = Path(__file__).resolve().parents[2]
AS_OF = dt.date(2026, 11, 23)
PER_COHORT = 50
DEMO_PARTS = ("curriculum", "rosters", "evaluation", "docs", "mkdocs.yml", "overrides")
PROGRAM = "cs-bench"  # a copy of cs-specialist with its own prefix (SY), so demo numbers stay


def write_repo(root: Path, certificates: int, seed: int = 11) -> None:
    """The demo repository plus a program whose ``certificates`` trainees all pass."""
    for part in DEMO_PARTS:
        src = REPO / part
        if src.is_dir():
            shutil.copytree(src, root / part, ignore=shutil.ignore_patterns("generated"))
        elif src.exists():
            shutil.copy2(src, root / part)
    (root / "rosters/ledger.csv").unlink(missing_ok=True)
    (root / "rosters/renewals.csv").unlink(missing_ok=True)  # refers to the ledger
    (root / "rosters/print-codes.csv").unlink(missing_ok=True)
    (root / "src/academy/templates").mkdir(parents=True, exist_ok=True)  # mkdocs.yml watches it
    program = (REPO / "curriculum/programs/cs-specialist.yaml").read_text("utf-8")
    program = program.replace("id: cs-specialist", f"id: {PROGRAM}").replace(
        "prefix: CS", "prefix: SY"
    )
    program = program.replace("title: 客户服务专员认证", "title: 客户服务专员认证（压测）")
    (root / f"curriculum/programs/{PROGRAM}.yaml").write_text(program, "utf-8")
    rng = random.Random(seed)
    cohorts = -(-certificates // PER_COHORT)
    first, span = dt.date(2023, 6, 1), (AS_OF - dt.date(2023, 6, 1)).days
    folder = root / "rosters/synthetic"
    folder.mkdir(parents=True)
    emp = 0
    register = ["people:"]  # the demo has a people register: every trainee must be in it
    for c in range(cohorts):
        day = first + dt.timedelta(days=span * c // max(cohorts, 1))
        cid = f"syn-{c:05d}"
        lines = cohort_head(cid, PROGRAM, c + 1, day)
        for _ in range(min(PER_COHORT, certificates - emp)):
            emp += 1
            base = rng.randint(62, 97)
            head = trainee_head(rng, f"S{emp:06d}")
            lines += head
            lines += [
                f"    scores: {{theory: {base}, practical: {base}, daily: {base}}}",
            ]
            register += head  # id, name, department, position
            register += ["    employment: regular", f"    hired_on: {day - dt.timedelta(days=14)}"]
        (folder / f"{cid}.yaml").write_text("\n".join(lines) + "\n", "utf-8")
    people = root / "rosters/people"
    people.mkdir(parents=True, exist_ok=True)
    (people / "bench.yaml").write_text("\n".join(register) + "\n", "utf-8")


def _as_mkdocs_pages() -> None:
    """Variant ``mkdocs``: every certificate page goes through MkDocs as a Markdown page."""
    from academy.site import certificates
    from academy.site.certificates import pages as cert_pages
    from academy.site.certificates import static

    original_pages, original_write = cert_pages.pages, static.Writer.write
    bodies: dict[str, str] = {}

    def pages(outcome: Outcome, ctx: SiteContext) -> dict[str, str]:
        files = original_pages(outcome, ctx)
        maker = static.CertificateFiles(outcome, ctx, None)
        views = static.views(outcome, ctx)
        codes = static.qr.paths_many([maker.base + c.path for c in views])
        for c, (size, path) in zip(views, codes, strict=True):
            html = maker.files(c, size, path)[0][1]
            main = html.split('<main class="cert-main">', 1)[1].split("</main>", 1)[0]
            bodies[c.id] = main
            files[f"certificates/{c.id}.md"] = f"---\ntitle: 证书 {c.id}\n---\n\n{main}\n"
        return files

    def write(self: static.Writer, rel: str, text: str) -> None:
        if rel.endswith("/index.html") and rel.split("/")[1] in bodies:
            return  # MkDocs made this page
        original_write(self, rel, text)

    certificates.pages = pages
    static.Writer.write = write
    from academy.site import pages as site_pages

    site_pages.certificates = certificates


def _no_certificates() -> None:
    from academy.site import certificates

    class Nothing:  # what start_static returns, writing nothing
        def finish(self) -> int:
            return 0

        def cancel(self) -> None:
            pass

    certificates.write_static = lambda outcome, ctx, site_dir: 0
    certificates.start_static = lambda outcome, ctx, site_dir: Nothing()


def child(variant: str, root: Path, site: Path) -> None:
    """One build in this (fresh) process; prints a JSON line with its figures."""
    if variant == "mkdocs":
        _as_mkdocs_pages()
    elif variant == "none":
        _no_certificates()
    from academy.publish.build import build_site

    t0 = time.perf_counter()
    code = build_site(root, AS_OF, site)
    seconds = time.perf_counter() - t0
    bundle = site / "pagefind"  # the search bundle (Pagefind)
    files = sum(len(f) for _, _, f in os.walk(site))
    print(
        json.dumps(
            {
                "code": code,
                "seconds": seconds,
                "index": sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file()),
                "files": files,
            }
        )
    )


def run_child(variant: str, root: Path, site: Path, key: str | None) -> dict[str, float]:
    shutil.rmtree(site, ignore_errors=True)
    cmd = [sys.executable, __file__, "--child", variant, str(root), str(site)]
    env = {k: v for k, v in os.environ.items() if k != "ACADEMY_SIGNING_KEY"}
    if key is not None:
        env["ACADEMY_SIGNING_KEY"] = key
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    out = proc.stdout.read() if proc.stdout else ""
    err = proc.stderr.read() if proc.stderr else ""
    proc.returncode = os.waitstatus_to_exitcode(status)
    lines = [line for line in out.splitlines() if line.startswith("{")]
    if proc.returncode or not lines:
        sys.exit(f"{variant} build failed:\n{err[-3000:]}")
    figures = json.loads(lines[-1])
    figures["peak_mb"] = usage.ru_maxrss / 1024
    return figures


def throwaway_key() -> str:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return pem.decode("ascii")


def costs(root: Path, site: Path) -> dict[str, float]:
    """Per-certificate costs inside write_static, each step timed on its own."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from academy.core import pipeline
    from academy.core.credentials import badges
    from academy.core.credentials.keys import Signer
    from academy.site.certificates import qr, static
    from academy.site.pages import read_config, site_context

    outcome = pipeline.run(root, AS_OF, write=False)
    ctx = site_context(root, AS_OF, read_config(root))
    signer = Signer(Ed25519PrivateKey.generate())
    maker = static.CertificateFiles(outcome, ctx, signer)
    views = static.views(outcome, ctx)
    n = len(views)
    out: dict[str, float] = {"certificates": n}
    t0 = time.perf_counter()
    urls = [maker.base + c.path for c in views]
    codes = qr.paths_many(urls)
    out["qr (numpy batch)"] = time.perf_counter() - t0
    import segno

    sample = urls[:200]
    t0 = time.perf_counter()
    for u in sample:
        segno.make(u, error="m", mode="byte", micro=False).svg_inline()
    out["qr (segno, extrapolated)"] = (time.perf_counter() - t0) * n / len(sample)
    t0 = time.perf_counter()
    pages = [
        maker.page.render(
            c=c, qr=qr.svg(p, s, label=c.id), url=c.id, window=1, codes="[]", **maker.common
        )
        for c, (s, p) in zip(views, codes, strict=True)
    ]
    out["page templates"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    docs = [maker.credential(c) for c in views]
    texts = [badges.dumps(d) for d in docs]
    out["credentials (json)"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    jwts = [badges.sign(d, signer) for d in docs]
    out["signing (Ed25519)"] = time.perf_counter() - t0
    writer = static.Writer(site)
    t0 = time.perf_counter()
    for c, page, text, jwt in zip(views, pages, texts, jwts, strict=True):
        writer.write(f"{c.path}index.html", page)
        writer.write(f"{c.path}credential.json", text)
        writer.write(f"{c.path}credential.jwt", jwt)
    out["file writes"] = time.perf_counter() - t0
    shutil.rmtree(site, ignore_errors=True)
    t0 = time.perf_counter()
    static.write_static(outcome, ctx, site)
    out["write_static (all, unsigned)"] = time.perf_counter() - t0
    return out


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4]))
        return
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", nargs="?", type=int, default=20_000, help="synthetic certificates")
    ap.add_argument("--skip-mkdocs", action="store_true", help="skip the slow plain-pages build")
    ap.add_argument("--sign", action="store_true", help="sign the credentials (a throwaway key)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "repo"
        write_repo(root, args.n)
        site = Path(tmp) / "site"
        from academy.core import pipeline

        pipeline.run(root, AS_OF, write=True)  # the ledger, once, outside the timings
        variants = ["none", "static"] + ([] if args.skip_mkdocs else ["mkdocs"])
        key = throwaway_key() if args.sign else None
        results = {v: run_child(v, root, site, key) for v in variants}
        steps = costs(root, Path(tmp) / "costs")
    n = int(steps.pop("certificates"))
    signed = "signed" if args.sign else "unsigned"
    print(f"certificates          {n:>9,}  (+ the demo's; cohorts of {PER_COHORT}; {signed})")
    for v, r in results.items():
        print(
            f"build {v:<8}        {r['seconds']:>8.1f} s  peak {r['peak_mb']:>6.0f} MB  "
            f"search index {r['index'] / 1024:>7.0f} KB  files {int(r['files']):>7,}"
        )
    none, static = results["none"], results["static"]
    print(f"search index static/none  {static['index'] / none['index']:.2f}  (target ≤ 1.25)")
    if "mkdocs" in results:
        mk = results["mkdocs"]
        whole = mk["seconds"] / static["seconds"]
        part = (mk["seconds"] - none["seconds"]) / max(static["seconds"] - none["seconds"], 1e-9)
        print(f"ratio mkdocs/static       {whole:.1f}× whole build, {part:.1f}× certificate part")
        print(f"search index mkdocs/none  {mk['index'] / none['index']:.2f}")
    print(f"per-certificate costs in write_static ({n:,} certificates):")
    for name, seconds in steps.items():
        print(f"  {name:<30} {seconds:>7.2f} s  {seconds / n * 1e6:>7.0f} µs each")


if __name__ == "__main__":
    main()
