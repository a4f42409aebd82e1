from __future__ import annotations

import pytest

from paperhop.errors import GraphDataError, PaperhopError
from paperhop.graph import (
    build_graph,
    check,
    edge_evidence,
    edge_kinds,
    edge_links,
    influential_citations,
    record,
    weight,
)
from paperhop.models import Concept, Edge, GraphData, Paper, Reference, S2Evidence

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


def test_evidence_is_kept_beside_and_plain_citations_carry_nothing() -> None:
    data = tiny_data()
    reference = Reference(number=7, text="A. Author. Alpha: the first paper. 2015.")
    s2 = S2Evidence(influential=True, intents=["methodology"], contexts=["as alpha did"])
    data.edges[1] = data.edges[1].model_copy(update={"reference": reference, "s2": s2})  # alpha -> beta
    G = build_graph(data)
    assert edge_evidence(G, "alpha", "beta") == data.edges[1]
    assert edge_evidence(G, "alpha", "beta").evidence == (  # type: ignore[union-attr]
        "reference [7] A. Author. Alpha: the first paper. 2015. | Semantic Scholar: influential; "
        'intents: methodology; context: "as alpha did"'
    )
    assert edge_evidence(G, "beta", "gamma") is None
    assert G["beta"]["gamma"] == {}
    assert edge_evidence(edge_kinds(G, frozenset({"cites"})), "alpha", "beta") == data.edges[1]
    assert edge_evidence(edge_kinds(G, frozenset({"builds_on"})), "alpha", "beta") is None
    H = influential_citations(G)
    assert list(H.edges) == [("alpha", "beta")]
    assert edge_links(H, "alpha", "beta") == {"cites": None}
    with pytest.raises(PaperhopError, match="none is marked influential"):
        influential_citations(build_graph(tiny_data()))


def test_a_citation_with_evidence_is_still_one_citation() -> None:
    data = tiny_data()
    data.edges.append(Edge(source="beta", target="gamma", kind="cites", reference=Reference(text="B. 2018.")))
    assert messages(data) == ["error: edge beta -> gamma (cites): duplicate edge"]


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


def test_a_record_read_back_equals_the_one_put_in_and_shares_no_list() -> None:
    papers = {
        "a": Paper(key="a", title="A", year=2017),  # no authors, no aliases: the lists left at their defaults
        "b": Paper(key="b", title="B", year=2018, authors=["Ann"], aliases=["bee"]),
    }
    G = build_graph(GraphData("demo", papers, {"c": Concept(key="c", name="C", description="A concept.")}))
    assert [record(G, k) for k in ("a", "b", "c")] == [
        papers["a"],
        papers["b"],
        Concept(key="c", name="C", description="A concept."),
    ]
    first = record(G, "a")
    first.authors.append("Eve")
    assert record(G, "a").authors == []
    assert record(G, "c").aliases == []
