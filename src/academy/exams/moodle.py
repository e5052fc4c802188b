"""Moodle interoperability: export the practice bank as GIFT, Moodle XML and Aiken; import GIFT.

Formats as Moodle documents them (docs.moodle.org: GIFT format, Moodle XML format, Aiken
format). Questions keep their ids as Moodle question names, their module as the category
(``客服学院/<module>``), their explanation as general feedback. Mapping of types:

=========  ===================  ===================  ==========
bank       GIFT                 Moodle XML           Aiken
=========  ===================  ===================  ==========
single     ``{=right ~wrong}``  multichoice, single  yes
multiple   ``{~%50%a ~%-100%b}`` multichoice, multi  —
judge      ``{T}`` / ``{F}``    truefalse            —
fill       ``{=a =b}``          shortanswer          —
short      ``{}``               essay                —
=========  ===================  ===================  ==========

``import_gift`` reads what ``export_gift`` writes (and the same subset written by hand).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from academy.core.errors import InputError, Problem
from academy.core.validate.bank import Question

CATEGORY_ROOT = "客服学院"
_GIFT_SPECIAL = re.compile(r"([~=#{}:\\])")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")


def gift_escape(text: str) -> str:
    return _GIFT_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _weight(count: int) -> str:
    """A Moodle answer weight: 100 / count with five decimals, trailing zeros dropped."""
    value = (Decimal(100) / count).quantize(Decimal("0.00001"))
    return format(value.normalize(), "f")


def _gift_question(q: Question) -> str:
    head = f"::{gift_escape(q.id)}::{gift_escape(q.stem)}"
    feedback = f"####{gift_escape(q.explanation)}" if q.explanation else ""
    keys = q.answer if isinstance(q.answer, tuple) else ()
    if q.type == "single":
        lines = [("=" if k == q.answer else "~") + gift_escape(t) for k, t in q.options]
        body = "\n\t".join(lines)
        return f"{head} {{\n\t{body}\n\t{feedback}\n}}" if feedback else f"{head} {{\n\t{body}\n}}"
    if q.type == "multiple":
        right = _weight(len(keys))
        lines = [f"~%{right if k in keys else '-100'}%{gift_escape(t)}" for k, t in q.options]
        body = "\n\t".join(lines)
        return f"{head} {{\n\t{body}\n\t{feedback}\n}}" if feedback else f"{head} {{\n\t{body}\n}}"
    if q.type == "judge":
        return f"{head} {{{'T' if q.answer else 'F'}{feedback}}}"
    if q.type == "fill":
        answers = " ".join(f"={gift_escape(a)}" for a in keys)
        return f"{head} {{{answers}{feedback}}}"
    return f"{head} {{{feedback}}}"


def export_gift(questions: list[Question]) -> str:
    """GIFT text, one ``$CATEGORY`` per module, questions in bank order."""
    out: list[str] = ["// 客服学院题库（练习题），GIFT 格式，可导入 Moodle。", ""]
    module = None
    for q in questions:
        if q.module != module:
            module = q.module
            out += [f"$CATEGORY: {CATEGORY_ROOT}/{module}", ""]
        if q.topic:
            out.append(f"// topic: {' '.join(q.topic.split())}")
        out += [_gift_question(q), ""]
    return "\n".join(out)


def export_aiken(questions: list[Question]) -> str:
    """Aiken text: single-choice questions only (the format has nothing else)."""
    blocks = []
    for q in questions:
        if q.type != "single":
            continue
        lines = [" ".join(q.stem.split())]
        lines += [f"{k}. {' '.join(t.split())}" for k, t in q.options]
        lines.append(f"ANSWER: {q.answer}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def _text(parent: ET.Element, tag: str, value: str, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, tag, attrs)
    ET.SubElement(el, "text").text = value
    return el


def export_xml(questions: list[Question]) -> str:
    """Moodle XML (``<quiz>``), categories per module, plain-text question texts."""
    quiz = ET.Element("quiz")
    module = None
    for q in questions:
        if q.module != module:
            module = q.module
            cat = ET.SubElement(quiz, "question", {"type": "category"})
            _text(cat, "category", f"$course$/{CATEGORY_ROOT}/{module}")
        kind = {
            "single": "multichoice",
            "multiple": "multichoice",
            "judge": "truefalse",
            "fill": "shortanswer",
            "short": "essay",
        }[q.type]
        el = ET.SubElement(quiz, "question", {"type": kind})
        _text(el, "name", q.id)
        _text(el, "questiontext", q.stem, format="plain_text")
        _text(el, "generalfeedback", q.explanation, format="plain_text")
        ET.SubElement(el, "defaultgrade").text = "1"
        if q.topic:
            tags = ET.SubElement(el, "tags")
            _text(tags, "tag", q.topic)
        keys = q.answer if isinstance(q.answer, tuple) else ()
        if q.type in ("single", "multiple"):
            ET.SubElement(el, "single").text = "true" if q.type == "single" else "false"
            ET.SubElement(el, "shuffleanswers").text = "true"
            ET.SubElement(el, "answernumbering").text = "ABCD"
            right = _weight(len(keys)) if q.type == "multiple" else "100"
            for k, t in q.options:
                ok = k == q.answer if q.type == "single" else k in keys
                wrong = "0" if q.type == "single" else "-100"
                _text(el, "answer", t, fraction=right if ok else wrong, format="plain_text")
        elif q.type == "judge":
            _text(el, "answer", "true", fraction="100" if q.answer else "0")
            _text(el, "answer", "false", fraction="0" if q.answer else "100")
        elif q.type == "fill":
            ET.SubElement(el, "usecase").text = "1"
            for a in keys:
                _text(el, "answer", a, fraction="100", format="plain_text")
        else:
            ET.SubElement(el, "responseformat").text = "plain"
            ET.SubElement(el, "responsefieldlines").text = "5"
    ET.indent(quiz)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, "unicode") + "\n"


# --- GIFT import -----------------------------------------------------------


@dataclass
class Imported:
    """A question read from GIFT, as plain data ready for a bank file."""

    id: str
    type: str
    stem: str
    category: str = ""
    topic: str = ""
    options: list[str] = field(default_factory=list)
    answer: object = None
    explanation: str = ""


class GiftError(ValueError):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text).strip()


def _split_unescaped(text: str, marks: str) -> list[tuple[str, str]]:
    """Split ``text`` at unescaped ``marks``; (mark, piece) pairs."""
    parts: list[tuple[str, str]] = []
    mark, buf, i = "", [], 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            buf.append(text[i : i + 2])
            i += 2
            continue
        if ch in marks:
            if buf or mark:
                parts.append((mark, "".join(buf)))
            mark, buf = ch, []
        else:
            buf.append(ch)
        i += 1
    if buf or mark:
        parts.append((mark, "".join(buf)))
    return parts


def _find_unescaped(text: str, ch: str, start: int = 0) -> int:
    i = start
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == ch:
            return i
        i += 1
    return -1


def import_gift(text: str) -> list[Imported]:
    """The questions of a GIFT text (the subset ``export_gift`` writes); ``GiftError`` else."""
    out: list[Imported] = []
    category = ""
    topic = ""
    block: list[str] = []
    start = 0
    lines = text.replace("\r\n", "\n").split("\n")
    for number, line in enumerate([*lines, ""], 1):
        stripped = line.strip()
        if not block and stripped.startswith("$CATEGORY:"):
            category = stripped.split(":", 1)[1].strip()
            continue
        if not block and stripped.startswith("//"):
            if stripped.startswith("// topic:"):
                topic = stripped.split(":", 1)[1].strip()
            continue
        if stripped:
            if not block:
                start = number
            block.append(line)
            continue
        if block:
            out.append(_parse_block("\n".join(block), start, category, topic))
            block, topic = [], ""
    return out


def _parse_block(block: str, line: int, category: str, topic: str) -> Imported:
    title = ""
    body = block.strip()
    if body.startswith("::"):
        end = body.find("::", 2)
        if end < 0:
            raise GiftError(line, "题目名称缺少结尾的 ::")
        title, body = _unescape(body[2:end]), body[end + 2 :]
    open_at = _find_unescaped(body, "{")
    close_at = _find_unescaped(body, "}", open_at + 1) if open_at >= 0 else -1
    if open_at < 0 or close_at < 0:
        raise GiftError(line, "缺少用 { } 括起来的答案")
    stem = _unescape(body[:open_at])
    inner = body[open_at + 1 : close_at].strip()
    explanation = ""
    feedback_at = inner.find("####")
    while feedback_at > 0 and inner[feedback_at - 1] == "\\":
        feedback_at = inner.find("####", feedback_at + 1)
    if feedback_at >= 0:
        inner, explanation = inner[:feedback_at].strip(), _unescape(inner[feedback_at + 4 :])
    q = Imported(id=title, type="short", stem=stem, category=category, topic=topic)
    q.explanation = explanation
    if not inner:
        return q
    if inner in ("T", "TRUE", "F", "FALSE"):
        q.type, q.answer = "judge", inner.startswith("T")
        return q
    pieces = _split_unescaped(inner, "=~")
    if all(mark == "=" for mark, _ in pieces):
        q.type, q.answer = "fill", [_unescape(p) for _, p in pieces]
        return q
    weighted = [p for mark, p in pieces if mark == "~" and p.lstrip().startswith("%")]
    if weighted:
        q.type = "multiple"
        keys = []
        for i, (mark, piece) in enumerate(pieces):
            m = re.match(r"\s*%(-?[0-9.]+)%(.*)", piece, re.S)
            if mark != "~" or not m:
                raise GiftError(line, "多选题的每个选项都要写成 ~%权重%选项")
            q.options.append(_unescape(m.group(2)))
            if Decimal(m.group(1)) > 0:
                keys.append(chr(65 + i))
        q.answer = keys
        return q
    q.type = "single"
    right = [i for i, (mark, _) in enumerate(pieces) if mark == "="]
    if len(right) != 1:
        raise GiftError(line, "单选题应有且只有一个以 = 开头的正确选项")
    q.options = [_unescape(p) for _, p in pieces]
    q.answer = chr(65 + right[0])
    return q


def imported_to_yaml(questions: list[Imported], module: str, use: str) -> str:
    """A bank file (FORMATS.md §10.1) for ``module`` from imported questions."""
    import json

    def s(value: str) -> str:
        return json.dumps(value, ensure_ascii=False)

    lines = [
        "# yaml-language-server: $schema=../../src/academy/schemas/question-bank.v1.json",
        "# 由 academy bank import 从 GIFT 导入；请补充 topic 和 difficulty 后再使用。",
        f"module: {module}",
        "questions:",
    ]
    for n, q in enumerate(questions, 1):
        qid = q.id if _SLUG.match(q.id) else f"{module}-gift-{n:03d}"
        lines += [f"  - id: {qid}", f"    type: {q.type}", f"    use: {use}"]
        if q.topic:
            lines.append(f"    topic: {s(q.topic)}")
        lines.append(f"    stem: {s(q.stem)}")
        if q.options:
            lines.append("    options:")
            lines += [f"      {chr(65 + i)}: {s(t)}" for i, t in enumerate(q.options)]
        if q.type == "single":
            lines.append(f"    answer: {q.answer}")
        elif q.type == "multiple":
            keys = q.answer if isinstance(q.answer, (list, tuple)) else ()
            lines.append(f"    answer: [{', '.join(keys)}]")
        elif q.type == "judge":
            lines.append(f"    answer: {'true' if q.answer else 'false'}")
        elif q.type == "fill":
            accepted = q.answer if isinstance(q.answer, (list, tuple)) else ()
            lines.append(f"    answer: [{', '.join(s(a) for a in accepted)}]")
        elif use == "exam":
            lines.append(f"    key_points: [{s('（请填写得分要点）')}]")
        if q.explanation:
            lines.append(f"    explanation: {s(q.explanation)}")
    return "\n".join(lines) + "\n"


def import_into_bank(root: Path, file: Path, module: str, use: str, out: Path) -> int:
    """Read GIFT, write a bank file for ``module`` that validates; every problem as errors."""
    from academy.core.pipeline import load_project
    from academy.core.validate.bank import validate_questions
    from academy.core.yamlsrc import parse_text

    project = load_project(root)
    shown = file.as_posix()
    try:
        text = file.read_bytes().decode("utf-8").removeprefix("\ufeff")
    except (OSError, UnicodeDecodeError):
        raise InputError([Problem(shown, 1, 1, "E106", "文件无法读取或不是 UTF-8 编码")]) from None
    try:
        questions = import_gift(text)
    except GiftError as err:
        raise InputError([Problem(shown, err.line, 1, "E100", f"GIFT 格式错误：{err}")]) from None
    if module not in project.modules:
        raise InputError([Problem(shown, 1, 1, "E303", f"未知的课程模块“{module}”")])
    if out.exists():
        raise InputError([Problem(out.as_posix(), 1, 1, "E614", "输出文件已存在，不能覆盖")])
    yaml_text = imported_to_yaml(questions, module, use)
    doc, found = parse_text(yaml_text, out.as_posix())
    if doc is None or found:
        raise InputError(found)
    problems: list[Problem] = []
    bank = project.extras["bank"]
    new, _ = validate_questions([doc], None, problems)
    for qid in new:
        if qid in bank.questions:
            problems.append(Problem(shown, 1, 1, "E601", f"题目编号“{qid}”已在题库中"))
    if problems:
        raise InputError(problems)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(yaml_text, encoding="utf-8")
    return len(new)
