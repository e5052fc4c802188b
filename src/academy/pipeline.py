"""The pipeline, in order: load → validate → grade → certify → write.

This is the one place that states the order of the steps.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .certs import Book, Certificate, Result, issue_certificates
from .errors import InputError, Problem
from .files import outside
from .grade import Score, Status, certification_status, grade_entry, renewal_status
from .ledger import parse_ledger, read_ledger, render_ledger, write_if_changed
from .load import LEDGER_FILE, load_sources
from .model import Cohort, Entry, Project
from .requirements import check_requirements
from .timeline import Timeline
from .validate import validate_sources

Graded = list[tuple[Cohort, Entry, Score, Status]]


@dataclass
class Outcome:
    """Everything a run produced: what the JSON output and the site are made from."""

    as_of: dt.date
    project: Project
    results: list[Result]
    certificates: list[Certificate]
    added: int
    ledger_written: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "results": [r.to_dict() for r in self.results],
            "certificates": [c.to_dict(self.as_of) for c in self.certificates],
        }


def load_project(root: Path) -> Project:
    """Load and validate; raise ``InputError`` with every problem found."""
    return validate_sources(load_sources(root))


def grade_cohorts(project: Project) -> Graded:
    """Score every trainee; cohorts in date order, trainees in roster order."""
    graded: Graded = []
    for cohort in sorted(project.cohorts, key=lambda c: (c.assessed_on, c.id)):
        program = project.programs[cohort.program]
        judge = renewal_status if cohort.kind == "renewal" else None
        for entry in cohort.entries:
            score = grade_entry(program, entry)
            status = judge(score) if judge else certification_status(program, score)
            graded.append((cohort, entry, score, status))
    return graded


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building large acyclic trees.

    Loading keeps every YAML node tree (for error positions): hundreds of thousands
    of objects that the collector would otherwise scan again and again, doubling
    the time of the load. Nothing built here forms reference cycles.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.freeze()  # what was built stays: spare the collector a full scan of it
            gc.enable()


def run(root: Path, as_of: dt.date, *, write: bool) -> Outcome:
    """Validate, grade and certify everything under ``root``; grow the ledger if ``write``."""
    with gc_paused():
        return _run(root, as_of, write=write)


def _write_ledger(root: Path, text: str) -> bool:
    """Write the grown ledger, unless the next run would refuse it or it cannot be written."""
    _, refused = parse_ledger(text, LEDGER_FILE)
    if refused:  # never write what the next run would reject
        raise InputError(refused)
    try:
        return write_if_changed(root / LEDGER_FILE, text)
    except OSError as err:
        reason = err.strerror or err.__class__.__name__
        message = f"证书账本无法写入（{reason}）：请检查 rosters/ 目录的写权限和磁盘空间"
        raise InputError([Problem(LEDGER_FILE, 1, 1, "E405", message)]) from None


def _run(root: Path, as_of: dt.date, *, write: bool) -> Outcome:
    ledger_file = root / LEDGER_FILE
    if ledger_file.is_symlink() and outside(root, ledger_file):  # never read, never shown
        ledger = []
        ledger_problems = [Problem(LEDGER_FILE, 1, 1, "E110", "证书账本是指向仓库之外的符号链接")]
    else:
        ledger, ledger_problems = read_ledger(ledger_file, LEDGER_FILE)
    try:
        project = load_project(root)
    except InputError as err:
        raise InputError(err.problems + ledger_problems) from None
    if ledger_problems:
        raise InputError(ledger_problems)
    graded = grade_cohorts(project)
    book: Book = issue_certificates(project, graded, ledger, LEDGER_FILE)
    unmet = check_requirements(project, Timeline(book.results, book.certificates))
    if unmet:
        raise InputError(unmet)
    written = False
    if write and book.added:
        written = _write_ledger(root, render_ledger(book.ledger))
    return Outcome(as_of, project, book.results, book.certificates, book.added, written)
