"""The pipeline, in order: load → validate → grade → certify → write.

This is the one place that states the order of the steps.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from json.encoder import encode_basestring
from pathlib import Path
from typing import Any

from academy.core.certify import append_log, printcodes
from academy.core.certify.issue import Book, Certificate, Result, issue_certificates, supersede
from academy.core.certify.ledger import LEDGER, LedgerRow, parse_ledger, read_ledger, render_ledger
from academy.core.certify.renewal_log import (
    RENEWALS,
    RENEWALS_FILE,
    RenewalRow,
    check_renewals,
    parse_renewals,
    read_renewals,
    render_renewals,
)
from academy.core.certify.requirements import check_requirements
from academy.core.certify.timeline import Timeline
from academy.core.grade.inputs import check_inputs, with_attendance
from academy.core.grade.totals import (
    Score,
    Status,
    certification_status,
    grade_entry,
    renewal_status,
)
from academy.core.load.evaluation.reader import load_evaluation
from academy.core.load.files import outside
from academy.core.load.sources import LEDGER_FILE, Sources, load_sources
from academy.core.validate.groups import check_target_names
from academy.core.validate.project import (
    explain_slips,
    module_names,
    validate_sources,
    without_broken_rosters,
)

from .errors import InputError, Problem
from .model import Cohort, Entry, Project

Graded = list[tuple[Cohort, Entry, Score, Status]]


@dataclass
class Outcome:
    """Everything a run produced as of ``as_of``: what every output is made from.

    ``results`` are those assessed by ``as_of``; ``certificates`` those issued by it, as
    they stood on it; ``known`` every certificate whose roster was assessed by it (some
    issued later), the data the HR lists view on other days (the end of the month).
    """

    as_of: dt.date
    project: Project
    results: list[Result]
    certificates: list[Certificate]
    added: int
    ledger_written: bool
    ledger: list[LedgerRow] = field(default_factory=list)  # with the ``added`` new rows
    renewals: list[RenewalRow] = field(default_factory=list)  # rosters/renewals.csv, grown
    renewals_added: int = 0
    renewals_written: bool = False
    known: list[Certificate] = field(default_factory=list)

    def assessed(self, cohort: Cohort) -> bool:
        """Has ``cohort`` been assessed by ``as_of``? A later one is 待考核 (rule 4.11)."""
        return cohort.assessed_on <= self.as_of

    def to_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "results": [r.to_dict() for r in self.results],
            "certificates": [c.to_dict(self.as_of) for c in self.certificates],
        }

    def to_json(self) -> str:
        """The ``grade --json`` document: one result or certificate per line.

        ``json.dumps(…, indent=2)`` falls back to the pure-Python encoder (a third of
        ``grade`` at 20,000 trainees); each line here is what the C encoder makes of the
        record's ``to_dict`` (``json.dumps(v, ensure_ascii=False)``), results and
        certificates written straight from their fields (``_result_lines``), the
        values every record repeats (cohort, program, level, status) encoded once.
        """
        encode = json.JSONEncoder(ensure_ascii=False).encode  # json.dumps(v, ensure_ascii=False)
        records: dict[str, Callable[[Any, dt.date, Callable[[Any], str]], list[str]]] = {
            "results": _result_lines,
            "certificates": _certificate_lines,
        }
        lines = []
        for key, value in self.to_dict_head().items():
            head = f"  {json.dumps(key)}: "
            if isinstance(value, list) and value:
                made = records[key](value, self.as_of, encode)
                items = "    " + ",\n    ".join(made)  # each record indented
                lines.append(f"{head}[\n{items}\n  ]")
            else:
                lines.append(head + json.dumps(value, ensure_ascii=False))
        return "{\n" + ",\n".join(lines) + "\n}\n"

    def to_dict_head(self) -> dict[str, Any]:
        """``to_dict`` with the records themselves, not their dicts, in the lists."""
        return {
            "as_of": self.as_of.isoformat(),
            "results": self.results,
            "certificates": self.certificates,
        }


# The keys of ``Result.to_dict`` and ``Certificate.to_dict``, in order: the lines below
# are written for exactly these; a record whose dict has others goes through ``encode``.
RESULT_KEYS = (
    *("cohort", "program", "kind", "employee_id"),
    *("total", "level", "status", "certificate"),
)
CERTIFICATE_KEYS = (
    *("id", "employee_id", "program", "level"),
    *("issued_on", "valid_until", "status"),
)


def _string(memo: dict[Any, str], value: str | None) -> str:
    """``value`` as JSON (``null`` for None), remembered: records repeat their values."""
    found = memo.get(value)
    if found is None:
        found = memo[value] = "null" if value is None else encode_basestring(value)
    return found


def _number(value: float) -> str:
    """A float as the JSON encoder writes it."""
    if value != value or value in (float("inf"), float("-inf")):
        return json.dumps(value)
    return float.__repr__(value)


def _result_lines(results: list[Result], as_of: dt.date, encode: Callable[[Any], str]) -> list[str]:
    """``encode(r.to_dict())`` for each result, written from its fields."""
    if tuple(results[0].to_dict()) != RESULT_KEYS:  # the dict grew: encode it as it is
        return [encode(r.to_dict()) for r in results]
    memo: dict[Any, str] = {}
    heads: dict[tuple[str, str, str], str] = {}  # the fields before the employee, per cohort
    tails: dict[tuple[str | None, str], str] = {}  # level and status, per pair
    totals: dict[Decimal, str] = {}  # equal numbers are the same float
    lines = []
    for r in results:
        cohort, score = r.cohort, r.score
        key = (cohort.id, r.program.id, cohort.kind)
        head = heads.get(key)
        if head is None:
            head = heads[key] = (
                f'{{"cohort": {_string(memo, key[0])}, "program": {_string(memo, key[1])}, '
                f'"kind": {_string(memo, key[2])}, "employee_id": '
            )
        pair = (score.level.id if score.level else None, r.status)
        tail = tails.get(pair)
        if tail is None:
            tail = tails[pair] = (
                f', "level": {_string(memo, pair[0])}, "status": {_string(memo, r.status)}, '
                '"certificate": '
            )
        number = score.total
        if number is None:
            total = "null"
        elif number in totals:
            total = totals[number]
        else:
            total = totals[number] = _number(float(number))
        certificate = "null" if r.certificate is None else encode_basestring(r.certificate)
        lines.append(
            f'{head}{encode_basestring(r.entry.employee_id)}, "total": {total}{tail}{certificate}}}'
        )
    return lines


def _certificate_lines(
    certificates: list[Certificate], as_of: dt.date, encode: Callable[[Any], str]
) -> list[str]:
    """``encode(c.to_dict(as_of))`` for each certificate, written from its fields."""
    if tuple(certificates[0].to_dict(as_of)) != CERTIFICATE_KEYS:
        return [encode(c.to_dict(as_of)) for c in certificates]
    memo: dict[Any, str] = {}
    tails: dict[tuple[str, str, dt.date, dt.date, str], str] = {}  # the fields after the holder
    lines = []
    for c in certificates:
        key = (c.program, c.level, c.issued_on, c.valid_until, c.status(as_of))
        tail = tails.get(key)
        if tail is None:
            tail = tails[key] = (
                f'"program": {_string(memo, c.program)}, "level": {_string(memo, c.level)}, '
                f'"issued_on": {_string(memo, c.issued_on.isoformat())}, '
                f'"valid_until": {_string(memo, c.valid_until.isoformat())}, '
                f'"status": {_string(memo, key[4])}}}'
            )
        lines.append(
            f'{{"id": {encode_basestring(c.id)}, '
            f'"employee_id": {encode_basestring(c.employee_id)}, {tail}'
        )
    return lines


def load_project(root: Path) -> Project:
    """Load and validate; raise ``InputError`` with every problem found."""
    return project_from(load_sources(root))


def project_from(sources: Sources) -> Project:
    """Validate the sources, read the evaluation files against the plans, check the grade
    step's inputs; raise ``InputError`` with every problem of every file. Nothing here
    depends on the day of a run (rule 4.11): ``academy validate`` reports the same."""
    problems: list[Problem] = []
    project = validate_sources(sources, problems)
    sessions = {s.id: s for p in project.plans for s in p.sessions} if sources.plans else None
    modules = set(project.modules) if sources.has_curriculum else None
    register = project.people
    evaluation = load_evaluation(
        sources.root,
        modules,
        problems,
        sessions,
        {c.id: frozenset(e.employee_id for e in c.entries) for c in project.cohorts},
        frozenset(register.people) if register.present else None,
        dict(project.programs),
        {c.id: c for c in project.cohorts},
    )
    known_targets = {t.id for t in evaluation.targets}
    check_target_names(project.programs, list(sources.plans), known_targets, problems)
    project = check_inputs(project, sources, module_names(sources), problems)
    if problems:
        raise InputError(explain_slips(problems, sources), project.warnings)
    return with_attendance(project, evaluation)


def as_of_view(book: Book, as_of: dt.date) -> tuple[list[Result], list[Certificate]]:
    """What had been assessed by ``as_of`` (rule 4.11): every output as of a date uses this.

    Results of rosters assessed after the day are left out, and so are the
    certificates they award, the renewals they make and the supersession they cause.
    """
    results = [r for r in book.results if r.cohort.assessed_on <= as_of]
    known = [c for c in (cert.known_by(as_of) for cert in book.certificates) if c is not None]
    supersede(known)
    return results, known


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
    """Pause the cyclic garbage collector while the pipeline builds large acyclic trees.

    Loading and grading make hundreds of thousands of objects that the collector
    would otherwise scan again and again (a third of the load time at 20,000
    trainees). Nothing built here forms reference cycles. Only paused, never frozen:
    afterwards every object, the pipeline's and everyone else's, is collectable.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def run(root: Path, as_of: dt.date, *, write: bool) -> Outcome:
    """Validate, grade and certify everything under ``root``; grow the ledger if ``write``."""
    with gc_paused():
        outcome = _run(root, as_of)
    if write:
        record(root, outcome)
    return outcome


