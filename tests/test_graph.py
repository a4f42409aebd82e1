from __future__ import annotations

import pytest

from paperhop.errors import GraphDataError
from paperhop.graph import build_graph, check, edge_links, weight
from paperhop.models import Concept, Edge, GraphData, Paper

from .conftest import tiny_data


def messages(data: GraphData) -> list[str]:
    return [f"{p.severity}: {p}" for p in check(data)]


def test_a_clean_graph_has_no_problems() -> None:
    assert check(tiny_data()) == []


def test_edges_point_in_reading_order_and_merge_kinds() -> None:
    G = build_graph(tiny_data())
    assert edge_links(G, "alpha", "beta") == {"builds_on": "Beta extends Alpha.", "cites": None}
    assert weight("alpha", "beta", G["alpha"]["beta"]) == 1.0  # the curated link's, not the citation's
    assert weight("beta", "gamma", G["beta"]["gamma"]) == 3.0
    assert G["beta"]["gamma"] == {}  # a plain citation carries nothing, as in a bare DiGraph
    assert G.nodes["idea"]["type"] == "concept"


def test_dangling_keys_and_wrong_ends_are_errors() -> None:
    data = tiny_data()
    data.edges += [
        Edge(source="alpha", target="nobody", kind="cites"),
        Edge(source="idea", target="alpha", kind="introduces"),
    ]
    assert messages(data) == [
        "error: edge alpha -> nobody (cites): no paper or concept 'nobody'",
        "error: edge idea -> alpha (introduces): a introduces edge goes paper -> concept, not concept -> paper",
    ]
    with pytest.raises(GraphDataError, match="nobody"):
        build_graph(data)


def test_duplicate_edges_shared_aliases_and_shared_keys_are_errors() -> None:
    data = tiny_data()
    data.edges.append(Edge(source="beta", target="gamma", kind="cites"))
    data.papers["gamma"] = data.papers["gamma"].model_copy(update={"aliases": ["First"]})
    data.concepts["beta"] = Concept(key="beta", name="Beta idea", description="x")
    assert messages(data) == [
        "error: beta: key is used by both a paper and a concept",
        "error: edge beta -> gamma (cites): duplicate edge",
        "error: gamma: name or alias 'first' is also 'alpha''s",
    ]


def test_a_cycle_of_curated_links_is_an_error_but_a_citation_cycle_a_warning() -> None:
    data = tiny_data()
    data.edges.append(Edge(source="gamma", target="beta", kind="cites"))
    assert messages(data) == [
        "warning: cites cycle: among beta, gamma",
        "warning: edge gamma -> beta (cites): beta (2018) cites the later gamma (2020)",
    ]
    build_graph(data)  # warnings do not stop the graph being built

    data.edges.append(Edge(source="beta", target="alpha", kind="builds_on", note="loop"))
    assert "error: builds_on cycle: among alpha, beta" in messages(data)
    with pytest.raises(GraphDataError, match="builds_on cycle"):
        build_graph(data)


def test_graph_does_not_depend_on_record_order() -> None:
    data = tiny_data()
    shuffled = GraphData("tiny", dict(reversed(data.papers.items())), data.concepts, data.edges[::-1])
    G, H = build_graph(data), build_graph(shuffled)
    assert list(G.nodes) == list(H.nodes)
    assert sorted(G.edges(data=True)) == sorted(H.edges(data=True))


def test_paper_year_is_used_for_time_order_checks() -> None:
    data = GraphData(
        "t",
        {"old": Paper(key="old", title="Old", year=2000), "new": Paper(key="new", title="New", year=2001)},
        edges=[Edge(source="new", target="old", kind="cites")],
    )
    assert messages(data) == ["warning: edge new -> old (cites): old (2000) cites the later new (2001)"]


def test_builds_on_needs_a_note_and_no_edge_joins_a_node_to_itself() -> None:
    data = tiny_data()
    data.edges += [
        Edge(source="beta", target="gamma", kind="builds_on"),
        Edge(source="beta", target="beta", kind="cites"),
    ]
    assert messages(data) == [
        "error: edge beta -> beta (cites): edge from beta to itself",
        "error: edge beta -> gamma (builds_on): a builds_on edge needs a note saying why",
    ]
