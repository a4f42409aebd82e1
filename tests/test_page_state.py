"""The page tells one truth: its graph, heading and list are drawn from one state, whatever a reader does.

A seeded walk of taps, clicks, ticks, deep links, searches and resets runs in Debian's Chromium; after every
step the numbered, lit nodes equal the list's items and the heading names the same view. Taps on a phone open
what was tapped; fragments leave the host's URL and storage alone; every placement people embed at draws a
graph, or on a phone a strip, with labels that can be read.
"""

from __future__ import annotations

import itertools
import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from playwright.sync_api import Browser, Page

from paperhop import load
from paperhop.export import build_view
from paperhop.export.html import THEMES, render_html
from paperhop.graph import build_graph
from paperhop.models import Edge, GraphData, Paper
from paperhop.queries.paths import reading_list

from .test_browser import browser as browser  # the one Chromium fixture
from .test_reading_page import LABEL_BOXES, POSITIONS, overlaps

DESKTOP, PHONE = {"width": 1400, "height": 900}, {"width": 390, "height": 844}
SHOTS = Path(__file__).parents[1] / "docs" / "embed" if os.environ.get("PAPERHOP_DOCS_SHOTS") else None

# Everything the reader sees, read back from the page: the list, its numbers and heading, each node's caption and
# whether it is lit, the read group, and the state they should all come from.
SEEN = """(id) => { const host = document.getElementById(id), p = host.paperhop, sr = host.shadowRoot;
  const items = [...sr.querySelectorAll(".paperhop-list li[data-key]")];
  const faded = (n) => !!(n.color && String(n.color.background).startsWith("rgba("));
  return {state: p.reading.state(), heading: sr.querySelector(".ph-heading").textContent,
    items: items.map(li => li.dataset.key), numbers: items.map(li => li.querySelector(".ph-num").textContent),
    read: [...sr.querySelectorAll(".ph-read-group li[data-key]")].map(li => li.dataset.key),
    nodes: p.nodes.get().map(n => [n.id, n.label || "", !!n.hidden, faded(n)]),
    strip: sr.querySelector(".paperhop").classList.contains("ph-strip")}; }"""


def disagreements(seen: dict[str, Any], G: nx.DiGraph, title: str) -> list[str]:
    """Every way the graph, heading and list could disagree with each other or with the state."""
    st, items, out = seen["state"], seen["items"], []
    label = {k: G.nodes[k]["label"] for k in G}
    ends = [label[k] for k in st["ends"]]
    want = {
        "path": f"Reading path from {ends[0]} to {ends[-1]}" if ends else "",
        "list": f"Reading list for {ends[0]}" if ends else "",
        "plan": "Reading plan for " + ", ".join(ends),
        "order": title,
    }[st["mode"]]
    if seen["heading"] != want:
        out.append(f"heading {seen['heading']!r} for {st['mode']} {st['ends']}")
    if seen["numbers"] != [f"{i}." for i in range(1, len(items) + 1)]:
        out.append("the list's numbers")
    if st["mode"] == "path" and items and (items[0], items[-1]) != tuple(st["ends"]):
        out.append(f"a path listed from {items[0]} to {items[-1]}, asked from {st['ends']}")
    if st["mode"] == "list" and st["ends"][0] in items:
        out.append("a list holds its own target")
    place = {k: i for i, k in enumerate(items, 1)}
    known = set(st["known"])
    papers = {k for k in G if G.nodes[k]["type"] == "paper"}
    lit = papers - known if st["mode"] == "order" else (set(items) | set(st["ends"])) & papers - known
    drawn = {key for key, *_ in seen["nodes"]}
    for key, caption, hidden, faded in seen["nodes"]:
        number = caption.split(". ", 1)[0] if caption[:1].isdigit() else None
        if number != (str(place[key]) if key in place else None):
            out.append(f"{key} captioned {caption!r}, listed {place.get(key)}")
        if seen["strip"]:
            if hidden == (key in place or key in st["ends"]):
                out.append(f"{key} {'hidden' if hidden else 'shown'} in the strip")
        elif key in papers and faded == (key in lit):
            out.append(f"{key} {'faded' if faded else 'lit'} in {st['mode']}")
        if key in known and key in papers and not caption.split(". ")[-1].startswith("\u2713"):
            out.append(f"{key} read, not ticked on the graph")
    if sorted(seen["read"]) != sorted(known & papers & drawn):
        out.append(f"read group {seen['read']} for known {sorted(known)}")
    if not set(items) <= drawn:
        out.append(f"listed but not drawn: {set(items) - drawn}")
    return out


