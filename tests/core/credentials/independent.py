"""Independent verifiers for the credential tests: npm packages installed once per machine.

The Node verifiers (DCC verifier-core, @digitalbazaar/vc-bitstring-status-list)
are installed by ``npm install`` into a cache folder outside the repository
(``$ACADEMY_TEST_CACHE`` or ``~/.cache/cs-academy-tests``), keyed by the hash of
``interop/package.json``; later runs reuse it. Without npm the tests are skipped on a
developer's machine and fail in CI (``CI`` set), where ``.ci/run`` installs it.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent / "interop"


def cache_root() -> Path:
    configured = os.environ.get("ACADEMY_TEST_CACHE")
    return Path(configured) if configured else Path.home() / ".cache" / "cs-academy-tests"


def install() -> Path:
    """The folder holding node_modules with the verifiers (installed on first use)."""
    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None:
        message = "npm and node are needed for the independent credential verifiers"
        if os.environ.get("CI"):
            pytest.fail(message + " (.ci/run installs them)")
        pytest.skip(message)
    spec = (HERE / "package.json").read_bytes()
    folder = cache_root() / f"npm-{hashlib.sha256(spec).hexdigest()[:16]}"
    marker = folder / ".installed"
    if not marker.is_file():
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "package.json").write_bytes(spec)
        done = subprocess.run(
            [npm, "install", "--prefix", str(folder), "--no-audit", "--no-fund", "--silent"],
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 0, f"npm install failed:\n{done.stderr[-3000:]}"
        marker.write_text("ok\n")
    for script in ("verify.mjs", "validate-schema.mjs"):
        shutil.copy(HERE / script, folder / script)
    shutil.copytree(HERE / "ob-schema", folder / "ob-schema", dirs_exist_ok=True)
    return folder


def run_ajv(folder: Path, schema: Path, files: list[Path]) -> list[dict[str, Any]]:
    """validate-schema.mjs: Ajv (Draft 2019-09, formats checked) on ``files``, one result each."""
    done = subprocess.run(
        ["node", str(folder / "validate-schema.mjs"), str(schema), *map(str, files)],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=folder,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]


def run_node(folder: Path, site: Path, base: str, files: list[Path]) -> list[dict[str, Any]]:
    """verify.mjs on ``files``: one result per file, then the URLs it asked for."""
    done = subprocess.run(
        ["node", str(folder / "verify.mjs"), str(site), base, *map(str, files)],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=folder,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
