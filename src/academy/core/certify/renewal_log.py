"""The renewal log: ``rosters/renewals.csv``, one row per 复评 outcome ever published.

A renewal moves a certificate's ``valid_until`` and may change its level. The
ledger fixes what a certificate was when first issued; this log fixes what each
renewal made of it: the certificate's level and ``valid_until`` right after the
renewal (unchanged by a failed renewal). Like the ledger it only grows: rows are
appended in the order of the renewals, and the file is rewritten only when a row
was added, so unchanged inputs leave it byte-identical.

An edit to a renewal roster (scores, ``assessed_on``) or to a program (levels,
weights, ``validity_months``) that would change a recorded outcome is refused
(E404), unless ``rosters/corrections.yaml`` records the new values for that
certificate and renewal cohort (a correction with ``cohort``). A recorded renewal
that no longer takes place (roster deleted, trainee removed, scores incomplete)
is refused too (E407).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from academy.core.certify import append_log
from academy.core.certify.issue import Certificate
from academy.core.dates import in_range, parse_date
from academy.core.errors import Problem
from academy.core.model import Cohort, Entry, Project
from academy.core.validate.corrections import Correction, renewal_corrections, wrong_correction
from academy.core.vocabulary import CERTIFICATE_ID, LEVEL_ID, SLUG, CohortKind

RENEWALS_FILE = "rosters/renewals.csv"
COLUMNS = ("certificate", "cohort", "assessed_on", "level", "valid_until")
MAX_FIELD = 1024
RENEWALS = append_log.Log(RENEWALS_FILE, COLUMNS, "E406", "复评记录", "复评记录")


@dataclass(frozen=True)
class RenewalRow:
    certificate: str
    cohort: str
    assessed_on: str
    level: str
    valid_until: str
    line: int = field(default=0, compare=False)  # where it was read; 0 for a new row

    def values(self) -> tuple[str, ...]:
        return (self.certificate, self.cohort, self.assessed_on, self.level, self.valid_until)

    @property
    def key(self) -> tuple[str, str]:
        """What identifies the renewal: the certificate and the renewal cohort."""
        return self.certificate, self.cohort


def read_renewals(file: Path, path: str) -> tuple[list[RenewalRow], list[Problem]]:
    """Rows of the log (empty if it does not exist yet) and any damage found."""
    return append_log.read(RENEWALS, file, path, parse_renewals)


def parse_renewals(text: str, path: str) -> tuple[list[RenewalRow], list[Problem]]:
    """Rows and damage: exactly what grading appends, or a problem at the row's line.

    A byte-order mark and blank lines carry no data and are ignored.
    """
    rows: list[RenewalRow] = []
    problems: list[Problem] = []
    seen: set[tuple[str, str]] = set()
    seen_dates: set[tuple[str, str]] = set()
    for line, record in append_log.records(RENEWALS, text, path, problems):
        certificate, cohort, assessed, level, until = record
        row = RenewalRow(certificate, cohort, assessed, level, until, line=line)
        why = _row_problem(row)
        if why:
            problems.append(Problem(path, line, 1, "E406", f"第 {line} 行内容无效：{why}"))
            continue
        if row.key in seen or (row.certificate, row.assessed_on) in seen_dates:
            message = f"证书 {row.certificate} 在班次 {row.cohort} 的复评重复记录"
            problems.append(Problem(path, line, 1, "E406", message))
            continue
        seen.add(row.key)
        seen_dates.add((row.certificate, row.assessed_on))
        rows.append(row)
    return rows, problems


def _row_problem(row: RenewalRow) -> str:
    if any(len(v) > MAX_FIELD for v in row.values()):
        return "字段过长"
    if CERTIFICATE_ID.fullmatch(row.certificate) is None:
        return f"证书编号“{row.certificate}”格式不对"
    if len(row.assessed_on) != 10 or len(row.valid_until) != 10:
        return "日期应写作 YYYY-MM-DD"
    try:
        assessed = parse_date(row.assessed_on)
        until = parse_date(row.valid_until)
    except ValueError:
        return "日期应写作 YYYY-MM-DD"
    if not in_range(assessed) or until < assessed:
        return "复评日期超出范围，或有效期早于复评日期"
    if not SLUG.fullmatch(row.cohort):
        return "班次编号格式不对"
    if not LEVEL_ID.fullmatch(row.level):
        return "等级格式不对"
    return ""


def render_renewals(rows: list[RenewalRow]) -> str:
    return append_log.render(RENEWALS, [r.values() for r in rows])


Spot = tuple[Cohort, Entry]


def _spots(project: Project) -> dict[tuple[str, str], Spot]:
    """Where each renewal is written: (certificate, cohort) → its roster entry."""
    return {
        (entry.certificate, cohort.id): (cohort, entry)
        for cohort in project.cohorts
        if cohort.kind == CohortKind.RENEWAL
        for entry in cohort.entries
        if entry.certificate is not None
    }


def check_renewals(
    project: Project,
    certificates: list[Certificate],
    recorded: list[RenewalRow],
    ledger_ids: set[str],
    path: str,
    as_of: dt.date | None = None,
) -> tuple[list[RenewalRow], list[Problem]]:
    """The grown log (recorded rows, then new ones) and every refused change.

    ``certificates`` carry their renewals as computed from the data now; each
    recorded row must still be given exactly, or be corrected in corrections.yaml.
    A renewal assessed after ``as_of`` has not happened yet: it gets no new row (4.11).
    """
    problems: list[Problem] = []
    spots = _spots(project)
    corrections = renewal_corrections(project.corrections_doc)
    now: dict[tuple[str, str], RenewalRow] = {}
    programs = {cert.id: cert.program for cert in certificates}
    for cert in certificates:
        for renewal in cert.renewals:
            now[(cert.id, renewal.cohort)] = RenewalRow(
                cert.id,
                renewal.cohort,
                renewal.assessed_on.isoformat(),
                renewal.level_after,
                renewal.valid_until_after.isoformat(),
            )
    recorded_keys = {r.key for r in recorded}
    for row in recorded:
        if row.certificate not in ledger_ids:
            message = f"证书 {row.certificate} 不在证书账本中；复评记录只能由评分程序追加"
            problems.append(Problem(path, row.line, 1, "E406", message))
            continue
        current = now.get(row.key)
        spot = spots.get(row.key)
        if current is None:
            problems.append(_lost(row, spot, path))
            continue
        assert spot is not None
        correction = corrections.get(row.key)
        program = project.programs.get(programs.get(row.certificate, ""))
        if correction is not None and project.corrections_doc is not None and program:
            renewed = dt.date.fromisoformat(row.assessed_on)
            what = f"证书 {row.certificate} 在班次 {row.cohort} 的复评日期"
            wrong = wrong_correction(project.corrections_doc, correction, program, renewed, what)
            if wrong:
                problems.extend(wrong)  # the correction is wrong, not the roster
                continue
        changed = _changed(row, current, correction)
        if changed:
            cohort, entry = spot
            assert cohort.doc is not None
            problems.append(cohort.doc.problem(("trainees", entry.index), "E404", changed))
    problems.extend(_unknown_corrections(project, corrections, recorded_keys))
    last = as_of.isoformat() if as_of is not None else "9999-12-31"
    fresh = [r for k, r in now.items() if k not in recorded_keys and r.assessed_on <= last]
    fresh.sort(key=lambda r: (r.assessed_on, r.cohort, spots[r.key][1].index))
    return [*recorded, *fresh], problems


def _changed(row: RenewalRow, now: RenewalRow, correction: Correction | None) -> str | None:
    level, until = row.level, row.valid_until
    if correction is not None:
        level = correction.level or level
        until = correction.valid_until.isoformat() if correction.valid_until else until
    if (now.level, now.valid_until) == (level, until) and now.assessed_on == row.assessed_on:
        return None
    source = "已登记的更正" if correction is not None else "复评记录"
    moved = ""
    if now.assessed_on != row.assessed_on:
        moved = f"（复评日期从 {row.assessed_on} 改成了 {now.assessed_on}）"
    return (
        f"证书 {row.certificate} 在班次 {row.cohort} 复评后，按{source}为等级 {level}、"
        f"有效期至 {until}，按现在的名册和方案会变成等级 {now.level}、"
        f"有效期至 {now.valid_until}{moved}。已发布的复评结果不能悄悄改变：请恢复名册或方案，"
        "或在 rosters/corrections.yaml 中登记更正（证书、复评班次 cohort、新值、日期和原因）"
    )


def _lost(row: RenewalRow, spot: Spot | None, path: str) -> Problem:
    message = (
        f"证书 {row.certificate} 在班次 {row.cohort}（{row.assessed_on}）的复评结果已发布，"
        "现在却不再成立"
    )
    if spot is None:
        return Problem(
            path,
            row.line,
            1,
            "E407",
            f"{message}：复评名册或其中的学员已删除，或证书编号被改了。请恢复名册",
        )
    cohort, entry = spot
    assert cohort.doc is not None
    return cohort.doc.problem(
        ("trainees", entry.index),
        "E407",
        f"{message}：成绩不完整或复评被拒绝。请恢复成绩",
    )


def _unknown_corrections(
    project: Project,
    corrections: dict[tuple[str, str], Correction],
    recorded: set[tuple[str, str]],
) -> list[Problem]:
    doc = project.corrections_doc
    if doc is None:
        return []
    return [
        doc.problem(
            ("corrections", c.index, "cohort"),
            "E304",
            f"证书 {c.certificate} 在班次 {c.cohort} 的复评结果尚未记录，无需也无法更正",
        )
        for key, c in corrections.items()
        if key not in recorded
    ]
