"""The graph as a guest on other people's pages: Markdown posts, hostile hosts, phones, iframes, no JavaScript.

Every test opens what a reader would get in Debian's Chromium (see test_browser.py). The screenshots the README
shows are taken here: `PAPERHOP_DOCS_SHOTS=1 pytest tests/test_embed.py tests/test_notebook.py` writes them to
docs/embed/ as well as to tmp_path.
"""

from __future__ import annotations

import base64
import gzip
import os
import re
import shutil
from pathlib import Path
from typing import Any

import markdown
import networkx as nx
import pytest
from markdown_it import MarkdownIt
from playwright.sync_api import Browser, Locator, Page

from paperhop.export import build_view
from paperhop.export.html import render_html, shared_library
from paperhop.graph import build_graph
from paperhop.load import load

from .conftest import hostile_data
from .test_browser import Watch
from .test_browser import browser as browser  # the one Chromium fixture

DOCS = Path(__file__).parent.parent / "docs" / "embed"
PHONE = {"width": 390, "height": 844}
BLOG_CSS = """body { margin: 0; font: 17px/1.6 Georgia, serif; color: #222; background: #fdfdfb; }
article { max-width: 720px; margin: 0 auto; padding: 24px 18px; } h1 { font-size: 30px; line-height: 1.2; }"""
HOSTILE_CSS = """html { font-size: 30px; } * { margin: 7px; padding: 5px; font: italic 22px/3 serif; letter-spacing: 2px;
box-sizing: content-box; color: #a0a; } div { border: 4px dashed red; background: yellow; display: flex; }
label { font-weight: bold; display: block; text-transform: uppercase; } input { width: 400px; height: 40px; }
canvas { filter: invert(1); width: 50px; } strong, aside, ol, li { display: none; } .paperhop, #g { display: none; }
.vis-tooltip, .ph-bar, .ph-canvas { visibility: hidden; } button { font-size: 40px; }"""
# A page that already holds scripts: its own `vis` (vis-timeline's), jQuery, Bootstrap; every name a UMD
# bundle looks at is a trap that counts reads.
HOSTILE_SCRIPT = """<script>
window.fakeVis = {Timeline: function () {}, version: "7.7.3"};
window.jQuery = window.$ = function () { return {}; };
window.bootstrap = {Tooltip: function () {}};
window.reads = [];
["vis", "Hammer", "define", "module", "exports", "require", "global", "process"].forEach(function (name) {
  var value = name === "vis" ? window.fakeVis : undefined;
  Object.defineProperty(window, name, {configurable: true, enumerable: true,
    get: function () { window.reads.push(name); return value; }, set: function (v) { value = v; }});
});
window.before = [];
window.before = Object.getOwnPropertyNames(window);
</script>"""


@pytest.fixture(scope="module")
def G() -> nx.DiGraph:
    return load()


def shot(target: Page | Locator, name: str, tmp_path: Path, **options: Any) -> Path:
    """A screenshot in tmp_path; with PAPERHOP_DOCS_SHOTS set, also the README's copy in docs/embed/."""
    path = tmp_path / name
    target.screenshot(path=str(path), **options)
    assert path.stat().st_size > 5_000
    if os.environ.get("PAPERHOP_DOCS_SHOTS"):
        DOCS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, DOCS / name)
    return path


def post(body: str, *, head: str = "", css: str = BLOG_CSS) -> str:
    return f"<!DOCTYPE html><html><head><meta charset=utf-8><title>A post</title><style>{css}</style>{head}</head><body><article>{body}</article></body></html>"


def markdown_post(*fragments: str) -> str:
    """A blog post's Markdown with the fragments pasted between paragraphs, as a writer would."""
    parts = ["# Reading my way to Sora\n", "Some *context* first, with a [link](https://example.org).\n"]
    for i, fragment in enumerate(fragments, start=1):
        parts += [fragment, f"After graph {i}: the paragraph is still a **paragraph**.\n"]
    return "\n".join(parts)


def wait_ready(page: Page, n: int) -> None:
    page.wait_for_function(
        f"() => document.querySelectorAll('div.paperhop[data-ready=true]').length === {n}", timeout=15_000
    )


def scale(page: Page, root: str) -> float:
    return float(page.evaluate("id => document.getElementById(id).paperhop.network.getScale()", root))


