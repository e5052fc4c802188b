"""Typed needs surveys and feedback, built from valid documents."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from academy.core.load.evaluation.attendance import Attendance
    from academy.core.load.evaluation.improvement import ImprovementPlan
    from academy.core.load.evaluation.metrics import MetricRow
    from academy.core.load.evaluation.participation import Participation
    from academy.core.load.evaluation.peer import PeerRatings
    from academy.core.load.evaluation.targets import Targets


@dataclass(frozen=True)
class Choice:
    id: str
    label: str
    modules: tuple[str, ...] = ()


@dataclass(frozen=True)
class NeedsResponse:
    department: str
    position: str
    skills: dict[str, int]
    topics: tuple[str, ...] = ()
    format: str | None = None
    hired_on: dt.date | None = None


@dataclass(frozen=True)
class NeedsSurvey:
    id: str
    title: str
    conducted_on: dt.date
    skills: tuple[Choice, ...]
    topics: tuple[Choice, ...]
    formats: tuple[str, ...]
    responses: tuple[NeedsResponse, ...]
    path: str


@dataclass(frozen=True)
class FeedbackResponse:
    content: int
    trainer: int
    usefulness: int
    comment: str = ""


@dataclass(frozen=True)
class Feedback:
    id: str
    title: str
    held_on: dt.date
    trainer: str
    responses: tuple[FeedbackResponse, ...]
    path: str
    module: str | None = None
    session: str | None = None


@dataclass(frozen=True)
class Evaluation:
    surveys: tuple[NeedsSurvey, ...] = ()
    feedback: tuple[Feedback, ...] = ()
    metrics: tuple[MetricRow, ...] = ()
    attendance: tuple[Attendance, ...] = ()
    targets: tuple[Targets, ...] = ()  # evaluation/targets/: quantified goals of a plan
    participation: tuple[Participation, ...] = ()  # evaluation/participation/: 过程记录
    improvement: tuple[ImprovementPlan, ...] = ()  # evaluation/improvement/: 个人改进计划
    peer: tuple[PeerRatings, ...] = ()  # evaluation/peer/: 互评 (seed 002)
