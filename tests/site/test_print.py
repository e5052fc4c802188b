"""Printing, as Chromium prints (page.pdf with the page's own CSS page size), read
back with pypdf: a scoring sheet is one A4 portrait page without the on-screen
button, a module prints on A4 portrait, an exam paper on A4, and the certificate
stays one A4 landscape page."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from academy.cli import main
from tests.conftest import copy_demo

pytestmark = [pytest.mark.slow, pytest.mark.browser]
A4 = (210, 297)


@pytest.fixture(scope="module")
def page(chromium: Any, served: str) -> Iterator[Any]:
    """A page in the worker's one Chromium (tests/support/browser.py)."""
    context = chromium.new_context()
    try:
        yield context.new_page()
    finally:
        context.close()


def printed(page: Any, url: str) -> tuple[list[tuple[int, int]], str]:
    """The sizes (mm, width × height) of the printed pages, and their text."""
    import pypdf

    page.goto(url)
    reader = pypdf.PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    sizes = [
        (round(float(p.mediabox.width) / 72 * 25.4), round(float(p.mediabox.height) / 72 * 25.4))
        for p in reader.pages
    ]
    return sizes, "".join(p.extract_text() for p in reader.pages)


def test_scoring_sheet_is_one_a4_portrait_page(page: Any, served: str) -> None:
    sizes, text = printed(page, served + "practical/complaint-repair/")
    assert sizes == [A4], sizes
    assert "评分表" in text and "打印评分表" not in text
    assert "emotion" not in text  # the criteria's ids are for the files, not the paper


def test_module_prints_on_a4_portrait(page: Any, served: str) -> None:
    sizes, text = printed(page, served + "modules/complaint-handling/")
    assert len(sizes) > 1 and set(sizes) == {A4}, sizes
    assert "投诉处理" in text


def test_certificate_stays_one_a4_landscape_page(page: Any, served: str) -> None:
    sizes, _ = printed(page, served + "certificates/CS2024001/")
    assert sizes == [(297, 210)], sizes


def test_exam_paper_prints_on_a4(page: Any, tmp_path: Path) -> None:
    root = copy_demo(tmp_path / "repo", ("curriculum", "rosters", "evaluation"))
    out = tmp_path / "print"
    assert main(["exam", "print", "2026-11-theory", "--out", str(out), "--root", str(root)]) == 0
    for name in ("2026-11-theory-paper.html", "2026-11-theory-answer-key.html"):
        sizes, _text = printed(page, (out / name).as_uri())
        assert sizes and set(sizes) == {A4}, (name, sizes)
