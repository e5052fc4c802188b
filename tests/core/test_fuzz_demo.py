"""Fuzz: mutate the demo repository's files and grade; nothing may crash or be half-written.

Each example changes one input file of a private copy of the demo data (a program,
roster, revocation list, plan, module or the ledger): a key deleted, a value of
another type, an impossible or out-of-range date, a YAML 1.1 number, a bad tag, an
unknown reference, a huge or empty value, broken YAML, a cut or a stray character.
Then ``academy grade`` runs in-process and, whatever the mutation:

* it never raises (no traceback) and exits 0 or 1;
* exit 1: every problem line is ``path:line:column: CODE message`` naming a file of
  the repository, and no file changed;
* exit 0: only the ledger may have changed, and only by rows appended at its end;
* a mutation that is invalid whatever the field it lands in (an impossible date,
  ``070``, ``!!float abc``, an empty file, a ``<script>`` in a module) exits 1.

The number of mutations tried, valid and invalid, is printed at the end of the
session (``property and fuzz test counts``).
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from academy.cli import main
from tests.conftest import copy_demo
from tests.support.minirepo import count

GROUP = "demo fuzz"
AS_OF = "2026-11-23"
PROBLEM = re.compile(r"^(?P<path>[^:\s]+):(?P<line>\d+):(?P<col>\d+): E\d{3} \S")
# a spreadsheet's problem is located by its cell: FILE.xlsx:工作表!C7: CODE message
CELL_PROBLEM = re.compile(r"^(?P<path>[^:\s]+\.(?:xlsx|csv)):[^!\n]+![A-Z]+\d+: E\d{3} \S")
# Tokens that are invalid in any field: the loader itself refuses them.
ALWAYS_INVALID = (
    "2025-02-30",
    "9999-06-01",
    "0999-01-01",
    "070",
    "0x50",
    "1:30",
    "8_0",
    "+80",
    "010",
    "!!float abc",
    "!!int abc",
    "!!bool abc",
    ".nan",
    "-.inf",
)
OTHER_RAW = ('"Z001\\n"', "yes", "no", "~", "no-such-thing", "CS2099999", "1e5", "''", "[]")
HUGE = "长" * 100_000
TEXT_VALUES = st.one_of(
    st.integers(min_value=-(10**6), max_value=10**6),
    st.sampled_from([0, 100, 101, -1, 10**30]),
    st.decimals(min_value=-1000, max_value=1000, places=2, allow_nan=False),
    st.booleans(),
    st.none(),
    st.just(""),
    st.just(HUGE),
    st.text(max_size=20),
    st.just([]),
    st.just({}),
    st.lists(st.integers(min_value=-5, max_value=120), max_size=4),
)
STRAY = [":", "-", "\t", "'", '"', "[", "{", "]", "&", "*", "!", "#", "\n", " ", "|", ">", "%"]
BODY_ATTACKS = [
    "<script>alert(1)</script>",
    '<iframe src="https://example.com/"></iframe>',
    "![x](https://example.com/a.png)",
    '<img src="//example.com/a.png">',
    '<a href="#" onclick="x()">x</a>',
]
RAW = "zzfuzzrawzz"


def input_files(root: Path) -> list[str]:
    names = [p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()]
    return sorted(n for n in names if n.endswith((".yaml", ".md", ".csv")))


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def paths_in(node: Any, where: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every path to a value in a YAML data tree (the root excluded)."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield (*where, key)
            yield from paths_in(value, (*where, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield (*where, i)
            yield from paths_in(value, (*where, i))


def parent_of(data: Any, where: tuple[Any, ...]) -> Any:
    for step in where[:-1]:
        data = data[step]
    return data


def dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**6)


def _decimal(dumper: yaml.SafeDumper, value: Any) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:float", str(value))


yaml.SafeDumper.add_representer(__import__("decimal").Decimal, _decimal)


@st.composite
def data_mutation(draw: st.DrawFn, data: Any) -> tuple[str, Any, str | None]:
    """(kind, mutated data, raw token to splice in or None)."""
    paths = list(paths_in(data))
    if not paths:
        return "empty-document", data, None
    where = draw(st.sampled_from(paths))
    parent = parent_of(data, where)
    kind = draw(st.sampled_from(["delete", "value", "raw", "duplicate"]))
    if kind == "delete":
        del parent[where[-1]]
        return "delete-key", data, None
    if kind == "duplicate" and isinstance(parent, list):
        parent.append(parent[where[-1]])
        return "duplicate-item", data, None
    if kind == "raw":
        token = draw(st.sampled_from(ALWAYS_INVALID + OTHER_RAW))
        parent[where[-1]] = RAW
        return ("raw-invalid" if token in ALWAYS_INVALID else "raw-other"), data, token
    parent[where[-1]] = draw(TEXT_VALUES)
    return "change-value", data, None


def mutate_yaml(text: str, draw: st.DrawFn) -> tuple[str, str]:
    """A mutation of YAML ``text``: (kind, new text)."""
    kind = draw(st.sampled_from(["data", "data", "data", "text"]))
    if kind == "data":
        data = yaml.safe_load(text)
        name, data, token = draw(data_mutation(data))
        out = dump(data)
        if token is not None:
            out = out.replace(f"'{RAW}'", token).replace(RAW, token)
        return name, out
    return mutate_text(text, draw)


def mutate_text(text: str, draw: st.DrawFn) -> tuple[str, str]:
    how = draw(st.sampled_from(["truncate", "insert", "drop-line", "empty"]))
    if how == "empty":
        return "empty-file", ""
    at = draw(st.integers(min_value=0, max_value=len(text)))
    if how == "truncate":
        return "truncate", text[:at]
    if how == "insert":
        return "stray-character", text[:at] + draw(st.sampled_from(STRAY)) + text[at:]
    lines = text.split("\n")
    i = at % len(lines)
    return "drop-line", "\n".join(lines[:i] + lines[i + 1 :])


def mutate_module(text: str, draw: st.DrawFn) -> tuple[str, str]:
    _, front, body = text.split("---\n", 2)
    kind = draw(st.sampled_from(["front", "front", "body", "text"]))
    if kind == "front":
        name, new_front = mutate_yaml(front, draw)
        return f"front-{name}", f"---\n{new_front}---\n{body}"
    if kind == "body":
        lines = body.split("\n")
        at = draw(st.integers(min_value=0, max_value=len(lines)))
        lines.insert(at, "\n" + draw(st.sampled_from(BODY_ATTACKS)) + "\n")
        return "body-attack", f"---\n{front}---\n" + "\n".join(lines)
    return mutate_text(text, draw)


def mutate_ledger(text: str, draw: st.DrawFn) -> tuple[str, str]:
    lines = text.splitlines(keepends=True)
    how = draw(st.sampled_from(["delete-row", "swap-rows", "edit-field", "append", "bom", "text"]))
    rows = list(range(1, len(lines)))
    if how == "delete-row" and rows:
        i = draw(st.sampled_from(rows))
        kind = "ledger-delete-last-row" if i == len(lines) - 1 else "ledger-delete-row"
        return kind, "".join(lines[:i] + lines[i + 1 :])
    if how == "swap-rows" and len(rows) > 1:
        i, j = draw(st.lists(st.sampled_from(rows), min_size=2, max_size=2, unique=True))
        lines[i], lines[j] = lines[j], lines[i]
        return "ledger-swap-rows", "".join(lines)
    if how == "edit-field" and rows:
        i = draw(st.sampled_from(rows))
        fields = lines[i].rstrip("\n").split(",")
        k = draw(st.integers(min_value=0, max_value=len(fields) - 1))
        fields[k] = draw(st.sampled_from(["", "X", "CS2099001", "2024-02-30", "x" * 2000, "a\nb"]))
        lines[i] = ",".join(fields) + "\n"
        return "ledger-edit-field", "".join(lines)
    if how == "append":
        row = draw(
            st.sampled_from(["garbage", "ZZ2026001,cs-specialist,x,A1,2026-01-01,2027-01-01,a"])
        )
        return "ledger-append", text + row + "\n"
    if how == "bom":
        return "ledger-bom-blank-line", "\ufeff" + text + "\n"
    return mutate_text(text, draw)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One private copy of the demo inputs; each example restores what it changed."""
    root = copy_demo(
        tmp_path_factory.mktemp("fuzz") / "repo", ("curriculum", "rosters", "evaluation")
    )
    assert main(["grade", "--root", str(root), "--as-of", AS_OF]) == 0
    return root


