"""Lookup keys and shards: the same hash in Python and in lookup.js."""

from __future__ import annotations

import re

import pytest

from academy.site.certificates.lookup import fnv1a32, normalise, shard_of
from tests.conftest import REPO


@pytest.mark.parametrize(
    ("text", "expected"),
    [("", 0x811C9DC5), ("a", 0xE40C292C), ("foobar", 0xBF9CF968)],  # published FNV-1a vectors
)
def test_fnv1a32_matches_the_reference(text: str, expected: int) -> None:
    """Is the shard hash standard 32-bit FNV-1a?"""
    assert fnv1a32(text) == expected


@pytest.mark.parametrize(
    ("typed", "key"),
    [(" cs2024001 ", "CS2024001"), ("ＣＳ２０２４００１", "CS2024001"), ("a 001", "A001")],
)
def test_queries_are_normalised(typed: str, key: str) -> None:
    """Do lower case, spaces and full-width characters (Chinese IME) find the same key?"""
    assert normalise(typed) == key
    assert shard_of(typed) == shard_of(key)


def test_script_uses_the_same_hash_and_paths() -> None:
    """Does lookup.js use FNV-1a with the same constants, normalisation and shard folder?"""
    js = (REPO / "docs/assets/javascripts/lookup.js").read_text("utf-8")
    assert "0x811c9dc5" in js and "0x01000193" in js
    assert 'normalize("NFKC")' in js and "toUpperCase()" in js
    assert '"certificates/data/lookup/"' in js
    assert "innerHTML" not in js  # results are text, never markup
    assert not re.search(r"https?://", js)


def test_shards_stay_small_at_scale() -> None:
    """With 20,000 certificates, do 256 shards each get a few hundred keys at most?"""
    counts: dict[str, int] = {}
    for i in range(20_000):
        for key in (f"CS{2020 + i // 4000}{i % 4000:04d}", f"E{i:06d}"):
            counts[shard_of(key)] = counts.get(shard_of(key), 0) + 1
    assert len(counts) == 256
    assert max(counts.values()) < 2 * 40_000 / 256
