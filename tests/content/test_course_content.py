"""The course content agrees with itself, with the portal and with the data (issue 22).

The files are read here as a reviewer reads them (PyYAML, the Markdown text, regular
expressions for headings), and the generated pages are checked against numbers worked
out here from the program files, not against the generator's own helpers.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from academy.cli import main
from academy.core.pipeline import load_project
from academy.site import modules as module_pages
from academy.site import programs as program_pages
from academy.site.common import SiteContext
from tests.conftest import REPO

MODULES = REPO / "curriculum" / "modules"
QUESTIONS = REPO / "curriculum" / "questions"
TIER_NAME = re.compile(r"(?<![第每哪同高低上下])([一二三四五六七八九])级(?!以上|以下|客服|专员)")
RETIRED = ("一般投诉", "重要投诉", "重大投诉")
HEADING = re.compile(r"^#{2,6}[ \t]+(.+?)(?:[ \t]*\{[^}]*\})?[ \t]*$", re.MULTILINE)


def _front(path: Path) -> tuple[dict[str, Any], str]:
    text = path.read_text(encoding="utf-8")
    _, head, body = text.split("---\n", 2)
    data = yaml.safe_load(head)
    assert isinstance(data, dict)
    return data, body


def _headings(body: str) -> set[str]:
    without_code = re.sub(r"^```.*?^```", "", body, flags=re.MULTILINE | re.DOTALL)
    return {m.group(1).strip() for m in HEADING.finditer(without_code)}


def _yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _tiers() -> list[dict[str, Any]]:
    tiers: list[dict[str, Any]] = _yaml(REPO / "curriculum" / "escalation.yaml")["tiers"]
    return tiers


def _texts() -> list[tuple[str, str]]:
    """(where, text) for every module body and every question field a trainee reads."""
    out = [(p.name, _front(p)[1]) for p in sorted(MODULES.glob("*.md"))]
    for path in sorted(QUESTIONS.glob("*.yaml")):
        for q in _yaml(path)["questions"]:
            parts = [q["stem"], q.get("explanation", ""), *(q.get("key_points") or [])]
            parts += [str(v) for v in (q.get("options") or {}).values()]
            out.append((q["id"], "\n".join(parts)))
    return out


@pytest.fixture(scope="module")
def project() -> Any:
    return load_project(REPO)


@pytest.fixture(scope="module")
def pages(project: Any) -> dict[str, str]:
    ctx = SiteContext(root=REPO, as_of=dt.date(2026, 11, 23))
    made = module_pages.pages(
        project.modules,
        project.programs,
        project.plans,
        ctx,
        project.bank,
        project.paths,
        project.escalation,
    )
    for pid, program in project.programs.items():
        made[f"programs/{pid}.md"] = program_pages.program_page(
            program, project.modules, project.plans, project.cohorts, set()
        )
    return made


# --- 1. one escalation scheme -----------------------------------------------


def test_escalation_tiers_are_called_by_the_tables_names_only() -> None:
    """Does every module and question name escalation tiers only as the table does?"""
    labels = {t["label"] for t in _tiers()}
    assert labels == {"一级", "二级", "三级"}
    for where, text in _texts():
        for retired in RETIRED:
            assert retired not in text, f"{where}: {retired}"
        for m in TIER_NAME.finditer(text):
            assert m.group(0) in labels, f"{where}: {m.group(0)}"


def test_compensation_grades_are_not_tier_names() -> None:
    """Are complaint-handling's compensation grades named apart from the tiers (甲/乙/丙档)?"""
    _, body = _front(MODULES / "complaint-handling.md")
    table = body[body.index("## 补偿标准的原则") : body.index("## 常见投诉场景")]
    rows = [line.split("|")[1].strip() for line in table.splitlines() if line.startswith("| ")]
    assert rows[2:] == ["甲档", "乙档", "丙档"]


