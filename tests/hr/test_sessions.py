"""Renewal plan and promotion rows name the session a person can attend, and warn when
the certificate expires before it (hr.sessions), read from the exported spreadsheets."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from academy.hr.export import LISTS, write_files
from tests.support.hrrepo import ADV, HrRepo, person, t


def plan(*sessions: tuple[str, str, str]) -> str:
    """A plan with a renewal cycle of ``cs`` and a ``senior`` cycle; sessions (id, cycle, date)."""
    lines = [
        "id: p1",
        "title: 计划",
        "starts_on: 2025-01-01",
        "ends_on: 2025-12-31",
        "published_on: 2024-10-01",
        "cycles:",
        "  - {id: renewal, title: 复评, cadence: quarterly, program: cs, audience: 持证人,"
        " assessment: 复评}",
        "  - {id: senior, title: 晋升, cadence: once, program: senior, audience: 中级,"
        " assessment: 认证}",
        "sessions:",
    ]
    for sid, cycle, day in sessions:
        lines.append(
            f"  - {{id: {sid}, cycle: {cycle}, date: {day}, time: '09:00-12:00',"
            " location: 会议室, trainer: 王*}"
        )
    return "\n".join(lines) + "\n"


def sheet(root: Path, as_of: str, name: str, tmp: Path) -> list[dict[str, object]]:
    import datetime as dt

    from academy.hr.export import context

    ctx = context(root, dt.date.fromisoformat(as_of))
    provider = next(p for p in LISTS if p.name == name)
    write_files(ctx, tmp, [provider])
    ws = openpyxl.load_workbook(tmp / f"{provider.file}.xlsx").active
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def test_renewal_session_on_the_expiry_day_is_in_time(hrepo: HrRepo, tmp_path: Path) -> None:
    """valid_until 2025-03-10 and a session that day: named, no warning; a session before
    the window opens (02-09) is not one the holder can attend."""
    hrepo.people(person("A1"))
    hrepo.roster("c1", t("A1", ADV), assessed="2024-03-10")  # valid 2025-03-10, opens 02-10
    hrepo.write(
        "curriculum/plans/p1.yaml",
        plan(("early", "renewal", "2025-02-09"), ("r1", "renewal", "2025-03-10")),
    )
    rows = sheet(hrepo.root, "2025-01-15", "renewal_plan", tmp_path / "out")
    assert [(r["证书编号"], r["下次培训日期"].date().isoformat(), r["提醒"]) for r in rows] == [
        ("CS2024001", "2025-03-10", None)
    ]


def test_certificate_expiring_the_day_before_the_session_warns(
    hrepo: HrRepo, tmp_path: Path
) -> None:
    """Session 2025-03-11, valid_until 2025-03-10: 提醒 says it expires before the renewal."""
    hrepo.people(person("A1"))
    hrepo.roster("c1", t("A1", ADV), assessed="2024-03-10")
    hrepo.write("curriculum/plans/p1.yaml", plan(("r1", "renewal", "2025-03-11")))
    rows = sheet(hrepo.root, "2025-01-15", "renewal_plan", tmp_path / "out")
    assert rows[0]["提醒"] == "证书 2025-03-10 到期，早于下一次复评 2025-03-11，请增开或提前复评"


def test_no_renewal_session_planned_warns(hrepo: HrRepo, tmp_path: Path) -> None:
    """No renewal session after D at all: the row says so, next session empty."""
    hrepo.people(person("A1"))
    hrepo.roster("c1", t("A1", ADV), assessed="2024-03-10")
    hrepo.write("curriculum/plans/p1.yaml", plan(("r1", "renewal", "2025-01-15")))  # = D
    rows = sheet(hrepo.root, "2025-01-15", "renewal_plan", tmp_path / "out")
    assert rows[0]["下次培训日期"] is None
    assert "计划中没有可参加的复评场次" in str(rows[0]["提醒"])


def test_promotion_warns_when_the_basis_expires_before_the_session(
    hrepo: HrRepo, tmp_path: Path
) -> None:
    """Basis valid through 2025-03-10: a senior session 03-10 is fine, 03-11 warns."""
    hrepo.people(person("A1"))
    hrepo.roster("c1", t("A1", ADV), assessed="2024-03-10")
    hrepo.write("curriculum/plans/p1.yaml", plan(("s1", "senior", "2025-03-10")))
    rows = sheet(hrepo.root, "2025-01-15", "promotion", tmp_path / "a")
    assert rows[0]["下次培训"] and rows[0]["提醒"] is None
    hrepo.write("curriculum/plans/p1.yaml", plan(("s1", "senior", "2025-03-11")))
    rows = sheet(hrepo.root, "2025-01-15", "promotion", tmp_path / "b")
    assert rows[0]["提醒"] == "依据证书 2025-03-10 到期，早于晋升认证 2025-03-11，需先复评"
