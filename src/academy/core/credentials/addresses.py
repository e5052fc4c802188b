"""Where things live on the published portal: read by the site writer and the verifier.

The offline verifier (``academy verify``) finds a certificate's record in the
lookup shards the site build wrote, so both sides must compute the same address;
it is defined here, in the core, once. Every certificate is filed under two keys,
its number and its holder's employee id, normalised (NFKC, no spaces, upper
case: "ｃｓ２０２４００１ " finds CS2024001). A key goes to shard
``fnv1a32(key) >> 24`` written as two hex digits, so there are at most 256 shards
(``certificates/data/lookup/3f.json``). ``docs/assets/javascripts/lookup.js``
computes the same hash; ``tests/site/certificates/test_lookup.py`` checks both against fixed values.
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
