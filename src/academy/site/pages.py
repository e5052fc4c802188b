"""Every data-driven page of the portal, generated in memory before MkDocs reads ``docs/``.

The order of the steps, stated once:

1. the pipeline validates and grades everything (``academy build`` hands its
   ``Outcome`` over; ``mkdocs`` on its own runs it once, in the plugin);
2. each provider in ``PROVIDERS`` turns the outcome into ``{path under docs/: text}``;
3. the plugin (``plugin.py``) adds them to MkDocs' files as virtual files: nothing is
   written into ``docs/``, so a failed build leaves it untouched and ``serve`` does
   not see its own output as a change.

A page kind is a ``Provider``: one function with one signature, registered once in
``PROVIDERS``. Its folder belongs to the generator alone: a file there that no
provider produced (left by an older version that wrote into ``docs/``) is ignored.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Set
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from academy.core.validate.plans import Plan

from ..core.pipeline import Outcome
from . import (
    assessment_reports,
    certificates,
    cohorts,
    cycle_pages,
    cycle_periods,
    evaluation_pages,
    guide,
    ics,
    modules,
    practical,
    programs,
    schedule,
    workforce,
)
from .common import SiteContext

DOCS_DIR = "docs"
CONFIG_FILE = "mkdocs.yml"

Pages = dict[str, str]
Make = Callable[[Outcome, SiteContext, Set[str]], Pages]
"""``(outcome, ctx, known) → {path under docs/: text}``; ``known``: paths made so far."""


@dataclass(frozen=True)
class Provider:
    """One page kind: its folder under ``docs/``, its pages and its navigation entries."""

    folder: str
    make: Make
    nav: Callable[[Outcome], list[str]] | None = None  # pages listed after ``<folder>/index.md``
    inputs: tuple[str, ...] = ()  # what the pages are made from (path prefixes); () = anything


def _plans(outcome: Outcome) -> list[Plan]:
    plans: list[Plan] = outcome.project.plans
    return plans


def _modules(outcome: Outcome, ctx: SiteContext, known: Set[str]) -> Pages:
    p = outcome.project
    bank, paths = p.bank, p.paths
    return modules.pages(p.modules, p.programs, _plans(outcome), ctx, bank, paths, p.escalation)


def _practical(outcome: Outcome, ctx: SiteContext, known: Set[str]) -> Pages:
    p = outcome.project
    return practical.pages(p.bank, {m.id: m.title for m in p.modules.values()})


def _programs(outcome: Outcome, ctx: SiteContext, known: Set[str]) -> Pages:
    p = outcome.project
    paths = p.paths  # curriculum/paths.yaml: the one study order
    evaluation = evaluation_pages.evaluation_of(outcome)  # the targets a program links to
    return programs.pages(
        p.programs, p.modules, _plans(outcome), p.cohorts, known, paths, evaluation
    )


def _plan_pages(outcome: Outcome, ctx: SiteContext, known: Set[str]) -> Pages:
    p = outcome.project
    plans = _plans(outcome)
    return {
        **schedule.pages(
            plans, p.modules, p.programs, known, ctx, evaluation_pages.evaluation_of(outcome)
        ),
        **ics.files(plans, p.modules, ctx),
    }


def _cohorts(outcome: Outcome, ctx: SiteContext, known: Set[str]) -> Pages:
    return cohorts.pages(outcome, ctx)


def _certificates(outcome: Outcome, ctx: SiteContext, known: Set[str]) -> Pages:
    return {**certificates.pages(outcome, ctx), **workforce.pages(outcome, ctx)}


def _cycles(outcome: Outcome, ctx: SiteContext, known: Set[str]) -> Pages:
    return {**cycle_pages.pages(outcome, ctx), **cycle_periods.pages(outcome, ctx)}


def _assessment_reports(outcome: Outcome, ctx: SiteContext, known: Set[str]) -> Pages:
    return assessment_reports.pages(outcome, ctx)


def _evaluation(outcome: Outcome, ctx: SiteContext, known: Set[str]) -> Pages:
    return evaluation_pages.pages(outcome, ctx)


def _reference(outcome: Outcome, ctx: SiteContext, known: Set[str]) -> Pages:
    return guide.pages()


RESULTS = ("rosters/", "curriculum/programs/", "mkdocs.yml")  # what results pages depend on

PROVIDERS: tuple[Provider, ...] = (
    # cohorts and certificates first: later kinds link to them only when they exist
    Provider(cohorts.COHORTS_DIR, _cohorts, inputs=RESULTS),
    Provider(
        "certificates",
        _certificates,
        lambda o: certificates.nav() + workforce.nav(),
        inputs=RESULTS,
    ),
    Provider(cycle_pages.CYCLES_DIR, _cycles, cycle_pages.nav),
    # one report per certification cohort: reached from its index, like the cohort pages (a
    # sidebar listing hundreds of them would be rendered on every one, quadratic in cohorts)
    Provider(assessment_reports.REPORTS_DIR, _assessment_reports),
    Provider(evaluation_pages.EVALUATION_DIR, _evaluation, evaluation_pages.nav),
    Provider(
        modules.MODULES_DIR, _modules, lambda o: modules.nav(o.project.modules, o.project.paths)
    ),
    Provider(programs.PROGRAMS_DIR, _programs, lambda o: programs.nav(o.project.programs)),
    Provider(schedule.PLANS_DIR, _plan_pages, lambda o: schedule.nav(_plans(o))),
    Provider(guide.REFERENCE_DIR, _reference),
    Provider(
        practical.PRACTICAL_DIR,
        _practical,
        lambda o: practical.nav(o.project.bank),
        inputs=("curriculum/",),
    ),
)
GENERATED_DIRS = tuple(p.folder for p in PROVIDERS)


@dataclass
class Generated:
    """What one generation produced: the outcome, the settings and the pages."""

    outcome: Outcome
    ctx: SiteContext
    files: Pages
    nav: dict[str, list[str]] = field(default_factory=dict)  # section index → its pages
    by_folder: dict[str, Pages] = field(default_factory=dict)  # each provider's pages


def read_config(root: Path) -> dict[str, Any]:
    """``mkdocs.yml`` as plain data (it holds no Python tags, so safe_load reads it)."""
    path = root / CONFIG_FILE
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else {}


def site_context(root: Path, as_of: dt.date, config: Mapping[str, Any]) -> SiteContext:
    extra = config.get("extra") or {}
    academy = extra.get("academy") or {}
    return SiteContext(
        root=root,
        as_of=as_of,
        mask_names=bool(academy.get("mask_names", True)),
        site_name=str(config.get("site_name") or "客服学院"),
        repo_url=str(config.get("repo_url") or ""),
        edit_branch=str(academy.get("edit_branch", "main")),
        use_directory_urls=bool(config.get("use_directory_urls", True)),
        extra={**academy, "site_url": str(config.get("site_url") or "")},
    )


def collect(
    outcome: Outcome, ctx: SiteContext, reuse: Mapping[str, Pages] | None = None
) -> Generated:
    """Every generated file, keyed by its path under ``docs/``, and the navigation.

    ``reuse``: pages of an earlier generation, by folder, still valid (``serve`` passes
    those whose ``inputs`` did not change); they are taken as they are.
    """
    generated = Generated(outcome, ctx, {})
    for provider in PROVIDERS:
        made = (reuse or {}).get(provider.folder)
        if made is None:
            made = provider.make(outcome, ctx, generated.files.keys())
        for rel in made:
            if rel.split("/", 1)[0] != provider.folder or ".." in rel.split("/"):
                raise ValueError(f"the {provider.folder} pages may not include {rel}")
        generated.files.update(made)
        generated.by_folder[provider.folder] = made
        if provider.nav is not None:
            generated.nav[f"{provider.folder}/index.md"] = provider.nav(outcome)
    return generated


def still_valid(generated: Generated, changed: Set[str]) -> dict[str, Pages]:
    """The pages of ``generated`` not made from any of the ``changed`` paths, by folder."""
    return {
        p.folder: generated.by_folder[p.folder]
        for p in PROVIDERS
        if p.inputs
        and p.folder in generated.by_folder
        and not any(path.startswith(p.inputs) for path in changed)
    }
