"""Build the demo portal and print its figures: build time, pages, search index size.

Usage: .venv/bin/python scripts/bench/bench_site.py [--runs 3] [--as-of 2026-11-23]
Builds a throw-away copy of the demo repository, so the working tree is not touched.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import tempfile
import time
from contextlib import redirect_stderr
from io import StringIO
from pathlib import Path

from academy.publish.build import build_site

REPO = Path(__file__).resolve().parents[2]
PARTS = ("curriculum", "rosters", "docs", "overrides", "mkdocs.yml")


def copy_demo(dest: Path) -> Path:
    for part in PARTS:
        src = REPO / part
        if src.is_dir():
            shutil.copytree(src, dest / part)
        else:
            shutil.copy2(src, dest / part)
    (dest / "src").symlink_to(REPO / "src", target_is_directory=True)
    return dest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=dt.date(2026, 11, 23))
    args = parser.parse_args()
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(args.runs):
            root = copy_demo(Path(tmp) / f"run{run}")
            start = time.perf_counter()
            with redirect_stderr(StringIO()):
                code = build_site(root, args.as_of)
            times.append(time.perf_counter() - start)
            assert code == 0, "the demo portal did not build"
        site = root / "site"
        html = sorted(site.rglob("*.html"))
        mkdocs_pages = [
            p
            for p in html
            if '<meta name="generator"' in p.read_text("utf-8")
            or 'class="md-search academy-search"' in p.read_text("utf-8")
        ]
        bundle = site / "pagefind"  # Pagefind's chunked index: a query loads a few chunks
        index_bytes = sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file())
        files = [p for p in site.rglob("*") if p.is_file()]
        print(
            f"build time (academy build, {args.runs} runs): "
            f"median {statistics.median(times):.1f} s, min {min(times):.1f} s"
        )
        print(
            f"HTML pages: {len(html)} (theme pages {len(mkdocs_pages)}, "
            f"static certificate pages {len(html) - len(mkdocs_pages)})"
        )
        print(f"files in site/: {len(files)}, {sum(p.stat().st_size for p in files) / 1e6:.1f} MB")
        print(f"search bundle (pagefind/, all chunks): {index_bytes / 1024:.0f} KB")


if __name__ == "__main__":
    main()
