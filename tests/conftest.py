"""Shared fixtures: the demo repository in a temp dir, golden files, a fixed as-of date."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from academy.core.credentials.keys import KEY_VARIABLE
from academy.publish.build import build_site

REPO = Path(__file__).resolve().parent.parent
GOLDENS = Path(__file__).resolve().parent / "goldens"
AS_OF = dt.date(2026, 11, 23)  # the demo data exercises every status on this day
DEMO_PARTS = ("curriculum", "rosters", "evaluation", "docs", "overrides", "mkdocs.yml")


pytest_plugins = [
    "tests.support.minirepo",  # repo: a MiniRepo with exactly the files a rule test needs
    "tests.support.hrrepo",  # hrepo: a MiniRepo with a people register
    "tests.support.certs",  # the demo's certificate files, unsigned and signed
    "tests.support.browser",  # chromium: one per test module; browser: fresh contexts in it
    "tests.support.site",  # served: the built demo site over HTTP
]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        default=False,
        help="rewrite golden files from the current output (review the diff before committing)",
    )


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str, str], None]:
    """``golden("site/cohort.md", text)``: compare exactly, or rewrite with --update-goldens."""
    update = request.config.getoption("--update-goldens")

    def check(name: str, actual: str) -> None:
        path = GOLDENS / name
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual, encoding="utf-8")
            return
        assert path.exists(), f"missing golden file {name}: run pytest --update-goldens"
        expected = path.read_text(encoding="utf-8")
        assert actual == expected, f"{name} differs from its golden file (pytest --update-goldens)"

    return check


def copy_demo(dest: Path, parts: tuple[str, ...] = DEMO_PARTS) -> Path:
    """Copy the demo repository's inputs (not its generated output) into ``dest``."""
    for part in parts:
        src = REPO / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("generated"))
        elif src.exists():
            shutil.copy2(src, dest / part)
    return dest


@pytest.fixture
def demo_root(tmp_path: Path) -> Path:
    """A private copy of the demo data, safe to change and to grade."""
    return copy_demo(tmp_path / "repo")


@dataclass(frozen=True)
class BuiltSite:
    root: Path  # the repository copy it was built from
    site: Path  # its site/ directory
    as_of: dt.date


def demo_copy(dest: Path) -> Path:
    """The demo inputs, plus src/ (linked) because mkdocs.yml watches its templates."""
    root = copy_demo(dest)
    (root / "src").symlink_to(REPO / "src", target_is_directory=True)
    return root


def build_demo(
    dest: Path, as_of: dt.date = AS_OF, *, edit: Callable[[Path], None] | None = None
) -> BuiltSite:
    """Copy the demo repository to ``dest``, let ``edit(root)`` change it, build it."""
    root = demo_copy(dest)
    if edit is not None:
        edit(root)
    with pytest.MonkeyPatch.context() as mp:  # local builds are unsigned
        mp.delenv(KEY_VARIABLE, raising=False)
        code = build_site(root, as_of)
    assert code == 0, "the demo portal did not build (see the captured stderr)"
    return BuiltSite(root, root / "site", as_of)


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The demo portal as of 2026-11-23, built once with --strict, shared by every test."""
    return build_demo(tmp_path_factory.mktemp("demo-site") / "repo")


# --- counts reported at the end of the session ---------------------------------

# ``STATS["fuzz"]["valid"] += 1``: property tests count what they really did, and the
# terminal summary prints it (whatever ``-s`` or ``-q``), so a report can quote it.
# Under pytest-xdist each worker sends its counts to the controller, which adds them up.
STATS: dict[str, dict[str, int]] = {}
_WORKER_KEY = "academy_stats"


def count(group: str, key: str, n: int = 1) -> None:
    bucket = STATS.setdefault(group, {})
    bucket[key] = bucket.get(key, 0) + n


def _merge(stats: dict[str, dict[str, int]]) -> None:
    for group, counts in stats.items():
        for key, n in counts.items():
            count(group, key, n)


def pytest_sessionfinish(session: pytest.Session) -> None:
    output = getattr(session.config, "workeroutput", None)  # set in an xdist worker
    if output is not None:
        output[_WORKER_KEY] = STATS


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: object, error: object) -> None:
    _merge(getattr(node, "workeroutput", {}).get(_WORKER_KEY, {}))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not STATS:
        return
    terminalreporter.section("property and fuzz test counts")
    for group, counts in sorted(STATS.items()):
        shown = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
        terminalreporter.write_line(f"{group}: {shown}")