def test_the_table_is_taught_in_emergency_response_and_referred_to_elsewhere(
    pages: dict[str, str],
) -> None:
    """Is the tier table written once (emergency-response) and shown there with its data,
    while the other modules link to it?"""
    users = [p.stem for p in MODULES.glob("*.md") if "escalation_table()" in p.read_text("utf-8")]
    assert users == ["emergency-response"]
    page = pages["modules/emergency-response.md"]
    assert "## 分级与升级链 { #escalation }" in page
    for tier in _tiers():
        row = next(line for line in page.splitlines() if line.startswith(f"| **{tier['label']}**"))
        assert tier["owner"] in row and tier["report_within"] in row
        assert row.rstrip(" |").endswith(tier["ticket_priority"])
    for name in ("after-sales-policy", "complaint-handling", "ticket-crm", "consumer-law"):
        assert "emergency-response.md#escalation" in pages[f"modules/{name}.md"], name
    assert "{{" not in "".join(pages.values())  # every macro was filled in


def test_the_two_keys_that_disagreed_now_agree() -> None:
    """Do after-sales-policy-013 and the emergency-response questions key one scheme?"""
    bank = {q["id"]: q for p in QUESTIONS.glob("*.yaml") for q in _yaml(p)["questions"]}
    assert any("三级" in k for k in bank["after-sales-policy-013"]["key_points"])
    assert "三级" in bank["after-sales-policy-005"]["explanation"]
    second = next(t for t in _tiers() if t["label"] == "二级")
    assert second["owner"] == "值班主管" and "15 分钟" in second["report_within"]
    assert bank["emergency-response-013"]["answer"] is True  # 二级: 值班主管, 15 分钟


# --- 2. rules explained as computed ---------------------------------------


