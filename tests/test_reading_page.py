"""The exported page as a reading guide, in Debian's Chromium: its list, paths and known papers agree
with the CLI's JSON, deep links restore a view, labels do not overlap, a phone gets readable labels,
and without JavaScript the list is still the page's content."""

from __future__ import annotations

import json
from itertools import permutations
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from playwright.sync_api import Browser, Page

from paperhop import load
from paperhop.cli import cli
from paperhop.export import build_view
from paperhop.export.html import render_html
from paperhop.graph import build_graph
from paperhop.queries.paths import VIA, reading_list, reading_paths

from .synthetic import generate
from .test_browser import Watch
from .test_browser import browser as browser  # the one Chromium fixture

DESKTOP, PHONE = {"width": 1400, "height": 900}, {"width": 390, "height": 844}


def cli_json(*args: str) -> Any:
    result = CliRunner().invoke(cli, [*args, "--format", "json", "--no-known"])
    return json.loads(result.stdout) if result.exit_code == 0 else None


def write(tmp_path: Path, G: nx.DiGraph, name: str = "page.html", **view: Any) -> Path:
    out = tmp_path / name
    out.write_text(render_html(build_view(G, **view), element_id="g"), encoding="utf-8")
    return out


def open_page(browser: Browser, path: Path, viewport: dict[str, int] = DESKTOP, hash: str = "", **kw: Any) -> Page:
    page = browser.new_page(viewport=viewport, **kw)  # type: ignore[arg-type]
    page.goto(path.as_uri() + hash)
    page.wait_for_selector("[data-ready=true]", timeout=10_000)
    page.wait_for_timeout(100)  # the layout is placed after the first drawing
    return page


def listed(page: Page) -> list[str]:
    return page.eval_on_selector_all("#g .paperhop-list li", "lis => lis.map(li => li.dataset.key)")


JS_PATHS = """([pairs, via]) => { const r = document.getElementById("g").paperhop.reading;
  return pairs.map(([a, b, known]) => r.path(a, b, known, via)); }"""
JS_LISTS = """(asks) => { const r = document.getElementById("g").paperhop.reading;
  return asks.map(([t, known]) => r.readingList(t, known)); }"""


def test_paths_agree_with_the_cli_for_every_pair_of_papers(browser: Browser, tmp_path: Path) -> None:
    G = load()
    page = open_page(browser, write(tmp_path, G))
    papers = sorted(k for k, t in G.nodes(data="type") if t == "paper")
    pairs = [[a, b, []] for a, b in permutations(papers, 2)]
    got = page.evaluate(JS_PATHS, [pairs, "all"])
    for (a, b, _), keys in zip(pairs, got, strict=True):
        doc = cli_json("path", a, b)
        assert keys == ([n["key"] for n in doc["paths"][0]["nodes"]] if doc else None), (a, b)
    for via in VIA:
        assert page.evaluate(JS_PATHS, [pairs, via]) == [_paths(G, a, b, via=via) for a, b, _ in pairs]


def _paths(G: nx.DiGraph, a: str, b: str, **kw: Any) -> list[str] | None:
    try:
        return reading_paths(G, a, b, **kw)[0]
    except Exception:
        return None


def test_reading_lists_agree_with_the_cli_with_and_without_known_papers(browser: Browser, tmp_path: Path) -> None:
    G = load()
    page = open_page(browser, write(tmp_path, G))
    asks = []
    for target in sorted(k for k, t in G.nodes(data="type") if t == "paper"):
        asks += [[target, []], [target, ["unet", "vit"]], [target, reading_list(G, target)[:2]]]
    for (target, known), keys in zip(asks, page.evaluate(JS_LISTS, asks), strict=True):
        doc = (
            cli_json("reading-list", target, "--known", ",".join(known)) if known else cli_json("reading-list", target)
        )
        assert keys == [p["key"] for p in doc["papers"]], (target, known)


@settings(max_examples=4, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.integers(0, 10_000), st.integers(8, 24), st.integers(0, 2))
def test_random_graphs_agree_too(
    browser: Browser, tmp_path_factory: pytest.TempPathFactory, seed: int, n: int, cycles: int
) -> None:
    G = build_graph(generate(n, 3, seed=seed, cycles=cycles, curated_share=0.3))
    page = open_page(browser, write(tmp_path_factory.mktemp("random"), G))
    papers = sorted(k for k, t in G.nodes(data="type") if t == "paper")
    pairs = [[a, b, [papers[(i * 7) % n]] if i % 3 == 0 else []] for i, (a, b) in enumerate(permutations(papers, 2))]
    assert page.evaluate(JS_PATHS, [pairs, "all"]) == [_paths(G, a, b, known=k) for a, b, k in pairs]
    asks = [[t, [] if i % 2 else papers[: i % 4]] for i, t in enumerate(papers)]
    assert page.evaluate(JS_LISTS, asks) == [reading_list(G, t, known=k) for t, k in asks]
    page.close()


