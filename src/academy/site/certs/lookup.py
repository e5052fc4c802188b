"""Lookup shards: a query loads one small JSON file, whatever the number of certificates.

Every certificate is filed under two keys, its number and its holder's employee id,
normalised (NFKC, no spaces, upper case: "ｃｓ２０２４００１ " finds CS2024001). A key
goes to shard ``fnv1a32(key) >> 24`` written as two hex digits, so there are at
most 256 shards (``certificates/data/lookup/3f.json``) and at 20,000 certificates
each holds about 160 keys (~40 KB). ``docs/assets/javascripts/lookup.js`` computes
the same hash; ``tests/certs/test_lookup.py`` checks both against fixed values.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable

from ...lookup import LOOKUP_DIR as LOOKUP_DIR
from ...lookup import fnv1a32 as fnv1a32
from ...lookup import normalise, shard_of
from .view import CertView

FORMAT_VERSION = 1


def shards(certs: Iterable[CertView], as_of: str) -> dict[str, str]:
    """{path under the site root: JSON text} of every non-empty shard."""
    keys: dict[str, list[CertView]] = defaultdict(list)
    for c in certs:
        keys[normalise(c.id)].append(c)
        if normalise(c.employee_id) != normalise(c.id):
            keys[normalise(c.employee_id)].append(c)
    files: dict[str, dict[str, list[dict[str, str]]]] = defaultdict(dict)
    for key in sorted(keys):
        found = sorted(keys[key], key=lambda c: (c.issued_on, c.id), reverse=True)
        files[shard_of(key)][key] = [c.record() for c in found]
    return {
        f"{LOOKUP_DIR}/{name}.json": json.dumps(
            {"version": FORMAT_VERSION, "as_of": as_of, "keys": entries},
            ensure_ascii=False,
            separators=(",", ":"),
        )
        for name, entries in sorted(files.items())
    }
