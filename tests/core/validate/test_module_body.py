"""The module-body allow-list, held to the build: its extensions and what they make."""

from __future__ import annotations

from pathlib import Path

from academy.core.validate.module_body import (
    DEFAULT_EXTENSIONS,
    BodyChecker,
    build_extensions,
    check_body,
    renderer,
)

REPO = Path(__file__).resolve().parents[3]

EVERYTHING_THE_GUIDE_ALLOWS = """\
# 标题 {: #top .big }

正文 **粗体** *斜体* `代码` [模块](other.md) [外部网站](https://example.org/)
[邮件](mailto:a@example.org) ![图](../assets/x.png){: width="200" }

| 左 | 右 |
|:---|---:|
| 1  | 2  |

- [x] 完成
- [ ] 未完成

!!! note "提示"
    内容

??? tip "展开"
    内容

=== "甲"
    内容甲

=== "乙"
    内容乙

术语
:   解释

*[HTML]: 超文本

脚注[^1]

[^1]: 注释

<div markdown="1" class="grid">
**块内 Markdown**
</div>

```html
<script>alert(1)</script><img src="https://evil.example/x.png" onerror="x()">
```

`<iframe src="javascript:alert(1)">` 是代码，不会执行。
"""


def test_the_projects_defaults_are_the_shipped_mkdocs_extensions() -> None:
    """Does a repository without mkdocs.yml check bodies with the same extensions that
    the shipped mkdocs.yml builds with?"""
    assert build_extensions(REPO) == DEFAULT_EXTENSIONS
    assert build_extensions(REPO / "no-such-dir") == DEFAULT_EXTENSIONS


def test_everything_the_guide_allows_passes() -> None:
    """Are tabs, task lists, admonitions, footnotes, aligned tables and code that shows
    HTML all accepted (no false alarm on the markup the extensions make)?"""
    assert check_body(EVERYTHING_THE_GUIDE_ALLOWS, "m.md", 1, renderer(DEFAULT_EXTENSIONS)) == []


def test_a_repository_without_attr_list_does_not_turn_braces_into_attributes(
    tmp_path: Path,
) -> None:
    """Is the body rendered with *this* repository's extensions: without attr_list,
    ``{: onclick=…}`` stays text, and with it, it is an event handler?"""
    (tmp_path / "mkdocs.yml").write_text("markdown_extensions:\n  - tables\n", encoding="utf-8")
    body = '一段话\n{: onclick="alert(1)" }\n'
    assert check_body(body, "m.md", 1, renderer(build_extensions(tmp_path))) == []
    assert check_body(body, "m.md", 1, renderer(DEFAULT_EXTENSIONS))


def test_a_remembered_body_is_judged_by_the_extensions_and_place_of_this_run(
    tmp_path: Path,
) -> None:
    """Bodies checked before are remembered between runs: is the same body still E503
    under attr_list and clean without it, in either order, and reported at this run's
    path and line?"""
    (tmp_path / "mkdocs.yml").write_text("markdown_extensions:\n  - tables\n", encoding="utf-8")
    body = '一段话（记住）\n{: onclick="alert(1)" }\n'
    with_attr_list, without = (
        BodyChecker(DEFAULT_EXTENSIONS),
        BodyChecker(build_extensions(tmp_path)),
    )
    first = with_attr_list(body, "a.md", 1)
    assert [(p.path, p.line) for p in first] == [("a.md", 2)]
    assert without(body, "a.md", 1) == []
    assert (
        with_attr_list(body, "a.md", 1)
        == first
        == check_body(body, "a.md", 1, renderer(DEFAULT_EXTENSIONS))
    )
    assert [(p.path, p.line) for p in BodyChecker(DEFAULT_EXTENSIONS)(body, "b.md", 7)] == [
        ("b.md", 8)
    ]


def test_body_onload_is_refused() -> None:
    """Is an event handler on a <body> tag in the source (moved onto the page's body by
    the parser) still found?"""
    found = check_body('<body onload="alert(1)">\n', "m.md", 3, renderer(DEFAULT_EXTENSIONS))
    assert [(p.line, p.code) for p in found] == [(3, "E503")]


def test_the_guide_states_the_limits() -> None:
    """Does the trainer guide give the body's limits as the code applies them?"""
    from academy.core.validate.module_body import MAX_BODY, MAX_UNTERMINATED

    guide = (REPO / "docs/guide/modules.md").read_text(encoding="utf-8")
    assert f"最多 {MAX_BODY} 个字符" in guide and f"超过 {MAX_UNTERMINATED} 处" in guide