def grade(root: Path) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(["grade", "--root", str(root), "--as-of", AS_OF])
    return code, err.getvalue()


# Each example grades the whole demo (about 0.3 s on a quiet core). The examples are
# split into shards that xdist runs side by side, and each shard has a time budget:
# past it, the remaining examples are drawn but not graded (counted as "over budget").
# ACADEMY_FUZZ_EXAMPLES / ACADEMY_FUZZ_BUDGET (seconds per shard) raise both for a long run.
SHARDS = 4
EXAMPLES = int(os.environ.get("ACADEMY_FUZZ_EXAMPLES", "200"))
BUDGET = float(os.environ.get("ACADEMY_FUZZ_BUDGET", "45"))
_started: dict[int, float] = {}


@pytest.mark.slow
@pytest.mark.parametrize("shard", range(SHARDS))
@settings(
    max_examples=max(1, EXAMPLES // SHARDS),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_no_mutation_of_the_demo_crashes_or_writes_half(
    demo: Path, shard: int, data: st.DataObject
) -> None:
    """Whatever one file says: exit 0, or exit 1 with located problems and nothing written?"""
    root = demo
    started = _started.setdefault(shard, time.monotonic())
    data.draw(st.just(shard), label="shard")  # shards draw different examples
    rel = data.draw(st.sampled_from(input_files(root)), label="file")
    file = root / rel
    original = file.read_bytes()
    text = original.decode("utf-8")
    if rel.endswith(".csv"):
        kind, mutated = mutate_ledger(text, data.draw)
    elif rel.endswith(".md"):
        kind, mutated = mutate_module(text, data.draw)
    else:
        kind, mutated = mutate_yaml(text, data.draw)
    data.draw(st.just(kind), label="mutation")
    # the budget is checked after every draw: hypothesis replaying an example (to shrink a
    # failure) past the budget must draw the same values, or it reports a flaky strategy
    # instead of the failure
    if time.monotonic() - started > BUDGET:
        count(GROUP, "over budget (not graded)")
        return
    ledger = root / "rosters/ledger.csv"
    ledger_text = ledger.read_bytes()
    renewals = root / "rosters/renewals.csv"
    renewals_text = renewals.read_bytes()
    try:
        file.write_text(mutated, encoding="utf-8")
        before = snapshot(root)
        code, err = grade(root)
        count(GROUP, "mutations tried")
        count(GROUP, "valid (exit 0)" if code == 0 else "invalid (exit 1)")
        assert code in (0, 1), err
        after = snapshot(root)
        if code == 1:
            lines = err.splitlines()
            assert lines and lines[-1].startswith("共发现"), err
            assert lines[:-1], "exit 1 without a located problem"
            for line in lines[:-1]:
                match = PROBLEM.match(line) or CELL_PROBLEM.match(line)
                assert match, f"not path:line:column: CODE message: {line!r}"
                assert (root / match["path"]).exists() or match["path"].startswith(
                    ("rosters/", "curriculum/", "evaluation/")
                ), line
            assert after == before, "exit 1 but files changed"
        else:
            assert kind not in ("raw-invalid", "empty-file", "body-attack"), (kind, rel, mutated)
            changed = {k for k in after if after.get(k) != before.get(k)}
            assert changed <= {"rosters/ledger.csv", "rosters/renewals.csv"}, changed
            for log in ("rosters/ledger.csv", "rosters/renewals.csv"):  # they only grow
                if rel != log:
                    assert after[log].startswith(before[log]), log
    finally:
        file.write_bytes(original)
        ledger.write_bytes(ledger_text if rel != "rosters/ledger.csv" else original)
        renewals.write_bytes(renewals_text if rel != "rosters/renewals.csv" else original)
