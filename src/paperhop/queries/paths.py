"""Reading paths and reading lists: pure functions over the reading-order graph.

Every function takes the graph first and keys already resolved (see
``paperhop.queries.resolve``). Edges point in reading order (``u -> v``: read u
before v), so what a paper builds on is its ancestors. Ties are broken by year,
then key, so results never depend on the order records were read in.

``reading_paths`` and ``reading_list`` answer in keys, as networkx would;
``reading_path_result`` and ``reading_list_result`` answer what the commands
print (``paperhop.results``): the records, the edges and why each step follows.
"""

from __future__ import annotations

import zlib
from collections import Counter
from collections.abc import Iterable, Mapping
from itertools import pairwise
from typing import TYPE_CHECKING

from .. import engine
from ..engine import ancestors_within, k_cheapest, reachable_within
from ..errors import NoPath, PaperhopError
from ..graph import edge_evidence, edge_kinds, edge_links, influential_citations, record, weight
from ..results.paths import PathEdge, PathResult, ReadingPath
from .records import node, nodes_of

if TYPE_CHECKING:
    import networkx as nx

    from ..results import Node
    from ..results.lists import ReadingList

__all__ = [
    "VIA",
    "listed_result",
    "path_cost",
    "reading_list",
    "reading_list_result",
    "reading_order",
    "reading_path",
    "reading_path_result",
    "reading_paths",
    "reading_rank",
    "search",
    "stats",
    "without_known",
]

VIA: dict[str, frozenset[str]] = {
    "all": frozenset({"builds_on", "introduces", "uses", "cites"}),
    "cites": frozenset({"cites"}),
    "curated": frozenset({"builds_on", "introduces", "uses"}),
    "concepts": frozenset({"introduces", "uses"}),
}


def without_known(G: nx.DiGraph, known: Iterable[str], *, keep: Iterable[str] = ()) -> nx.DiGraph:
    """*G* without the papers the reader knows (those in *keep* stay): what only they led to is cut off too."""
    import networkx as nx  # here, as in every function that runs it: the indexed path never loads networkx

    dropped = set(known) - set(keep)
    return nx.restricted_view(G, dropped, []) if dropped else G


def path_cost(G: nx.DiGraph, path: list[str]) -> float:
    """The sum of the edge weights along *path*."""
    return sum(weight(u, v, G[u][v]) for u, v in pairwise(path))


def tie_broken(u: str, v: str, data: dict[str, object]) -> float:
    """The edge's weight, nudged so that no two paths cost the same: fewer hops
    first, then a fixed hash of the edge's keys. Ties so go the same way
    whatever order the edges were read in, with no need to list every tie."""
    return weight(u, v, data) + 1e-6 + (zlib.crc32(f"{u}\0{v}".encode()) + 1) * 1e-16


def reading_paths(
    G: nx.DiGraph, source: str, target: str, *, via: str = "all", k: int = 1, known: Iterable[str] = ()
) -> Paths:
    """The *k* cheapest reading paths from *source* to *target*, best first.

    Curated and concept links cost less than bare citations (``graph.weight``),
    so the best path is the one a reader would follow. Equal costs go to fewer
    hops, then to a fixed order of the keys.

    >>> from paperhop import load
    >>> reading_paths(load(), "vit", "sora")
    [['vit', 'vivit', 'sora']]

    Papers the reader *knows* are not gone through (the ends may be known).
    Raises ``NoPath`` when there is none; its ``reverse`` says whether the other
    direction has one. For *k* > 1 the work is bounded (``cheapest_paths``): the
    answer's ``complete`` says whether the bound stopped it.
    """
    import networkx as nx

    if k < 1:
        raise PaperhopError("k must be at least 1")
    H = edge_kinds(G, VIA[via])
    H = without_known(H, known, keep=(source, target))
    if source == target:
        return Paths([[source]])
    for end, name in ((source, "Source"), (target, "Target")):
        if end not in H:
            raise nx.NodeNotFound(f"{name} {end} is not in G")
    if k == 1:  # one bidirectional search: fast on a million edges
        succ, pred = H.succ, H.pred
        found = engine.bidirectional_dijkstra(
            lambda v: [(w, tie_broken(v, w, data)) for w, data in succ[v].items()],
            lambda v: [(w, tie_broken(w, v, data)) for w, data in pred[v].items()],
            source,
            target,
        )
        if found is None:
            raise NoPath(source, target, reverse=nx.has_path(H, target, source))
        return Paths([found])
    between = nx.ancestors(H, target) | {target}
    if source not in between:
        raise NoPath(source, target, reverse=nx.has_path(H, target, source))
    return cheapest_paths(H.subgraph(reachable_within(source, between, H.successors)), source, target, k)


