"""The four certificate pages that go through MkDocs, small at any number of certificates.

They show counts and short lists and link to the static views that ``static.py``
writes (registry, verification pages), with raw ``<a href>`` links because MkDocs
does not know those files. The two name lists stay out of the search index.
"""

from __future__ import annotations

from typing import Any

from academy.core.credentials.keys import signer_from_environment
from ...core.pipeline import Outcome
from ...core.vocabulary import CERT_STATUS_LABELS, CertStatus
from ..common import SiteContext
from ..markdown import page, site_env
from .registry import ALL, Registry, order, view_path
from academy.core.credentials.addresses import CERT_DIR
from .view import STATUS_ORDER, CertView, chinese_date, views

LIST_LIMIT = 100  # rows on the renewal-due and expired pages; the full lists are static
HIDDEN = {"search": {"exclude": True}}


def _up(ctx: SiteContext, index: bool) -> str:
    """From a page's URL to ``certificates/`` (``use_directory_urls`` puts pages in folders)."""
    return "../" if ctx.use_directory_urls and not index else ""


def _rel(href: str) -> str:
    """A registry path (from the site root) relative to ``certificates/``."""
    return href.removeprefix(f"{CERT_DIR}/")


def _index(reg: Registry, certs: list[CertView], ctx: SiteContext) -> str:
    statuses = [
        {
            "id": s,
            "label": CERT_STATUS_LABELS[s],
            "count": reg.count(status=s),
            "href": _rel(view_path(status=s)),
        }
        for s in STATUS_ORDER
    ]
    programs = []
    for pid, title in reg.programs.items():
        levels = [
            {
                "label": label,
                "href": _rel(view_path(pid, lv)),
                "counts": [reg.count(pid, lv, s) for s in STATUS_ORDER],
                "total": reg.count(pid, lv),
            }
            for lv, label in reg.levels[pid].items()
            if reg.count(pid, lv)
        ]
        programs.append({"title": title, "levels": levels})
    signer = signer_from_environment()
    body = (
        site_env()
        .get_template("certificates/index.md.j2")
        .render(
            as_of=ctx.as_of.isoformat(),
            statuses=statuses,
            total=len(certs),
            all_href=_rel(view_path()),
            programs=programs,
            due=reg.count(status=CertStatus.RENEWAL_DUE),
            expired=reg.count(status="expired"),
            signed=signer is not None,
            kid=signer.kid if signer else "",
            up=_up(ctx, index=True),
        )
    )
    return page({"title": "证书"}, body)


def _list(reg: Registry, status: str, ctx: SiteContext, texts: dict[str, str]) -> str:
    rows = order(status, reg.groups.get((ALL, ALL, status), []))
    env = site_env()
    env.filters["cn"] = chinese_date
    body = env.get_template("certificates/list.md.j2").render(
        rows=rows[:LIST_LIMIT],
        total=len(rows),
        full_href=_rel(view_path(status=status)),
        up=_up(ctx, index=False),
        **texts,
    )
    return page({"title": texts["title"], **HIDDEN}, body)


def pages(outcome: Outcome, ctx: SiteContext) -> dict[str, str]:
    """``certificates/{index,lookup,renewal-due,expired}.md`` → Markdown."""
    certs = views(outcome, ctx)
    reg = Registry(certs, outcome.project.programs)
    as_of = ctx.as_of.isoformat()
    lookup = (
        site_env()
        .get_template("certificates/lookup.md.j2")
        .render(as_of=as_of, up=_up(ctx, index=False))
    )
    due: dict[str, Any] = {
        "title": "待复评名单",
        "intro": f"按 {as_of} 计算，以下证书已进入复评窗口（有效期满前一个月），"
        "最早到期的排在前面。持证人应在到期前参加复评；复评通过后有效期顺延。",
        "days_label": "剩余天数",
        "order_note": "最早到期",
        "empty": "目前没有待复评的证书。",
    }
    expired: dict[str, Any] = {
        "title": "已过期名单",
        "intro": f"按 {as_of} 计算，以下证书已过有效期且没有复评，最近到期的排在前面。"
        "持证人需重新参加认证。已撤销和已被新证书取代的证书不在此列。",
        "days_label": "已过期天数",
        "order_note": "最近到期",
        "empty": "目前没有已过期的证书。",
    }
    return {
        f"{CERT_DIR}/index.md": _index(reg, certs, ctx),
        f"{CERT_DIR}/lookup.md": page({"title": "证书查询"}, lookup),
        f"{CERT_DIR}/renewal-due.md": _list(reg, "renewal_due", ctx, due),
        f"{CERT_DIR}/expired.md": _list(reg, "expired", ctx, expired),
    }