def export(tmp_path: Path, name: str = "page.html", *, embed: bool = False, element: str = "g", **view: Any) -> Path:
    out = tmp_path / name
    options = {k: view.pop(k) for k in ("theme", "height", "link_state") if k in view}
    out.write_text(
        render_html(build_view(load(), **view), element_id=element, embed=embed, **options), encoding="utf-8"
    )
    return out


def opened(browser: Browser, url: str, viewport: dict[str, int] = DESKTOP, **kw: Any) -> Page:
    """The page in a context of its own: no storage left by another test (file: pages share one origin)."""
    page = browser.new_context(viewport=viewport, **kw).new_page()  # type: ignore[arg-type]
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    page.wait_for_selector("[data-ready=true]", timeout=15_000)
    page.wait_for_timeout(150)
    page.errors = errors  # type: ignore[attr-defined]
    return page


def node_point(page: Page, key: str, element: str = "g", close: bool = True) -> dict[str, Any]:
    """Where a node is on the screen, as a reader would reach it: the view fitted (the Fit button) if the node
    is out of it, the page scrolled to it, and (with *close*) the panel closed if it covers the node."""
    view = "(id) => JSON.stringify([document.getElementById(id).paperhop.network.getViewPosition(), document.getElementById(id).paperhop.network.getScale()])"
    for _ in range(3):
        for _ in range(20):  # the view at rest: a search's focus and Fit animate, more slowly on a busy machine
            was = page.evaluate(view, element)
            page.wait_for_timeout(80)
            if page.evaluate(view, element) == was:
                break
        at = page.evaluate(
            """([id, key, close]) => { const host = document.getElementById(id), net = host.paperhop.network, sr = host.shadowRoot;
            const canvas = sr.querySelector(".ph-canvas"), p = net.canvasToDOM(net.getPosition(key));
            if (p.x < 5 || p.y < 5 || p.x > canvas.clientWidth - 5 || p.y > canvas.clientHeight - 5) {
              sr.querySelector(".ph-fit").click(); return null; }
            const box = canvas.getBoundingClientRect();
            window.scrollBy(0, box.top + p.y - innerHeight / 2);
            const again = canvas.getBoundingClientRect(), x = again.left + p.x, y = again.top + p.y;
            const panel = sr.querySelector(".ph-panel"), hit = sr.elementFromPoint(x, y);
            if (close && hit && panel.contains(hit)) sr.querySelector(".ph-close").click();
            const under = net.getNodeAt(net.canvasToDOM(net.getPosition(key)));
            return {x: x, y: y, under: under === undefined ? key : under}; }""",
            [element, key, close],
        )
        if at is not None:
            return at
        page.wait_for_timeout(500)  # Fit animates
    raise AssertionError(f"{key} is out of view after Fit")


