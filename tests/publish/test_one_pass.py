"""Does a build run the pipeline once, leave no trace in the process, write nothing on failure?"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from academy.core import pipeline
from academy.core.credentials.keys import KEY_VARIABLE
from academy.publish.build import build_site
from academy.publish.serve import Save, Session
from tests.conftest import AS_OF
from tests.support.site import BuiltSite, build_demo, demo_copy, file_hashes

pytestmark = pytest.mark.slow


@pytest.fixture
def runs(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every pipeline run of the test, by root."""
    seen: list[Path] = []
    real = pipeline._run

    def counted(root: Path, as_of: object) -> pipeline.Outcome:
        seen.append(root)
        return real(root, as_of)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "_run", counted)
    monkeypatch.delenv(KEY_VARIABLE, raising=False)
    return seen


def test_academy_build_runs_the_pipeline_once(tmp_path: Path, runs: list[Path]) -> None:
    """Is the outcome graded by `academy build` the one the pages are made from?"""
    root = demo_copy(tmp_path / "repo")
    assert build_site(root, AS_OF) == 0
    assert runs == [root]


def test_plain_mkdocs_build_runs_the_pipeline_once(tmp_path: Path, runs: list[Path]) -> None:
    """Does `mkdocs build` on its own (no academy command) grade once, and write no ledger?"""
    root = demo_copy(tmp_path / "repo")
    ledger = (root / "rosters" / "ledger.csv").read_bytes()
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    config.plugins["academy"].config.as_of = AS_OF.isoformat()
    build(config)
    assert runs == [root]
    assert (tmp_path / "site" / "modules" / "communication" / "index.html").is_file()
    assert (root / "rosters" / "ledger.csv").read_bytes() == ledger


def test_two_builds_in_one_process_do_not_see_each_other(
    demo_site: BuiltSite, tmp_path: Path
) -> None:
    """Does a build with other settings in between leave the next build unchanged?

    The first build is the shared ``demo_site`` (built in this process). Also: the
    environment, the working directory and the loggers are as before.
    """
    first = demo_site
    before = (dict(os.environ), Path.cwd(), list(logging.getLogger("mkdocs").handlers))

    def other_settings(root: Path) -> None:
        config = root / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        text = text.replace("mask_names: true", "mask_names: false")
        config.write_text(text.replace("site_name: 客服学院", "site_name: 别的学院"), "utf-8")

    other = build_demo(
        tmp_path / "b" / "repo", AS_OF.replace(year=AS_OF.year + 1), edit=other_settings
    )
    again = build_demo(tmp_path / "c" / "repo")
    assert file_hashes(first.site) == file_hashes(again.site)
    assert file_hashes(other.site) != file_hashes(first.site)
    assert (dict(os.environ), Path.cwd(), list(logging.getLogger("mkdocs").handlers)) == before


def add_broken_link(root: Path) -> Path:
    module = root / "curriculum" / "modules" / "communication.md"
    text = module.read_text(encoding="utf-8")
    module.write_text(
        text + "\n参见 `[代码](x.md)` 和[不存在的模块](no-such-module.md)。\n", "utf-8"
    )
    return module


def test_a_broken_module_link_is_located_and_nothing_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], runs: list[Path]
) -> None:
    """No ledger row, no docs/ page, no site/: only `curriculum/modules/<id>.md:line:col: E510`."""
    root = demo_copy(tmp_path / "repo")
    ledger = root / "rosters" / "ledger.csv"
    rows = ledger.read_text(encoding="utf-8").splitlines()
    ledger.write_text("\n".join(rows[:-3]) + "\n", encoding="utf-8")  # three awards to number
    module = add_broken_link(root)
    docs_before = file_hashes(root / "docs")
    ledger_before = ledger.read_bytes()

    assert build_site(root, AS_OF) == 1

    err = [x for x in capsys.readouterr().err.splitlines() if not x.startswith("注意")]
    line = len(module.read_text(encoding="utf-8").split("\n")) - 1
    column = module.read_text(encoding="utf-8").split("\n")[line - 1].index("no-such") + 1
    assert err[0].startswith(f"curriculum/modules/communication.md:{line}:{column}: E510 ")
    assert "x.md" not in err[0]  # inside a code span: not a link
    assert len(err) == 2 and "未写入任何文件" in err[1]
    assert ledger.read_bytes() == ledger_before
    assert file_hashes(root / "docs") == docs_before
    assert not (root / "site").exists()
    assert not any(p.name.startswith(".site") for p in root.iterdir())


def test_a_failed_build_keeps_the_previous_site(tmp_path: Path) -> None:
    """Is a published site/ replaced only by a complete one?"""
    built = build_demo(tmp_path / "repo")
    before = file_hashes(built.site)
    add_broken_link(built.root)
    assert build_site(built.root, AS_OF) == 1
    assert file_hashes(built.site) == before


