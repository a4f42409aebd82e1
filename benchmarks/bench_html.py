"""HTML export at scale, each figure a ratio against a baseline measured in the same run.

- export: building the view and the page for 5,000 papers and 20,000 edges,
  against json.dumps of the same graph's node-link data (the floor: serialising
  it at all);
- against pyvis: a 20,000-node graph through paperhop versus pyvis's own
  Network.from_nx + generate_html on the same graph;
- in the browser: headless Chromium opening the 5,000-paper page from file://
  until it is drawn and answers a click, against the same page with no nodes.

Run: python benchmarks/bench_html.py   (writes benchmarks/results/html.json)
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests.synthetic: the generator tests use too
from tests.synthetic import generate

from paperhop.export import build_view
from paperhop.export.html import render_html
from paperhop.graph import build_graph

RESULTS = Path(__file__).parent / "results"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def timed(fn, repeat=3):  # type: ignore[no-untyped-def]
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def export_5k() -> tuple[dict[str, float], str]:
    G = build_graph(generate(5000, 4, seed=1))
    export, html = timed(lambda: render_html(build_view(G)))
    floor, _ = timed(lambda: json.dumps(nx.node_link_data(G, edges="links"), default=str))
    return {
        "papers": 5000,
        "nodes": G.number_of_nodes(),
        "edges": G.number_of_edges(),
        "export_s": export,
        "floor_s": floor,
        "ratio_to_floor": export / floor,
    }, html


def against_pyvis() -> dict[str, float]:
    from pyvis.network import Network

    G = build_graph(generate(20000, 2, seed=2))
    ours, _ = timed(lambda: render_html(build_view(G)), repeat=1)

    def pyvis_export() -> str:
        plain = nx.DiGraph()
        plain.add_nodes_from((n, {"title": d["record"].label}) for n, d in G.nodes(data=True))
        plain.add_edges_from(G.edges)
        net = Network(directed=True, cdn_resources="in_line")
        net.from_nx(plain)
        return str(net.generate_html())

    theirs, _ = timed(pyvis_export, repeat=1)
    return {
        "nodes": G.number_of_nodes(),
        "edges": G.number_of_edges(),
        "paperhop_s": ours,
        "pyvis_s": theirs,
        "speedup": theirs / ours,
    }


def in_browser(html: str) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    empty = render_html(build_view(nx.DiGraph(name="empty")))
    folder = Path(tempfile.mkdtemp())
    (folder / "big.html").write_text(html, encoding="utf-8")
    (folder / "empty.html").write_text(empty, encoding="utf-8")
    out = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for name in ("empty", "big"):
            page = browser.new_page(viewport={"width": 1280, "height": 860})
            start = time.perf_counter()
            page.goto((folder / f"{name}.html").as_uri())
            page.wait_for_selector("[data-ready=true]", timeout=60_000)
            out[f"{name}_ready_s"] = time.perf_counter() - start
            if name == "big":
                box = page.locator(".ph-canvas").bounding_box()
                start = time.perf_counter()
                page.fill(".ph-search", "Synthetic paper 4999")
                page.press(".ph-search", "Enter")
                page.wait_for_selector(".ph-panel:not([hidden])", timeout=10_000)
                out["search_to_panel_s"] = time.perf_counter() - start
                start = time.perf_counter()
                page.mouse.click(box["x"] + 5, box["y"] + 5)  # empty space closes the panel
                page.wait_for_selector(".ph-panel[hidden]", state="attached", timeout=10_000)
                out["click_response_s"] = time.perf_counter() - start
            page.close()
        browser.close()
    out["ready_ratio_to_empty_page"] = out["big_ready_s"] / out["empty_ready_s"]
    return out


def main() -> None:
    export, html = export_5k()
    results = {"export_5k": export, "against_pyvis_20k": against_pyvis(), "browser_5k": in_browser(html)}
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "html.json").write_text(json.dumps(results, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    for section, figures in results.items():
        print(section)
        for name, value in figures.items():
            print(f"  {name:<28} {value:,.3f}" if isinstance(value, float) else f"  {name:<28} {value:,}")


if __name__ == "__main__":
    main()
