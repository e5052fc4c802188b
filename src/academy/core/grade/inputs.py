"""Stage 3's inputs, checked before anything is scored: the practical scenarios, the exam
answers and judges' scoring sheets a roster gives instead of a number (resolved here to
their scores), the judges' panels, the standard-setting files, and the attendance parts
filled in from the plans' attendance records.

None of it depends on the day of a run (rule 4.11, docs/guide/grading-rules.md): a
roster dated after ``--as-of`` gets every problem here that it gets on any other day.
``academy.core.pipeline`` runs these after validation and before grading; every problem
is appended to the caller's list, nothing raises, so that one run reports them all.
"""

from __future__ import annotations

from dataclasses import replace

from academy.core.errors import Problem
from academy.core.grade.attendance_parts import fill_attendance
from academy.core.grade.exam_scoring import resolve_answers
from academy.core.grade.monthly_sources import PEER
from academy.core.grade.panels import check_panel_size
from academy.core.grade.practical import validate_scenarios
from academy.core.grade.standard_setting import validate_standard_settings
from academy.core.load.evaluation.model import Evaluation
from academy.core.load.sources import Sources
from academy.core.model import Cohort, Program, Project


def check_inputs(
    project: Project, sources: Sources, modules: set[str] | None, problems: list[Problem]
) -> Project:
    """The validated ``project`` with its scenarios, exam and sheet scores and standard
    settings; every problem appended to ``problems``. ``modules``: the module names a
    scenario may name (None: no curriculum to check against)."""
    scenarios, broken = validate_scenarios(sources.practical, modules, problems)
    bank = replace(project.bank, scenarios=scenarios, broken_scenarios=broken)
    for cohort in project.cohorts:
        if cohort.doc is not None:
            program = project.programs[cohort.program]
            problems.extend(check_panel_size(cohort.doc, cohort.doc.data, program))
    cohorts = resolve_answers(project.cohorts, project.programs, bank, problems)
    standard_setting = validate_standard_settings(
        sources.standard_setting, bank.exams, bank.broken_exams, problems
    )
    return replace(project, bank=bank, cohorts=cohorts, standard_setting=standard_setting)


def with_attendance(project: Project, evaluation: Evaluation) -> Project:
    """The project with its evaluation, and the attendance parts rosters leave out filled
    in from its attendance records (only once every input is sound)."""
    cohorts = fill_attendance(project.cohorts, project.programs, project.plans, evaluation)
    cohorts = fill_peer(cohorts, project.programs, evaluation)
    return replace(project, cohorts=cohorts, evaluation=evaluation)


def fill_peer(
    cohorts: list[Cohort], programs: dict[str, Program], evaluation: Evaluation
) -> list[Cohort]:
    """The cohorts with each rated trainee's peer mean (互评) in their sources, where the
    program sets ``scoring.peer``; a trainee without enough ratings is left as is."""
    by_cohort = {p.cohort: p for p in evaluation.peer}
    out = []
    for cohort in cohorts:
        program = programs.get(cohort.program)
        ratings = by_cohort.get(cohort.id)
        if program is None or not program.peer_weight or ratings is None:
            out.append(cohort)
            continue
        entries = []
        for entry in cohort.entries:
            mean = ratings.mean(entry.employee_id, program.peer_min_raters)
            if mean is None:
                entries.append(entry)
            else:
                entries.append(replace(entry, sources={**(entry.sources or {}), PEER: mean}))
        out.append(replace(cohort, entries=tuple(entries)))
    return out
