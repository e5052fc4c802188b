"""Lookup shards: a query loads one small JSON file, whatever the number of certificates.

The addressing (keys, hash, shard names) is ``academy.core.credentials.addresses``, shared with the
verifier; at 20,000 certificates each shard holds about 160 keys (~40 KB).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator

from academy.core.credentials.addresses import LOOKUP_DIR, fnv1a32, normalise, shard_of

from .view import CertView

__all__ = ["FORMAT_VERSION", "LOOKUP_DIR", "fnv1a32", "normalise", "shard_of", "shards"]
FORMAT_VERSION = 1


def shards(certs: Iterable[CertView], as_of: str) -> Iterator[tuple[str, str]]:
    """(path under the site root, JSON text) of every non-empty shard, in name order.

    One shard at a time: its records and text are made just before it is written
    (at 100,000 certificates every shard at once held ~150 MB)."""
    keys: dict[str, list[CertView]] = defaultdict(list)
    for c in certs:
        keys[normalise(c.id)].append(c)
        if normalise(c.employee_id) != normalise(c.id):
            keys[normalise(c.employee_id)].append(c)
    by_shard: dict[str, list[str]] = defaultdict(list)
    for key in sorted(keys):
        by_shard[shard_of(key)].append(key)
    for name, members in sorted(by_shard.items()):
        entries = {
            key: [
                c.record()
                for c in sorted(keys[key], key=lambda c: (c.issued_on, c.id), reverse=True)
            ]
            for key in members
        }
        text = json.dumps(
            {"version": FORMAT_VERSION, "as_of": as_of, "keys": entries},
            ensure_ascii=False,
            separators=(",", ":"),
        )
        yield f"{LOOKUP_DIR}/{name}.json", text