def test_no_line_of_a_fragment_can_be_read_as_markdown(G: nx.DiGraph) -> None:
    for fragment in (
        render_html(build_view(G, path=("vit", "sora")), embed=True),
        render_html(build_view(build_graph(hostile_data())), embed=True, layout="force", theme="dark"),
        render_html(build_view(G, reading_list_of="sora"), embed=True, shared_lib="paperhop-vis.js"),
    ):
        lines = fragment.splitlines()
        assert [line for line in lines if not line.strip()] == []
        assert [line[:40] for line in lines if re.match(r"( {4}|\t)", line)] == []
        assert lines[0].startswith('<div class="paperhop"')
        assert lines[-1] == "</div>"


@pytest.mark.parametrize("renderer", ["markdown-it-py", "Python-Markdown"])
def test_a_markdown_post_keeps_its_graphs(browser: Browser, G: nx.DiGraph, tmp_path: Path, renderer: str) -> None:
    first = render_html(build_view(G, path=("vit", "sora")), embed=True, height="480px")
    second = render_html(build_view(G, reading_list_of="vivit"), embed=True, height="360px", theme="dark")
    source = markdown_post(first, second)
    if renderer == "markdown-it-py":
        html = MarkdownIt("commonmark", {"html": True}).render(source)
    else:
        html = markdown.markdown(source)
    path = tmp_path / "post.html"
    path.write_text(post(html), encoding="utf-8")
    page = browser.new_page(viewport={"width": 1000, "height": 900})
    watch = Watch(page)
    page.goto(path.as_uri())
    wait_ready(page, 2)
    drawn = page.evaluate(
        "() => [...document.querySelectorAll('div.paperhop')].map(d => Object.keys(d.paperhop.network.body.nodes).length)"
    )
    assert drawn == [len(build_view(G, path=("vit", "sora")).nodes), len(build_view(G, reading_list_of="vivit").nodes)]
    paragraphs = page.locator("article > p").all_inner_texts()
    assert "After graph 2: the paragraph is still a paragraph." in paragraphs
    assert not [p for p in paragraphs if "function" in p or "{" in p]  # no script turned into text
    watch.assert_clean(path.as_uri())
    if renderer == "markdown-it-py":
        shot(page, "blog-desktop.png", tmp_path, full_page=False)
        page.set_viewport_size(PHONE)
        page.locator("div.paperhop").first.scroll_into_view_if_needed()
        shot(page, "blog-phone.png", tmp_path)


def test_the_fragment_reads_and_writes_no_page_global_and_looks_the_same_on_a_hostile_page(
    browser: Browser, G: nx.DiGraph, tmp_path: Path
) -> None:
    view = build_view(G, path=("vit", "sora"))
    fragment = render_html(view, embed=True, element_id="g", height="420px")
    other = render_html(build_view(G, reading_list_of="vivit"), embed=True, element_id="h", height="300px")
    plain, hostile = tmp_path / "plain.html", tmp_path / "hostile.html"
    plain.write_text(post(fragment), encoding="utf-8")
    hostile.write_text(
        post(
            f"<p>A label: <label><input type=checkbox> me</label></p>{fragment}{other}",
            head=HOSTILE_SCRIPT,
            css=BLOG_CSS + HOSTILE_CSS,
        ),
        encoding="utf-8",
    )
    pictures = []
    for path, n in ((plain, 1), (hostile, 2)):
        page = browser.new_page(viewport={"width": 1000, "height": 900})
        watch = Watch(page)
        page.goto(path.as_uri())
        wait_ready(page, n)
        page.mouse.move(0, 0)
        page.wait_for_timeout(200)
        pictures.append(base64.b64encode(page.locator("#g").first.screenshot()).decode())
        if path == hostile:
            shot(page.locator("#g").first, "hostile-host.png", tmp_path)
            assert page.evaluate("() => window.reads") == []
            assert (
                page.evaluate("() => Object.getOwnPropertyNames(window).filter(k => !window.before.includes(k))") == []
            )
            assert page.evaluate("() => window.fakeVis === window.vis && window.vis.version") == "7.7.3"
            assert (
                page.evaluate("() => typeof window.jQuery === 'function' && typeof window.bootstrap.Tooltip")
                == "function"
            )
            assert page.evaluate("() => getComputedStyle(document.querySelector('label')).fontWeight") == "700"
        watch.assert_clean(path.as_uri())
    page = browser.new_page()
    differ = page.evaluate(
        """async ([a, b]) => {
          const load = s => new Promise(r => { const i = new Image(); i.onload = () => r(i); i.src = "data:image/png;base64," + s; });
          const [x, y] = await Promise.all([load(a), load(b)]);
          if (x.width !== y.width || x.height !== y.height) return [x.width, x.height, y.width, y.height];
          const c = document.createElement("canvas"); c.width = x.width; c.height = x.height;
          const g = c.getContext("2d"); g.drawImage(x, 0, 0); const p = g.getImageData(0, 0, c.width, c.height).data;
          g.clearRect(0, 0, c.width, c.height); g.drawImage(y, 0, 0); const q = g.getImageData(0, 0, c.width, c.height).data;
          let n = 0;
          for (let i = 0; i < p.length; i += 4)
            if (Math.max(Math.abs(p[i] - q[i]), Math.abs(p[i + 1] - q[i + 1]), Math.abs(p[i + 2] - q[i + 2])) > 40) n++;
          return n / (p.length / 4);
        }""",
        pictures,
    )
    assert not isinstance(differ, list), f"sizes differ: {differ}"
    assert differ < 0.005


