"""The second net behind E503: the built pages, read with an HTML5 parser, and the
Content-Security-Policy, tried in Chromium."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from selectolax.lexbor import LexborHTMLParser, LexborNode

from academy.site import csp
from academy.site.pages import read_config
from tests.support.browser import Tabs, require_chromium
from tests.support.site import BuiltSite, html_pages

pytestmark = pytest.mark.slow

URL_ATTRIBUTES = ("href", "src", "srcset", "action", "formaction", "poster", "data", "cite")
# what the browser fetches by itself (a plain <a href> or a canonical link fetches nothing)
LOADING_LINKS = {"stylesheet", "icon", "preload", "modulepreload", "manifest", "prefetch"}
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)", re.IGNORECASE)


def directives(policy: str) -> dict[str, list[str]]:
    out = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            out[words[0]] = words[1:]
    return out


def loads_off_site(value: str, page_url: str) -> bool:
    """Does a browser on ``page_url`` fetch ``value`` from another origin? (``\\`` is ``/``.)"""
    value = re.sub(r"[\t\n\r]", "", value).strip().replace("\\", "/")
    if value.startswith("data:"):
        return False  # reported as a data: URL where it matters
    target = urlsplit(urljoin(page_url, value))
    return (target.scheme, target.netloc) != ("http", "portal.invalid")


def problems_of(html: str, page_url: str) -> list[str]:
    """Handlers, javascript:/data: URLs, off-site loads, and a missing or weak policy."""
    tree = LexborHTMLParser(html)
    found: list[str] = []
    metas = tree.css('meta[http-equiv="Content-Security-Policy" i]')
    if not metas:
        return ["no Content-Security-Policy"]
    policy = directives(metas[0].attributes.get("content") or "")
    scripts = policy.get("script-src", [])
    if "'unsafe-inline'" in scripts or not scripts or policy.get("script-src-attr") != ["'none'"]:
        found.append(f"weak script-src: {scripts}")
    if policy.get("default-src") != ["'self'"] or policy.get("object-src") != ["'none'"]:
        found.append(f"weak policy: {policy}")
    head = tree.head
    first = head.css_first("script") if head is not None else None
    position = html.find("<script")
    if first is not None and 0 <= position < html.find("Content-Security-Policy"):
        found.append("a script comes before the policy")
    node: LexborNode
    for node in tree.root.traverse(include_text=False) if tree.root else ():
        attributes = node.attributes
        for name, raw in attributes.items():
            value = raw or ""
            if name.lower().startswith("on"):
                found.append(f"<{node.tag} {name}=>")
            if name.lower() in URL_ATTRIBUTES:
                clean = re.sub(r"[\s\x00-\x1f]", "", value).lower()
                if clean.startswith(("javascript:", "vbscript:")) or (
                    clean.startswith("data:") and node.tag != "img"
                ):
                    found.append(f"<{node.tag} {name}={value[:40]}>")
            if name.lower() == "style":
                for url in CSS_URL.findall(value):
                    if loads_off_site(url, page_url):
                        found.append(f"<{node.tag} style=url({url})>")
        tag = node.tag or ""
        rel = set((attributes.get("rel") or "").lower().split())
        loaded = {
            "script": "src",
            "img": "src",
            "iframe": "src",
            "embed": "src",
            "object": "data",
            "audio": "src",
            "video": "src",
            "source": "src",
            "input": "src",
        }.get(tag)
        if tag == "link" and rel & LOADING_LINKS:
            loaded = "href"
        if loaded and attributes.get(loaded) and loads_off_site(attributes[loaded] or "", page_url):
            found.append(f"<{tag} {loaded}={attributes[loaded]}> loads off the site")
        if tag == "script" and not attributes.get("src"):
            kind = (attributes.get("type") or "").lower()
            if kind not in ("application/json", "application/ld+json"):
                body = node.text(deep=True)
                digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
                if f"'sha256-{digest}'" not in scripts:
                    found.append("an inline script the policy does not list")
    return found


def test_no_built_page_has_a_handler_a_script_url_or_an_off_site_load(
    demo_site: BuiltSite,
) -> None:
    """Read with lexbor, does every built page carry the policy (before any script, no
    'unsafe-inline' for scripts), and no event handler, javascript:/data: URL,
    off-site load or unlisted inline script?"""
    pages = html_pages(demo_site.site)
    assert len(pages) > 150  # the MkDocs pages and the certificate pages
    bad = {}
    for path in pages:
        url = "http://portal.invalid/" + path.relative_to(demo_site.site).as_posix()
        found = problems_of(path.read_text(encoding="utf-8"), url)
        if found:
            bad[path.relative_to(demo_site.site).as_posix()] = found
    assert bad == {}


@pytest.mark.parametrize(
    "html",
    [
        "<p>x</p>",  # no policy
        '<meta http-equiv="Content-Security-Policy" content="{policy}">'
        '<img src="x.png" onerror="alert(1)">',
        '<meta http-equiv="Content-Security-Policy" content="{policy}">'
        '<a href="jav&#x61;script:alert(1)">x</a>',
        '<meta http-equiv="Content-Security-Policy" content="{policy}">'
        '<img src="\\/evil.example/x.png">',
        '<meta http-equiv="Content-Security-Policy" content="{policy}">'
        '<span style="background:url(https://evil.example/x.png)">x</span>',
        '<meta http-equiv="Content-Security-Policy" content="{policy}"><script>alert(1)</script>',
        '<meta http-equiv="Content-Security-Policy" content="script-src \'unsafe-inline\'">',
    ],
)
def test_the_page_check_catches_what_it_must(html: str) -> None:
    """Does the built-site check itself fail on each kind of page it must refuse?"""
    page = html.replace("{policy}", csp.policy())
    assert problems_of(f"<!doctype html><html><head>{page}</head></html>", "http://portal.invalid/")


def test_fill_hashes_only_the_themes_own_scripts() -> None:
    """Is a theme script hashed, and a script that is not the theme's left without a
    hash (so it does not run)?"""
    theme = '__md_scope=new URL("../..",location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}'  # noqa: E501
    page = (
        f"<head><meta content='{csp.PLACEHOLDER}'><script>{theme}</script><script>alert(1)</script>"
    )
    policy = directives(csp.fill(page).split("content='")[1].split("'><")[0])
    assert csp.script_hash(theme) in policy["script-src"]
    assert csp.script_hash("alert(1)") not in policy["script-src"]


@pytest.mark.browser
def test_the_site_works_under_its_policy_and_a_missed_handler_does_not_run(
    browser: Tabs, served: str, demo_site: BuiltSite
) -> None:
    """In Chromium: do search, the palette toggle and a self-check work with no policy
    violation, and does an event handler added to the page (one E503 missed) stay dead?"""
    require_chromium()
    from playwright.sync_api import expect

    config = read_config(demo_site.root)
    assert config["theme"]["palette"]
    violations: list[str] = []
    page = browser.new_page()
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e =>"
        " console.error('Content Security Policy violation: ' + e.violatedDirective"
        " + ' ' + e.blockedURI))"
    )
    page.goto(served)
    # the palette toggle (mkdocs-material's own scripts, allowed by their hashes)
    before = page.locator("body").get_attribute("data-md-color-scheme")
    page.locator("label.md-header__button[for^='__palette_']:visible").first.click()
    expect(page.locator("body")).not_to_have_attribute("data-md-color-scheme", before or "")
    # search (Pagefind's WebAssembly, 'wasm-unsafe-eval')
    page.locator("#academy-search-input").click()
    page.keyboard.type("投诉处理")
    done = page.locator('#academy-search-results[data-query="投诉处理"]')
    done.wait_for(state="attached")
    expect(done.locator(".academy-search-result > a").first).to_be_visible()
    # a self-check on a module page
    page.goto(f"{served}modules/complaint-handling/")
    form = page.locator("form[data-qid='complaint-handling-007']")  # key C
    form.locator("input[value='C']").check()
    form.locator("button[type=submit]").click()
    expect(form.locator("[data-verdict]")).to_have_text("回答正确。")
    assert violations == []  # everything above ran under the policy
    # an inline handler that got onto the page anyway does not run
    fired = page.evaluate(
        "() => { const b = document.createElement('button');"
        " b.setAttribute('onclick', 'window.__fired = true'); document.body.append(b);"
        " b.click(); return window.__fired === true; }"
    )
    assert fired is False
    page.wait_for_function("() => true")  # let the violation report arrive
    expect(page.locator("body")).to_be_visible()
    assert violations and all("script-src-attr" in v for v in violations), violations


def test_problems_of_reads_the_demo_certificate_page_too(demo_site: BuiltSite) -> None:
    """Is a certificate page (written outside MkDocs) under the same policy?"""
    page = next(Path(demo_site.site, "certificates").glob("CS*/index.html"))
    assert problems_of(page.read_text(encoding="utf-8"), "http://portal.invalid/") == []
