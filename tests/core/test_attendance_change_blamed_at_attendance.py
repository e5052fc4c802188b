"""Finding 17: is an attendance change that costs a certificate reported at the attendance
file, not as a roster E401?

日常表现's 出勤 part of the demo's cs-specialist program is computed from the attendance
records (``from_sessions``) with a pass mark of 80: taking A034 out of the 2026-06
onboarding session's ``attended`` list loses the published CS2026004. The roster did not
change; the message must name the attendance file and its ``attended`` line.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from academy.cli import main

ATTENDANCE = "evaluation/attendance/2026-06-onboarding.yaml"
FEEDBACK = "evaluation/feedback/2026-06-onboarding.yaml"


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def line_of(path: Path, start: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, text in enumerate(lines, 1) if text.startswith(start))


def test_absence_that_loses_a_certificate_is_reported_at_the_attendance_line(
    demo_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A034 taken out of ``attended``: E401 at that line of the attendance file?"""
    record = demo_root / ATTENDANCE
    text = record.read_text(encoding="utf-8")
    assert 'attended: ["A034", ' in text
    record.write_text(text.replace('attended: ["A034", ', "attended: ["), encoding="utf-8")
    feedback = demo_root / FEEDBACK  # one response fewer: as many as attended (E520)
    lines = feedback.read_text(encoding="utf-8").splitlines(keepends=True)
    feedback.write_text("".join(lines[:-1]), encoding="utf-8")
    before = snapshot(demo_root)
    code = main(["validate", "--root", str(demo_root)])
    err = capsys.readouterr().err
    assert code == 1
    line = line_of(record, "attended:")
    assert f"{ATTENDANCE}:{line}:11: E401 " in err, err
    assert "CS2026004" in err and "A034" in err
    assert "rosters/2026/2026-06-new-hires.yaml" not in err  # the roster is not to blame
    assert snapshot(demo_root) == before
