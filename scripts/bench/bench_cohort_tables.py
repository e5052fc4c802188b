"""Benchmark: cohort results tables inside the Markdown page (md_in_html) or spliced in.

A cohort page's results table and level chart used to sit in the Markdown page as
raw HTML blocks, which Python-Markdown re-parses with ``html.parser``; now the page
has empty slots and they are put into the built HTML afterwards
(``academy.site.fragments``). This converts the same synthetic cohort
pages (N cohorts of 50 trainees, as in bench_certificates.py) with the site's
Markdown extensions both ways, best of three, interleaved, and prints seconds and
the ratio, plus the cost of the splice itself.

Usage: python scripts/bench/bench_cohort_tables.py [COHORTS]   (default 80)
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import markdown

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_certificates import AS_OF, PER_COHORT, write_repo

EXTENSIONS = [
    "abbr",
    "admonition",
    "attr_list",
    "def_list",
    "footnotes",
    "md_in_html",
    "tables",
    "toc",
    "pymdownx.details",
    "pymdownx.superfences",
    "pymdownx.tabbed",
    "pymdownx.tasklist",
]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("cohorts", nargs="?", type=int, default=80)
    args = ap.parse_args()
    from academy.core import pipeline
    from academy.site import cohorts, fragments
    from academy.site.common import SiteContext

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "repo"
        write_repo(root, args.cohorts * PER_COHORT)
        outcome = pipeline.run(root, AS_OF, write=False)
        files = cohorts.pages(outcome, SiteContext(root=root, as_of=AS_OF))
        pairs = []
        for name, text in files.items():
            page_id = name.removesuffix(".md").rpartition("/")[2]
            if not name.endswith(".md") or page_id == "index":
                continue
            parts = fragments.fragments_of(files, cohorts.COHORTS_DIR, page_id)  # table, chart
            body = text.split("---\n", 2)[2]
            pairs.append((fragments.fill(body, page_id, parts), body, page_id, parts))

        def inline() -> None:
            for old, _, _, _ in pairs:
                markdown.markdown(old, extensions=EXTENSIONS)

        def spliced() -> None:
            for _, new, page_id, parts in pairs:
                fragments.fill(markdown.markdown(new, extensions=EXTENSIONS), page_id, parts)

        best = {"inline": float("inf"), "spliced": float("inf")}
        for _ in range(3):  # interleaved, best of three
            for label, run in (("inline", inline), ("spliced", spliced)):
                start = time.perf_counter()
                run()
                best[label] = min(best[label], time.perf_counter() - start)
    print(f"{len(pairs)} cohort pages, {PER_COHORT} trainees each (Markdown conversion only)")
    print(f"table inside the Markdown page (md_in_html): {best['inline']:.2f} s")
    print(f"slot + splice after the build:               {best['spliced']:.2f} s")
    print(f"ratio inline/spliced: {best['inline'] / best['spliced']:.1f}×")


if __name__ == "__main__":
    main()
