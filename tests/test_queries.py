from __future__ import annotations

import random
from itertools import islice, pairwise

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paperhop import load
from paperhop.errors import NoPath
from paperhop.graph import build_graph, edge_links, edge_mask, weight
from paperhop.models import Concept, Edge, GraphData, Paper
from paperhop.queries import paths as paths_module
from paperhop.queries.paths import reading_list, reading_order, reading_paths, search, tie_broken
from paperhop.reader import Reader
from paperhop.render import render

from .conftest import tiny_data


@st.composite
def graphs(draw: st.DrawFn, *, acyclic: bool = True) -> GraphData:
    """Random papers (p0, p1, ...) and concepts; if *acyclic*, links only go from lower index to higher."""
    n = draw(st.integers(2, 12))
    papers = {f"p{i}": Paper(key=f"p{i}", title=f"Paper {i}", year=draw(st.integers(2000, 2005))) for i in range(n)}
    concepts = {
        f"c{i}": Concept(key=f"c{i}", name=f"Concept {i}", description="d") for i in range(draw(st.integers(0, 3)))
    }
    pairs = st.tuples(st.integers(0, n - 1), st.integers(0, n - 1))
    edges = {}
    for a, b in draw(st.lists(pairs, max_size=30)):
        if a == b:
            continue
        if a < b:
            kind = draw(st.sampled_from(["builds_on", "cites"]))
            edges[a, b, kind] = Edge(source=f"p{a}", target=f"p{b}", kind=kind, note="n")
        elif not acyclic:
            edges[a, b, "cites"] = Edge(source=f"p{a}", target=f"p{b}", kind="cites")
    for c in concepts:
        introducers = draw(st.lists(st.integers(0, n - 1), max_size=2, unique=True))
        for i in introducers:
            edges[c, i, "introduces"] = Edge(source=f"p{i}", target=c, kind="introduces")
        first_user = max(introducers, default=-1) + 1 if acyclic else 0
        for i in draw(st.lists(st.integers(0, n - 1), max_size=3, unique=True)):
            if i >= first_user and i not in introducers:
                edges[c, i, "uses"] = Edge(source=c, target=f"p{i}", kind="uses")
    return GraphData("random", papers, concepts, list(edges.values()))


def networkx_weight(u: str, v: str, data: dict[str, object]) -> float:
    """``tie_broken`` as a weight function of networkx's, to check paperhop's searches against networkx's own."""
    return tie_broken(u, v, edge_mask(data))


def paper_ancestors(G: nx.DiGraph, node: str, inside: set[str] | None = None) -> set[str]:
    H = G if inside is None else G.subgraph(inside | {node})
    return {a for a in nx.ancestors(H, node) if G.nodes[a]["type"] == "paper"}


@settings(max_examples=200, deadline=None)
@given(graphs(), st.data())
def test_reading_list_puts_each_paper_after_all_its_prerequisites(data: GraphData, draw: st.DataObject) -> None:
    G = build_graph(data)
    target = draw.draw(st.sampled_from(sorted(data.papers)))
    order = reading_list(G, target)
    assert set(order) == paper_ancestors(G, target)
    position = {key: i for i, key in enumerate(order)}
    for key in order:
        for before in paper_ancestors(G, key):
            assert position[before] < position[key]


@settings(max_examples=200, deadline=None)
@given(graphs(acyclic=False), st.data())
def test_citation_cycles_still_give_an_order(data: GraphData, draw: st.DataObject) -> None:
    G = build_graph(data)
    target = draw.draw(st.sampled_from(sorted(data.papers)))
    order = reading_list(G, target)
    assert set(order) == paper_ancestors(G, target)
    condensed = nx.condensation(G)
    component = condensed.graph["mapping"]
    position = {key: i for i, key in enumerate(order)}
    for u, v in G.edges:
        if u in position and v in position and component[u] != component[v]:
            assert position[u] < position[v]


@settings(max_examples=200, deadline=None)
@given(graphs(), st.data())
def test_known_papers_and_what_only_they_lead_to_are_left_out(data: GraphData, draw: st.DataObject) -> None:
    G = build_graph(data)
    target = draw.draw(st.sampled_from(sorted(data.papers)))
    known = set(draw.draw(st.lists(st.sampled_from(sorted(data.papers)), max_size=3)))
    order = reading_list(G, target, known=known)
    assert not (set(order) & (known - {target}))
    without_known = G.subgraph(set(G) - (known - {target}))
    assert set(order) == paper_ancestors(without_known, target)


@settings(max_examples=200, deadline=None)
@given(graphs(acyclic=False), st.data())
def test_paths_use_only_real_edges_best_first(data: GraphData, draw: st.DataObject) -> None:
    G = build_graph(data)
    source, target = draw.draw(st.lists(st.sampled_from(sorted(data.papers)), min_size=2, max_size=2, unique=True))
    k = draw.draw(st.integers(1, 4))
    if not nx.has_path(G, source, target):
        with pytest.raises(NoPath) as caught:
            reading_paths(G, source, target, k=k)
        assert caught.value.reverse == nx.has_path(G, target, source)
        return
    paths = reading_paths(G, source, target, k=k)
    assert 1 <= len(paths) <= k
    costs = []
    for path in paths:
        assert path[0] == source
        assert path[-1] == target
        assert len(set(path)) == len(path)
        assert all(G.has_edge(u, v) for u, v in pairwise(path))
        costs.append(sum(weight(u, v, G[u][v]) for u, v in pairwise(path)))
    assert costs == sorted(costs)
    assert costs[0] == nx.shortest_path_length(G, source, target, weight=weight)


