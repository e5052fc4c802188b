"""``academy export``: the HR lists as JSON, or as .xlsx and .csv files (docs/guide/people.md).

The lists are a registry of providers, one ``ListProvider`` each, in ``LISTS``
below: the JSON key and file name, the Chinese sheet title, the columns (Chinese
headers, cell kinds) and the function that computes the rows from an
``HrContext``. To add a list, write a provider (in any module) and add one line
to ``LISTS``; its position there is its position in ``--json`` and the order of
the files. A provider with ``to_json=None`` is written to spreadsheets only.

A provider in another module, for example the §8 cycle lists::

    CYCLES = ListProvider(
        "cycles",                                  # JSON key and file name
        "考核周期",                                # sheet title
        (Column("employee_id", "员工编号"), Column("total", "总分", "number"), ...),
        cycle_rows,                                # (HrContext) -> list[dict], sheet rows
        json_rows(("employee_id", "program", "period", "months", "total", "band"), cycle_rows),
    )

and in ``LISTS`` one line, ``CYCLES,`` after ``RENEWAL_PLAN`` (the §9 key order). Row
values: text, numbers (Decimal/int/float) and ``datetime.date`` (a date cell in the
sheet, ISO text in JSON). ``HrContext`` gives the graded results, certificates, the
register, the plans and ``memo`` for sharing work between lists.

Export grades in memory (``run(write=False)``): it never writes the ledger or
anything else in the repository, and writes only outside the repository and
outside every folder the build reads (``core.outputs.refuse_output``).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from academy.core.columns import EMPLOYMENT_OUT, PEOPLE_FIELDS
from academy.core.load.outputs import out_dir_problem, refuse_output
from academy.core.pipeline import gc_paused
from academy.core.validate.plans import Session
from academy.core.vocabulary import CERT_STATUS_LABELS, RESULT_STATUS_SHORT, Exit
from academy.hr import lists as hr
from academy.hr.cycle_lists import PROVIDERS as CYCLE_PROVIDERS
from academy.hr.decision_lists import PROVIDERS as DECISION_PROVIDERS
from academy.hr.decision_lists import marked
from academy.hr.followup import PROVIDERS as FOLLOWUP_PROVIDERS
from academy.hr.listfiles import (
    DEPARTMENT,
    EMPLOYEE,
    NAME,
    Column,
    ListProvider,
    json_rows,
    write_csv,
    write_xlsx,
)
from academy.hr.lists import HrContext, Row

STATUS_LABELS = {**CERT_STATUS_LABELS, **RESULT_STATUS_SHORT}  # the owner's labels


def _label(value: str | None) -> str:
    return "" if value is None else STATUS_LABELS.get(value, value)


def _with_session(row: Row) -> Row:
    session: Session | None = row.get("next_session")
    return {
        **row,
        "next_date": session.date if session else None,
        "next_title": session.title if session else "",
    }


def _level_label(ctx: HrContext, program: str, level: str | None) -> str:
    found = ctx.programs.get(program)
    lv = found.level(level) if found and level else None
    return lv.label if lv else (level or "")


def _program_title(ctx: HrContext, program: str) -> str:
    found = ctx.programs.get(program)
    return found.title if found else program


def cohort_title(ctx: HrContext, cohort: str) -> str:
    """A cohort's title (2026年5月售后客服月度考核), as HR reads it, not its id."""
    titles: dict[str, str] | None = ctx.memo.get("export.cohort_titles")
    if titles is None:
        titles = ctx.memo["export.cohort_titles"] = {c.id: c.title for c in ctx.project.cohorts}
    return titles.get(cohort, cohort)


def _certificate_program(ctx: HrContext, certificate: str) -> str:
    """The program of a certificate (issued by the end of the as-of month at the latest)."""
    programs: dict[str, str] | None = ctx.memo.get("export.certificate_programs")
    if programs is None:
        end = hr.month_end(ctx.as_of)
        programs = {c.cert.id: c.cert.program for c in ctx.timeline.on(end).certificates}
        ctx.memo["export.certificate_programs"] = programs
    return programs.get(certificate, "")


