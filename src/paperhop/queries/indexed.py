"""The queries of ``queries.paths`` and ``queries.plans``, answered from a graph's index.

Each function takes an open ``store.index.Index`` first and gives exactly what
its in-memory namesake gives on the whole graph (the tests compare them on
random graphs, cycles included), reading only the rows it visits:

- ``reading_paths``: one bidirectional Dijkstra, step for step networkx's, with
  the same weights and tie-breaks (``paths.tie_broken``), reading edges by
  source forwards and by target backwards; for ``k > 1`` the subgraph of the
  nodes that lie between the two ends is loaded and ``paths.cheapest_paths``
  (bounded Yen) runs on it;
- ``reading_list``: with no depth, a walk over the index's flat arrays of
  predecessors, then the graph's own reading order (kept by the build) or the
  same order on the edges among them (``index._order``); with a depth, the
  walk over edges by target of ``paths.ancestors_within``, then ``reading_order``
  (``paths.reading_order`` on plain keys and years);
- ``next_papers`` and ``plan``: the ancestors of the targets, loaded as a small
  graph, on which the in-memory functions run;
- ``read_nodes``: the nodes of an answer with their records as ``records`` views,
  read from the rows with no graph and no model: what the reading list, ``next``
  and ``plan`` show;
- ``path_result``: the result of ``reading_paths``' answer, built from the rows
  with ``read_nodes``, no graph: so a path answered from an index imports
  neither networkx nor pydantic (each is imported where it runs, below);
- ``show_result``: a node and its neighbours, built from the rows the same way;
- ``resolve``: the same lookups as ``queries.resolve``, over the index's tables.

Edges point in reading order (``u -> v``: read u before v).
"""

from __future__ import annotations

import difflib
import sqlite3
import sys
from array import array
from collections.abc import Iterable
from itertools import chain, compress, pairwise
from typing import TYPE_CHECKING

import orjson

from ..engine import ancestors_within, bidirectional_dijkstra, order, reachable_within, reading_order
from ..errors import AmbiguousNode, NodeNotFound, NoPath, PaperhopError
from ..graph import CITED, KIND_WEIGHT
from ..ids import s2_request_id
from ..index import KIND_BITS, Index, best_kind, unpack
from ..records import Cited, normalize, view_type
from ..results import Node
from ..results.paths import PathEdge, PathResult, ReadingPath
from .paths import VIA, Paths, cheapest_paths, tie_broken

if TYPE_CHECKING:
    import networkx as nx

    from ..results.nodes import Show
    from . import plans

__all__ = [
    "next_papers",
    "path_result",
    "plan",
    "read_nodes",
    "reading_list",
    "reading_order",
    "reading_paths",
    "resolve",
    "show_result",
]

# The weight of an edge whose kept kinds are this mask: its best kind's (graph.edge_kinds recomputes it so).
WEIGHT = {mask: KIND_WEIGHT[best_kind(mask)] for mask in range(1, 1 << len(KIND_BITS))}
ALL_KINDS = (1 << len(KIND_BITS)) - 1


# The keys of ?1 and of every node with a path to it through edges of the kinds ?2, none of the keys in ?3.
_UP = (
    "WITH RECURSIVE up(key) AS (SELECT ?1 UNION SELECT e.source FROM up JOIN edges e ON e.target = up.key"
    " WHERE e.kinds & ?2 AND e.source NOT IN (SELECT value FROM json_each(?3))) SELECT key FROM up"
)


def _mask(via: str) -> int:
    return sum(KIND_BITS[kind] for kind in VIA[via])


