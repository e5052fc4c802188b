"""Typed objects built from validated input. Scores and weights are ``Decimal``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

from academy.core.cycle_rules import CyclesRule, Source

from .vocabulary import GROUP_LABELS, CohortKind
from .yamlsrc import Document

REVIEW_BAND = Decimal("1.0")  # a program's review_band when it does not set one (人工复核)

if TYPE_CHECKING:  # the typed parts of a project, each validated by its own module
    from academy.core.errors import Problem
    from academy.core.load.learning_paths import LearningPaths
    from academy.core.load.positions import Positions
    from academy.core.validate.bank import Bank
    from academy.core.validate.corrections import Correction
    from academy.core.validate.people import Register
    from academy.core.validate.plans import Plan

    from .grade.standard_setting import StandardSetting
    from .load.evaluation.model import Evaluation
    from .validate.escalation import Escalation
    from .validate.recognition import Recognition


@dataclass(frozen=True)
class Part:
    """A part of a component given by its parts (日常表现 = 出勤 + 作业 + 导师评价)."""

    id: str
    label: str
    weight: int  # whole percent of the component; the parts' weights sum to 100
    pass_mark: Decimal | None = None  # a gate on the part (e.g. attendance), optional
    from_sessions: bool = False  # attendance computed from the plan's attendance records


@dataclass(frozen=True)
class Component:
    id: str
    label: str
    weight: int
    pass_mark: Decimal | None = None
    parts: tuple[Part, ...] = ()  # optional: the component may be given by its parts


@dataclass(frozen=True)
class RubricItem:
    id: str
    label: str
    category: str
    points: Decimal
    deduction: Decimal | tuple[Decimal, Decimal]  # fixed per incident, or a range

    @property
    def ranged(self) -> bool:
        return isinstance(self.deduction, tuple)


@dataclass(frozen=True)
class Category:
    id: str
    label: str
    items: tuple[RubricItem, ...]

    @property
    def points(self) -> Decimal:
        return sum((i.points for i in self.items), Decimal(0))


@dataclass(frozen=True)
class Level:
    id: str
    label: str
    min_total: Decimal


@dataclass(frozen=True)
class CertificateRule:
    prefix: str
    validity_months: int
    renewal_window_months: int = 1


@dataclass(frozen=True)
class Requirement:
    """docs/guide/people.md: an active certificate of another program, and/or a position."""

    program: str | None = None
    min_level: str | None = None
    positions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Member:
    """One member of a named group: a role (position) and, optionally, who holds it."""

    role: str
    employee: str | None = None  # an id of the people register
    shown: str = ""  # what the site shows: the role and the masked name (客服主管（刘*）)


@dataclass(frozen=True)
class Group:
    """A named group of a program or plan: 考核小组 (seed 004) or 监督小组 (seed 002)."""

    kind: str  # a key of vocabulary.GROUP_LABELS
    members: tuple[Member, ...]
    title: str = ""
    duty: str = ""

    @property
    def label(self) -> str:
        return self.title or GROUP_LABELS[self.kind]

    @property
    def shown(self) -> str:
        """The members as the site lists them (roles, names masked)."""
        return "、".join(m.shown or m.role for m in self.members)


@dataclass(frozen=True)
class Program:
    id: str
    title: str
    path: str
    kind: Literal["weighted", "rubric"]
    decimals: int
    levels: tuple[Level, ...]
    components: tuple[Component, ...] = ()
    categories: tuple[Category, ...] = ()
    certificate: CertificateRule | None = None
    modules: tuple[str, ...] = ()
    description: str = ""
    doc: Document | None = field(default=None, compare=False, repr=False)
    requires: Requirement | None = None
    pay_rise: dict[str, Decimal | int] = field(default_factory=dict)  # level id → percent
    cycles: CyclesRule | None = None  # rubric programs: month → quarter → year (§8)
    sources: tuple[Source, ...] = ()  # rubric programs: the monthly score's sources
    review_band: Decimal = REVIEW_BAND  # results this near a level's min_total: 人工复核
    groups: tuple[Group, ...] = ()  # 考核小组, 监督小组 (academy.core.validate.groups)
    peer_weight: int = 0  # rubric programs: the optional 互评 source's share of the total
    peer_min_raters: int = 3  # fewer peer ratings than this count as none
    targets: tuple[str, ...] = ()  # evaluation/targets/ ids this program is measured by

    @property
    def items(self) -> tuple[RubricItem, ...]:
        return tuple(item for cat in self.categories for item in cat.items)

    def level(self, level_id: str | None) -> Level | None:
        return next((lv for lv in self.levels if lv.id == level_id), None)


# Not frozen: one is made per trainee on every run (20,000 and more), and a frozen
# dataclass sets each field through object.__setattr__ (three times the cost of
# making it). Nothing assigns to one once made; its dict fields made it unhashable.
@dataclass
class Entry:
    """One trainee's line in a roster."""

    index: int  # position in the roster, from 0
    employee_id: str
    name: str
    department: str = ""
    position: str = ""
    certificate: str | None = None  # renewal rosters only
    scores: dict[str, Any] | None = None
    deductions: dict[str, Any] | None = None
    notes: str = ""
    applied_level: str | None = None  # 模板4: the level applied for
    mentor_review: str = ""  # 模板4: the mentor's evaluation
    sources: dict[str, Any] | None = None  # rubric programs with sources: customer…


