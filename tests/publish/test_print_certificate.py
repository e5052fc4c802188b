"""`academy print CERT_ID --out DIR`: the full-name paper certificate and its 防伪码.

The code is checked here with hashlib, and in Chromium on the public page, never
with the code under test; the public site must hold its hash, never the code or the
full name.
"""

from __future__ import annotations

import csv
import hashlib
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from academy.cli import main
from academy.core import pipeline
from academy.site.certificates import write_static
from academy.site.pages import read_config, site_context
from tests.conftest import AS_OF, BuiltSite
from tests.support.browser import Tabs, require_chromium, serve

CODE = re.compile(r"[0-9A-HJKMNP-TV-Z]{4}(?:-[0-9A-HJKMNP-TV-Z]{4}){3}")


def print_cert(
    root: Path, out: Path, capsys: pytest.CaptureFixture[str], cert: str = "CS2024001"
) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["print", cert, "--out", str(out), "--root", str(root), "--as-of", "2026-11-23"])
    return code, capsys.readouterr().err


def printed_code(out: Path, cert: str = "CS2024001") -> str:
    tree = LexborHTMLParser((out / f"{cert}.html").read_text("utf-8"))
    node = tree.css_first(".cert-sheet__code strong")
    assert node is not None
    return node.text()


def records(root: Path) -> list[dict[str, str]]:
    with (root / "rosters/print-codes.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_print_writes_full_name_and_a_code_whose_salted_hash_is_stored(
    demo_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Does the paper carry the full name and an 80-bit code, and the repository only
    salt and SHA-256 of it (checked with hashlib)?"""
    out = tmp_path / "paper"
    code, err = print_cert(demo_root, out, capsys)
    assert code == 0, err
    tree = LexborHTMLParser((out / "CS2024001.html").read_text("utf-8"))
    body = tree.css_first(".cert-sheet__body strong")
    assert body is not None and body.text() == "张三"  # the full name, unmasked
    assert tree.css_first("link[rel=stylesheet]") is None  # standalone: the CSS is inline
    printed = printed_code(out)
    assert CODE.fullmatch(printed)  # 16 base-32 characters: 80 bits
    [row] = records(demo_root)
    assert row["certificate"] == "CS2024001" and row["printed_on"] == "2026-11-23"
    assert len(row["salt"]) == 32
    expected = hashlib.sha256(f"{row['salt']}:{printed.replace('-', '')}".encode()).hexdigest()
    assert row["sha256"] == expected
    assert printed not in (demo_root / "rosters/print-codes.csv").read_text("utf-8")
    print_cert(demo_root, tmp_path / "again", capsys)  # a reprint: a new code, both kept
    assert printed_code(tmp_path / "again") != printed and len(records(demo_root)) == 2


@pytest.mark.parametrize(
    ("cert", "out", "message"),
    [
        ("CS2024001", "site/paper", "在仓库之内"),
        ("CS2024001", "docs/paper", "在仓库之内"),
        ("CS2024001", "overrides/paper", "在仓库之内"),
        ("CS2024001", "paper", "在仓库之内"),
        ("CS2099999", "../paper", "证书账本中没有 CS2099999"),
        ("../CS2024001", "../paper", "不是证书编号"),
        ("CS2024013", "../paper", "已撤销，不能打印"),
        ("CS2024004", "../paper", "已被取代，不能打印"),
    ],
)
def test_print_refuses(
    demo_root: Path, cert: str, out: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Is a paper inside the repository (site/, docs/, overrides/ or anywhere else), an
    unknown number or an invalid certificate refused with exit 2, and nothing written?"""
    code, err = print_cert(demo_root, demo_root / out, capsys, cert)
    assert code == 2 and message in err and "Traceback" not in err
    assert not (demo_root / out).exists()
    assert not (demo_root / "rosters/print-codes.csv").exists()


def test_bad_print_codes_file_is_reported(
    demo_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Is a hand-edited print-codes.csv an E460 at its line, exit 1, nothing written?"""
    bad = "certificate,printed_on,salt,sha256\nCS2024001,2026-02-30,abc,def\n"
    (demo_root / "rosters/print-codes.csv").write_text(bad, "utf-8")
    code, err = print_cert(demo_root, tmp_path / "paper", capsys)
    assert code == 1
    assert (
        "rosters/print-codes.csv:2:11: E460 " in err and "rosters/print-codes.csv:2:22: E460" in err
    )
    assert not (tmp_path / "paper").exists()


@pytest.fixture
def printed_portal(
    demo_site: BuiltSite, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> tuple[Path, str]:
    """The demo portal, with CS2024001 printed once and its pages rewritten; (site, code)."""
    root = Path(shutil.copytree(demo_site.root, tmp_path / "repo", symlinks=True))
    site = root / "site"
    code, err = print_cert(root, tmp_path / "paper", capsys)
    assert code == 0, err
    outcome = pipeline.run(root, AS_OF, write=False)
    write_static(outcome, site_context(root, AS_OF, read_config(root)), site)
    return site, printed_code(tmp_path / "paper")


def test_public_page_has_the_hash_never_the_code_or_the_name(
    printed_portal: tuple[Path, str],
) -> None:
    """Does the site carry the code's hash on CS2024001's page, and nowhere the code or
    the full name?"""
    site, printed = printed_portal
    page = LexborHTMLParser((site / "certificates/CS2024001/index.html").read_text("utf-8"))
    form = page.css_first("form[data-academy-code]")
    assert form is not None and '"sha256":"' in (form.attributes.get("data-academy-code") or "")
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".js", ".xml", ".txt"):
            text = path.read_text("utf-8", errors="replace")
            assert printed not in text and printed.replace("-", "") not in text, path
            if path.is_relative_to(site / "certificates"):  # (the guide uses 张三 as an example)
                assert "张三" not in text, path


@pytest.mark.slow
@pytest.mark.browser
def test_verifier_checks_the_code_in_the_browser(
    browser: Tabs, printed_portal: tuple[Path, str]
) -> None:
    """Typed on the public page, is the paper's code accepted, and a wrong one refused?"""
    require_chromium()

    site, printed = printed_portal
    with serve(site) as url:
        page = browser.new_page()
        page.goto(url + "certificates/CS2024001/")
        result = page.locator(".cert-code__result")
        for typed, expected in [
            (printed.lower().replace("-", " "), "防伪码正确"),
            ("7K3M-Q9XA-2BHD-RT5W", "防伪码不符"),
        ]:
            page.fill("#cert-code-input", typed)
            page.click("form.cert-code button")
            result.filter(has_text=expected).wait_for()


@pytest.fixture(autouse=True)
def _no_key(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv("ACADEMY_SIGNING_KEY", raising=False)
    yield


@pytest.mark.parametrize(
    ("cert", "column", "message"), [("CS2099999", 1, "证书账本中没有"), ("CS2024013", 11, "已于")]
)
def test_print_code_for_an_unknown_or_revoked_certificate_fails_validate(
    demo_root: Path, cert: str, column: int, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Is a hand-added row for a certificate not in the ledger, or printed after its
    revocation (which would make the revoked page accept a chosen code), a located E460
    at validation, not only at build?"""
    row = f"{cert},2026-11-01,{'a' * 32},{'b' * 64}\n"
    (demo_root / "rosters/print-codes.csv").write_text(
        "certificate,printed_on,salt,sha256\n" + row, "utf-8"
    )
    capsys.readouterr()
    assert main(["validate", "--root", str(demo_root)]) == 1
    err = capsys.readouterr().err
    assert f"rosters/print-codes.csv:2:{column}: E460 " in err and message in err
