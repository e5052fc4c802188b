"""The site's side of the module-body macros (``academy.core.validate.content_macros``):
one renderer per declared macro, each writing Markdown from the repository's data."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from academy.core.validate.content_macros import MACROS, Use, expand
from academy.core.validate.escalation import ANCHOR, TEACHING_MODULE, Escalation

from ..core.model import Program
from ..core.vocabulary import CERT_STATUS_LABELS, HR_STATUS_LABELS, RESULT_STATUS_LABELS
from .markdown import md


@dataclass(frozen=True)
class MacroData:
    """What the macros read: the escalation table and the programs."""

    escalation: Escalation = field(default_factory=Escalation)
    programs: Mapping[str, Program] = field(default_factory=dict)


TIER_LINK = f"{TEACHING_MODULE}.md#{ANCHOR}"  # module pages are siblings under modules/


def escalation_table(data: MacroData, _: Use) -> str:
    rows = [
        "| 级别 | 典型情形 | 第一责任人 | 上报时限 | 工单优先级 |",
        "| --- | --- | --- | --- | --- |",
    ]
    for t in data.escalation.tiers:
        rows.append(
            f"| **{md(t.label)}** | {md('；'.join(t.triggers))} | {md(t.owner)} "
            f"| {md(t.report_within)} | {t.ticket_priority} |"
        )
    return "\n".join(rows)


def tier(data: MacroData, use: Use) -> str:
    t = data.escalation.tier(use.args[0])
    if t is None:  # no table given (validation checks the name against the one there is)
        return md(use.args[0])
    return f"[{md(t.label)}]({TIER_LINK})（负责：{md(t.owner)}；时限：{md(t.report_within)}）"


def status(_: MacroData, use: Use) -> str:
    return f"“{RESULT_STATUS_LABELS[use.args[0]]}”"


def list_status(_: MacroData, use: Use) -> str:
    return f"“{HR_STATUS_LABELS[use.args[0]]}”"


def cert_status(_: MacroData, use: Use) -> str:
    return f"“{CERT_STATUS_LABELS[use.args[0]]}”"


def scoring(data: MacroData, use: Use) -> str:
    from .rule_text import scoring_text

    return str(scoring_text(data.programs[use.args[0]]))


def levels(data: MacroData, use: Use) -> str:
    from .rule_text import levels_text

    return str(levels_text(data.programs[use.args[0]]))


RENDERERS: dict[str, Callable[[MacroData, Use], str]] = {
    "escalation_table": escalation_table,
    "tier": tier,
    "status": status,
    "list_status": list_status,
    "cert_status": cert_status,
    "scoring": scoring,
    "levels": levels,
}
assert set(RENDERERS) == set(MACROS), "every declared macro has one renderer"


def fill(body: str, data: MacroData) -> str:
    """``body`` with every macro replaced by its text."""
    return expand(body, lambda use: RENDERERS[use.name](data, use))