class _Edges:
    """The edges of one query: only the kinds of *via*, none to or from a *dropped* node."""

    def __init__(self, ix: Index, via: str, dropped: set[str]) -> None:
        self.db = ix.db
        self.mask = _mask(via)
        self.dropped = dropped

    def succ(self, u: str) -> list[tuple[str, int]]:
        rows = self.db.execute("SELECT target, kinds & ?1 FROM edges WHERE source = ?2 AND kinds & ?1", (self.mask, u))
        return [(v, m) for v, m in rows if v not in self.dropped]

    def pred(self, v: str) -> list[tuple[str, int]]:
        rows = self.db.execute("SELECT source, kinds & ?1 FROM edges WHERE target = ?2 AND kinds & ?1", (self.mask, v))
        return [(u, m) for u, m in rows if u not in self.dropped]

    def ancestors(self, target: str) -> set[str]:
        """Every node with a path to *target* (not *target* itself), as ``nx.ancestors``: inside SQLite."""
        found = {
            key for (key,) in self.db.execute(_UP, (target, self.mask, orjson.dumps(sorted(self.dropped)).decode()))
        }
        found.discard(target)
        return found

    def among(self, nodes: set[str]) -> list[tuple[str, str, int]]:
        """The edges between *nodes*, walked by target (a much-cited classic has a long list of successors)."""
        return [(u, v, m) for v in nodes for u, m in self.pred(v) if u in nodes]

    def has_path(self, source: str, target: str) -> bool:
        if source == target:
            return True
        sides: tuple[set[str], set[str]] = ({source}, {target})
        fronts = [[source], [target]]
        while fronts[0] and fronts[1]:
            side = 0 if len(fronts[0]) <= len(fronts[1]) else 1
            step = self.succ if side == 0 else self.pred
            nxt = []
            for node in fronts[side]:
                for other, _ in step(node):
                    if other in sides[1 - side]:
                        return True
                    if other not in sides[side]:
                        sides[side].add(other)
                        nxt.append(other)
            fronts[side] = nxt
        return False


def _exists(ix: Index, key: str) -> bool:
    return ix.db.execute("SELECT 1 FROM nodes WHERE key = ?", (key,)).fetchone() is not None


def reading_paths(
    ix: Index, source: str, target: str, *, via: str = "all", k: int = 1, known: Iterable[str] = ()
) -> Paths:
    """The *k* cheapest reading paths from *source* to *target*, as ``paths.reading_paths``.

    >>> from paperhop.index import open_index
    >>> with open_index(in_memory=True) as ix:
    ...     reading_paths(ix, "vit", "sora")
    [['vit', 'vivit', 'sora']]
    """
    if k < 1:
        raise PaperhopError("k must be at least 1")
    if source == target:
        return Paths([[source]])
    for end, name in ((source, "Source"), (target, "Target")):
        if not _exists(ix, end):
            import networkx as nx

            raise nx.NodeNotFound(f"{name} {end} is not in G")
    edges = _Edges(ix, via, set(known) - {source, target})
    if k == 1:
        found = bidirectional_dijkstra(
            lambda v: [(w, tie_broken(v, w, {"weight": WEIGHT[m]})) for w, m in edges.succ(v)],
            lambda v: [(w, tie_broken(w, v, {"weight": WEIGHT[m]})) for w, m in edges.pred(v)],
            source,
            target,
        )
        if found is not None:
            return Paths([found])
    else:
        within = edges.ancestors(target) | {target}
        if source in within:
            import networkx as nx

            nodes = reachable_within(source, within, lambda u: (v for v, _ in edges.succ(u)))
            H = nx.DiGraph()
            H.add_nodes_from(sorted(nodes))
            H.add_edges_from((u, v, {"weight": WEIGHT[m]}) for u, v, m in edges.among(nodes))
            return cheapest_paths(H, source, target, k)
    raise NoPath(source, target, reverse=edges.has_path(target, source))


def _types_years(ix: Index, nodes: Iterable[str]) -> dict[str, tuple[str, int | None]]:
    db = ix.db
    return {
        key: (kind, year)
        for key, kind, year in db.execute(
            "SELECT key, type, year FROM nodes WHERE key IN (SELECT value FROM json_each(?))",
            (orjson.dumps(list(nodes)).decode(),),
        )
    }


def reading_list(
    ix: Index, target: str, *, depth: int | None = None, known: Iterable[str] = (), via: str = "all"
) -> list[str]:
    """Every paper *target* builds on, each after all of its prerequisites, as ``paths.reading_list``.

    >>> from paperhop.index import open_index
    >>> with open_index(in_memory=True) as ix:
    ...     reading_list(ix, "vivit")
    ['transformer', 'vit']
    """
    if not _exists(ix, target):
        import networkx as nx

        raise nx.NetworkXError(f"The node {target} is not in the digraph.")
    edges = _Edges(ix, via, set(known) - {target})
    if depth is None and (arrays := _Arrays.of(edges.db)) is not None:
        return _whole_list(arrays, edges, target)
    # A depth; or an index grown in place, which has no arrays yet (``index``): the walk has no limit then.
    before, info = _ancestors_within(ix, edges, target, sys.maxsize if depth is None else depth)
    preds: dict[str, list[str]] = {n: [] for n in before}
    for u, v, _ in edges.among(before):
        preds[v].append(u)
    order = reading_order({n: (-1 if y is None else y) for n, (_, y) in info.items()}, preds.__getitem__)
    return [n for n in order if info[n][0] == "paper"]