# --- sheet rows for each list -------------------------------------------------------


def _pay_rise_sheet(ctx: HrContext) -> list[Row]:
    return [
        {**r, "level": _level_label(ctx, r["program"], r["level"])} for r in hr.pay_rise_rows(ctx)
    ]


def _pay_rise_change_sheet(ctx: HrContext) -> list[Row]:
    return [
        {**r, "level": _level_label(ctx, _certificate_program(ctx, r["certificate"]), r["level"])}
        for r in hr.pay_rise_change_rows(ctx)
    ]


def _promotion_sheet(ctx: HrContext) -> list[Row]:
    return [
        _with_session({**r, "program": _program_title(ctx, r["program"])})
        for r in hr.promotion_rows(ctx)
    ]


def _probation_sheet(ctx: HrContext) -> list[Row]:
    return [
        _with_session(
            {
                **r,
                "program": _program_title(ctx, r["program"]),
                "cohort": cohort_title(ctx, r["cohort"]),
                "status": _label(r["status"]),
            }
        )
        for r in hr.probation_extension_rows(ctx)
    ]


def _retake_sheet(ctx: HrContext) -> list[Row]:
    """One sheet row per attempt, oldest first; the person's columns repeat."""
    rows = []
    for r in hr.retake_rows(ctx):
        base = _with_session({**r, "program": _program_title(ctx, r["program"])})
        for i, attempt in enumerate(r["attempts"], start=1):
            rows.append(
                {
                    **base,
                    **attempt,
                    "attempt": i,
                    "cohort": cohort_title(ctx, attempt["cohort"]),
                    "status": _label(attempt["status"]),
                }
            )
    return rows


def _renewal_plan_sheet(ctx: HrContext) -> list[Row]:
    return [
        _with_session({**r, "level": _level_label(ctx, r["program"], r["level"])})
        for r in hr.renewal_plan_rows(ctx)
    ]


def _record_sheet(ctx: HrContext) -> list[Row]:
    """One row per certificate; of its renewals the count and the latest one, each
    fact in a cell of its own (a filter or a sum works on them)."""
    rows = []
    for r in hr.certificate_record_rows(ctx):
        last = r["renewals"][-1] if r["renewals"] else None
        rows.append(
            {
                **r,
                "program": _program_title(ctx, r["program"]),
                "level": _level_label(ctx, r["program"], r["level"]),
                "status": _label(r["status"]),
                "renewals": len(r["renewals"]),
                "last_renewal_on": last["assessed_on"] if last else None,
                "last_renewal_cohort": cohort_title(ctx, last["cohort"]) if last else "",
                "last_renewal_result": _label(last["result"]) if last else "",
                "last_renewal_total": last["total"] if last else None,
            }
        )
    return rows


def _transcript_sheet(ctx: HrContext) -> list[Row]:
    return [
        {
            **r,
            "cohort": cohort_title(ctx, r["cohort"]),
            "program": _program_title(ctx, r["program"]),
            "kind": "复评" if r["kind"] == "renewal" else "认证",
            "level": _level_label(ctx, r["program"], r["level"]),
            "status": _label(r["status"]),
        }
        for r in hr.transcript_rows(ctx)
    ]


# --- the registry -------------------------------------------------------------------

NEXT = (Column("next_date", "下次培训日期", "date"), Column("next_title", "下次培训"))
WARNING = Column("warning", "提醒")  # hr.sessions: a certificate that expires before its session

