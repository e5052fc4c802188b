"""``academy ci …``: the commands the GitHub workflows call.

Each subcommand lives in its own module and registers itself here:
``annotate`` (validation problems as line annotations), ``summary`` (what a pull
request changes, as a job summary) and ``ledger-guard`` (the certificate ledger
only grows).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

AddArg = Callable[[argparse.ArgumentParser], None]


def register(sub: argparse._SubParsersAction, add_root: AddArg, add_as_of: AddArg) -> None:
    """Add the ``ci`` subcommands to ``sub``."""
    from . import annotate, ledger_guard, summary

    annotate.register(sub, add_root)
    summary.register(sub, add_root, add_as_of)
    ledger_guard.register(sub, add_root)
