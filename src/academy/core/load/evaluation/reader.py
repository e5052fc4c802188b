"""Load and check ``evaluation/needs/*.yaml`` and ``evaluation/feedback/*.yaml``.

Problems are appended to the caller's list in the one error format; nothing raises.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection, Mapping
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, TypeVar

from academy.core.errors import Problem
from academy.core.load import schema
from academy.core.load.evaluation.attendance import Attendance, attendance
from academy.core.load.evaluation.improvement import IMPROVEMENT_DIR, read_plan
from academy.core.load.evaluation.metrics import load_metrics
from academy.core.load.evaluation.model import (
    Choice,
    Evaluation,
    Feedback,
    FeedbackResponse,
    NeedsResponse,
    NeedsSurvey,
)
from academy.core.load.evaluation.needs_import import read_responses
from academy.core.load.evaluation.participation import PARTICIPATION_DIR, read_participation
from academy.core.load.evaluation.peer import PEER_DIR, read_peer
from academy.core.load.evaluation.targets import TARGETS_DIR, read_targets
from academy.core.load.files import UnsafePath, check_file, input_files, repo_path
from academy.core.yamlsrc import Document, read_yaml

if TYPE_CHECKING:
    from academy.core.model import Cohort, Program
    from academy.core.validate.plans import Session

NEEDS_DIR = "evaluation/needs"
RESPONSES_FILE = re.compile(r"evaluation/needs/[A-Za-z0-9_.-]+\.(?:csv|xlsx)")
"""Where ``responses_from`` may point: a spreadsheet beside the survey."""
ATTENDANCE_DIR = "evaluation/attendance"
FEEDBACK_DIR = "evaluation/feedback"


T = TypeVar("T")


def _docs(root: Path, folder: str, problems: list[Problem]) -> list[Document]:
    out = []
    # regular files only, never through a link out of the repository (E110)
    for file in input_files(root, root / folder, (".yaml", ".yml"), problems, recursive=False):
        doc, found = read_yaml(file, file.relative_to(root).as_posix())
        problems.extend(found)
        if doc is not None:
            out.append(doc)
    return out


def _valid(name: str, doc: Document, problems: list[Problem]) -> bool:
    found = schema.check(name, doc)
    problems.extend(found)
    return not found and not doc.has_problems


def _choices(
    doc: Document, key: str, raw: list[dict[str, object]], modules: Collection[str] | None
) -> tuple[tuple[Choice, ...], list[Problem]]:
    problems: list[Problem] = []
    seen: set[str] = set()
    out = []
    for i, c in enumerate(raw):
        cid = str(c["id"])
        if cid in seen:
            problems.append(doc.problem((key, i, "id"), "E308", f"编号“{cid}”重复"))
        seen.add(cid)
        mods = tuple(str(m) for m in c.get("modules", []))  # type: ignore[attr-defined]
        for j, m in enumerate(mods):
            if modules is not None and m not in modules:
                problems.append(doc.problem((key, i, "modules", j), "E303", f"未知的课程模块“{m}”"))
        out.append(Choice(cid, str(c["label"]), mods))
    return tuple(out), problems


def survey(
    doc: Document, modules: Collection[str] | None, root: Path
) -> tuple[NeedsSurvey, list[Problem]]:
    data = doc.data
    problems: list[Problem] = []
    if data["survey"] != PurePosixPath(doc.path).stem:
        problems.append(
            doc.problem(("survey",), "E301", f"调研编号“{data['survey']}”与文件名不一致")
        )
    skills, found = _choices(doc, "skills", data["skills"], modules)
    problems += found
    topics, found = _choices(doc, "topics", data.get("topics", []), modules)
    problems += found
    formats = tuple(data.get("formats", []))
    skill_ids, topic_ids = {s.id for s in skills}, {t.id for t in topics}
    responses = []
    for i, r in enumerate(data.get("responses", [])):
        for key in r["skills"]:
            if key not in skill_ids:
                problems.append(
                    doc.problem(
                        ("responses", i, "skills", key),
                        "E309",
                        f"调研中没有技能领域“{key}”",
                        key=True,
                    )
                )
        for j, t in enumerate(r.get("topics", [])):
            if t not in topic_ids:
                problems.append(
                    doc.problem(("responses", i, "topics", j), "E309", f"调研中没有主题“{t}”")
                )
        fmt = r.get("format")
        if fmt is not None and fmt not in formats:
            problems.append(
                doc.problem(("responses", i, "format"), "E206", f"培训形式“{fmt}”不在 formats 中")
            )
        responses.append(
            NeedsResponse(
                r["department"],
                r["position"],
                dict(r["skills"]),
                tuple(r.get("topics", [])),
                fmt,
                dt.date.fromisoformat(r["hired_on"]) if "hired_on" in r else None,
            )
        )
    if "responses_from" in data:
        name = data["responses_from"]
        rel = (PurePosixPath(doc.path).parent / name).as_posix()
        try:  # a data value that names a file: checked before it is opened
            file = repo_path(root, rel, RESPONSES_FILE, "答卷文件")
        except UnsafePath as err:
            problems.append(doc.problem(("responses_from",), "E110", str(err)))
        else:
            if not file.exists():
                problems.append(doc.problem(("responses_from",), "E106", f"找不到答卷文件“{name}”"))
            elif (unreadable := check_file(root, file)) is not None:
                problems.append(
                    doc.problem(("responses_from",), unreadable.code, unreadable.message)
                )
            else:
                responses += read_responses(file, rel, skills, topics, formats, problems)
    return (
        NeedsSurvey(
            data["survey"],
            data["title"],
            dt.date.fromisoformat(data["conducted_on"]),
            skills,
            topics,
            formats,
            tuple(responses),
            doc.path,
        ),
        problems,
    )


def _attended(records: Collection[Attendance], session: str | None, held_on: dt.date) -> int | None:
    """How many attended the session the feedback is about (that day's record when several)."""
    mine = [r for r in records if r.session == session]
    same_day = [r for r in mine if r.date == held_on]
    counted = same_day or (mine if len(mine) == 1 else [])
    return max((len(r.attended) for r in counted), default=None)


def feedback(
    doc: Document, modules: Collection[str] | None, records: Collection[Attendance] = ()
) -> tuple[Feedback, list[Problem]]:
    data = doc.data
    problems: list[Problem] = []
    attended = _attended(records, data.get("session"), dt.date.fromisoformat(data["held_on"]))
    if attended is not None and len(data["responses"]) > attended:
        problems.append(
            doc.problem(
                ("responses", attended),
                "E520",
                f"收到 {len(data['responses'])} 份反馈，但场次“{data['session']}”的出勤记录"
                f"只有 {attended} 人出席；从这一条起多出的反馈没有对应的学员",
            )
        )
    if data["feedback"] != PurePosixPath(doc.path).stem:
        problems.append(
            doc.problem(("feedback",), "E301", f"反馈编号“{data['feedback']}”与文件名不一致")
        )
    module = data.get("module")
    if module is not None and modules is not None and module not in modules:
        problems.append(doc.problem(("module",), "E303", f"未知的课程模块“{module}”"))
    responses = tuple(
        FeedbackResponse(r["content"], r["trainer"], r["usefulness"], r.get("comment", ""))
        for r in data["responses"]
    )
    return (
        Feedback(
            data["feedback"],
            data["title"],
            dt.date.fromisoformat(data["held_on"]),
            data["trainer"],
            responses,
            doc.path,
            module,
            data.get("session"),
        ),
        problems,
    )


def load_evaluation(
    root: Path,
    modules: Collection[str] | None,
    problems: list[Problem],
    sessions: dict[str, Session] | None = None,
    rosters: Mapping[str, Collection[str]] | None = None,
    register: Collection[str] | None = None,
    programs: Mapping[str, Program | None] | None = None,
    cohorts: Mapping[str, Cohort] | None = None,
) -> Evaluation:
    """Every survey and feedback file under ``root/evaluation``; problems appended.

    ``rosters`` (cohort id → its trainees) and ``register`` (the people register's ids,
    None without one) say who a participation record may name; ``programs`` and
    ``cohorts`` what an improvement plan may refer to."""
    surveys = _each(root, NEEDS_DIR, "needs-survey", lambda d: survey(d, modules, root), problems)
    records = _each(root, ATTENDANCE_DIR, "attendance", lambda d: attendance(d, sessions), problems)
    feedbacks = _each(
        root, FEEDBACK_DIR, "feedback", lambda d: feedback(d, modules, records), problems
    )
    metrics = load_metrics(root, problems)
    targets = _each(root, TARGETS_DIR, "targets", lambda d: read_targets(d, sessions), problems)
    participation = _each(
        root,
        PARTICIPATION_DIR,
        "participation",
        lambda d: read_participation(d, sessions, rosters or {}, register),
        problems,
    )
    plans = _each(
        root,
        IMPROVEMENT_DIR,
        "improvement-plan",
        lambda d: read_plan(d, programs, cohorts or {}, register),
        problems,
    )
    peer = _each(root, PEER_DIR, "peer-review", lambda d: read_peer(d, cohorts, programs), problems)
    return Evaluation(
        surveys, feedbacks, tuple(metrics), records, targets, participation, plans, peer
    )


def _each(
    root: Path,
    folder: str,
    kind: str,
    read: Callable[[Document], tuple[T, list[Problem]]],
    problems: list[Problem],
) -> tuple[T, ...]:
    """``read`` every file of ``folder`` that schema ``kind`` accepts; problems appended."""
    out = []
    for doc in _docs(root, folder, problems):
        if _valid(kind, doc, problems):
            value, found = read(doc)
            problems.extend(found)
            out.append(value)
    return tuple(out)
