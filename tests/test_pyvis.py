"""paperhop.to_pyvis: a pyvis Network of paperhop's view, for people who customise pyvis graphs. Its own
``write_html`` page is opened in Debian's Chromium: it draws offline (vis-network inline; pyvis's template asks a
CDN for Bootstrap, which fails), and no record text runs as script, not even a tooltip holding "href" (which
pyvis's page would show as HTML)."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from playwright.sync_api import Browser

import paperhop
from paperhop.export import build_view
from paperhop.export.view import EDGE_STYLE
from paperhop.graph import build_graph, edge_links

from .conftest import HOSTILE_TITLE, hostile_data
from .test_browser import Watch
from .test_browser import browser as browser  # the one Chromium fixture

HREF = '<a href="javascript:alert(4)">x</a><img src=x onerror=alert(5)>'


@pytest.fixture
def G() -> nx.DiGraph:
    data = hostile_data()
    data.papers["evil"] = data.papers["evil"].model_copy(update={"summary": HREF})  # "href": pyvis's HTML tooltips
    return build_graph(data)


def test_it_carries_the_view(G: nx.DiGraph) -> None:
    net = paperhop.to_pyvis(G)
    assert sorted(n["id"] for n in net.nodes) == sorted(G)
    assert sorted((e["from"], e["to"]) for e in net.edges) == sorted(G.edges)
    evil = next(n for n in net.nodes if n["id"] == "evil")
    assert HOSTILE_TITLE in evil["title"]  # the text itself, not escaped twice and not dropped
    assert "href" not in evil["title"]
    assert {e["color"] for e in net.edges} == {EDGE_STYLE[next(iter(edge_links(G, u, v)))]["color"] for u, v in G.edges}


def test_it_takes_the_export_options() -> None:
    net = paperhop.to_pyvis(reading_list="ViViT", layout="force", height=480)
    drawn = build_view(paperhop.load(), reading_list_of="vivit").nodes  # what `export html --reading-list` draws
    assert sorted(n["id"] for n in net.nodes) == sorted(n.id for n in drawn)
    assert len(net.nodes) < paperhop.load().number_of_nodes()
    assert net.options["physics"]["enabled"] is True  # force: the page's physics, set through pyvis
    assert net.height == "480px"
    with pytest.raises(paperhop.PaperhopError):
        paperhop.to_pyvis(height=5)


def test_its_page_draws_offline_and_runs_no_record_text(G: nx.DiGraph, browser: Browser, tmp_path: Path) -> None:
    out = tmp_path / "pyvis.html"
    paperhop.to_pyvis(G).write_html(str(out))
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    watch = Watch(page)
    page.route("https://**", lambda route: route.abort())  # offline, whatever the machine's network
    page.goto(out.as_uri())
    page.wait_for_function("() => typeof network !== 'undefined' && network.body !== undefined", timeout=10_000)
    assert page.evaluate("Object.keys(network.body.nodes).length") >= G.number_of_nodes()
    where = page.evaluate(
        "() => { const p = network.getPositions(['evil']).evil; const d = network.canvasToDOM(p);"
        " const r = document.getElementById('mynetwork').getBoundingClientRect(); return [r.left + d.x, r.top + d.y]; }"
    )
    page.mouse.move(*where)  # the evil node's tooltip
    page.wait_for_timeout(600)
    shown = page.evaluate("[...document.querySelectorAll('.vis-tooltip, div.popup')].map(e => e.textContent).join('')")
    assert HOSTILE_TITLE in shown  # shown as text
    markup = "img, a, script, svg, b, i"  # what the record text holds; a tooltip's own line breaks are its <br>s
    assert page.evaluate(f"document.querySelectorAll('#mynetwork :is({markup})').length") == 0  # the tooltip's in it
    assert page.evaluate("document.images.length + document.links.length") == 0
    assert watch.dialogs == []  # no alert: no script from record text ran
    # pyvis's template always asks jsdelivr for Bootstrap (offline, that fails, and only its styling is lost);
    # vis-network itself is inline, and nothing else is fetched.
    off_file = [u for u in watch.requests if u != out.as_uri()]
    assert off_file
    assert all(u.startswith("https://cdn.jsdelivr.net/npm/bootstrap@") for u in off_file)
    assert all(e.startswith("Failed to load resource") for e in watch.errors)
