"""``academy ci summary``: a Chinese job summary of what a pull request changes.

The steps, in order: export the base revision into a temporary directory, grade
it and the working tree (neither run writes anything), compare the two
(``diff.compare``, HR lists included: ``consequences``) and render Markdown
(``summary_markdown``) for ``$GITHUB_STEP_SUMMARY``; with ``--private-out``, the
per-person difference of the HR lists goes to a file outside the repository.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from academy.core.load.outputs import refuse_inside

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


def run_summary(args: argparse.Namespace) -> int:
    if args.private_out is not None:
        why = refuse_inside(args.root, args.private_out)
        if why is not None:
            print(f"academy：用法错误：{why}", file=sys.stderr)
            return 2
    try:
        hr = getattr(args, "hr_lists", None)  # set by the command layer (academy.cli)
        text, clean = summarize(args.root, args.base, args.as_of or today(), args.private_out, hr)
    except GitError as err:
        print(f"academy:{err}", file=sys.stderr)
        return 2
    _write(text, args.output)
    if not clean:
        print("本次修改后的数据有问题，无法评分；详见摘要。", file=sys.stderr)
        return 1
    return 0


def register(
    sub: argparse._SubParsersAction,
    add_root: Callable[..., None],
    add_as_of: Callable[..., None],
) -> None:
    p = sub.add_parser(
        "summary", help="对比基准版本评分，生成本次修改影响的摘要（Markdown）", add_help=False
    )
    p.add_argument("-h", "--help", action="help", help="显示帮助并退出")
    add_root(p)
    add_as_of(p)
    p.add_argument("--base", required=True, metavar="REF", help="基准版本（分支、标签或提交）")
    p.add_argument(
        "--output",
        type=Path,
        default=None,
        metavar="FILE",
        help="写入此文件；默认追加到 $GITHUB_STEP_SUMMARY，没有时输出到标准输出",
    )
    p.add_argument(
        "--private-out",
        type=Path,
        default=None,
        metavar="FILE",
        help="把人事名单的逐人变化（含姓名）写到此 CSV 文件（须在仓库之外，作为私有构件上传）",
    )
    p.set_defaults(func=run_summary)
