"""``academy exam angoff EXAM``: the pass mark a modified-Angoff panel recommends for a paper,
its spread, and the program line a trainer would change by pull request.

The numbers come from ``academy.core.decisions.angoff``; this module only words them.
"""

from __future__ import annotations

from decimal import Decimal

from academy.core.decisions import show
from academy.core.decisions.angoff import STANDARD_SETTING_DIR, recommend
from academy.core.grade.standard_setting import StandardSetting
from academy.core.grade.totals import round_exact
from academy.core.model import Program, Project


class NoStandardSetting(ValueError):
    """The exam is unknown or has no standard-setting file: a usage error."""


def _fmt(value: Decimal) -> str:
    return format(value, "f")


def program_line(program: Program, component: str) -> tuple[int, str, bool]:
    """(line, text, has a pass mark) of the component's entry in the program file."""
    index = next(i for i, c in enumerate(program.components) if c.id == component)
    has_mark = program.components[index].pass_mark is not None
    where: tuple[str | int, ...] = ("scoring", "components", index)
    assert program.doc is not None
    line, _ = program.doc.position((*where, "pass_mark") if has_mark else where)
    return line, program.doc.text.splitlines()[line - 1], has_mark


def angoff_report(project: Project, exam_id: str) -> str:
    """The report printed by ``academy exam angoff``."""
    bank = project.bank
    if exam_id not in bank.exams:
        raise NoStandardSetting(f"未知的考卷“{exam_id}”（curriculum/exams/{exam_id}.yaml）")
    settings: dict[str, StandardSetting] = project.standard_setting
    setting = settings.get(exam_id)
    if setting is None:
        raise NoStandardSetting(
            f"考卷“{exam_id}”还没有标准设定文件 {STANDARD_SETTING_DIR}/{exam_id}.yaml"
            "（格式见培训师指南“合格线的标准设定”）"
        )
    exam = setting.exam
    program = project.programs[exam.program]
    component = next(c for c in program.components if c.id == exam.component)
    result = recommend(setting)
    lines = [
        f"考卷 {exam.id}（{exam.title}）：改良 Angoff 法，{len(setting.judges)} 位评委，"
        f"{len(exam.items)} 道题，满分 {_fmt(exam.total_points)} 分（{setting.path}）。",
        "",
        "各评委估计的合格线（刚好合格的人预期得分 ÷ 满分 × 100）：",
    ]
    for judge, mark in zip(setting.judges, result.marks, strict=True):
        lines.append(f"  {judge.name}：{_fmt(show(mark))} 分")
    spread = (
        f"评委之间的标准差 {_fmt(show(result.sd))} 分"
        if result.sd is not None
        else "只有 1 位评委，无法计算标准差，建议至少 3 位评委"
    )
    lines += ["", f"推荐的{component.label}合格线：{_fmt(show(result.mean))} 分（{spread}）。"]
    suggested = round_exact(result.mean, program.decimals)
    line, text, has_mark = program_line(program, component.id)
    current = (
        f"现在的合格线是 {_fmt(component.pass_mark)} 分"
        if component.pass_mark is not None
        else "现在没有合格线"
    )
    change = (
        f"把 pass_mark 改为 {_fmt(suggested)}"
        if has_mark
        else f"在这一项中加上 pass_mark: {_fmt(suggested)}"
    )
    lines += [
        f"方案“{program.title}”的“{component.label}”{current}。要采用推荐值，"
        "请在合并请求中修改这一行：",
        f"{program.path}:{line}: {text.strip()}",
        f"{change}（按方案的 {program.decimals} 位小数四舍五入）。",
    ]
    return "\n".join(lines) + "\n"