class Walk:
    """A reader doing one random thing at a time on the page, by real clicks, taps, keys and links."""

    def __init__(self, page: Page, G: nx.DiGraph, seed: int) -> None:
        self.page, self.G, self.rng = page, G, random.Random(seed)
        self.papers = sorted(k for k in G if G.nodes[k]["type"] == "paper")
        self.url = page.url.split("#")[0]

    def name(self, key: str) -> str:  # a deep link may name a paper as the CLI does
        return self.rng.choice([key, str(self.G.nodes[key]["label"]), str(self.G.nodes[key]["label"]).upper()])

    def step(self) -> str:
        page, rng = self.page, self.rng
        action = rng.choice(
            ["tap", "tap", "button", "tick", "untick", "link", "search", "typo", "reset", "layout", "filter"]
        )
        sr = "#g"
        if action == "tap":
            drawn = page.evaluate(
                "() => document.getElementById('g').paperhop.nodes.get({filter: n => !n.hidden}).map(n => n.id)"
            )
            key = rng.choice([k for k in drawn if k in self.papers])
            page.wait_for_timeout(350)  # a view still moving (a search's focus animates) moves under the pointer
            at = node_point(page, key)
            page.mouse.click(at["x"], at["y"])
            page.wait_for_timeout(30)
            panel = page.locator(f"{sr} .ph-panel h3").inner_text()
            # the node drawn at that point: another may lie on top of it, and then the tap is on that one
            label = self.G.nodes[at["under"]]["label"]
            assert panel.startswith(str(label)), (key, at["under"], panel)
            return f"tap {key}"
        if action == "button":
            buttons = page.locator(f"{sr} .ph-panel:not([hidden]) .ph-actions button")
            if buttons.count():
                buttons.nth(rng.randrange(buttons.count())).click()
                return "panel button"
            return "no panel"
        if action == "tick":
            boxes = page.locator(f"{sr} .paperhop-list .ph-read input")
            if boxes.count():
                boxes.nth(rng.randrange(boxes.count())).click()
            return "tick"
        if action == "untick":
            group = page.locator(f"{sr} .ph-read-group")
            if group.is_visible():
                if not group.evaluate("d => d.open"):
                    page.locator(f"{sr} .ph-read-group summary").click()
                boxes = page.locator(f"{sr} .ph-read-group input")
                if boxes.count():
                    boxes.nth(rng.randrange(boxes.count())).click()
            return "untick"
        if action == "link":
            a, b = rng.sample(self.papers, 2)
            part = rng.choice(
                [
                    f"path={self.name(a)},{self.name(b)}",
                    f"list={self.name(a)}",
                    f"plan={self.name(a)},{self.name(b)}",
                    f"list={self.name(b)}&known={a}",
                    self.name(a),
                ]
            )
            page.evaluate("h => { location.hash = h; }", part)
            page.wait_for_timeout(30)
            return f"link #{part}"
        if action in ("search", "typo"):
            key = rng.choice(self.papers)
            label = str(self.G.nodes[key]["label"])
            box = page.locator(f"{sr} .ph-search")
            box.fill(label + ("x" if action == "typo" else ""))
            box.press("Enter")
            offers = page.locator(f"{sr} .ph-note .ph-offer")
            if action == "typo" and offers.count():
                offers.first.click()
            return f"{action} {label}"
        if action == "reset":
            page.locator(f"{sr} .ph-controls button", has_text="Reset").click()
            return "reset"
        if action == "layout":
            page.locator(f"{sr} .ph-controls button").first.click()
            return "layout"
        boxes = page.locator(f"{sr} .ph-filter input")
        boxes.nth(rng.randrange(boxes.count())).click()
        return "filter"


@pytest.mark.parametrize(
    ("view", "seed"),
    [({}, 1), ({"reading_list_of": "sora"}, 2), ({"path": ("vit", "sora")}, 3)],
    ids=["whole", "list", "path"],
)
def test_a_walk_of_200_steps_never_leaves_the_graph_and_the_list_disagreeing(
    browser: Browser, tmp_path: Path, view: dict[str, Any], seed: int
) -> None:
    G = load()
    page = opened(browser, export(tmp_path, **view).as_uri())
    title = build_view(G, **view).title
    walk, found = Walk(page, G, seed), []
    for number in range(200):
        did = walk.step()
        found += [f"step {number} ({did}): {d}" for d in disagreements(page.evaluate(SEEN, "g"), G, title)]
    assert found == []
    assert page.errors == []  # type: ignore[attr-defined]


def test_the_walk_also_holds_on_a_phone(browser: Browser, tmp_path: Path) -> None:
    G = load()
    page = opened(browser, export(tmp_path, reading_list_of="sora").as_uri(), PHONE, has_touch=True, is_mobile=True)
    title, walk, found = build_view(G, reading_list_of="sora").title, Walk(page, G, 7), []
    for number in range(60):
        did = walk.step()
        found += [f"step {number} ({did}): {d}" for d in disagreements(page.evaluate(SEEN, "g"), G, title)]
    assert found == []


def post(tmp_path: Path, *fragments: Path, width: int = 720) -> Path:
    filler = "<p>" + "A paragraph of the post, long enough to scroll the page. " * 12 + "</p>\n"
    body = filler * 3 + "\n".join(f.read_text(encoding="utf-8") + filler * 2 for f in fragments)
    out = tmp_path / "post.html"
    out.write_text(
        '<!DOCTYPE html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,'
        f' initial-scale=1"><style>main {{ max-width: {width}px; margin: 0 auto; padding: 0 12px; }}</style></head>'
        f'<body><main><h2 id="what-to-read">What to read</h2>{body}</main></body></html>',
        encoding="utf-8",
    )
    return out


