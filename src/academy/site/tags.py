"""The tags page (``docs/tags.md``): tags grouped by kind, in the order a reader looks.

Every page's tags come from the generators (modules: track and level; programs:
"考核方案" and their certificate levels; plans; cohorts: program and kind; the
guide). The theme's tags plugin sorts one flat list by character code; here each
kind gets a heading, and each tag its own listing
(``<!-- material/tags { include: [...] } -->``), so the order is the one given here
(a test checks that every tag a page carries belongs to one of these kinds).
"""

from __future__ import annotations

import json

from markupsafe import Markup

from ..core.pipeline import Outcome
from .cohorts import ASSESSMENT_LABEL, INDEX_TITLE, MONTHLY_LABEL
from .common import KIND_LABELS, MODULE_LEVEL_LABELS, TRACK_LABELS
from .markdown import md

PLANS_TAG = "培训计划"
PROGRAMS_TAG = "考核方案"
GUIDE_TAG = "培训师指南"
PRACTICAL_TAG = "实操考核"  # the practical exam's scenarios and scoring sheets
# cycles, assessment reports, training evaluation and certificates: results for trainers
RESULT_TAGS = ("考核周期", "考核评估报告", "培训评估", "证书")


def _listing(tag: str) -> str:
    # JSON is YAML; ">" escaped so that no tag can close the HTML comment
    value = json.dumps([tag], ensure_ascii=False).replace(">", "\\u003e")
    return f"<!-- material/tags {{ include: {value} }} -->"


def groups(outcome: Outcome) -> list[tuple[str, str, list[str]]]:
    """(heading, explanation, tags) per kind, in reading order."""

    programs = sorted(outcome.project.programs.values(), key=lambda p: p.id)
    return [
        ("课程类别", "课程模块按类别划分。", list(TRACK_LABELS.values())),
        ("难度", "课程模块的难度，从入门到高级。", list(MODULE_LEVEL_LABELS.values())),
        (
            "考核方案与等级",
            "考核方案，以及各方案评定的等级（从高到低）。",
            [PROGRAMS_TAG, PRACTICAL_TAG, *(lv.label for p in programs for lv in p.levels)],
        ),
        ("培训计划", "年度、季度培训计划和培训日历。", [PLANS_TAG]),
        (
            "成绩",
            "各班次的考核成绩，按考核方案和考核类型。",
            [
                INDEX_TITLE,
                *(p.title for p in programs),
                *KIND_LABELS.values(),
                ASSESSMENT_LABEL,
                MONTHLY_LABEL,
                *RESULT_TAGS,
            ],
        ),
        ("培训师指南", "写给培训师和维护者的说明。", [GUIDE_TAG]),
    ]


def listings(outcome: Outcome) -> Markup:
    parts: list[str] = []
    for heading, note, tags in groups(outcome):
        parts.append(f"## {md(heading)}\n\n{md(note)}\n")
        parts += [f"{_listing(tag)}\n" for tag in dict.fromkeys(tags)]
    return Markup("\n".join(parts))
