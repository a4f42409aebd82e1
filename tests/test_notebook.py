"""paperhop.show in a real notebook: executed by a kernel (nbclient), exported by nbconvert, opened in Chromium."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbconvert import HTMLExporter
from nbformat.v4 import new_code_cell, new_notebook
from playwright.sync_api import Browser

import paperhop

from .test_browser import Watch
from .test_browser import browser as browser  # the one Chromium fixture
from .test_embed import PHONE, shot

CELLS = [
    "import paperhop",
    'paperhop.show(path=("ViT", "Sora"), height=480)',
]


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The notebook, run by a kernel of this very Python, exported to HTML as a reader would share it."""
    folder = tmp_path_factory.mktemp("notebook")
    notebook = new_notebook(cells=[new_code_cell(c) for c in CELLS])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    # The kernel is this venv's python3 (ipykernel's own spec), importing the paperhop under test.
    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.setenv("PATH", str(Path(sys.executable).parent) + os.pathsep + os.environ["PATH"])
    monkeypatch.setenv("PYTHONPATH", str(Path(paperhop.__file__).parent.parent), prepend=os.pathsep)
    NotebookClient(
        notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(folder)}}
    ).execute()
    monkeypatch.undo()
    nbformat.write(notebook, folder / "graph.ipynb")
    output = notebook.cells[1].outputs[0]
    assert output["output_type"] == "execute_result"
    assert output["data"]["text/html"].startswith("<iframe srcdoc='<!DOCTYPE html>")
    exporter = HTMLExporter(template_name="lab")
    html, _ = exporter.from_notebook_node(notebook)
    # nbconvert's own page asks CDNs for require.js and MathJax: not the graph's doing, and this machine is
    # offline. Those two tags go, so that every request left is one the output made.
    html, count = re.subn(r'<script src="https://cdnjs[^"]*">\s*</script>', "", html)
    assert count == 2
    path = folder / "graph.html"
    path.write_text(html, encoding="utf-8")
    return path


@pytest.mark.parametrize("viewport", [{"width": 1100, "height": 900}, PHONE], ids=["desktop", "phone"])
def test_the_graph_draws_inside_the_output_cell(
    browser: Browser, exported: Path, tmp_path: Path, viewport: dict[str, int]
) -> None:
    page = browser.new_page(viewport=viewport)
    watch = Watch(page)
    page.goto(exported.as_uri())
    frame = page.frame_locator(".jp-OutputArea-output iframe")
    frame.locator("div.paperhop[data-ready=true]").first.wait_for(timeout=20_000)
    drawn = page.frames[1].evaluate(
        "() => Object.keys(document.querySelector('div.paperhop').paperhop.network.body.nodes).length"
    )
    assert drawn == 30
    page.locator(".jp-OutputArea-output iframe").scroll_into_view_if_needed()
    shot(page, f"notebook-{'phone' if viewport is PHONE else 'desktop'}.png", tmp_path)
    watch.requests = [u for u in watch.requests if u != "about:srcdoc"]
    watch.assert_clean(exported.as_uri())
