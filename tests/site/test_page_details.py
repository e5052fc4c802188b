"""Small things people notice: no edit button for trainees, the calendar's 本月 link."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from tests.support.site import BuiltSite


def _tree(demo_site: BuiltSite, rel: str) -> LexborHTMLParser:
    return LexborHTMLParser((demo_site.site / rel).read_text(encoding="utf-8"))


def test_trainee_pages_have_no_edit_button_trainer_pages_do(demo_site: BuiltSite) -> None:
    """A module page has no pencil button, only a line for trainers at its end; the
    guide keeps the theme's button."""
    module = _tree(demo_site, "modules/ticket-crm/index.html")
    assert module.css("a.md-content__button[rel=edit]") == []
    line = module.css_first("article .academy-edit-source a[rel=edit]")
    assert line is not None and line.text().startswith("培训师")
    guide = _tree(demo_site, "guide/modules/index.html")
    assert guide.css("a.md-content__button[rel=edit]")
    assert guide.css(".academy-edit-source") == []


def test_calendar_links_to_this_month(demo_site: BuiltSite) -> None:
    """As of 2026-11-23 the calendar's first link jumps to 2026年11月, marked 本月."""
    tree = _tree(demo_site, "plans/calendar/index.html")
    link = tree.css_first("#academy-this-month")
    assert link is not None and "2026年11月" in link.text()
    target = tree.css_first(link.attributes["href"] or "#none")
    assert target is not None and target.tag == "h2" and "本月" in target.text()