PAY_RISE = ListProvider(
    "pay_rise",
    "调薪名单",
    (
        EMPLOYEE,
        NAME,
        DEPARTMENT,
        Column("certificate", "证书编号", "id"),
        Column("level", "认证等级"),
        Column("percent", "调薪比例（%）", "number"),
        Column("since", "起始日期", "date"),
    ),
    _pay_rise_sheet,
    json_rows(("employee_id", "certificate", "level", "percent", "since"), hr.pay_rise_rows),
)
PAY_RISE_CHANGES = ListProvider(
    "pay_rise_changes",
    "本月调薪变动",
    (
        Column("month", "月份"),
        Column("change", "变动"),
        EMPLOYEE,
        NAME,
        DEPARTMENT,
        Column("certificate", "证书编号", "id"),
        Column("level", "认证等级"),
        Column("percent", "调薪比例（%）", "number"),
    ),
    _pay_rise_change_sheet,
    lambda ctx: hr.pay_rise_changes(ctx).to_dict(),
)
PROMOTION = ListProvider(
    "promotion",
    "晋升认证候选",
    (
        EMPLOYEE,
        NAME,
        DEPARTMENT,
        Column("program", "晋升认证"),
        Column("basis", "依据证书", "id"),
        *NEXT,
        WARNING,
    ),
    _promotion_sheet,
    json_rows(("employee_id", "program", "basis"), hr.promotion_rows),
)
PROBATION_EXTENSION = ListProvider(
    "probation_extension",
    "试用期延长建议",
    (
        EMPLOYEE,
        NAME,
        DEPARTMENT,
        Column("program", "认证方案"),
        Column("cohort", "班次"),
        Column("status", "最近一次结果"),
        Column("total", "总分", "number"),
        Column("probation_until", "试用期至", "date"),
        *NEXT,
    ),
    _probation_sheet,
    json_rows(
        ("employee_id", "program", "cohort", "status", "probation_until"),
        hr.probation_extension_rows,
    ),
)
RETAKE = ListProvider(
    "retake",
    "补考名单",
    (
        EMPLOYEE,
        NAME,
        DEPARTMENT,
        Column("program", "认证方案"),
        Column("attempt", "第几次", "number"),
        Column("cohort", "班次"),
        Column("assessed_on", "考核日期", "date"),
        Column("status", "结果"),
        Column("total", "总分", "number"),
        *NEXT,
    ),
    _retake_sheet,
    json_rows(("employee_id", "program", "attempts"), hr.retake_rows),
)
RENEWAL_PLAN = ListProvider(
    "renewal_plan",
    "复评计划",
    (
        Column("month", "复评月份"),
        Column("certificate", "证书编号", "id"),
        EMPLOYEE,
        NAME,
        DEPARTMENT,
        Column("level", "认证等级"),
        Column("window_opens", "复评期开始", "date"),
        Column("valid_until", "有效期至", "date"),
        *NEXT,
        WARNING,
    ),
    _renewal_plan_sheet,
    json_rows(("certificate", "employee_id", "window_opens", "valid_until"), hr.renewal_plan_rows),
)
CERTIFICATE_RECORD = ListProvider(
    "certificate_record",
    "认证结果记录表",
    (
        Column("certificate", "认证编号", "id"),
        EMPLOYEE,
        NAME,
        Column("department", "部门（认证时）"),
        Column("program", "认证方案"),
        Column("level", "认证等级"),
        Column("issued_on", "发证日期", "date"),
        Column("valid_until", "有效期至", "date"),
        Column("status", "状态"),
        Column("renewals", "复评次数", "number"),
        Column("last_renewal_on", "最近复评日期", "date"),
        Column("last_renewal_cohort", "最近复评班次"),
        Column("last_renewal_result", "最近复评结果"),
        Column("last_renewal_total", "最近复评总分", "number"),
    ),
    _record_sheet,
)
TRANSCRIPT = ListProvider(
    "transcript",
    "个人档案",
    (
        EMPLOYEE,
        NAME,
        Column("cohort", "班次"),
        Column("program", "方案"),
        Column("kind", "类型"),
        Column("assessed_on", "考核日期", "date"),
        Column("total", "总分", "number"),
        Column("level", "等级"),
        Column("status", "结果"),
        Column("certificate", "证书编号", "id"),
    ),
    _transcript_sheet,
)


def _people_sheet(ctx: HrContext) -> list[Row]:
    """The register itself, in the layout ``academy import people`` reads back."""
    return [
        {
            "id": p.id,
            "name": p.name,
            "department": p.department,
            "position": p.position,
            "employment": EMPLOYMENT_OUT[p.employment],
            "hired_on": p.hired_on,
            "probation_until": p.probation_until,
            "mentor": p.mentor,
            "left_on": p.left_on,
        }
        for p in sorted(ctx.register.people.values(), key=lambda p: p.id)
    ]


