"""The four MkDocs pages: small, linked to the static views, names kept out of search."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from academy.site.certificates import pages
from academy.site.certificates.view import views
from tests.support.certs import Built


def test_four_pages_with_their_front_matter(unsigned: Built) -> None:
    """Are index, lookup, renewal-due and expired made, macros off, name lists unsearchable?"""
    out = pages(unsigned.outcome, unsigned.ctx)
    assert sorted(out) == [
        "certificates/expired.md",
        "certificates/index.md",
        "certificates/lookup.md",
        "certificates/renewal-due.md",
    ]
    for text in out.values():
        assert "render_macros: false" in text.split("---", 2)[1]
    for name in ("expired", "renewal-due"):
        assert 'search: {"exclude": true}' in out[f"certificates/{name}.md"]


def test_landing_page_matches_its_golden(
    unsigned: Built, golden: Callable[[str, str], None]
) -> None:
    """Is the registry landing page (counts per status, program and level) as reviewed?"""
    golden("certs/index.md", pages(unsigned.outcome, unsigned.ctx)["certificates/index.md"])


def test_renewal_due_page_lists_the_due(unsigned: Built) -> None:
    """Does 待复评名单 list the four certificates due on 2026-11-23, 17 days left each?"""
    text = pages(unsigned.outcome, unsigned.ctx)["certificates/renewal-due.md"]
    for cert_id in ("CS2025007", "CS2025008", "CS2025009", "CS2025010"):
        assert f'<a href="../{cert_id}/">{cert_id}</a>' in text
    assert text.count("| 2026-12-10 | 17 |") == 4


def test_pages_stay_small_with_many_certificates(unsigned: Built) -> None:
    """With 20,000 certificates due, are the lists capped and the pages still small?"""
    certs = unsigned.outcome.certificates
    due = next(c for c in certs if c.status(unsigned.ctx.as_of) == "renewal_due")
    many = [dataclasses.replace(due, id=f"CS2025{i:04d}", renewals=[]) for i in range(20_000)]
    outcome = dataclasses.replace(unsigned.outcome, certificates=many)
    out = pages(outcome, unsigned.ctx)
    assert len(views(outcome, unsigned.ctx)) == 20_000
    assert max(len(text.encode()) for text in out.values()) < 40_000
    assert "共 20000 张" in out["certificates/renewal-due.md"]