def test_deep_links_restore_a_view_and_ignore_what_the_graph_lacks(browser: Browser, tmp_path: Path) -> None:
    G = load()
    path = write(tmp_path, G)
    page = open_page(browser, path, hash="#path=vit,sora")
    assert listed(page) == ["vit", "vivit", "sora"]
    page = open_page(browser, path, hash="#list=sora&known=vit,unet")
    doc = cli_json("reading-list", "sora", "--known", "vit,unet")
    assert listed(page) == [p["key"] for p in doc["papers"]]
    page = open_page(browser, path, hash="#focus=dit")
    page.wait_for_selector("#g li.ph-on")
    assert page.get_attribute("#g li.ph-on", "data-key") == "dit"
    watch = Watch(page := browser.new_page(viewport=DESKTOP))
    page.goto(path.as_uri() + "#path=nope,sora&colour=red")
    page.wait_for_selector("[data-ready=true]")
    assert "nope" in page.inner_text("#g .ph-note")
    assert listed(page)[0] == "unet"  # the whole graph's reading order
    watch.assert_clean(path.as_uri())


def test_known_checkboxes_leave_the_list_and_persist_across_a_reload(browser: Browser, tmp_path: Path) -> None:
    path = write(tmp_path, load(), reading_list_of="sora")
    page = open_page(browser, path)
    page.click('#g li[data-key="vit"] input')
    doc = cli_json("reading-list", "sora", "--known", "vit")
    assert listed(page) == [p["key"] for p in doc["papers"]]
    assert page.inner_text('#g li[data-key="clip"] .ph-num') == "4."  # the numbers close up
    page.reload()
    page.wait_for_selector("[data-ready=true]")
    assert listed(page) == [p["key"] for p in doc["papers"]]
    page.click("#g .ph-controls >> text=Reset")
    assert "vit" in listed(page)


def test_search_ranks_names_then_title_words_and_suggests_for_typos(browser: Browser, tmp_path: Path) -> None:
    page = open_page(browser, write(tmp_path, load()))
    reading = "document.getElementById('g').paperhop.reading"
    assert page.evaluate(f"{reading}.search('latent')[0]") == "ldm"
    assert page.evaluate(f"{reading}.search('ViT')[0]") == "vit"
    assert page.evaluate(f"{reading}.search('vivt')") == []
    assert "vivit" in page.evaluate(f"{reading}.suggest('vivt')")


def test_clicking_an_item_focuses_its_node_and_a_node_marks_its_item(browser: Browser, tmp_path: Path) -> None:
    page = open_page(browser, write(tmp_path, load(), reading_list_of="sora"))
    page.click('#g li[data-key="ldm"] .ph-name')
    assert page.evaluate("document.getElementById('g').paperhop.network.getSelectedNodes()") == ["ldm"]
    assert "Built on by" in page.inner_text("#g .ph-panel")


LABEL_BOXES = """() => { const net = document.getElementById("g").paperhop.network, out = [];
  for (const [id, node] of Object.entries(net.body.nodes)) {
    if (!node.options.label || node.options.hidden || id.startsWith("edgeId")) continue;
    const s = node.labelModule.size, a = net.canvasToDOM({x: s.left, y: s.top}),
      b = net.canvasToDOM({x: s.left + s.width, y: s.top + s.height});
    out.push([id, a.x, a.y, b.x, b.y, node.labelModule.fontOptions.size * net.getScale()]);
  }
  return out; }"""


def overlaps(boxes: list[list[Any]]) -> list[tuple[str, str]]:
    return [
        (a[0], b[0])
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]
    ]


@pytest.mark.parametrize("layout", ["flow", "timeline"])
def test_no_two_labels_overlap_at_the_default_zoom(browser: Browser, tmp_path: Path, layout: str) -> None:
    G = load()
    out = tmp_path / "page.html"
    out.write_text(render_html(build_view(G), element_id="g", layout=layout), encoding="utf-8")
    page = open_page(browser, out)
    page.wait_for_timeout(300)
    assert overlaps(page.evaluate(LABEL_BOXES)) == []


@pytest.mark.parametrize("view", [{"path": ("vit", "sora")}, {"reading_list_of": "sora"}])
@pytest.mark.parametrize("viewport", [PHONE, {"width": 720, "height": 900}])
def test_every_paper_on_a_phone_has_a_label_of_11px_or_more(
    browser: Browser, tmp_path: Path, view: dict[str, Any], viewport: dict[str, int]
) -> None:
    page = open_page(browser, write(tmp_path, load(), **view), viewport=viewport, has_touch=True, is_mobile=True)
    page.wait_for_timeout(300)
    boxes = {b[0]: b for b in page.evaluate(LABEL_BOXES)}
    for key in listed(page):
        assert boxes[key][5] >= 11, key
    assert overlaps(list(boxes.values())) == []