def forget_sources(outcome: Outcome) -> None:
    """Let go of the rosters' texts and parsed values, kept only to say where a problem
    is: at 100,000 trainees ~150 MB that ``academy build`` no longer needs once graded
    (the typed objects hold everything it shows)."""
    for cohort in outcome.project.cohorts:
        if cohort.doc is not None:
            cohort.doc.forget()


def record(root: Path, outcome: Outcome) -> bool:
    """Append the outcome's new certificates to the ledger and its new renewal outcomes
    to the renewal log; True if the ledger changed.

    ``academy build`` calls this only once the site is built: a failed build
    publishes nothing, so it numbers nothing either.
    """
    renewals_text = render_renewals(outcome.renewals) if outcome.renewals_added else ""
    if renewals_text:  # checked before anything is written
        append_log.refuse(RENEWALS, renewals_text, parse_renewals)
    if outcome.added and not outcome.ledger_written:
        text = render_ledger(outcome.ledger)
        outcome.ledger_written = append_log.write(LEDGER, root, text, parse_ledger)
    if renewals_text and not outcome.renewals_written:
        outcome.renewals_written = append_log.write(RENEWALS, root, renewals_text, parse_renewals)
    return outcome.ledger_written


def _certify(
    project: Project,
    ledger: list[LedgerRow],
    recorded: list[RenewalRow],
    as_of: dt.date | None = None,
    unsure: frozenset[str] = frozenset(),
) -> tuple[Book, list[RenewalRow]]:
    """Grade, certify against the ledger and the renewal log, check the requirements;
    raise ``InputError`` with every conflict. ``unsure``: cohorts left out because their
    rosters have problems (``_later_stages``); their ledger rows stand as recorded."""
    graded = grade_cohorts(project)
    renewals: list[RenewalRow] = []

    def check(certificates: list[Certificate]) -> list[Problem]:
        ledger_ids = {row.certificate for row in ledger}
        grown, refused = check_renewals(
            project, certificates, recorded, ledger_ids, RENEWALS_FILE, as_of
        )
        renewals.extend(grown)
        return refused

    book: Book = issue_certificates(project, graded, ledger, LEDGER_FILE, check, as_of, unsure)
    unmet = check_requirements(project, Timeline(book.results, book.certificates))
    if unmet:
        raise InputError(unmet)
    return book, renewals


