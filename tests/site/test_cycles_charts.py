"""The cycles page's trend charts read without hovering: a value axis, the month
under each point and the value above it; an all-empty yearly table says why."""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser

from tests.support.site import BuiltSite


def test_trend_charts_have_axis_months_and_values(demo_site: BuiltSite) -> None:
    html = (demo_site.site / "cycles/after-sales-monthly/index.html").read_text("utf-8")
    charts = LexborHTMLParser(html).css("svg.academy-chart")
    assert len(charts) >= 2
    for chart in charts:
        label = chart.attributes["aria-label"] or ""
        months = re.findall(r"\d{4}-(\d{2}) ", label)
        said = re.findall(r"\d{4}(?:-Q?\d{1,2})? ([\d.]+)", label)
        texts = [t.text() for t in chart.css("text")]
        assert [f"{int(m)}月" for m in months] == [t for t in texts if t.endswith("月")]
        values = [t.text() for t in chart.css("text.academy-chart__value")]
        assert values == said, (values, said)
        assert len(chart.css("line.academy-chart__axis")) == 2
        assert len(chart.css("text.academy-chart__tick")) >= len(months) + 1


def test_empty_yearly_table_says_why(demo_site: BuiltSite) -> None:
    html = (demo_site.site / "cycles/after-sales-monthly/index.html").read_text("utf-8")
    tree = LexborHTMLParser(html)
    heading = next(h for h in tree.css("h2") if h.text().startswith("年度"))
    table = heading.next
    while table is not None and table.tag != "div" and table.tag != "table":
        table = table.next
    assert table is not None
    rows = [[c.text() for c in r.css("td")] for r in table.css("tbody tr")]
    empty = all(r[2] == "0" for r in rows)
    assert empty == ("还没有人满足这个条件" in tree.body.text()), rows
