"""The view-model every export renders: which nodes and edges, and how they look.

Pure data, computed from the graph in time linear in its size: the layout
reads left to right in reading order (each node one layer after its furthest
prerequisite) so a browser need not run physics to place 5,000 papers.
Everything is sorted, so the same graph gives the same view whatever order its
records were read in.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from itertools import pairwise

import networkx as nx

from ..graph import edge_evidence, edge_links, record
from ..models import EDGE_KINDS, Concept, Paper, normalize
from ..queries.paths import reading_list, reading_order, reading_rank, without_known
from ..queries.plans import plan as plan_of
from ..reader import Reader

__all__ = ["EDGE_STYLE", "ListItem", "View", "ViewEdge", "ViewNode", "build_view", "query_graph"]

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
LAYER_GAP, ROW_GAP = 180, 140  # room for a caption of two lines under each node
YEAR_GAP, STACK_GAP = 220, 120  # the timeline: one column a year, its papers stacked, a caption under each
END_SIZE = 30  # the target of a list or plan, and the two ends of a path


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
    timeline: tuple[float, float] = (0.0, 0.0)  # (x, y) when x is the year
    base_size: float = 0.0  # its size when it is not an end (the page makes whichever papers are ends large)


@dataclass(frozen=True)
class ListItem:
    """One entry of the ordered list beside the graph (and of the page without JavaScript)."""

    key: str
    number: int
    name: str
    year: int | None
    title: str
    url: str | None
    reason: str  # one line: why it is here, or why it follows the one before


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
    mode: str = "order"  # what the list is: "order" (the whole graph's), "list", "path" or "plan"
    ends: list[str] = field(default_factory=list)  # the target(s), or a path's source and target
    items: list[ListItem] = field(default_factory=list)
    known: list[str] = field(default_factory=list)  # what the list leaves out as read (--known)
    max_papers: int | None = None  # a plan's maximum
    query: dict[str, object] = field(default_factory=dict)  # the drawn graph, for the page's own queries
    focus: str | None = None  # the paper the view is centred on (--focus)


def build_view(
    G: nx.DiGraph,
    *,
    concepts: bool = True,
    focus: str | None = None,
    depth: int = 1,
    path: tuple[str, str] | None = None,
    reading_list_of: str | None = None,
    plan: list[str] | None = None,
    max_papers: int | None = None,
    known: list[str] | None = None,
) -> View:
    """What to draw of *G*: all of it, or the neighbourhood of *focus* within *depth*
    links, or the reading list of *reading_list_of* (numbered), or the *plan* for
    several targets; *path* highlights the reading path between two keys and fades
    the rest. The view's ordered list (``items``) is the path, the list, the plan or
    the whole graph's reading order, less the *known* papers, as the CLI gives it.
    """
    known = sorted(known or [])
    recs = {key: record(G, key) for key in G}  # once: a record is rebuilt on each call
    name = str(G.graph.get("name", "graph"))
    chosen = _chosen(G, recs, display_name(name), focus, depth, path, reading_list_of, plan, max_papers, known)
    keep, on_path = chosen.keep, chosen.on_path
    if not concepts:
        keep = {n for n in keep if G.nodes[n]["type"] == "paper"} | set(on_path)
    H = G if len(keep) == len(G) else G.subgraph(keep).copy()  # a copy: views are slow to walk

    path_nodes, path_edges = set(on_path), set(pairwise(on_path))
    # Colours by the whole graph's sections, so a section has one colour in every view of the graph.
    colors = {s: PALETTE[i % len(PALETTE)] for i, s in enumerate(sorted({s for _, s in G.nodes(data="section") if s}))}
    sections = sorted({s for _, s in H.nodes(data="section") if s})
    xy, years = _layout(H), _timeline(H)
    nodes = [
        _node(
            G,
            recs[key],
            xy[key],
            colors,
            chosen.positions.get(key),
            highlighted=key in path_nodes,
            faded=bool(path_nodes) and key not in path_nodes,
            end=key in chosen.ends,
            timeline=years[key],
        )
        for key in sorted(H)
    ]
    edges = _edges(G, H, path_edges)
    kinds: list[str] = [k for k in EDGE_KINDS if any(k in e.links for e in edges)]
    legend = [(s, colors[s]) for s in sections]
    if any(n.section is None and n.type == "paper" for n in nodes):
        legend.append(("no section", NO_SECTION))
    # The page answers its own questions from the papers it draws, linked as in the whole graph (a concept that
    # joins two of them counts even where concepts are not drawn): every paper it lists is on the canvas.
    joining = {c for c in G if G.nodes[c]["type"] == "concept" and keep & set(G.pred[c]) and keep & set(G.succ[c])}
    query = query_graph(G if len(keep | joining) == len(G) else G.subgraph(keep | joining), recs)
    return View(
        name,
        chosen.title,
        nodes,
        edges,
        legend,
        kinds,
        chosen.mode,
        chosen.ends,
        chosen.items,
        known,
        max_papers,
        query,
        focus,
    )


SLUG = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*")
SMALL_WORDS = {"a", "an", "and", "at", "by", "for", "in", "of", "on", "or", "the", "to", "vs"}


@dataclass
class _Chosen:
    """What a view shows of the graph, before it is laid out: the nodes kept, the heading, and the list."""

    keep: set[str]
    title: str
    mode: str = "order"
    ends: list[str] = field(default_factory=list)
    items: list[ListItem] = field(default_factory=list)
    positions: dict[str, int] = field(default_factory=dict)  # a reading list's numbers
    on_path: list[str] = field(default_factory=list)


def _edges(G: nx.DiGraph, H: nx.DiGraph, path_edges: set[tuple[str, str]]) -> list[ViewEdge]:
    """The edges of *H* to draw, with their links in *G*; those of a path (*path_edges*) highlighted, the others
    faded."""
    return [
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


def _chosen(
    G: nx.DiGraph,
    recs: dict[str, Paper | Concept],
    title: str,
    focus: str | None,
    depth: int,
    path: tuple[str, str] | None,
    reading_list_of: str | None,
    plan: list[str] | None,
    max_papers: int | None,
    known: list[str],
) -> _Chosen:
    """``build_view``'s choice of what to show; the whole graph's order is computed only when it is the list."""
    chosen = _Chosen(set(G), title)
    if focus is not None:
        chosen.keep = set(nx.ego_graph(G.to_undirected(as_view=True), focus, radius=depth))
        chosen.title = f"{title}: around {_label(G, focus)}"
    if reading_list_of is not None:
        papers = reading_list(G, reading_list_of, known=known)
        chosen.positions = {key: i for i, key in enumerate(papers, start=1)}
        chosen.keep &= nx.ancestors(G, reading_list_of) | {reading_list_of}
        chosen.title = f"Reading list for {_label(G, reading_list_of)}"
        chosen.mode, chosen.ends = "list", [reading_list_of]
        chosen.items = _list_items(G, recs, papers, [reading_list_of], known)
    if plan is not None:
        p = plan_of(G, plan, known=known, max_papers=max_papers)
        chosen.keep &= set(p.targets).union(*(nx.ancestors(G, t) for t in p.targets))
        chosen.title = f"Reading plan for {', '.join(_label(G, t) for t in p.targets)}"
        chosen.mode, chosen.ends = "plan", p.targets
        chosen.items = [
            _item(recs[k], i, "target" if k in p.targets else _for(G, p.needed_by[k])) for i, k in enumerate(p.order, 1)
        ]
    if path is not None:
        [found] = Reader(G).path(*path, known=known).paths
        chosen.on_path = [n.key for n in found.nodes]
        chosen.keep |= set(chosen.on_path)
        chosen.title = f"Reading path from {_label(G, path[0])} to {_label(G, path[1])}"
        chosen.mode, chosen.ends = "path", list(path)
        chosen.items = [_item(recs[s.node.key], s.number, s.why or "start here") for s in found.steps]
    if chosen.mode == "order":
        chosen.items = _order_items(G, recs, chosen.keep, known)
    return chosen


def display_name(slug: str) -> str:
    """A graph folder's name as a heading: "road-to-sora" -> "Road to Sora" (a name with capitals stays)."""
    if not SLUG.fullmatch(slug):
        return slug
    words = slug.replace("_", " ").replace("-", " ").split()
    return " ".join(w if i and w in SMALL_WORDS else w[:1].upper() + w[1:] for i, w in enumerate(words)) or slug


