"""Certificate files written by worker processes while MkDocs renders the pages."""

from __future__ import annotations

import multiprocessing as mp
from pathlib import Path

import pytest

from academy.site.certificates.static import workers
from tests.conftest import BuiltSite, build_demo, demo_copy
from tests.support.browser import without_other_threads
from tests.support.site import file_hashes

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(("processes", "chunk"), [(2, 1000), (1, 5)])
def test_workers_during_mkdocs_give_the_same_site_as_one_process(
    demo_site: BuiltSite,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    processes: int,
    chunk: int,
) -> None:
    """Started after the pipeline, workers write beside MkDocs and the builder takes the
    tasks left when its pages are done (with chunks of 5 certificates, ten tasks to
    share): is every file the same, byte for byte, as when one process writes them
    (and none left over or missing)?"""
    from academy.site.certificates import static

    monkeypatch.setattr(static, "CHUNK", chunk)  # sent with the tasks
    monkeypatch.setenv("ACADEMY_WORKERS", str(processes))
    assert without_other_threads() == []  # the builder alone: the workers really run
    assert workers(47) == processes
    parallel = build_demo(tmp_path / "parallel" / "repo", demo_site.as_of)
    monkeypatch.setenv("ACADEMY_WORKERS", "0")
    single = build_demo(tmp_path / "single" / "repo", demo_site.as_of)
    first, second = file_hashes(parallel.site), file_hashes(single.site)
    assert sorted(first) == sorted(second)
    assert [n for n in first if first[n] != second[n]] == []
    assert any(n.startswith("certificates/CS2024001/") for n in first)
    assert first == file_hashes(demo_site.site)  # as built in one chunk: no certificate missed
    assert mp.active_children() == []


def test_a_build_failing_while_workers_run_stops_them_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A page that fails while MkDocs renders (after the workers started): no worker
    left running, no site written, no ledger row."""
    from academy.publish.build import build_site
    from tests.conftest import AS_OF

    monkeypatch.setenv("ACADEMY_WORKERS", "2")
    monkeypatch.delenv("ACADEMY_SIGNING_KEY", raising=False)
    root = demo_copy(tmp_path / "repo")
    ledger = (root / "rosters/ledger.csv").read_bytes()
    page = root / "docs/index.md"
    page.write_text(page.read_text("utf-8") + "\n{{ no_such_variable }}\n", "utf-8")
    assert build_site(root, AS_OF) != 0
    assert mp.active_children() == []
    assert not (root / "site").exists()
    assert (root / "rosters/ledger.csv").read_bytes() == ledger
    leftovers = [p.name for p in root.iterdir() if p.name.startswith(".site")]
    assert leftovers == []