class Paths(list[list[str]]):
    """Paths, best first, as a list; ``complete`` is False when the search stopped at its bound
    (``cheapest_paths``) and more paths, costlier than these, may exist."""

    complete = True


# cheapest_paths' bound: this many searches of the whole graph between the two ends for each path asked,
# and at most MAX_SWEEPS in all
SWEEPS = 10
MAX_SWEEPS = 100


def cheapest_paths(H: nx.DiGraph, source: str, target: str, k: int) -> Paths:
    """The *k* cheapest simple paths from *source* to *target* of *H*, best first: Yen's algorithm,
    bounded by design.

    *H* should hold only what lies between the two ends (``reading_paths`` gives it so). Finding
    one path costs one Dijkstra search of *H*; every path after it costs at most one search per
    node of the path before. So that no graph's shape (a long chain, a cycle, a hub) makes the
    cost grow without limit, the searches together relax at most SWEEPS times *k* (at most
    MAX_SWEEPS) times the edges and nodes of *H*; there, the paths found so far come back with
    ``complete`` False. They are exact: each is the cheapest after those before it.
    """
    keys = sorted(H)
    number = {key: i for i, key in enumerate(keys)}
    succ = [[(number[v], tie_broken(u, v, data)) for v, data in H.succ[u].items()] for u in keys]
    budget = min(SWEEPS * k, MAX_SWEEPS) * (len(keys) + H.number_of_edges())
    found, complete = k_cheapest(succ, number[source], number[target], k, budget)
    if not found:
        raise NoPath(source, target, reverse=False)
    paths = Paths([[keys[n] for n in path] for path in found])
    paths.complete = complete
    return paths


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
    H = without_known(H, known, keep=(target,))
    before = _ancestors(H, target, depth)
    order = reading_order(H, before)
    return [n for n in order if G.nodes[n]["type"] == "paper"]


def reading_path_result(
    G: nx.DiGraph,
    source: str,
    target: str,
    *,
    via: str = "all",
    k: int = 1,
    known: Iterable[str] = (),
    influential_only: bool = False,
) -> PathResult:
    """``reading_paths`` as ``paperhop path`` shows them: following only the links of *via*, and
    saying why each step follows in terms of those links alone. *influential_only* (with *via* "cites")
    follows only the citations Semantic Scholar marks influential (``graph.influential_citations``).

    >>> from paperhop import load
    >>> [step.why for step in reading_path_result(load(), "transformer", "sora", via="concepts").paths[0].steps]
    [None, 'Sora uses self-attention, which Transformer introduced.']
    """
    H = edge_kinds(G, VIA[via])  # the one filter: the paths and their reasons both come from H
    if influential_only:
        if via != "cites":
            raise PaperhopError("--influential-only follows citations: use it with --via cites")
        H = influential_citations(H)
    paths = reading_paths(H, source, target, k=k, known=known)
    return PathResult(node(G, source), node(G, target), via, [reading_path(H, p) for p in paths], paths.complete)


def reading_path(G: nx.DiGraph, path: list[str]) -> ReadingPath:
    """The path of *G* along the keys *path*: its nodes and edges, its cost, and its numbered steps,
    each with why it follows the one before (``ReadingPath.along``)."""
    nodes = [node(G, key) for key in path]
    edges = [PathEdge(u, v, dict(edge_links(G, u, v)), edge_evidence(G, u, v)) for u, v in pairwise(path)]
    return ReadingPath.along(nodes, edges, path_cost(G, path))


def reading_list_result(
    G: nx.DiGraph, target: str, *, depth: int | None = None, known: Iterable[str] = (), via: str = "all"
) -> ReadingList:
    """``reading_list`` as ``paperhop reading-list`` shows it: the target and each paper, numbered."""
    keys = reading_list(G, target, depth=depth, known=known, via=via)
    return listed_result(nodes_of(G, [target, *keys]), target, keys)


def listed_result(nodes: Mapping[str, Node], target: str, keys: list[str]) -> ReadingList:
    """The reading list *keys* of *target* as ``reading_list_result`` gives it, with *nodes* by key."""
    from ..results.lists import ReadingItem, ReadingList

    return ReadingList(nodes[target], [ReadingItem(i, nodes[k]) for i, k in enumerate(keys, start=1)])


def _ancestors(H: nx.DiGraph, target: str, depth: int | None) -> set[str]:
    import networkx as nx

    if depth is None:
        return nx.ancestors(H, target)
    return ancestors_within(target, depth, H.predecessors, lambda n: H.nodes[n]["type"] == "paper")


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