def _later_stages(
    sources: Sources, problems: list[Problem], ledger: list[LedgerRow], recorded: list[RenewalRow]
) -> list[Problem]:
    """Every problem in one run: when only rosters have problems, the other rosters are
    still graded and certified against the ledger, so that a lost certificate (E401) or
    an unmet requirement elsewhere is reported with the validation problems, not after
    they are fixed. Nothing is graded from a roster that has a problem; its ledger rows
    and renewal records stand as recorded. Only the ledger's own problems (E4xx) are
    kept: others, such as a requirement (E335) that a broken renewal roster would have
    met, could be false while that roster is left out. Empty when the rest cannot be
    checked alone."""
    rest = without_broken_rosters(sources, problems)
    if rest is None:
        return []
    sound, unsure = rest
    kept = [row for row in recorded if row.cohort not in unsure]
    try:
        _certify(project_from(sound), ledger, kept, None, unsure)
    except InputError as err:
        return [p for p in err.problems if p.code.startswith("E4")]
    return []


def _run(root: Path, as_of: dt.date) -> Outcome:
    ledger_file = root / LEDGER_FILE
    if ledger_file.is_symlink() and outside(root, ledger_file):  # never read, never shown
        ledger: list[LedgerRow] = []
        ledger_problems = [Problem(LEDGER_FILE, 1, 1, "E110", "证书账本是指向仓库之外的符号链接")]
    else:
        ledger, ledger_problems = read_ledger(ledger_file, LEDGER_FILE)
    renewals_file = root / RENEWALS_FILE
    if renewals_file.is_symlink() and outside(root, renewals_file):
        recorded: list[RenewalRow] = []
        message = "复评记录是指向仓库之外的符号链接"
        ledger_problems.append(Problem(RENEWALS_FILE, 1, 1, "E110", message))
    else:
        recorded, renewal_problems = read_renewals(renewals_file, RENEWALS_FILE)
        ledger_problems.extend(renewal_problems)
    sources = load_sources(root)
    printed, print_problems = printcodes.read(root)  # located E460/E110, found by validate
    ledger_problems.extend(print_problems)
    try:
        project = project_from(sources)
    except InputError as err:
        later = [] if ledger_problems else _later_stages(sources, err.problems, ledger, recorded)
        raise InputError(err.problems + ledger_problems + later) from None
    if ledger_problems:
        raise InputError(ledger_problems)
    book, renewals = _certify(project, ledger, recorded, as_of)
    unknown = printcodes.check_certificates(
        printed,
        {row.certificate for row in ledger} | {c.id for c in book.certificates},
        {r.certificate: r.revoked_on for r in project.revocations},
    )
    if unknown:
        raise InputError(unknown)
    results, known = as_of_view(book, as_of)
    shown = [c for c in (cert.on(as_of) for cert in known) if c is not None]
    outcome = Outcome(as_of, project, results, shown, book.added, False, book.ledger)
    outcome.known = known
    outcome.renewals = renewals
    outcome.renewals_added = len(renewals) - len(recorded)
    return outcome
