"""The queries of ``queries.paths`` and ``queries.plans``, answered from a graph's index.

Each function takes an open ``store.index.Index`` first and gives exactly what
its in-memory namesake gives on the whole graph (the tests compare them on
random graphs, cycles included), reading only the rows it visits:

- ``reading_paths``: one bidirectional Dijkstra, step for step networkx's, with
  the same weights and tie-breaks (``paths._tie_broken``), reading edges by
  source forwards and by target backwards; for ``k > 1`` the subgraph of the
  nodes that lie between the two ends is loaded and networkx's
  ``shortest_simple_paths`` runs on it;
- ``reading_list``: the ancestors walk over edges by target (inside SQLite when
  there is no depth), then the same reading order (``reading_order`` here is
  ``paths.reading_order`` on plain keys and years);
- ``next_papers`` and ``plan``: the ancestors of the targets, loaded as a small
  graph, on which the in-memory functions run;
- ``path_result``: the result of ``reading_paths``' answer, built from the rows
  with ``records`` views, no graph: so a path answered from an index imports
  neither networkx nor pydantic (each is imported where it runs, below);
- ``show``, ``subgraph``: small paperhop graphs of the nodes a renderer needs,
  with their records and links, so that ``render`` works on them unchanged;
- ``resolve``: the same lookups as ``queries.resolve``, over the index's tables.

Edges point in reading order (``u -> v``: read u before v).
"""

from __future__ import annotations

import difflib
import heapq
from array import array
from collections.abc import Iterable
from itertools import count, islice, pairwise
from typing import TYPE_CHECKING

import orjson

from ..errors import AmbiguousNode, NodeNotFound, NoPath, PaperhopError
from ..graph import CITED, KIND_WEIGHT, assemble
from ..ids import s2_request_id
from ..index import KIND_BITS, Index, best_kind
from ..records import Cited, normalize, view
from ..results import Node
from ..results.paths import PathEdge, PathResult, ReadingPath
from .paths import VIA, _tie_broken, ancestors_within

if TYPE_CHECKING:
    import networkx as nx

    from ..models import Concept, Paper
    from . import plans

__all__ = [
    "next_papers",
    "path_result",
    "plan",
    "reading_list",
    "reading_order",
    "reading_paths",
    "resolve",
    "show",
    "subgraph",
]

# The weight of an edge whose kept kinds are this mask: its best kind's (graph.edge_kinds recomputes it so).
WEIGHT = {mask: KIND_WEIGHT[best_kind(mask)] for mask in range(1, 1 << len(KIND_BITS))}


# The keys of ?1 and of every node with a path to it through edges of the kinds ?2, none of the keys in ?3.
_UP = (
    "WITH RECURSIVE up(key) AS (SELECT ?1 UNION SELECT e.source FROM up JOIN edges e ON e.target = up.key"
    " WHERE e.kinds & ?2 AND e.source NOT IN (SELECT value FROM json_each(?3))) SELECT key FROM up"
)

_UP_ALL = _UP.replace(" AND e.source NOT IN (SELECT value FROM json_each(?3))", "")
assert _UP_ALL != _UP


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

    def descendants_within(self, source: str, within: set[str]) -> set[str]:
        seen = {source}
        todo = [source]
        while todo:
            for v, _ in self.succ(todo.pop()):
                if v in within and v not in seen:
                    seen.add(v)
                    todo.append(v)
        return seen

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
) -> list[list[str]]:
    """The *k* cheapest reading paths from *source* to *target*, as ``paths.reading_paths``.

    >>> from paperhop.index import open_index
    >>> with open_index(in_memory=True) as ix:
    ...     reading_paths(ix, "vit", "sora")
    [['vit', 'vivit', 'sora']]
    """
    if k < 1:
        raise PaperhopError("k must be at least 1")
    if source == target:
        return [[source]]
    for end, name in ((source, "Source"), (target, "Target")):
        if not _exists(ix, end):
            import networkx as nx

            raise nx.NodeNotFound(f"{name} {end} is not in G")
    edges = _Edges(ix, via, set(known) - {source, target})
    if k == 1:
        found = _bidirectional_dijkstra(edges, source, target)
        if found is not None:
            return [found]
    else:
        within = edges.ancestors(target) | {target}
        if source in within:
            import networkx as nx

            nodes = edges.descendants_within(source, within)
            H = nx.DiGraph()
            H.add_nodes_from(sorted(nodes))
            H.add_edges_from((u, v, {"weight": WEIGHT[m]}) for u, v, m in edges.among(nodes))
            return list(islice(nx.shortest_simple_paths(H, source, target, weight=_tie_broken), k))
    raise NoPath(source, target, reverse=edges.has_path(target, source))


