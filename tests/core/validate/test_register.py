"""The people register (§7.1) and program requirements (§7.2), as `academy validate` says."""

from __future__ import annotations

import pytest

from academy.cli import main
from tests.support.hrrepo import ADV, INT, HrRepo, person, t


def problems(hrepo: HrRepo, capsys: pytest.CaptureFixture[str]) -> list[str]:
    capsys.readouterr()
    code = main(["validate", "--root", str(hrepo.root)])
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if ": E" in line]
    assert (code == 0) == (not lines), err
    return lines


def test_register_in_several_files_is_merged(
    hrepo: HrRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    """rosters/people/<dept>.yaml files merge; rosters may then omit names."""
    hrepo.people(person("A1"), file="rosters/people/cs-1.yaml")
    hrepo.people(person("B1", mentor="A1"), file="rosters/people/cs-2.yaml")
    hrepo.write(
        "rosters/c1.yaml",
        "cohort: c1\nprogram: cs\nassessed_on: 2024-03-10\ntrainees:\n"
        '  - id: "A1"\n    scores: {theory: 90, practical: 90, daily: 90}\n'
        '  - id: "B1"\n    scores: {theory: 90, practical: 90, daily: 90}\n',
    )
    assert problems(hrepo, capsys) == []
    outcome = hrepo.grade()
    assert [r.entry.name for r in outcome.results] == ["学员A1", "学员B1"]


def test_duplicate_person_across_files(hrepo: HrRepo, capsys: pytest.CaptureFixture[str]) -> None:
    """The same id in two department files is one error, naming the first place."""
    hrepo.people(person("A1"), file="rosters/people/cs-1.yaml")
    hrepo.people(person("A1"), file="rosters/people/cs-2.yaml")
    lines = problems(hrepo, capsys)
    assert lines == [
        "rosters/people/cs-2.yaml:2:9: E333 员工 A1 在人员名册中重复"
        "（rosters/people/cs-1.yaml 第 2 行已有）"
    ]


def test_roster_id_not_in_register(hrepo: HrRepo, capsys: pytest.CaptureFixture[str]) -> None:
    hrepo.people(person("A1"))
    hrepo.roster("c1", t("A1", ADV) + t("Z9", ADV))
    lines = problems(hrepo, capsys)
    assert len(lines) == 1 and lines[0].startswith("rosters/c1.yaml:12:9: E331 ")


def test_name_differs_from_register_names_both_places(
    hrepo: HrRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    """A roster name that differs is an error naming the roster line and the register line."""
    hrepo.people(person("A0"), person("A1"))
    hrepo.write(
        "rosters/c1.yaml",
        "cohort: c1\nprogram: cs\nassessed_on: 2024-03-10\ntrainees:\n"
        '  - id: "A1"\n    name: 张三\n    scores: {theory: 90, practical: 90, daily: 90}\n',
    )
    lines = problems(hrepo, capsys)
    assert lines == [
        "rosters/c1.yaml:6:11: E332 姓名“张三”与人员名册不一致："
        "rosters/people.yaml:8 写的是“学员A1”"
    ]


def test_department_and_position_may_differ(
    hrepo: HrRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    """Department and position in a roster record the situation then: no error."""
    hrepo.people(person("A1", position="资深客服"))
    hrepo.roster("c1", t("A1", ADV, department="客服二部", position="客服专员"))
    assert problems(hrepo, capsys) == []


def test_unknown_position(hrepo: HrRepo, capsys: pytest.CaptureFixture[str]) -> None:
    hrepo.people(person("A1", position="大堂经理"))
    hrepo.roster("c1", t("A1", ADV, position="资深专员"))
    codes = [line.split(": ")[1].split()[0] for line in problems(hrepo, capsys)]
    assert codes == ["E330", "E330"]


def test_requirement_not_met_names_the_missing_certificate(
    hrepo: HrRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    """A junior holder entered for the senior certification: error at the entry, at validation."""
    hrepo.people(person("A1"), person("A2"))
    hrepo.roster("c1", t("A1", INT) + t("A2", ("65", "65", "65")), assessed="2024-03-10")
    hrepo.roster("s1", t("A1", ADV) + t("A2", ADV), program="senior", assessed="2024-05-10")
    lines = problems(hrepo, capsys)
    assert len(lines) == 1
    assert lines[0].startswith("rosters/s1.yaml:12:9: E335 员工 A2 在考核日 2024-05-10 没有")
    assert "中级及以上的有效证书" in lines[0] and "CS2024002" in lines[0]


def test_requirement_judged_on_the_assessment_day(
    hrepo: HrRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    """valid_until 2025-03-10: met when assessed that day, not met the day after."""
    hrepo.people(person("A1"))
    hrepo.roster("c1", t("A1", ADV), assessed="2024-03-10")
    hrepo.roster("s1", t("A1", ADV), program="senior", assessed="2025-03-10")
    assert problems(hrepo, capsys) == []
    hrepo.roster("s1", t("A1", ADV), program="senior", assessed="2025-03-11")
    assert [line.split(": ")[1][:4] for line in problems(hrepo, capsys)] == ["E335"]


def test_requirement_on_position(hrepo: HrRepo, capsys: pytest.CaptureFixture[str]) -> None:
    """requires.positions: the entry's own position when given, else the register's."""
    program = (hrepo.root / "curriculum/programs/senior.yaml").read_text(encoding="utf-8")
    hrepo.program(
        "senior",
        program.replace(
            "  certificate: {program: cs, min_level: intermediate}\n",
            "  certificate: {program: cs, min_level: intermediate}\n  positions: [客服专员]\n",
        ),
    )
    hrepo.people(person("A1"), person("A2", position="客服主管"))
    hrepo.roster("c1", t("A1", ADV) + t("A2", ADV), assessed="2024-03-10")
    hrepo.roster(
        "s1",
        t("A1", ADV, position="资深客服") + t("A2", ADV),
        program="senior",
        assessed="2024-05-10",
    )
    lines = problems(hrepo, capsys)
    assert [line.split(": ")[0] for line in lines] == [
        "rosters/s1.yaml:8:15",
        "rosters/s1.yaml:13:9",
    ]
    assert all(": E335 " in line for line in lines)


def test_renewal_rosters_are_not_checked_for_requirements(
    hrepo: HrRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    """A renewal keeps its certificate: requires applies to certification rosters only."""
    hrepo.people(person("A1"))
    hrepo.roster("c1", t("A1", ADV), assessed="2024-03-10")
    hrepo.roster("s1", t("A1", ADV), program="senior", assessed="2024-05-10")
    hrepo.roster(
        "r1",
        t("A1", ADV, certificate="SR2024001"),
        program="senior",
        kind="renewal",
        assessed="2026-04-01",
    )
    assert problems(hrepo, capsys) == []


def test_bad_requires_and_pay_rise(hrepo: HrRepo, capsys: pytest.CaptureFixture[str]) -> None:
    program = (hrepo.root / "curriculum/programs/senior.yaml").read_text(encoding="utf-8")
    hrepo.program(
        "senior",
        program.replace("min_level: intermediate", "min_level: master").replace(
            "pay_rise: {pass: 12}", "pay_rise: {gold: 12}"
        ),
    )
    codes = [line.split(": ")[1][:4] for line in problems(hrepo, capsys)]
    assert codes == ["E336", "E336"]


def test_no_register_keeps_old_repositories_working(
    hrepo: HrRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without rosters/people*, rosters are not checked against a register (back compatible)."""
    hrepo.roster("c1", t("Z1", ADV))
    assert problems(hrepo, capsys) == []
