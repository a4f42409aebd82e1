"""paperhop.show in a real notebook: executed by a kernel (nbclient), exported by nbconvert, opened in Chromium."""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path
from typing import Any

import nbformat
import pytest
from click.testing import CliRunner
from nbclient import NotebookClient
from nbconvert import HTMLExporter
from nbformat.v4 import new_code_cell, new_notebook
from playwright.sync_api import Browser, Frame, Page

import paperhop
from paperhop.cli import cli
from paperhop.errors import NodeNotFound, PaperhopError

from .test_browser import Watch
from .test_browser import browser as browser  # the one Chromium fixture
from .test_embed import PHONE, shot

DESKTOP = {"width": 1400, "height": 900}
SHOTS = Path(os.environ.get("PAPERHOP_NOTEBOOK_SHOTS", ""))  # a folder: screenshots of each output, to look at
CELLS = [
    "import paperhop",
    'paperhop.show(path=("ViT", "Sora"), height=480)',
    'paperhop.show(reading_list="sora", height="480px")',
    'paperhop.show(plan=["sora", "DiT"], max=8, known="vit", height=480)',
    'paperhop.show(reading_list="Sora", known=["ViT", "unet"], height=480)',
]
OUTPUTS = ["path", "list", "plan", "known"]  # the outputs of CELLS[1:], in order
# What the command says of the same questions (the known-papers file left out, as show leaves it out).
COMMANDS = {
    "plan": ["plan", "sora", "dit", "--max", "8", "--known", "vit", "--no-known", "--format", "json"],
    "known": ["reading-list", "sora", "--known", "vit,unet", "--no-known", "--format", "json"],
    "list": ["reading-list", "sora", "--no-known", "--format", "json"],
}
# Where an output's script is kept out, as a front end that drops it would: the frame keeps its static height.
LISTENER = re.compile(r"<script>\(function \(\) \{var script = document\.currentScript.*?</script>", re.S)


def run_notebook(folder: Path, cells: list[str]) -> nbformat.NotebookNode:
    notebook = new_notebook(cells=[new_code_cell(c) for c in cells])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    # The kernel is this venv's python3 (ipykernel's own spec), importing the paperhop under test.
    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.setenv("PATH", str(Path(sys.executable).parent) + os.pathsep + os.environ["PATH"])
    monkeypatch.setenv("PYTHONPATH", str(Path(paperhop.__file__).parent.parent), prepend=os.pathsep)
    try:
        NotebookClient(
            notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(folder)}}
        ).execute()
    finally:
        monkeypatch.undo()
    return notebook


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The notebook, run by a kernel of this very Python, exported to HTML as a reader would share it."""
    folder = tmp_path_factory.mktemp("notebook")
    notebook = run_notebook(folder, CELLS)
    nbformat.write(notebook, folder / "graph.ipynb")
    for cell in notebook.cells[1:]:
        [output] = cell.outputs
        assert output["output_type"] == "execute_result"
        assert output["data"]["text/html"].startswith('<div class="paperhop-frame-')
    exporter = HTMLExporter(template_name="lab")
    html, _ = exporter.from_notebook_node(notebook)
    # nbconvert's own page asks CDNs for require.js and MathJax: not the graph's doing, and this machine is
    # offline. Those two tags go, so that every request left is one the output made.
    html, count = re.subn(r'<script src="https://cdnjs[^"]*">\s*</script>', "", html)
    assert count == 2
    # nbconvert keeps each output's own script (the one that sizes its frame) and its style sheet.
    assert len(LISTENER.findall(html)) == len(OUTPUTS)
    assert html.count("@container (min-width: 822px)") == len(OUTPUTS)
    path = folder / "graph.html"
    path.write_text(html, encoding="utf-8")
    static = folder / "static.html"
    static.write_text(LISTENER.sub("", html), encoding="utf-8")
    return path


# Two frames of the frame's own: Chromium runs them only once the frame is in sight, and paints in between.
PAINTED = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"
MEASURE = """() => {
  const root = document.querySelector("div.paperhop").shadowRoot.querySelector(".paperhop");
  const box = e => { const r = e.getBoundingClientRect(); return {top: r.top, bottom: r.bottom, height: r.height}; };
  return {
    content: document.body.getBoundingClientRect().height, view: innerHeight, width: innerWidth,
    canvas: box(root.querySelector(".ph-canvas")), reading: box(root.querySelector(".ph-reading")),
    legend: box(root.querySelector(".ph-legend")),
    items: [...root.querySelectorAll(".paperhop-list li")].map(li => Object.assign(box(li), {key: li.dataset.key})),
  };
}"""


def frames(page: Page) -> list[Frame]:
    """Each output's frame, in the notebook's order, once its graph is drawn."""
    found = []
    iframes = page.locator(".jp-OutputArea-output iframe")
    assert iframes.count() == len(OUTPUTS)
    for i in range(len(OUTPUTS)):
        iframes.nth(i).scroll_into_view_if_needed()  # Chromium draws a frame from another origin once in sight
        frame = iframes.nth(i).element_handle().content_frame()
        assert frame is not None
        frame.wait_for_selector("div.paperhop[data-ready=true]", timeout=20_000)
        found.append(frame)
    return found


def settled(page: Page, frame: Frame) -> tuple[float, dict[str, Any]]:
    """The frame's height in the notebook and what its page measures, once neither changes."""
    last: tuple[float, Any] | None = None
    for _ in range(40):
        height = frame.frame_element().bounding_box()["height"]  # type: ignore[index]
        measured = frame.evaluate(MEASURE)
        if last == (height, measured):
            break
        last = (height, measured)
        page.wait_for_timeout(150)
    assert last is not None
    return last


