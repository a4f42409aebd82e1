"""The HTML export in a real browser: Debian's Chromium, headless, driven by Playwright.

.ci/run installs chromium with apt-get. Without it these tests are skipped, saying so, except in CI
(``PAPERHOP_REQUIRE_TOOLS=1``), where they fail: the export is not checked until a browser has drawn it.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from paperhop.export import build_view
from paperhop.export.html import render_html
from paperhop.graph import CITED, build_graph, edge_links

from .conftest import HOSTILE_TITLE, hostile_data, needs

CHROMIUM = "/usr/bin/chromium"
# Root in CI needs --no-sandbox; this machine has no internet, so Chromium must not try to reach it.
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    needs(None if shutil.which(CHROMIUM) else "Chromium is not installed: apt-get install chromium")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


class Watch:
    """Everything a page does that it should not: errors, dialogs, requests off this file."""

    def __init__(self, page: Page) -> None:
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        page.on("request", lambda r: self.requests.append(r.url))

    def assert_clean(self, page_url: str) -> None:
        assert self.errors == []
        assert self.dialogs == []
        assert [u for u in self.requests if u != page_url and not u.startswith("data:")] == []


def open_page(browser: Browser, path: Path) -> tuple[Page, Watch]:
    page = browser.new_page(viewport={"width": 1280, "height": 860})
    watch = Watch(page)
    page.goto(path.as_uri())
    page.wait_for_selector("[data-ready=true]", timeout=10_000)
    return page, watch


def counts(page: Page, root: str) -> Any:
    return page.evaluate(
        "id => { const p = document.getElementById(id).paperhop;"
        " return [p.nodes.length, p.edges.length, Object.keys(p.network.body.nodes).length]; }",
        root,
    )


def test_the_standalone_page_works_from_file_with_no_network(browser: Browser, tmp_path: Path) -> None:
    G = build_graph(hostile_data())
    path = tmp_path / "graph.html"
    path.write_text(render_html(build_view(G), element_id="g"), encoding="utf-8")
    page, watch = open_page(browser, path)

    nodes, edges, drawn = counts(page, "g")
    assert (nodes, edges, drawn) == (G.number_of_nodes(), G.number_of_edges(), G.number_of_nodes())

    # The hostile record shows its characters and runs nothing.
    assert page.locator("#g .ph-legend").inner_text().count("<i>section</i>") == 1
    box = page.locator("#g .ph-canvas").bounding_box()
    assert box is not None

    def point(key: str) -> tuple[float, float]:
        xy = page.evaluate(
            "key => { const n = document.getElementById('g').paperhop.network;"
            " return n.canvasToDOM(n.getPosition(key)); }",
            key,
        )
        return box["x"] + xy["x"], box["y"] + xy["y"]

    page.mouse.move(*point("evil"))
    tooltip = page.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible", timeout=5_000)
    assert tooltip.inner_text().splitlines()[0] == HOSTILE_TITLE
    assert tooltip.locator("img").count() == 0

    # The search box focuses the paper typed, once (Enter fires a change event too), and the side panel
    # shows it as text.
    page.locator("#g .ph-panel").evaluate(
        """panel => { window.shown = 0; new MutationObserver(records => records.forEach(r => r.addedNodes.forEach(
          n => { if (n.tagName === 'H3') window.shown += 1; }))).observe(panel, {childList: true}); }"""
    )
    page.fill("#g .ph-search", "beta")
    page.press("#g .ph-search", "Enter")
    page.locator("#g .ph-search").blur()
    assert page.evaluate("() => document.getElementById('g').paperhop.network.getSelectedNodes()") == ["beta"]
    assert page.evaluate("() => window.shown") == 1
    panel = page.locator("#g .ph-panel")
    assert panel.is_visible()
    assert "Beta Builds on Alpha" in panel.inner_text()
    assert "Alpha: Beta extends Alpha; real citation" in panel.inner_text()  # the note's full stop dropped

    # Clicking the hostile paper opens its panel: its link is a link, its title plain text.
    page.evaluate(  # the whole graph in view again, once the view stops moving
        """() => new Promise(done => { const n = document.getElementById('g').paperhop.network;
          n.fit({animation: false}); let last = null;
          const still = () => { const at = JSON.stringify([n.getScale(), n.getViewPosition()]);
            if (at === last) done(); else { last = at; setTimeout(still, 50); } }; still(); })"""
    )
    x, y = point("evil")
    assert box["x"] < x < box["x"] + box["width"]  # on the canvas: the click lands on the node
    assert box["y"] < y < box["y"] + box["height"]
    page.mouse.click(x, y)
    assert panel.locator("h3").inner_text() == "</script> (2021)"
    assert panel.locator("a").get_attribute("href") == "https://example.org/?q=<script>"
    assert panel.locator("img, script, b").count() == 0

    # The filter hides every edge of a kind.
    page.locator("#g .ph-filter input[value='real citation']").uncheck()
    hidden = page.evaluate("() => document.getElementById('g').paperhop.edges.get().filter(e => e.hidden).length")
    assert hidden == sum(edge_links(G, u, v) == CITED for u, v in G.edges)

    page.screenshot(path=str(tmp_path / "standalone.png"))
    assert (tmp_path / "standalone.png").stat().st_size > 10_000
    watch.assert_clean(path.as_uri())


def test_two_fragments_share_a_page_without_interfering(browser: Browser, tmp_path: Path) -> None:
    G = build_graph(hostile_data())
    first = render_html(build_view(G), embed=True)
    second = render_html(
        build_view(G, focus="beta", concepts=False), embed=True, theme="dark", height="300px", layout="force"
    )  # physics that settles, then stops
    path = tmp_path / "post.html"
    path.write_text(
        f"<!DOCTYPE html><meta charset=utf-8><title>post</title><h1>My post</h1>{first}"
        f"<p>Between the graphs.</p>{second}",
        encoding="utf-8",
    )
    page = browser.new_page(viewport={"width": 1000, "height": 1600})
    watch = Watch(page)
    page.goto(path.as_uri())
    page.wait_for_function("() => document.querySelectorAll('[data-ready=true]').length === 2", timeout=10_000)
    roots = page.evaluate("() => [...document.querySelectorAll('div.paperhop')].map(d => d.id)")
    assert len(set(roots)) == 2
    assert counts(page, roots[0])[:2] == [G.number_of_nodes(), G.number_of_edges()]
    assert counts(page, roots[1])[:2] == [3, 2]  # beta, alpha and gamma, no concept
    assert page.locator(f"#{roots[1]} .ph-canvas").bounding_box()["height"] == 300  # type: ignore[index]
    page.fill(f"#{roots[1]} .ph-search", "alpha")
    page.press(f"#{roots[1]} .ph-search", "Enter")
    physics = page.evaluate(
        "ids => ids.map(id => document.getElementById(id).paperhop.network.physics.physicsEnabled)", roots
    )
    assert physics == [False, False]
    selected = page.evaluate(
        "ids => ids.map(id => document.getElementById(id).paperhop.network.getSelectedNodes())", roots
    )
    assert selected == [[], ["alpha"]]
    page.screenshot(path=str(tmp_path / "post.png"), full_page=True)
    watch.assert_clean(path.as_uri())
