"""The bounded memory of the validation and the search words: what it forgets first."""

from __future__ import annotations

from academy.core.recent import Recent


def test_past_the_limit_the_least_recently_used_are_forgotten_by_weight() -> None:
    """With a limit of 10 characters: is the key not used for longest forgotten first,
    a key that was read counted as used, and never the one just put?"""
    memory: Recent[str, int] = Recent(10, weight=len)
    memory.put("aaaa", 1)
    memory.put("bbbb", 2)
    memory.put("cc", 3)
    assert memory.get("aaaa") == 1  # now used after bbbb
    memory.put("ddd", 4)  # 13 characters: bbbb goes
    assert [memory.get(k) for k in ("aaaa", "bbbb", "cc", "ddd")] == [1, None, 3, 4]
    memory.put("x" * 50, 5)  # heavier than the limit alone: kept, everything else goes
    assert [memory.get(k) for k in ("aaaa", "cc", "ddd", "x" * 50)] == [None, None, None, 5]


def test_a_count_limit_keeps_the_last_ones() -> None:
    memory: Recent[int, str] = Recent(3)
    for i in range(5):
        memory.put(i, str(i))
    memory.put(3, "three")  # put again: replaced, counted once
    assert [memory.get(i) for i in range(5)] == [None, None, "2", "three", "4"]
