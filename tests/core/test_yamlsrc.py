"""Loading YAML: exact numbers, refused surprises, positions of nodes."""

from __future__ import annotations

from decimal import Decimal

import pytest

from academy.core.yamlsrc import parse_text


def load(text: str):
    doc, problems = parse_text(text, "x.yaml")
    return doc, [(p.code, p.line, p.column) for p in problems]


def test_floats_are_exact_decimals() -> None:
    """Is 79.8 read as Decimal('79.8') rather than the binary float 79.799999…?"""
    doc, problems = load("a: 79.8\nb: [1000.5, 85]\n")
    assert problems == []
    assert doc.data == {"a": Decimal("79.8"), "b": [Decimal("1000.5"), 85]}


@pytest.mark.parametrize(
    ("text", "value"),
    [("0x1F", 31), ("017", 15), ("1_000", 1000), ("7", 7), ("0", 0), ("-3", -3)],
)
def test_integers_follow_yaml_1_1(text: str, value: int) -> None:
    """Are YAML 1.1 integers (octal 017!) read as PyYAML reads them, so E102 can explain?"""
    doc, _ = load(f"a: {text}\n")
    assert doc.data["a"] == value


@pytest.mark.parametrize(
    ("text", "read_as"),
    [
        ("070", "八进制数 56"),
        ("010", "八进制数 8"),
        ("0x50", "十六进制数 80"),
        ("1:30", "六十进制数 90"),
        ("8_0", "读成 80"),
        ("+80", "读成 80"),
        ("8_0.5", "读成 80.5"),
        ("1:30.5", "六十进制数 90.5"),
    ],
)
def test_numbers_yaml_1_1_reads_differently_are_e102(text: str, read_as: str) -> None:
    """Is a score like 070 (octal 56 in YAML 1.1) an error that says what it was read as?"""
    _, problems = parse_text(f"theory: {text}\n", "x.yaml")
    assert [(p.code, p.line, p.column) for p in problems] == [("E102", 1, 9)]
    assert read_as in problems[0].message


@pytest.mark.parametrize(
    "text",
    ["!!float abc", "!!int abc", "!!bool abc", "!!float nan", "!!float inf", "!!int 1.5"],
)
def test_explicit_tags_that_do_not_fit_their_value_are_problems(text: str) -> None:
    """Does ``!!float abc`` give a problem (E105) instead of a traceback?"""
    _, problems = load(f"a: {text}\n")
    assert problems == [("E105", 1, 4)]


def test_numbers_too_long_to_read_are_problems() -> None:
    """Is a 5,000-digit number E104 (int() would refuse it with an exception)?"""
    assert load("a: 1" + "0" * 5000 + "\n")[1] == [("E104", 1, 4)]


@pytest.mark.parametrize("text", ["9999-06-01", "0999-01-01", "1899-12-31", "3000-01-01"])
def test_dates_outside_the_supported_years_are_e108(text: str) -> None:
    """Is a date in year 9999 or 999 reported (it would overflow validity or the number)?"""
    assert load(f"a: {text}\n")[1] == [("E108", 1, 4)]


def test_dates_become_iso_strings_and_impossible_dates_are_problems() -> None:
    """Is 2024-02-29 kept, and 2023-02-29 reported as E103 at its position?"""
    doc, problems = load("ok: 2024-02-29\nbad: 2023-02-29\n")
    assert doc.data["ok"] == "2024-02-29"
    assert problems == [("E103", 2, 6)]


def test_duplicate_keys_are_reported_not_overwritten() -> None:
    """Does a repeated key keep the first value and report E101 at the second?"""
    doc, problems = load("a: 1\nb: 2\na: 3\n")
    assert doc.data == {"a": 1, "b": 2}
    assert problems == [("E101", 3, 1)]


def test_quoted_and_plain_keys_are_the_same_key() -> None:
    """Are `a:` and `"a":` recognised as duplicates?"""
    _, problems = load('a: 1\n"a": 2\n')
    assert problems == [("E101", 2, 1)]


def test_positions_of_values_and_keys() -> None:
    """Does a document locate nested values and keys by path, 1-based?"""
    doc, _ = load("trainees:\n  - id: A1\n    scores: {theory: 80}\n")
    assert doc.position(("trainees", 0, "scores", "theory")) == (3, 22)
    assert doc.position(("trainees", 0, "scores"), key=True) == (3, 5)
    assert doc.position(("trainees", 5)) == (2, 3)  # as far as the path goes


def test_aliases_are_shared_and_bombs_refused() -> None:
    """Do ordinary aliases work while an exponential alias bomb is refused?"""
    doc, problems = load("a: &x [1, 2]\nb: *x\n")
    assert doc.data == {"a": [1, 2], "b": [1, 2]} and problems == []
    bomb = "a: &a [x,x,x,x,x,x,x,x,x,x]\n" + "".join(
        f"{n}: &{n} [{', '.join(['*' + p] * 10)}]\n"
        for p, n in zip("abcdef", "bcdefg", strict=True)
    )
    doc, problems = load(bomb)
    assert doc is None and problems[0][0] == "E105"


def test_recursive_alias_is_refused() -> None:
    """Is a self-referencing alias reported instead of looping forever?"""
    _, problems = load("a: &a [1, *a]\n")
    assert problems and problems[0][0] == "E105"


def test_no_python_objects_can_be_constructed() -> None:
    """Is a python/object tag refused (E105) rather than executed?"""
    _, problems = load("a: !!python/object/apply:os.system ['true']\n")
    assert problems == [("E105", 1, 4)]


def test_byte_order_mark_and_empty_documents() -> None:
    """Is an empty document E107 and malformed YAML E100 with the parser's position?"""
    assert load("")[1] == [("E107", 1, 1)]
    assert load("# only a comment\n")[1] == [("E107", 1, 1)]
    assert load("a: [1, 2\n")[1][0][0] == "E100"
    assert load("a: 1\n---\nb: 2\n")[1][0][0] == "E100"


SCALARS = [
    *("80", "80.5", "-3", "0x1F", "017", "1_000", "1:30", ".5", "1e3", ".inf", "-.Inf", ".NaN"),
    *("true", "False", "yes", "No", "on", "OFF", "y", "n", "~", "null", "Null", ""),
    *("2024-03-10", "2024-3-1", "2024-03-10 10:00:00", "absent", "<<", "=", "E000001"),
    *('"80"', "'true'", '"~"', "''", '""', "! 80", "! true", "!!str 80", "!!int '7'"),
    *("|\n    80", ">\n    true", "|-\n    ~", "[80, '80', ~, yes]", "{a: 1, 'b': no}"),
]


@pytest.mark.parametrize("scalar", SCALARS)
def test_the_loader_resolves_tags_as_pyyaml_does(scalar: str) -> None:
    """Does every node get PyYAML's own tag (the loader's shortcuts change none)?"""
    import yaml

    from academy.core.yamlsrc import _Loader

    def tags(node: yaml.Node) -> list[str]:
        found = [node.tag]
        for child in node.value if isinstance(node.value, list) else ():
            for part in child if isinstance(child, tuple) else (child,):
                found += tags(part)
        return found

    inline = "1" if "\n" in scalar else scalar
    text = f"a: {scalar}\nb: [{inline}]\n"
    for _ in range(2):  # the second time from the loader's memo
        ours = yaml.compose(text, Loader=_Loader)
        theirs = yaml.compose(text, Loader=yaml.SafeLoader)
        assert tags(ours) == tags(theirs)
