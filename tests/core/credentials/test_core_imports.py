"""The verifier is core: it must work without the site generator (and never import it)."""

from __future__ import annotations

import subprocess
import sys


def test_verification_and_badges_do_not_import_the_site() -> None:
    """In a fresh interpreter, does importing the verifier load no academy.site module?"""
    code = (
        "import sys, academy.core.credentials.verification, academy.core.credentials.badges,"
        " academy.core.credentials.trust, academy.core.certify.printcodes;"
        "print(sorted(m for m in sys.modules if m.startswith(('academy.site', 'academy.ci'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
