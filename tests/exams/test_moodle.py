"""Moodle GIFT, Moodle XML and Aiken export of each question type, and GIFT re-import."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from academy.cli import main
from academy.core.pipeline import load_project
from academy.core.validate.bank import Question
from academy.exams.moodle import export_aiken, export_gift, export_xml, import_gift
from tests.conftest import REPO, copy_demo

SINGLE = Question(
    id="m-single",
    module="communication",
    type="single",
    use="practice",
    topic="提问",
    difficulty=1,
    stem="客户说：“我的订单号是 A=1{2}”，应该？",
    options=(("A", "直接挂断"), ("B", "复述确认：订单号 A=1{2}")),
    answer="B",
    explanation="复述确认 #1。",
)
MULTIPLE = Question(
    "m-multiple",
    "communication",
    "multiple",
    "practice",
    "倾听",
    2,
    "哪些是倾听动作？",
    (("A", "专注"), ("B", "打断"), ("C", "复述")),
    ("A", "C"),
    explanation="专注与复述。",
)
JUDGE = Question(
    "m-judge", "communication", "judge", "practice", "提问", 1, "先倾听再提问。", (), True
)
FILL = Question(
    "m-fill",
    "communication",
    "fill",
    "practice",
    "提问",
    2,
    "漏斗式提问先用____式问题。",
    (),
    ("开放", "开放式"),
)
SHORT = Question(
    "m-short",
    "communication",
    "short",
    "practice",
    "表达",
    3,
    "简述共情三要素。",
    explanation="说出情绪、说出原因、表示会行动。",
)
ALL = [SINGLE, MULTIPLE, JUDGE, FILL, SHORT]

EXPECTED_GIFT = """\
// 客服学院题库（练习题），GIFT 格式，可导入 Moodle。

$CATEGORY: 客服学院/communication

// topic: 提问
::m-single::客户说：“我的订单号是 A\\=1\\{2\\}”，应该？ {
\t~直接挂断
\t=复述确认：订单号 A\\=1\\{2\\}
\t####复述确认 \\#1。
}

// topic: 倾听
::m-multiple::哪些是倾听动作？ {
\t~%50%专注
\t~%-100%打断
\t~%50%复述
\t####专注与复述。
}

// topic: 提问
::m-judge::先倾听再提问。 {T}

// topic: 提问
::m-fill::漏斗式提问先用____式问题。 {=开放 =开放式}

// topic: 表达
::m-short::简述共情三要素。 {####说出情绪、说出原因、表示会行动。}
"""


def test_gift_export_of_each_type_is_the_expected_text() -> None:
    """Is each type written as Moodle's GIFT documentation shows, specials escaped?"""
    assert export_gift(ALL) == EXPECTED_GIFT


def test_gift_reimport_gives_back_every_question() -> None:
    """Does importing the exported GIFT give the same types, stems, options and answers?"""
    back = import_gift(export_gift(ALL))
    assert [q.id for q in back] == [q.id for q in ALL]
    for original, imported in zip(ALL, back, strict=True):
        assert imported.type == original.type
        assert imported.stem == original.stem
        assert imported.options == [t for _, t in original.options]
        assert imported.explanation == original.explanation
        assert imported.topic == original.topic
        assert imported.category == "客服学院/communication"
    assert back[0].answer == "B"
    assert back[1].answer == ["A", "C"]
    assert back[2].answer is True
    assert back[3].answer == ["开放", "开放式"]


def test_moodle_xml_of_each_type() -> None:
    """Is the Moodle XML well formed, one question element of the right type per question?"""
    root = ET.fromstring(export_xml(ALL))
    assert root.tag == "quiz"
    questions = root.findall("question")
    assert [q.get("type") for q in questions] == [
        "category",
        "multichoice",
        "multichoice",
        "truefalse",
        "shortanswer",
        "essay",
    ]
    assert questions[0].findtext("category/text") == "$course$/客服学院/communication"
    single, multiple, judge, fill, short = questions[1:]
    assert single.findtext("name/text") == "m-single"
    assert single.findtext("questiontext/text") == SINGLE.stem
    assert single.findtext("single") == "true"
    assert [(a.get("fraction"), a.findtext("text")) for a in single.findall("answer")] == [
        ("0", "直接挂断"),
        ("100", "复述确认：订单号 A=1{2}"),
    ]
    assert multiple.findtext("single") == "false"
    assert [a.get("fraction") for a in multiple.findall("answer")] == ["50", "-100", "50"]
    assert [(a.get("fraction"), a.findtext("text")) for a in judge.findall("answer")] == [
        ("100", "true"),
        ("0", "false"),
    ]
    assert [a.findtext("text") for a in fill.findall("answer")] == ["开放", "开放式"]
    assert short.findtext("generalfeedback/text") == SHORT.explanation
    assert single.findtext("tags/tag/text") == "提问"


def test_aiken_has_single_choice_only() -> None:
    """Does Aiken hold just the single-choice questions, with ANSWER lines?"""
    assert export_aiken(ALL) == (
        "客户说：“我的订单号是 A=1{2}”，应该？\nA. 直接挂断\n"
        "B. 复述确认：订单号 A=1{2}\nANSWER: B\n"
    )


def test_thirds_get_moodles_weight() -> None:
    """Is a three-key multiple choice weighted 33.33333 per right option?"""
    three = Question(
        "m3",
        "communication",
        "multiple",
        "practice",
        "t",
        1,
        "?",
        (("A", "a"), ("B", "b"), ("C", "c"), ("D", "d")),
        ("A", "B", "C"),
    )
    assert "~%33.33333%a" in export_gift([three])


def test_whole_practice_bank_round_trips_through_the_commands(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Does the exported practice bank re-import, module by module, into valid bank files?"""
    root = copy_demo(tmp_path / "repo", ("curriculum", "rosters", "evaluation"))
    gift = tmp_path / "communication.gift"
    args = ["bank", "export", "--format", "gift", "--module", "communication", "--root", str(root)]
    assert main([*args, "--out", str(gift)]) == 0
    text = gift.read_text(encoding="utf-8")
    bank = load_project(root).bank
    assert all(f"::{q.id}::" not in text for q in bank.questions.values() if not q.practice)
    assert all(f"::{q.id}::" in text for q in bank.of_module("communication", use="practice"))
    out = tmp_path / "communication.yaml"
    code = main(
        [
            "bank",
            "import",
            str(gift),
            "--module",
            "communication",
            "--out",
            str(out),
            "--root",
            str(root),
        ]
    )
    assert code == 1  # the ids are already in the bank
    assert " E601 " in capsys.readouterr().err
    assert not out.exists()
    renamed = text.replace("::communication-", "::imported-")
    gift.write_text(renamed, encoding="utf-8")
    code = main(
        [
            "bank",
            "import",
            str(gift),
            "--module",
            "communication",
            "--out",
            str(out),
            "--root",
            str(root),
        ]
    )
    assert code == 0, capsys.readouterr().err
    assert out.read_text(encoding="utf-8").count("  - id: imported-") == text.count("\n::")
    for name in ("xml", "aiken"):
        target = tmp_path / f"bank.{name}"
        assert (
            main(["bank", "export", "--format", name, "--out", str(target), "--root", str(REPO)])
            == 0
        )
        assert target.read_text(encoding="utf-8")
