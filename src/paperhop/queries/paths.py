"""Reading paths and reading lists: the questions, asked once, of either graph.

Each question is asked of an ``engine.Adjacency``: the links it follows, from the
graph in memory (``queries.source``) or from its index (``index.source``). Keys
come already resolved (``paperhop.queries.resolve``). Edges point in reading
order (``u -> v``: read u before v), so what a paper builds on is its ancestors.
Ties are broken by year, then key, so results never depend on the order records
were read in.

``reading_paths`` and ``reading_list`` ask them of a networkx graph and answer in
keys, as networkx would; ``reader.Reader`` answers what the commands print.
"""

from __future__ import annotations

import zlib
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING

from .. import engine
from ..engine import (
    Adjacency,
    ancestors_within,
    bidirectional_dijkstra,
    has_path,
    k_cheapest,
    papers_in_order,
    reachable_within,
)
from ..errors import NoPath, PaperhopError
from ..graph import KIND_BITS, MASK_WEIGHT, edge_links, record
from .source import GraphEdges

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "VIA",
    "VIA_MASK",
    "Paths",
    "cheapest_paths",
    "listed",
    "reading_list",
    "reading_order",
    "reading_paths",
    "reading_rank",
    "search",
    "stats",
    "tie_broken",
    "without_known",
]

VIA: dict[str, frozenset[str]] = {
    "all": frozenset({"builds_on", "introduces", "uses", "cites"}),
    "cites": frozenset({"cites"}),
    "curated": frozenset({"builds_on", "introduces", "uses"}),
    "concepts": frozenset({"introduces", "uses"}),
}
VIA_MASK: dict[str, int] = {via: sum(KIND_BITS[kind] for kind in kinds) for via, kinds in VIA.items()}


def tie_broken(u: str, v: str, mask: int) -> float:
    """The cost of the edge u -> v with the kinds *mask*, nudged so that no two paths cost the same: fewer
    hops first, then a fixed hash of the edge's keys. Ties so go the same way whatever order the edges were
    read in, with no need to list every tie."""
    return MASK_WEIGHT[mask] + 1e-6 + (zlib.crc32(f"{u}\0{v}".encode()) + 1) * 1e-16


def reading_paths(
    G: nx.DiGraph, source: str, target: str, *, via: str = "all", k: int = 1, known: Iterable[str] = ()
) -> Paths:
    """The *k* cheapest reading paths from *source* to *target*, best first (``cheapest_paths``), following
    the links of *via* and going through no paper the reader *knows* (the ends may be known).

    >>> from paperhop import load
    >>> reading_paths(load(), "vit", "sora")
    [['vit', 'vivit', 'sora']]
    """
    return cheapest_paths(GraphEdges(G, VIA_MASK[via], set(known) - {source, target}), source, target, k)


class Paths(list[list[str]]):
    """Paths, best first, as a list; ``complete`` is False when the search stopped at its bound
    (``cheapest_paths``) and more paths, costlier than these, may exist."""

    complete = True


# cheapest_paths' bound: this many searches of the whole graph between the two ends for each path asked,
# and at most MAX_SWEEPS in all
SWEEPS = 10
MAX_SWEEPS = 100


def cheapest_paths(links: Adjacency, source: str, target: str, k: int = 1) -> Paths:
    """The *k* cheapest reading paths along *links* from *source* to *target*, best first.

    Curated and concept links cost less than bare citations (``graph.MASK_WEIGHT``),
    so the best path is the one a reader would follow. Equal costs go to fewer
    hops, then to a fixed order of the keys (``tie_broken``).

    One path is one bidirectional search (``engine.bidirectional_dijkstra``): fast
    on a million edges. More are Yen's algorithm (``engine.k_cheapest``) over what
    lies between the two ends, bounded by design: finding one path costs one
    search; every path after it costs at most one search per node of the path
    before. So that no graph's shape (a long chain, a cycle, a hub) makes the cost
    grow without limit, the searches together relax at most SWEEPS times *k* (at
    most MAX_SWEEPS) times the edges and nodes between the ends; there, the paths
    found so far come back with ``complete`` False. They are exact: each is the
    cheapest after those before it.

    Raises ``NoPath`` when there is none; its ``reverse`` says whether the other
    direction has one.
    """
    if k < 1:
        raise PaperhopError("k must be at least 1")
    if source == target:
        return Paths([[source]])
    for end, name in ((source, "Source"), (target, "Target")):
        if end not in links:
            import networkx as nx

            raise nx.NodeNotFound(f"{name} {end} is not in G")
    if k == 1:
        found = bidirectional_dijkstra(
            lambda v: [(w, tie_broken(v, w, m)) for w, m in links.succ(v)],
            lambda v: [(w, tie_broken(w, v, m)) for w, m in links.pred(v)],
            source,
            target,
        )
        if found is not None:
            return Paths([found])
    else:
        within = links.ancestors(target) | {target}
        if source in within:
            keys = sorted(reachable_within(source, within, lambda u: (v for v, _ in links.succ(u))))
            number = {key: i for i, key in enumerate(keys)}
            succ = [[(number[v], tie_broken(u, v, m)) for v, m in links.succ(u) if v in number] for u in keys]
            budget = min(SWEEPS * k, MAX_SWEEPS) * (len(keys) + sum(map(len, succ)))
            found_k, complete = k_cheapest(succ, number[source], number[target], k, budget)
            if found_k:
                paths = Paths([[keys[n] for n in path] for path in found_k])
                paths.complete = complete
                return paths
            raise NoPath(source, target, reverse=False)
    raise NoPath(source, target, reverse=has_path(links, target, source))


