"""Fuzzing every text reader (YAML, Markdown front matter and body, GIFT, the ledger,
renewal and print-code logs): each input in a forked child capped at its baseline +
512 MB, no traceback, at most 10 s. A small budget in the fast run; the slow run
tries many more inputs."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from academy.core.certify import printcodes
from academy.core.certify.ledger import read_ledger
from academy.core.certify.renewal_log import read_renewals
from academy.core.errors import Problem
from academy.core.load.sources import load_module
from academy.core.validate.module_body import DEFAULT_EXTENSIONS, check_body, renderer
from academy.core.yamlsrc import read_yaml
from academy.exams.moodle import GiftError, import_gift
from tests.support.fuzz import SECONDS, run_capped

YAML_BITS = ["a: 1\n", "- x\n", "&a [*a, *a]\n", "<<: *a\n", "!!python/object:os.system x\n",
             "{", "}", "[", "'", '"', ": ", "\t", "  ", "\n", "? ", "---\n", "...\n", "%YAML 1.1\n",
             "1e999", ".nan", "0o17", "2026-02-30", "\ufeff", "\x00", "*b",
             "|\n", ">-\n"]  # fmt: skip
MD_BITS = ["---\n", "id: x\n", "<a ", "<a>", "[a](", "](", "<div markdown=\"1\">\n", "```\n",
           "{: onclick=x }", "[r]: javascript:x\n", "&#x61;", "<!--", "!!! note\n", "    ",
           "=== \"a\"\n", "<img src=\\/x>", "\n\n", "*", "_", "`", "|", "- [x] "]  # fmt: skip
GIFT_BITS = ["::t::", "{", "}", "=", "~", "#", "%50%", "\\", "$CATEGORY: x\n", "// topic: y\n",
             "\n\n", "TRUE", "F", "->", "问题", ":", "\r\n"]  # fmt: skip
CSV_BITS = ["certificate,program,cohort,employee_id,issued_on,valid_until,level\n",
            "certificate,cohort,assessed_on,level,valid_until\n",
            "certificate,printed_on,salt,sha256\n", "CS2024001,", "2024-02-30,", '"', '""',
            "\r\n", "\n", ",", "a" * 32, "0" * 64, "\x00", "\ufeff", "é"]  # fmt: skip


def texts(bits: list[str], size: int) -> st.SearchStrategy[str]:
    return st.one_of(
        st.lists(st.sampled_from(bits), max_size=size).map("".join),
        st.text(max_size=size),
        st.lists(st.sampled_from(bits), min_size=1, max_size=4).flatmap(
            lambda parts: st.integers(1, 20_000).map(lambda n: "".join(parts) * n)
        ),  # long repetitions: where quadratic parsing shows
    )


def _in_repo(rel: str, read: Callable[[Path, Path], object]) -> Callable[[bytes], object]:
    def reader(data: bytes) -> object:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            file = root / rel
            file.parent.mkdir(parents=True, exist_ok=True)
            file.write_bytes(data)
            return read(root, file)

    return reader


def _problems(found: object) -> object:
    problems = found[1] if isinstance(found, tuple) else []
    assert all(isinstance(p, Problem) for p in problems)
    return found


def _module(root: Path, file: Path) -> object:
    problems: list[Problem] = []
    source = load_module(file, "curriculum/modules/m.md", problems)
    if source is not None:
        problems += check_body(source.body, "m.md", 1, renderer(DEFAULT_EXTENSIONS))
    return problems


def _gift(root: Path, file: Path) -> object:
    try:
        return import_gift(file.read_text(encoding="utf-8", errors="replace"))
    except GiftError:
        return None  # a located refusal, as the command reports it


READERS: dict[str, tuple[Callable[[bytes], object], list[str]]] = {
    "yaml": (_in_repo("rosters/r.yaml", lambda r, f: _problems(read_yaml(f, "rosters/r.yaml"))),
             YAML_BITS),
    "markdown": (_in_repo("curriculum/modules/m.md", _module), MD_BITS),
    "gift": (_in_repo("in.gift", _gift), GIFT_BITS),
    "ledger": (_in_repo("rosters/ledger.csv",
                        lambda r, f: _problems(read_ledger(f, "rosters/ledger.csv"))), CSV_BITS),
    "renewals": (_in_repo("rosters/renewals.csv",
                          lambda r, f: _problems(read_renewals(f, "rosters/renewals.csv"))),
                 CSV_BITS),
    "print-codes": (_in_repo(printcodes.FILE, lambda r, f: _problems(printcodes.read(r))),
                    CSV_BITS),
}  # fmt: skip


def _fuzz(name: str, examples: int) -> None:
    reader, bits = READERS[name]

    @settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck))
    @given(texts(bits, 60), st.booleans())
    def one(text: str, as_binary: bool) -> None:
        data = text.encode("utf-8", errors="surrogatepass")
        if as_binary:
            data = data[::-1]  # invalid UTF-8 as often as not
        report, seconds = run_capped(reader, data)
        assert report == "", report
        assert seconds <= SECONDS

    one()


@pytest.mark.parametrize("name", sorted(READERS))
def test_reader_survives_fuzzed_input_small_budget(name: str) -> None:
    """Do a few dozen fuzzed inputs give problems, never a traceback, memory blow-up or hang?"""
    _fuzz(name, 15)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(READERS))
def test_reader_survives_fuzzed_input(name: str) -> None:
    """The same, with many more inputs."""
    _fuzz(name, 200)


def test_the_harness_catches_a_crash_a_blow_up_and_a_hang() -> None:
    """Does the capped child report an exception, a MemoryError past the cap, a hang?"""

    def crash(_: object) -> None:
        raise ValueError("boom")

    def blow_up(_: object) -> None:
        _ = bytearray(1024 * 1024 * 1024)

    assert "ValueError" in run_capped(crash, b"")[0]
    assert "MemoryError" in run_capped(blow_up, b"")[0]
    assert run_capped(lambda _: None, b"")[0] == ""
