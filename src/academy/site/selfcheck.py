"""Self-checks on module pages and the 学习进度 page, from the bank's practice questions.

Only ``use: practice`` questions are ever passed to a template here; exam questions,
their keys and every short answer's key points or marking guide stay out of ``site/``
(``tests/site/test_selfcheck.py`` searches the built site for them). The answers of
practice questions are public: the self-check script (``docs/assets/javascripts/
selfcheck.js``) checks them in the browser and keeps the progress in localStorage.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from markupsafe import Markup

from academy.core.validate.bank import TYPE_LABELS

from academy.core.validate.bank import Bank

from academy.core.validate.bank import Question
from ..core.model import Module
from ..core.model import Program
from .markdown import page, site_env

PROGRESS_PAGE = "modules/progress.md"
PROGRESS_TITLE = "学习进度"
SELFCHECK_HEADING = "## 自测 { #selfcheck }"


@dataclass(frozen=True)
class _Shown:
    """A practice question as the template needs it; ``key`` is the data-answer value."""

    id: str
    type: str
    label: str
    stem: str
    options: tuple[tuple[str, str], ...]
    key: str | None
    shown: str
    explanation: str


def _shown(q: Question) -> _Shown:
    if not q.practice:  # a guard, not a filter: callers pass practice questions only
        raise ValueError(f"exam question {q.id} must never reach the site")
    key: str | None = None
    shown = ""
    if q.type == "single":
        key = str(q.answer)
        shown = key
    elif q.type == "multiple":
        keys = list(q.answer or ())  # type: ignore[arg-type]
        key = json.dumps(keys)
        shown = "、".join(keys)
    elif q.type == "judge":
        key = "true" if q.answer else "false"
        shown = "对" if q.answer else "错"
    elif q.type == "fill":
        accepted = list(q.answer or ())  # type: ignore[arg-type]
        key = json.dumps(accepted, ensure_ascii=False)
        shown = "、".join(accepted)
    return _Shown(
        q.id, q.type, TYPE_LABELS[q.type], q.stem, q.options, key, shown, q.explanation.strip()
    )


def practice_questions(bank: Bank | None, module_id: str) -> list[Question]:
    if bank is None:
        return []
    return bank.of_module(module_id, use="practice")


def selfcheck_block(bank: Bank | None, module_id: str) -> Markup:
    """The ``## 自测`` section of a module page (empty when it has no practice question)."""
    questions = [_shown(q) for q in practice_questions(bank, module_id)]
    if not questions:
        return Markup("")
    html = (
        site_env()
        .get_template("modules/selfcheck.html.j2")
        .render(module_id=module_id, questions=questions)
    )
    return Markup(f"{SELFCHECK_HEADING}\n\n{html.strip()}\n")


def progress_page(
    modules: list[Module], programs: dict[str, Program], bank: Bank | None
) -> str:
    """学习进度: every module (in learning order), and the paths a trainee can pick."""
    rows = [
        {"module": m, "total": len(practice_questions(bank, m.id))} for m in modules
    ]
    paths = [
        {"id": p.id, "title": p.title, "modules": " ".join(p.modules)}
        for p in sorted(programs.values(), key=lambda p: p.id)
        if p.modules
    ]
    body = (
        site_env().get_template("modules/progress.md.j2").render(rows=rows, paths=paths)
    )
    return page({"title": PROGRESS_TITLE}, body)