def _whole_list(a: _Arrays, edges: _Edges, target: str) -> list[str]:
    """The reading list of all of *target*'s ancestors, from the index's flat arrays (``_Arrays``).

    The ancestors are walked over the predecessor arrays, a level at a time, in
    sets (no SQL per node, no row per edge). When the question is the graph's
    own (every kind of link, nothing known) and *target* is on no cycle, the
    answer is the ancestors in the graph's reading order, kept by the build:
    the reading order of a set that holds every predecessor of its members is
    the whole graph's, restricted to it (the smallest ready node of the set is
    the smallest ready node of the graph when it is taken; cycles lie wholly
    inside or outside it). Otherwise ``_order`` runs on the edges among them.
    """
    t = a.rank(target)
    dropped = {r for r in map(a.rank_or_none, edges.dropped) if r is not None}
    whole = edges.mask == ALL_KINDS
    up = a.ancestors(t, None if whole else edges.mask, dropped)
    if whole and not dropped and t not in a.on_cycle:
        order = sorted(up, key=a.position.__getitem__)
    else:
        order = _order_among(a, up, edges.mask)
    keys, papers = a.keys, a.papers
    return [keys[r] for r in order if papers[r]]


def _order_among(a: _Arrays, up: set[int], mask: int) -> list[int]:
    """The reading order of the nodes *up* (ranks), joined by their edges of the kinds *mask*."""
    nodes = sorted(up)  # by rank: the tie-break
    local = {r: i for i, r in enumerate(nodes)}
    start = array("q", bytes(8 * (len(nodes) + 1)))
    preds: list[int] = []
    pred_start, all_preds, kinds = a.pred_start, a.preds, a.kinds
    for i, v in enumerate(nodes):
        s, e = pred_start[v], pred_start[v + 1]
        preds += [local[u] for u, k in zip(all_preds[s:e], kinds[s:e], strict=True) if k & mask and u in local]
        start[i + 1] = len(preds)  # ascending, as the ranks are
    papers = a.papers
    found, _ = order(start, array("q", preds), array("q", (0 if papers[r] else -1 for r in nodes)))
    return [nodes[i] for i in found]


class _Arrays:
    """The index's reading arrays (``index.reading_arrays`` makes them), loaded whole: a few bytes a node and an edge.

    Nodes are numbered by rank, (year, key), concepts (no year) first:
    ``keys[r]`` and ``papers[r]`` (1 for a paper); ``position[r]``, the node's
    place in the whole graph's reading order; ``on_cycle``, the nodes of its
    citation cycles. Node v's predecessors are ``preds[pred_start[v]:pred_start[v + 1]]``,
    ascending, the kinds of each edge (a ``KIND_BITS`` mask) at the same place in ``kinds``.
    """

    def __init__(self, blobs: dict[str, bytes]) -> None:
        self.keys = blobs["keys"].decode().split("\n") if blobs["keys"] else []
        self.papers = blobs["papers"]
        self.kinds = blobs["kinds"]
        self.pred_start = unpack("q", blobs["pred_start"])
        self.preds = unpack("i", blobs["preds"])
        self.position = unpack("i", blobs["position"])
        self.on_cycle = set(unpack("i", blobs["on_cycle"]))
        self._ranks: dict[str, int] | None = None

    @classmethod
    def of(cls, db: sqlite3.Connection) -> _Arrays | None:
        """The arrays of the index *db*; None if it has none (one grown in place, until it is built again)."""
        blobs = {name: bytes(data) for name, data in db.execute("SELECT name, data FROM arrays")}
        return cls(blobs) if blobs else None

    def rank(self, key: str) -> int:
        return self.keys.index(key) if self._ranks is None else self._ranks[key]

    def rank_or_none(self, key: str) -> int | None:
        if self._ranks is None:
            self._ranks = {k: r for r, k in enumerate(self.keys)}
        return self._ranks.get(key)

    def ancestors(self, t: int, mask: int | None, dropped: set[int]) -> set[int]:
        """The nodes with a path to *t* through edges of the kinds *mask* (None: all) and no *dropped* node."""
        start, preds = self.pred_start, self.preds
        seen = {t, *dropped}
        front: Iterable[int] = (t,)
        if mask is None:
            while front:
                found = set(chain.from_iterable([preds[start[v] : start[v + 1]] for v in front]))
                found -= seen
                seen |= found
                front = found
        else:
            keep = self.kinds.translate(bytes(1 if kinds & mask else 0 for kinds in range(256)))
            while front:
                found = set(
                    chain.from_iterable(
                        [compress(preds[start[v] : start[v + 1]], keep[start[v] : start[v + 1]]) for v in front]
                    )
                )
                found -= seen
                seen |= found
                front = found
        seen -= dropped
        seen.discard(t)
        return seen