def test_a_shared_library_is_carried_once(browser: Browser, G: nx.DiGraph, tmp_path: Path) -> None:
    views = [build_view(G, path=("vit", "sora")), build_view(G, reading_list_of="vivit")]
    alone = [render_html(v, embed=True) for v in views]
    shared = [render_html(v, embed=True, shared_lib="paperhop-vis.js") for v in views]
    library = shared_library()
    one, two = len((shared[0] + library).encode()), len((shared[0] + shared[1] + library).encode())
    assert two <= 1.25 * one
    assert len(alone[0].encode()) < one + 1_000  # the library is the weight: a fragment alone carries it too
    page_bytes = len(render_html(build_view(G)).encode())
    assert page_bytes <= 470 * 1024  # 461 KB with the one-state page.js
    assert len(gzip.compress(render_html(build_view(G)).encode())) < 125_000  # 121 KB: the one-state page.js

    (tmp_path / "paperhop-vis.js").write_text(library, encoding="utf-8")
    path = tmp_path / "post.html"
    path.write_text(
        post(markdown_html := MarkdownIt("commonmark", {"html": True}).render(markdown_post(*shared))), encoding="utf-8"
    )
    assert markdown_html.count("<script src=") == 2
    page = browser.new_page(viewport={"width": 1000, "height": 900})
    watch = Watch(page)
    page.add_init_script("window.before = []; window.before = Object.getOwnPropertyNames(window)")
    page.goto(path.as_uri())
    wait_ready(page, 2)
    assert page.evaluate("() => Object.getOwnPropertyNames(window).filter(k => !window.before.includes(k))") == []
    assert page.evaluate("() => typeof window.vis") == "undefined"
    watch.requests = [u for u in watch.requests if not u.endswith("/paperhop-vis.js")]
    watch.assert_clean(path.as_uri())


def tall_post(fragment: str) -> str:
    filler = "".join(f"<p>Paragraph {i} of a long post, to scroll past.</p>" for i in range(40))
    return post(f"{filler}{fragment}{filler}")


