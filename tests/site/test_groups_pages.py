"""Roles (seed 004 考核小组, seed 002 监督小组): named groups on the program, plan and
supervision pages, with roles shown and names masked; unknown members refused (E338)."""

from __future__ import annotations

from pathlib import Path

import pytest

from academy.cli import main
from academy.core.pipeline import run
from academy.site.pages import collect, read_config, site_context
from tests.conftest import AS_OF, copy_demo


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    root = copy_demo(tmp_path_factory.mktemp("groups") / "repo")
    outcome = run(root, AS_OF, write=False)
    made = collect(outcome, site_context(root, AS_OF, read_config(root))).files
    return {k: v for k, v in made.items() if isinstance(v, str)}


def test_program_page_shows_the_assessment_group_with_masked_names(files: dict[str, str]) -> None:
    """考核小组 of after-sales-monthly: roles, and A001 (张三 in the register) as 张*."""
    page = files["programs/after-sales-monthly.md"]
    assert "## 考核小组与监督小组 { #groups }" in page
    row = next(line for line in page.splitlines() if line.startswith("| 售后客服考核小组 |"))
    assert "售后组长（张&#42;）、质检主管、人力资源专员" in row
    assert "张三" not in page


@pytest.mark.parametrize(
    "path", ["plans/2026-annual.md", "training-evaluation/supervision-2026-annual.md"]
)
def test_plan_and_supervision_pages_show_the_supervision_group(
    files: dict[str, str], path: str
) -> None:
    page = files[path]
    row = next(line for line in page.splitlines() if line.startswith("| 监督小组 |"))
    assert "培训经理、售后组长（张&#42;）、资深客服" in row
    assert "张三" not in page


def test_a_program_without_groups_has_no_group_section(files: dict[str, str]) -> None:
    assert "考核小组与监督小组" not in files["programs/cs-senior.md"]
    row = next(
        line for line in files["programs/cs-specialist.md"].splitlines() if "认证考核小组" in line
    )
    assert "客服主管、资深客服、人力资源专员" in row  # roles only: no employee ids given


def test_the_template_plan_is_not_supervised(files: dict[str, str]) -> None:
    """The cadence template has a page (marked 模板) but no supervision page, no calendar link."""
    assert '!!! note "模板"' in files["plans/cadence-template.md"]
    assert "cadence-template.ics)" not in files["plans/cadence-template.md"]
    assert "training-evaluation/supervision-cadence-template.md" not in files


def test_a_member_not_in_the_register_is_e338(
    demo_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """employee Z999 is in no register: E338 at its value, and validate fails."""
    path = demo_root / "curriculum/programs/after-sales-monthly.yaml"
    text = path.read_text(encoding="utf-8").replace(
        '{role: 售后组长, employee: "A001"}', '{role: 售后组长, employee: "Z999"}'
    )
    path.write_text(text, encoding="utf-8")
    line = next(i for i, t in enumerate(text.splitlines(), 1) if '"Z999"' in t)
    assert main(["validate", "--root", str(demo_root)]) == 1
    err = capsys.readouterr().err
    assert f"curriculum/programs/after-sales-monthly.yaml:{line}:" in err
    assert "E338 员工 Z999 不在人员名册中" in err
