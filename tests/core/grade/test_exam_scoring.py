"""Auto-scoring of exam answers in a roster (docs/guide/question-bank.md), read through
``academy grade``."""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from academy.cli import main
from academy.core.grade.exam_scoring import ExamScore
from tests.support.minirepo import MiniRepo

DATA = Path(__file__).resolve().parents[2] / "data" / "bank"
BANK = (DATA / "communication.yaml").read_text(encoding="utf-8")
PAPER = (DATA / "paper.yaml").read_text(encoding="utf-8")
TOTAL = 60  # points on the paper: 10 + 9 + 5 + 6 + 30


def setup_bank(repo: MiniRepo, paper: str = PAPER) -> None:
    repo.write("curriculum/questions/communication.yaml", BANK)
    repo.write("curriculum/exams/paper.yaml", paper)


def sitting(answers: str, short: str = "{}", *, exam: str = "paper") -> str:
    return (
        '- id: "A1"\n  name: 学员\n  scores:\n'
        f"    theory: {{exam: {exam}, answers: {answers}, short: {short}}}\n"
        "    practical: 80\n    daily: 80\n"
    )


def theory(repo: MiniRepo) -> ExamScore:
    outcome = repo.grade()
    value = outcome.project.cohorts[0].entries[0].scores["theory"]  # type: ignore[index]
    assert isinstance(value, ExamScore)
    return value


FULL = "{c-single: B, c-multiple: [A, C, D], c-judge: false, c-fill: 五步法}"


@pytest.mark.parametrize(
    ("answers", "short", "earned"),
    [
        (FULL, "{c-short: [30, 30]}", 60),
        ("{}", "{}", 0),  # blank: everything 0
        ("{c-single: A}", "{}", 0),  # wrong option
        ("{c-single: B}", "{}", 10),
        ("{c-judge: true}", "{}", 0),
        ("{c-judge: false}", "{}", 5),
        ("{c-fill: 五步法}", "{}", 6),
        ('{c-fill: "\u3000五步法 "}', "{}", 6),  # surrounding whitespace, U+3000 included
        ("{c-fill: 5步法}", "{}", 6),  # any accepted answer
        ("{c-fill: 五步法。}", "{}", 0),  # no folding of any kind
        ("{c-fill: ５步法}", "{}", 0),  # full-width digit is not folded
        ("{c-multiple: [A, C, D]}", "{}", 9),
        ("{c-multiple: [D, C, A]}", "{}", 9),  # order does not matter
        ("{c-multiple: [A, C]}", "{}", 0),  # partial, credit none
        ("{c-multiple: [A, B, C, D]}", "{}", 0),
        ("{}", "{c-short: [20, 25, 27]}", 24),  # mean of the judges
        ("{}", "{c-short: [0]}", 0),
        ("{c-short: 先接纳情绪……}", "{c-short: [30]}", 30),  # written answer kept, judges score
        ("{c-short: 先接纳情绪……}", "{}", 0),
    ],
)
def test_each_type_full_partial_wrong_blank(
    repo: MiniRepo, answers: str, short: str, earned: int
) -> None:
    """Does each question earn its points exactly as §10.3.1 says, for every type?"""
    setup_bank(repo)
    repo.roster("c1", sitting(answers, short))
    score = theory(repo)
    assert score.points == earned
    assert score.score == Fraction(100 * earned, TOTAL)


@pytest.mark.parametrize(
    ("answers", "earned"),
    [
        ("{c-multiple: [A, C]}", Fraction(6)),  # 9 × 2/3
        ("{c-multiple: [A]}", Fraction(3)),
        ("{c-multiple: [A, C, D]}", Fraction(9)),
        ("{c-multiple: [A, B]}", Fraction(0)),  # any wrong key: 0
        ("{c-multiple: []}", Fraction(0)),
    ],
)
def test_multiple_proportional_credit(repo: MiniRepo, answers: str, earned: Fraction) -> None:
    """With ``multiple_credit: proportional``, is a partial choice worth its share?"""
    setup_bank(repo, PAPER.replace("multiple_credit: none", "multiple_credit: proportional"))
    repo.roster("c1", sitting(answers))
    assert theory(repo).points == earned


