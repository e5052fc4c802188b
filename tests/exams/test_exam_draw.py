"""Drawing exam papers: deterministic per seed, equally weighted and balanced across seeds."""

from __future__ import annotations

import shutil
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from academy.cli import main
from academy.core.pipeline import load_project
from academy.core.validate.bank import Bank
from academy.core.validate.draws import DrawDefinition, draw_paper, read_definition
from academy.core.yamlsrc import read_yaml
from tests.conftest import REPO, copy_demo

DEFINITION = "curriculum/exams/draws/2026-11-theory.yaml"


@pytest.fixture(scope="module")
def drawn() -> tuple[DrawDefinition, Bank]:
    project = load_project(REPO)
    doc, problems = read_yaml(REPO / DEFINITION, DEFINITION)
    assert doc is not None and not problems
    return read_definition(doc, project), project.bank


def test_same_seed_same_paper(drawn: tuple[DrawDefinition, Bank]) -> None:
    """Does one seed always give the very same paper?"""
    definition, bank = drawn
    first = draw_paper(definition, bank, 7)
    again = draw_paper(definition, bank, 7)
    assert [(q.id, p) for q, p in first.items] == [(q.id, p) for q, p in again.items]


def test_other_seeds_give_other_but_equally_weighted_papers(
    drawn: tuple[DrawDefinition, Bank],
) -> None:
    """Do 200 seeds give different papers with the same sections, counts and points?"""
    definition, bank = drawn
    papers = [draw_paper(definition, bank, seed) for seed in range(200)]
    shapes = {tuple((q.type, p) for q, p in paper.items) for paper in papers}
    assert len(shapes) == 1  # 20 single × 2 then 2 short × 30, every time
    assert {paper.total for paper in papers} == {Decimal(100)}
    assert len({tuple(q.id for q, _ in paper.items) for paper in papers}) > 190
    for paper in papers:
        ids = [q.id for q, _ in paper.items]
        assert len(ids) == len(set(ids))
        assert all(q.use == "exam" for q, _ in paper.items)
        assert all(q.difficulty == 3 for q, _ in paper.items if q.type == "short")


def test_every_eligible_question_is_drawn_about_equally_often(
    drawn: tuple[DrawDefinition, Bank],
) -> None:
    """Over 400 seeds, is each eligible question drawn within ±40% of its expected share?"""
    definition, bank = drawn
    counts: Counter[str] = Counter()
    seeds = 400
    for seed in range(seeds):
        counts.update(q.id for q, _ in draw_paper(definition, bank, seed).items)
    for section in definition.sections:
        pool = [q for q in bank.questions.values() if section.accepts(q)]
        expected = seeds * section.count / len(pool)
        for q in pool:
            assert 0.6 * expected <= counts[q.id] <= 1.4 * expected, (q.id, counts[q.id], expected)


def test_draw_writes_a_valid_paper_and_refuses_to_overwrite(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Does the command write a paper that validates, and refuse a second draw over it?"""
    root = copy_demo(tmp_path / "repo", ("curriculum", "rosters", "evaluation"))
    definition = root / DEFINITION
    definition.write_text(
        definition.read_text(encoding="utf-8").replace("id: 2026-11-theory", "id: drawn-paper"),
        encoding="utf-8",
    )
    assert main(["exam", "draw", str(definition), "--seed", "5", "--root", str(root)]) == 0
    paper = root / "curriculum/exams/drawn-paper.yaml"
    assert "seed: 5" in paper.read_text(encoding="utf-8")
    assert main(["validate", "--root", str(root)]) == 0
    before = paper.read_bytes()
    capsys.readouterr()
    assert main(["exam", "draw", str(definition), "--seed", "6", "--root", str(root)]) == 1
    assert f"{DEFINITION}:4:5: E614 " in capsys.readouterr().err
    assert paper.read_bytes() == before


def test_too_few_questions_is_an_error_at_the_count(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Is a section asking for more questions than the bank holds reported at its line?"""
    root = copy_demo(tmp_path / "repo", ("curriculum", "rosters", "evaluation"))
    definition = root / DEFINITION
    text = definition.read_text(encoding="utf-8").replace("id: 2026-11-theory", "id: big")
    definition.write_text(text.replace("count: 20", "count: 200"), encoding="utf-8")
    capsys.readouterr()
    assert main(["exam", "draw", str(definition), "--root", str(root)]) == 1
    err = capsys.readouterr().err
    assert f"{DEFINITION}:12:" in err and " E613 " in err
    assert not (root / "curriculum/exams/big.yaml").exists()


def test_print_writes_paper_and_key_outside_site(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Are the paper (模板3's sections) and the key written, and site/ refused as a target?"""
    root = copy_demo(tmp_path / "repo", ("curriculum", "rosters", "evaluation"))
    out = tmp_path / "print"
    assert main(["exam", "print", "2026-11-theory", "--out", str(out), "--root", str(root)]) == 0
    paper = (out / "2026-11-theory-paper.html").read_text(encoding="utf-8")
    key = (out / "2026-11-theory-answer-key.html").read_text(encoding="utf-8")
    assert "一、单选题（共 20 题，每题 2 分，共 40 分）" in paper
    assert "二、简答题（共 2 题，每题 30 分，共 60 分）" in paper
    assert "合格线" in paper and "是否通过" in paper
    assert "得分要点" in key and "参考答案" in key
    assert "得分要点" not in paper
    assert (
        main(
            ["exam", "print", "2026-11-theory", "--out", str(root / "site/p"), "--root", str(root)]
        )
        == 2
    )
    assert not (root / "site").exists()
    for inside in ("打印/2026-12", "overrides/p", "curriculum/p"):  # the guide's old example
        assert (
            main(
                [
                    "exam",
                    "print",
                    "2026-11-theory",
                    "--out",
                    str(root / inside),
                    "--root",
                    str(root),
                ]
            )
            == 2
        )
        assert not (root / inside).exists()
    assert "在仓库之内" in capsys.readouterr().err
    shutil.rmtree(out)
