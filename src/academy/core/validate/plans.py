"""Training plans (培训计划表): ``curriculum/plans/<id>.yaml``, validated into typed objects.

A plan groups sessions into cycles (monthly, quarterly, yearly or one-off training,
seed 002); each session is one row of seed 000's 模板2 《培训计划表》. Schema errors
are reported like every other file; cross-references and dates use code E501.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from pathlib import PurePosixPath
from typing import Any, Literal

from academy.core.errors import Problem
from academy.core.load import schema
from academy.core.model import Group, Module, Program
from academy.core.validate.cadences import KIND_LABELS, DayRange, day_range, session_warnings
from academy.core.validate.groups import read_groups
from academy.core.vocabulary import RESERVED_NAMES
from academy.core.yamlsrc import Document

Cadence = Literal["once", "weekly", "monthly", "quarterly", "half-yearly", "yearly"]
CADENCE_LABELS: dict[str, str] = {
    "once": "一次性",
    "weekly": "每周",
    "monthly": "每月",
    "quarterly": "每季度",
    "half-yearly": "每半年",
    "yearly": "每年",
}
# delivery modes: seed 000 (线上 / 线下 / 导师带教) and seed 002 (内部 / 外部 / 在线 / 实地)
MODE_LABELS: dict[str, str] = {
    "online": "线上",
    "offline": "线下",
    "mentoring": "导师带教",
    "internal": "内部培训",
    "external": "外部培训",
    "field": "实地",
}
REPEAT_MONTHS = {"monthly": 1, "quarterly": 3, "half-yearly": 6, "yearly": 12}
TIME_RANGE = re.compile(r"((?:[01][0-9]|2[0-3]):[0-5][0-9])-((?:[01][0-9]|2[0-3]):[0-5][0-9])")
# Plan ids that would collide with the portal's own files under plans/.
RESERVED_PLAN_IDS = frozenset({"index", "calendar"})


@dataclass(frozen=True)
class Cycle:
    id: str
    title: str
    cadence: Cadence
    audience: str
    assessment: str
    program: str | None = None
    modules: tuple[str, ...] = ()
    description: str = ""
    mode: str | None = None
    kind: str | None = None  # kind of training (validate.cadences.KIND_LABELS)
    days: DayRange | None = None  # the range of days its sessions should keep to

    @property
    def cadence_label(self) -> str:
        return CADENCE_LABELS[self.cadence]

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind or "", "")


@dataclass(frozen=True)
class Session:
    """One training session; fields left out in the file are filled from its cycle."""

    id: str
    plan: str
    cycle: Cycle
    title: str
    date: dt.date
    end_date: dt.date
    start: dt.time
    end: dt.time
    location: str
    trainer: str
    audience: str
    modules: tuple[str, ...]
    assessment: str
    cohort: str | None = None
    notes: str = ""
    mode: str | None = None  # delivery mode id (MODE_LABELS)
    repeat: str | None = None  # weekly | monthly | quarterly | half-yearly | yearly
    repeat_until: dt.date | None = None
    launch_on: dt.date | None = None  # new-product training: the product's launch

    @property
    def days(self) -> int:
        return (self.end_date - self.date).days + 1

    @property
    def mode_label(self) -> str:
        return MODE_LABELS.get(self.mode or "", "")

    @property
    def repeat_label(self) -> str:
        if self.repeat is None or self.repeat_until is None:
            return ""
        return f"{CADENCE_LABELS[self.repeat]}重复，至 {self.repeat_until.isoformat()}"

    def occurrence_dates(self) -> list[dt.date]:
        """The start date of every occurrence (one unless the session repeats).

        The n-th occurrence is the first date plus n periods with python-dateutil's
        ``relativedelta``: a day past the month's end becomes its last day (01-31
        monthly: 01-31, 02-28, 03-31), as validity dates do. The .ics writes these
        very dates (``academy.site.ics``), so every calendar shows the same.
        """
        if self.repeat is None or self.repeat_until is None:
            return [self.date]
        from dateutil.relativedelta import relativedelta  # only for repeating sessions

        if self.repeat == "weekly":
            step = relativedelta(weeks=1)
        else:
            step = relativedelta(months=REPEAT_MONTHS[self.repeat])
        out: list[dt.date] = []
        n = 0
        while (day := self.date + step * n) <= self.repeat_until:
            out.append(day)
            n += 1
        return out

    def occurrences(self) -> list[Session]:
        """This session once per occurrence (same id), for calendars."""
        if self.repeat is None:
            return [self]
        span = self.end_date - self.date
        return [replace(self, date=d, end_date=d + span) for d in self.occurrence_dates()]

    @property
    def time_label(self) -> str:
        return f"{self.start:%H:%M}–{self.end:%H:%M}"


@dataclass(frozen=True)
class Plan:
    id: str
    title: str
    path: str
    starts_on: dt.date
    ends_on: dt.date
    published_on: dt.date
    timezone: str
    cycles: tuple[Cycle, ...]
    sessions: tuple[Session, ...]  # in date order
    description: str = ""
    owner: str = ""
    groups: tuple[Group, ...] = ()  # 考核小组, 监督小组
    targets: tuple[str, ...] = ()  # evaluation/targets/ ids the plan is measured by
    template: bool = False  # a template to copy (seed 002 cadences): no calendar, no supervision

    def upcoming(self, as_of: dt.date) -> list[Session]:
        """Sessions not yet over on ``as_of``."""
        return [s for s in self.sessions if s.end_date >= as_of]


def validate_plans(
    docs: list[Document],
    modules: dict[str, Module],
    programs: dict[str, Program],
    cohort_ids: set[str],
    problems: list[Problem],
    warnings: list[Problem] | None = None,
) -> list[Plan]:
    """Check every plan document; append problems (and W501/W502 to ``warnings``),
    return the valid plans by id."""
    plans: list[Plan] = []
    session_seen: dict[str, str] = {}
    for doc in docs:
        found = schema.check("plan", doc)
        if found or doc.has_problems:  # e.g. an impossible date, already reported
            problems.extend(found)
            continue
        checker = _PlanChecker(doc, modules, programs, cohort_ids, session_seen)
        plan = checker.plan()
        problems.extend(checker.problems)
        if warnings is not None:
            warnings.extend(checker.warnings)
        if not checker.problems:
            plans.append(plan)
    return sorted(plans, key=lambda p: (p.starts_on, p.id))


def _time(text: str) -> dt.time:
    hours, minutes = text.split(":")
    return dt.time(int(hours), int(minutes))


class _PlanChecker:
    """Builds one plan while collecting its E501 problems."""

    def __init__(
        self,
        doc: Document,
        modules: dict[str, Module],
        programs: dict[str, Program],
        cohort_ids: set[str],
        session_seen: dict[str, str],
    ) -> None:
        self.doc = doc
        self.modules = modules
        self.programs = programs
        self.cohort_ids = cohort_ids
        self.session_seen = session_seen
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []

    def fail(self, where: tuple[str | int, ...], message: str) -> None:
        self.problems.append(self.doc.problem(where, "E501", message))

    def plan(self) -> Plan:
        data: dict[str, Any] = self.doc.data
        pid = data["id"]
        if pid != PurePosixPath(self.doc.path).stem:
            self.fail(("id",), f"计划编号“{pid}”与文件名不一致")
        if pid in RESERVED_PLAN_IDS:
            self.fail(("id",), f"计划编号不能是“{pid}”（网站已占用这个名字）")
        if pid.lower() in RESERVED_NAMES:
            self.problems.append(
                self.doc.problem(("id",), "E323", f"编号“{pid}”是系统保留名，不能用作文件名")
            )
        starts = dt.date.fromisoformat(data["starts_on"])
        ends = dt.date.fromisoformat(data["ends_on"])
        if ends < starts:
            self.fail(("ends_on",), "计划结束日期不能早于开始日期")
        cycles = self.cycles(data["cycles"])
        sessions = [
            self.session(pid, i, raw, cycles, starts, ends)
            for i, raw in enumerate(data["sessions"])
        ]
        template = bool(data.get("template", False))
        if not sessions and not template:
            self.fail(("sessions",), "计划至少要有一个场次（没有场次的计划请写 template: true）")
        if sessions and template:
            self.fail(("sessions",), "模板（template: true）不写场次：复制为新计划后再填写场次")
        groups, found = read_groups(self.doc, data.get("groups", []))
        self.problems += found
        return Plan(
            id=pid,
            title=data["title"],
            path=self.doc.path,
            starts_on=starts,
            ends_on=ends,
            published_on=dt.date.fromisoformat(data["published_on"]),
            timezone=data.get("timezone", "Asia/Shanghai"),
            cycles=tuple(cycles.values()),
            sessions=tuple(
                sorted((s for s in sessions if s), key=lambda s: (s.date, s.start, s.id))
            ),
            description=data.get("description", ""),
            owner=data.get("owner", ""),
            groups=groups,
            targets=tuple(data.get("targets", [])),
            template=template,
        )

    def check_modules(self, where: tuple[str | int, ...], ids: list[str]) -> None:
        for i, module in enumerate(ids):
            if module not in self.modules:
                self.fail((*where, i), f"未知的课程模块“{module}”")

    def cycles(self, raws: list[dict[str, Any]]) -> dict[str, Cycle]:
        cycles: dict[str, Cycle] = {}
        for i, raw in enumerate(raws):
            cid = raw["id"]
            if cid in cycles:
                self.fail(("cycles", i, "id"), f"周期编号“{cid}”重复")
                continue
            program = raw.get("program")
            if program is not None and program not in self.programs:
                self.fail(("cycles", i, "program"), f"未知的方案“{program}”")
            self.check_modules(("cycles", i, "modules"), raw.get("modules", []))
            days = raw.get("days")
            if days and days.get("min", 0) > days.get("max", days.get("min", 0)):
                self.fail(("cycles", i, "days"), "天数范围的 min 不能大于 max")
            cycles[cid] = Cycle(
                id=cid,
                title=raw["title"],
                cadence=raw["cadence"],
                audience=raw["audience"],
                assessment=raw["assessment"],
                program=program,
                modules=tuple(raw.get("modules", [])),
                description=raw.get("description", ""),
                mode=raw.get("mode"),
                kind=raw.get("kind"),
                days=day_range(raw.get("kind"), days),
            )
        return cycles

    def session(
        self,
        plan_id: str,
        i: int,
        raw: dict[str, Any],
        cycles: dict[str, Cycle],
        starts: dt.date,
        ends: dt.date,
    ) -> Session | None:
        where: tuple[str | int, ...] = ("sessions", i)
        sid = raw["id"]
        if sid in self.session_seen:
            self.fail((*where, "id"), f"场次编号“{sid}”已在 {self.session_seen[sid]} 中使用")
        else:
            self.session_seen[sid] = self.doc.path
        cycle = cycles.get(raw["cycle"])
        if cycle is None:
            self.fail((*where, "cycle"), f"未知的培训周期“{raw['cycle']}”")
            return None
        date = dt.date.fromisoformat(raw["date"])
        end_date = dt.date.fromisoformat(raw["end_date"]) if "end_date" in raw else date
        if end_date < date:
            self.fail((*where, "end_date"), "结束日期不能早于开始日期")
        if not starts <= date <= ends or not starts <= end_date <= ends:
            self.fail((*where, "date"), f"场次日期不在计划期 {starts} 至 {ends} 之内")
        match = TIME_RANGE.fullmatch(raw["time"])
        if match is None:
            self.fail((*where, "time"), f'时间“{raw["time"]}”应写作 "09:00-17:00"（24 小时制）')
            start, end = dt.time(0, 0), dt.time(0, 0)
        else:
            start, end = _time(match.group(1)), _time(match.group(2))
            if end <= start:
                self.fail(
                    (*where, "time"), f"结束时间 {match.group(2)} 应晚于开始时间 {match.group(1)}"
                )
        self.check_modules((*where, "modules"), raw.get("modules", []))
        repeat = raw.get("repeat")
        until = dt.date.fromisoformat(repeat["until"]) if repeat else None
        if until is not None and not date <= until <= ends:
            self.fail((*where, "repeat", "until"), f"重复截止日期应在 {date} 至 {ends} 之间")
        if repeat and end_date != date:
            self.fail((*where, "repeat"), "多日场次不能重复，请分别列出各场次")
        launch = dt.date.fromisoformat(raw["launch_on"]) if "launch_on" in raw else None
        if launch is not None and cycle.kind != "new-product":
            self.fail(
                (*where, "launch_on"), "只有新产品知识培训（kind: new-product）的场次写 launch_on"
            )
        self.warnings += session_warnings(
            self.doc, where, cycle.kind, cycle.days, date, end_date, launch
        )
        cohort = raw.get("cohort")
        if cohort is not None and cohort not in self.cohort_ids:
            self.fail((*where, "cohort"), f"未知的班次“{cohort}”（请先提交名册再填写）")
        return Session(
            id=sid,
            plan=plan_id,
            cycle=cycle,
            title=raw.get("title", cycle.title),
            date=date,
            end_date=end_date,
            start=start,
            end=end,
            location=raw["location"],
            trainer=raw["trainer"],
            audience=raw.get("audience", cycle.audience),
            modules=tuple(raw.get("modules", cycle.modules)),
            assessment=raw.get("assessment", cycle.assessment),
            cohort=cohort,
            notes=raw.get("notes", ""),
            mode=raw.get("mode", cycle.mode),
            repeat=repeat["every"] if repeat else None,
            repeat_until=until,
            launch_on=launch,
        )
