"""The ``academy`` command: parses arguments and calls a stage, nothing more.

Exit codes: 0 ok, 1 bad input (problems on stderr), 2 misuse.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from .core.dates import parse_date
from .core.errors import InputError
from .core.vocabulary import Exit

EXIT_OK, EXIT_INPUT, EXIT_USAGE = Exit.OK, Exit.INPUT, Exit.USAGE


class _Parser(argparse.ArgumentParser):
    """argparse with Chinese framing; misuse exits 2 as usual."""

    _HEADINGS = (("usage:", "用法："), ("positional arguments:", "参数："), ("options:", "选项："))
    _MESSAGES = (
        ("the following arguments are required", "缺少必需的参数"),
        ("unrecognized arguments", "无法识别的参数"),
        ("invalid choice", "无效的选择"),
        ("choose from", "可选"),
        ("expected one argument", "需要一个值"),
        ("argument ", "参数 "),
    )

    def _chinese(self, text: str) -> str:
        for english, chinese in self._HEADINGS:
            text = text.replace(english, chinese)
        return text

    def format_usage(self) -> str:
        return self._chinese(super().format_usage())

    def format_help(self) -> str:
        return self._chinese(super().format_help())

    def error(self, message: str) -> NoReturn:
        for english, chinese in self._MESSAGES:
            message = message.replace(english, chinese)
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"academy：用法错误：{message}\n")


def _date(text: str) -> dt.date:
    try:
        return parse_date(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是 YYYY-MM-DD 格式的日期") from None


def _root(text: str) -> Path:
    path = Path(text)
    if not path.is_dir():
        raise argparse.ArgumentTypeError(f"目录“{text}”不存在")
    return path.resolve()


def _add_root(p: argparse.ArgumentParser) -> None:
    p.add_argument("--root", type=_root, default=Path.cwd(), help="仓库根目录（默认：当前目录）")


def _add_as_of(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--as-of", type=_date, default=None, help="按此日期判断证书状态，YYYY-MM-DD（默认：今天）"
    )


def _add_verbose(p: argparse.ArgumentParser) -> None:
    p.add_argument("-v", "--verbose", action="store_true", help="显示 MkDocs 的详细日志")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="academy",
        description="客服学院：校验名册、评分、维护证书账本并生成培训门户。",
        add_help=False,
    )
    parser.add_argument("-h", "--help", action="help", help="显示帮助并退出")
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=_Parser)
    sub.required = True

    p = sub.add_parser("validate", help="校验全部方案、名册、撤销记录和课程模块", add_help=False)
    p.add_argument("-h", "--help", action="help", help="显示帮助并退出")
    _add_root(p)
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("grade", help="校验并评分，更新证书账本", add_help=False)
    p.add_argument("-h", "--help", action="help", help="显示帮助并退出")
    _add_root(p)
    _add_as_of(p)
    p.add_argument("--json", action="store_true", help="把结果以 JSON 输出到标准输出")
    p.set_defaults(func=cmd_grade)

    p = sub.add_parser("build", help="评分、生成页面并构建静态网站到 site/", add_help=False)
    p.add_argument("-h", "--help", action="help", help="显示帮助并退出")
    _add_root(p)
    _add_as_of(p)
    _add_verbose(p)
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("serve", help="构建并在本机预览网站（修改后自动刷新）", add_help=False)
    p.add_argument("-h", "--help", action="help", help="显示帮助并退出")
    _add_root(p)
    _add_as_of(p)
    p.add_argument("--addr", default="127.0.0.1:8000", help="监听地址（默认 127.0.0.1:8000）")
    _add_verbose(p)
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser(
        "verify",
        help="离线校验一份 Open Badges 3.0 证书凭证",
        description="离线校验证书凭证的签名、有效期和撤销状态。",
        epilog="退出码：0 真实且有效（含待复评）；1 无效（未签名、签名不符、被改动、已撤销、"
        "已被取代、已过期或尚未生效）；2 无法校验（文件或公钥不可用）；"
        "3 真实且在有效期内，但找不到撤销列表（请加 --root）。",
        add_help=False,
    )
    p.add_argument("-h", "--help", action="help", help="显示帮助并退出")
    p.add_argument("file", type=Path, help="凭证文件（.json 或 .jwt）")
    p.add_argument(
        "--key",
        type=Path,
        default=None,
        help="公钥文件（PEM 或 JWK）；默认用所在网站目录的 keys/jwks.json，"
        "找不到时用凭证自带的公钥（只能证明未被改动）",
    )
    p.add_argument("--root", type=_root, default=None, help="仓库根目录：同时对照账本检查撤销状态")
    p.add_argument("--as-of", type=_date, default=None, help="按此日期判断有效期（默认：今天）")
    p.set_defaults(func=cmd_verify)

    ci = sub.add_parser("ci", help="持续集成用的子命令", add_help=False)
    ci.add_argument("-h", "--help", action="help", help="显示帮助并退出")
    ci_sub = ci.add_subparsers(dest="ci_command", metavar="子命令", parser_class=_Parser)
    ci_sub.required = True
    from .ci import register as register_ci

    register_ci(ci_sub, _add_root, _add_as_of)
    return parser


def _today() -> dt.date:
    return dt.date.today()


def _report(err: InputError) -> int:
    for problem in err.problems:
        print(problem, file=sys.stderr)
    print(f"共发现 {len(err.problems)} 个问题，未写入任何文件。", file=sys.stderr)
    return EXIT_INPUT


def cmd_validate(args: argparse.Namespace) -> int:
    from .core.pipeline import run

    outcome = run(args.root, _today(), write=False)
    cohorts = len(outcome.project.cohorts)
    print(
        f"校验通过：{len(outcome.project.programs)} 个方案，{cohorts} 个班次，"
        f"{len(outcome.results)} 条考核记录，{len(outcome.project.modules)} 个课程模块。",
        file=sys.stderr,
    )
    return EXIT_OK


def cmd_grade(args: argparse.Namespace) -> int:
    from .core.pipeline import run

    as_of = args.as_of or _today()
    outcome = run(args.root, as_of, write=True)
    if args.json:
        sys.stdout.write(outcome.to_json())
    else:
        certified = sum(r.status == "certified" for r in outcome.results)
        print(
            f"评分完成：{len(outcome.results)} 条考核记录，{certified} 人获得认证；"
            f"证书 {len(outcome.certificates)} 张，本次新增 {outcome.added} 张"
            f"（{'账本已更新' if outcome.ledger_written else '账本无变化'}）。",
            file=sys.stderr,
        )
    return EXIT_OK


def cmd_build(args: argparse.Namespace) -> int:
    from .publish.build import build_site

    as_of = args.as_of or _today()
    return build_site(args.root, as_of, verbose=args.verbose)


def cmd_serve(args: argparse.Namespace) -> int:
    from .publish.serve import serve_portal

    return serve_portal(args.root, args.as_of or _today(), args.addr, verbose=args.verbose)


def cmd_verify(args: argparse.Namespace) -> int:
    from .core.verification import verify

    return verify(args.file, key=args.key, root=args.root, as_of=args.as_of or _today())


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    func: Callable[[argparse.Namespace], int] = args.func
    try:
        return func(args)
    except InputError as err:
        return _report(err)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