def _bidirectional_dijkstra(edges: _Edges, source: str, target: str) -> list[str] | None:
    """networkx's ``bidirectional_dijkstra``, step for step, over the index's rows; None if there is no path."""
    dists: list[dict[str, float]] = [{}, {}]
    preds: list[dict[str, str | None]] = [{source: None}, {target: None}]
    fringe: list[list[tuple[float, int, str]]] = [[], []]
    seen: list[dict[str, float]] = [{source: 0}, {target: 0}]
    c = count()
    heapq.heappush(fringe[0], (0, next(c), source))
    heapq.heappush(fringe[1], (0, next(c), target))
    finaldist: float | None = None
    meetnode: str | None = None
    direction = 1
    while fringe[0] and fringe[1]:
        direction = 1 - direction
        dist, _, v = heapq.heappop(fringe[direction])
        if v in dists[direction]:
            continue
        dists[direction][v] = dist
        if v in dists[1 - direction]:
            assert meetnode is not None
            return _walk(preds[0], meetnode)[::-1] + _walk(preds[1], preds[1][meetnode])
        step = edges.succ(v) if direction == 0 else edges.pred(v)
        for w, mask in step:
            data: dict[str, object] = {"weight": WEIGHT[mask]}
            cost = _tie_broken(v, w, data) if direction == 0 else _tie_broken(w, v, data)
            length = dist + cost
            if w in dists[direction]:
                continue
            if w not in seen[direction] or length < seen[direction][w]:
                seen[direction][w] = length
                heapq.heappush(fringe[direction], (length, next(c), w))
                preds[direction][w] = v
                if w in seen[1 - direction]:
                    total = length + seen[1 - direction][w]
                    if finaldist is None or finaldist > total:
                        finaldist, meetnode = total, w
    return None


def _walk(preds: dict[str, str | None], node: str | None) -> list[str]:
    out = []
    while node is not None:
        out.append(node)
        node = preds[node]
    return out


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
    if depth is None:
        return _whole_list(edges, target)
    before, info = _ancestors_within(ix, edges, target, depth)
    among = [(u, v) for u, v, _ in edges.among(before)]
    order = reading_order({n: (-1 if y is None else y) for n, (_, y) in info.items()}, among)
    return [n for n in order if info[n][0] == "paper"]


