"""What embeds cost a blog post: bytes (raw and gzipped) and time to usable, as ratios to the same post without them.

    python benchmarks/embeds.py    (needs Chromium and playwright, as the tests do)

Time to usable: from navigation to the moment every graph has drawn (data-ready), against the post's load event
without graphs; the median of 7 runs of each, in one browser.
"""

from __future__ import annotations

import gzip
import statistics
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).parent.parent))
from markdown_it import MarkdownIt
from tests.test_browser import ARGS, CHROMIUM
from tests.test_embed import markdown_post, post

from paperhop.export import build_view
from paperhop.export.html import render_html, shared_library
from paperhop.load import load

# The moment the post is usable: its load event, and every graph drawn (the page records it itself).
READY = """
window.graphs = 0;
new MutationObserver(records => { records.forEach(r => {
  if (r.target.classList && r.target.classList.contains('paperhop') && r.target.getRootNode() === document)
    window.graphs++; });
  if (window.loaded && window.graphs === window.expected) window.usable = performance.now(); })
  .observe(document, {subtree: true, attributes: true, attributeFilter: ['data-ready']});
addEventListener('load', () => { window.loaded = true;
  window.expected = document.querySelectorAll('div.paperhop').length;
  if (window.graphs === window.expected) window.usable = performance.now(); });
"""


def size(text: str) -> tuple[int, int]:
    data = text.encode()
    return len(data), len(gzip.compress(data))


def main() -> None:
    G = load()
    views = [build_view(G, path=("vit", "sora")), build_view(G, reading_list_of="vivit")]
    alone = [render_html(v, embed=True) for v in views]
    shared = [render_html(v, embed=True, shared_lib="paperhop-vis.js") for v in views]
    library = shared_library()
    print("standalone page (whole graph): {} bytes, {} gzipped".format(*size(render_html(build_view(G)))))
    print("one embed, self-contained:     {} bytes, {} gzipped".format(*size(alone[0])))
    print("two embeds, self-contained:    {} bytes, {} gzipped".format(*size(alone[0] + alone[1])))
    print("one embed + shared library:    {} bytes, {} gzipped".format(*size(shared[0] + library)))
    print("two embeds + shared library:   {} bytes, {} gzipped".format(*size(shared[0] + shared[1] + library)))
    md = MarkdownIt("commonmark", {"html": True})
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as p:
        root = Path(folder)
        (root / "paperhop-vis.js").write_text(library, encoding="utf-8")
        pages = {
            "none": md.render(markdown_post()),
            "two": md.render(markdown_post(*alone)),
            "two-shared": md.render(markdown_post(*shared)),
        }
        for name, body in pages.items():
            (root / f"{name}.html").write_text(post(body), encoding="utf-8")
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        times: dict[str, list[float]] = {name: [] for name in pages}
        for _ in range(7):
            for name in pages:
                page = browser.new_page(viewport={"width": 1000, "height": 900})
                page.add_init_script(READY)
                page.goto((root / f"{name}.html").as_uri())
                page.wait_for_function(f"() => window.usable && (window.graphs === {0 if name == 'none' else 2})")
                times[name].append(page.evaluate("() => window.usable"))
                page.close()
        browser.close()
    base = statistics.median(times["none"])
    for name in ("two", "two-shared"):
        ms = statistics.median(times[name])
        print(f"time to usable, {name}: {ms:.0f} ms vs {base:.0f} ms without graphs: {ms / base:.1f}x")


if __name__ == "__main__":
    main()
