"""Records -> one NetworkX graph.

The one direction, kept everywhere: an edge ``u -> v`` means "read u before v".
A citation therefore points from the cited paper to the citing one, a paper
points to the concepts it introduces, and a concept to the papers that use it.

Nodes are keys, with ``type`` ("paper" or "concept") and ``record`` (the Pydantic
model). Two records of different kinds between the same pair of nodes share one
graph edge, whose ``links`` maps each kind to its note and whose ``weight`` is the
cheapest kind's (curated and concept links cost less than bare citations, so
paths prefer them). Nodes and edges are inserted in sorted order, so every
traversal, and so every output, is the same whatever order the records came in.
"""

from __future__ import annotations

from collections import defaultdict

import networkx as nx

from .errors import GraphDataError, Problem
from .models import EDGE_KINDS, Concept, EdgeKind, Paper, normalize
from .store import GraphData

__all__ = ["KIND_WEIGHT", "build_graph", "check", "edge_kinds"]

KIND_WEIGHT: dict[EdgeKind, float] = {"builds_on": 1.0, "introduces": 1.0, "uses": 1.0, "cites": 3.0}

# Which node types each edge kind joins, in reading order.
KIND_ENDS: dict[EdgeKind, tuple[str, str]] = {
    "cites": ("paper", "paper"),
    "builds_on": ("paper", "paper"),
    "introduces": ("paper", "concept"),
    "uses": ("concept", "paper"),
}


def build_graph(data: GraphData) -> nx.DiGraph:
    """Build the reading-order graph; raise GraphDataError if *data* has errors.

    >>> from paperhop.models import Edge, Paper
    >>> data = GraphData("demo", {
    ...     "a": Paper(key="a", title="A", year=2017),
    ...     "b": Paper(key="b", title="B", year=2020)},
    ...     edges=[Edge(source="a", target="b", kind="cites")])
    >>> G = build_graph(data)
    >>> list(G.edges(data="links"))
    [('a', 'b', {'cites': None})]
    """
    errors = [p for p in check(data) if p.severity == "error"]
    if errors:
        raise GraphDataError(errors)
    G = nx.DiGraph(name=data.name)
    nodes: list[tuple[str, str, Paper | Concept]] = [(k, "paper", r) for k, r in data.papers.items()]
    nodes += [(k, "concept", r) for k, r in data.concepts.items()]
    for key, kind, rec in sorted(nodes, key=lambda n: n[0]):
        G.add_node(key, type=kind, record=rec)
    links: dict[tuple[str, str], dict[EdgeKind, str | None]] = defaultdict(dict)
    for edge in data.edges:
        links[edge.source, edge.target][edge.kind] = edge.note
    for (u, v), by_kind in sorted(links.items()):
        ordered = {k: by_kind[k] for k in EDGE_KINDS if k in by_kind}
        G.add_edge(u, v, links=ordered, weight=min(KIND_WEIGHT[k] for k in ordered))
    return G


def edge_kinds(G: nx.DiGraph, kinds: frozenset[str]) -> nx.DiGraph:
    """*G* with only the links of *kinds*, weights recomputed from those alone.

    Returns *G* itself when every kind is kept, else a new graph sharing its
    node records.
    """
    if kinds >= set(EDGE_KINDS):
        return G
    H = nx.DiGraph(**G.graph)
    H.add_nodes_from(G.nodes(data=True))
    for u, v, links in G.edges(data="links"):
        kept = {k: note for k, note in links.items() if k in kinds}
        if kept:
            H.add_edge(u, v, links=kept, weight=min(KIND_WEIGHT[k] for k in kept))
    return H


def check(data: GraphData) -> list[Problem]:
    """Every problem in *data*'s records as a whole, errors and warnings, sorted.

    Errors: dangling keys, a key used twice, names or aliases shared by two
    nodes, an edge joining the wrong kinds of node, a duplicate edge, a cycle of
    ``builds_on`` links. Warnings: ``cites`` cycles (real citation data has them)
    and a paper citing a later one.
    """
    problems: list[Problem] = []
    types = dict.fromkeys(data.papers, "paper")
    for key in data.concepts:
        if key in types:
            problems.append(Problem(key, "key is used by both a paper and a concept"))
        types.setdefault(key, "concept")
    problems += _shared_names(data)

    seen: set[tuple[str, str, str]] = set()
    for edge in data.edges:
        where = f"edge {edge.source} -> {edge.target} ({edge.kind})"
        ends = [types.get(edge.source), types.get(edge.target)]
        missing = [k for k, t in zip((edge.source, edge.target), ends, strict=True) if t is None]
        if missing:
            problems.append(Problem(where, f"no paper or concept {missing[0]!r}"))
            continue
        if tuple(ends) != KIND_ENDS[edge.kind]:
            want = " -> ".join(KIND_ENDS[edge.kind])
            problems.append(Problem(where, f"a {edge.kind} edge goes {want}, not {ends[0]} -> {ends[1]}"))
        if (edge.source, edge.target, edge.kind) in seen:
            problems.append(Problem(where, "duplicate edge"))
        seen.add((edge.source, edge.target, edge.kind))
        if edge.kind == "cites":
            cited, citing = data.papers[edge.source], data.papers[edge.target]
            if citing.year < cited.year:
                problems.append(
                    Problem(
                        where, f"{citing.key} ({citing.year}) cites the later {cited.key} ({cited.year})", "warning"
                    )
                )

    for kind, severity in (("builds_on", "error"), ("cites", "warning")):
        sub = nx.DiGraph((e.source, e.target) for e in data.edges if e.kind == kind)
        for component in nx.strongly_connected_components(sub):
            if len(component) > 1:
                members = ", ".join(sorted(component))
                problems.append(Problem(f"{kind} cycle", f"among {members}", severity))
    return sorted(set(problems), key=lambda p: (p.severity, p.location, p.message))


def _shared_names(data: GraphData) -> list[Problem]:
    owner: dict[str, str] = {}
    problems = []
    records: list[Paper | Concept] = [*data.papers.values(), *data.concepts.values()]
    for rec in sorted(records, key=lambda r: r.key):
        names = {normalize(n) for n in (rec.key, rec.label, *rec.aliases)} - {""}
        for name in sorted(names):
            other = owner.setdefault(name, rec.key)
            if other != rec.key:
                problems.append(Problem(rec.key, f"name or alias {name!r} is also {other!r}'s"))
    return problems