def test_short_answer_mean_is_exact(repo: MiniRepo) -> None:
    """Is a mean of judges' points kept exact (no rounding to the paper's decimals)?"""
    setup_bank(repo)
    repo.roster("c1", sitting("{}", "{c-short: [30, 30, 29]}"))
    assert theory(repo).points == Fraction(89, 3)
    assert theory(repo).score == Fraction(100 * 89, 3 * TOTAL)


def test_blank_exam_counts_as_given_and_absent_stays_absent(
    repo: MiniRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    """Is an exam entry without answers graded (0, failed), and absent still absent?"""
    setup_bank(repo)
    repo.roster(
        "c1",
        '- id: "A1"\n  name: 甲\n  scores: {theory: {exam: paper}, practical: 90, daily: 90}\n'
        '- id: "A2"\n  name: 乙\n  scores: {theory: absent, practical: 90, daily: 90}\n',
    )
    assert main(["grade", "--root", str(repo.root), "--as-of", "2024-06-01", "--json"]) == 0
    results = json.loads(capsys.readouterr().out)["results"]
    assert [(r["total"], r["status"]) for r in results] == [(54.0, "failed"), (54.0, "failed")]
    outcome = repo.grade()
    assert outcome.results[1].score.absent == ("theory",)
    assert outcome.results[0].score.absent == ()


def test_json_output_keeps_its_shape(repo: MiniRepo, capsys: pytest.CaptureFixture[str]) -> None:
    """Does ``grade --json`` print the same keys for an auto-scored trainee as for a typed score?"""
    setup_bank(repo)
    repo.roster("c1", sitting(FULL, "{c-short: [30, 30]}"))
    assert main(["grade", "--root", str(repo.root), "--as-of", "2024-06-01", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert list(data) == ["as_of", "results", "certificates"]
    result = data["results"][0]
    assert list(result) == [
        "cohort",
        "program",
        "kind",
        "employee_id",
        "total",
        "level",
        "status",
        "certificate",
    ]
    assert result["total"] == 88.0  # 0.4 × 100 + 0.4 × 80 + 0.2 × 80
    assert result["status"] == "certified"


def test_component_is_not_rounded_before_the_total(repo: MiniRepo) -> None:
    """Does an exact theory of 59.95 count as 60.0 at the gate but 59.95 in the total?

    Rounding the component first would give 0.4 × 60 + 0.4 × 80 + 0.2 × 70.25 = 70.05 → 70.1;
    the exact rule gives 23.98 + 32 + 14.05 = 70.03 → 70.0.
    """
    paper = (
        "id: paper\nprogram: cs\ncomponent: theory\nquestions:\n  - {id: c-short, points: 100}\n"
    )
    setup_bank(repo, paper)
    repo.roster(
        "c1",
        '- id: "A1"\n  name: 甲\n  scores:\n'
        "    theory: {exam: paper, short: {c-short: [60, 59.9]}}\n"
        "    practical: 80\n    daily: 70.25\n",
    )
    result = repo.grade().results[0]
    assert result.score.total == Decimal("70.0")
    assert result.score.gates_missed == ()  # 59.95 shows and counts as 60.0


def test_total_is_exact_rational_not_decimal(repo: MiniRepo) -> None:
    """Do thirds from an exam and a judges' panel add up exactly (70.05 → 70.1)?

    theory 100 × 1/3, practical (100 + 95 + 95)/3, daily 90.25:
    (40 × 100/3 + 40 × 290/3 + 20 × 90.25) / 100 = 70.05 exactly.
    """
    paper = (
        "id: paper\nprogram: cs\ncomponent: theory\nquestions:\n"
        "  - {id: c-judge, points: 1}\n  - {id: c-judge-2, points: 1}\n"
        "  - {id: c-judge-3, points: 1}\n"
    )
    setup_bank(repo, paper)
    repo.roster(
        "c1",
        '- id: "A1"\n  name: 甲\n  scores:\n'
        "    theory: {exam: paper, answers: {c-judge: false, c-judge-2: true}}\n"
        "    practical: [100, 95, 95]\n    daily: 90.25\n",
    )
    result = repo.grade().results[0]
    assert result.score.total == Decimal("70.1")
    assert result.score.gates_missed == ("theory",)


ERRORS = [  # answers, short, code, the text the error must point at
    ("{c-single: [B]}", "{}", "E609", "[B]"),  # a list for a single question
    ("{c-single: b}", "{}", "E610", "b}"),  # keys are case-sensitive
    ("{c-single: E}", "{}", "E610", "E}"),
    ("{c-multiple: [A, X]}", "{}", "E610", "[A, X]"),
    ("{c-judge: 对}", "{}", "E609", "对"),
    ("{c-judge: 'true'}", "{}", "E609", "'true'"),
    ("{c-practice: A}", "{}", "E608", "c-practice"),  # not on the paper
    ("{c-short: [好]}", "{}", "E609", "[好]"),
    ("{}", "{c-short: []}", "E611", "[]"),
    ("{}", "{c-short: [31]}", "E612", "31"),
    ("{}", "{c-short: [10, -1]}", "E612", "-1"),
    ("{}", "{c-single: [1]}", "E609", "[1]"),
    ("{}", "{nope: [1]}", "E608", "nope"),
]


@pytest.mark.parametrize(("answers", "short", "code", "marker"), ERRORS)
def test_bad_answers_are_reported_with_file_and_line(
    repo: MiniRepo,
    capsys: pytest.CaptureFixture[str],
    answers: str,
    short: str,
    code: str,
    marker: str,
) -> None:
    """Is every bad answer of §10.3.3 an error at its line and column, with nothing written?"""
    setup_bank(repo)
    path = repo.roster("c1", sitting(answers, short))
    line_no, text = next(
        (n, t)
        for n, t in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "exam:" in t
    )
    column = text.rindex(marker) + 1
    capsys.readouterr()
    assert main(["grade", "--root", str(repo.root), "--as-of", "2024-06-01"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"rosters/c1.yaml:{line_no}:{column}: {code} "), err
    assert err.count(": E6") == 1
    assert not repo.ledger.exists()


@pytest.mark.parametrize(
    ("exam", "component", "code"),
    [("nope", "theory", "E606"), ("paper", "practical", "E607")],
)
def test_unknown_exam_or_other_component(
    repo: MiniRepo, capsys: pytest.CaptureFixture[str], exam: str, component: str, code: str
) -> None:
    """Are an unknown paper and a paper of another component errors at the exam's line?"""
    setup_bank(repo)
    repo.roster(
        "c1",
        '- id: "A1"\n  name: 甲\n  scores:\n'
        f"    {component}: {{exam: {exam}}}\n"
        f"    {'theory' if component != 'theory' else 'practical'}: 80\n    daily: 80\n",
    )
    capsys.readouterr()
    assert main(["validate", "--root", str(repo.root)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("rosters/c1.yaml:9:") and f": {code} " in err, err


def test_exam_of_another_program(repo: MiniRepo, capsys: pytest.CaptureFixture[str]) -> None:
    """Is a paper written for another program refused in this program's roster?"""
    setup_bank(repo)
    other = (repo.root / "curriculum/programs/cs.yaml").read_text(encoding="utf-8")
    repo.program("cs2", other.replace("id: cs", "id: cs2").replace("prefix: CS", "prefix: CT"))
    repo.roster("c1", sitting("{}"), program="cs2")
    capsys.readouterr()
    assert main(["validate", "--root", str(repo.root)]) == 1
    assert ": E607 " in capsys.readouterr().err
