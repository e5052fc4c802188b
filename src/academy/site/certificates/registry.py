"""The registry as static HTML: one view per (program, level, status) filter, paginated.

``certificates/registry/<program|all>/<level|all>/<status|all>/`` lists the
certificates that match, ``PAGE_SIZE`` rows a page (``…/page-2.html`` on, in the
same folder, so every page sits at the same depth: ``ROOT`` leads back to the site
root from all of them and a row is rendered once), with filter
links that carry their counts. Levels are filtered within a program only (level
ids belong to a program). Each row is rendered once and reused in every view it
appears in, so 20,000 certificates cost 20,000 row renderings, not 120,000.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from markupsafe import Markup, escape

from academy.core.certify.ledger import split_id
from ...core.model import Program
from ..common import CERT_STATUS_LABELS
from academy.core.credentials.addresses import CERT_DIR
from .view import STATUS_ORDER, CertView

ALL = "all"
PAGE_SIZE = 500
REGISTRY_DIR = f"{CERT_DIR}/registry"
Key = tuple[str, str, str]  # program, level, status; each may be ALL


ROOT = "../" * 5  # from certificates/registry/<p>/<l>/<s>/ back to the site root


def view_path(program: str = ALL, level: str = ALL, status: str = ALL, page: int = 1) -> str:
    """URL of a registry view page, relative to the site root."""
    tail = f"page-{page}.html" if page > 1 else ""
    return f"{REGISTRY_DIR}/{program}/{level}/{status}/{tail}"


def view_file(program: str, level: str, status: str, page: int) -> str:
    path = view_path(program, level, status, page)
    return path + "index.html" if path.endswith("/") else path


def sort_key(c: CertView) -> tuple[str, int, int]:
    return split_id(c.id)


def order(status: str, certs: list[CertView]) -> list[CertView]:
    """Renewal due: soonest expiry first; expired: latest first; otherwise by number."""
    if status == "renewal_due":
        return sorted(certs, key=lambda c: (c.valid_until, sort_key(c)))
    if status == "expired":
        return sorted(certs, key=lambda c: (-c.valid_until.toordinal(), sort_key(c)))
    return sorted(certs, key=sort_key)


def row(c: CertView) -> Markup:
    """One table row, the same in every view and page."""
    e = escape
    return Markup(
        f'<tr><td><a href="{ROOT}{c.path}">{c.id}</a></td><td>{e(c.holder)}</td>'
        f"<td>{e(c.employee_id)}</td><td>{e(c.department) or '—'}</td>"
        f"<td>{e(c.program_title)}</td><td>{e(c.level_label)}</td><td>{c.issued_on}</td>"
        f'<td>{c.valid_until}</td><td><span class="cert-badge cert-badge--{c.status}">'
        f"{c.status_label}</span></td></tr>"
    )


@dataclass(frozen=True)
class Choice:
    label: str
    count: int
    href: str
    current: bool


@dataclass(frozen=True)
class Facet:
    name: str
    choices: tuple[Choice, ...]


@dataclass(frozen=True)
class View:
    """One filtered view: its key, heading and matching certificates in display order."""

    key: Key
    heading: str
    certs: list[CertView]


class Registry:
    """All views of a set of certificates, and the counts behind the filter links."""

    def __init__(self, certs: list[CertView], programs: dict[str, Program]) -> None:
        self.programs = {
            pid: programs[pid].title if pid in programs else pid
            for pid in sorted({c.program_id for c in certs})
        }
        self.levels: dict[str, dict[str, str]] = defaultdict(dict)
        for pid in self.programs:
            program = programs.get(pid)
            for lv in program.levels if program else ():
                self.levels[pid][lv.id] = lv.label
        for c in certs:
            self.levels[c.program_id].setdefault(c.level_id, c.level_label)
        self.groups: dict[Key, list[CertView]] = defaultdict(list)
        for c in certs:
            for key in self._keys(c):
                self.groups[key].append(c)
        self.counts = Counter({k: len(v) for k, v in self.groups.items()})

    @staticmethod
    def _keys(c: CertView) -> Iterable[Key]:
        p, lv, s = c.program_id, c.level_id, c.status
        yield from ((ALL, ALL, ALL), (ALL, ALL, s), (p, ALL, ALL), (p, ALL, s), (p, lv, ALL))
        yield (p, lv, s)

    def count(self, program: str = ALL, level: str = ALL, status: str = ALL) -> int:
        return self.counts[(program, level, status)]

    def views(self) -> list[View]:
        """Every view with at least one certificate, plus the unfiltered one."""
        keys = sorted(set(self.groups) | {(ALL, ALL, ALL)})
        return [View(k, self.heading(k), order(k[2], self.groups.get(k, []))) for k in keys]

    def heading(self, key: Key) -> str:
        program, level, status = key
        parts = []
        if program != ALL:
            parts.append(self.programs.get(program, program))
        if level != ALL:
            parts.append(self.levels[program].get(level, level))
        if status != ALL:
            parts.append(CERT_STATUS_LABELS[status])
        return " · ".join(parts)

    def facets(self, key: Key) -> list[Facet]:
        program, level, status = key

        def choice(label: str, k: Key) -> Choice:
            return Choice(label, self.counts[k], view_path(*k), k == key)

        facets = [
            Facet(
                "项目",
                (
                    choice("全部", (ALL, ALL, status)),
                    *(choice(t, (p, ALL, status)) for p, t in self.programs.items()),
                ),
            )
        ]
        if program != ALL:
            levels = self.levels[program].items()
            facets.append(
                Facet(
                    "等级",
                    (
                        choice("全部", (program, ALL, status)),
                        *(choice(t, (program, lv, status)) for lv, t in levels),
                    ),
                )
            )
        facets.append(
            Facet(
                "状态",
                (
                    choice("全部", (program, level, ALL)),
                    *(choice(CERT_STATUS_LABELS[s], (program, level, s)) for s in STATUS_ORDER),
                ),
            )
        )
        return facets


@dataclass(frozen=True)
class PageLink:
    label: str
    href: str
    current: bool = False


def pager(key: Key, page: int, pages: int) -> list[PageLink]:
    """首页 ‹ 1 … 4 5 [6] 7 8 … 40 › 末页, as links (empty href = not a link)."""
    near = sorted({1, pages, *range(max(1, page - 2), min(pages, page + 2) + 1)})
    links = [PageLink("上一页", view_path(*key, page - 1) if page > 1 else "")]
    last = 0
    for n in near:
        if n - last > 1:
            links.append(PageLink("…", ""))
        links.append(PageLink(str(n), view_path(*key, n), n == page))
        last = n
    links.append(PageLink("下一页", view_path(*key, page + 1) if page < pages else ""))
    return links


def render_views(
    registry: Registry, render: Callable[..., str], rows: dict[str, Markup]
) -> Iterable[tuple[str, str]]:
    """(path under the site root, HTML) of every page of every view."""
    for v in registry.views():
        pages = max(1, -(-len(v.certs) // PAGE_SIZE))
        for page in range(1, pages + 1):
            chunk = v.certs[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
            html = render(
                root=ROOT,
                heading=v.heading,
                total=len(v.certs),
                page=page,
                pages=pages,
                facets=registry.facets(v.key),
                pager=pager(v.key, page, pages),
                rows=Markup("\n").join(rows[c.id] for c in chunk),
            )
            yield view_file(*v.key, page), html