def _item(rec: Paper | Concept, number: int, reason: str) -> ListItem:
    if isinstance(rec, Paper):
        return ListItem(rec.key, number, rec.label, rec.year, rec.title, rec.link, reason)
    return ListItem(rec.key, number, rec.label, None, rec.description, None, reason)


def _for(G: nx.DiGraph, keys: list[str]) -> str:
    return "for " + ", ".join(_label(G, k) for k in keys) if keys else ""


def _papers_next(G: nx.DiGraph, key: str) -> list[str]:
    """The papers read right after *key*: its successors, a concept between counted as no step."""
    after = []
    for succ in G.successors(key):
        after += [succ] if G.nodes[succ]["type"] == "paper" else list(G.successors(succ))
    return after


def _papers_before(G: nx.DiGraph, key: str) -> list[str]:
    before = []
    for pred in G.predecessors(key):
        before += [pred] if G.nodes[pred]["type"] == "paper" else list(G.predecessors(pred))
    return before


def _list_items(
    G: nx.DiGraph, recs: dict[str, Paper | Concept], papers: list[str], targets: list[str], known: list[str]
) -> list[ListItem]:
    """A reading list's items: each says which later papers on the list (or the target) it leads to."""
    H = without_known(G, known, keep=targets)
    place = {k: i for i, k in enumerate([*papers, *targets])}
    items = []
    for number, key in enumerate(papers, start=1):
        later = sorted({k for k in _papers_next(H, key) if k in place}, key=place.__getitem__)
        items.append(_item(recs[key], number, "before " + ", ".join(_label(G, k) for k in later)))
    return items