def open_notebook(browser: Browser, path: Path, viewport: dict[str, int]) -> tuple[Page, Watch, list[Frame]]:
    page = browser.new_page(viewport=viewport)
    watch = Watch(page)
    page.goto(path.as_uri())
    return page, watch, frames(page)


def look(page: Page, frame: Frame, name: str) -> None:
    """Screenshots of one output, for a person to look at: a viewport at a time (Chromium paints a frame from
    another origin only where it is in sight, so a screenshot of the whole element would be blank below)."""
    if not os.environ.get("PAPERHOP_NOTEBOOK_SHOTS"):
        return
    SHOTS.mkdir(exist_ok=True)
    box = frame.frame_element().bounding_box()
    assert box is not None
    top = page.evaluate("() => scrollY") + box["y"]
    view = page.viewport_size["height"]  # type: ignore[index]
    for i in range(min(4, int(box["height"] // view) + 1)):
        page.evaluate("y => scrollTo(0, y)", top - 10 + i * view)
        frame.evaluate(PAINTED)
        page.screenshot(path=str(SHOTS / f"{name}-{i + 1}.png"))


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_each_frame_is_as_tall_as_its_page_and_shows_its_list(
    browser: Browser, exported: Path, viewport: dict[str, int]
) -> None:
    page, watch, found = open_notebook(browser, exported, viewport)
    size = "desktop" if viewport is DESKTOP else "phone"
    for name, frame in zip(OUTPUTS, found, strict=True):
        height, m = settled(page, frame)
        look(page, frame, f"{size}-{name}")
        # The frame holds all of its page (nothing clipped, nothing to scroll inside it), and no more.
        assert m["content"] > m["canvas"]["height"] + 50, (name, m)
        assert m["content"] - 1 <= height <= m["content"] + 1, (name, height, m["content"])
        assert m["view"] >= m["content"] - 1, (name, m)
        # The list: taller than a few of its papers, and they are in sight, inside the frame.
        items = m["items"]
        assert len(items) >= 3, name
        few = items[2]["bottom"] - items[0]["top"]
        assert m["reading"]["height"] > few, (name, m["reading"], few)
        for item in items[:3]:
            assert m["reading"]["top"] <= item["top"], (name, item)
            assert item["bottom"] <= m["reading"]["bottom"] + 1, (name, item)
            assert item["top"] >= 0, (name, item)
            assert item["bottom"] <= height, (name, item, height)
        if viewport is DESKTOP:  # beside the graph: as tall as the graph, which is as tall as asked
            assert m["canvas"]["height"] == 480, (name, m["canvas"])
            assert m["reading"]["top"] == m["canvas"]["top"], (name, m)
            assert abs(m["reading"]["height"] - 480) <= 1, (name, m["reading"])
        else:  # below the graph, and all of it: every paper inside the frame
            assert m["reading"]["top"] >= m["canvas"]["bottom"] - 1, (name, m)
            assert items[-1]["bottom"] <= m["legend"]["top"] <= height, (name, m)
    watch.requests = [u for u in watch.requests if u != "about:srcdoc"]
    watch.assert_clean(exported.as_uri())
    page.close()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_without_the_outputs_script_the_frame_is_near_its_pages_height(
    browser: Browser, exported: Path, viewport: dict[str, int]
) -> None:
    """A front end that drops the output's script (the page inside still runs): the static height, by width."""
    page, _, found = open_notebook(browser, exported.with_name("static.html"), viewport)
    size = "desktop" if viewport is DESKTOP else "phone"
    for name, frame in zip(OUTPUTS, found, strict=True):
        height, m = settled(page, frame)
        look(page, frame, f"static-{size}-{name}")
        # Within a tenth of the page: a short fall leaves the rest a scroll away inside the frame, never cut off.
        assert abs(height - m["content"]) <= 0.1 * m["content"], (name, height, m["content"])
        assert m["canvas"]["bottom"] <= height, (name, m["canvas"], height)  # the whole graph
        assert m["items"][0]["bottom"] <= height, (name, m["items"][0], height)  # and the list's start
    page.close()


@pytest.mark.parametrize("name", ["list", "plan", "known"])
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_list_in_the_frame_is_the_commands(
    browser: Browser, exported: Path, viewport: dict[str, int], name: str
) -> None:
    result = CliRunner().invoke(cli, COMMANDS[name])
    assert result.exit_code == 0, result.output
    wanted = [p["key"] for p in json.loads(result.stdout)["papers"]]
    page, _, found = open_notebook(browser, exported, viewport)
    shown = [i["key"] for i in settled(page, found[OUTPUTS.index(name)])[1]["items"]]
    assert shown == wanted
    if name == "known":
        assert not {"vit", "unet"} & set(shown)
        assert len(shown) < len(settled(page, found[OUTPUTS.index("list")])[1]["items"])
    if name == "plan":
        assert len(shown) == 8 + 2  # at most 8 papers, and the two targets
        assert "vit" not in shown
        assert {"sora", "dit"} <= set(shown)
    page.close()


@pytest.mark.parametrize("viewport", [{"width": 1100, "height": 900}, PHONE], ids=["desktop", "phone"])
def test_the_graph_draws_inside_the_output_cell(
    browser: Browser, exported: Path, tmp_path: Path, viewport: dict[str, int]
) -> None:
    page, watch, found = open_notebook(browser, exported, viewport)
    drawn = found[0].evaluate(
        "() => Object.keys(document.querySelector('div.paperhop').paperhop.network.body.nodes).length"
    )
    assert drawn == 30
    page.locator(".jp-OutputArea-output iframe").first.scroll_into_view_if_needed()
    found[0].evaluate(PAINTED)  # back in sight: painted again before the screenshot
    shot(page, f"notebook-{'phone' if viewport is PHONE else 'desktop'}.png", tmp_path)
    watch.requests = [u for u in watch.requests if u != "about:srcdoc"]
    watch.assert_clean(exported.as_uri())
    page.close()


def test_height_is_pixels_with_or_without_px() -> None:
    assert paperhop.show(reading_list="sora", height=480)._repr_html_() == (
        paperhop.show(reading_list="sora", height="480px")._repr_html_()
    )
    assert paperhop.show(height=" 480 px ").height == 480
    assert paperhop.show(height=480).height == 480
    assert paperhop.show(height=600).height == 600
    assert ".ph-canvas { height: 480px; }" in paperhop.show(height="480px").page


@pytest.mark.parametrize("height", ["480pxpx", "50%", "40em", "auto", "", 0, -480, 99, 5001, 480.5, True, None])
def test_a_height_that_is_not_pixels_is_one_clear_error(height: Any) -> None:
    with pytest.raises(PaperhopError, match=r"^height: pixels from 100 to 5000, such as 480 or '480px' \(got "):
        paperhop.show(height=height)


def test_plan_and_known_take_names_as_the_command_does() -> None:
    one = paperhop.show(plan="Sora, dit", known="ViT,unet")
    assert one.title == "Reading plan for Sora, DiT"
    assert one.page == paperhop.show(plan=["sora", "DiT"], known=["vit", "U-Net"]).page
    assert one.page == paperhop.show(plan=["sora,dit"], known=("vit", "unet")).page
    assert one.papers < paperhop.show(plan="sora,dit").papers
    assert paperhop.show(plan="sora,dit", max=3).papers == 5  # as `paperhop plan sora dit --max 3`: the targets too
    with pytest.raises(NodeNotFound):
        paperhop.show(plan="sora,no such paper")
    with pytest.raises(NodeNotFound):
        paperhop.show(reading_list="sora", known="no such paper")
    with pytest.raises(PaperhopError, match="max: a number of papers"):
        paperhop.show(plan="sora", max=-1)
    with pytest.raises(PaperhopError, match="named by strings"):
        paperhop.show(plan=[1, 2])  # type: ignore[list-item]


def test_the_frame_is_sized_by_its_own_page_only() -> None:
    """The output's script sets the frame's height only from its own frame's message, and to a number."""
    html = paperhop.show(path=("vit", "sora"))._repr_html_()
    [script] = LISTENER.findall(html)
    assert "e.source !== frame.contentWindow" in script
    assert "Number(e.data.height)" in script
    assert html.count("<iframe ") == 1
    assert html.index("</iframe>") < html.index(script)
    assert 'parent.postMessage({paperhop: "height"' in html  # the page inside tells its height
