"""The lock files `make setup` installs from: uv.lock and its pip-readable exports."""

from __future__ import annotations

import re
import subprocess
import tomllib
from pathlib import Path

import pytest
import uv
from packaging.requirements import Requirement
from packaging.version import Version

REPO = Path(__file__).resolve().parents[2]
EXPORTS = {  # file -> the extra it carries
    "requirements.lock.txt": None,
    "requirements-dev.lock.txt": "dev",
}
PIN = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>\S+)")
HASH = re.compile(r"--hash=sha256:([0-9a-f]{64})")


def run_uv(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [uv.find_uv_bin(), *args, "--offline", "--no-progress"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )


def without_header(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.startswith("#"))


def norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def read_export(path: Path) -> dict[str, tuple[str, set[str]]]:
    """name -> (version, hashes), read from a pip requirements file with hashes."""
    pins: dict[str, tuple[str, set[str]]] = {}
    joined = path.read_text(encoding="utf-8").replace("\\\n", " ")
    for line in joined.splitlines():
        match = PIN.match(line.strip())
        if match:
            pins[norm(match["name"])] = (match["version"], set(HASH.findall(line)))
    return pins


def read_lock() -> dict[str, tuple[str, set[str]]]:
    """name -> (version, hashes of every sdist and wheel), read from uv.lock as TOML."""
    lock = tomllib.loads((REPO / "uv.lock").read_text(encoding="utf-8"))
    packages: dict[str, tuple[str, set[str]]] = {}
    for package in lock["package"]:
        files = [*package.get("wheels", []), *([package["sdist"]] if "sdist" in package else [])]
        hashes = {f["hash"].removeprefix("sha256:") for f in files}
        packages[norm(package["name"])] = (package["version"], hashes)
    return packages


def test_lock_satisfies_pyproject() -> None:
    """Is uv.lock up to date with pyproject.toml's dependencies (`make lock` after an edit)?"""
    done = run_uv("lock", "--check")
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("name", list(EXPORTS))
def test_requirements_file_is_the_export_of_uv_lock(name: str) -> None:
    """Is the pip fallback's requirements file exactly what `uv export` makes of uv.lock?"""
    extra = EXPORTS[name]
    args = ["export", "--frozen", "--no-emit-project", *(["--extra", extra] if extra else [])]
    done = run_uv(*args)
    assert done.returncode == 0, done.stderr
    actual = (REPO / name).read_text(encoding="utf-8")
    assert without_header(done.stdout) == without_header(actual), f"run `make lock` ({name})"


@pytest.mark.parametrize("name", list(EXPORTS))
def test_every_pin_has_the_locked_version_and_hashes(name: str) -> None:
    """Read without uv: does every pinned package carry uv.lock's version and only its hashes?"""
    lock = read_lock()
    pins = read_export(REPO / name)
    assert pins, name
    for package, (version, hashes) in pins.items():
        assert package in lock, package
        assert version == lock[package][0], package
        assert hashes and hashes <= lock[package][1], package


def test_dev_requirements_hold_the_tools_make_uses() -> None:
    """Does the pip fallback install what make test and make lint run?"""
    pins = read_export(REPO / "requirements-dev.lock.txt")
    for tool in ("pytest", "pytest-xdist", "ruff", "mypy", "import-linter", "uv"):
        assert tool in pins, tool


@pytest.mark.parametrize(
    ("package", "excluded"),
    [("pyyaml", "7.0"), ("mkdocs", "2.0")],
    ids=["pyyaml<7: the loader builds on PyYAML's internals", "mkdocs<2: the site is a plugin"],
)
def test_major_versions_that_break_us_are_excluded(package: str, excluded: str) -> None:
    """Does pyproject.toml keep out the next major version of a library we build on?"""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirement = next(
        Requirement(spec)
        for spec in project["dependencies"]
        if norm(Requirement(spec).name) == package
    )
    assert Version(excluded) not in requirement.specifier
    assert Version(read_lock()[package][0]) in requirement.specifier