def _whole_list(edges: _Edges, target: str) -> list[str]:
    """The reading list of all of *target*'s ancestors, with no networkx graph and no dict of edges.

    SQLite walks the ancestors into a temporary table, numbered by rank (year,
    then key), and hands back the edges among them as pairs of those numbers, in
    order of their source: they go straight into two flat arrays (``_csr``), on
    which ``_order`` runs. About 40 bytes an edge at its peak, where a dict of
    keys costs hundreds.
    """
    db = edges.db
    db.execute("CREATE TEMP TABLE IF NOT EXISTS up (key TEXT PRIMARY KEY) WITHOUT ROWID")
    db.execute("CREATE TEMP TABLE IF NOT EXISTS ranked (pos INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE)")
    try:
        if edges.dropped:
            db.execute("INSERT INTO up " + _UP, (target, edges.mask, orjson.dumps(sorted(edges.dropped)).decode()))
        else:  # the same walk, a tenth faster
            db.execute("INSERT INTO up " + _UP_ALL, (target, edges.mask))
        db.execute("DELETE FROM up WHERE key = ?", (target,))
        db.execute(
            "INSERT INTO ranked SELECT row_number() OVER (ORDER BY coalesce(n.year, -1), n.key) - 1, n.key"
            " FROM up JOIN nodes n ON n.key = up.key"
        )
        keys, papers, years = [], [], array("q")
        for key, kind, year in db.execute(
            "SELECT r.key, n.type, coalesce(n.year, -1) FROM ranked r JOIN nodes n ON n.key = r.key ORDER BY r.pos"
        ):
            keys.append(key)
            papers.append(kind == "paper")
            years.append(year)
        # In order of a.pos (CROSS JOIN keeps SQLite to that order: no sort); the dropped are in no row of ranked.
        rows = db.execute(
            "SELECT a.pos, b.pos FROM ranked a CROSS JOIN edges e ON e.source = a.key"
            " CROSS JOIN ranked b ON b.key = e.target WHERE e.kinds & ? ORDER BY a.pos",
            (edges.mask,),
        )
        start, targets = _csr(len(keys), rows)
    finally:
        db.execute("DELETE FROM up")
        db.execute("DELETE FROM ranked")
    return [keys[p] for p in _order(start, targets, years) if papers[p]]


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


def reading_order(year: dict[str, int], edges: Iterable[tuple[str, str]]) -> list[str]:
    """``paths.reading_order`` of the nodes *year* holds (-1 for a concept) joined by *edges* (u -> v).

    The same order: each node after its predecessors, ties to the smaller
    (year, key); the strongly connected components of cycles together, each by
    year inside, ordered among the rest by their first member's rank.

    >>> reading_order({"a": 2000, "b": 2001, "c": 1999}, [("a", "b"), ("b", "a")])
    ['c', 'a', 'b']
    """
    nodes = sorted(year, key=lambda n: (year[n], n))
    pos = {n: i for i, n in enumerate(nodes)}
    pairs = sorted((pos[u], pos[v]) for u, v in edges)
    start, targets = _csr(len(nodes), pairs)
    return [nodes[p] for p in _order(start, targets, array("q", (year[n] for n in nodes)))]


def _csr(n: int, pairs: Iterable[tuple[int, int]]) -> tuple[array[int], array[int]]:
    """Successor lists as two flat arrays: node u's successors are ``targets[start[u]:start[u + 1]]``.

    *pairs* must come sorted by their first member.
    """
    start = array("q", bytes(8 * (n + 1)))
    targets = array("q")
    for u, v in pairs:
        start[u + 1] += 1
        targets.append(v)
    for u in range(n):
        start[u + 1] += start[u]
    return start, targets


def _order(start: array[int], targets: array[int], level: array[int]) -> list[int]:
    """The reading order of nodes 0 .. n-1, numbered by rank, with successors as ``_csr`` gives them.

    Kahn's algorithm, the smallest ready node first (nodes are numbered by rank:
    that is ``paths.reading_order``'s tie-break). If cycles stop it, the strongly
    connected components are found (``_heads``) and the same runs on them, each
    component as its smallest member, its members in rank order: networkx's
    condensation and ``lexicographical_topological_sort``, as in memory.
    *level* (a node's year, -1 for a concept) only makes finding components cheaper.
    """
    n = len(start) - 1
    into = array("q", bytes(8 * n))
    for v in targets:
        into[v] += 1
    ready = [u for u in range(n) if into[u] == 0]  # ascending: already a heap
    order: list[int] = []
    push, pop = heapq.heappush, heapq.heappop
    while ready:
        u = pop(ready)
        order.append(u)
        for i in range(start[u], start[u + 1]):
            v = targets[i]
            into[v] -= 1
            if into[v] == 0:
                push(ready, v)
    if len(order) == n:
        return order
    head = _heads(start, targets, level, [u for u in range(n) if into[u] > 0])
    members: dict[int, list[int]] = {}
    for u in range(n):
        if head[u] != u:  # the head, the smallest member, starts the list
            members.setdefault(head[u], [head[u]]).append(u)
    into = array("q", bytes(8 * n))
    for u in range(n):
        hu = head[u]
        for i in range(start[u], start[u + 1]):
            hv = head[targets[i]]
            if hv != hu:
                into[hv] += 1
    ready = [u for u in range(n) if into[u] == 0 and head[u] == u]
    order = []
    while ready:
        c = pop(ready)
        group = members.get(c) or [c]
        order.extend(group)
        for u in group:
            for i in range(start[u], start[u + 1]):
                hv = head[targets[i]]
                if hv != c:
                    into[hv] -= 1
                    if into[hv] == 0:
                        push(ready, hv)
    return order


