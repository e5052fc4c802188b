"""Benchmark: the certificate QR codes of N certificates, hand-written encoder against segno.

The site build draws one QR code per certificate (``qr.paths_many``: numpy batches).
This measures that step alone, in this one process, against plain segno doing the
same job, side by side (interleaved, best of ``--repeat``):

* ``numpy``: ``qr.paths_many(urls)`` — what the build uses;
* ``segno``: ``segno.make(url, error="m", mode="byte", micro=False)`` per URL (segno
  picks the mask, as ISO/IEC 18004 asks: the same symbols module for module), then
  the same SVG path code;
* ``segno-mask0``: segno with a fixed mask (skips the mask choice; different but
  valid symbols), the cheapest way to keep segno.

Everything else in the build is the same whichever encoder is used, so the
difference is what the build gains or loses; the build splits this work over one
process per CPU (``static.workers``), which divides every column alike.

Usage: python scripts/bench/bench_qr.py [N] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable

import numpy as np
import segno

from academy.site.certificates import qr

BASE = "https://academy.example.cn/certificates/"


def urls(n: int) -> list[str]:
    """URLs like the build's: numbers spread over years and two prefixes."""
    return [f"{BASE}{'CS' if i % 3 else 'AS'}{2020 + i % 7}{i:05d}/" for i in range(n)]


def with_numpy(texts: list[str]) -> int:
    return len(qr.paths_many(texts))


def _segno(texts: list[str], mask: int | None) -> int:
    done = 0
    for text in texts:
        code = segno.make(text, error="m", mode="byte", micro=False, mask=mask)
        matrix = np.array([list(r) for r in code.matrix], dtype=np.uint8)
        done += len(qr._paths(matrix[None]))
    return done


def with_segno(texts: list[str]) -> int:
    return _segno(texts, None)


def with_segno_mask0(texts: list[str]) -> int:
    return _segno(texts, 0)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("n", nargs="?", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    texts = urls(args.n)
    modes: dict[str, Callable[[list[str]], int]] = {
        "numpy": with_numpy,
        "segno": with_segno,
        "segno-mask0": with_segno_mask0,
    }
    best = {name: float("inf") for name in modes}
    for round_ in range(args.repeat):
        for name, run in modes.items():
            start = time.perf_counter()
            assert run(texts) == len(texts)
            seconds = time.perf_counter() - start
            best[name] = min(best[name], seconds)
            print(f"round {round_ + 1} {name:12} {seconds:8.2f} s", flush=True)
    print(f"\nQR codes of {args.n} certificates, best of {args.repeat}, one process:")
    for name, seconds in best.items():
        print(f"  {name:12} {seconds:8.2f} s  {seconds / args.n * 1e3:6.3f} ms/code")
    for name in ("segno", "segno-mask0"):
        ratio = best[name] / best["numpy"]
        saved = best[name] - best["numpy"]
        print(f"  {name}/numpy = {ratio:.1f}×  (the build saves {saved:.1f} s of CPU)")
    print(f"  load: {os.getloadavg()}")


if __name__ == "__main__":
    main()
