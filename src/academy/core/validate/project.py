"""Stage 2, validate: schemas first, then the rules no schema can express.

Builds a ``Project`` of typed objects and appends every problem of every file to the
caller's list. The grade step's own input checks (exam answers, practical sheets,
panels, standard setting) and the evaluation files follow it in ``academy.core.pipeline``,
which raises ``InputError`` with all of them at once.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path, PurePosixPath
from typing import Any

from academy.core.errors import InputError, Problem
from academy.core.load import schema
from academy.core.load.evaluation.model import Evaluation
from academy.core.load.learning_paths import validate_paths
from academy.core.load.positions import validate_positions
from academy.core.load.sources import PEOPLE_FILE, YAML_SUFFIXES, ModuleSource, Sources
from academy.core.model import (
    REVIEW_BAND,
    Category,
    CertificateRule,
    ChangelogEntry,
    Cohort,
    Component,
    Entry,
    Level,
    Module,
    Part,
    Program,
    Project,
    Revocation,
    RubricItem,
)
from academy.core.suggest import did_you_mean
from academy.core.validate import cycle_checks, groups
from academy.core.validate.bank import EXAM_KEYS, Bank, validate_exams, validate_questions
from academy.core.validate.content_macros import check_macros
from academy.core.validate.corrections import validate_corrections
from academy.core.validate.cycle_config import read_cycles, read_sources
from academy.core.validate.draws import definition_of
from academy.core.validate.escalation import (
    Escalation,
    check_body_names,
    check_question_names,
    validate_escalation,
)
from academy.core.validate.groups import read_groups
from academy.core.validate.module_body import BodyChecker, build_extensions
from academy.core.validate.people import (
    check_programs,
    check_rosters,
    requirement_from,
    validate_register,
)
from academy.core.validate.plans import validate_plans
from academy.core.validate.recognition import validate_recognition
from academy.core.validate.sections import check_question_sections, check_sections
from academy.core.validate.similarity import similarity_warnings
from academy.core.vocabulary import RESERVED_NAMES, CertStatus, CohortKind, ResultStatus
from academy.core.yaml_slips import explain
from academy.core.yamlsrc import Document

_KIND_NAMES = {"weighted": "加权", "rubric": "扣分制"}


def _stem(path: str) -> str:
    return PurePosixPath(path).stem


def _reserved(doc: Document, where: tuple[str | int, ...], value: str) -> list[Problem]:
    if value.lower() in RESERVED_NAMES:
        return [doc.problem(where, "E323", f"编号“{value}”是系统保留名，不能用作文件名")]
    return []


def module_names(sources: Sources) -> set[str] | None:
    """The module names references are checked against; None without a curriculum."""
    return {_stem(m.doc.path) for m in sources.modules} if sources.has_curriculum else None


def validate_sources(sources: Sources, problems: list[Problem]) -> Project:
    """Check everything validation owns; append every problem (the loader's first) to
    ``problems``. The project is sound only when none was added; its scenarios, standard
    settings and evaluation are left empty for the steps after (``pipeline.project_from``)."""
    problems += sources.problems
    escalation = validate_escalation(sources.escalation, problems)
    modules = _modules(sources.modules, problems, sources.root)
    known = module_names(sources)
    programs, broken_programs = _programs(sources.programs, known, problems)
    cohorts = _cohorts(sources.rosters, programs, broken_programs, problems)
    positions = validate_positions(sources.positions, problems)
    register = validate_register(
        sources.people, sources.forgotten, positions, sources.has_register, problems
    )
    register.complete &= not sources.register_unreadable
    check_programs(programs, positions, problems)
    cohorts = check_rosters(cohorts, register, positions, problems)
    bank = _bank(sources, known, programs, broken_programs, problems)
    warnings: list[Problem] = []
    plans = validate_plans(
        sources.plans, modules, programs, {c.id for c in cohorts}, problems, warnings
    )
    programs, plans = groups.resolve(
        programs, plans, register, {d.path: d for d in sources.plans}, problems
    )
    problems += cycle_checks.check_months(cohorts, programs)
    problems += cycle_checks.check_teaches(sources.modules, modules, programs, broken_programs)
    problems += _content_checks(sources, modules, programs, escalation)
    revocations = _revocations(sources.revocations, problems)
    paths = validate_paths(sources.paths, modules, positions.known, problems)
    corrections = validate_corrections(sources.corrections, problems)
    recognition = validate_recognition(
        sources.recognition,
        programs,
        set(register.people) | set(register.forgotten) if register.present else None,
        problems,
    )
    problems.extend(_same_day_certifications(cohorts))
    return Project(
        root=str(sources.root),
        programs=programs,
        cohorts=cohorts,
        revocations=revocations,
        modules=modules,
        plans=plans,
        corrections=corrections,
        people=register,
        positions=positions,
        bank=bank,
        evaluation=Evaluation(),
        paths=paths,
        revocations_doc=sources.revocations,
        corrections_doc=sources.corrections,
        standard_setting={},
        escalation=escalation,
        recognition=recognition,
        plan_warnings=tuple(warnings),
    )


def _bank(
    sources: Sources,
    modules: set[str] | None,
    programs: dict[str, Program],
    broken_programs: set[str],
    problems: list[Problem],
) -> Bank:
    """The question bank and the exam papers (docs/guide/question-bank.md)."""
    questions, declared = validate_questions(sources.questions, modules, problems)
    exams, broken = validate_exams(
        sources.exams, questions, declared, programs, broken_programs, problems
    )
    _draws(sources.draws, programs, broken_programs, modules, problems)
    warnings = similarity_warnings(questions.values(), sources.questions)
    return Bank(questions, exams, broken, warnings=warnings)


def _draws(
    docs: list[Document],
    programs: dict[str, Program],
    broken_programs: set[str],
    modules: set[str] | None,
    problems: list[Problem],
) -> None:
    """Exam draw definitions are checked here too, so that a bad one is found early."""

    for doc in docs:
        program = doc.data.get("program") if isinstance(doc.data, dict) else None
        if isinstance(program, str) and program in broken_programs:
            continue
        try:
            definition_of(doc, programs, modules if modules is not None else set())
        except InputError as err:
            problems.extend(err.problems)


def without_broken_rosters(
    sources: Sources, problems: list[Problem]
) -> tuple[Sources, frozenset[str]] | None:
    """The sources without the rosters that have problems, and those rosters' cohort ids;
    ``None`` when something else has a problem (then nothing can be graded soundly)."""
    roster_paths = {doc.path for doc in sources.rosters}
    special = {
        doc.path
        for doc in (sources.revocations, sources.corrections, sources.forgotten, *sources.people)
        if doc is not None
    }
    broken = {p.path for p in problems}
    for path in broken:
        is_roster = path in roster_paths or (
            path.startswith("rosters/") and path.endswith(YAML_SUFFIXES)
        )
        if not is_roster or path in special or path.startswith(("rosters/people", PEOPLE_FILE)):
            return None
    unsure = {_stem(path) for path in broken}
    for doc in sources.rosters:
        if doc.path in broken and isinstance(doc.data, dict):
            cohort = doc.data.get("cohort")
            if isinstance(cohort, str):
                unsure.add(cohort)
    sound = replace(
        sources,
        rosters=[doc for doc in sources.rosters if doc.path not in broken],
        problems=[p for p in sources.problems if p.path not in broken],
    )
    return sound, frozenset(unsure)


def explain_slips(problems: list[Problem], sources: Sources) -> list[Problem]:
    """Problems on a line with a typing slip (``daily：88``) become that slip (error path)."""
    texts: dict[str, str] = {}
    for value in vars(sources).values():
        for item in value if isinstance(value, list) else [value]:
            doc = item.doc if isinstance(item, ModuleSource) else item
            if isinstance(doc, Document):
                texts[doc.path] = doc.text
    root = sources.root.resolve()
    for problem in problems:  # files read elsewhere (evaluation/): read again, if inside
        if problem.path in texts or not problem.path.endswith((".yaml", ".yml")):
            continue
        file = (root / problem.path).resolve()
        if file.is_relative_to(root) and file.is_file():
            try:
                texts[problem.path] = file.read_text(encoding="utf-8").removeprefix("\ufeff")
            except (OSError, UnicodeDecodeError):
                continue
    return explain(problems, texts)


# --- modules ---------------------------------------------------------------


def _modules(sources: list[ModuleSource], problems: list[Problem], root: Path) -> dict[str, Module]:
    modules: dict[str, Module] = {}
    checked = BodyChecker(build_extensions(root))
    valid: list[tuple[Document, str]] = []
    for src in sources:
        found = schema.check("module", src.doc)
        problems.extend(found)
        if not found and not src.doc.has_problems:
            valid.append((src.doc, src.body))
    names = {_stem(doc.path) for doc, _ in valid} | {_stem(s.doc.path) for s in sources}
    for doc, body in valid:
        data = doc.data
        if data["id"] != _stem(doc.path):
            problems.append(doc.problem(("id",), "E301", f"模块编号“{data['id']}”与文件名不一致"))
        problems.extend(checked(body, doc.path, _body_line(sources, doc)))
        problems.extend(check_sections(doc, body))
        for i, pre in enumerate(data["prerequisites"]):
            if pre == data["id"]:
                problems.append(doc.problem(("prerequisites", i), "E325", "模块不能以自身为先修"))
            elif pre not in names:
                hint = did_you_mean(pre, names)
                problems.append(
                    doc.problem(("prerequisites", i), "E303", f"未知的先修模块“{pre}”{hint}")
                )
        if data["changelog"][0]["version"] != data["version"]:
            problems.append(
                doc.problem(
                    ("changelog", 0, "version"),
                    "E502",
                    f"修订记录第一条的版本号应为当前版本 {data['version']}",
                )
            )
        modules[data["id"]] = Module(
            id=data["id"],
            title=data["title"],
            version=data["version"],
            track=data["track"],
            level=data["level"],
            duration_hours=Decimal(data["duration_hours"]),
            objectives=tuple(data["objectives"]),
            prerequisites=tuple(data["prerequisites"]),
            owner=data["owner"],
            changelog=tuple(
                ChangelogEntry(
                    c["version"],
                    dt.date.fromisoformat(c["date"]),
                    c["changes"],
                    c["relearn"],
                    tuple(c.get("reread", ())),
                )
                for c in data["changelog"]
            ),
            body=body,
            path=doc.path,
            teaches=tuple(ref.partition("#")[0] for ref in data.get("teaches", [])),
            teaches_sections=tuple(ref.partition("#")[2] for ref in data.get("teaches", [])),
            keywords=tuple(data.get("keywords", ())),
            template=data.get("template", False),
        )
    return modules


def _content_checks(
    sources: Sources,
    modules: dict[str, Module],
    programs: dict[str, Program],
    escalation: Escalation,
) -> list[Problem]:
    """Macros name what exists; escalation tiers are called by the table's names only."""
    known = {
        "tiers": frozenset(escalation.labels),
        "statuses": frozenset(ResultStatus),
        "cert_statuses": frozenset(CertStatus),
        "programs": frozenset(programs),
    }
    problems: list[Problem] = []
    for src in sources.modules:
        if _stem(src.doc.path) not in modules:
            continue
        problems += check_macros(src.body, src.doc.path, src.body_line, known)
        if escalation.tiers:
            problems += check_body_names(src.body, src.doc.path, src.body_line, escalation)
    if escalation.tiers:
        problems += check_question_names(sources.questions, escalation)
    problems += check_question_sections(sources.questions, modules)
    return problems


def _body_line(sources: list[ModuleSource], doc: Document) -> int:
    return next((s.body_line for s in sources if s.doc is doc), 1)


# --- programs --------------------------------------------------------------


def _programs(
    docs: list[Document], modules: set[str] | None, problems: list[Problem]
) -> tuple[dict[str, Program], set[str]]:
    programs: dict[str, Program] = {}
    broken: set[str] = set()
    for doc in docs:
        found = schema.check("program", doc)
        if found or doc.has_problems:
            problems.extend(found)
            broken.add(_stem(doc.path))
            continue
        program, found = _program(doc, modules)
        problems.extend(found)
        if found:
            broken.add(program.id)
            continue
        programs[program.id] = program
    by_prefix: dict[str, list[Program]] = {}
    for program in programs.values():
        if program.certificate:
            by_prefix.setdefault(program.certificate.prefix, []).append(program)
    for prefix, sharing in by_prefix.items():
        for program in sharing if len(sharing) > 1 else ():
            others = "、".join(p.id for p in sharing if p is not program)
            assert program.doc is not None
            problems.append(
                program.doc.problem(
                    ("certificate", "prefix"), "E320", f"证书前缀 {prefix} 也被方案“{others}”使用"
                )
            )
            broken.add(program.id)
    for pid in broken:
        programs.pop(pid, None)
    return programs, broken


def _unique(
    doc: Document, where: tuple[str | int, ...], ids: list[str], what: str
) -> list[Problem]:
    seen: set[str] = set()
    out = []
    for i, value in enumerate(ids):
        if value in seen:
            out.append(doc.problem((*where, i, "id"), "E308", f"{what}编号“{value}”重复"))
        seen.add(value)
    return out


def _program(doc: Document, modules: set[str] | None) -> tuple[Program, list[Problem]]:
    data: dict[str, Any] = doc.data
    problems: list[Problem] = []
    pid = data["id"]
    if pid != _stem(doc.path):
        problems.append(doc.problem(("id",), "E301", f"方案编号“{pid}”与文件名不一致"))
    problems += _reserved(doc, ("id",), pid)
    for i, module in enumerate(data.get("modules", [])):
        if modules is not None and module not in modules:
            hint = did_you_mean(module, modules)
            problems.append(doc.problem(("modules", i), "E303", f"未知的课程模块“{module}”{hint}"))
    scoring = data["scoring"]
    levels = _levels(doc, scoring, problems)
    components: tuple[Component, ...] = ()
    categories: tuple[Category, ...] = ()
    if scoring["kind"] == "weighted":
        components = _components(doc, scoring, problems)
    else:
        categories = _categories(doc, scoring, problems)
    cycles, found = read_cycles(doc, data)
    problems += found
    sources, found = read_sources(doc, scoring)
    problems += found
    groups, found = read_groups(doc, data.get("groups", []))
    problems += found
    peer = scoring.get("peer") or {}  # rubric programs only (the schema)
    cert = data.get("certificate")
    program = Program(
        id=pid,
        title=data["title"],
        path=doc.path,
        kind=scoring["kind"],
        decimals=scoring.get("decimals", 1),
        levels=levels,
        components=components,
        categories=categories,
        certificate=None
        if cert is None
        else CertificateRule(
            cert["prefix"], cert["validity_months"], cert.get("renewal_window_months", 1)
        ),
        modules=tuple(data.get("modules", [])),
        description=data.get("description", ""),
        doc=doc,
        requires=requirement_from(data.get("requires")),
        pay_rise=dict(data.get("pay_rise", {})),
        cycles=cycles,
        sources=sources,
        review_band=Decimal(data.get("review_band", REVIEW_BAND)),
        groups=groups,
        peer_weight=int(peer.get("weight", 0)),
        peer_min_raters=int(peer.get("min_raters", 3)),
        targets=tuple(data.get("targets", [])),
    )
    return program, problems


def _parts(raw: list[dict[str, Any]]) -> tuple[Part, ...]:
    return tuple(
        Part(
            p["id"],
            p["label"],
            p["weight"],
            None if p.get("pass_mark") is None else Decimal(p["pass_mark"]),
            bool(p.get("from_sessions", False)),
        )
        for p in raw
    )


def _check_parts(
    doc: Document, where: tuple[str | int, ...], component: Component
) -> list[Problem]:
    if not component.parts:
        return []
    problems = _unique(doc, where, [p.id for p in component.parts], "组成部分")
    total = sum(p.weight for p in component.parts)
    if total != 100:
        problems.append(
            doc.problem(where, "E307", f"“{component.label}”各组成部分权重之和为 {total}，应为 100")
        )
    return problems


def _levels(doc: Document, scoring: dict[str, Any], problems: list[Problem]) -> tuple[Level, ...]:
    """The levels, highest first, each with a lower minimum than the one before."""
    levels = tuple(
        Level(lv["id"], lv["label"], Decimal(lv["min_total"])) for lv in scoring["levels"]
    )
    problems += _unique(doc, ("scoring", "levels"), [lv.id for lv in levels], "等级")
    for i in range(1, len(levels)):
        if levels[i].min_total >= levels[i - 1].min_total:
            problems.append(
                doc.problem(
                    ("scoring", "levels", i, "min_total"),
                    "E314",
                    "等级应按最低分从高到低排列，且最低分不能相同",
                )
            )
    return levels


def _components(
    doc: Document, scoring: dict[str, Any], problems: list[Problem]
) -> tuple[Component, ...]:
    """A weighted program's components, whose weights sum to 100."""
    components = tuple(
        Component(
            c["id"],
            c["label"],
            c["weight"],
            None if c.get("pass_mark") is None else Decimal(c["pass_mark"]),
            _parts(c.get("parts", [])),
        )
        for c in scoring["components"]
    )
    for ci, c in enumerate(components):
        problems += _check_parts(doc, ("scoring", "components", ci, "parts"), c)
    problems += _unique(doc, ("scoring", "components"), [c.id for c in components], "考核项")
    total = sum(c.weight for c in components)
    if total != 100:
        problems.append(
            doc.problem(("scoring", "components"), "E307", f"各考核项权重之和为 {total}，应为 100")
        )
    return components


def _categories(
    doc: Document, scoring: dict[str, Any], problems: list[Problem]
) -> tuple[Category, ...]:
    """A rubric's categories and items, with unique ids and points summing to 100."""
    cats = []
    for ci, cat in enumerate(scoring["categories"]):
        items = []
        for ii, item in enumerate(cat["items"]):
            raw = item["deduction"]
            deduction: Decimal | tuple[Decimal, Decimal]
            if isinstance(raw, list):
                deduction = (Decimal(raw[0]), Decimal(raw[1]))
                if deduction[0] > deduction[1]:
                    problems.append(
                        doc.problem(
                            ("scoring", "categories", ci, "items", ii, "deduction"),
                            "E312",
                            "扣分区间应写作 [最少， 最多]",
                        )
                    )
            else:
                deduction = Decimal(raw)
            items.append(
                RubricItem(item["id"], item["label"], cat["id"], Decimal(item["points"]), deduction)
            )
        cats.append(Category(cat["id"], cat["label"], tuple(items)))
    categories = tuple(cats)
    problems += _unique(doc, ("scoring", "categories"), [c.id for c in categories], "类别")
    all_items = [i.id for c in categories for i in c.items]
    for dup in sorted(k for k, n in Counter(all_items).items() if n > 1):
        problems.append(doc.problem(("scoring", "categories"), "E308", f"扣分项编号“{dup}”重复"))
    points = sum((c.points for c in categories), Decimal(0))
    if points != 100:
        problems.append(
            doc.problem(
                ("scoring", "categories"), "E313", f"所有扣分项分值之和为 {points}，应为 100"
            )
        )
    return categories


# --- rosters ---------------------------------------------------------------


def _cohorts(
    docs: list[Document],
    programs: dict[str, Program],
    broken_programs: set[str],
    problems: list[Problem],
) -> list[Cohort]:
    cohorts: list[Cohort] = []
    paths: dict[str, list[str]] = {}
    for doc in docs:
        if isinstance(doc.data, dict) and isinstance(doc.data.get("cohort"), str):
            paths.setdefault(doc.data["cohort"], []).append(doc.path)
    for doc in docs:
        found = schema.check("roster", doc)
        if found or doc.has_problems:
            problems.extend(found)
            problems.extend(_references_of_broken(doc, found, programs, broken_programs))
            continue
        data = doc.data
        cid = data["cohort"]
        if cid != _stem(doc.path):
            problems.append(doc.problem(("cohort",), "E301", f"班次编号“{cid}”与文件名不一致"))
        problems.extend(_reserved(doc, ("cohort",), cid))
        if len(paths[cid]) > 1:
            others = "、".join(p for p in paths[cid] if p != doc.path)
            problems.append(
                doc.problem(("cohort",), "E305", f"班次编号“{cid}”也在 {others} 中使用")
            )
            continue
        program = programs.get(data["program"])
        if program is None:
            problems.extend(_unknown_program(doc, programs, broken_programs))
            continue
        cohort, found = _cohort(doc, program)
        problems.extend(found)
        cohorts.append(cohort)
    return cohorts


def _unknown_program(
    doc: Document, programs: dict[str, Program], broken_programs: set[str]
) -> list[Problem]:
    """E302 for a roster's unknown program (a broken one is reported in its own file)."""
    name = doc.data["program"]
    if name in broken_programs:
        return []
    hint = did_you_mean(name, [*programs, *broken_programs])
    return [doc.problem(("program",), "E302", f"未知的方案“{name}”{hint}")]


def _references_of_broken(
    doc: Document, found: list[Problem], programs: dict[str, Program], broken: set[str]
) -> list[Problem]:
    """The reference checks a roster with structure errors can still have, so that every
    problem of the file is reported in one run (``theory: 120`` and an unknown program):
    its program, its cohort id against the file name, and the components its scores name.
    Only fields whose own value the schema did not refuse are checked."""
    data = doc.data
    if not isinstance(data, dict):
        return []
    refused = {(p.line, p.column) for p in found} | doc.problem_spots

    def fine(where: tuple[str | int, ...], value: object) -> bool:
        return isinstance(value, str) and doc.position(where) not in refused

    out: list[Problem] = []
    cid, pid = data.get("cohort"), data.get("program")
    if fine(("cohort",), cid) and cid != _stem(doc.path):
        out.append(doc.problem(("cohort",), "E301", f"班次编号“{cid}”与文件名不一致"))
    if not fine(("program",), pid):
        return out
    program = programs.get(pid)  # type: ignore[arg-type]
    if program is None:
        return out + _unknown_program(doc, programs, broken)
    if program.kind != "weighted" or not isinstance(data.get("trainees"), list):
        return out
    known = {c.id for c in program.components}
    for i, raw in enumerate(data["trainees"]):
        scores = raw.get("scores") if isinstance(raw, dict) else None
        for key in scores if isinstance(scores, dict) else ():
            if isinstance(key, str) and key not in known:
                where = ("trainees", i, "scores", key)
                hint = did_you_mean(key, known)
                out.append(doc.problem(where, "E309", f"方案中没有考核项“{key}”{hint}", key=True))
    return out


def _same_day_certifications(cohorts: list[Cohort]) -> list[Problem]:
    """Rule 4.8 (docs/guide/grading-rules.md): one certification result per person, program, day."""
    problems: list[Problem] = []
    first: dict[tuple[str, dt.date, str], Cohort] = {}
    for cohort in sorted(cohorts, key=lambda c: (c.assessed_on, c.id)):
        if cohort.kind != "certification":
            continue
        for entry in cohort.entries:
            key = (cohort.program, cohort.assessed_on, entry.employee_id)
            other = first.setdefault(key, cohort)
            if other is not cohort:
                assert cohort.doc is not None
                problems.append(
                    cohort.doc.problem(
                        ("trainees", entry.index, "id"),
                        "E324",
                        f"员工 {entry.employee_id} 在 {cohort.assessed_on} 已在班次 {other.id} "
                        f"参加方案“{cohort.program}”的认证，同一天不能认证两次",
                    )
                )
    return problems


def _cohort(doc: Document, program: Program) -> tuple[Cohort, list[Problem]]:
    data = doc.data
    problems: list[Problem] = []
    kind = CohortKind(data.get("kind", CohortKind.CERTIFICATION))
    assessed = dt.date.fromisoformat(data["assessed_on"])
    issued = dt.date.fromisoformat(data["issued_on"]) if "issued_on" in data else assessed
    if issued < assessed:
        problems.append(doc.problem(("issued_on",), "E316", "发证日期不能早于考核日期"))
    if kind == "renewal" and program.certificate is None:
        problems.append(doc.problem(("kind",), "E318", f"方案“{program.id}”不颁发证书，无法复评"))
    rules = _RosterRules.of(doc, program, kind)
    seen: dict[str, int] = {}
    entries = tuple(_entry(rules, i, raw, seen, problems) for i, raw in enumerate(data["trainees"]))
    cohort = Cohort(
        id=data["cohort"],
        program=program.id,
        kind=kind,
        title=data.get("title", data["cohort"]),
        assessed_on=assessed,
        issued_on=issued,
        path=doc.path,
        entries=entries,
        trainer=data.get("trainer", ""),
        location=data.get("location", ""),
        doc=doc,
        judges=tuple(data.get("judges", ())),
    )
    return cohort, problems


def _check_given_parts(
    doc: Document, where: tuple[str | int, ...], given: dict[str, Any], program: Program, cid: str
) -> list[Problem]:
    component = next(c for c in program.components if c.id == cid)
    if not component.parts:
        return [
            doc.problem(where, "E309", f"考核项“{component.label}”没有设置组成部分，请直接填写分数")
        ]
    known = {p.id for p in component.parts}
    return [
        doc.problem((*where, key), "E309", f"“{component.label}”没有组成部分“{key}”", key=True)
        for key in given
        if key not in known
    ]


@dataclass(frozen=True)
class _RosterRules:
    """What every trainee of one roster is checked against."""

    doc: Document
    program: Program
    kind: CohortKind
    expected: str  # "scores" or "deductions", as the program's kind requires
    other: str
    component_ids: frozenset[str]
    items: dict[str, RubricItem]

    @classmethod
    def of(cls, doc: Document, program: Program, kind: CohortKind) -> _RosterRules:
        weighted = program.kind == "weighted"
        expected, other = ("scores", "deductions") if weighted else ("deductions", "scores")
        components = frozenset(c.id for c in program.components)
        return cls(
            doc, program, kind, expected, other, components, {i.id: i for i in program.items}
        )


def _entry(
    rules: _RosterRules, i: int, raw: dict[str, Any], seen: dict[str, int], problems: list[Problem]
) -> Entry:
    """One trainee of a roster, checked: unique, certificate as the kind needs, marks known."""
    doc, program = rules.doc, rules.program
    where: tuple[str | int, ...] = ("trainees", i)
    emp = raw["id"]
    if emp in seen:
        problems.append(
            doc.problem(
                (*where, "id"),
                "E306",
                f"员工 {emp} 在本班次中重复出现（第 {seen[emp] + 1} 位已有）",
            )
        )
    seen.setdefault(emp, i)
    cert = raw.get("certificate")
    if rules.kind == "renewal" and cert is None:
        problems.append(
            doc.problem(where, "E321", "复评名册中每位学员都要写明被复评的证书 certificate")
        )
    if rules.kind == "certification" and cert is not None:
        problems.append(
            doc.problem(
                (*where, "certificate"),
                "E321",
                "认证名册不应填写 certificate；复评请用 kind: renewal",
            )
        )
    if rules.other in raw:
        problems.append(
            doc.problem(
                (*where, rules.other),
                "E315",
                f"方案“{program.id}”是{_KIND_NAMES[program.kind]}方案，应填写 {rules.expected}",
                key=True,
            )
        )
    marks = raw.get(rules.expected)
    if marks is not None and program.kind == "weighted":
        for key in marks:
            if key not in rules.component_ids:
                hint = did_you_mean(key, rules.component_ids)
                problems.append(
                    doc.problem(
                        (*where, "scores", key), "E309", f"方案中没有考核项“{key}”{hint}", key=True
                    )
                )
            elif isinstance(marks[key], dict) and not EXAM_KEYS & set(marks[key]):
                # parts of a component; exam answers and scoring sheets: exam_scoring
                problems.extend(
                    _check_given_parts(doc, (*where, "scores", key), marks[key], program, key)
                )
    elif marks is not None:
        problems.extend(_check_deductions(doc, where, marks, rules.items))
    problems.extend(cycle_checks.check_entry_sources(doc, where, raw.get("sources"), program))
    applied = raw.get("applied_level")
    if applied is not None and program.level(applied) is None:
        problems.append(
            doc.problem(
                (*where, "applied_level"),
                "E206",
                f"申请等级“{applied}”不是方案的等级，可选："
                + "、".join(lv.id for lv in program.levels),
            )
        )
    return Entry(
        index=i,
        employee_id=emp,
        name=raw.get("name", ""),
        department=raw.get("department", ""),
        position=raw.get("position", ""),
        certificate=cert,
        scores=marks if program.kind == "weighted" else None,
        deductions=marks if program.kind == "rubric" else None,
        notes=raw.get("notes", ""),
        applied_level=applied,
        mentor_review=raw.get("mentor_review", ""),
        sources=raw.get("sources"),
    )


def _check_deductions(
    doc: Document, where: tuple[str | int, ...], marks: dict[str, Any], items: dict[str, RubricItem]
) -> list[Problem]:
    problems = []
    for key, value in marks.items():
        spot = (*where, "deductions", key)
        item = items.get(key)
        if item is None:
            hint = did_you_mean(key, items)
            problems.append(doc.problem(spot, "E309", f"方案中没有扣分项“{key}”{hint}", key=True))
        elif not item.ranged and not isinstance(value, int):
            problems.append(
                doc.problem(spot, "E312", f"“{item.label}”是固定扣分项，请填写出现次数（非负整数）")
            )
        elif item.ranged and not isinstance(value, list):
            lo, hi = item.deduction  # type: ignore[misc]
            problems.append(
                doc.problem(
                    spot, "E312", f"“{item.label}”是区间扣分项，请逐次列出扣分，如 [{lo}, {hi}]"
                )
            )
        elif item.ranged:
            lo, hi = item.deduction  # type: ignore[misc]
            for j, each in enumerate(value):
                if not lo <= each <= hi:
                    problems.append(
                        doc.problem(
                            (*spot, j),
                            "E312",
                            f"“{item.label}”每次扣 {lo} 到 {hi} 分，{each} 不在范围内",
                        )
                    )
    return problems


# --- revocations -----------------------------------------------------------


def _revocations(doc: Document | None, problems: list[Problem]) -> list[Revocation]:
    if doc is None:
        return []
    found = schema.check("revocations", doc)
    if found or doc.has_problems:
        problems.extend(found)
        return []
    out = []
    seen: set[str] = set()
    for i, raw in enumerate(doc.data["revocations"]):
        cert = raw["certificate"]
        if cert in seen:
            problems.append(
                doc.problem(("revocations", i, "certificate"), "E317", f"证书 {cert} 重复撤销")
            )
        seen.add(cert)
        out.append(Revocation(cert, dt.date.fromisoformat(raw["revoked_on"]), raw["reason"], i))
    return out
