"""The verification page of a certificate: one golden per status, the print layout, escaping."""

from __future__ import annotations

import dataclasses
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from academy.site.certificates.static import write_static
from tests.conftest import AS_OF
from tests.support.certs import Built, build

STATUS_EXAMPLES = {
    "CS2026001": "active",
    "CS2025007": "renewal_due",
    "CS2024003": "expired",
    "CS2024013": "revoked",
    "CS2024004": "superseded",
    "CS2024001": "active",  # two renewals
}


def page(built: Built, cert_id: str) -> str:
    return (built.site / "certificates" / cert_id / "index.html").read_text("utf-8")


@pytest.mark.parametrize("cert_id", sorted(STATUS_EXAMPLES))
def test_verification_page_matches_its_golden(
    unsigned: Built, cert_id: str, golden: Callable[[str, str], None]
) -> None:
    """Is the verification page of each status exactly as reviewed?"""
    assert unsigned.outcome.as_of == AS_OF
    golden(f"certs/{cert_id}.html", page(unsigned, cert_id))


@pytest.mark.parametrize(("cert_id", "status"), sorted(STATUS_EXAMPLES.items()))
def test_status_is_unmistakable(unsigned: Built, cert_id: str, status: str) -> None:
    """Does the page open with the status in colour (class) and in words?"""
    html = page(unsigned, cert_id)
    labels = {"active": "有效", "renewal_due": "待复评", "expired": "已过期"}
    labels |= {"revoked": "已撤销", "superseded": "已被取代"}
    first_section = html.split('<h1 class="cert-title">', 1)[0]
    assert f'class="cert-status cert-status--{status}"' in first_section
    assert f"</span>{labels[status]}</p>" in first_section
    assert f"<title>证书 {cert_id}（{labels[status]}）" in html


def test_revoked_page_gives_date_not_reason(unsigned: Built) -> None:
    """Does a revoked certificate say when (never why: that stays in the repository),
    and carry a stamp on the print?"""
    html = page(unsigned, "CS2024013")
    assert "已于 2025年6月1日 撤销" in html
    assert "违反客户信息保密规定" not in html and "撤销原因" not in html
    assert '<p class="cert-sheet__stamp" aria-hidden="true">已撤销</p>' in html


def test_superseded_page_links_to_the_new_certificate(unsigned: Built) -> None:
    """Does a superseded certificate link to the one that replaced it, and back?"""
    assert 'href="../CS2025001/">CS2025001</a> 取代' in page(unsigned, "CS2024004")
    assert 'href="../CS2024004/">CS2024004</a>' in page(unsigned, "CS2025001")


def test_renewal_history_lists_every_renewal(unsigned: Built) -> None:
    """Does CS2024001 show both 复评 with dates, cohort titles (not ids), totals with the
    program's one decimal (90.0, as on the cohort pages), and the validity moved on?"""
    html = page(unsigned, "CS2024001")
    rows = re.findall(r"<tr><td>(\d{4}-\d\d-\d\d)</td><td>([^<]+)</td><td>([^<]+)</td>", html)
    assert rows == [
        ("2025-03-05", "2025年3月复评（2024年3月批次）", "87.6"),
        ("2026-03-02", "2026年3月复评", "90.0"),
    ]
    assert "2025-03-10 → 2026-03-10" in html and "2026-03-10 → 2027-03-10" in html


def test_print_layout_is_a4_landscape_with_qr(
    unsigned: Built, golden: Callable[[str, str], None]
) -> None:
    """Is the printable certificate (sheet + print CSS) as reviewed, QR to its own URL?"""
    html = page(unsigned, "CS2025007")
    sheet = html.split('<article class="cert-sheet', 1)[1].split("</article>", 1)[0]
    golden("certs/print-sheet.html", '<article class="cert-sheet' + sheet + "</article>\n")
    assert "http://127.0.0.1:8000/certificates/CS2025007/" in sheet
    from tests.conftest import REPO

    css = (REPO / "docs/assets/stylesheets/certificates.css").read_text("utf-8")
    # a named page: the certificate alone prints landscape, every other page portrait
    assert re.search(r"@page\s+academy-certificate\s*\{\s*size:\s*A4 landscape;", css)
    assert not re.search(r"@page\s*\{[^}]*landscape", css)
    assert "page: academy-certificate" in css
    print_rules = css.split("@media print", 1)[1]
    assert "width: 297mm" in print_rules and ":not(.cert-sheet)" in print_rules


def test_names_are_masked_as_configured(demo_repo: Path, tmp_path: Path) -> None:
    """Is the holder 张* by default, and 张三 when mkdocs.yml turns masking off?"""
    default = build(demo_repo, tmp_path / "masked", None)
    assert "<dd>张*</dd>" in page(default, "CS2024001")
    ctx = dataclasses.replace(default.ctx, mask_names=False)
    write_static(default.outcome, ctx, tmp_path / "plain")
    plain = (tmp_path / "plain/certificates/CS2024001/index.html").read_text("utf-8")
    assert "<dd>张三</dd>" in plain and "张*" not in plain


def test_every_value_is_escaped(demo_repo: Path, tmp_path: Path) -> None:
    """Does markup in roster data reach the page, the registry and the lookup only as text?"""
    repo = tmp_path / "repo"
    shutil.copytree(demo_repo, repo)
    roster = repo / "rosters/2024/2024-03-new-hires.yaml"
    text = roster.read_text("utf-8").replace(
        "department: 客服一部", 'department: "<script>alert(1)</script>&客服一部"', 1
    )
    roster.write_text(text, "utf-8")
    built = build(repo, tmp_path / "site", None)
    html = page(built, "CS2024001")
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&amp;客服一部" in html
    registry = (built.site / "certificates/registry/all/all/all/index.html").read_text("utf-8")
    assert "<script>alert" not in registry and "&lt;script&gt;" in registry