def _order_items(G: nx.DiGraph, recs: dict[str, Paper | Concept], keep: set[str], known: list[str]) -> list[ListItem]:
    """The whole graph (or the part kept) in reading order, less the known papers: each paper says what it follows."""
    H = without_known(G, known)
    papers = [k for k in reading_order(H, keep - set(known)) if G.nodes[k]["type"] == "paper"]
    place = {k: i for i, k in enumerate(papers)}
    items = []
    for number, key in enumerate(papers, start=1):
        earlier = sorted({k for k in _papers_before(H, key) if k in place}, key=place.__getitem__)
        reason = "after " + ", ".join(_label(G, k) for k in earlier) if earlier else "start here"
        items.append(_item(recs[key], number, reason))
    return items


def query_graph(G: nx.DiGraph, recs: dict[str, Paper | Concept] | None = None) -> dict[str, object]:
    """What the page needs to answer paths, lists and plans as the CLI does: the nodes in *G*'s own
    order (papers, then concepts, each by key), each with its successors in that order and their kinds
    as bits of ``EDGE_KINDS``, each edge's notes, and the folded names the CLI resolves. (The path
    search breaks every tie by hop count and a hash of the keys, so the order edges were read in, which
    networkx keeps, never changes an answer, and the page need not know it.)"""
    keys = sorted(G, key=lambda k: (G.nodes[k]["type"] != "paper", k))  # a subgraph's own order is a set's
    recs = recs or {key: record(G, key) for key in keys}
    index = {k: i for i, k in enumerate(keys)}
    bits: dict[str, int] = {kind: 1 << i for i, kind in enumerate(EDGE_KINDS)}
    notes: dict[str, list[str | None]] = {}
    succ = []
    for u in keys:
        row = []
        for v in sorted(G.succ[u], key=index.__getitem__):
            links = edge_links(G, u, v)
            row.append([index[v], sum(bits[k] for k in links)])
            if any(links.values()):
                notes[f"{index[u]} {index[v]}"] = [links.get(k) for k in EDGE_KINDS]
        succ.append(row)
    names: dict[str, str] = {}
    for key in keys:
        rec = recs[key]
        for name in (key, rec.label, *rec.aliases):
            names.setdefault(normalize(name), key)
    return {
        "keys": keys,
        "label": [G.nodes[k]["label"] for k in keys],
        "year": [G.nodes[k].get("year") for k in keys],
        "paper": [G.nodes[k]["type"] == "paper" for k in keys],
        "title": [G.nodes[k].get("title", "") for k in keys],
        "url": [getattr(recs[k], "link", None) for k in keys],
        "succ": succ,
        "notes": notes,
        "names": names,
    }