def _ancestors_within(
    ix: Index, edges: _Edges, target: str, depth: int
) -> tuple[set[str], dict[str, tuple[str, int | None]]]:
    """``paths.ancestors_within`` over the index, with the type and year of every node it met."""
    info = _types_years(ix, [target])

    def predecessors(node: str) -> list[str]:
        found = [u for u, _ in edges.pred(node)]
        info.update(_types_years(ix, [u for u in found if u not in info]))
        return found

    before = ancestors_within(target, depth, predecessors, lambda n: info[n][0] == "paper")
    return before, {n: info[n] for n in before}


# -- plans: the in-memory functions on the targets' ancestors -----------------------------


def _closure(ix: Index, targets: list[str], dropped: set[str]) -> nx.DiGraph:
    """The targets and all their ancestors (through no *dropped* node), with types and years: a plain graph."""
    import networkx as nx

    edges = _Edges(ix, "all", dropped)
    nodes = set(targets).union(*(edges.ancestors(t) for t in targets))
    H = nx.DiGraph()
    for key, (kind, year) in sorted(_types_years(ix, nodes).items()):
        H.add_node(key, type=kind, **({} if year is None else {"year": year}))
    H.add_edges_from((u, v) for u, v, _ in edges.among(nodes))
    return H


def next_papers(ix: Index, target: str, *, known: Iterable[str] = ()) -> list[str]:
    """The papers on *target*'s list that the reader can read now, as ``plans.next_papers``."""
    from . import plans

    known = list(known)
    return plans.next_papers(_closure(ix, [target], set(known) - {target}), target, known=known)


def plan(ix: Index, targets: list[str], *, known: Iterable[str] = (), max_papers: int | None = None) -> plans.PlanKeys:
    """One reading order for several targets, as ``plans.plan``."""
    from . import plans

    targets = list(dict.fromkeys(targets))
    known = list(known)
    return plans.plan(_closure(ix, targets, set(known) - set(targets)), targets, known=known, max_papers=max_papers)


# -- what renderers need --------------------------------------------------------------------


def read_nodes(ix: Index, keys: Iterable[str]) -> dict[str, Node]:
    """The nodes *keys*, each with its record as a ``records`` view, read from the rows: no graph, no model.

    >>> from paperhop.index import open_index
    >>> with open_index(in_memory=True) as ix:
    ...     read_nodes(ix, ["vit"])["vit"].record.title
    'An Image is Worth 16x16 Words: Transformers for Image Recognition at Scale'
    """
    views = {kind: view_type(kind, defaults) for kind, defaults in ix.fields.items()}
    return {
        key: Node(views[kind](orjson.loads(text)))
        for key, kind, text in ix.db.execute(
            "SELECT key, type, record FROM nodes WHERE key IN (SELECT value FROM json_each(?))",
            (orjson.dumps(sorted(set(keys))).decode(),),
        )
    }


