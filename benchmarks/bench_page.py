"""The exported page at 5,000 papers, as ratios measured in one Chromium run.

- usable: from navigation until the page is drawn, its reading list filled and one in-page
  path query answered, for 5,000 papers against the same page of an empty graph (goal: <= 3x),
  each the best of 7 loads, the two pages taking turns;
- query: one in-page path query (oldest paper to newest) on 5,000 papers, in milliseconds
  (goal: < 100 ms), the best of five.

Run: python benchmarks/bench_page.py   (writes benchmarks/results/page.json)
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests.synthetic: the generator tests use too
from tests.synthetic import generate

from paperhop.export import build_view
from paperhop.export.html import render_html
from paperhop.graph import build_graph
from paperhop.models import GraphData

RESULTS = Path(__file__).parent / "results"
RUNS = 7  # each page's best of 7
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking"]
USABLE = """ends => new Promise(done => {
  const check = () => { const root = document.querySelector(".paperhop");  // queried again: not parsed yet at first
    return root && root.dataset.ready === "true" &&
    root.shadowRoot && root.shadowRoot.querySelector(".paperhop-list") ?
    done(ends.length ? root.paperhop.reading.path(ends[0], ends[1], [], "all") : null) :
    requestAnimationFrame(check); }; check(); })"""


def usable_s(browser, page_file: Path, ends: list[str]) -> float:  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    start = time.perf_counter()
    page.goto(page_file.as_uri(), wait_until="commit")
    page.evaluate(USABLE, ends)
    took = time.perf_counter() - start
    page.close()
    return took


def main() -> None:
    from playwright.sync_api import sync_playwright

    big = build_graph(generate(5000, 4, seed=1))
    empty = build_graph(GraphData("empty", {}, {}, []))
    with tempfile.TemporaryDirectory() as tmp:
        files = {}
        for name, G in (("big", big), ("empty", empty)):
            files[name] = Path(tmp) / f"{name}.html"
            files[name].write_text(render_html(build_view(G)), encoding="utf-8")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            ends = ["p0", "p4999"]
            runs: dict[str, list[float]] = {"empty": [], "big": []}
            for _ in range(RUNS):  # interleaved: a busy machine slows both pages alike
                runs["empty"].append(usable_s(browser, files["empty"], []))
                runs["big"].append(usable_s(browser, files["big"], ends))
            empty_s, big_s = min(runs["empty"]), min(runs["big"])
            page = browser.new_page()
            page.goto(files["big"].as_uri())
            page.wait_for_selector("[data-ready=true]", timeout=60_000)
            query_ms = page.evaluate(
                """() => { const r = document.querySelector(".paperhop").paperhop.reading; let best = 1e9;
                for (let i = 0; i < 5; i++) { const t = performance.now(); r.path("p0", "p4999", [], "all");
                  best = Math.min(best, performance.now() - t); } return best; }"""
            )
            browser.close()
    result = {
        "papers": 5000,
        "empty_page_s": round(empty_s, 3),
        "page_5k_usable_s": round(big_s, 3),
        "usable_ratio": round(big_s / empty_s, 2),
        "path_query_ms": round(query_ms, 1),
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "page.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