@pytest.mark.parametrize("where", ["standalone", "post"])
def test_every_tap_on_a_phone_opens_the_tapped_paper_and_never_leaves_the_page(
    browser: Browser, tmp_path: Path, where: str
) -> None:
    G = load()
    if where == "standalone":
        url = export(tmp_path).as_uri()
    else:
        fragment = export(tmp_path, "f.html", embed=True, reading_list_of="sora", height="520px")
        url = post(tmp_path, fragment).as_uri()
    page = opened(browser, url, PHONE, has_touch=True, is_mobile=True)
    drawn = page.evaluate(
        "() => document.getElementById('g').paperhop.nodes.get({filter: n => !n.hidden}).map(n => n.id)"
    )
    papers = [k for k in drawn if G.nodes[k]["type"] == "paper"]
    wrong = []
    for key in papers:
        at = node_point(page, key, close=where == "standalone")  # on the strip the panel has room of its own
        page.touchscreen.tap(at["x"], at["y"])
        page.wait_for_timeout(60)
        title = page.locator("#g .ph-panel h3").inner_text() if page.locator("#g .ph-panel h3").count() else ""
        if not title.startswith(str(G.nodes[key]["label"])) or page.url != url:
            wrong.append((key, title, page.url))
            page.goto(url)
            page.wait_for_selector("[data-ready=true]")
    assert len(papers) >= 17
    assert wrong == []


def test_a_fragment_leaves_the_hosts_url_alone_and_two_never_share_their_state(
    browser: Browser, tmp_path: Path
) -> None:
    first = export(tmp_path, "a.html", embed=True, element="a", path=("vit", "sora"))
    second = export(tmp_path, "b.html", embed=True, element="b", reading_list_of="vivit")
    url = post(tmp_path, first, second).as_uri() + "#what-to-read"
    page = opened(browser, url)
    page.wait_for_selector("#a[data-ready=true]")
    page.wait_for_selector("#b[data-ready=true]")
    for element in ("a", "b"):
        assert page.locator(f"#{element} .ph-note").is_hidden()  # the host's anchor is the host's
    page.locator("#a .paperhop-list .ph-read input").first.click()
    assert page.url == url
    page.reload()
    page.wait_for_selector("#b[data-ready=true]")
    assert page.evaluate("() => document.getElementById('a').paperhop.reading.state().known") == ["vit"]
    assert page.evaluate("() => document.getElementById('b').paperhop.reading.state().known") == []
    assert page.locator("#b .ph-heading").inner_text() == "Reading list for ViViT"


def test_with_link_state_a_fragment_keeps_its_view_under_its_own_id(browser: Browser, tmp_path: Path) -> None:
    fragment = export(tmp_path, "f.html", embed=True, path=("vit", "sora"), link_state=True)
    url = post(tmp_path, fragment).as_uri()
    page = opened(browser, url + "#what-to-read&g:list=vivit")
    assert page.locator("#g .ph-heading").inner_text() == "Reading list for ViViT"
    page.locator("#g .paperhop-list .ph-read input").first.click()
    assert page.url.endswith("#what-to-read&g:list=vivit&g:known=transformer")


def test_the_standalone_page_opens_a_named_paper_and_follows_an_edited_hash(browser: Browser, tmp_path: Path) -> None:
    page = opened(browser, export(tmp_path).as_uri() + "#vivit")
    page.wait_for_timeout(100)
    assert page.locator("#g .ph-note").is_hidden()
    assert page.locator("#g .ph-panel h3").inner_text().startswith("ViViT")
    page.evaluate("() => { location.hash = 'list=Sora&known=U-Net'; }")
    page.wait_for_timeout(100)
    assert page.locator("#g .ph-heading").inner_text() == "Reading list for Sora"
    assert "unet" not in page.evaluate(SEEN, "g")["items"]
    assert page.evaluate(SEEN, "g")["read"] == ["unet"]


@pytest.mark.parametrize(
    "hash", ["#list=constructor", "#path=__proto__,toString", "#focus=constructor", "#%E0%A4%A", "#via=__proto__"]
)
def test_a_hostile_link_or_storage_value_never_blanks_the_page(browser: Browser, tmp_path: Path, hash: str) -> None:
    path = export(tmp_path)
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri())
    page.wait_for_selector("[data-ready=true]")
    key = page.evaluate(
        "() => JSON.parse(document.getElementById('g').shadowRoot.querySelector('script.ph-data').textContent).storeKey"
    )
    assert key.startswith("paperhop-known:g:")
    for value in ("1", "{}", "true", '["constructor"]', "[1,2]"):  # each stored, then the page opened on it
        page.evaluate("([k, v]) => localStorage.setItem(k, v)", [key, value])
        page.goto(path.as_uri() + hash)
        page.wait_for_selector("[data-ready=true]")
        assert errors == [], value
        assert len(page.evaluate(SEEN, "g")["items"]) >= 1, value