def path_result(ix: Index, source: str, target: str, via: str, paths: Paths) -> PathResult:
    """*paths* (``reading_paths``' answer) as ``paths.reading_path_result`` gives them, read from the rows.

    >>> from paperhop.index import open_index
    >>> with open_index(in_memory=True) as ix:
    ...     found = path_result(ix, "vit", "sora", "all", Paths([["vit", "vivit", "sora"]]))
    >>> [s.node.label for s in found.paths[0].steps]
    ['ViT', 'ViViT', 'Sora']
    """
    db = ix.db
    nodes = read_nodes(ix, {source, target, *(n for p in paths for n in p)})
    mask = _mask(via)
    edges: dict[tuple[str, str], tuple[PathEdge, float]] = {}
    for u, v in {(u, v) for p in paths for u, v in pairwise(p)}:
        kinds, links, evidence = db.execute(
            "SELECT kinds, links, evidence FROM edges WHERE source = ? AND target = ?", (u, v)
        ).fetchone()
        edges[(u, v)] = PathEdge(u, v, *_links(links, evidence, mask)), WEIGHT[kinds & mask]  # type: ignore[arg-type]
    return PathResult(
        nodes[source],
        nodes[target],
        via,
        [
            ReadingPath.along(
                [nodes[n] for n in p],
                [edges[step][0] for step in pairwise(p)],
                sum(edges[step][1] for step in pairwise(p)),
            )
            for p in paths
        ],
        paths.complete,
    )


def show_result(ix: Index, key: str) -> Show:
    """*key*, what it builds on and what builds on it, as ``nodes.show_result`` gives them, from the rows.

    >>> from paperhop.index import open_index
    >>> with open_index(in_memory=True) as ix:
    ...     [n.node.key for n in show_result(ix, "vivit").before]
    ['patches', 'transformer', 'vit']
    """
    from ..results.nodes import Neighbour, Show  # here: only `show` pays for defining its classes

    db = ix.db
    before = db.execute("SELECT source, links, evidence FROM edges WHERE target = ?", (key,)).fetchall()
    after = db.execute("SELECT target, links, evidence FROM edges WHERE source = ?", (key,)).fetchall()
    nodes = read_nodes(ix, [key, *(row[0] for row in before), *(row[0] for row in after)])

    def neighbours(rows: list[tuple[str, str | None, str | None]]) -> list[Neighbour]:
        return [
            Neighbour(nodes[k], *_links(links, evidence, ALL_KINDS))  # type: ignore[arg-type]  # Cited for the Edge
            for k, links, evidence in sorted(rows)
        ]

    return Show(nodes[key], neighbours(before), neighbours(after))


def _links(links: str | None, evidence: str | None, mask: int) -> tuple[dict[str, str | None], Cited | None]:
    """An edge's row (its links, its evidence) as results hold it: its kinds in *mask*, best first, each with
    its note, and its evidence if it is kept as a citation."""
    kept = {k: note for k, note in (CITED if links is None else orjson.loads(links)).items() if KIND_BITS[k] & mask}
    return kept, Cited(orjson.loads(evidence)) if evidence is not None and "cites" in kept else None


# -- resolve ---------------------------------------------------------------------------------


def resolve(ix: Index, text: str) -> str:
    """The key of the one node *text* names, as ``queries.resolve.resolve``.

    >>> from paperhop.index import open_index
    >>> with open_index(in_memory=True) as ix:
    ...     [resolve(ix, t) for t in ("ViT", "arXiv:2010.11929v2", "16x16 words")]
    ['vit', 'vit', 'vit']
    """
    db = ix.db
    text = text.strip()
    if (id_ := s2_request_id(text)) is not None:
        row = db.execute("SELECT key FROM ids WHERE field = 'id' AND value = ?", (id_.casefold(),)).fetchone()
        if row is None:
            raise NodeNotFound(text, [])  # an id is never guessed from names or titles
        return str(row[0])
    folded = normalize(text)
    row = db.execute("SELECT key FROM names WHERE name = ?", (folded,)).fetchone()
    if row is not None:
        return str(row[0])
    hits = sorted({k for (k,) in db.execute("SELECT key FROM nodes WHERE instr(folded, ?) > 0", (folded,))})
    if folded and len(hits) == 1:
        return hits[0]
    if folded and hits:
        raise AmbiguousNode(text, hits)
    names = dict(db.execute("SELECT name, key FROM names"))
    close = difflib.get_close_matches(folded, names, n=3, cutoff=0.6)
    raise NodeNotFound(text, sorted({names[c] for c in close}))
