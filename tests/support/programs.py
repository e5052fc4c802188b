"""The program file every rule test writes, built in one place.

``weighted(...)`` gives the YAML of a weighted program (the shape of
curriculum/programs/*.yaml, see docs/guide/programs.md): each test names only what its
rule needs — components, levels, a prerequisite, a pay rise — and the rest is the same
everywhere. ``monthly_sources(...)`` does the same for the monthly rubric program of the
assessment-source tests (its sources, its levels, an optional 互评 line).
"""

from __future__ import annotations

Component = tuple[str, str, int] | tuple[str, str, int, int]  # id, label, weight[, pass_mark]
Level = tuple[str, str, int]  # id, label, min_total

CS_COMPONENTS: tuple[Component, ...] = (
    ("theory", "理论考试", 40, 60),
    ("practical", "实操考核", 40),
    ("daily", "日常表现", 20),
)


def _component(c: Component) -> str:
    gate = f", pass_mark: {c[3]}" if len(c) == 4 else ""
    return f"    - {{id: {c[0]}, label: {c[1]}, weight: {c[2]}{gate}}}\n"


def weighted(
    id: str,
    title: str,
    *,
    certificate: str,
    components: tuple[Component, ...] = CS_COMPONENTS,
    levels: tuple[Level, ...],
    requires: str = "",
    tail: str = "",
) -> str:
    """A weighted program. ``certificate`` is the flow mapping's inside
    (``prefix: CS, validity_months: 12``); ``requires`` and ``tail`` are YAML lines
    placed before ``certificate:`` and after the scoring block."""
    return (
        f"id: {id}\ntitle: {title}\n{requires}certificate: {{{certificate}}}\n"
        "scoring:\n  kind: weighted\n  decimals: 1\n  components:\n"
        + "".join(_component(c) for c in components)
        + "  levels:\n"
        + "".join(f"    - {{id: {lv[0]}, label: {lv[1]}, min_total: {lv[2]}}}\n" for lv in levels)
        + tail
    )


def monthly_sources(*, sources: tuple[str, ...], levels: tuple[Level, ...], peer: str = "") -> str:
    """The monthly rubric program of the source tests: one 100-point item (``rules``,
    5 a deduction) and the given ``sources`` lines (``{id: rubric, weight: 60}`` …);
    ``peer`` is the ``scoring.peer`` line, or nothing."""
    return (
        "id: monthly\ntitle: 售后月度考核\nscoring:\n  kind: rubric\n  decimals: 1\n  sources:\n"
        + "".join(f"    - {line}\n" for line in sources)
        + peer
        + "  categories:\n    - id: k\n      label: 知识\n      items:\n"
        "        - {id: rules, label: 平台规则, points: 100, deduction: 5}\n"
        "  levels:\n"
        + "".join(f"    - {{id: {lv[0]}, label: {lv[1]}, min_total: {lv[2]}}}\n" for lv in levels)
    )