def _half_up(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def test_program_pages_explain_the_weights_of_their_own_file(pages: dict[str, str]) -> None:
    """Does each program page state the weights written in its program file?"""
    for path in (REPO / "curriculum" / "programs").glob("*.yaml"):
        data = _yaml(path)
        page = pages[f"programs/{data['id']}.md"]
        scoring = data["scoring"]
        weights = [c["weight"] for c in scoring.get("components", [])]
        weights += [s["weight"] for s in scoring.get("sources", [])]
        for weight in weights:
            assert f"× {weight}%" in page, (data["id"], weight)


def test_the_monthly_example_is_what_the_rules_give(pages: dict[str, str]) -> None:
    """Is the monthly worked example right by the program file, band and coefficient too?"""
    data = _yaml(REPO / "curriculum" / "programs" / "after-sales-monthly.yaml")
    page = pages["programs/after-sales-monthly.md"]
    assert "总分为各项得分之和" not in page
    m = re.search(r"工单评估得分 = 100((?: − [\d.]+)+) = ([\d.]+) 分", page)
    assert m is not None
    rubric = Decimal(100) - sum(Decimal(x) for x in m.group(1).split(" − ")[1:])
    assert rubric == Decimal(m.group(2))
    m = re.search(
        r"月度得分 = (.+?) = ([\d.]+)，记为 ([\d.]+) 分，档次为(\S+?)，绩效奖金系数 ([\d.]+)", page
    )
    assert m is not None
    terms = [t.split(" × ") for t in m.group(1).split(" + ")]
    weights = {s["id"]: s["weight"] for s in data["scoring"]["sources"]}
    assert [int(w.rstrip("%")) for _, w in terms] == list(weights.values())
    assert Decimal(terms[0][0]) == rubric
    exact = sum(Decimal(v) * int(w.rstrip("%")) for v, w in terms) / 100
    assert exact == Decimal(m.group(2))
    total = _half_up(exact, data["scoring"]["decimals"])
    assert total == Decimal(m.group(3))
    band = next(b for b in data["cycles"]["bands"] if Decimal(str(b["min"])) <= total)
    assert m.group(4) == band["label"] and Decimal(m.group(5)) == Decimal(str(band["bonus"]))
    for b in data["cycles"]["bands"]:
        assert re.search(rf"\| {b['label']} \| [^|]+ \| {b['bonus']:.1f} \|", page), b


def test_certification_process_explains_the_rules_from_the_programs(
    pages: dict[str, str],
) -> None:
    """Does the course text carry the program's explanation instead of its own (wrong) one?"""
    _, body = _front(MODULES / "certification-process.md")
    assert '{{ scoring("after-sales-monthly") }}' in body
    assert '{{ scoring("cs-specialist") }}' in body and '{{ levels("cs-specialist") }}' in body
    assert "各项得分相加即为总分" not in body and "89 分，合格" not in body
    page = pages["modules/certification-process.md"]
    program = pages["programs/after-sales-monthly.md"]
    example = re.search(r"\*\*计算示例\*\*.*", program)
    assert example is not None and example.group(0) in page
    assert "待改进" in page and "良好" in page


def test_monthly_cohorts_are_not_called_certification(pages: dict[str, str]) -> None:
    """Are the monthly cohorts listed as 月度考核 on the program page, not 认证考核?"""
    page = pages["programs/after-sales-monthly.md"]
    cohorts = page[page.index("## 考核班次") :]
    rows = [line for line in cohorts.splitlines() if line.startswith("| 2026年")]
    assert rows and all("| 月度考核 |" in row for row in rows)
    assert "认证考核" not in page


# --- 3. keys against the text -------------------------------------------------


def test_every_question_cites_a_section_of_its_module() -> None:
    """Does every question name the section that teaches its answer, and does it exist?"""
    for path in sorted(QUESTIONS.glob("*.yaml")):
        bank = _yaml(path)
        headings = _headings(_front(MODULES / f"{bank['module']}.md")[1])
        for q in bank["questions"]:
            assert q.get("section") in headings, (q["id"], q.get("section"))


def test_the_keys_the_review_found_wrong_follow_the_text() -> None:
    """quality-monitoring-011 and ticket-crm-014: do their keys say what the module says?"""
    bank = {q["id"]: q for p in QUESTIONS.glob("*.yaml") for q in _yaml(p)["questions"]}
    _, qm = _front(MODULES / "quality-monitoring.md")
    assert "五个工作日内给出结论" in qm
    key = bank["quality-monitoring-011"]
    assert "五个工作日" in key["options"][key["answer"]]
    _, crm = _front(MODULES / "ticket-crm.md")
    four = crm[crm.index("### 接起后 30 秒内要看的四样东西") : crm.index("### 更新与保密")]
    things = re.findall(r"^\d\. \*\*(.+?)\*\*", four, flags=re.MULTILINE)
    assert len(things) == 4
    points = "".join(bank["ticket-crm-014"]["key_points"])
    assert all(thing in points for thing in things), things


# --- 4. teaches claims, the new modules -------------------------------------


def test_every_teaches_claim_lands_on_a_section() -> None:
    """Does every ``teaches`` claim point at a section of its module?"""
    claims = 0
    for path in MODULES.glob("*.md"):
        data, body = _front(path)
        for ref in data.get("teaches", []):
            section = ref.partition("#")[2]
            assert section in _headings(body), (path.name, ref)
            claims += 1
    assert claims >= 20


def test_objection_handling_is_taught_where_it_is_claimed() -> None:
    """Is 异议处理 claimed only by the module that teaches it, with dialogues and a bank?"""
    claimants = [
        p.stem
        for p in MODULES.glob("*.md")
        if any(
            r.startswith("after-sales-monthly.objection#") for r in _front(p)[0].get("teaches", [])
        )
    ]
    assert claimants == ["objection-handling"]
    _, body = _front(MODULES / "objection-handling.md")
    assert body.count("> **客户：**") >= 6 and "## 示范对话" in body
    bank = _yaml(QUESTIONS / "objection-handling.yaml")["questions"]
    assert sum(q["use"] == "practice" for q in bank) >= 5
    assert {q["use"] for q in bank} == {"practice", "exam"}


def test_the_culture_module_is_a_marked_template(pages: dict[str, str]) -> None:
    """Is the 企业文化 module a template, marked on its page, with the four parts?"""
    data, body = _front(MODULES / "company-culture.md")
    assert data["template"] is True
    assert {"公司概况与使命", "服务承诺", "核心价值观", "组织架构"} <= _headings(body)
    assert "【请填写" in body
    page = pages["modules/company-culture.md"]
    assert '!!! warning "本模块是模板，需由各中心填写"' in page


# --- 5. names and examples that match the portal ----------------------------


def test_prose_uses_the_portals_labels() -> None:
    """Is 成绩不完整 gone, the status written through the vocabulary's macros?"""
    for path in MODULES.glob("*.md"):
        assert "成绩不完整" not in _front(path)[1], path.name
    _, body = _front(MODULES / "certification-process.md")
    assert '{{ status("incomplete") }}' in body and '{{ list_status("incomplete") }}' in body


def test_revocation_stories_match_the_revocation_list() -> None:
    """Does every story of a revoked certificate name one the list revokes, on its day?"""
    revoked = {
        r["certificate"]: r["revoked_on"]
        for r in _yaml(REPO / "rosters/revocations.yaml")["revocations"]
    }
    told = 0
    for path in MODULES.glob("*.md"):
        for paragraph in _front(path)[1].split("\n\n"):
            if not re.search(r"被撤销|撤销了", paragraph):
                continue
            for cert in re.findall(r"CS\d{7,}", paragraph):
                day = revoked.get(cert)
                assert day is not None, (path.name, cert)
                assert f"{day.year} 年 {day.month} 月 {day.day} 日" in paragraph, (path.name, cert)
                told += 1
    assert told >= 2  # certification-process and confidentiality tell the same story


def test_return_shipping_is_named_as_the_law_does() -> None:
    """Does a personal-reason return charge the customer 寄回运费 (never 来回运费)?"""
    _, body = _front(MODULES / "after-sales-policy.md")
    demo = body[body.index("### 示范一") : body.index("### 示范二")]
    assert "来回运费" not in demo and "寄回的运费" in demo


# --- 7. demo data -------------------------------------------------------------


def test_feedback_beyond_attendance_is_an_error_at_the_extra_response(
    demo_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Is a feedback file with more responses than attendees reported where the excess starts?"""
    path = demo_root / "evaluation/feedback/2026-09-after-sales.yaml"
    path.write_text(
        path.read_text(encoding="utf-8") + "  - {content: 5, trainer: 5, usefulness: 5}\n",
        encoding="utf-8",
    )
    attended = len(_yaml(demo_root / "evaluation/attendance/2026-09-after-sales.yaml")["attended"])
    assert main(["validate", "--root", str(demo_root)]) == 1
    err = capsys.readouterr().err
    first = path.read_text(encoding="utf-8").splitlines().index("responses:") + 1
    line = first + attended + 1
    assert f"evaluation/feedback/2026-09-after-sales.yaml:{line}:5: E520 " in err


def test_every_monthly_roster_has_a_planned_session() -> None:
    """Does the 2026 plan schedule the monthly assessment in every month a roster has one?"""
    plan = _yaml(REPO / "curriculum/plans/2026-annual.yaml")
    planned = {
        (s["date"].year, s["date"].month)
        for s in plan["sessions"]
        if s.get("cycle") == "after-sales-monthly"
    }
    for path in (REPO / "rosters/after-sales").glob("*.yaml"):
        day = _yaml(path)["assessed_on"]
        if day.year == 2026:
            assert (day.year, day.month) in planned, path.name


# --- 8. change logs -----------------------------------------------------------


def test_every_change_log_entry_says_whether_to_relearn() -> None:
    """Does each 修订记录 entry say whether trainee content changed, and what to re-read?"""
    for path in MODULES.glob("*.md"):
        data, body = _front(path)
        headings = _headings(body)
        for entry in data["changelog"]:
            assert isinstance(entry["relearn"], bool), (path.name, entry["version"])
            if entry["relearn"]:
                assert entry["reread"] and set(entry["reread"]) <= headings, (path.name, entry)
            if "自测题移入题库" in entry["changes"]:
                assert entry["relearn"] is False  # tooling, not content
