"""Markdown for ``academy ci summary``: the job summary a trainer reads, in Chinese.

Pure functions of ``diff.Changes``; every value from the rosters goes through
``cell`` (Markdown specials escaped, one line) and names are masked.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..core.errors import Problem
from ..core.masking import mask_name
from ..core.model import Program
from ..core.pipeline import Outcome
from ..core.vocabulary import (
    CERT_STATUS_LABELS,
    KIND_LABELS,
    RESULT_STATUS_LABELS,
    RESULT_STATUS_SHORT,
    ResultStatus,
)
from .diff import Changes, CohortChange, Mark
from .review_count import review_line

TITLE = "## 客服学院：本次修改的影响"
FOOTER = (
    "合并后，发布流程会按当天日期重新评分，把新证书按编号追加到证书账本，再发布门户；"
    "已发布证书的编号、持有人永远不变。"
)
COUNT_ORDER = tuple(ResultStatus)  # certified, passed, failed, incomplete, renewed, not_renewed
SHORT_STATUS = RESULT_STATUS_SHORT
COHORT_CHANGE_LABELS = {
    "added": "新增",
    "changed": "修改",
    "regraded": "结果变化",
    "removed": "删除",
}
PROGRAM_CHANGE_LABELS = {"added": "新增", "changed": "修改", "removed": "删除"}
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")
MAX_ROWS = 200  # per table: GitHub refuses a job summary over 1 MiB


def cell(text: object) -> str:
    """Text safe inside a Markdown table cell: specials escaped, one line."""
    flat = " ".join(str(text).split())
    return _MD_SPECIAL.sub(r"\\\1", flat)


def table(headers: Sequence[str], rows: Sequence[str]) -> list[str]:
    """A Markdown table of at most ``MAX_ROWS`` rows, then a row counting the rest."""
    out = ["| " + " | ".join(headers) + " |", "|" + " --- |" * len(headers)]
    out += rows[:MAX_ROWS]
    if len(rows) > MAX_ROWS:
        rest = f"…另有 {len(rows) - MAX_ROWS} 行未列出（在本地运行 academy ci summary 可看到全部）"
        out.append(f"| {rest} |" + " |" * (len(headers) - 1))
    return out


def code(text: str) -> str:
    """An id in backticks (ids are checked to be plain: letters, digits, ``-``)."""
    return f"`{text.replace('`', '')}`"


def ref_label(ref: str) -> str:
    return ref[:7] if re.fullmatch(r"[0-9a-f]{40}", ref) else ref


def _counts(counts: dict[str, int]) -> str:
    parts = [f"{SHORT_STATUS[s]} {counts[s]}" for s in COUNT_ORDER if counts.get(s)]
    return "，".join(parts) or "无"


def _mark(mark: Mark | None, program: Program) -> str:
    if mark is None:
        return "（不在名册中）"
    details = [str(mark.total)] if mark.total is not None else []
    level = program.level(mark.level)
    if level is not None:
        details.append(level.label)
    if mark.certificate:
        details.append(mark.certificate)
    label = SHORT_STATUS.get(mark.status, mark.status)
    return f"{label}（{'，'.join(details)}）" if details else label


def _overview(changes: Changes) -> list[str]:
    kinds = {k: sum(c.kind == k for c in changes.cohorts) for k in COHORT_CHANGE_LABELS}
    cohorts = "，".join(f"{COHORT_CHANGE_LABELS[k]} {n} 个" for k, n in kinds.items() if n)
    totals: dict[str, int] = {}
    for change in changes.cohorts:
        for status, n in change.counts.items():
            totals[status] = totals.get(status, 0) + n
    results = "，".join(f"{SHORT_STATUS[s]} {totals[s]} 人" for s in COUNT_ORDER if totals.get(s))
    renewed = sum(r.renewal.status == ResultStatus.RENEWED for r in changes.renewals)
    levels = f"，等级变化 {len(changes.levels)} 张" if changes.levels else ""
    certs = (
        f"将颁发 {len(changes.issued)} 张，复评续期 {renewed} 张，"
        f"将撤销 {len(changes.revoked)} 张，状态变化 {len(changes.statuses)} 张{levels}"
    )
    bumped = sum(m.kind == "version" for m in changes.modules)
    unversioned = sum(m.kind == "unversioned" for m in changes.modules)
    modules = f"版本变化 {bumped} 个"
    if unversioned:
        modules += f"，⚠ 内容修改但未升版本 {unversioned} 个"
    lines = [f"- 班次：{cohorts or '无变化'}"]
    if results:
        lines.append(f"- 涉及班次的考核结果：{results}")
    lines += [f"- 证书：{certs}"]
    moved = [c.counts() for c in changes.lists if not c.empty()]
    if moved:
        lines.append(f"- 人事名单（发布后）：{'，'.join(moved)}")
    review = review_line(changes.review)
    if review:
        lines.append(review)
    lines += [f"- 课程模块：{modules}"]
    return lines


def _cohort_section(changes: Changes, programs: dict[str, Program]) -> list[str]:
    if not changes.cohorts:
        return []
    rows = [
        f"| {code(c.cohort.id)} {cell(c.cohort.title)} | {code(c.cohort.program)} "
        f"| {KIND_LABELS[c.cohort.kind]} | {COHORT_CHANGE_LABELS[c.kind]} "
        f"| {'—' if c.kind == 'removed' else _counts(c.counts)} |"
        for c in changes.cohorts
    ]
    out = ["", "### 班次", "", *table(("班次", "方案", "类型", "变化", "考核结果"), rows)]
    for c in changes.cohorts:
        out += _result_changes(c, programs)
    return out


def _result_changes(change: CohortChange, programs: dict[str, Program]) -> list[str]:
    if not change.results:
        return []
    program = programs[change.cohort.program]
    rows = [
        f"| {cell(r.employee_id)} | {cell(mask_name(r.name))} "
        f"| {cell(_mark(r.before, program))} | {cell(_mark(r.after, program))} |"
        for r in change.results
    ]
    heading = f"#### {code(change.cohort.id)} 的成绩变化"
    return ["", heading, "", *table(("员工", "姓名", "修改前", "修改后"), rows)]


def _certificate_sections(changes: Changes, programs: dict[str, Program]) -> list[str]:
    out: list[str] = []

    def level_label(program_id: str, level_id: str) -> str:
        program = programs.get(program_id)
        level = program.level(level_id) if program else None
        return level.label if level else level_id

    if changes.issued:
        rows = [
            f"| {code(c.id)} | {cell(c.employee_id)} | {cell(mask_name(c.name))} "
            f"| {cell(level_label(c.program, c.level))} | {code(c.cohort)} "
            f"| {c.valid_until.isoformat()} |"
            for c in changes.issued
        ]
        headers: tuple[str, ...] = ("证书编号", "员工", "姓名", "等级", "班次", "有效期至")
        out += ["", "### 将颁发的证书", "", *table(headers, rows)]
    if changes.renewals:
        rows = []
        for item in changes.renewals:
            r = item.renewal
            valid = r.valid_until_before.isoformat()
            if r.valid_until_after != r.valid_until_before:
                valid += f" → {r.valid_until_after.isoformat()}"
            rows.append(
                f"| {code(item.certificate.id)} | {cell(item.certificate.employee_id)} "
                f"| {code(r.cohort)} | {RESULT_STATUS_LABELS.get(r.status, r.status)} | {valid} |"
            )
        headers = ("证书编号", "员工", "复评班次", "结果", "有效期至")
        out += ["", "### 复评", "", *table(headers, rows)]
    if changes.revoked:
        rows = [
            f"| {code(c.id)} | {cell(c.employee_id)} "
            f"| {c.revocation.revoked_on.isoformat()} | {cell(c.revocation.reason)} |"
            for c in changes.revoked
            if c.revocation is not None
        ]
        out += ["", "### 将撤销的证书", "", *table(("证书编号", "员工", "撤销日期", "原因"), rows)]
    if changes.statuses:
        rows = [
            f"| {code(s.certificate.id)} | {cell(s.certificate.employee_id)} "
            f"| {CERT_STATUS_LABELS[s.before]} | {CERT_STATUS_LABELS[s.after]} |"
            for s in changes.statuses
        ]
        heading = f"### 证书状态变化（按 {changes.as_of.isoformat()}）"
        out += ["", heading, "", *table(("证书编号", "员工", "修改前", "修改后"), rows)]
    if changes.levels:
        rows = [
            f"| {code(c.certificate.id)} | {cell(c.certificate.employee_id)} "
            f"| {cell(level_label(c.certificate.program, c.before))} "
            f"| {cell(level_label(c.certificate.program, c.after))} |"
            for c in changes.levels
        ]
        out += [
            "",
            "### 等级变化的证书",
            "",
            *table(("证书编号", "员工", "修改前", "修改后"), rows),
        ]
    if changes.vanished:
        rows = [
            f"| {code(c.id)} | {cell(c.employee_id)} | {code(c.cohort)} |" for c in changes.vanished
        ]
        out += ["", "### ⚠ 不再出现的证书", "", *table(("证书编号", "员工", "班次"), rows)]
    return out


PRIVATE_NOTE = (
    "逐人明细（谁加入、谁移出）含个人信息，不在摘要中：见本次运行的构件 "
    "`academy-consequences`（仅有权限的成员可下载，3 天后删除）。"
)


def _lists_section(changes: Changes) -> list[str]:
    """HR lists after publication: counts only; who moves is in the private artifact."""
    moved = [c for c in changes.lists if not c.empty()]
    if not moved:
        return []
    rows = [
        f"| {c.title} | +{len(c.added)} | −{len(c.removed)} | {len(c.changed)} |" for c in moved
    ]
    heading = f"### 人事名单的变化（按 {changes.as_of.isoformat()}，发布后）"
    out = ["", heading, "", *table(("名单", "加入", "移出", "内容变化"), rows)]
    return [*out, "", PRIVATE_NOTE]


def _module_section(changes: Changes) -> list[str]:
    listed = [m for m in changes.modules if m.kind != "unversioned"]
    warned = [m for m in changes.modules if m.kind == "unversioned"]
    out: list[str] = []
    if listed:
        rows = []
        for m in listed:
            note = m.module.changelog[0].changes if m.module.changelog else ""
            if m.kind == "added":
                version = f"新增 {m.after}"
            elif m.kind == "removed":
                version, note = f"删除（原 {m.before}）", ""
            else:
                version = f"{m.before} → {m.after}"
            rows.append(
                f"| {code(m.module.id)} {cell(m.module.title)} | {cell(version)} "
                f"| {cell(note) or '—'} |"
            )
        out += ["", "### 课程模块", "", *table(("模块", "版本", "修订说明"), rows)]
    if warned:
        out += [
            "",
            "> ⚠ **提醒**：下列模块的内容改了，但 `version` 和 `changelog` 都没有变化。"
            "请提升版本号，并在 `changelog` 最前面写一条本次修改的说明：",
        ]
        out += [
            f"> - {code(m.module.id)} {cell(m.module.title)}（{cell(m.module.path)}，"
            f"当前版本 {m.after}）"
            for m in warned
        ]
    return out


def _program_section(changes: Changes) -> list[str]:
    if not changes.programs:
        return []
    out = ["", "### 考核方案", ""]
    for p in changes.programs:
        out.append(
            f"- {code(p.program.id)} {cell(p.program.title)}：{PROGRAM_CHANGE_LABELS[p.kind]}"
        )
    return out


def render(changes: Changes, head: Outcome, base_label: str, base_problems: list[Problem]) -> str:
    """The Markdown summary of a pull request that grades cleanly."""
    out = [
        TITLE,
        "",
        f"对比基准 {code(base_label)}，证书状态按 {changes.as_of.isoformat()} 计算；姓名已脱敏。",
    ]
    if base_problems:
        out += [
            "",
            f"> 基准版本本身有 {len(base_problems)} 个问题、无法评分，"
            "以下把本次修改后的全部内容视为新增。",
        ]
    if changes.empty():
        out += ["", "本次修改不影响考核结果、证书和课程模块版本。"]
        return "\n".join(out) + "\n"
    out += ["", *_overview(changes)]
    programs = head.project.programs
    out += _cohort_section(changes, programs)
    out += _certificate_sections(changes, programs)
    out += _lists_section(changes)
    out += _module_section(changes)
    out += _program_section(changes)
    out += ["", FOOTER]
    return "\n".join(out) + "\n"


def render_problems(problems: list[Problem], base_label: str) -> str:
    """The summary when the pull request's data has errors: what to fix, nothing graded."""
    texts = [str(p) for p in problems]
    longest = max((len(run) for t in texts for run in re.findall(r"`+", t)), default=0)
    fence = "`" * max(3, longest + 1)  # a fence no message can close
    lines = [
        TITLE,
        "",
        f"对比基准 {code(base_label)}。",
        "",
        f"❌ 本次修改后的数据有 {len(problems)} 个问题，无法评分。"
        "每个问题也已标注在“Files changed”中对应的行上，请逐条修正后再推送：",
        "",
        f"{fence}text",
        *texts,
        fence,
    ]
    return "\n".join(lines) + "\n"
