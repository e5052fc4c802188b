"""Stage 1, load: find the repository's input files and parse them with positions."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .errors import Problem
from .paths import read_paths
from .yamlsrc import Document, parse_text, read_yaml

PROGRAMS_DIR = "curriculum/programs"
MODULES_DIR = "curriculum/modules"
PLANS_DIR = "curriculum/plans"
ROSTERS_DIR = "rosters"
REVOCATIONS_FILE = "rosters/revocations.yaml"
LEDGER_FILE = "rosters/ledger.csv"
YAML_SUFFIXES = (".yaml", ".yml")


@dataclass
class ModuleSource:
    """A curriculum module: its front matter as a YAML document, and its body."""

    doc: Document
    body: str


@dataclass
class Sources:
    root: Path
    programs: list[Document] = field(default_factory=list)
    rosters: list[Document] = field(default_factory=list)
    revocations: Document | None = None
    modules: list[ModuleSource] = field(default_factory=list)
    plans: list[Document] = field(default_factory=list)
    paths: Document | None = None  # curriculum/paths.yaml
    problems: list[Problem] = field(default_factory=list)
    has_curriculum: bool = False  # is there a curriculum/modules/ folder to check against?


def _yaml_files(folder: Path, *, recursive: bool) -> list[Path]:
    if not folder.is_dir():
        return []
    found = folder.rglob("*") if recursive else folder.glob("*")
    return sorted(p for p in found if p.suffix in YAML_SUFFIXES and p.is_file())


def _rel(root: Path, file: Path) -> str:
    return file.relative_to(root).as_posix()


def load_sources(root: Path) -> Sources:
    """Parse every program, roster, revocation list, module and plan under ``root``."""
    sources = Sources(root=root)

    def parse(file: Path) -> Document | None:
        doc, problems = read_yaml(file, _rel(root, file))
        sources.problems.extend(problems)
        return doc

    for file in _yaml_files(root / PROGRAMS_DIR, recursive=False):
        if doc := parse(file):
            sources.programs.append(doc)
    revocations = root / REVOCATIONS_FILE
    for file in _yaml_files(root / ROSTERS_DIR, recursive=True):
        if file == revocations:
            sources.revocations = parse(file)
        elif doc := parse(file):
            sources.rosters.append(doc)
    for file in _yaml_files(root / PLANS_DIR, recursive=False):
        if doc := parse(file):
            sources.plans.append(doc)
    sources.paths = read_paths(root, sources.problems)
    modules = root / MODULES_DIR
    sources.has_curriculum = modules.is_dir()
    if modules.is_dir():
        for file in sorted(modules.glob("*.md")):
            module = load_module(file, _rel(root, file), sources.problems)
            if module is not None:
                sources.modules.append(module)
    return sources


def load_module(file: Path, path: str, problems: list[Problem]) -> ModuleSource | None:
    """Split a module into front matter and body; line numbers stay those of the file."""
    try:
        text = file.read_bytes().decode("utf-8").removeprefix("\ufeff")
    except (OSError, UnicodeDecodeError):
        problems.append(Problem(path, 1, 1, "E106", "文件无法读取或不是 UTF-8 编码"))
        return None
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        problems.append(Problem(path, 1, 1, "E201", "模块必须以 --- 开头的 YAML 信息块开始"))
        return None
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() == "---"), None)
    if end is None:
        problems.append(Problem(path, 1, 1, "E100", "YAML 信息块没有以 --- 结束"))
        return None
    front = "\n".join(["", *lines[1:end]])  # a blank first line keeps line numbers
    doc, found = parse_text(front, path)
    problems.extend(found)
    if doc is None:
        return None
    body = "\n".join(lines[end + 1 :]).lstrip("\n")
    return ModuleSource(doc, body)
