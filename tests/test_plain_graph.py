"""paperhop.load() gives a plain networkx graph: every networkx reader, writer and algorithm takes it."""

from __future__ import annotations

import io
import json
import warnings
from pathlib import Path

import networkx as nx
import pytest

import paperhop
from paperhop.graph import edge_links, record


@pytest.fixture
def G() -> nx.DiGraph:
    return paperhop.load()


def test_attributes_can_be_written_like_any_graph(G: nx.DiGraph) -> None:
    G.edges["vit", "sora"]["w"] = 1
    assert G.edges["vit", "sora"] == {"w": 1}
    assert G.edges["transformer", "sora"] == {}  # one citation's write leaves the others alone
    nx.set_edge_attributes(G, 2.0, "weight")
    nx.set_node_attributes(G, "x", "mark")
    assert G.edges["vit", "vivit"]["weight"] == 2.0
    assert G.nodes["vit"]["mark"] == "x"


def test_every_attribute_is_plain_json(G: nx.DiGraph) -> None:
    text = json.dumps(nx.node_link_data(G, edges="links"))
    back = json.loads(text)
    vit = next(n for n in back["nodes"] if n["id"] == "vit")
    assert vit["title"].startswith("An Image is Worth 16x16 Words")
    assert vit["type"] == "paper"
    assert vit["year"] == 2020


def test_graphml_and_gexf_writers_take_it(G: nx.DiGraph, tmp_path: Path) -> None:
    nx.write_graphml(G, tmp_path / "g.graphml")
    again = nx.read_graphml(tmp_path / "g.graphml")
    assert sorted(again) == sorted(G)
    assert again.nodes["vit"]["label"] == "ViT"
    assert again.edges["vit", "vivit"]["kind"] == "builds_on"
    buffer = io.BytesIO()
    nx.write_gexf(G, buffer)
    assert b"An Image is Worth 16x16 Words" in buffer.getvalue()


def test_pyvis_takes_it(G: nx.DiGraph) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # pyvis imports jinja2/ipython helpers
        from pyvis.network import Network

    net = Network(directed=True)
    net.from_nx(G)
    assert len(net.nodes) == G.number_of_nodes()
    assert len(net.edges) == G.number_of_edges()


def test_the_whole_records_are_reachable_beside_the_attributes(G: nx.DiGraph) -> None:
    vit = record(G, "vit")
    assert vit.authors[:2] == ["Alexey Dosovitskiy", "Lucas Beyer"]
    assert vit.aliases == ["Vision Transformer"]
    assert edge_links(G, "vit", "vivit")["builds_on"].startswith("ViViT cuts video")
    assert edge_links(G, "vit", "sora") == {"cites": None}
    assert G.edges["vit", "sora"] == {}  # a plain citation carries nothing: it is the default kind


def test_views_and_subgraphs_keep_the_records(G: nx.DiGraph) -> None:
    H = G.subgraph(["vit", "vivit", "sora"])
    assert record(H, "vivit").title == "ViViT: A Video Vision Transformer"
    assert edge_links(H, "vit", "vivit") == edge_links(G, "vit", "vivit")
