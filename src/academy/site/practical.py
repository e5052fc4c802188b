"""Practical exam pages: the scenario scripts and scoring sheets, published before the exam.

Seed 000 asks for the practical scoring standard to be published in advance; each page
is also printable for the judges (a print button and the theme's print styles).
"""

from __future__ import annotations

from academy.core.validate.bank import Bank
from academy.core.grade.practical import Scenario
from .markdown import page, site_env, slug

PRACTICAL_DIR = "practical"
INDEX_TITLE = "实操考核情景与评分表"


def scenario_page(scenario: Scenario, module_titles: dict[str, str]) -> str:
    body = (
        site_env()
        .get_template("practical/scenario.md.j2")
        .render(
            s=scenario,
            modules=[(slug(m), module_titles[m]) for m in scenario.modules if m in module_titles],
            total=format(scenario.total.normalize(), "f"),
        )
    )
    meta = {"title": scenario.title, "edit_source": scenario.path, "tags": ["实操考核"]}
    return page(meta, body)


def pages(bank: Bank | None, module_titles: dict[str, str]) -> dict[str, str]:
    """``practical/index.md`` and one page per scenario (nothing when there is none)."""
    if bank is None or not bank.scenarios:
        return {}
    scenarios = sorted(bank.scenarios.values(), key=lambda s: s.id)
    out = {
        f"{PRACTICAL_DIR}/index.md": page(
            {"title": INDEX_TITLE, "tags": ["实操考核"]},
            site_env().get_template("practical/index.md.j2").render(scenarios=scenarios),
        )
    }
    for scenario in scenarios:
        out[f"{PRACTICAL_DIR}/{slug(scenario.id)}.md"] = scenario_page(scenario, module_titles)
    return out


def nav(bank: Bank | None) -> list[str]:
    if bank is None:
        return []
    return [f"{PRACTICAL_DIR}/{s}.md" for s in sorted(bank.scenarios)]
