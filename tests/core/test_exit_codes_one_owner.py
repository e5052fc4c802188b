"""Exit codes have one owner, ``academy.core.vocabulary.Exit``: a bare number given to
``sys.exit`` / ``SystemExit`` / ``parser.exit``, a ``return 2`` from a function that
returns an ``Exit`` (or from any function of the entry layer), or a second definition
(``EXIT_USAGE = 2``, another ``Exit`` enum) found anywhere in ``src/`` fails here."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src/academy"
OWNER = SRC / "core/vocabulary.py"
_EXITS = {"exit", "_exit", "SystemExit"}


def _is_int(node: ast.AST | None) -> bool:
    return (
        isinstance(node, ast.Constant)
        and isinstance(node.value, int)
        and not isinstance(node.value, bool)
    )


def _name(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def second_spellings(path: Path) -> list[str]:
    """Every bare exit code and every second definition of exit codes in one file."""
    tree = ast.parse(path.read_text("utf-8"))
    found: list[str] = []

    def here(node: ast.AST, what: str) -> None:
        found.append(f"{path.name}:{getattr(node, 'lineno', 0)}: {what}")

    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _name(node.func) in _EXITS:
            if node.args and _is_int(node.args[0]):
                here(node, f"{_name(node.func)}({ast.unparse(node.args[0])})")
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            returns = ast.unparse(node.returns) if node.returns is not None else ""
            entry = path.parent.name == "commands" or path.name == "cli.py"
            if "Exit" in returns or entry:  # the entry layer returns nothing but exit codes
                for inner in ast.walk(node):
                    if isinstance(inner, ast.Return) and _is_int(inner.value):
                        here(inner, f"return {ast.unparse(inner.value)}")
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                for name in ast.walk(target):
                    if isinstance(name, ast.Name) and name.id.upper().startswith("EXIT_"):
                        here(node, f"{name.id} = …")
        elif isinstance(node, ast.ClassDef) and "exit" in node.name.lower():
            here(node, f"class {node.name}")
    return found


def test_exit_codes_are_spelled_only_by_the_exit_enum() -> None:
    found = [f for p in sorted(SRC.rglob("*.py")) if p != OWNER for f in second_spellings(p)]
    assert found == []


def test_the_owner_defines_them() -> None:
    from academy.core.vocabulary import Exit

    assert [(e.name, e.value) for e in Exit] == [
        ("OK", 0),
        ("INPUT", 1),
        ("USAGE", 2),
        ("UNKNOWN_STATUS", 3),
    ]


def test_the_check_finds_a_second_spelling(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text(
        "import sys\n"
        "from academy.core.vocabulary import Exit\n"
        "EXIT_USAGE = 2\n"
        "class Exits: ...\n"
        "def main() -> Exit:\n"
        "    if x:\n"
        "        return 2\n"
        "    sys.exit(1)\n"
        "    raise SystemExit(3)\n",
        encoding="utf-8",
    )
    assert [f.split(": ", 1)[1] for f in second_spellings(bad)] == [
        "EXIT_USAGE = …",
        "class Exits",
        "return 2",
        "exit(1)",
        "SystemExit(3)",
    ]
