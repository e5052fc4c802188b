"""GitHub Actions workflow commands and the job summary, as plain functions.

Escaping follows the runner's rules (``@actions/core``, ``command.ts``): the
message escapes ``%``, ``\\r`` and ``\\n``; property values also ``:`` and ``,``.
"""

from __future__ import annotations

import os
from pathlib import Path


def escape_data(text: str) -> str:
    """Escape a workflow command's message."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a workflow command's property value (``file=…``, ``title=…``)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def error_command(path: str, line: int, column: int, title: str, message: str) -> str:
    """``::error file=…,line=…,col=…,title=…::message``: an annotation on that line."""
    props = f"file={escape_property(path)},line={line},col={column},title={escape_property(title)}"
    return f"::error {props}::{escape_data(message)}"


def warning_command(path: str, line: int, column: int, title: str, message: str) -> str:
    """``::warning file=…,line=…,col=…,title=…::message``: a warning annotation on that line."""
    props = f"file={escape_property(path)},line={line},col={column},title={escape_property(title)}"
    return f"::warning {props}::{escape_data(message)}"


def in_actions() -> bool:
    """True inside a GitHub Actions job."""
    return os.environ.get("GITHUB_ACTIONS") == "true"


def step_summary_file() -> Path | None:
    """Where the job summary goes (``$GITHUB_STEP_SUMMARY``), if anywhere."""
    value = os.environ.get("GITHUB_STEP_SUMMARY", "")
    return Path(value) if value else None
