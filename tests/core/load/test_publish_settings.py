"""A build for publication refuses a local or example address; a local preview warns."""

from __future__ import annotations

from pathlib import Path

import pytest

from academy.cli import main
from academy.core.load.portal import is_placeholder


@pytest.mark.parametrize(
    ("url", "placeholder"),
    [
        ("http://127.0.0.1:8000/", True),
        ("http://localhost:8000/", True),
        ("https://example.com/cs-academy", True),
        ("https://academy.example.cn/", True),
        ("http://[::1]/", True),
        ("file:///tmp/site/", True),
        ("https://academy.acme-retail.cn/", False),
        ("http://10.20.0.5/academy/", False),  # an intranet portal is a real address
    ],
)
def test_placeholder_addresses(url: str, placeholder: bool) -> None:
    """Which addresses name no real portal?"""
    assert is_placeholder(url) is placeholder


def test_publish_refuses_the_demo_addresses(
    demo_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Does `academy build --publish` on the demo (127.0.0.1, example.com) exit 1 with
    mkdocs.yml:line:col errors, before grading or writing anything?"""
    ledger = (demo_root / "rosters/ledger.csv").read_bytes()
    code = main(["build", "--root", str(demo_root), "--as-of", "2026-11-23", "--publish"])
    err = capsys.readouterr().err
    assert code == 1
    lines = err.splitlines()
    assert lines[0].startswith("mkdocs.yml:8:11: E701 ") and "127.0.0.1" in lines[0]
    assert lines[1].startswith("mkdocs.yml:10:11: E702 ") and "example.com" in lines[1]
    assert not (demo_root / "site").exists() and not (demo_root / "docs/generated").exists()
    assert (demo_root / "rosters/ledger.csv").read_bytes() == ledger


def test_publish_variable_means_publish(
    demo_root: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Is ACADEMY_PUBLISH=1 (the CI way) the same as --publish?"""
    monkeypatch.setenv("ACADEMY_PUBLISH", "1")
    code = main(["build", "--root", str(demo_root), "--as-of", "2026-11-23"])
    assert code == 1 and "E701" in capsys.readouterr().err


def test_real_addresses_pass_the_check(demo_root: Path) -> None:
    """With real addresses, is there nothing to refuse?"""
    from academy.core.load.portal import publication_problems

    config = demo_root / "mkdocs.yml"
    text = config.read_text("utf-8")
    text = text.replace("http://127.0.0.1:8000/", "https://academy.acme-retail.cn/")
    text = text.replace("https://example.com/cs-academy", "https://git.acme-retail.cn/cs/academy")
    config.write_text(text, "utf-8")
    assert publication_problems(demo_root) == []
