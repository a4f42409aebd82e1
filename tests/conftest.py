"""Fixtures: tiny graphs built from literals, written only under tmp_path."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from paperhop.models import Concept, Edge, GraphData, Paper
from paperhop.store.folder import save_graph

# CI sets this: there a tool a test needs that is missing is a failure, so every test runs.
REQUIRE_TOOLS = os.environ.get("PAPERHOP_REQUIRE_TOOLS") == "1"


def needs(missing: str | None) -> None:
    """Skip the test, saying *missing* (what is not installed and how to install it, in one line); in CI
    (``PAPERHOP_REQUIRE_TOOLS=1``), fail it. Nothing if *missing* is None."""
    if missing:
        if REQUIRE_TOOLS:
            pytest.fail(missing)
        pytest.skip(missing)


def tiny_data() -> GraphData:
    """Three papers and a concept: alpha -> beta (curated and cited), alpha -> idea -> gamma, beta -> gamma."""
    papers = {
        "alpha": Paper(
            key="alpha",
            name="Alpha",
            title="Alpha: The First Paper",
            year=2015,
            authors=["Ann Author"],
            arxiv="1501.00001",
            aliases=["first"],
        ),
        "beta": Paper(
            key="beta",
            name="Beta",
            title="Beta Builds on Alpha",
            year=2018,
            authors=["Bo Writer", "Cy Writer"],
            doi="10.1234/beta.2018",
            s2_id="0" * 39 + "b",
            section="Core",
        ),
        "gamma": Paper(
            key="gamma", title="Gamma Uses the Idea", year=2020, url="https://example.org/gamma", section="Core"
        ),
    }
    concepts = {"idea": Concept(key="idea", name="The idea", description="What alpha introduced.")}
    edges = [
        Edge(source="alpha", target="beta", kind="builds_on", note="Beta extends Alpha."),
        Edge(source="alpha", target="beta", kind="cites"),
        Edge(source="alpha", target="idea", kind="introduces"),
        Edge(source="idea", target="gamma", kind="uses"),
        Edge(source="beta", target="gamma", kind="cites"),
    ]
    return GraphData("tiny", papers, concepts, edges)


@pytest.fixture
def tiny_graph_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "tiny"
    save_graph(tiny_data(), folder)
    return folder


@pytest.fixture(autouse=True)
def private_folders(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads or writes the user's own known-papers file or graph cache."""
    monkeypatch.setenv("PAPERHOP_CONFIG_DIR", str(tmp_path_factory.mktemp("config")))
    monkeypatch.setenv("PAPERHOP_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.delenv("PAPERHOP_GRAPH", raising=False)
    return CliRunner()


HOSTILE_TITLE = "<img src=x onerror=alert(1)>"
HOSTILE_SUMMARY = '</script><script>alert(2)</script> & "quotes" \u2028'


def hostile_data() -> GraphData:
    """The tiny graph plus a paper whose text is markup that must never run."""
    data = tiny_data()
    data.papers["evil"] = Paper(
        key="evil",
        name="</script>",
        title=HOSTILE_TITLE,
        year=2021,
        authors=["<b>Mallory</b>"],
        summary=HOSTILE_SUMMARY,
        url="https://example.org/?q=<script>",
        section="<i>section</i>",
    )
    data.edges.append(Edge(source="gamma", target="evil", kind="builds_on", note="<svg onload=alert(3)>"))
    return data


@pytest.fixture
def hostile_graph_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "hostile"
    save_graph(hostile_data(), folder)
    return folder
