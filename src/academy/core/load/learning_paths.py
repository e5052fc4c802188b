"""Learning paths per position, ``curriculum/paths.yaml``: the one study order of the site.

Keyed by position (岗位) in display order. Each path lists modules in study order;
a module's prerequisites come before it in the same path, or in the path named by
``after`` (studied first, transitively). The module index, the home page and the
program pages all read the order from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from academy.core.errors import Problem
from academy.core.load import schema
from academy.core.load.positions import POSITIONS_FILE
from academy.core.model import Module
from academy.core.yamlsrc import Document, read_yaml

PATHS_FILE = "curriculum/paths.yaml"


@dataclass(frozen=True)
class LearningPath:
    position: str
    description: str
    after: str | None
    modules: tuple[str, ...]


@dataclass(frozen=True)
class LearningPaths:
    paths: tuple[LearningPath, ...] = ()

    def order(self) -> list[str]:
        """Every module once, in the order it is first met along the paths."""
        return list(dict.fromkeys(m for p in self.paths for m in p.modules))

    def of_module(self, module_id: str) -> list[str]:
        return [p.position for p in self.paths if module_id in p.modules]

    def get(self, position: str) -> LearningPath | None:
        return next((p for p in self.paths if p.position == position), None)


def read_paths(root: Path, problems: list[Problem]) -> Document | None:
    file = root / PATHS_FILE
    if not file.is_file():
        return None
    doc, found = read_yaml(file, PATHS_FILE)
    problems.extend(found)
    return doc


def validate_paths(
    doc: Document | None,
    modules: dict[str, Module],
    positions: frozenset[str] | None,
    problems: list[Problem],
) -> LearningPaths:
    """Check the paths; report every problem with its file, line and column."""
    if doc is None:
        return LearningPaths()
    found = schema.check("paths", doc)
    problems.extend(found)
    if found or doc.has_problems:
        return LearningPaths()
    data: dict[str, dict[str, object]] = doc.data["paths"]
    learned: dict[str, set[str]] = {}
    paths: list[LearningPath] = []
    for position, spec in data.items():
        if positions is not None and position not in positions:
            problems.append(
                doc.problem(
                    ("paths", position),
                    "E330",
                    f"未知的岗位“{position}”（岗位见 {POSITIONS_FILE}）",
                    key=True,
                )
            )
        raw_after = spec.get("after")
        after = raw_after if isinstance(raw_after, str) else None
        done: set[str] = set()
        if isinstance(after, str):
            if after not in learned:
                problems.append(
                    doc.problem(
                        ("paths", position, "after"),
                        "E351",
                        f"“{after}”不是排在本路径之前的岗位路径",
                    )
                )
            else:
                done |= learned[after]
        ids: list[str] = list(spec["modules"])  # type: ignore[call-overload]
        seen: set[str] = set()
        for i, module_id in enumerate(ids):
            where = ("paths", position, "modules", i)
            if module_id not in modules:
                problems.append(doc.problem(where, "E303", f"未知的课程模块“{module_id}”"))
                continue
            if module_id in seen:
                problems.append(doc.problem(where, "E352", f"模块“{module_id}”在本路径中重复"))
                continue
            missing = [p for p in modules[module_id].prerequisites if p not in seen | done]
            if missing:
                names = "、".join(f"“{p}”" for p in missing)
                problems.append(
                    doc.problem(
                        where,
                        "E350",
                        f"模块“{module_id}”的先修模块 {names} 没有排在它前面"
                        f"（岗位“{position}”的学习路径）",
                    )
                )
            seen.add(module_id)
        learned[position] = seen | done
        paths.append(LearningPath(position, str(spec.get("description", "")), after, tuple(ids)))
    return LearningPaths(tuple(paths))
