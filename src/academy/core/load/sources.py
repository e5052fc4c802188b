"""Stage 1, load: find the repository's input files and parse them with positions."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from academy.core.errors import Problem
from academy.core.load.files import input_files, links_out
from academy.core.load.learning_paths import read_paths
from academy.core.load.outputs import configured_dirs
from academy.core.load.positions import POSITIONS_FILE
from academy.core.yamlsrc import Document, parse_text, read_yaml

ESCALATION_FILE = "curriculum/escalation.yaml"  # the tiers (validate/escalation.py)
PROGRAMS_DIR = "curriculum/programs"
MODULES_DIR = "curriculum/modules"
PLANS_DIR = "curriculum/plans"
QUESTIONS_DIR = "curriculum/questions"
EXAMS_DIR = "curriculum/exams"
PRACTICAL_DIR = "curriculum/practical"
STANDARD_SETTING_DIR = "curriculum/standard-setting"  # modified-Angoff panels, per exam paper
ROSTERS_DIR = "rosters"
REVOCATIONS_FILE = "rosters/revocations.yaml"
LEDGER_FILE = "rosters/ledger.csv"
PEOPLE_FILE = "rosters/people.yaml"  # the people register (§7.1), or one file per department in:
PEOPLE_DIR = "rosters/people"
FORGOTTEN_FILE = "rosters/forgotten.yaml"  # leavers whose personal data was removed
YAML_SUFFIXES = (".yaml", ".yml")
CORRECTIONS_FILE = "rosters/corrections.yaml"
RECOGNITION_FILE = "rosters/recognition.yaml"  # yearly grades and honours (validate/recognition.py)


@dataclass
class ModuleSource:
    """A curriculum module: its front matter as a YAML document, and its body."""

    doc: Document
    body: str
    body_line: int = 1  # the line of the file on which ``body`` starts


@dataclass
class Sources:
    root: Path
    programs: list[Document] = field(default_factory=list)
    rosters: list[Document] = field(default_factory=list)
    revocations: Document | None = None
    modules: list[ModuleSource] = field(default_factory=list)
    plans: list[Document] = field(default_factory=list)
    corrections: Document | None = None  # rosters/corrections.yaml, see ``corrections.py``
    people: list[Document] = field(default_factory=list)
    forgotten: Document | None = None
    positions: Document | None = None
    has_register: bool = False  # rosters/people.yaml or rosters/people/ exists
    register_unreadable: bool = False  # a register file could not be parsed at all
    questions: list[Document] = field(default_factory=list)  # the question bank, per module
    exams: list[Document] = field(default_factory=list)  # exam papers
    practical: list[Document] = field(default_factory=list)  # practical exam scenarios
    draws: list[Document] = field(default_factory=list)  # exam draw definitions
    standard_setting: list[Document] = field(default_factory=list)  # Angoff panels per paper
    paths: Document | None = None  # curriculum/paths.yaml
    escalation: Document | None = None  # curriculum/escalation.yaml
    recognition: Document | None = None  # rosters/recognition.yaml
    problems: list[Problem] = field(default_factory=list)
    has_curriculum: bool = False  # is there a curriculum/modules/ folder to check against?


# each flat folder of YAML documents and the ``Sources`` field its documents go to
FOLDERS = (
    (PROGRAMS_DIR, "programs"),
    (PLANS_DIR, "plans"),
    (QUESTIONS_DIR, "questions"),
    (EXAMS_DIR, "exams"),
    (f"{EXAMS_DIR}/draws", "draws"),
    (PRACTICAL_DIR, "practical"),
    (STANDARD_SETTING_DIR, "standard_setting"),
)


def _rel(root: Path, file: Path) -> str:
    return file.relative_to(root).as_posix()


def load_sources(root: Path) -> Sources:
    """Parse every program, roster, revocation list, module and plan under ``root``."""
    sources = Sources(root=root)

    def parse(file: Path) -> Document | None:
        doc, problems = read_yaml(file, _rel(root, file))
        sources.problems.extend(problems)
        return doc

    def files(folder: str, suffixes: tuple[str, ...], *, recursive: bool) -> list[Path]:
        return input_files(root, root / folder, suffixes, sources.problems, recursive=recursive)

    for where, name in FOLDERS:
        found: list[Document] = getattr(sources, name)
        for file in files(where, YAML_SUFFIXES, recursive=False):
            if doc := parse(file):
                found.append(doc)
    revocations = root / REVOCATIONS_FILE
    people_file, people_dir, forgotten = (
        root / PEOPLE_FILE,
        root / PEOPLE_DIR,
        root / FORGOTTEN_FILE,
    )
    sources.has_register = people_file.is_file() or people_dir.is_dir()
    for file in files(ROSTERS_DIR, YAML_SUFFIXES, recursive=True):
        if file == revocations:
            sources.revocations = parse(file)
        elif file == root / CORRECTIONS_FILE:
            sources.corrections = parse(file)
        elif file == root / RECOGNITION_FILE:
            sources.recognition = parse(file)
        elif file == forgotten:
            sources.forgotten = parse(file)
        elif file == people_file or people_dir in file.parents:
            if doc := parse(file):
                sources.people.append(doc)
            else:
                sources.register_unreadable = True
        elif doc := parse(file):
            sources.rosters.append(doc)
    if (root / POSITIONS_FILE).is_file():
        sources.positions = parse(root / POSITIONS_FILE)
    if (root / ESCALATION_FILE).is_file():
        sources.escalation = parse(root / ESCALATION_FILE)
    for folder in configured_dirs(root, read=True).values():  # docs/ and overrides/
        if Path(os.path.normpath(folder.absolute())).is_relative_to(root.absolute()):
            links_out(root, folder, sources.problems)
    sources.paths = read_paths(root, sources.problems)
    modules = root / MODULES_DIR
    sources.has_curriculum = modules.is_dir()
    if modules.is_dir():
        for file in files(MODULES_DIR, (".md",), recursive=False):
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
    parts = split_module(text)
    if isinstance(parts, Problem):
        problems.append(Problem(path, parts.line, parts.column, parts.code, parts.message))
        return None
    front, body, body_line = parts
    doc, found = parse_text(front, path)
    problems.extend(found)
    if doc is None:
        return None
    return ModuleSource(doc, body, body_line)


def split_module(text: str) -> tuple[str, str, int] | Problem:
    """A module's text as (front matter, body, the line the body starts on), or the
    problem (with no path) when it has no complete front matter block. The front
    matter keeps its line numbers: it starts with a blank line for the ``---``."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return Problem("", 1, 1, "E201", "模块必须以 --- 开头的 YAML 信息块开始")
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() == "---"), None)
    if end is None:
        return Problem("", 1, 1, "E100", "YAML 信息块没有以 --- 结束")
    front = "\n".join(["", *lines[1:end]])
    rest = "\n".join(lines[end + 1 :])
    body = rest.lstrip("\n")
    return front, body, end + 2 + len(rest) - len(body)