def _label(G: nx.DiGraph, key: str) -> str:
    return str(G.nodes[key]["label"])


def _node(
    G: nx.DiGraph,
    rec: Paper | Concept,
    xy: tuple[float, float],
    colors: dict[str, str],
    position: int | None,
    *,
    highlighted: bool,
    faded: bool,
    end: bool = False,
    timeline: tuple[float, float] = (0.0, 0.0),
) -> ViewNode:
    key = rec.key
    if isinstance(rec, Paper):
        size = 12 + 5 * math.sqrt(_built_on_by(G, key))
        label = f"{rec.label} ({rec.year})"
        if position is not None:
            label = f"{position}. {label}"
        lines = [
            rec.title,
            ", ".join(rec.authors),
            " · ".join(filter(None, [str(rec.year), rec.venue])),
            rec.summary or "",
            f"Kept by paperhop road: {rec.reason}" if rec.reason else "",
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
            END_SIZE if end else size,
            *xy,
            rec,
            highlighted,
            faded,
            position,
            timeline,
            size,
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
        END_SIZE if end else 10,
        *xy,
        rec,
        highlighted,
        faded,
        None,
        timeline,
        10,
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
    prerequisite (cycles share a layer), a concept half of one: it stands between the
    paper that introduces it and those that use it, which are one layer on, as if the
    papers were linked directly (so concepts do not double the graph's width). Within a
    layer, nodes sit near the mean height of their prerequisites, so edges run mostly
    straight."""
    C = nx.condensation(H)
    concept = {c: all(H.nodes[k]["type"] == "concept" for k in C.nodes[c]["members"]) for c in C}
    layer_of: dict[int, float] = {}
    for c in nx.topological_sort(C):
        layer_of[c] = max(
            (layer_of[p] + (0.5 if concept[p] != concept[c] else 1) for p in C.predecessors(c)),
            default=-0.5 if concept[c] else 0,  # papers on whole layers, concepts on halves, between them
        )
    layers: dict[float, list[str]] = {}
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
        offset = (len(members) - 1) // 2  # papers on whole rows, concepts halfway: their captions never side by side
        for i, key in enumerate(members):
            row[key] = i - offset + (0.5 if H.nodes[key]["type"] == "concept" else 0)
            xy[key] = (layer * LAYER_GAP, row[key] * ROW_GAP)
    return xy


def _timeline(H: nx.DiGraph) -> dict[str, tuple[float, float]]:
    """x is the year (one column for each year that has papers, in order); the papers of one year
    stacked in reading order, centred. A concept stands in
    the column of the first paper that introduces it (or the earliest one that uses it)."""

    def year(key: str) -> int:
        found = H.nodes[key].get("year")
        if found is not None:
            return int(found)
        near = [H.nodes[p].get("year") for p in [*H.predecessors(key), *H.successors(key)]]
        return min((y for y in near if y is not None), default=0)

    columns: dict[int, list[str]] = {}
    for key in sorted(H, key=lambda k: reading_rank(H, k)):
        columns.setdefault(year(key), []).append(key)
    xy = {}
    for place, (_year, members) in enumerate(sorted(columns.items())):
        members.sort(key=lambda k: (H.nodes[k]["type"] != "paper", reading_rank(H, k)))
        offset = (len(members) - 1) / 2
        for i, key in enumerate(members):
            xy[key] = (float(place * YEAR_GAP), (i - offset) * STACK_GAP)
    return xy
