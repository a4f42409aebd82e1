"""The Road to Sora graph that ships with paperhop, and the wheel that carries it."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from itertools import pairwise
from pathlib import Path

import networkx as nx
import pytest

from paperhop import load
from paperhop.graph import check, edge_evidence, edge_links, record
from paperhop.queries.paths import reading_list, reading_paths
from paperhop.store.folder import default_graph_path, load_graph

ROOT = Path(__file__).parents[1]

# The arXiv links of the Road to Sora reading list (its source text links these 14).
SEED_ARXIV = {
    "1505.04597": "unet",
    "1706.03762": "transformer",
    "2010.11929": "vit",
    "2112.10752": "ldm",
    "2103.00020": "clip",
    "1711.00937": "vqvae",
    "2307.06304": "navit",
    "2103.15691": "vivit",
    "2210.02303": "imagen-video",
    "2304.08818": "align-your-latents",
    "2312.06662": "walt",
    "2304.08485": "llava",
    "2209.14792": "make-a-video",
    "2212.11565": "tune-a-video",
}


@pytest.fixture(scope="module")
def G() -> nx.DiGraph:
    return load()


def test_the_shipped_graph_validates_without_errors_or_warnings() -> None:
    assert check(load_graph(default_graph_path())) == []


def test_it_holds_every_paper_of_the_list_with_its_arxiv_id(G: nx.DiGraph) -> None:
    by_arxiv = {arxiv: k for k, arxiv in G.nodes(data="arxiv") if arxiv}
    assert {a: by_arxiv.get(a) for a in SEED_ARXIV} == SEED_ARXIV
    for key in ("sora", "dit", "sora-review", "dalle3"):
        assert G.nodes[key]["type"] == "paper"
    assert record(G, "dit").arxiv == "2212.09748"
    assert record(G, "sora-review").arxiv == "2402.17177"


def test_every_paper_has_full_metadata(G: nx.DiGraph) -> None:
    for key, kind in G.nodes(data="type"):
        rec = record(G, key)
        if kind == "paper":
            assert all((rec.authors, rec.summary, rec.section, rec.link)), key
            assert rec.year <= 2024, key


def test_path_vit_sora_goes_through_real_edges(G: nx.DiGraph) -> None:
    [path] = reading_paths(G, "vit", "sora")
    assert path == ["vit", "vivit", "sora"]
    assert all(G.has_edge(u, v) for u, v in pairwise(path))
    assert "builds_on" in edge_links(G, "vit", "vivit")
    assert "builds_on" in edge_links(G, "vivit", "sora")


def test_the_reading_list_of_sora_holds_every_paper_of_the_list(G: nx.DiGraph) -> None:
    papers = {k for k, t in G.nodes(data="type") if t == "paper"}
    assert set(reading_list(G, "sora")) == papers - {"sora"}


def test_citations_point_back_in_time(G: nx.DiGraph) -> None:
    for u, v in G.edges:
        if "cites" in edge_links(G, u, v):
            assert record(G, u).year <= record(G, v).year, (u, v)


def test_every_citation_has_its_evidence(G: nx.DiGraph) -> None:
    cites = [(u, v) for u, v in G.edges if "cites" in edge_links(G, u, v)]
    assert len(cites) == 67
    for u, v in cites:
        evidence = edge_evidence(G, u, v)
        assert evidence is not None, f"{u} -> {v}"
        assert evidence.reference is not None, f"{u} -> {v}"  # each was read in the citing paper's reference list
        assert not evidence.reference.text.startswith("["), f"{u} -> {v}: the number goes in 'number'"


def test_a_reference_list_is_read_or_says_it_could_not_be(G: nx.DiGraph) -> None:
    citing = {v for u, v in G.edges if "cites" in edge_links(G, u, v)}
    read = {k for k, marked in G.nodes(data="references_read") if marked}
    assert read == {"unet", "transformer"}  # read: they cite no paper of the graph
    unread = {k for k, kind in G.nodes(data="type") if kind == "paper"} - citing - read
    assert unread == {"align-your-latents", "imagen-video", "make-a-video", "vqvae"}  # could not be read


def test_the_shipped_files_are_in_canonical_form(tmp_path: Path) -> None:
    from paperhop.store.folder import save_graph

    save_graph(load_graph(default_graph_path()), tmp_path)
    for name in ("papers.jsonl", "concepts.jsonl", "edges.jsonl"):
        assert (tmp_path / name).read_bytes() == (default_graph_path() / name).read_bytes(), name


def test_the_wheel_carries_the_graph_and_finds_it_when_installed(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    [wheel] = tmp_path.glob("paperhop-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        archive.extractall(tmp_path / "site")
    for name in ("papers.jsonl", "concepts.jsonl", "edges.jsonl"):
        assert f"paperhop/graph_data/road-to-sora/{name}" in names
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "site")}
    env.pop("PAPERHOP_GRAPH", None)
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import paperhop, sys; print(paperhop.__file__); "
            "from paperhop.cli import cli; cli(['path', 'vit', 'sora'])",
        ],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(str(tmp_path / "site"))
    assert "Reading path from ViT to Sora (3 steps)" in result.stdout