@settings(max_examples=300, deadline=None)
@given(graphs(acyclic=False), st.data())
def test_the_best_path_is_networkx_s(data: GraphData, draw: st.DataObject) -> None:
    G = build_graph(data)
    source, target = draw.draw(st.lists(st.sampled_from(sorted(G)), min_size=2, max_size=2, unique=True))
    try:
        theirs = nx.bidirectional_dijkstra(G, source, target, weight=networkx_weight)[1]
    except nx.NetworkXNoPath:
        with pytest.raises(NoPath):
            reading_paths(G, source, target)
        return
    assert reading_paths(G, source, target) == [theirs]


@settings(max_examples=300, deadline=None)
@given(graphs(acyclic=False), st.data())
def test_k_paths_are_networkx_yens_where_the_bound_is_not_reached(data: GraphData, draw: st.DataObject) -> None:
    G = build_graph(data)
    source, target = draw.draw(st.lists(st.sampled_from(sorted(data.papers)), min_size=2, max_size=2, unique=True))
    k = draw.draw(st.integers(2, 6))
    if not nx.has_path(G, source, target):
        return
    paths = reading_paths(G, source, target, k=k)
    assert paths.complete
    assert paths == list(islice(nx.shortest_simple_paths(G, source, target, weight=networkx_weight), k))


def test_the_bound_stops_the_search_and_says_so_with_the_exact_paths_found(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # a ladder: two rails and rungs, so every node of a path is a spur with somewhere to go
    n = 200
    G = nx.DiGraph()
    for side in "ab":
        G.add_edges_from((f"{side}{i}", f"{side}{i + 1}") for i in range(n))
    G.add_edges_from((f"a{i}", f"b{i + 1}") for i in range(n))
    G.add_edges_from((f"b{i}", f"a{i + 1}") for i in range(n))
    nx.set_node_attributes(G, {v: {"type": "paper", "year": 2000} for v in G})
    monkeypatch.setattr(paths_module, "SWEEPS", 10**6)
    monkeypatch.setattr(paths_module, "MAX_SWEEPS", 10**6)
    whole = reading_paths(G, "a0", "b200", k=30)
    assert whole.complete
    assert len(whole) == 30
    monkeypatch.setattr(paths_module, "MAX_SWEEPS", 10)
    bounded = reading_paths(G, "a0", "b200", k=30)
    assert not bounded.complete
    assert 1 <= len(bounded) < 30
    assert bounded == whole[: len(bounded)]


@settings(max_examples=100, deadline=None)
@given(graphs(acyclic=False), st.randoms(use_true_random=False), st.data())
def test_output_is_identical_for_shuffled_input(data: GraphData, rng: random.Random, draw: st.DataObject) -> None:
    papers, edges = list(data.papers.items()), list(data.edges)
    rng.shuffle(papers)
    rng.shuffle(edges)
    shuffled = GraphData(data.name, dict(papers), data.concepts, edges)
    G, H = build_graph(data), build_graph(shuffled)
    target = draw.draw(st.sampled_from(sorted(data.papers)))
    assert render(Reader(G).reading_list(target), "json") == render(Reader(H).reading_list(target), "json")
    source = draw.draw(st.sampled_from(sorted(data.papers)))
    if source != target and nx.has_path(G, source, target):
        for fmt in ("text", "json"):
            assert render(Reader(G).path(source, target, k=3), fmt) == render(Reader(H).path(source, target, k=3), fmt)


def test_depth_counts_papers_not_concepts() -> None:
    G = build_graph(tiny_data())
    assert reading_list(G, "gamma") == ["alpha", "beta"]
    # alpha is one paper away from gamma through the concept, beta directly.
    assert reading_list(G, "gamma", depth=1) == ["alpha", "beta"]
    assert reading_list(G, "gamma", via="concepts") == ["alpha"]
    assert reading_list(G, "gamma", via="cites") == ["alpha", "beta"]
    assert reading_list(G, "beta", depth=1, known=["alpha"]) == []


def test_a_cycle_comes_out_together_by_year() -> None:
    data = tiny_data()
    data.edges.append(Edge(source="gamma", target="beta", kind="cites"))
    data.papers["delta"] = Paper(key="delta", title="Delta", year=2021)
    data.edges.append(Edge(source="gamma", target="delta", kind="cites"))
    assert reading_list(build_graph(data), "delta") == ["alpha", "beta", "gamma"]


def test_reading_order_ties_go_to_the_older_paper_then_the_key() -> None:
    G = build_graph(
        GraphData(
            "t",
            {
                "b": Paper(key="b", title="B", year=2001),
                "a": Paper(key="a", title="A", year=2001),
                "z": Paper(key="z", title="Z", year=1999),
            },
        )
    )
    assert reading_order(G) == ["z", "a", "b"]


def test_paths_prefer_curated_links_to_citations() -> None:
    G = load()
    [best] = reading_paths(G, "vit", "sora")
    assert best == ["vit", "vivit", "sora"]
    assert edge_links(G, "vit", "sora") == {"cites": None}  # the direct citation loses
    assert reading_paths(G, "vit", "sora", via="cites") == [["vit", "sora"]]


def test_no_path_says_whether_the_reverse_has_one() -> None:
    G = load()
    with pytest.raises(NoPath) as caught:
        reading_paths(G, "sora", "vit")
    assert caught.value.reverse
    with pytest.raises(NoPath) as caught:
        reading_paths(G, "clip", "unet")
    assert not caught.value.reverse


def test_search_ranks_names_before_titles_before_authors() -> None:
    G = load()
    # names first (concepts, then papers oldest first), then titles
    assert search(G, "transformer")[:4] == ["diffusion-transformer", "self-attention", "transformer", "vit"]
    assert search(G, "transformer").index("dit") > search(G, "transformer").index("vivit")
    assert search(G, "Peebles") == ["dit", "sora"]
    assert search(G, "no such words") == []
