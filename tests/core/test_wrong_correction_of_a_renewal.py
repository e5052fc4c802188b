"""Finding 17: is a wrong correction of a renewal reported at its line in corrections.yaml?

A correction with ``cohort`` states a renewal's result; an unknown level, or a date before
the renewal was assessed, is the correction's defect (E408 at its line), not the renewal
roster's E404.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from academy.cli import main

CORRECTION = """\
corrections:
  - certificate: CS2024001
    cohort: 2025-03-renewal
    level: platinum
    corrected_on: 2025-03-01
    reason: 登记错误
"""


def test_unknown_level_and_early_date_of_a_renewal_correction_are_located(
    demo_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Renewal of CS2024001 on 2025-03-05, corrected to 'platinum' on 2025-03-01: two E408?"""
    renewals = (demo_root / "rosters" / "renewals.csv").read_text(encoding="utf-8")
    assert "CS2024001,2025-03-renewal,2025-03-05," in renewals
    (demo_root / "rosters" / "corrections.yaml").write_text(CORRECTION, encoding="utf-8")
    code = main(["validate", "--root", str(demo_root)])
    err = capsys.readouterr().err
    assert code == 1
    assert "rosters/corrections.yaml:4:12: E408 " in err and "platinum" in err
    assert "rosters/corrections.yaml:5:19: E408 " in err and "2025-03-05" in err
    assert "E404" not in err  # the renewal roster is not to blame