def _heads(start: array[int], targets: array[int], level: array[int], left: list[int]) -> array[int]:
    """Each node's strongly connected component, named by its smallest member (a node off cycles: itself).

    *left* holds the nodes Kahn's algorithm could not order: every cycle is
    among them. A cycle whose edges never go down in level stays within one
    level; so if no edge among *left* goes down, Tarjan's algorithm follows only
    the edges within a level (the citations of one year: a small share). A
    concept (level -1) counts at the level of the latest paper before it, so
    that the paper introducing it is no edge going down; any levels would be
    right, they only choose which edges are followed.
    """
    n = len(start) - 1
    inside = bytearray(n)
    for u in left:
        inside[u] = 1
    lifted = array("q", level)
    for u in left:
        for v in targets[start[u] : start[u + 1]]:
            if inside[v] and level[v] < 0 and lifted[v] < level[u]:
                lifted[v] = level[u]
    succ: dict[int, list[int]] = {}
    down = False
    for u in left:
        lu = lifted[u]
        after = []
        for v in targets[start[u] : start[u + 1]]:
            if inside[v]:
                lv = lifted[v]
                if lv == lu:
                    after.append(v)
                elif lv < lu:
                    down = True
        if after:
            succ[u] = after
    if down:  # cycles may cross levels: follow every edge among left
        succ = {u: [v for v in targets[start[u] : start[u + 1]] if inside[v]] for u in left}
    else:  # a node with no edge within its level is on no cycle
        succ = {u: [v for v in after if v in succ] for u, after in succ.items()}
    groups: dict[int, list[int]] = {}
    for u, c in _components(sorted(succ), succ).items():
        groups.setdefault(c, []).append(u)
    head = array("q", range(n))
    for group in groups.values():
        first = min(group)
        for u in group:
            head[u] = first
    return head


def _components(nodes: list[int], succ: dict[int, list[int]]) -> dict[int, int]:
    """Node -> a name of its strongly connected component (Tarjan's, without recursion)."""
    index: dict[int, int] = {}
    low: dict[int, int] = {}
    stack: list[int] = []
    on_stack: set[int] = set()
    found: dict[int, int] = {}
    for root in nodes:
        if root in index:
            continue
        work = [(root, iter(succ[root]))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(succ[child])))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    found[member] = node
                    if member == node:
                        break
    return found


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


def plan(ix: Index, targets: list[str], *, known: Iterable[str] = (), max_papers: int | None = None) -> plans.Plan:
    """One reading order for several targets, as ``plans.plan``."""
    from . import plans

    targets = list(dict.fromkeys(targets))
    known = list(known)
    return plans.plan(_closure(ix, targets, set(known) - set(targets)), targets, known=known, max_papers=max_papers)


# -- what renderers need --------------------------------------------------------------------


def _record(kind: str, text: str) -> Paper | Concept:
    from ..models import Concept, Paper

    fields = orjson.loads(text)
    return Paper.model_construct(**fields) if kind == "paper" else Concept.model_construct(**fields)


