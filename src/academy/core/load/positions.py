"""The one fixed list of positions (岗位), ``curriculum/positions.yaml``.

The register, the rosters, a program's ``requires.positions`` and the learning paths
use only these ids. A repository without the file (an older or minimal one) is not
checked against a list: ``Positions.known`` is then ``None``.
"""

from __future__ import annotations

from dataclasses import dataclass

from academy.core.errors import Problem
from academy.core.load import schema
from academy.core.yamlsrc import Document

POSITIONS_FILE = "curriculum/positions.yaml"  # the one list of positions


@dataclass(frozen=True)
class Position:
    id: str
    track: str
    description: str = ""
    next: tuple[str, ...] = ()


@dataclass(frozen=True)
class Positions:
    """The list, in career order; ``known`` is ``None`` when the repository has none."""

    items: tuple[Position, ...] = ()
    present: bool = False

    @property
    def known(self) -> frozenset[str] | None:
        return frozenset(p.id for p in self.items) if self.present else None

    def unknown(self, position: str) -> bool:
        known = self.known
        return known is not None and position not in known

    def hint(self) -> str:
        return "、".join(p.id for p in self.items)


def validate_positions(doc: Document | None, problems: list[Problem]) -> Positions:
    """Check ``curriculum/positions.yaml`` (``None``: the repository has no list)."""
    if doc is None:
        return Positions()
    found = schema.check("positions", doc)
    problems.extend(found)
    if found or doc.has_problems:
        return Positions()  # its own problems are reported; nothing is checked against it
    items: list[Position] = []
    seen: set[str] = set()
    for i, raw in enumerate(doc.data["positions"]):
        if raw["id"] in seen:
            problems.append(doc.problem(("positions", i, "id"), "E308", f"岗位“{raw['id']}”重复"))
        seen.add(raw["id"])
        items.append(
            Position(
                raw["id"], raw["track"], raw.get("description", ""), tuple(raw.get("next", []))
            )
        )
    for i, raw in enumerate(doc.data["positions"]):
        for j, nxt in enumerate(raw.get("next", [])):
            if nxt not in seen:
                problems.append(
                    doc.problem(("positions", i, "next", j), "E330", f"未知的岗位“{nxt}”")
                )
    return Positions(tuple(items), present=True)
