"""``academy ci summary``: a Chinese job summary of what a pull request changes.

The steps, in order: export the base revision into a temporary directory, grade
it and the working tree (neither run writes anything), compare the two
(``diff.compare``, HR lists included: ``consequences``) and render Markdown
(``summary_markdown``) for ``$GITHUB_STEP_SUMMARY``; with ``--private-out``, the
per-person difference of the HR lists goes to a file outside the repository.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

from academy.core.load.outputs import refuse_output
from academy.core.vocabulary import Exit

from ..core.dates import today
from ..core.errors import InputError, Problem
from ..core.pipeline import Outcome, run
from .diff import HrLists, compare
from .git import GitError, export_tree, resolve
from .github import step_summary_file
from .summary_markdown import ref_label, render, render_problems


def summarize(
    root: Path,
    base_ref: str,
    as_of: dt.date,
    private: Path | None = None,
    hr: HrLists | None = None,
) -> tuple[str, bool]:
    """The Markdown and whether the working tree graded cleanly; with ``private``, the
    per-person difference of the HR lists is written there (a CSV file, names in full)."""
    commit = resolve(root, base_ref)
    label = ref_label(base_ref)
    base: Outcome | None = None
    base_problems: list[Problem] = []
    with tempfile.TemporaryDirectory(prefix="academy-base-") as tmp:
        base_root = export_tree(root, commit, Path(tmp) / "base")
        try:
            base = run(base_root, as_of, write=False)
        except InputError as err:
            base_problems = err.problems
    try:
        head = run(root, as_of, write=False)
    except InputError as err:
        return render_problems(err.problems, label), False
    changes = compare(base, head, as_of, hr)
    if private is not None and hr is not None:
        private.parent.mkdir(parents=True, exist_ok=True)
        names = {**(hr.names_of(base) if base else {}), **hr.names_of(head)}
        private.write_text(hr.private_csv(changes.lists, names), encoding="utf-8")
    return render(changes, head, label, base_problems), True


def _write(text: str, output: Path | None) -> None:
    if output is not None:
        output.write_text(text, encoding="utf-8")
        return
    target = step_summary_file()
    if target is None:
        sys.stdout.write(text)
        return
    with target.open("a", encoding="utf-8") as fh:
        fh.write(text)


def run_summary(
    *,
    root: Path,
    base: str,
    as_of: dt.date | None,
    output: Path | None,
    private_out: Path | None,
    hr_lists: HrLists | None = None,
) -> Exit:
    if private_out is not None:
        why = refuse_output(root, private_out)
        if why is not None:
            print(f"academy：用法错误：{why}", file=sys.stderr)
            return Exit.USAGE
    try:
        # hr_lists: given by the command layer (the ci wing never imports hr)
        text, clean = summarize(root, base, as_of or today(), private_out, hr_lists)
    except GitError as err:
        print(f"academy:{err}", file=sys.stderr)
        return Exit.USAGE
    _write(text, output)
    if not clean:
        print("本次修改后的数据有问题，无法评分；详见摘要。", file=sys.stderr)
        return Exit.INPUT
    return Exit.OK
