"""Does running the pipeline leave the process as it found it?"""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

import pytest

from academy.core import pipeline
from academy.core.errors import InputError
from tests.conftest import AS_OF


class Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle: only the cyclic collector frees it


def test_a_cycle_dropped_after_a_run_is_collected(demo_root: Path) -> None:
    """Is nothing frozen: can the collector still free what existed during the run?"""
    before, kept = Node(), weakref.ref
    ref_before = kept(before)
    pipeline.run(demo_root, AS_OF, write=False)
    after = Node()
    ref_after = kept(after)
    del before, after
    gc.collect()
    assert ref_before() is None and ref_after() is None
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_the_collector_is_enabled_again_after_a_failed_run(tmp_path: Path) -> None:
    (tmp_path / "rosters").mkdir()
    (tmp_path / "rosters" / "x.yaml").write_text("a: [\n", encoding="utf-8")
    with pytest.raises(InputError):
        pipeline.run(tmp_path, AS_OF, write=False)
    assert gc.isenabled()