@dataclass(frozen=True)
class Cohort:
    id: str
    program: str
    kind: CohortKind
    title: str
    assessed_on: dt.date
    issued_on: dt.date
    path: str
    entries: tuple[Entry, ...]
    trainer: str = ""
    location: str = ""
    doc: Document | None = field(default=None, compare=False, repr=False)
    judges: tuple[str, ...] = ()  # names of the judge positions of every judges' list


@dataclass(frozen=True)
class Revocation:
    certificate: str
    revoked_on: dt.date
    reason: str
    index: int


@dataclass(frozen=True)
class ChangelogEntry:
    version: str
    date: dt.date
    changes: str
    relearn: bool = False  # did what a trainee learns change (not only format or tooling)?
    reread: tuple[str, ...] = ()  # the sections to read again (their titles), when relearn


@dataclass(frozen=True)
class Module:
    id: str
    title: str
    version: str
    track: str
    level: str
    duration_hours: Decimal
    objectives: tuple[str, ...]
    prerequisites: tuple[str, ...]
    owner: str
    changelog: tuple[ChangelogEntry, ...]
    body: str
    path: str
    teaches: tuple[str, ...] = ()  # rubric items taught: "<program-id>.<item-id>"
    teaches_sections: tuple[str, ...] = ()  # for each of ``teaches``: the section teaching it
    template: bool = False  # a template a centre fills in (企业文化): marked as such on its page
    keywords: tuple[str, ...] = ()  # how trainees ask for it: shown on the card, searched


@dataclass
class Project:
    """Everything read from a repository, valid and cross-checked."""

    root: str
    programs: dict[str, Program]
    cohorts: list[Cohort]
    revocations: list[Revocation]
    modules: dict[str, Module]
    plans: list[Plan]
    corrections: dict[str, Correction]  # by certificate (rosters/corrections.yaml)
    people: Register
    positions: Positions
    bank: Bank
    evaluation: Evaluation
    paths: LearningPaths
    standard_setting: dict[str, StandardSetting]  # by exam id (modified Angoff)
    escalation: Escalation  # curriculum/escalation.yaml, the one escalation scheme
    recognition: Recognition | None = None  # rosters/recognition.yaml: yearly grades, honours
    plan_warnings: tuple[Problem, ...] = ()  # W501/W502 (academy.core.validate.cadences)
    revocations_doc: Document | None = None
    corrections_doc: Document | None = None

    @property
    def warnings(self) -> list[Problem]:
        """Every W### found in validation: the question bank's and the plans'."""
        return [*self.bank.warnings, *self.plan_warnings]
