"""npm packages that tests run (axe-core, credential verifiers), installed by the test run.

``npm_package("axe-core", "4.10.2")`` returns the package's folder, installing it the
first time on this machine into a cache outside the repository
(``$ACADEMY_TEST_CACHE`` or ``~/.cache/cs-academy-tests``, under ``npm/<name>@<version>/``).
Later calls, later runs and the other xdist workers reuse it: an exclusive file lock per
package makes concurrent workers wait for the one that installs, and the folder only appears
(renamed into place) once ``npm install`` has finished, so a crash never leaves half a package.
`make setup` installs nothing of this; a machine without npm skips the tests that need it.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

SAFE = re.compile(r"^(@[a-z0-9][a-z0-9._-]*/)?[a-z0-9][a-z0-9._-]*$")
VERSION = re.compile(r"^\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$")  # exact: the cache is per version


def cache_dir() -> Path:
    """Where test-run downloads are kept, outside the repository."""
    configured = os.environ.get("ACADEMY_TEST_CACHE")
    base = Path(configured) if configured else Path.home() / ".cache" / "cs-academy-tests"
    return base / "npm"


def npm_package(name: str, version: str) -> Path:
    """The folder of npm package ``name`` at exactly ``version`` (its package.json inside)."""
    if not SAFE.match(name) or not VERSION.match(version):
        raise ValueError(f"npm_package needs a package name and an exact version: {name}@{version}")
    npm = shutil.which("npm")
    slot = cache_dir() / f"{name.replace('/', '+')}@{version}"
    installed = slot / "node_modules" / name
    if (installed / "package.json").is_file():
        return installed
    if npm is None:
        pytest.skip(f"npm is not installed: cannot install {name}@{version}")
    slot.parent.mkdir(parents=True, exist_ok=True)
    with open(slot.parent / f".{slot.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if (installed / "package.json").is_file():  # another worker installed it meanwhile
            return installed
        staging = Path(tempfile.mkdtemp(prefix=f".{slot.name}.", dir=slot.parent))
        try:
            (staging / "package.json").write_text('{"private": true}\n', encoding="utf-8")
            done = subprocess.run(
                [
                    npm,
                    "install",
                    "--no-audit",
                    "--no-fund",
                    "--ignore-scripts",
                    "--save-exact",
                    f"{name}@{version}",
                ],
                cwd=staging,
                capture_output=True,
                text=True,
                check=False,
                timeout=600,
            )
            if done.returncode != 0:
                raise RuntimeError(f"npm install {name}@{version} failed:\n{done.stderr}")
            shutil.rmtree(slot, ignore_errors=True)
            staging.rename(slot)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return installed
