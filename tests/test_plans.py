"""Reading plans, what the reader knows, why a paper is on a list, concepts, diffs, doctor."""

from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paperhop import load
from paperhop.errors import PaperhopError
from paperhop.graph import build_graph, edge_evidence
from paperhop.models import Edge, GraphData, Paper, Reference
from paperhop.queries.diff import apply_diff, diff_graphs
from paperhop.queries.doctor import doctor
from paperhop.queries.paths import reading_list, without_known
from paperhop.queries.plans import concept_info, next_papers, plan, why

from .conftest import tiny_data
from .test_index import graphs as cyclic_graphs
from .test_queries import graphs


def papers_of(G: nx.DiGraph, nodes: set[str]) -> set[str]:
    return {n for n in nodes if G.nodes[n]["type"] == "paper"}


def paper_prerequisites(G: nx.DiGraph, key: str) -> set[str]:
    """The papers a paper builds on directly: its paper predecessors, and the introducers of its concepts."""
    direct = set()
    for u in G.predecessors(key):
        direct |= {u} if G.nodes[u]["type"] == "paper" else set(G.predecessors(u))
    return papers_of(G, direct)


@settings(max_examples=150, deadline=None)
@given(graphs(), st.data())
def test_a_plan_respects_every_prerequisite_and_holds_only_what_targets_need(
    data: GraphData, draw: st.DataObject
) -> None:
    G = build_graph(data)
    targets = draw.draw(st.lists(st.sampled_from(sorted(data.papers)), min_size=1, max_size=3, unique=True))
    result = plan(G, targets)
    position = {k: i for i, k in enumerate(result.order)}
    wanted = set(targets).union(*(papers_of(G, nx.ancestors(G, t)) for t in targets))
    assert set(result.order) == wanted
    for key in result.order:
        assert all(position[p] < position[key] for p in papers_of(G, nx.ancestors(G, key)) if p in position)
        assert result.needed_by[key] == [t for t in targets if key in nx.ancestors(G, t)]


@settings(max_examples=150, deadline=None)
@given(graphs(), st.data())
def test_known_papers_and_what_only_they_lead_to_leave_the_plan(data: GraphData, draw: st.DataObject) -> None:
    G = build_graph(data)
    targets = draw.draw(st.lists(st.sampled_from(sorted(data.papers)), min_size=1, max_size=2, unique=True))
    known = set(draw.draw(st.lists(st.sampled_from(sorted(data.papers)), max_size=3)))
    result = plan(G, targets, known=known)
    assert not (set(result.order) & (known - set(targets)))
    H = G.subgraph(set(G) - (known - set(targets)))
    assert set(result.order) == set(targets).union(*(papers_of(G, nx.ancestors(H, t)) for t in targets))


@settings(max_examples=150, deadline=None)
@given(graphs(), st.data())
def test_a_maximum_is_never_exceeded_and_the_order_stays_valid(data: GraphData, draw: st.DataObject) -> None:
    G = build_graph(data)
    targets = draw.draw(st.lists(st.sampled_from(sorted(data.papers)), min_size=1, max_size=3, unique=True))
    most = draw.draw(st.integers(0, 6))
    full, result = plan(G, targets), plan(G, targets, max_papers=most)
    prerequisites = [k for k in result.order if k not in targets]
    assert len(prerequisites) == min(most, sum(k not in targets for k in full.order))
    assert set(prerequisites) | set(result.left_out) == {k for k in full.order if k not in targets}
    position = {k: i for i, k in enumerate(result.order)}
    for key in result.order:
        assert all(position[p] < position[key] for p in nx.ancestors(G, key) if p in position)


@settings(max_examples=150, deadline=None)
@given(graphs(), st.data())
def test_next_lists_exactly_the_papers_whose_prerequisites_are_known(data: GraphData, draw: st.DataObject) -> None:
    G = build_graph(data)
    target = draw.draw(st.sampled_from(sorted(data.papers)))
    known = set(draw.draw(st.lists(st.sampled_from(sorted(data.papers)), max_size=4))) - {target}
    todo = plan(G, [target], known=known).order[:-1]
    now = next_papers(G, target, known=known)
    assert now == [k for k in todo if paper_prerequisites(G, k) <= known]


@settings(max_examples=500, deadline=None)
@given(cyclic_graphs(), st.data())
def test_next_is_the_papers_on_the_list_that_no_unknown_paper_leads_to_cycles_included(
    data: GraphData, draw: st.DataObject
) -> None:
    G = build_graph(data)
    target = draw.draw(st.sampled_from(sorted(G)))
    known = draw.draw(st.lists(st.sampled_from(sorted(G)), max_size=3))
    H = without_known(G, known, keep=(target,))
    papers = papers_of(G, set(G))
    assert next_papers(G, target, known=known) == [
        k for k in reading_list(H, target) if not nx.ancestors(H, k) & papers
    ]


