"""The view-model every export renders: which nodes and edges, and how they look.

Pure data, computed from the graph in time linear in its size: the layout
reads left to right in reading order (each node one layer after its furthest
prerequisite) so a browser need not run physics to place 5,000 papers.
Everything is sorted, so the same graph gives the same view whatever order its
records were read in.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from itertools import pairwise

import networkx as nx

from ..graph import edge_evidence, edge_links, record
from ..models import EDGE_KINDS, Concept, Paper
from ..queries.paths import reading_list, reading_paths, reading_rank

__all__ = ["EDGE_STYLE", "View", "ViewEdge", "ViewNode", "build_view"]

# Colour-blind-safe (Okabe-Ito and Tableau) colours for sections, in order of the sorted section names.
PALETTE = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7", "#9c755f")
NO_SECTION = "#8c8c8c"
CONCEPT_COLOR = "#bab0ac"
EDGE_STYLE: dict[str, dict[str, object]] = {
    "builds_on": {"label": "curated prerequisite", "color": "#2f4b7c", "width": 2.5, "dashes": False},
    "cites": {"label": "real citation", "color": "#9a9a9a", "width": 1.0, "dashes": [4, 4]},
    "introduces": {"label": "concept link", "color": "#b07aa1", "width": 1.5, "dashes": [1, 3]},
    "uses": {"label": "concept link", "color": "#b07aa1", "width": 1.5, "dashes": [1, 3]},
}
LAYER_GAP, ROW_GAP = 180, 100


@dataclass(frozen=True)
class ViewNode:
    """A node as drawn, with its whole record (what JSON and GraphML export)."""

    id: str
    type: str  # "paper" or "concept"
    label: str  # what the node shows: "ViT (2020)", numbered in a reading list
    name: str
    tooltip: str  # plain text, never markup
    url: str | None
    section: str | None
    color: str
    shape: str
    size: float
    x: float
    y: float
    record: Paper | Concept
    highlighted: bool = False
    faded: bool = False
    position: int | None = None  # place in a reading list


@dataclass(frozen=True)
class ViewEdge:
    source: str
    target: str
    links: dict[str, str | None]  # kind -> note, best kind first
    kind: str  # the kind that styles it
    highlighted: bool = False
    faded: bool = False
    evidence: str | None = None  # a citation's evidence in one line of plain text (never markup)


@dataclass
class View:
    name: str
    title: str
    nodes: list[ViewNode]
    edges: list[ViewEdge]
    sections: list[tuple[str, str]] = field(default_factory=list)  # (section, colour) for the legend
    kinds: list[str] = field(default_factory=list)  # edge kinds present, best first


def build_view(
    G: nx.DiGraph,
    *,
    concepts: bool = True,
    focus: str | None = None,
    depth: int = 1,
    path: tuple[str, str] | None = None,
    reading_list_of: str | None = None,
) -> View:
    """What to draw of *G*: all of it, or the neighbourhood of *focus* within *depth*
    links, or the reading list of *reading_list_of* (numbered); *path* highlights
    the reading path between two keys and fades the rest.
    """
    name = str(G.graph.get("name", "graph"))
    title = name
    keep: set[str] = set(G)
    positions: dict[str, int] = {}
    if focus is not None:
        keep = set(nx.ego_graph(G.to_undirected(as_view=True), focus, radius=depth))
        title = f"{name}: around {_label(G, focus)}"
    if reading_list_of is not None:
        papers = reading_list(G, reading_list_of)
        positions = {key: i for i, key in enumerate(papers, start=1)}
        keep &= nx.ancestors(G, reading_list_of) | {reading_list_of}
        title = f"Reading list for {_label(G, reading_list_of)}"
    on_path: list[str] = []
    if path is not None:
        [on_path] = reading_paths(G, *path)
        keep |= set(on_path)
        title = f"Reading path from {_label(G, path[0])} to {_label(G, path[1])}"
    if not concepts:
        keep = {n for n in keep if G.nodes[n]["type"] == "paper"} | set(on_path)
    H = G if len(keep) == len(G) else G.subgraph(keep).copy()  # a copy: views are slow to walk

    path_nodes, path_edges = set(on_path), set(pairwise(on_path))
    sections = sorted({s for _, s in H.nodes(data="section") if s})
    colors = {s: PALETTE[i % len(PALETTE)] for i, s in enumerate(sections)}
    xy = _layout(H)
    nodes = [
        _node(
            G,
            key,
            xy[key],
            colors,
            positions.get(key),
            highlighted=key in path_nodes,
            faded=bool(path_nodes) and key not in path_nodes,
        )
        for key in sorted(H)
    ]
    edges = [
        ViewEdge(
            u,
            v,
            dict(edge_links(G, u, v)),
            next(iter(edge_links(G, u, v))),
            highlighted=(u, v) in path_edges,
            faded=bool(path_edges) and (u, v) not in path_edges,
            evidence=cites.evidence if (cites := edge_evidence(G, u, v)) else None,
        )
        for u, v in sorted(H.edges)
    ]
    kinds: list[str] = [k for k in EDGE_KINDS if any(k in e.links for e in edges)]
    legend = [(s, colors[s]) for s in sections]
    if any(n.section is None and n.type == "paper" for n in nodes):
        legend.append(("no section", NO_SECTION))
    return View(name, title, nodes, edges, legend, kinds)


def _label(G: nx.DiGraph, key: str) -> str:
    return str(G.nodes[key]["label"])


def _node(
    G: nx.DiGraph,
    key: str,
    xy: tuple[float, float],
    colors: dict[str, str],
    position: int | None,
    *,
    highlighted: bool,
    faded: bool,
) -> ViewNode:
    rec = record(G, key)
    if isinstance(rec, Paper):
        label = f"{rec.label} ({rec.year})"
        if position is not None:
            label = f"{position}. {label}"
        lines = [
            rec.title,
            ", ".join(rec.authors),
            " · ".join(filter(None, [str(rec.year), rec.venue])),
            rec.summary or "",
            rec.link or "",
        ]
        return ViewNode(
            key,
            "paper",
            label,
            rec.label,
            "\n".join(line for line in lines if line),
            rec.link,
            rec.section,
            colors.get(rec.section or "", NO_SECTION),
            "dot",
            12 + 5 * math.sqrt(_built_on_by(G, key)),
            *xy,
            rec,
            highlighted,
            faded,
            position,
        )
    return ViewNode(
        key,
        "concept",
        rec.label,
        rec.label,
        f"{rec.label} (concept)\n{rec.description}",
        None,
        None,
        CONCEPT_COLOR,
        "diamond",
        10,
        *xy,
        rec,
        highlighted,
        faded,
    )


def _built_on_by(G: nx.DiGraph, key: str) -> int:
    """How many papers in the whole graph build directly on *key* (through a concept it introduces too)."""
    papers = set()
    for succ in G.successors(key):
        if G.nodes[succ]["type"] == "paper":
            papers.add(succ)
        else:
            papers.update(p for p in G.successors(succ) if G.nodes[p]["type"] == "paper")
    return len(papers)


def _layout(H: nx.DiGraph) -> dict[str, tuple[float, float]]:
    """Left to right in reading order: a node's layer is one past its furthest
    prerequisite (cycles share a layer). Within a layer, nodes sit near the mean
    height of their prerequisites, so edges run mostly straight."""
    C = nx.condensation(H)
    layer_of: dict[int, int] = {}
    for c in nx.topological_sort(C):
        layer_of[c] = max((layer_of[p] + 1 for p in C.predecessors(c)), default=0)
    layers: dict[int, list[str]] = {}
    for key, component in sorted(C.graph["mapping"].items()):
        layers.setdefault(layer_of[component], []).append(key)
    row: dict[str, float] = {}
    xy: dict[str, tuple[float, float]] = {}
    for layer in sorted(layers):
        members = sorted(layers[layer], key=lambda k: reading_rank(H, k))
        wanted = {}
        for i, key in enumerate(members):
            above = [row[p] for p in H.predecessors(key) if p in row]
            wanted[key] = (sum(above) / len(above) if above else i, i)
        members.sort(key=lambda k: wanted[k])
        offset = (len(members) - 1) / 2
        for i, key in enumerate(members):
            row[key] = i - offset
            xy[key] = (layer * LAYER_GAP, (i - offset) * ROW_GAP)
    return xy