def reading_list(
    G: nx.DiGraph,
    target: str,
    *,
    depth: int | None = None,
    known: Iterable[str] = (),
    via: str = "all",
) -> list[str]:
    """Every paper *target* builds on, each after all of its prerequisites (``listed``), following the links
    of *via*. *known* papers are left out, and so is whatever only they lead to.

    >>> from paperhop import load
    >>> reading_list(load(), "vivit")
    ['transformer', 'vit']
    """
    return listed(GraphEdges(G, VIA_MASK[via], set(known) - {target}), target, depth)


def listed(links: Adjacency, target: str, depth: int | None = None) -> list[str]:
    """Every paper *target* builds on along *links*, each after all of its prerequisites.

    *depth* keeps papers at most that many papers away (concepts in between do
    not count). Cycles (papers citing each other) come out together, by year
    (``engine.reading_order``).
    """
    if target not in links:
        import networkx as nx

        raise nx.NetworkXError(f"The node {target} is not in the digraph.")
    if depth is None:
        return links.whole_list(target)
    info = links.types_years([target])
    preds: dict[str, list[str]] = {}

    def predecessors(node: str) -> list[str]:
        found = preds[node] = [u for u, _ in links.pred(node)]
        info.update(links.types_years([u for u in found if u not in info]))
        return found

    before = ancestors_within(target, depth, predecessors, lambda n: info[n][0] == "paper")
    # every node of before was walked from, so its predecessors are known
    return papers_in_order({n: info[n] for n in before}, preds.__getitem__)


def without_known(G: nx.DiGraph, known: Iterable[str], *, keep: Iterable[str] = ()) -> nx.DiGraph:
    """*G* without the papers the reader knows (those in *keep* stay): what only they led to is cut off too."""
    import networkx as nx  # here, as in every function that runs it: the indexed path never loads networkx

    dropped = set(known) - set(keep)
    return nx.restricted_view(G, dropped, []) if dropped else G


def reading_order(H: nx.DiGraph, nodes: set[str] | None = None) -> list[str]:
    """The *nodes* of *H* (default: all), each after its predecessors among them;
    cycles together, by year (``engine.reading_order``).

    Ties go to the older paper, then the smaller key; a concept comes as soon as
    what introduces it has been read.
    """
    years = H.nodes.data("year", default=-1)
    year = {n: years[n] for n in (H if nodes is None else nodes)}
    return engine.reading_order(year, H.pred.__getitem__)


def reading_rank(G: nx.DiGraph, node: str) -> tuple[int, str]:
    """The tie-break everywhere: older first, then by key; concepts (no year) first."""
    return (G.nodes[node].get("year", -1), node)


def search(G: nx.DiGraph, text: str) -> list[str]:
    """Keys of nodes whose names, title, authors or summary contain *text*, best first.

    >>> from paperhop import load
    >>> search(load(), "Dosovitskiy")
    ['vit']
    """
    needle = text.casefold().strip()
    ranked = []
    for key in G:
        rec = record(G, key)
        fields = (
            [key, rec.label, *rec.aliases],
            [getattr(rec, "title", "")],
            getattr(rec, "authors", []),
            [str(getattr(rec, "summary", None) or getattr(rec, "description", ""))],
        )
        for rank, values in enumerate(fields):
            if any(needle in value.casefold() for value in values):
                ranked.append((rank, *reading_rank(G, key)))
                break
    return [key for *_, key in sorted(ranked)]


def stats(G: nx.DiGraph) -> dict[str, object]:
    """Counts of the graph's nodes and edges, by type and kind."""
    papers = [data for _, data in G.nodes(data=True) if data["type"] == "paper"]
    kinds: Counter[str] = Counter()
    plain = 0
    for u, neighbours in G.adjacency():
        for v, data in neighbours.items():
            if data:
                kinds.update(edge_links(G, u, v).keys())
            else:
                plain += 1
    if plain:
        kinds["cites"] += plain
    years = [p["year"] for p in papers]
    return {
        "name": G.graph.get("name", ""),
        "papers": len(papers),
        "concepts": G.number_of_nodes() - len(papers),
        "edges": dict(sorted(kinds.items())),
        "years": [min(years), max(years)] if years else None,
        "sections": len({p["section"] for p in papers if "section" in p}),
    }
