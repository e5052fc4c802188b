"""The judges' panel of a roster, checked before grading: no component has more judges'
scores than the roster's ``judges:`` names (docs/guide/rosters.md). The panel's agreement
is ``academy.core.decisions.agreement``'s.
"""

from __future__ import annotations

from typing import Any

from academy.core.errors import Problem
from academy.core.model import Program
from academy.core.yamlsrc import Document


def check_panel_size(doc: Document, data: dict[str, Any], program: Program) -> list[Problem]:
    """E630 where a judges' list (or a scoring sheet's judges) is longer than ``judges:``."""
    names = data.get("judges")
    if not names:
        return []
    labels = {c.id: c.label for c in program.components}
    problems = []
    for i, trainee in enumerate(data["trainees"]):
        for component, value in (trainee.get("scores") or {}).items():
            where: tuple[str | int, ...] = ("trainees", i, "scores", component)
            if isinstance(value, dict) and isinstance(value.get("judges"), list):
                value, where = value["judges"], (*where, "judges")
            if isinstance(value, list) and len(value) > len(names):
                problems.append(
                    doc.problem(
                        (*where, len(names)),
                        "E630",
                        f"“{labels.get(component, component)}”有 {len(value)} 位评委的分数，"
                        f"但名册的 judges 只列了 {len(names)} 位评委（{'、'.join(names)}）",
                    )
                )
    return problems