def test_the_wheel_scrolls_the_page_and_ctrl_wheel_zooms(browser: Browser, G: nx.DiGraph, tmp_path: Path) -> None:
    path = tmp_path / "tall.html"
    path.write_text(tall_post(render_html(build_view(G), embed=True, element_id="g", height="500px")), encoding="utf-8")
    page = browser.new_page(viewport={"width": 1000, "height": 800})
    watch = Watch(page)
    page.goto(path.as_uri())
    wait_ready(page, 1)
    page.locator("#g .ph-canvas").scroll_into_view_if_needed()
    box = page.locator("#g .ph-canvas").bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    start, zoom = page.evaluate("() => window.scrollY"), scale(page, "g")

    page.mouse.wheel(0, 240)
    page.wait_for_function(f"() => window.scrollY > {start}")
    assert scale(page, "g") == zoom
    assert page.locator("#g .ph-hint").inner_text().endswith("scroll to zoom, or click the graph first")

    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2 - 240)
    scrolled = page.evaluate("() => window.scrollY")
    page.keyboard.down("Control")
    page.mouse.wheel(0, -240)
    page.keyboard.up("Control")
    page.wait_for_timeout(200)
    assert scale(page, "g") > zoom
    assert page.evaluate("() => window.scrollY") == scrolled

    # The Fit button brings a lost view back.
    page.evaluate(
        "() => document.getElementById('g').paperhop.network.moveTo({position: {x: 90000, y: 90000}, scale: 4})"
    )
    page.locator("#g .ph-fit").click()
    page.wait_for_timeout(600)
    outside = page.evaluate(
        """() => { const n = document.getElementById('g').paperhop.network, c = n.canvas.frame.canvas;
        return n.body.nodeIndices.filter(id => { const p = n.canvasToDOM(n.getPosition(id));
          return p.x < 0 || p.y < 0 || p.x > c.clientWidth || p.y > c.clientHeight; }); }"""
    )
    assert outside == []
    zoom = scale(page, "g")
    # After a click into the graph, the plain wheel zooms; a click outside gives the wheel back to the page.
    box = page.locator("#g .ph-canvas").bounding_box()
    assert box is not None
    page.mouse.click(
        box["x"] + 8, box["y"] + box["height"] - 8
    )  # its bottom corner, in view below the Fit button's row
    assert page.locator("#g .ph-canvas.ph-active").count() == 1
    page.mouse.wheel(0, -240)
    page.wait_for_timeout(200)
    assert scale(page, "g") > zoom * 1.02
    page.mouse.click(5, 5)
    before = page.evaluate("() => window.scrollY")
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.wheel(0, 200)
    page.wait_for_function(f"() => window.scrollY > {before}")
    watch.assert_clean(path.as_uri())


def still(page: Page) -> int:
    """window.scrollY once a fling has stopped."""
    last = -1
    while (now := page.evaluate("() => window.scrollY")) != last:
        last = now
        page.wait_for_timeout(150)
    return int(now)


def test_one_finger_scrolls_the_page_and_two_zoom_the_graph(browser: Browser, G: nx.DiGraph, tmp_path: Path) -> None:
    path = tmp_path / "tall.html"
    path.write_text(tall_post(render_html(build_view(G), embed=True, element_id="g", height="460px")), encoding="utf-8")
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True, device_scale_factor=2)
    page = context.new_page()
    watch = Watch(page)
    page.goto(path.as_uri())
    wait_ready(page, 1)
    page.locator("#g .ph-canvas").scroll_into_view_if_needed()
    box = page.locator("#g .ph-canvas").bounding_box()
    assert box is not None
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    cdp = context.new_cdp_session(page)

    def touch(kind: str, *points: tuple[float, float]) -> None:
        cdp.send(
            "Input.dispatchTouchEvent",
            {"type": kind, "touchPoints": [{"x": px, "y": py, "id": i} for i, (px, py) in enumerate(points)]},
        )

    start, zoom = page.evaluate("() => window.scrollY"), scale(page, "g")
    touch("touchStart", (x, y))
    for step in range(1, 11):
        touch("touchMove", (x, y - 18 * step))
    touch("touchEnd")
    page.wait_for_function(f"() => window.scrollY > {start} + 50")
    assert scale(page, "g") == zoom

    scrolled = still(page)
    box = page.locator("#g .ph-canvas").bounding_box()
    assert box is not None
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    touch("touchStart", (x - 20, y), (x + 20, y))
    for step in range(1, 11):
        touch("touchMove", (x - 20 - 8 * step, y), (x + 20 + 8 * step, y))
    touch("touchEnd")
    page.wait_for_timeout(300)
    assert scale(page, "g") > zoom * 1.2
    assert page.evaluate("() => window.scrollY") == scrolled
    watch.assert_clean(path.as_uri())


