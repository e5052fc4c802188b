"""The preview's banner: what ``academy build --publish`` on the same date would write.

A preview (``academy serve``, ``academy build`` without ``--publish``, ``make site``)
grades in memory and writes no ledger row; the certificates it shows are numbered as
publishing would number them today, which may change if something else is published
first, hence "编号以发布为准".
"""

from __future__ import annotations

from ..core.pipeline import Outcome

__all__ = ["PREVIEW_LISTED", "pending", "preview_note"]


def pending(outcome: Outcome) -> tuple[list[str], int]:
    """What ``build --publish`` as of the outcome's date would add: the ids of the new
    certificates, in the order they would be numbered, and the number of new renewal
    outcomes."""
    new_rows = outcome.ledger[len(outcome.ledger) - outcome.added :] if outcome.added else []
    return [row.certificate for row in new_rows], max(outcome.renewals_added, 0)


PREVIEW_LISTED = 10  # ids named in the banner; the rest are counted


def preview_note(outcome: Outcome) -> str:
    """The preview's banner: what publishing on this date would write, or nothing."""
    ids, renewals = pending(outcome)
    parts = []
    if ids:
        named = "、".join(ids[:PREVIEW_LISTED])
        if len(ids) > PREVIEW_LISTED:
            named += f" 等 {len(ids)} 张证书"
        parts.append(f"发放 {named}（编号以发布为准）")
    if renewals:
        parts.append(f"记录 {renewals} 条复评结果")
    if not parts:
        return ""
    return "预览：发布后将" + "，并".join(parts)
