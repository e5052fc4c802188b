"""The ``academy`` command: parses arguments and calls a stage, nothing more.

Exit codes: 0 ok, 1 bad input (problems on stderr), 2 misuse.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from .core.dates import parse_date, today
from .core.errors import InputError, Problem
from .core.vocabulary import Exit, ResultStatus

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


def _directory(text: str) -> Path:
    path = Path(text)
    if not path.is_dir():
        raise argparse.ArgumentTypeError(f"目录“{text}”不存在")
    return path.resolve()


def _site(text: str) -> Path:
    """A saved portal: its directory, or its verification kit (one file)."""
    path = Path(text)
    if path.is_file():
        return path.resolve()
    return _directory(text)


def _root(text: str) -> Path:
    path = _directory(text)
    if not any((path / part).is_dir() for part in PORTAL_PARTS):
        raise argparse.ArgumentTypeError(
            f"目录“{text}”不是客服学院的仓库（其中没有 curriculum/ 或 rosters/ 目录）"
        )
    return path.resolve()


PORTAL_PARTS = ("curriculum", "rosters")  # a repository has at least one of them
_ADDR = re.compile(r"(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252}))?:([0-9]{1,5})")


def _addr(text: str) -> str:
    """``host:port`` for ``serve``, checked before anything is graded or written."""
    match = _ADDR.fullmatch(text)
    if match is None or not 0 < int(match.group(2)) < 65536:
        raise argparse.ArgumentTypeError(
            f"“{text}”不是有效的监听地址，应写作 主机:端口，如 127.0.0.1:8000"
        )
    return text


def _add_root(p: argparse.ArgumentParser) -> None:
    p.add_argument("--root", type=_root, default=".", help="仓库根目录（默认：当前目录）")


def _add_as_of(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--as-of",
        type=_date,
        default=None,
        help="按此日期判断证书状态，YYYY-MM-DD（默认：北京时间今天）",
    )


def _add_dry_run(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--dry-run", action="store_true", help="只校验并列出将写入的文件和行，不写入任何文件"
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

    p = sub.add_parser(
        "build",
        help="评分、生成页面并构建静态网站到 site/（加 --publish 才写证书账本）",
        add_help=False,
    )
    p.add_argument("-h", "--help", action="help", help="显示帮助并退出")
    _add_root(p)
    _add_as_of(p)
    p.add_argument(
        "--publish",
        action="store_true",
        help="发布用的构建：把新证书追加到证书账本和复评记录，拒绝本机或示例的 site_url "
        "和 repo_url（环境变量 ACADEMY_PUBLISH=1 效果相同）；不加时只预览，不写账本",
    )
    _add_verbose(p)
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("serve", help="构建并在本机预览网站（修改后自动刷新）", add_help=False)
    p.add_argument("-h", "--help", action="help", help="显示帮助并退出")
    _add_root(p)
    _add_as_of(p)
    p.add_argument(
        "--addr", type=_addr, default="127.0.0.1:8000", help="监听地址（默认 127.0.0.1:8000）"
    )
    _add_verbose(p)
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser(
        "verify",
        help="离线校验一份 Open Badges 3.0 证书凭证",
        description="离线校验证书凭证的签名、有效期和撤销状态。",
        epilog="只采信签发者公布的公钥：--key 指定的文件，--site 指定的门户目录中的 "
        "keys/jwks.json，或在门户仓库中运行时本仓库构建的 site/keys/jwks.json"
        "（签发者为 mkdocs.yml 的 site_url）；从不采信凭证自带或指向的密钥。"
        "退出码：0 真实且有效（含待复评）；1 无效（未签名、伪造、其他签发者的、被改动、"
        "已撤销、已被取代、已过期、尚未生效，或撤销列表未签名、非同一签发者）；"
        "2 无法校验（文件不可用，或没有签发者的可信公钥）；"
        "3 状态未知：真实且在有效期内，但找不到签发者的撤销列表，或撤销列表已过期"
        "（请加 --site 或 --root，或取得门户最新的核验包）。",
        add_help=False,
    )
    p.add_argument("-h", "--help", action="help", help="显示帮助并退出")
    p.add_argument("file", type=Path, help="凭证文件（.json 或 .jwt）")
    p.add_argument(
        "--key",
        type=Path,
        default=None,
        help="签发者公布的公钥文件（PEM、JWK 或 JWK 集合）",
    )
    p.add_argument(
        "--site",
        type=_site,
        default=None,
        help="签发门户的网站目录（含 keys/jwks.json、issuer.json 和撤销列表），"
        "或从门户保存的核验包 keys/verification-kit.json",
    )
    p.add_argument("--root", type=_root, default=None, help="仓库根目录：同时对照账本检查撤销状态")
    p.add_argument("--as-of", type=_date, default=None, help="按此日期判断有效期（默认：今天）")
    p.set_defaults(func=cmd_verify)

    p = sub.add_parser(
        "keys",
        help="签名密钥：academy keys new 输出一对新的签名私钥",
        description="输出一对新的签名私钥（P-256 用于 ES256 签名的 JWT 凭证，"
        "Ed25519 用于内嵌证明），PEM 格式，供保存为仓库密钥 ACADEMY_SIGNING_KEY。"
        "只输出到标准输出，不写任何文件。",
        add_help=False,
    )
    p.add_argument("-h", "--help", action="help", help="显示帮助并退出")
    p.add_argument("action", choices=["new"], help="new：生成新的密钥对")
    p.set_defaults(func=cmd_keys)

    p = sub.add_parser(
        "print",
        help="生成带持证人全名和防伪码的纸质证书（写到网站以外的目录）",
        description="生成一张证书的打印版（含全名和防伪码），写到 --out 目录；"
        "防伪码的加盐哈希追加到 rosters/print-codes.csv，重新发布门户后可在证书查验页核验。",
        add_help=False,
    )
    p.add_argument("-h", "--help", action="help", help="显示帮助并退出")
    p.add_argument("cert_id", metavar="证书编号", help="例如 CS2024001")
    p.add_argument(
        "--out", type=Path, required=True, help="输出目录（须在仓库和构建读取的目录之外）"
    )
    _add_root(p)
    _add_as_of(p)
    p.set_defaults(func=cmd_print)

    p = sub.add_parser(
        "export",
        help="导出人事名单：调薪、晋升候选、试用期、补考、复评计划等（不写入仓库）",
        description="按截至日期计算人事名单。--json 输出到标准输出；--out 写成 .xlsx 和 .csv 文件。"
        "名单含个人和薪酬信息，只能写到仓库和构建读取的目录之外。",
        add_help=False,
    )
    p.add_argument("-h", "--help", action="help", help="显示帮助并退出")
    _add_root(p)
    _add_as_of(p)
    target = p.add_mutually_exclusive_group(required=True)
    target.add_argument("--json", action="store_true", help="以 JSON 输出到标准输出")
    target.add_argument(
        "--out", type=Path, default=None, help="把每份名单写成 .xlsx 和 .csv（目录须在仓库之外）"
    )
    p.set_defaults(func=cmd_export)

    imp = sub.add_parser("import", help="从 Excel/CSV 表格导入人员名册或班次成绩", add_help=False)
    imp.add_argument("-h", "--help", action="help", help="显示帮助并退出")
    imp_sub = imp.add_subparsers(dest="import_command", metavar="子命令", parser_class=_Parser)
    imp_sub.required = True
    p = imp_sub.add_parser(
        "people", help="把人事系统导出的表格并入人员名册（rosters/people）", add_help=False
    )
    p.add_argument("-h", "--help", action="help", help="显示帮助并退出")
    p.add_argument("file", type=Path, help="表格文件（.xlsx 或 .csv）")
    _add_root(p)
    p.add_argument("--into", default=None, help="新部门写入的名册文件，如 rosters/people/cs-4.yaml")
    _add_dry_run(p)
    p.set_defaults(func=cmd_import_people)
    p = imp_sub.add_parser("scores", help="把成绩表导入一个班次名册（新建或更新）", add_help=False)
    p.add_argument("-h", "--help", action="help", help="显示帮助并退出")
    p.add_argument("file", type=Path, help="表格文件（.xlsx 或 .csv）")
    p.add_argument("--cohort", required=True, help="班次编号（名册文件名）")
    _add_root(p)
    p.add_argument("--program", default=None, help="新建班次时：考核方案编号")
    p.add_argument("--assessed-on", type=_date, default=None, help="新建班次时：考核日期")
    p.add_argument("--title", default=None, help="新建班次时：班次名称")
    _add_dry_run(p)
    p.set_defaults(func=cmd_import_scores)

    people = sub.add_parser("people", help="人员名册维护（离职人员个人信息删除）", add_help=False)
    people.add_argument("-h", "--help", action="help", help="显示帮助并退出")
    people_sub = people.add_subparsers(
        dest="people_command", metavar="子命令", parser_class=_Parser
    )
    people_sub.required = True
    p = people_sub.add_parser(
        "forget",
        help="删除一位离职人员的个人信息（保留证书编号和状态），并记录到 rosters/forgotten.yaml",
        add_help=False,
    )
    p.add_argument("-h", "--help", action="help", help="显示帮助并退出")
    p.add_argument("employee", help="员工编号")
    p.add_argument("--reason", required=True, help="删除依据，如 离职满 6 个月")
    _add_root(p)
    p.add_argument("--on", type=_date, default=None, help="删除日期（默认：今天）")
    _add_dry_run(p)
    p.set_defaults(func=cmd_people_forget)

    p = sub.add_parser(
        "why",
        help="逐步说明一张证书或一位员工的结果从何而来（含个人信息，只输出到终端）",
        description="一行一步：名册中的行、方案规则、成绩、等级、证书状态，以及列入的人事名单；"
        "每行写作 文件:行号: 说明。含个人信息，只输出到终端，不写任何文件。",
        add_help=False,
    )
    p.add_argument("-h", "--help", action="help", help="显示帮助并退出")
    p.add_argument("subject", metavar="证书编号或员工编号", help="例如 CS2024001 或 A001")
    _add_root(p)
    _add_as_of(p)
    p.add_argument("--json", action="store_true", help="把各步骤以 JSON 输出到标准输出")
    p.set_defaults(func=cmd_why)

    p = sub.add_parser("cycles", help="月度、季度、年度考核汇总（不写任何文件）", add_help=False)
    p.add_argument("-h", "--help", action="help", help="显示帮助并退出")
    _add_root(p)
    _add_as_of(p)
    p.add_argument("--json", action="store_true", help="把结果以 JSON 输出到标准输出")
    p.set_defaults(func=cmd_cycles)

    ci = sub.add_parser("ci", help="持续集成用的子命令", add_help=False)
    ci.add_argument("-h", "--help", action="help", help="显示帮助并退出")
    ci_sub = ci.add_subparsers(dest="ci_command", metavar="子命令", parser_class=_Parser)
    ci_sub.required = True
    from .ci import register as register_ci

    register_ci(ci_sub, _add_root, _add_as_of)
    from academy.hr import consequences  # the HR lists' changes, for the PR summary

    ci_sub.choices["summary"].set_defaults(hr_lists=consequences)
    from academy.commands.exam import register as register_exam

    register_exam(sub, _add_root)
    return parser


def _today() -> dt.date:
    return today()


def _warn(warnings: list[Problem]) -> None:
    """Warnings (W###), in the error format; they never change the exit code."""
    for warning in warnings:
        print(warning, file=sys.stderr)
    if warnings:
        print(f"共 {len(warnings)} 条警告（不影响本次结果），请尽快处理。", file=sys.stderr)


def _report(err: InputError) -> int:
    _warn(err.warnings)
    for problem in err.problems:
        print(problem, file=sys.stderr)
    print(f"共发现 {len(err.problems)} 个问题，未写入任何文件。", file=sys.stderr)
    return EXIT_INPUT


def cmd_validate(args: argparse.Namespace) -> int:
    from .core.pipeline import run
    from .publish.build import check_links

    outcome = run(args.root, _today(), write=False)
    check_links(args.root, outcome)  # the same link check as the build (E510)
    _warn(outcome.project.bank.warnings)
    cohorts = len(outcome.project.cohorts)
    print(
        f"校验通过：{len(outcome.project.programs)} 个方案，{cohorts} 个班次，"
        f"{len(outcome.results)} 条考核记录，{len(outcome.project.modules)} 个课程模块。",
        file=sys.stderr,
    )
    return EXIT_OK


def cmd_grade(args: argparse.Namespace) -> int:
    from .core.pipeline import gc_paused, run

    as_of = args.as_of or _today()
    with gc_paused():  # for the JSON too: made after the run, it would set the collector
        outcome = run(args.root, as_of, write=True)  # scanning every object the run left
        if args.json:
            sys.stdout.write(outcome.to_json())
            return EXIT_OK
    certified = sum(r.status == ResultStatus.CERTIFIED for r in outcome.results)
    print(
        f"评分完成：{len(outcome.results)} 条考核记录，{certified} 人获得认证；"
        f"证书 {len(outcome.certificates)} 张，本次新增 {outcome.added} 张"
        f"（{'账本已更新' if outcome.ledger_written else '账本无变化'}）"
        + (f"；新记录复评结果 {outcome.renewals_added} 条" if outcome.renewals_added else "")
        + "。",
        file=sys.stderr,
    )
    return EXIT_OK


def cmd_build(args: argparse.Namespace) -> int:
    from academy.core.load.portal import PUBLISH_VARIABLE

    from .publish.build import build_site

    as_of = args.as_of or _today()
    publish = args.publish or os.environ.get(PUBLISH_VARIABLE, "") == "1"
    return build_site(args.root, as_of, verbose=args.verbose, publish=publish)


def cmd_serve(args: argparse.Namespace) -> int:
    from .publish.serve import serve_portal

    return serve_portal(args.root, args.as_of or _today(), args.addr, verbose=args.verbose)


def cmd_export(args: argparse.Namespace) -> int:
    from academy.hr.export import export_command

    return export_command(args.root, args.as_of or _today(), as_json=args.json, out=args.out)


def _label(path: Path) -> str:
    return path.as_posix()


def cmd_import_people(args: argparse.Namespace) -> int:
    from academy.records.importer import import_people

    return import_people(
        args.root, args.file, _label(args.file), args.into, _today(), dry_run=args.dry_run
    )


def cmd_import_scores(args: argparse.Namespace) -> int:
    from academy.records.importer import import_scores

    return import_scores(
        args.root,
        args.file,
        _label(args.file),
        args.cohort,
        _today(),
        program=args.program,
        assessed_on=args.assessed_on,
        title=args.title,
        dry_run=args.dry_run,
    )


def cmd_people_forget(args: argparse.Namespace) -> int:
    from academy.records.forget import forget

    return forget(args.root, args.employee, args.reason, args.on or _today(), dry_run=args.dry_run)


def cmd_verify(args: argparse.Namespace) -> int:
    from academy.core.credentials.verification import verify

    cwd = Path.cwd()
    repo = cwd if (cwd / "mkdocs.yml").is_file() else None
    return verify(
        args.file,
        key=args.key,
        root=args.root,
        as_of=args.as_of or _today(),
        site=args.site,
        repo=repo,
    )


def cmd_keys(args: argparse.Namespace) -> int:
    from academy.core.credentials.keys import new_pair

    sys.stdout.write(new_pair())
    return EXIT_OK


def cmd_print(args: argparse.Namespace) -> int:
    from academy.publish.printed import print_certificate

    return print_certificate(args.root, args.cert_id, args.out, args.as_of or _today())


def cmd_why(args: argparse.Namespace) -> int:
    from academy.hr.why import why_command

    return why_command(args.root, args.subject, args.as_of or _today(), as_json=args.json)


def cmd_cycles(args: argparse.Namespace) -> int:
    from academy.commands.cycles import cmd_cycles as run_cycles

    return run_cycles(args, _today())


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