PEOPLE = ListProvider(
    "people",
    "人员名册",
    tuple(
        Column(f.key, f.header, "date" if f.kind == "date" else "id" if f.key == "id" else "text")
        for f in PEOPLE_FIELDS
    ),
    _people_sheet,
)

# The one registry: order = order in --json and of the files. Add a list with one line.
LISTS: list[ListProvider] = [
    marked(PAY_RISE),  # marked: people under review (人工复核) flagged on their rows
    PAY_RISE_CHANGES,
    marked(PROMOTION),
    marked(PROBATION_EXTENSION),
    RETAKE,
    RENEWAL_PLAN,
    *CYCLE_PROVIDERS,  # §8: cycles, promotion candidates, improvement plans, monthly, annual
    *DECISION_PROVIDERS,  # panel agreement (评委校准), exam reliability, review (人工复核)
    *FOLLOWUP_PROVIDERS,  # 学员改进建议, 改进计划跟踪, 过程记录, 过程记录逾期名单
    CERTIFICATE_RECORD,
    TRANSCRIPT,
    PEOPLE,
]


def to_json(ctx: HrContext, lists: list[ListProvider] | None = None) -> dict[str, Any]:
    """The §9 document: ``as_of`` then every list that has a JSON form, in registry order."""
    out: dict[str, Any] = {"as_of": ctx.as_of.isoformat()}
    for provider in LISTS if lists is None else lists:
        if provider.to_json is not None:
            out[provider.name] = provider.to_json(ctx)
    return out


def write_files(ctx: HrContext, out: Path, lists: list[ListProvider] | None = None) -> list[Path]:
    """Compute every list first, then write ``<title>.xlsx`` and ``<title>.csv`` for each."""
    with gc_paused():  # rows are acyclic dicts: the collector only rescans the graded project
        return _write_files(ctx, out, LISTS if lists is None else lists)


def _write_files(ctx: HrContext, out: Path, lists: list[ListProvider]) -> list[Path]:
    computed = [(p, p.rows(ctx)) for p in lists]
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for provider, rows in computed:
        for suffix, writer in ((".xlsx", write_xlsx), (".csv", write_csv)):
            path = out / f"{provider.file}{suffix}"
            tmp = path.with_name(path.name + ".tmp")
            writer(tmp, provider, rows)
            tmp.replace(path)
            written.append(path)
    return written


def context(root: Path, as_of: dt.date) -> HrContext:
    """Validate and grade in memory (nothing written) and wrap the outcome for the lists."""
    from academy.core.pipeline import run

    outcome = run(root, as_of, write=False)
    return HrContext(as_of, outcome.project, outcome.results, outcome.known)


def export_command(root: Path, as_of: dt.date, *, as_json: bool, out: Path | None) -> Exit:
    """``academy export``: exit 0, 1 (input problems, raised) or 2 (an --out that is refused)."""
    if out is not None:
        names = [f"{p.name}{suffix}" for p in LISTS for suffix in (".xlsx", ".csv")]
        why = refuse_output(root, out) or out_dir_problem(out, names)
        if why is not None:
            print(f"academy：用法错误：{why}", file=sys.stderr)
            return Exit.USAGE
    # One pause of the cyclic collector for grading and the lists: the graded project
    # is scanned once, when it is freed, instead of once after grading and again after
    # the lists (a quarter of a second each at 20,000 trainees).
    with gc_paused():
        ctx = context(root, as_of)
        if as_json:
            document = to_json(ctx)
        else:
            assert out is not None
            written = write_files(ctx, out)
        del ctx
    if as_json:
        json.dump(document, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return Exit.OK
    print(
        f"已导出 {len(written) // 2} 份名单（.xlsx 和 .csv）到 {out}（截至 {as_of}）。"
        "这些文件含个人和薪酬信息，请勿提交到仓库或发布到网站。",
        file=sys.stderr,
    )
    return Exit.OK
