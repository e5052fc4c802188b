"""``academy print CERT_ID --out DIR``: the full-name paper certificate, outside ``site/``.

The steps, in order: check the number (full match) and the output folder (not inside
the built site, where everything is public); grade without writing; find the
certificate (revoked or superseded ones are not printed); make a new 防伪码 and
its salted hash (``printcodes``); write ``DIR/<ID>.html`` (standalone, the stylesheet
inlined, QR code to the public page); then append the hash to
``rosters/print-codes.csv``. The next build puts the hash on the certificate's
public page, where a verifier types the code from the paper to check it.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from markupsafe import Markup

from academy.core import pipeline
from academy.core.certify import printcodes
from academy.core.load import outputs
from academy.core.load.outputs import out_dir_problem
from academy.core.vocabulary import CertStatus, Exit
from academy.site.certificates import qr
from academy.site.certificates.view import CERT_ID, SettingProblem, chinese_date, site_url, views
from academy.site.common import template_env
from academy.site.pages import read_config, site_context

CSS = "docs/assets/stylesheets/certificates.css"


def _refuse(message: str, code: Exit = Exit.USAGE) -> Exit:
    print(f"academy print：{message}，未写入任何文件。", file=sys.stderr)
    return code


def print_certificate(root: Path, cert_id: str, out: Path, as_of: dt.date) -> Exit:
    """Write ``out/<cert_id>.html`` with the full name and a new code; 0 on success."""
    if not CERT_ID.fullmatch(cert_id):
        return _refuse(f"“{cert_id[:40]}”不是证书编号（例如 CS2024001）")
    why = outputs.refuse_output(root, out)
    if why is not None:
        return _refuse(why)
    target = out.resolve()
    why = out_dir_problem(out, [f"{cert_id}.html"])
    if why is not None:
        return _refuse(why)
    _, problems = printcodes.read(root)
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        return _refuse("防伪码记录有误", Exit.INPUT)
    outcome = pipeline.run(root, as_of, write=False)  # InputError: reported by the cli
    ctx = site_context(root, as_of, read_config(root))
    found = [c for c in views(outcome, ctx) if c.id == cert_id]
    cert = next((c for c in outcome.certificates if c.id == cert_id), None)
    if not found or cert is None:
        return _refuse(f"证书账本中没有 {cert_id}")
    view = found[0]
    if view.status in (CertStatus.REVOKED, CertStatus.SUPERSEDED):
        return _refuse(f"证书 {cert_id} {view.status_label}，不能打印")
    try:
        url = site_url(ctx) + view.path
    except SettingProblem as err:
        return _refuse(str(err))
    code = printcodes.new_code()
    size, path = qr.paths_many([url])[0]
    env = template_env()
    env.filters["cn"] = chinese_date
    css_file = root / CSS
    html = env.get_template("certificates/print.html.j2").render(
        c=view,
        full_name=cert.name,
        code=code,
        url=url,
        qr=Markup(qr.svg(path, size, label=f"证书 {cert_id} 查验二维码：{url}")),
        site_name=ctx.site_name,
        css=Markup(css_file.read_text(encoding="utf-8")) if css_file.is_file() else "",
    )
    new = printcodes.record(cert_id, code, as_of)
    target.mkdir(parents=True, exist_ok=True)
    written = target / f"{cert_id}.html"
    written.write_text(html, encoding="utf-8")
    try:
        printcodes.append(root, new)
    except OSError as err:
        written.unlink()
        return _refuse(f"无法写入 {printcodes.FILE}（{err.strerror}）", Exit.INPUT)
    print(
        f"已生成 {written}：含持证人全名和防伪码 {code}。防伪码只印在纸质证书上，"
        f"网站只发布它的哈希（已追加到 {printcodes.FILE}，请提交该文件并重新发布门户）。",
        file=sys.stderr,
    )
    return Exit.OK
