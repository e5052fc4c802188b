"""Rule 4.11 held across outputs: as of any day, `grade --json`, the certificate pages,
`academy export` and `academy verify` give every certificate the same status, level and
validity — and a roster assessed after the day has not happened in any of them."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from academy.cli import main
from academy.core import pipeline
from academy.core.credentials.keys import KEY_VARIABLE
from academy.core.vocabulary import CERT_STATUS_LABELS
from academy.hr.export import context
from academy.hr.lists import certificate_record_rows
from academy.site.certificates import write_static
from academy.site.pages import read_config, site_context
from tests.support.certs import private_pem

# before any certificate; the contract's own example (renewal_due, then renewed on 03-01);
# the demo day; and days around the later renewals, expiries and the 2026-11 issue day
DAYS = ["2024-03-01", "2025-02-10", "2025-03-01", "2026-01-09", "2026-11-23", "2026-11-27",
        "2027-03-05"]  # fmt: skip


def grade_json(root: Path, day: str, capsys: pytest.CaptureFixture[str]) -> dict[str, dict]:
    capsys.readouterr()
    assert main(["grade", "--root", str(root), "--as-of", day, "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    return {c["id"]: c for c in doc["certificates"]}


def page_facts(site: Path) -> dict[str, tuple[str, str, str]]:
    """Certificate id → (status, level label, valid until) as its built page shows them."""
    found = {}
    for page in site.glob("certificates/*/index.html"):
        tree = HTMLParser(page.read_text("utf-8"))
        facts = {}
        for div in tree.css("dl div"):
            dt_node, dd_node = div.css_first("dt"), div.css_first("dd")
            if dt_node is not None and dd_node is not None:
                facts.setdefault(dt_node.text(strip=True), dd_node)
        badge = facts["状态"].css_first(".cert-badge")
        assert badge is not None
        status = next(c.removeprefix("cert-badge--") for c in badge.attributes["class"].split()
                      if c.startswith("cert-badge--"))  # fmt: skip
        found[page.parent.name] = (
            status,
            facts["等级"].text(strip=True),
            facts["有效期至"].text(strip=True),
        )
    return found


@pytest.mark.slow
def test_every_output_shows_the_same_certificate_on_every_day(
    demo_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Do grade --json, pages, export and verify agree on status, level and validity?"""
    pem = private_pem(Ed25519PrivateKey.generate())
    seen_statuses: set[str] = set()
    for day in DAYS:
        as_of = dt.date.fromisoformat(day)
        graded = grade_json(demo_root, day, capsys)
        outcome = pipeline.run(demo_root, as_of, write=False)
        site = tmp_path / f"site-{day}"
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv(KEY_VARIABLE, pem)
            write_static(outcome, site_context(demo_root, as_of, read_config(demo_root)), site)
        pages = page_facts(site)
        record = {r["certificate"]: r for r in certificate_record_rows(context(demo_root, as_of))}
        assert set(pages) == set(graded) == set(record), day
        programs = outcome.project.programs
        for cert_id, cert in graded.items():
            issued = dt.date.fromisoformat(cert["issued_on"])
            assert issued <= as_of, (day, cert_id)
            label = programs[cert["program"]].level(cert["level"])
            assert label is not None
            shown = (cert["status"], label.label, cert["valid_until"])
            assert pages[cert_id] == shown, (day, cert_id)
            row = record[cert_id]
            assert (row["status"], row["level"], row["valid_until"].isoformat()) == (
                cert["status"], cert["level"], cert["valid_until"]), (day, cert_id)  # fmt: skip
            seen_statuses.add(cert["status"])
        for cert_id in sorted(graded)[::7]:  # verify a sample: each run grades the repository
            capsys.readouterr()
            jwt = site / "certificates" / cert_id / "credential.jwt"
            argv = ["verify", str(jwt), "--site", str(site), "--root", str(demo_root)]
            code = main([*argv, "--as-of", day])
            out = capsys.readouterr()
            label = CERT_STATUS_LABELS[graded[cert_id]["status"]]
            assert re.search(rf"状态（按 {day}）\S*\s*{label}", out.out + out.err), (day, cert_id)
            assert code in (0, 1), (day, cert_id, out)
    assert seen_statuses == {"active", "renewal_due", "expired", "revoked", "superseded"}


def test_the_contracts_renewal_example(demo_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Certificates valid until 2025-03-10 renewed by the roster assessed on 2025-03-05: as of
    2025-03-04 renewal_due until 2025-03-10, as of 2025-03-05 active until 2026-03-10 (the
    shape of rule 4.11's own example). Those not renewed stay as they were."""
    before = grade_json(demo_root, "2025-03-04", capsys)
    after = grade_json(demo_root, "2025-03-05", capsys)
    due = [c for c in before.values() if c["status"] == "renewal_due"]
    assert len(due) >= 4 and all(c["valid_until"] == "2025-03-10" for c in due)
    renewed = [c for c in due if after[c["id"]]["status"] == "active"]
    assert len(renewed) >= 4
    assert all(after[c["id"]]["valid_until"] == "2026-03-10" for c in renewed)
    for cert in due:
        if cert not in renewed:
            assert after[cert["id"]]["valid_until"] == "2025-03-10"
