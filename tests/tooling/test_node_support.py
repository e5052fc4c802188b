"""The test run's npm cache (tests/support/node.py), which other tests' verifiers come from."""

from __future__ import annotations

import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.support.node import cache_dir, npm_package

REPO = Path(__file__).resolve().parents[2]


def test_rejects_a_range_or_a_strange_name() -> None:
    """Is only an exact version of a plain package name accepted (the cache is per version)?"""
    for name, version in [("is-number", "^7"), ("../x", "1.0.0"), ("is-number", "latest")]:
        with pytest.raises(ValueError):
            npm_package(name, version)


def test_installs_once_outside_the_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Do concurrent callers (two processes, as xdist workers are) get one finished install
    outside the repository, with the package.json of the version asked for?"""
    monkeypatch.setenv("ACADEMY_TEST_CACHE", str(tmp_path / "cache"))
    code = "from tests.support.node import npm_package; print(npm_package('is-number', '7.0.0'))"

    def install(_: int) -> str:
        done = subprocess.run(
            [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=False
        )
        if "npm is not installed" in done.stderr:
            pytest.skip("npm is not installed")
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    with ThreadPoolExecutor(2) as pool:
        paths = set(pool.map(install, range(2)))
    assert len(paths) == 1
    folder = Path(paths.pop())
    assert folder.is_relative_to(cache_dir())
    assert not folder.is_relative_to(REPO)
    assert json.loads((folder / "package.json").read_text())["version"] == "7.0.0"
    leftovers = [p.name for p in cache_dir().iterdir() if not p.name.endswith(".lock")]
    assert leftovers == ["is-number@7.0.0"]  # no staging folder left behind
    before = (folder / "package.json").stat().st_mtime_ns
    assert npm_package("is-number", "7.0.0") == folder  # reused, not reinstalled
    assert (folder / "package.json").stat().st_mtime_ns == before
