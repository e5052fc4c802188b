"""Benchmark: cohort results tables inside the Markdown page (md_in_html) or spliced in.

A cohort page's results table used to sit in the Markdown page as a raw HTML block,
which Python-Markdown's md_in_html re-parses with ``html.parser``; now the page has
an empty slot and the table is put into the built HTML afterwards
(``academy.site.cohorts.splice_tables``). This converts the same synthetic cohort
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
    from academy.site import cohorts
    from academy.site.common import SiteContext

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "repo"
        write_repo(root, args.cohorts * PER_COHORT)
        outcome = pipeline.run(root, AS_OF, write=False)
        files = cohorts.pages(outcome, SiteContext(root=root, as_of=AS_OF))
        pairs = []
        for name, text in files.items():
            table = files.get(name.removesuffix(".md") + cohorts.TABLE_SUFFIX)
            if name.endswith(".md") and table is not None:
                body = text.split("---\n", 2)[2]
                slot = next(line for line in body.splitlines() if "academy-results-slot" in line)
                pairs.append((body.replace(slot, table), body, slot, table))

        def inline() -> None:
            for old, _, _, _ in pairs:
                markdown.markdown(old, extensions=EXTENSIONS)

        def spliced() -> None:
            for _, new, slot, table in pairs:
                html = markdown.markdown(new, extensions=EXTENSIONS)
                html.replace(slot, table, 1)

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
