"""Read a program's ``cycles`` and ``scoring.sources`` (schema-valid data) into rules."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import Any

from academy.core.cycle_rules import DEFAULT_CYCLES, Band, CyclesRule, Source
from academy.core.errors import Problem
from academy.core.yamlsrc import Document


def read_cycles(doc: Document, data: dict[str, Any]) -> tuple[CyclesRule | None, list[Problem]]:
    """The program's cycle rules: §8's defaults where it is silent; None for weighted."""
    raw = data.get("cycles")
    kind = data["scoring"]["kind"]
    if kind != "rubric":
        if raw is None:
            return None, []
        return None, [
            doc.problem(("cycles",), "E209", "只有扣分制（rubric）方案可以设置考核周期 cycles")
        ]
    if raw is None:
        return DEFAULT_CYCLES, []
    problems: list[Problem] = []
    bands = DEFAULT_CYCLES.bands
    if "bands" in raw:
        bands = tuple(
            Band(
                b["id"],
                b["label"],
                Decimal(b["min"]),
                None if b.get("bonus") is None else Decimal(b["bonus"]),
            )
            for b in raw["bands"]
        )
        seen: set[str] = set()
        for i, band in enumerate(bands):
            if band.id in seen:
                problems.append(
                    doc.problem(("cycles", "bands", i, "id"), "E308", f"档次编号“{band.id}”重复")
                )
            seen.add(band.id)
            if i and band.min >= bands[i - 1].min:
                problems.append(
                    doc.problem(
                        ("cycles", "bands", i, "min"),
                        "E314",
                        "结果档次应按最低分从高到低排列，且最低分不能相同",
                    )
                )
    rule = CyclesRule(
        min_months=raw.get("quarter", {}).get("min_months", DEFAULT_CYCLES.min_months),
        min_quarters=raw.get("year", {}).get("min_quarters", DEFAULT_CYCLES.min_quarters),
        bands=bands,
    )
    return rule, problems


def read_sources(
    doc: Document, scoring: dict[str, Any]
) -> tuple[tuple[Source, ...], list[Problem]]:
    """The monthly score's sources; () when the program scores by its rubric alone."""
    raw = scoring.get("sources")
    if raw is None:
        return (), []
    problems: list[Problem] = []
    where = ("scoring", "sources")
    sources = tuple(Source(s["id"], s["weight"], s.get("scale", "percent")) for s in raw)
    counts = Counter(s.id for s in sources)
    for i, source in enumerate(sources):
        if counts[source.id] > 1 and [s.id for s in sources].index(source.id) != i:
            problems.append(doc.problem((*where, i, "id"), "E308", f"来源“{source.id}”重复"))
        if "scale" in raw[i] and source.id != "customer":
            problems.append(
                doc.problem((*where, i, "scale"), "E209", "只有客户评价（customer）可以设置 scale")
            )
    if "rubric" not in counts:
        problems.append(
            doc.problem(where, "E209", "设置 sources 时必须包含 rubric（工单评估，即扣分细则）")
        )
    total = sum(s.weight for s in sources)
    if total != 100:
        problems.append(doc.problem(where, "E307", f"各来源权重之和为 {total}，应为 100"))
    return sources, problems
