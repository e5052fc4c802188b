"""The one escalation scheme (升级级别), ``curriculum/escalation.yaml``.

Names, triggers, who leads and how fast each tier must be reported. The module
emergency-response teaches the table (macro ``escalation_table``), the others refer to a
tier with the macro ``tier("二级")``; ``check_names`` holds every module and question to
these names: a tier name not in the table, or one of the retired schemes (一般/重要/重大
投诉), is an error where it is written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from academy.core.errors import Problem
from academy.core.load import schema
from academy.core.load.sources import ESCALATION_FILE
from academy.core.yamlsrc import Document

TEACHING_MODULE = "emergency-response"  # the module that teaches the table
ANCHOR = "escalation"  # its section: emergency-response.md#escalation

# a tier name as prose writes it ("二级", "三级事件"), and the schemes it replaced
TIER_WORD = re.compile(r"(?<![第每哪同])([一二三四五六七八九])级(?!以上|以下|客服|专员|联动)")
RETIRED = re.compile(r"(一般|重要|重大)投诉")


@dataclass(frozen=True)
class Tier:
    id: str
    label: str
    triggers: tuple[str, ...]
    owner: str
    report_within: str
    ticket_priority: str


@dataclass(frozen=True)
class Escalation:
    """The tiers, lowest first; empty when the repository has no escalation file."""

    tiers: tuple[Tier, ...] = ()

    def tier(self, label: str) -> Tier | None:
        return next((t for t in self.tiers if t.label == label), None)

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(t.label for t in self.tiers)


def validate_escalation(doc: Document | None, problems: list[Problem]) -> Escalation:
    """Check ``curriculum/escalation.yaml``: unique ids and names."""
    if doc is None:
        return Escalation()
    found = schema.check("escalation", doc)
    problems.extend(found)
    if found or doc.has_problems:
        return Escalation()
    tiers: list[Tier] = []
    for i, raw in enumerate(doc.data["tiers"]):
        for key in ("id", "label"):
            if any(getattr(t, key) == raw[key] for t in tiers):
                problems.append(doc.problem(("tiers", i, key), "E512", f"升级级别“{raw[key]}”重复"))
        tiers.append(
            Tier(
                raw["id"],
                raw["label"],
                tuple(raw["triggers"]),
                raw["owner"],
                raw["report_within"],
                raw["ticket_priority"],
            )
        )
    return Escalation(tuple(tiers))


def misnamed(text: str, escalation: Escalation) -> Iterable[tuple[int, str]]:
    """(offset, message) for every escalation name in ``text`` that the table does not have."""
    for m in RETIRED.finditer(text):
        yield (
            m.start(),
            (
                f"“{m.group(0)}”不是升级级别表中的名称；升级级别只有"
                + "、".join(escalation.labels)
                + f"（见 {ESCALATION_FILE}）"
            ),
        )
    for m in TIER_WORD.finditer(text):
        if m.group(0) not in escalation.labels:
            yield (
                m.start(),
                (
                    f"“{m.group(0)}”不是升级级别表中的名称；升级级别只有"
                    + "、".join(escalation.labels)
                ),
            )


def _at(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset)
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def check_body_names(
    body: str, path: str, first_line: int, escalation: Escalation
) -> list[Problem]:
    """E513 for every misnamed tier in a module body (first line = line ``first_line``)."""
    out = []
    for offset, message in misnamed(body, escalation):
        line, column = _at(body, offset)
        out.append(Problem(path, first_line + line, column, "E513", message))
    return out


QUESTION_TEXTS = ("stem", "explanation", "marking_guide")


def check_question_names(docs: Iterable[Document], escalation: Escalation) -> list[Problem]:
    """E513 for every misnamed tier in a question's stem, options, key points or explanation."""
    out: list[Problem] = []
    for doc in docs:
        data = doc.data
        if not isinstance(data, dict) or not isinstance(data.get("questions"), list):
            continue
        for i, raw in enumerate(data["questions"]):
            if not isinstance(raw, dict):
                continue
            spots: list[tuple[tuple[str | int, ...], object]] = [
                (("questions", i, key), raw.get(key)) for key in QUESTION_TEXTS
            ]
            options = raw.get("options")
            if isinstance(options, dict):
                spots += [(("questions", i, "options", k), v) for k, v in options.items()]
            points = raw.get("key_points")
            if isinstance(points, list):
                spots += [(("questions", i, "key_points", j), v) for j, v in enumerate(points)]
            for where, value in spots:
                if isinstance(value, str):
                    for _, message in misnamed(value, escalation):
                        out.append(doc.problem(where, "E513", message))
    return out
