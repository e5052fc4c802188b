"""Self-checks on module pages: practice questions only, exam material never under site/."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from academy.core.pipeline import load_project
from academy.core.validate.bank import Bank
from tests.support.site import BuiltSite


def the_bank(root: Path) -> Bank:
    bank = load_project(root).bank
    assert isinstance(bank, Bank)
    return bank


def site_texts(site: Path) -> dict[str, str]:
    """Every text file the site publishes (pages, search index, sitemaps, scripts)."""
    out = {}
    for path in sorted(site.rglob("*")):
        if path.is_file():
            try:
                out[path.relative_to(site).as_posix()] = path.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                continue
    return out


def test_no_exam_question_key_or_marking_guide_under_site(demo_site: BuiltSite) -> None:
    """Is no exam question (id, stem) nor any short answer's key point or marking guide published?

    A key point that merely repeats a sentence of the public teaching text (a module's
    body, or a practice question) cannot leak; every other one must not appear. The
    answer key lives in the printed answer sheet only.
    """
    bank = the_bank(demo_site.root)
    texts = site_texts(demo_site.site)
    public = "\n".join(
        p.read_text(encoding="utf-8")
        for p in sorted((demo_site.root / "curriculum/modules").glob("*.md"))
    )
    public += "\n".join(q.stem + q.explanation for q in bank.practice())
    exam = [q for q in bank.questions.values() if not q.practice]
    assert exam, "the demo bank has exam questions"
    secrets: list[str] = []
    for q in exam:
        secrets += [q.id, q.stem]
    for q in bank.questions.values():
        secrets += [k for k in q.key_points if k not in public]
        if q.marking_guide:
            secrets.append(q.marking_guide)
    assert len(secrets) > 2 * len(exam)
    leaks = [(name, s) for s in secrets for name, text in texts.items() if s in text]
    assert leaks == []


def test_practice_questions_are_on_their_module_page(demo_site: BuiltSite) -> None:
    """Does every module page carry a self-check with exactly its practice questions?"""
    bank = the_bank(demo_site.root)
    modules = {q.module for q in bank.questions.values()}
    for module in modules:
        html = (demo_site.site / "modules" / module / "index.html").read_text(encoding="utf-8")
        forms = _Forms()
        forms.feed(html)
        assert forms.quiz == module
        practice = bank.of_module(module, use="practice")
        checked = [q.id for q in practice if q.type != "short"]
        assert forms.qids == checked + [q.id for q in practice if q.type == "short"]


def test_progress_page_lists_every_module_and_the_paths(demo_site: BuiltSite) -> None:
    """Does 学习进度 list every module, with a link that resolves, and each position's path
    with exactly its modules, in its order?"""
    html = (demo_site.site / "modules/progress/index.html").read_text(encoding="utf-8")
    rows = _Rows()
    rows.feed(html)
    project = load_project(demo_site.root)
    assert sorted(rows.modules) == sorted(project.modules)
    for href in rows.links:
        assert (demo_site.site / "modules/progress" / href / "index.html").resolve().is_file()
    import yaml

    paths = yaml.safe_load((demo_site.root / "curriculum/paths.yaml").read_text("utf-8"))["paths"]
    assert rows.paths == {k: " ".join(v["modules"]) for k, v in paths.items()}


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.quiz: str | None = None
        self.qids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "div" and "academy-quiz" in (a.get("class") or "").split():
            self.quiz = a.get("data-module")
        if tag == "form" and a.get("data-qid"):
            self.qids.append(str(a["data-qid"]))


class _Rows(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.modules: list[str] = []
        self.links: list[str] = []
        self.paths: dict[str, str] = {}
        self._in_row = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "tr" and a.get("data-module"):
            self.modules.append(str(a["data-module"]))
            self._in_row = True
        if tag == "a" and self._in_row and a.get("href"):
            self.links.append(str(a["href"]))
        if tag == "option" and a.get("value"):
            self.paths[str(a["value"])] = str(a.get("data-modules"))

    def handle_endtag(self, tag: str) -> None:
        if tag == "tr":
            self._in_row = False