@pytest.mark.parametrize("width", [320, 1000])
def test_the_page_in_an_iframe(browser: Browser, G: nx.DiGraph, tmp_path: Path, width: int) -> None:
    (tmp_path / "road-to-sora.html").write_text(render_html(build_view(G, path=("vit", "sora"))), encoding="utf-8")
    path = tmp_path / "post.html"
    frame_tag = (
        '<iframe src="road-to-sora.html#vivit" title="Road to Sora reading graph" loading="lazy"'
        ' style="width: 100%; height: 640px; border: 0"></iframe>'
    )
    path.write_text(
        post(f"<h1>Embedded with an iframe</h1><p>The page, framed.</p>{frame_tag}<p>After.</p>"), encoding="utf-8"
    )
    page = browser.new_page(
        viewport={"width": width + 36, "height": 800} if width == 320 else {"width": width, "height": 800}
    )
    watch = Watch(page)
    page.goto(path.as_uri())
    frame = page.frame_locator("iframe")
    frame.locator("div.paperhop[data-ready=true]").first.wait_for(timeout=15_000)
    inner = page.frames[1]
    box = page.locator("iframe").bounding_box()
    assert box is not None
    assert inner.evaluate("() => document.documentElement.clientWidth") == (width if width == 320 else box["width"])
    assert inner.evaluate("() => document.documentElement.scrollWidth") <= width  # nothing sticks out sideways
    inner.wait_for_function(
        "() => document.querySelector('div.paperhop').paperhop.network.getSelectedNodes()[0] === 'vivit'"
    )
    assert frame.locator(".ph-panel h3").inner_text() == "ViViT (2021)"
    shot(page, f"iframe-{'phone' if width == 320 else 'desktop'}.png", tmp_path)
    watch.requests = [
        u for u in watch.requests if not u.endswith("road-to-sora.html#vivit") and not u.endswith("road-to-sora.html")
    ]
    watch.assert_clean(path.as_uri())


def test_a_host_that_strips_scripts_still_shows_the_list(browser: Browser, G: nx.DiGraph, tmp_path: Path) -> None:
    """Many blog hosts drop <script> but the reader's browser runs JavaScript: the list must not hide in <noscript>."""
    view = build_view(G, reading_list_of="sora")
    stripped = re.sub(r"<script\b.*?</script>", "", render_html(view, embed=True), flags=re.S)
    assert "<noscript" not in stripped
    path = tmp_path / "post.html"
    path.write_text(post(stripped), encoding="utf-8")
    page = browser.new_page(viewport=PHONE)
    page.goto(path.as_uri())
    items = page.locator("div.paperhop ol.paperhop-list > li")
    listed = sorted((n for n in view.nodes if n.type == "paper" and n.position), key=lambda n: n.position or 0)
    assert items.evaluate_all("lis => lis.map(li => li.dataset.key)") == [n.id for n in listed]
    assert items.first.is_visible()
    page.close()


def test_without_javascript_the_papers_are_a_list_of_links(browser: Browser, G: nx.DiGraph, tmp_path: Path) -> None:
    view = build_view(G, reading_list_of="sora")
    papers = [n for n in view.nodes if n.type == "paper"]
    fragment, page_html = tmp_path / "post.html", tmp_path / "page.html"
    fragment.write_text(
        post(MarkdownIt("commonmark", {"html": True}).render(markdown_post(render_html(view, embed=True)))),
        encoding="utf-8",
    )
    page_html.write_text(render_html(view), encoding="utf-8")
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1000, "height": 900})
    for path in (fragment, page_html):
        page = context.new_page()
        page.goto(path.as_uri())
        items = page.locator("div.paperhop ol.paperhop-list > li")
        listed = sorted((n for n in papers if n.position), key=lambda n: n.position or 0)  # the target's list
        assert items.evaluate_all("lis => lis.map(li => li.dataset.key)") == [n.id for n in listed]
        assert items.locator("a").count() == sum(1 for n in listed if n.url)
        numbers = items.locator(".ph-num").evaluate_all("spans => spans.map(s => s.textContent)")
        assert numbers == [f"{i}." for i in range(1, len(listed) + 1)]  # as the <ol> numbers them: said once
        assert not items.locator(".ph-num").first.is_visible()
        first = items.first
        assert first.inner_text().split("\n")[:2] == ["U-Net 2015", first.locator("a").inner_text()]  # a line each
        assert all(a.startswith("https://") for a in items.locator("a").evaluate_all("as => as.map(a => a.href)"))
        assert page.locator("div.paperhop").first.is_visible()
        if path == fragment:
            shot(page, "no-javascript.png", tmp_path)
