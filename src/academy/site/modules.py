"""Curriculum pages: one page per module (header card, teaching text, changelog) and an index."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from markupsafe import Markup

from academy.core.load.learning_paths import LearningPaths
from academy.core.validate.bank import Bank
from academy.core.validate.escalation import Escalation
from academy.core.validate.plans import Plan, Session

from ..core.model import Module, Program
from .common import MODULE_LEVEL_LABELS, TRACK_LABELS, SiteContext
from .content_macros import MacroData, fill
from .markdown import md, page, site_env, slug
from .selfcheck import PROGRESS_PAGE, progress_page, selfcheck_block

MODULES_DIR = "modules"
TRACK_ORDER = tuple(TRACK_LABELS)  # core, after-sales, supervisor, certification
LEVEL_ORDER = tuple(MODULE_LEVEL_LABELS)  # basic, intermediate, advanced
UPCOMING_PER_MODULE = 3


def learning_order(modules: dict[str, Module]) -> list[Module]:
    """Every module after its prerequisites; ties by track, level, then id (stable, total)."""

    def rank(m: Module) -> tuple[int, int, str]:
        return (TRACK_ORDER.index(m.track), LEVEL_ORDER.index(m.level), m.id)

    pending = {m.id: {p for p in m.prerequisites if p in modules} for m in modules.values()}
    ordered: list[Module] = []
    while pending:
        ready = [modules[i] for i, needs in pending.items() if not needs]
        if not ready:  # a prerequisite cycle: keep going rather than lose modules
            ready = [modules[i] for i in pending]
        nxt = min(ready, key=rank)
        ordered.append(nxt)
        del pending[nxt.id]
        for needs in pending.values():
            needs.discard(nxt.id)
    return ordered


def study_order(modules: dict[str, Module], paths: LearningPaths | None = None) -> list[Module]:
    """The site's one study order: along the learning paths (curriculum/paths.yaml),
    then any module no path lists, after its prerequisites."""
    listed = [modules[m] for m in (paths.order() if paths else []) if m in modules]
    seen = {m.id for m in listed}
    return listed + [m for m in learning_order(modules) if m.id not in seen]


def module_link(module: Module, prefix: str = "") -> Markup:
    """``[title](prefix<id>.md)``: a Markdown link that mkdocs checks and rewrites."""
    return Markup(f"[{md(module.title)}]({prefix}{slug(module.id)}.md)")


def track_label(track: str) -> str:
    return TRACK_LABELS.get(track, track)


def level_label(level: str) -> str:
    return MODULE_LEVEL_LABELS.get(level, level)


def module_tags(module: Module) -> list[str]:
    return [track_label(module.track), level_label(module.level)]


def _sessions_for(module_id: str, plans: Iterable[Plan], ctx: SiteContext) -> list[Session]:
    found = [s for plan in plans for s in plan.upcoming(ctx.as_of) if module_id in s.modules]
    return sorted(found, key=lambda s: (s.date, s.start, s.id))[:UPCOMING_PER_MODULE]


def module_page(
    module: Module,
    modules: dict[str, Module],
    programs: dict[str, Program],
    plans: list[Plan],
    ctx: SiteContext,
    bank: Bank | None = None,
    paths: LearningPaths | None = None,
    macros: MacroData | None = None,
) -> str:
    prerequisites = [module_link(modules[p]) for p in module.prerequisites if p in modules]
    anchors = {
        path.position: f"path-{n + 1}" for n, path in enumerate(paths.paths if paths else ())
    }
    positions = [
        Markup(f"[{md(position)}](index.md#{anchors[position]})")
        for position in (paths.of_module(module.id) if paths else [])
    ]
    in_programs = [
        Markup(f"[{md(p.title)}](../programs/{slug(p.id)}.md)")
        for p in sorted(programs.values(), key=lambda p: p.id)
        if module.id in p.modules
    ]
    body = (
        site_env()
        .get_template("modules/module.md.j2")
        .render(
            m=module,
            last=module.changelog[0],
            track=track_label(module.track),
            level=level_label(module.level),
            prerequisites=prerequisites,
            programs=in_programs,
            positions=positions,
            sessions=_sessions_for(module.id, plans, ctx),
            body=Markup(fill(module.body, macros or MacroData(programs=programs))),
            selfcheck=selfcheck_block(bank, module.id),
        )
    )
    meta = {
        "title": module.title,
        "description": "；".join(module.objectives)[:150],
        "edit_source": module.path,
        "tags": module_tags(module),
        # the search's filters (overrides/main.html → academy.site.search)
        "pagefind": {"track": track_label(module.track), "level": level_label(module.level)},
    }
    return page(meta, body)


@dataclass(frozen=True)
class _Row:
    order: int
    module: Module
    level: str
    prerequisites: list[Markup]


def index_page(modules: dict[str, Module], paths: LearningPaths | None = None) -> str:
    """Modules along each position's learning path, then any module no path lists."""
    paths = paths or LearningPaths()

    def rows(ids: Iterable[str]) -> list[_Row]:
        return [
            _Row(
                i + 1,
                modules[m],
                level_label(modules[m].level),
                [module_link(modules[p]) for p in modules[m].prerequisites if p in modules],
            )
            for i, m in enumerate(i for i in ids if i in modules)
        ]

    anchors = {path.position: f"path-{n + 1}" for n, path in enumerate(paths.paths)}
    groups = [
        {
            "id": anchors[path.position],
            "label": f"{path.position}的学习路径",
            "description": path.description,
            "after": path.after,
            "after_id": anchors.get(path.after or ""),
            "rows": rows(path.modules),
        }
        for path in paths.paths
    ]
    listed = set(paths.order())
    rest = [m.id for m in learning_order(modules) if m.id not in listed]
    if rest:
        groups.append(
            {
                "id": "other",
                "label": "其他模块",
                "description": "",
                "after": None,
                "after_id": None,
                "rows": rows(rest),
            }
        )
    hours = sum((m.duration_hours for m in modules.values()), Decimal(0))
    body = (
        site_env()
        .get_template("modules/index.md.j2")
        .render(groups=groups, total=len(modules), hours=hours)
    )
    return page({"title": "课程模块"}, body)


def pages(
    modules: dict[str, Module],
    programs: dict[str, Program],
    plans: list[Plan],
    ctx: SiteContext,
    bank: Bank | None = None,
    paths: LearningPaths | None = None,
    escalation: Escalation | None = None,
) -> dict[str, str]:
    """``modules/index.md``, ``modules/<id>.md`` for every module, and 学习进度."""
    out = {f"{MODULES_DIR}/index.md": index_page(modules, paths)}
    macros = MacroData(escalation or Escalation(), programs)
    for module in study_order(modules, paths):
        out[page_path(module)] = module_page(
            module, modules, programs, plans, ctx, bank, paths, macros
        )
    out[PROGRESS_PAGE] = progress_page(study_order(modules, paths), bank, paths)
    return out


def nav(modules: dict[str, Module], paths: LearningPaths | None = None) -> list[str]:
    """Module pages in the study order, for the site navigation."""
    return [PROGRESS_PAGE] + [f"{MODULES_DIR}/{m.id}.md" for m in study_order(modules, paths)]


def page_path(module: Module) -> str:
    """Where a module's page is generated, under docs/."""
    return f"{MODULES_DIR}/{slug(module.id)}.md"
