"""Benchmark: what the wallet form (embedded eddsa-rdfc-2022 proofs) costs the whole build.

Builds the synthetic portal of ``bench_certificates`` (N certificates, signed with a
throwaway key) three times, each in a fresh process:

* ``jwt only``: ``ACADEMY_WALLET_FORM=0``: credential.json without a proof;
* ``wallet, cold cache``: every credential canonicalised (pyld) and proved;
* ``wallet, warm cache``: the same build again: proofs come from
  ``.cache/credential-proofs/`` (nothing changed, so nothing is canonicalised).

Usage: python scripts/bench/bench_credentials.py [N]
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

from bench_certificates import run_child, throwaway_key, write_repo


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    key = throwaway_key()
    with tempfile.TemporaryDirectory(prefix="bench-credentials-") as tmp:
        root = Path(tmp) / "repo"
        write_repo(root, n)
        site = Path(tmp) / "site"
        rows = []
        for label, wallet in (
            ("jwt only", "0"),
            ("wallet, cold cache", "1"),
            ("wallet, warm cache", "1"),
        ):
            if label.endswith("cold cache"):
                shutil.rmtree(root / ".cache", ignore_errors=True)
            os.environ["ACADEMY_WALLET_FORM"] = wallet  # inherited by the child build only
            figures = run_child("static", root, site, key)
            rows.append((label, figures))
        os.environ.pop("ACADEMY_WALLET_FORM", None)
    base = rows[0][1]["seconds"]
    print(f"certificates {n:,} (+ the demo's), signed, whole build (academy build)")
    for label, f in rows:
        ratio = f["seconds"] / base
        print(f"{label:<20} {f['seconds']:8.1f} s  ×{ratio:4.2f}  peak {f['peak_mb']:6.0f} MB")


if __name__ == "__main__":
    main()