def subgraph(
    ix: Index, nodes: Iterable[str], *, edges: Iterable[tuple[str, str]] | None = None, via: str = "all"
) -> nx.DiGraph:
    """A paperhop graph of *nodes*, with their records, and of *edges* (default: every edge among them)
    with their links of the kinds of *via*: what a renderer needs to show them.

    >>> from paperhop.graph import edge_links
    >>> from paperhop.index import open_index
    >>> with open_index(in_memory=True) as ix:
    ...     G = subgraph(ix, ["vit", "vivit"])
    >>> dict(edge_links(G, "vit", "vivit"))["builds_on"][:5]
    'ViViT'
    """
    from ..models import Edge, Paper

    nodes = set(nodes)
    db = ix.db
    papers: dict[str, Paper] = {}
    concepts: dict[str, Concept] = {}
    for kind, text in db.execute(
        "SELECT type, record FROM nodes WHERE key IN (SELECT value FROM json_each(?))",
        (orjson.dumps(sorted(nodes)).decode(),),
    ):
        rec = _record(kind, text)
        if isinstance(rec, Paper):
            papers[rec.key] = rec
        else:
            concepts[rec.key] = rec
    mask = _mask(via)
    pairs = list(edges) if edges is not None else [(u, v) for u, v, _ in _Edges(ix, via, set()).among(nodes)]
    records: list[Edge] = []
    for u, v in pairs:
        row = db.execute("SELECT links, evidence FROM edges WHERE source = ? AND target = ?", (u, v)).fetchone()
        if row is None:
            continue
        links = CITED if row[0] is None else orjson.loads(row[0])
        for kind, note in links.items():
            if KIND_BITS[kind] & mask:
                if kind == "cites" and row[1] is not None:  # the record with its evidence (``reference``, ``s2``)
                    cited = {"source": u, "target": v, "kind": "cites", **orjson.loads(row[1])}
                    records.append(Edge.model_validate_json(orjson.dumps(cited)))
                else:
                    records.append(Edge.model_construct(source=u, target=v, kind=kind, note=note))
    G, _ = assemble(ix.graph, papers, concepts, records, warnings=False)
    return G


def path_result(ix: Index, source: str, target: str, via: str, paths: list[list[str]]) -> PathResult:
    """*paths* (``reading_paths``' answer) as ``paths.reading_path_result`` gives them, read from the rows.

    >>> from paperhop.index import open_index
    >>> with open_index(in_memory=True) as ix:
    ...     [s.node.label for s in path_result(ix, "vit", "sora", "all", [["vit", "vivit", "sora"]]).paths[0].steps]
    ['ViT', 'ViViT', 'Sora']
    """
    db = ix.db
    nodes = {
        key: Node(view(kind, orjson.loads(text), ix.fields[kind]))
        for key, kind, text in db.execute(
            "SELECT key, type, record FROM nodes WHERE key IN (SELECT value FROM json_each(?))",
            (orjson.dumps(sorted({source, target, *(n for p in paths for n in p)})).decode(),),
        )
    }
    mask = _mask(via)
    edges: dict[tuple[str, str], tuple[PathEdge, float]] = {}
    for u, v in {(u, v) for p in paths for u, v in pairwise(p)}:
        kinds, links, evidence = db.execute(
            "SELECT kinds, links, evidence FROM edges WHERE source = ? AND target = ?", (u, v)
        ).fetchone()
        kept = {k: note for k, note in (CITED if links is None else orjson.loads(links)).items() if KIND_BITS[k] & mask}
        cites = Cited(orjson.loads(evidence)) if evidence is not None and "cites" in kept else None
        edges[(u, v)] = PathEdge(u, v, kept, cites), WEIGHT[kinds & mask]  # type: ignore[arg-type]
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
    )


def show(ix: Index, key: str) -> nx.DiGraph:
    """*key*, what comes before and after it and the edges between them: what ``render_show`` shows."""
    db = ix.db
    before = [u for (u,) in db.execute("SELECT source FROM edges WHERE target = ?", (key,))]
    after = [v for (v,) in db.execute("SELECT target FROM edges WHERE source = ?", (key,))]
    pairs = [(u, key) for u in before] + [(key, v) for v in after]
    return subgraph(ix, {key, *before, *after}, edges=pairs)


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
