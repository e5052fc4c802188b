"""“是否指 …？”: the closest known id to an unknown one, for the messages that name it."""

from __future__ import annotations

from collections.abc import Iterable


def closest(name: object, known: Iterable[str]) -> str | None:
    """The known id most like ``name`` (a typing slip away), if one is close enough."""
    if not isinstance(name, str) or not name:
        return None
    candidates = sorted(set(known))
    folded = {c.lower(): c for c in candidates}
    if name.lower() in folded and folded[name.lower()] != name:
        return folded[name.lower()]  # only the case differs
    import difflib  # only when a message names an unknown id

    found = difflib.get_close_matches(name, candidates, n=1, cutoff=0.75)
    return found[0] if found else None


def did_you_mean(name: object, known: Iterable[str]) -> str:
    """``"，是否指 cs-specialist？"`` for a near miss, else ``""``: appended to a message."""
    match = closest(name, known)
    return f"，是否指 {match}？" if match is not None else ""
