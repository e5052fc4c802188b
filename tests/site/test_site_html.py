"""Every built page, read with a real HTML parser: tables whole, no stray ``|``, no dead link.

Certificate pages (written outside MkDocs) and the not-found page are included.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from academy.core.certify.ledger import CERTIFICATE_RE
from tests.conftest import BuiltSite
from tests.site.html_checks import link_defects, parse, pipe_defects, table_defects

pytestmark = pytest.mark.slow
BASE = "http://127.0.0.1:8000/"  # the demo's site_url


def pages(site: Path) -> list[Path]:
    found = sorted(site.rglob("*.html"))
    assert len(found) > 100 and any("certificates/CS2024001" in str(p) for p in found)
    return found


def test_every_table_has_its_cells(demo_site: BuiltSite) -> None:
    """Has every row of every table as many cells as its header (and a table rows at all)?"""
    defects = []
    for page in pages(demo_site.site):
        defects += table_defects(page.relative_to(demo_site.site).as_posix(), parse(page))
    assert defects == []


def test_no_stray_table_syntax(demo_site: BuiltSite) -> None:
    """Is there no Markdown table syntax (``| a | b |``) left as text on any page?"""
    defects = []
    for page in pages(demo_site.site):
        defects += pipe_defects(page.relative_to(demo_site.site).as_posix(), parse(page))
    assert defects == []


def test_every_internal_link_and_asset_resolves(demo_site: BuiltSite) -> None:
    """Does every internal href/src of every page lead to a file of the site?"""
    defects = []
    for page in pages(demo_site.site):
        defects += link_defects(demo_site.site, page, parse(page), BASE)
    assert defects == []


def test_home_page_lists_latest_certificates_in_a_table(demo_site: BuiltSite) -> None:
    """Is 最新获证 a real table with rows of certificate numbers?"""
    tree = parse(demo_site.site / "index.html")
    heading = tree.css_first("h2#certified")
    assert heading is not None
    table = next(t for t in tree.css("table") if "证书编号" in t.text())
    ids = [row.css_first("td").text() for row in table.css("tbody tr")]
    assert ids and all(CERTIFICATE_RE.fullmatch(i) for i in ids)


def test_unknown_certificate_shows_a_chinese_not_found_page(demo_site: BuiltSite) -> None:
    """Does 404.html (served for /certificates/CS2099999/) say the number does not exist,
    in Chinese, with the lookup box that reads the number from the address?"""
    tree = parse(demo_site.site / "404.html")
    text = tree.body.text() if tree.body else ""
    assert "Not found" not in text
    assert "证书编号不存在或输入有误" in text
    box = tree.css_first("#academy-lookup")
    assert box is not None and box.attributes.get("data-from-path") == "1"
    assert tree.css_first("#academy-lookup input[name=cert]") is not None


def test_revoked_and_superseded_pages(demo_site: BuiltSite) -> None:
    """Does a revoked certificate say when, never why, and neither it nor a superseded one
    invite the holder to renew?"""
    revoked = parse(demo_site.site / "certificates/CS2024013/index.html").body
    assert revoked is not None
    text = revoked.text()
    assert "已于 2025年6月1日 撤销" in text
    assert "撤销原因" not in text and "保密" not in text
    for cert_id in ("CS2024013", "CS2024004"):
        body = parse(demo_site.site / f"certificates/{cert_id}/index.html").body
        assert body is not None and "可参加复评" not in body.text(), cert_id


def test_verify_hint_names_only_files_that_exist(demo_site: BuiltSite) -> None:
    """An unsigned build publishes no credential.jwt: does no page tell anyone to verify it?"""
    for page in (demo_site.site / "certificates").rglob("index.html"):
        tree = parse(page)
        text = tree.body.text() if tree.body else ""
        if "academy verify credential.jwt" in text:
            assert (page.parent / "credential.jwt").is_file(), page
