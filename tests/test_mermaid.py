"""`paperhop export mermaid` as a blog draws it: the block pasted into a Markdown post, rendered by markdown-it-py,
the fence turned into `<pre class="mermaid">` as blogs' Mermaid plugins do, and drawn by Mermaid itself in Debian's
Chromium, with no network.

Mermaid comes from the npm registry, pinned in tools/mermaid/package.json (and its lock); .ci/run installs it with
`npm ci`. Without it this test is skipped, saying how to install it (in CI, where `PAPERHOP_REQUIRE_TOOLS=1`, it
fails). `PAPERHOP_DOCS_SHOTS=1` also writes the README's screenshots,
docs/embed/mermaid-desktop.png and docs/embed/mermaid-phone.png.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner
from markdown_it import MarkdownIt
from playwright.sync_api import Browser, Page

from paperhop.cli import cli

from .conftest import needs
from .test_browser import Watch
from .test_browser import browser as browser  # the one Chromium fixture
from .test_embed import PHONE, markdown_post, post, shot

MERMAID_JS = Path(__file__).parent.parent / "tools" / "mermaid" / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"
INSTALL = "npm ci --prefix tools/mermaid --no-audit --no-fund --ignore-scripts"
FENCE = re.compile(r'<pre><code class="language-mermaid">(.*?)</code></pre>', re.S)


def mermaid_js() -> str:
    """Mermaid's browser bundle; the test is skipped (failed in CI) when it is not installed."""
    needs(None if MERMAID_JS.is_file() else f"Mermaid is not installed: {INSTALL}")
    script = MERMAID_JS.read_text(encoding="utf-8")
    assert "</script" not in script.lower()  # inlined as it is
    return script


def export(*args: str) -> str:
    result = CliRunner().invoke(cli, ["export", *args])
    assert result.exit_code == 0, result.output
    return result.output


def blog_page(block: str, script: str) -> str:
    """The post a blog serves: Markdown rendered by markdown-it-py (CommonMark, HTML on), the mermaid fence handed
    to Mermaid, which draws every `pre.mermaid` on load."""
    html = MarkdownIt("commonmark", {"html": True}).render(markdown_post(block))
    html, n = FENCE.subn(r'<pre class="mermaid">\1</pre>', html)
    assert n == 1, html
    head = f"<script>{script}</script><script>mermaid.initialize({{startOnLoad: true}});</script>"
    return post(html, head=head)


def wait_drawn(page: Page) -> None:
    page.wait_for_function(
        "() => document.querySelector('pre.mermaid[data-processed] svg g.node') !== null", timeout=20_000
    )


def test_a_blog_draws_the_mermaid_block(browser: Browser, tmp_path: Path) -> None:
    script = mermaid_js()
    block = export("mermaid", "--path", "vit", "sora")
    nodes = json.loads(export("json", "--path", "vit", "sora"))["nodes"]
    path = tmp_path / "post.html"
    path.write_text(blog_page(block, script), encoding="utf-8")
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    watch = Watch(page)
    page.goto(path.as_uri())
    wait_drawn(page)
    svg = page.locator("pre.mermaid svg")
    assert svg.count() == 1
    assert svg.locator("g.node").count() == len(nodes) == 30
    assert page.locator("pre.mermaid .error-icon, pre.mermaid .error-text").count() == 0
    labels = svg.evaluate("svg => [...svg.querySelectorAll('g.node')].map(g => g.textContent.trim())")
    assert sorted(labels) == sorted(f"{n['label']} ({n['year']})" if n.get("year") else n["label"] for n in nodes)
    for label in ("ViT (2020)", "ViViT (2021)", "Sora (2024)"):
        assert label in labels
    assert page.locator("article > p").last.inner_text() == "After graph 1: the paragraph is still a paragraph."
    watch.assert_clean(path.as_uri())
    shot(page.locator("article"), "mermaid-desktop.png", tmp_path)
    phone = browser.new_page(viewport=PHONE)
    watch = Watch(phone)
    phone.goto(path.as_uri())
    wait_drawn(phone)
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    watch.assert_clean(path.as_uri())
    shot(phone.locator("article"), "mermaid-phone.png", tmp_path)