POSITIONS = "() => document.getElementById('g').paperhop.network.getPositions()"


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_whole_graph_reads_along_the_screens_long_side_with_labels_that_never_meet(
    browser: Browser, tmp_path: Path, viewport: dict[str, int]
) -> None:
    G = load()
    page = open_page(browser, write(tmp_path, G), viewport=viewport, has_touch=True, is_mobile=viewport == PHONE)
    page.wait_for_timeout(300)
    at = page.evaluate(POSITIONS)
    along = "y" if viewport == PHONE else "x"  # a phone's canvas is taller than wide: reading order runs down
    assert all(at[u][along] <= at[v][along] for u, v in G.edges), along
    assert sum(at[u][along] < at[v][along] for u, v in G.edges) > 0.9 * G.number_of_edges()
    boxes = page.evaluate(LABEL_BOXES)
    assert overlaps(boxes) == []
    papers = [b[5] for b in boxes if G.nodes[b[0]]["type"] == "paper"]
    assert len(papers) == sum(t == "paper" for _, t in G.nodes(data="type"))
    assert min(papers) >= (10.5 if viewport == PHONE else 12)  # it was 8.1 px on a phone, the graph lying on its side


def test_a_page_whose_box_turns_is_placed_again(browser: Browser, tmp_path: Path) -> None:
    """A window narrowed to a phone's, then widened: the graph stands up, then lies down again."""
    G = load()
    page = open_page(browser, write(tmp_path, G))
    for viewport, along in ((PHONE, "y"), (DESKTOP, "x")):
        page.set_viewport_size(viewport)
        page.wait_for_timeout(500)
        at = page.evaluate(POSITIONS)
        assert all(at[u][along] <= at[v][along] for u, v in G.edges), along
        assert overlaps(page.evaluate(LABEL_BOXES)) == []


def test_after_two_enters_a_deep_link_still_finds_its_paper(browser: Browser, tmp_path: Path) -> None:
    page = open_page(browser, write(tmp_path, load()))
    page.fill("#g .ph-search", "ViViT")
    page.press("#g .ph-search", "Enter")
    page.press("#g .ph-search", "Enter")
    selected = "() => document.getElementById('g').paperhop.network.getSelectedNodes()"
    assert page.evaluate(selected) == ["vivit"]
    page.evaluate("() => document.getElementById('g').paperhop.network.selectNodes(['sora'])")
    page.evaluate("() => { location.hash = 'vivit'; }")
    page.wait_for_timeout(300)
    assert page.evaluate(selected) == ["vivit"]


def test_switching_layouts_sizes_the_captions_for_the_new_one(browser: Browser, tmp_path: Path) -> None:
    G = load()
    page = open_page(browser, write(tmp_path, G))
    for button in ("Timeline", "Reading order"):  # there and back
        page.get_by_role("button", name=button).click()
        page.wait_for_timeout(300)
        boxes = page.evaluate(LABEL_BOXES)
        assert overlaps(boxes) == []
        sizes = {G.nodes[b[0]]["type"]: b[5] for b in boxes}
        assert sizes["paper"] >= 12
        assert sizes["concept"] / sizes["paper"] == pytest.approx(0.8, abs=0.03)  # concepts stay quieter than papers


@pytest.mark.parametrize("width", [1400, 700, 560])
def test_a_papers_panel_opens_under_the_bar_however_tall_the_bar_wraps(
    browser: Browser, tmp_path: Path, width: int
) -> None:
    page = open_page(browser, write(tmp_path, load()), viewport={"width": width, "height": 700})
    page.fill("#g .ph-search", "ViViT")
    page.press("#g .ph-search", "Enter")
    bar, panel = (page.locator(f"#g {part}").bounding_box() for part in (".ph-bar", ".ph-panel"))
    assert bar is not None
    assert panel is not None
    assert panel["y"] >= bar["y"] + bar["height"]  # the filters and buttons stay in reach


def test_without_javascript_the_list_is_complete_and_linked(browser: Browser, tmp_path: Path) -> None:
    path = write(tmp_path, load(), reading_list_of="sora")
    page = browser.new_page(viewport=PHONE, java_script_enabled=False)
    page.goto(path.as_uri())
    doc = cli_json("reading-list", "sora")
    assert listed(page) == [p["key"] for p in doc["papers"]]
    links = page.eval_on_selector_all("#g .paperhop-list li a", "as => as.map(a => a.href)")
    assert links == [p["link"] for p in doc["papers"]]
