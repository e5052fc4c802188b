"""Lookup keys of the certificate search: how a number or employee id names its shard.

Owned by the core so that ``academy verify`` can read a downloaded portal's lookup
shards without importing the site generator (``site/certs/lookup.py`` writes them).
Every certificate is filed under two keys, its number and its holder's employee id,
normalised (NFKC, no spaces, upper case). A key goes to shard ``fnv1a32(key) >> 24``
written as two hex digits (``certificates/data/lookup/3f.json``);
``docs/assets/javascripts/lookup.js`` computes the same hash.
"""

from __future__ import annotations

import unicodedata

CERT_DIR = "certificates"
LOOKUP_DIR = f"{CERT_DIR}/data/lookup"


def normalise(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split()).upper()


def fnv1a32(text: str) -> int:
    h = 0x811C9DC5
    for byte in text.encode("utf-8"):
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return h


def shard_of(key: str) -> str:
    return f"{fnv1a32(normalise(key)) >> 24:02x}"
