"""The course text must not contradict the portal: quoted certificates are real ones."""

from __future__ import annotations

import csv
import re

from tests.conftest import REPO

CERT_NUMBER = re.compile(r"(?<![A-Za-z0-9])[A-Z]{1,6}[0-9]{7,}(?![0-9])")
SENTENCE_END = re.compile(r"[。；！？\n]")
LEVEL_WORDS = {"初级": "junior", "中级": "intermediate", "高级": "advanced"}
LEVEL_AFTER = re.compile(r"([A-Z]{1,6}[0-9]{7,})（(初级|中级|高级)")


def ledger_levels() -> dict[str, str]:
    with (REPO / "rosters/ledger.csv").open(encoding="utf-8", newline="") as f:
        return {row["certificate"]: row["level"] for row in csv.DictReader(f)}


def quotes() -> list[tuple[str, int, str]]:
    """(module file, line, sentence) of every sentence that quotes a certificate number."""
    found = []
    for path in sorted((REPO / "curriculum/modules").glob("*.md")):
        for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            for sentence in SENTENCE_END.split(line):
                if CERT_NUMBER.search(sentence):
                    found.append((path.name, n, sentence))
    return found


def test_quoted_certificates_exist_with_the_stated_level() -> None:
    """Does every certificate number quoted in a module exist in the demo ledger, and is the
    level stated with it (in its sentence, or in brackets right after it) the ledger's?"""
    ledger = ledger_levels()
    problems = []
    for name, line, sentence in quotes():
        numbers = CERT_NUMBER.findall(sentence)
        for number in numbers:
            if number not in ledger:
                problems.append(f"{name}:{line}: {number} is not in rosters/ledger.csv")
        stated = [(m.group(1), m.group(2)) for m in LEVEL_AFTER.finditer(sentence)]
        if len(set(numbers)) == 1:
            stated += [(numbers[0], w) for w in LEVEL_WORDS if w in sentence]
        for number, word in stated:
            if number in ledger and ledger[number] != LEVEL_WORDS[word]:
                problems.append(f"{name}:{line}: {number} is {ledger[number]}, text says {word}")
    assert problems == []
    assert len(quotes()) >= 5  # the check has something to check
