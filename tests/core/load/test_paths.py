"""Learning paths (curriculum/paths.yaml): one study order, consistent with prerequisites."""

from __future__ import annotations

from pathlib import Path

from academy.core.load.learning_paths import LearningPaths
from academy.core.load.sources import load_sources
from academy.core.pipeline import project_from

REPO = Path(__file__).resolve().parents[3]


def test_demo_paths_cover_every_module_after_its_prerequisites() -> None:
    """Every module is on some position's path; supervisor modules on 客服主管's."""
    project = project_from(load_sources(REPO))
    paths: LearningPaths = project.paths
    assert [p.position for p in paths.paths] == ["客服专员", "售后客服", "资深客服", "客服主管"]
    assert set(paths.order()) == set(project.modules)
    supervisor = {m.id for m in project.modules.values() if m.track == "supervisor"}
    assert supervisor <= set(paths.get("客服主管").modules)  # type: ignore[union-attr]
    # each path, with the paths it comes after, has every prerequisite before its module
    for path in paths.paths:
        done: set[str] = set()
        after = path.after
        while after:
            before = paths.get(after)
            assert before is not None
            done |= set(before.modules)
            after = before.after
        for module_id in path.modules:
            assert set(project.modules[module_id].prerequisites) <= done, (path, module_id)
            done.add(module_id)


def test_positions_of_the_paths_are_in_the_positions_list_when_there_is_one() -> None:
    positions = REPO / "curriculum" / "positions.yaml"
    if not positions.exists():  # the list arrives with the HR work; then it is checked
        return
    project = project_from(load_sources(REPO))
    known = project.positions.known
    assert known is not None
    assert {p.position for p in project.paths.paths} <= known


def test_a_path_for_a_position_not_in_the_list_is_reported_at_its_line(tmp_path: Path) -> None:
    """With curriculum/positions.yaml present, a path's position must be on that list."""
    import shutil

    import pytest

    from academy.core.errors import InputError

    root = tmp_path / "repo"
    shutil.copytree(REPO / "curriculum", root / "curriculum")
    shutil.copytree(REPO / "rosters", root / "rosters")
    (root / "curriculum" / "positions.yaml").write_text(
        "positions:\n"
        + "".join(f"  - id: {p}\n    track: 客服\n" for p in ("客服专员", "资深客服", "客服主管")),
        encoding="utf-8",
    )
    with pytest.raises(InputError) as err:
        project_from(load_sources(root))
    lines = (root / "curriculum" / "paths.yaml").read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, 1) if text.startswith("  售后客服:"))
    problems = [str(p) for p in err.value.problems if p.path == "curriculum/paths.yaml"]
    assert problems == [
        f"curriculum/paths.yaml:{line}:3: E330 未知的岗位“售后客服”"
        "（岗位见 curriculum/positions.yaml）"
    ]