def test_serve_rebuilds_once_per_edit_and_only_what_changed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], runs: list[Path]
) -> None:
    """Does a saved module body reach the preview without grading, with results and
    certificates kept, and does a new title (front matter) grade and rebuild everything?"""
    root = demo_copy(tmp_path / "repo")
    session = Session(root, AS_OF, tmp_path / "serve" / "site", verbose=False)
    assert session.rebuild()
    session.settle()  # the certificate files and the search index, behind the pages
    site = session.site_dir
    certificate = next((site / "certificates").glob("CS*/index.html"))
    cohort_page = next((site / "cohorts").glob("*/index.html"))
    kept = (certificate.stat().st_ino, cohort_page.stat().st_mtime_ns)
    index = site / "pagefind" / "pagefind-entry.json"  # Pagefind re-indexes after each build

    def indexed() -> int:
        return int(json.loads(index.read_text("utf-8"))["languages"]["zh"]["page_count"])

    searchable = indexed()
    assert len(runs) == 1

    module = root / "curriculum" / "modules" / "communication.md"
    module.write_text(module.read_text(encoding="utf-8") + "\n新增的一段话。\n", "utf-8")
    assert session.rebuild()
    assert session.last is Save.MODULE_BODY and len(runs) == 1  # not graded again
    assert "新增的一段话" in (site / "modules" / "communication" / "index.html").read_text("utf-8")
    session.settle()
    assert certificate.stat().st_ino == kept[0]  # the same file, not written again
    assert cohort_page.stat().st_mtime_ns == kept[1]  # not rebuilt: it did not change
    assert indexed() == searchable  # every page still found
    words = json.loads((site / "pagefind" / "academy-words.json").read_text("utf-8"))
    assert "新增" in words and session.words.cut_pages == 1  # only its page cut again

    text = module.read_text(encoding="utf-8")
    old_title = text.split("\ntitle: ", 1)[1].split("\n", 1)[0].strip().strip('"')
    module.write_text(text.replace("\ntitle: ", "\ntitle: 新版", 1), encoding="utf-8")
    assert session.rebuild()  # a new title shows in every page's navigation: all rebuilt
    assert session.last is Save.DATA and len(runs) == 2
    assert cohort_page.stat().st_mtime_ns != kept[1]
    assert f"新版{old_title}" in cohort_page.read_text("utf-8")
    session.settle()
    assert indexed() == searchable
    assert session.rebuild()  # nothing saved since: nothing built
    assert session.builds == 3 and len(runs) == 2
    assert not any((root / "docs" / "modules").glob("*.md"))  # never written into docs/
    out = capsys.readouterr().err
    assert "已更新（curriculum/modules/communication.md）" in out
    assert "INFO" not in out and "WARNING" not in out and "prefix dict" not in out


def test_serve_with_a_bad_address_is_a_usage_error_before_grading(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Does `academy serve --addr nonsense` exit 2 and leave the ledger alone?"""
    from academy.cli import main

    root = demo_copy(tmp_path / "repo")
    ledger = root / "rosters" / "ledger.csv"
    ledger.write_text(ledger.read_text(encoding="utf-8").splitlines()[0] + "\n", "utf-8")
    before = ledger.read_bytes()
    with pytest.raises(SystemExit) as exit_:  # argparse: the address is checked when parsed
        main(["serve", "--root", str(root), "--addr", "nonsense"])
    assert exit_.value.code == 2
    assert ledger.read_bytes() == before
    assert "用法错误" in capsys.readouterr().err


def test_validate_refuses_the_module_link_build_refuses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Finding 19.18: validate passed a module link that build refused with E510. Now both
    report it at the same place, and validate writes nothing."""
    from academy.cli import main

    root = demo_copy(tmp_path / "repo")
    module = add_broken_link(root)
    before = file_hashes(root)
    capsys.readouterr()
    assert main(["validate", "--root", str(root)]) != 0
    err = capsys.readouterr().err
    line = len(module.read_text(encoding="utf-8").split("\n")) - 1
    column = module.read_text(encoding="utf-8").split("\n")[line - 1].index("no-such") + 1
    assert f"curriculum/modules/communication.md:{line}:{column}: E510 " in err
    assert file_hashes(root) == before


def test_validate_accepts_links_to_generated_pages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A module may link a page the build generates (another module, a program page):
    validate must not call that broken."""
    from academy.cli import main

    root = demo_copy(tmp_path / "repo")
    module = root / "curriculum" / "modules" / "communication.md"
    text = module.read_text(encoding="utf-8")
    module.write_text(text + "\n另见[投诉处理](complaint-handling.md)。\n", "utf-8")
    assert main(["validate", "--root", str(root)]) == 0, capsys.readouterr().err
