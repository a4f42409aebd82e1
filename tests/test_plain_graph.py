"""paperhop.load() gives a plain networkx graph: every networkx reader, writer and algorithm takes it, and what
its records hold survives whatever networkx users do with a graph (copies, subgraphs, relabelling, composing,
pickling, and the GraphML, GEXF and node-link round trips)."""

from __future__ import annotations

import io
import json
import pickle
import warnings
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import pytest

import paperhop
from paperhop.graph import build_graph, edge_evidence, edge_links, record
from paperhop.models import Edge, GraphData, Paper


@pytest.fixture
def G() -> nx.DiGraph:
    return paperhop.load()


def test_attributes_can_be_written_like_any_graph(G: nx.DiGraph) -> None:
    before = dict(G.edges["transformer", "sora"])
    G.edges["vit", "sora"]["w"] = 1
    assert G.edges["vit", "sora"]["w"] == 1
    assert G.edges["transformer", "sora"] == before  # one citation's write leaves the others alone
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


def test_the_whole_records_are_in_the_attributes(G: nx.DiGraph) -> None:
    vit = record(G, "vit")
    assert vit.authors[:2] == ["Alexey Dosovitskiy", "Lucas Beyer"]
    assert json.loads(G.nodes["vit"]["authors"]) == vit.authors  # a list is kept as its JSON text
    assert vit.aliases == ["Vision Transformer"]
    assert edge_links(G, "vit", "vivit")["builds_on"].startswith("ViViT cuts video")
    cites = edge_evidence(G, "vit", "sora")
    assert cites is not None
    assert cites.reference is not None
    assert json.loads(G.edges["vit", "sora"]["reference"])["text"] == cites.reference.text


def test_a_plain_citation_carries_nothing() -> None:
    papers = {k: Paper(key=k, title=k.upper(), year=2020) for k in "ab"}
    G = build_graph(GraphData("demo", papers, edges=[Edge(source="a", target="b", kind="cites")]))
    assert G.edges["a", "b"] == {}  # the default kind: nothing to keep
    assert edge_links(G, "a", "b") == {"cites": None}
    assert edge_evidence(G, "a", "b") is None


def test_views_and_subgraphs_keep_the_records(G: nx.DiGraph) -> None:
    H = G.subgraph(["vit", "vivit", "sora"])
    assert record(H, "vivit").title == "ViViT: A Video Vision Transformer"
    assert edge_links(H, "vit", "vivit") == edge_links(G, "vit", "vivit")


def everything(G: nx.DiGraph, rename: Callable[[str], str] = str) -> tuple[dict, dict]:
    """What *G* holds, through paperhop's readers: each record, and each edge's links and evidence (keys
    renamed by *rename*, to compare with a relabelled graph)."""
    records = {rename(k): record(G, k).model_dump(mode="json", exclude={"key"}) for k in G}
    edges = {}
    for u, v in G.edges:
        cites = edge_evidence(G, u, v)
        evidence = None if cites is None else cites.model_dump(mode="json", include={"reference", "s2", "note"})
        edges[rename(u), rename(v)] = (dict(edge_links(G, u, v)), evidence)
    return records, edges


def graphml_round_trip(G: nx.DiGraph) -> nx.DiGraph:
    buffer = io.BytesIO()
    nx.write_graphml(G, buffer)
    return nx.read_graphml(io.BytesIO(buffer.getvalue()))


def gexf_round_trip(G: nx.DiGraph) -> nx.DiGraph:
    buffer = io.BytesIO()
    nx.write_gexf(G, buffer)
    H = nx.read_gexf(io.BytesIO(buffer.getvalue()))
    for _, _, data in H.edges(data=True):
        del data["id"]  # GEXF numbers its edges
    return H


OPERATIONS: dict[str, Callable[[nx.DiGraph], nx.DiGraph]] = {
    "G.copy()": lambda G: G.copy(),
    "G.subgraph(all).copy()": lambda G: G.subgraph(list(G)).copy(),
    "nx.DiGraph(G)": nx.DiGraph,
    "nx.compose(G, empty)": lambda G: nx.compose(nx.DiGraph(), G),
    "pickle": lambda G: pickle.loads(pickle.dumps(G)),
    "node_link_data": lambda G: nx.node_link_graph(
        json.loads(json.dumps(nx.node_link_data(G, edges="links"))), edges="links"
    ),
    "GraphML": graphml_round_trip,
    "GEXF": gexf_round_trip,
}


@pytest.mark.parametrize("operation", OPERATIONS, ids=list(OPERATIONS))
def test_every_record_survives(G: nx.DiGraph, operation: str) -> None:
    H = OPERATIONS[operation](G)
    assert everything(H) == everything(G)


def test_relabelling_keeps_records_and_links(G: nx.DiGraph) -> None:
    rename = {"vit": "vision-transformer"}
    H = nx.relabel_nodes(G, rename)
    assert everything(H) == everything(G, lambda k: rename.get(k, k))
    assert edge_links(H, "vision-transformer", "vivit")["builds_on"].startswith("ViViT cuts video")
    nx.relabel_nodes(G, rename, copy=False)  # in place too
    assert record(G, "vision-transformer").aliases == ["Vision Transformer"]


def test_a_subgraph_copy_keeps_its_own_records(G: nx.DiGraph) -> None:
    H = G.subgraph(["vit", "vivit"]).copy()
    assert record(H, "vit").authors == record(G, "vit").authors
    assert edge_links(H, "vit", "vivit") == edge_links(G, "vit", "vivit")


def test_a_view_resolves_only_its_own_nodes(G: nx.DiGraph) -> None:
    assert paperhop.resolve(G, "Vision Transformer") == "vit"
    with pytest.raises(paperhop.NodeNotFound):
        paperhop.resolve(G.subgraph(["sora"]), "Vision Transformer")