@settings(max_examples=100, deadline=None)
@given(graphs(), graphs())
def test_a_diff_applied_gives_the_new_records(a: GraphData, b: GraphData) -> None:
    assert not diff_graphs(a, a)
    patched = apply_diff(a, diff_graphs(a, b))
    assert patched.papers == b.papers
    assert patched.concepts == b.concepts
    assert sorted(patched.edges, key=repr) == sorted(b.edges, key=repr)


def test_the_plan_for_sora_and_dit_within_six() -> None:
    result = plan(load(), ["sora", "dit"], max_papers=6)
    assert result.order == ["unet", "transformer", "vqvae", "vit", "clip", "ldm", "dit", "sora"]
    assert result.needed_by["dit"] == ["sora"]
    assert result.left_out[:2] == ["vivit", "imagen-video"]


def test_why_gives_the_paths_shortest_first() -> None:
    G = load()
    paths = why(G, "unet", "sora", limit=3)
    assert paths[0] == ["unet", "ldm", "sora"]
    assert len(paths) == 3
    assert all(p[0] == "unet" and p[-1] == "sora" for p in paths)
    with pytest.raises(PaperhopError, match="not on vit's reading list"):
        why(G, "sora", "vit")


def test_concept_info() -> None:
    info = concept_info(load(), "latent-diffusion")
    assert info.introduced_by == ["ldm"]
    assert set(info.used_by) == {"dit", "align-your-latents", "tune-a-video", "walt", "sora"}
    assert info.read_first == ["unet", "transformer", "vqvae", "ldm"]  # LDM cites the Transformer
    with pytest.raises(PaperhopError, match="a paper, not a concept"):
        concept_info(load(), "vit")


def test_doctor_finds_what_is_weak() -> None:
    data = tiny_data()
    data.papers["lonely"] = Paper(key="lonely", title="Alpha: The First Paper!", year=2000)
    data.edges.append(Edge(source="gamma", target="alpha", kind="cites"))
    found = {(f.check, f.key) for f in doctor(build_graph(data))}
    assert found == {
        ("no identifier", "gamma"),
        ("no identifier", "lonely"),
        ("no edge", "lonely"),
        ("cites a later paper", "gamma -> alpha"),
        ("duplicate-looking titles", "alpha, lonely"),
        ("reference list not read", "lonely"),
        ("citation without evidence", "alpha -> beta"),
        ("citation without evidence", "beta -> gamma"),
        ("citation without evidence", "gamma -> alpha"),
    }
    G = load()
    # No entry of the shipped graph says yet which copy of its reference list it was read in.
    citing = {v for u, v in G.edges if (e := edge_evidence(G, u, v)) is not None and e.reference is not None}
    assert {(f.check, f.key) for f in doctor(G)} == {
        *(("reference entry without its source", key) for key in citing),
        ("concept not introduced", "temporal-layers"),
        ("no identifier", "dalle3"),
        ("no identifier", "sora"),
        ("reference list not read", "align-your-latents"),  # lists that could not be read
        ("reference list not read", "imagen-video"),
        ("reference list not read", "make-a-video"),
        ("reference list not read", "vqvae"),
    }
    marked = tiny_data()
    marked.papers["beta"] = marked.papers["beta"].model_copy(update={"references_read": True})
    marked.edges = [e for e in marked.edges if e.kind != "cites"]
    unread = {f.key for f in doctor(build_graph(marked)) if f.check == "reference list not read"}
    assert unread == {"alpha", "gamma"}
    unreachable = {f.key for f in doctor(build_graph(tiny_data()), targets=["beta"]) if f.check == "unreachable"}
    assert unreachable == {"gamma"}


def test_a_reference_entry_says_which_copy_of_the_list_it_was_read_in() -> None:
    data = tiny_data()
    read = Reference(number=3, text="A. Alpha. 2017.", source="arXiv:1706.03762v7")
    unread = Reference(number=4, text="B. Beta. 2018.")
    data.edges = [
        Edge(source="alpha", target="gamma", kind="cites", reference=read),
        Edge(source="beta", target="gamma", kind="cites", reference=unread),
    ]
    G = build_graph(data)
    assert edge_evidence(G, "alpha", "gamma").evidence == "reference [3] A. Alpha. 2017. (read in arXiv:1706.03762v7)"
    [finding] = [f for f in doctor(G) if f.check == "reference entry without its source"]
    assert finding.key == "gamma"
    assert "(1)" in finding.message
    data.edges[1] = Edge(source="beta", target="gamma", kind="cites", reference=read)
    assert not [f for f in doctor(build_graph(data)) if f.check == "reference entry without its source"]
