"""Reading paths and reading lists: pure functions over the reading-order graph.

Every function takes the graph first and keys already resolved (see
``paperhop.resolve``). Edges point in reading order (``u -> v``: read u before
v), so what a paper builds on is its ancestors. Ties are broken by year, then
key, so results never depend on the order records were read in.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Iterable
from itertools import islice, pairwise

import networkx as nx

from .errors import NoPath, PaperhopError
from .graph import edge_kinds, edge_links, weight

__all__ = ["VIA", "path_cost", "reading_list", "reading_order", "reading_paths", "search", "stats"]

VIA: dict[str, frozenset[str]] = {
    "all": frozenset({"builds_on", "introduces", "uses", "cites"}),
    "cites": frozenset({"cites"}),
    "curated": frozenset({"builds_on", "introduces", "uses"}),
    "concepts": frozenset({"introduces", "uses"}),
}

# How many paths past the k-th to look at for ties of equal cost.
_TIE_LOOKAHEAD = 50


def path_cost(G: nx.DiGraph, path: list[str]) -> float:
    """The sum of the edge weights along *path*."""
    return sum(weight(u, v, G[u][v]) for u, v in pairwise(path))


def reading_paths(G: nx.DiGraph, source: str, target: str, *, via: str = "all", k: int = 1) -> list[list[str]]:
    """The *k* cheapest reading paths from *source* to *target*, best first.

    Curated and concept links cost less than bare citations (``graph.weight``),
    so the best path is the one a reader would follow. Equal costs are ordered by
    fewer hops, then by the keys along the path.

    >>> from paperhop import load
    >>> reading_paths(load(), "vit", "sora")
    [['vit', 'vivit', 'sora']]

    Raises ``NoPath`` when there is none; its ``reverse`` says whether the other
    direction has one.
    """
    if k < 1:
        raise PaperhopError("k must be at least 1")
    H = edge_kinds(G, VIA[via])
    if source == target:
        return [[source]]
    if not nx.has_path(H, source, target):
        raise NoPath(source, target, reverse=nx.has_path(H, target, source))
    found: list[tuple[float, list[str]]] = []
    for path in islice(nx.shortest_simple_paths(H, source, target, weight=weight), k + _TIE_LOOKAHEAD):
        cost = path_cost(H, path)
        if len(found) >= k and cost > found[k - 1][0]:
            break
        found.append((cost, path))
    found.sort(key=lambda cp: (cp[0], len(cp[1]), cp[1]))
    return [path for _, path in found[:k]]


def reading_list(
    G: nx.DiGraph,
    target: str,
    *,
    depth: int | None = None,
    known: Iterable[str] = (),
    via: str = "all",
) -> list[str]:
    """Every paper *target* builds on, each after all of its prerequisites.

    *depth* keeps papers at most that many papers away (concepts in between do
    not count). *known* papers are left out, and so is whatever only they lead
    to. Cycles (papers citing each other) come out together, by year.

    >>> from paperhop import load
    >>> reading_list(load(), "vivit")
    ['transformer', 'vit']
    """
    H = edge_kinds(G, VIA[via])
    known = set(known)
    if known:
        H = nx.restricted_view(H, known - {target}, [])
    before = _ancestors(H, target, depth)
    order = reading_order(H.subgraph(before))
    return [n for n in order if G.nodes[n]["type"] == "paper"]


def _ancestors(H: nx.DiGraph, target: str, depth: int | None) -> set[str]:
    if depth is None:
        return nx.ancestors(H, target)
    # 0-1 breadth-first search backwards: entering a paper costs a hop, a concept does not.
    hops = {target: 0}
    queue = deque([target])
    while queue:
        node = queue.popleft()
        for prev in H.predecessors(node):
            cost = hops[node] + (H.nodes[prev]["type"] == "paper")
            if cost <= depth and cost < hops.get(prev, depth + 1):
                hops[prev] = cost
                if cost == hops[node]:
                    queue.appendleft(prev)
                else:
                    queue.append(prev)
    del hops[target]
    return set(hops)


def reading_order(H: nx.DiGraph) -> list[str]:
    """All nodes of *H*, each after its predecessors; cycles together, by year.

    Ties go to the older paper, then the smaller key; a concept comes as soon as
    what introduces it has been read.
    """
    C = nx.condensation(H)
    members = {c: sorted(C.nodes[c]["members"], key=lambda n: _rank(H, n)) for c in C}
    order: list[str] = []
    for component in nx.lexicographical_topological_sort(C, key=lambda c: _rank(H, members[c][0])):
        order.extend(members[component])
    return order


def _rank(H: nx.DiGraph, node: str) -> tuple[int, str]:
    return (getattr(H.nodes[node]["record"], "year", -1), node)


def search(G: nx.DiGraph, text: str) -> list[str]:
    """Keys of nodes whose names, title, authors or summary contain *text*, best first.

    >>> from paperhop import load
    >>> search(load(), "Dosovitskiy")
    ['vit']
    """
    needle = text.casefold().strip()
    ranked = []
    for key, rec in G.nodes(data="record"):
        fields = (
            [key, rec.label, *rec.aliases],
            [getattr(rec, "title", "")],
            getattr(rec, "authors", []),
            [str(getattr(rec, "summary", None) or getattr(rec, "description", ""))],
        )
        for rank, values in enumerate(fields):
            if any(needle in value.casefold() for value in values):
                ranked.append((rank, *_rank(G, key)))
                break
    return [key for *_, key in sorted(ranked)]


def stats(G: nx.DiGraph) -> dict[str, object]:
    """Counts of the graph's nodes and edges, by type and kind."""
    papers = [data["record"] for _, data in G.nodes(data=True) if data["type"] == "paper"]
    kinds: Counter[str] = Counter()
    plain = 0
    for _, neighbours in G.adjacency():
        for data in neighbours.values():
            if data:
                kinds.update(edge_links(data).keys())
            else:
                plain += 1
    if plain:
        kinds["cites"] += plain
    years = [p.year for p in papers]
    return {
        "name": G.graph.get("name", ""),
        "papers": len(papers),
        "concepts": G.number_of_nodes() - len(papers),
        "edges": dict(sorted(kinds.items())),
        "years": [min(years), max(years)] if years else None,
        "sections": len({p.section for p in papers if p.section}),
    }