def test_read_papers_stay_in_sight_each_with_its_own_untick(browser: Browser, tmp_path: Path) -> None:
    G = load()
    page = opened(browser, export(tmp_path, reading_list_of="sora").as_uri())
    for key in ("unet", "transformer"):
        page.locator(f'#g .paperhop-list li[data-key="{key}"] .ph-read input').click()
    seen = page.evaluate(SEEN, "g")
    assert seen["read"] == ["transformer", "unet"]
    assert seen["items"] == reading_list(G, "sora", known=["transformer", "unet"])
    assert disagreements(seen, G, "") == []
    page.locator("#g .ph-read-group summary").click()
    page.locator('#g .ph-read-group li[data-key="unet"] input').click()
    seen = page.evaluate(SEEN, "g")
    assert seen["read"] == ["transformer"]
    assert seen["items"] == reading_list(G, "sora", known=["transformer"])


def test_a_typo_offers_names_that_open_their_paper(browser: Browser, tmp_path: Path) -> None:
    page = opened(browser, export(tmp_path).as_uri())
    page.locator("#g .ph-search").fill("vivt")
    page.locator("#g .ph-search").press("Enter")
    offers = page.locator("#g .ph-note .ph-offer")
    assert offers.all_inner_texts() == ["NaViT", "ViT", "ViViT"]
    offers.nth(2).click()
    assert page.locator("#g .ph-panel h3").inner_text().startswith("ViViT")


def test_path_from_here_never_asks_for_a_path_from_a_paper_to_itself(browser: Browser, tmp_path: Path) -> None:
    page = opened(browser, export(tmp_path, reading_list_of="sora").as_uri())
    page.locator('#g .paperhop-list li[data-key="dit"] .ph-name').click()
    page.locator("#g .ph-actions button", has_text="Path from here").click()
    assert page.locator("#g .ph-heading").inner_text() == "Reading path from DiT to Sora"
    at = node_point(page, "sora")
    page.mouse.click(at["x"], at["y"])
    assert page.locator("#g .ph-actions button", has_text="Path from here").count() == 0


def luminance(color: str) -> float:
    channels = [int(color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_text_and_links_are_at_least_4_5_to_1_against_their_backgrounds(theme: str) -> None:
    c = THEMES[theme]
    for fg in ("text", "muted", "link"):
        for bg in ("background", "panel"):
            a, b = sorted((luminance(c[fg]), luminance(c[bg])), reverse=True)
            assert (a + 0.05) / (b + 0.05) >= 4.5, (fg, bg)


def test_theme_auto_follows_the_readers_colour_scheme(browser: Browser, tmp_path: Path) -> None:
    path = export(tmp_path, theme="auto")
    for scheme, theme in (("dark", "dark"), ("light", "light")):
        page = opened(browser, path.as_uri(), color_scheme=scheme)
        background = page.evaluate(
            "() => getComputedStyle(document.getElementById('g').shadowRoot.querySelector('.paperhop')).backgroundColor"
        )
        r, g, b = (int(THEMES[theme]["background"][i : i + 2], 16) for i in (1, 3, 5))
        assert background == f"rgb({r}, {g}, {b})"
        font = page.evaluate("() => document.getElementById('g').paperhop.network.body.nodes.vit.options.font.color")
        assert font == THEMES[theme]["text"]


def test_the_png_is_twice_the_canvas_on_the_themes_background_with_heading_and_legend(
    browser: Browser, tmp_path: Path
) -> None:
    page = opened(browser, export(tmp_path, theme="dark", path=("vit", "sora")).as_uri())
    canvas = page.evaluate(
        "() => { const c = document.getElementById('g').shadowRoot.querySelector('canvas'); return [c.width, c.height]; }"
    )
    url = page.evaluate("() => document.getElementById('g').paperhop.reading.png()")
    size = page.evaluate(
        """(u) => new Promise(done => { const img = new Image(); img.onload = () => {
        const c = document.createElement("canvas"); c.width = img.width; c.height = img.height;
        const ctx = c.getContext("2d"); ctx.drawImage(img, 0, 0);
        done([img.width, img.height, Array.from(ctx.getImageData(2, 2, 1, 1).data)]); }; img.src = u; })""",
        url,
    )
    assert size[0] == 2 * canvas[0]
    assert size[1] > 2 * canvas[1]  # the heading above and the legend below
    r, g, b = (int(THEMES["dark"]["background"][i : i + 2], 16) for i in (1, 3, 5))
    assert size[2] == [r, g, b, 255]


SIZES = {
    "desktop 1400x900": ({"width": 1400, "height": 900}, None),
    "laptop 1280x800": ({"width": 1280, "height": 800}, None),
    "blog column 720": ({"width": 1000, "height": 900}, 720),
    "notebook output 583": ({"width": 900, "height": 900}, 583),
    "phone 390x844": (PHONE, None),
}


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("view", [{"reading_list_of": "sora"}, {"path": ("vit", "sora")}], ids=["list", "path"])
def test_every_placement_draws_a_graph_with_labels_of_11px_that_never_meet(
    browser: Browser, tmp_path: Path, size: str, view: dict[str, Any]
) -> None:
    viewport, column = SIZES[size]
    phone = viewport == PHONE
    if column:
        url = post(tmp_path, export(tmp_path, "f.html", embed=True, height="520px", **view), width=column).as_uri()
    else:
        url = export(tmp_path, height="520px", **view).as_uri()
    page = opened(browser, url, viewport, has_touch=phone, is_mobile=phone)
    page.wait_for_timeout(300)
    canvas = page.evaluate(
        "() => { const c = document.getElementById('g').shadowRoot.querySelector('.ph-canvas'); return [c.clientWidth, c.clientHeight]; }"
    )
    seen = page.evaluate(SEEN, "g")
    boxes = page.evaluate(LABEL_BOXES)
    papers = [b for b in boxes if b[0] in set(seen["items"]) | set(seen["state"]["ends"])]
    smallest = min(b[5] for b in papers)
    print(
        f"{size}: canvas {canvas[0]}x{canvas[1]}, {'strip' if seen['strip'] else 'graph'}, smallest label {smallest:.1f} px"
    )
    assert seen["strip"] == (canvas[0] < 480)
    if not seen["strip"]:
        assert canvas[1] == 520  # --height is the graph's height
    assert smallest >= 11
    assert overlaps(boxes) == []
    assert disagreements(seen, load(), "") == []
    if seen["strip"]:  # the strip holds the target, its boxes in one column of one width: arcs beside them
        assert all(not hidden for key, _, hidden, _ in seen["nodes"] if key in seen["state"]["ends"])
        edges = page.evaluate(
            """() => { const p = document.getElementById("g").paperhop;
            return p.nodes.get({filter: n => !n.hidden}).map(n => { const b = p.network.getBoundingBox(n.id);
              return [Math.round(b.left), Math.round(b.right), Math.round(b.top)]; }); }"""
        )
        assert len({(left, right) for left, right, _ in edges}) == 1
        tops = sorted(top for *_, top in edges)
        assert all(b - a >= 40 for a, b in itertools.pairwise(tops))  # boxes never stack
    if SHOTS and "reading_list_of" in view and size in ("blog column 720", "phone 390x844"):  # the README's
        name = size.split()[0] + "-list.png"
        page.locator("#g").first.screenshot(path=str(SHOTS / name))


def test_a_fragment_whose_library_does_not_load_names_the_url_it_tried(browser: Browser, tmp_path: Path) -> None:
    fragment = tmp_path / "f.html"
    view = build_view(load(), path=("vit", "sora"))
    fragment.write_text(
        render_html(view, embed=True, element_id="g", shared_lib="js/paperhop-vis.js"), encoding="utf-8"
    )
    page = browser.new_page()
    page.goto(post(tmp_path, fragment).as_uri())
    page.wait_for_timeout(300)
    said = page.locator("#g > p").first.inner_text()
    assert said.startswith("This graph could not load its library from file://")
    assert "/js/paperhop-vis.js" in said
    assert page.locator("#g .paperhop-list li").count() == 3  # the reader keeps the plain list


def test_a_plan_says_what_its_maximum_left_out_and_a_focus_is_marked(browser: Browser, tmp_path: Path) -> None:
    G = load()
    page = opened(browser, export(tmp_path, plan=["sora", "dit"], max_papers=4).as_uri())
    seen = page.evaluate(SEEN, "g")
    note = page.locator("#g .ph-note").inner_text()
    assert note.startswith("Left out to keep 4: ")
    left = note.removeprefix("Left out to keep 4: ").rstrip(".").split(", ")
    listed = {str(G.nodes[k]["label"]) for k in seen["items"]}
    assert left
    assert not listed & set(left)
    assert len(listed) + len(left) == len(
        (set(reading_list(G, "sora")) | set(reading_list(G, "dit"))) | {"sora", "dit"}
    )
    page = opened(browser, export(tmp_path, "focus.html", focus="vivit").as_uri())
    assert page.evaluate("() => document.getElementById('g').paperhop.nodes.get('vivit').borderWidth") == 4
    assert page.locator("#g .ph-panel h3").inner_text().startswith("ViViT")
    assert page.locator("#g .ph-heading").inner_text() == "Road to Sora: around ViViT"


def test_a_section_has_one_colour_in_every_view_of_the_graph() -> None:
    G = load()
    colour = {}
    for view in ({}, {"reading_list_of": "vivit"}, {"path": ("clip", "llava")}, {"focus": "dit"}):
        for section, color in build_view(G, **view).sections:
            assert colour.setdefault(section, color) == color, (section, view)
    assert len(colour) >= 4


def test_the_timeline_on_a_phone_runs_down_the_years_with_readable_labels(browser: Browser, tmp_path: Path) -> None:
    G = load()
    out = tmp_path / "timeline.html"
    out.write_text(render_html(build_view(G), element_id="g", layout="timeline"), encoding="utf-8")
    page = opened(browser, out.as_uri(), PHONE, has_touch=True, is_mobile=True)
    page.wait_for_timeout(300)
    at = page.evaluate("() => document.getElementById('g').paperhop.network.getPositions()")
    papers = sorted((k for k in G if G.nodes[k]["type"] == "paper"), key=lambda k: G.nodes[k]["year"])
    assert all(
        at[a]["y"] <= at[b]["y"] for a, b in itertools.pairwise(papers) if G.nodes[a]["year"] < G.nodes[b]["year"]
    )
    boxes = page.evaluate(LABEL_BOXES)
    assert overlaps(boxes) == []
    assert min(b[5] for b in boxes if b[0] in set(papers)) >= 10.5  # it was 5-7 px


def test_a_focus_or_a_list_gives_the_same_page_whatever_the_hash_seed(tmp_path: Path) -> None:
    pages = set()
    for seed in ("1", "2", "3"):
        for args in (["--focus", "vit"], ["--reading-list", "vit", "--no-concepts"], ["--plan", "dit,llava"]):
            out = tmp_path / f"{seed}-{args[1]}.html"
            env = {**os.environ, "PYTHONHASHSEED": seed}
            subprocess.run(
                [sys.executable, "-m", "paperhop", "export", "html", *args, str(out)],
                env=env,
                check=True,
                capture_output=True,
            )
            pages.add((args[1], out.read_bytes()))
    assert len(pages) == 3


def test_a_page_without_concepts_answers_as_the_cli_does(browser: Browser, tmp_path: Path) -> None:
    G = load()
    page = opened(browser, export(tmp_path, reading_list_of="sora", concepts=False).as_uri())
    asks = [[t, []] for t in reading_list(G, "sora")]
    got = page.evaluate(
        "(asks) => asks.map(([t, k]) => document.getElementById('g').paperhop.reading.readingList(t, k))", asks
    )
    assert got == [reading_list(G, t) for t, _ in asks]
    before = page.evaluate(SEEN, "g")
    page.locator("#g .ph-controls button", has_text="Reset").click()
    assert page.locator("#g .paperhop-list").inner_text()
    assert page.evaluate(SEEN, "g")["items"] == before["items"]


def test_a_key_that_names_a_prototype_member_is_a_key_like_any_other(browser: Browser, tmp_path: Path) -> None:
    data = GraphData(
        "proto",
        {
            "constructor": Paper(key="constructor", title="Constructor", year=2020, arxiv="2001.00001"),
            "gamma": Paper(key="gamma", title="Gamma", year=2021, arxiv="2101.00001"),
        },
        {},
        [Edge(source="constructor", target="gamma", kind="builds_on", note="Gamma extends it.")],
    )
    G = build_graph(data)
    for view in ({}, {"plan": ["gamma"]}, {"reading_list_of": "gamma"}):
        out = tmp_path / "proto.html"
        out.write_text(render_html(build_view(G, **view), element_id="g"), encoding="utf-8")
        page = opened(browser, out.as_uri())
        seen = page.evaluate(SEEN, "g")
        assert "constructor" in seen["items"]
        assert disagreements(seen, G, "Proto") == []
        assert page.errors == []  # type: ignore[attr-defined]


def test_the_force_layout_keeps_its_places_when_the_view_changes(browser: Browser, tmp_path: Path) -> None:
    out = tmp_path / "force.html"
    out.write_text(render_html(build_view(load()), element_id="g", layout="force"), encoding="utf-8")
    page = opened(browser, out.as_uri())
    before = page.evaluate(POSITIONS)
    page.evaluate("() => document.getElementById('g').paperhop.reading.ask('list', ['dit'])")
    after = page.evaluate(POSITIONS)
    assert all(abs(before[k]["x"] - after[k]["x"]) < 1 and abs(before[k]["y"] - after[k]["y"]) < 1 for k in before)


def test_a_hosts_anchor_leaves_a_linked_fragments_view_and_notes_go_with_their_cause(
    browser: Browser, tmp_path: Path
) -> None:
    fragment = export(tmp_path, "f.html", embed=True, path=("vit", "sora"), link_state=True)
    page = opened(browser, post(tmp_path, fragment).as_uri())
    page.evaluate("() => document.getElementById('g').paperhop.reading.ask('list', ['vivit'])")
    page.evaluate("() => { location.hash = 'what-to-read'; }")
    page.wait_for_timeout(100)
    assert page.locator("#g .ph-heading").inner_text() == "Reading list for ViViT"
    page.evaluate("() => { location.hash = 'g:path=vit,transformer'; }")  # no such path: a note says so
    page.wait_for_timeout(100)
    assert page.locator("#g .ph-note").inner_text() == "No reading path from ViT to Transformer."
    page.evaluate("() => { location.hash = 'g:path=transformer,vit'; }")
    page.wait_for_timeout(100)
    assert page.locator("#g .ph-note").is_hidden()


def test_theme_auto_follows_a_change_of_scheme_while_open(browser: Browser, tmp_path: Path) -> None:
    page = opened(browser, export(tmp_path, theme="auto").as_uri(), color_scheme="dark")
    font = "() => document.getElementById('g').paperhop.network.body.nodes.vit.options.font.color"
    assert page.evaluate(font) == THEMES["dark"]["text"]
    page.emulate_media(color_scheme="light")
    page.wait_for_timeout(100)
    assert page.evaluate(font) == THEMES["light"]["text"]


HOSTILE_HOSTS = {
    "JSON broken": "<script>JSON.parse = function () { throw new Error('no JSON here'); };</script>",
    "Array.prototype.map broken": "<script>Array.prototype.map = undefined;</script>",
    "ResizeObserver throws": "<script>window.ResizeObserver = function () { throw new Error('no'); };</script>",
    "Trusted Types required": '<meta http-equiv="Content-Security-Policy" content="require-trusted-types-for \'script\'">',
    "querySelector broken": "<script>ShadowRoot.prototype.querySelector = function () { return null; };</script>",
}


@pytest.mark.parametrize("host", list(HOSTILE_HOSTS))
def test_a_host_that_breaks_the_page_still_leaves_the_reader_a_graph_or_the_list(
    browser: Browser, tmp_path: Path, host: str
) -> None:
    fragment = export(tmp_path, "f.html", embed=True, path=("vit", "sora")).read_text(encoding="utf-8")
    out = tmp_path / "host.html"
    out.write_text(
        f'<!DOCTYPE html><html><head><meta charset="utf-8">{HOSTILE_HOSTS[host]}</head><body>{fragment}</body></html>',
        encoding="utf-8",
    )
    page = browser.new_page()
    page.goto(out.as_uri())
    page.wait_for_timeout(800)
    drawn = page.evaluate("() => document.getElementById('g').getAttribute('data-ready') === 'true'")
    listed = page.locator("#g li:visible a").count()  # the plain list, in the host's own DOM
    assert drawn or listed == 3, (drawn, listed)
