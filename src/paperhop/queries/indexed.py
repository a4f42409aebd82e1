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
- ``show``, ``subgraph``: small paperhop graphs of the nodes a renderer needs,
  with their records and links, so that ``render`` works on them unchanged;
- ``resolve``: the same lookups as ``queries.resolve``, over the index's tables.

Edges point in reading order (``u -> v``: read u before v).
"""

from __future__ import annotations

import difflib
import heapq
import sqlite3
import sys
from array import array
from bisect import bisect_left
from collections.abc import Iterable
from itertools import chain, compress, count, islice

import networkx as nx
import orjson

from ..errors import AmbiguousNode, NodeNotFound, NoPath, PaperhopError
from ..graph import CITED, KIND_WEIGHT, assemble
from ..ids import s2_request_id
from ..index import KIND_BITS, Index, best_kind
from ..models import Concept, Edge, Paper, normalize
from . import plans
from .paths import VIA, _tie_broken, ancestors_within

__all__ = [
    "next_papers",
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
ALL_KINDS = (1 << len(KIND_BITS)) - 1


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
            raise nx.NodeNotFound(f"{name} {end} is not in G")
    edges = _Edges(ix, via, set(known) - {source, target})
    if k == 1:
        found = _bidirectional_dijkstra(edges, source, target)
        if found is not None:
            return [found]
    else:
        within = edges.ancestors(target) | {target}
        if source in within:
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
        raise nx.NetworkXError(f"The node {target} is not in the digraph.")
    edges = _Edges(ix, via, set(known) - {target})
    if depth is None:
        return _whole_list(edges, target)
    before, info = _ancestors_within(ix, edges, target, depth)
    among = [(u, v) for u, v, _ in edges.among(before)]
    order = reading_order({n: (-1 if y is None else y) for n, (_, y) in info.items()}, among)
    return [n for n in order if info[n][0] == "paper"]


def _whole_list(edges: _Edges, target: str) -> list[str]:
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
    a = _Arrays.of(edges.db)
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
    order, _ = _order(start, array("q", preds), array("q", (0 if papers[r] else -1 for r in nodes)))
    return [nodes[i] for i in order]


class _Arrays:
    """The index's reading arrays (``reading_arrays`` makes them), loaded whole: a few bytes a node and an edge.

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
        self.pred_start = _unpack("q", blobs["pred_start"])
        self.preds = _unpack("i", blobs["preds"])
        self.position = _unpack("i", blobs["position"])
        self.on_cycle = set(_unpack("i", blobs["on_cycle"]))
        self._ranks: dict[str, int] | None = None

    @classmethod
    def of(cls, db: sqlite3.Connection) -> _Arrays:
        return cls({name: bytes(data) for name, data in db.execute("SELECT name, data FROM arrays")})

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


def _unpack(code: str, data: bytes) -> array[int]:
    found = array(code)
    found.frombytes(data)
    if sys.byteorder == "big":  # stored little-endian
        found.byteswap()
    return found


def _pack(values: array[int]) -> bytes:
    if sys.byteorder == "big":
        values = array(values.typecode, values)
        values.byteswap()
    return values.tobytes()


def reading_arrays(
    keys: list[str], papers: bytes, codes: list[int], curated: dict[int, int], plain: int
) -> dict[str, bytes]:
    """The arrays ``_Arrays`` reads, as the index stores them (name -> bytes).

    *keys* and *papers* are the nodes in rank order; *codes* the plain
    citations, each as ``target * n + source`` (ranks; any order; sorted here, in
    place), each of the kinds *plain*; *curated* every other edge, code -> its
    kinds (a curated link over a plain citation replaces it).
    """
    n = len(keys)
    codes.sort()
    extra = [c for c in curated if not _found(codes, c)]
    if extra:
        codes.extend(extra)
        codes.sort()
    kinds = bytearray([plain]) * len(codes)
    for c, mask in curated.items():
        kinds[bisect_left(codes, c)] = mask
    preds = array("i", [c % n for c in codes])  # each node's, ascending: the codes are sorted
    pred_start = array("q", [bisect_left(codes, v * n) for v in range(n + 1)])
    order, head = _order(pred_start, preds, array("q", (0 if p else -1 for p in papers)))
    position = array("i", bytes(4 * n))
    for i, u in enumerate(order):
        position[u] = i
    on_cycle = array("i")
    if head is not None:
        heads = {h for u, h in enumerate(head) if h != u}
        on_cycle.extend(u for u, h in enumerate(head) if h != u or u in heads)
    return {
        "keys": "\n".join(keys).encode(),
        "papers": bytes(papers),
        "kinds": bytes(kinds),
        "pred_start": _pack(pred_start),
        "preds": _pack(preds),
        "position": _pack(position),
        "on_cycle": _pack(on_cycle),
    }


def _found(codes: list[int], c: int) -> bool:
    i = bisect_left(codes, c)
    return i < len(codes) and codes[i] == c


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
    start, preds = _csr(len(nodes), sorted((pos[v], pos[u]) for u, v in edges))
    order, _ = _order(start, preds, array("q", (year[n] for n in nodes)))
    return [nodes[p] for p in order]


def _csr(n: int, pairs: Iterable[tuple[int, int]]) -> tuple[array[int], array[int]]:
    """Lists as two flat arrays: node u's list is ``targets[start[u]:start[u + 1]]``, of the v of each pair (u, v).

    *pairs* must come sorted.
    """
    start = array("q", bytes(8 * (n + 1)))
    targets = array("q")
    for u, v in pairs:
        start[u + 1] += 1
        targets.append(v)
    for u in range(n):
        start[u + 1] += start[u]
    return start, targets


def _order(start: array[int], preds: array[int], level: array[int]) -> tuple[list[int], array[int] | None]:
    """The reading order of nodes 0 .. n-1, numbered by rank, node v's predecessors being
    ``preds[start[v]:start[v + 1]]`` (ascending); and each node's component's head (``_heads``), None if no cycle.

    ``paths.reading_order``'s: Kahn's algorithm, the smallest ready node first
    (nodes are numbered by rank: that is its tie-break), on the condensation,
    each strongly connected component as its smallest member (its head), its
    members in rank order (networkx's ``condensation`` and
    ``lexicographical_topological_sort``, as in memory).

    Worked so that an edge costs no Python step unless it goes back in rank, or
    from a unit still waiting. The nodes are taken in rank order: at node x, every
    unit before x is either read or waiting, none after it is read, and the
    smallest ready unit is a waiting unit that became ready (all before x), else
    x if it is ready. x is ready when none of its earlier predecessors is waiting
    (one set test) and each later one belongs to a unit already read. A unit that
    is not ready waits for a count of edges, each from a unit that, once read,
    counts it down. *level* (a node's year, -1 for a concept; ascending) only
    makes finding components cheaper.
    """
    n = len(start) - 1
    head = _heads(start, preds, level)
    members: dict[int, list[int]] = {}
    if head is not None:
        for u in range(n):
            if head[u] != u:  # the head, the smallest member, starts the list
                members.setdefault(head[u], [head[u]]).append(u)
    order: list[int] = []
    read = bytearray(n)
    waiting: set[int] = set()  # the nodes of the units that wait
    count: dict[int, int] = {}  # a waiting unit -> the edges it waits for
    holds: dict[int, list[int]] = {}  # a unit -> the waiting units it holds, once per edge
    ready: list[int] = []  # waiting units whose count went to 0: a heap
    push, pop = heapq.heappush, heapq.heappop
    for x in range(n + 1):
        while ready:  # first the waiting units that became ready: all before x
            u = pop(ready)
            group = members.get(u) or [u]
            order.extend(group)
            for m in group:
                read[m] = 1
            waiting.difference_update(group)
            del count[u]
            for y in holds.pop(u, ()):
                count[y] -= 1
                if count[y] == 0:
                    push(ready, y)
        if x == n:
            break
        unit = members.get(x)
        if unit is None:
            if head is not None and head[x] != x:
                continue  # a member of a component: it comes with its head
            s, e = start[x], start[x + 1]
            k = bisect_left(preds, x, s, e)
            earlier, later = preds[s:k], preds[k:e]
        else:
            inner = set(unit)
            outer = sorted(u for m in unit for u in preds[start[m] : start[m + 1]] if u not in inner)
            k = bisect_left(outer, x)
            earlier, later = array("q", outer[:k]), array("q", outer[k:])
        held = 0
        if waiting and not waiting.isdisjoint(earlier):
            for u in earlier:
                if u in waiting:
                    held += 1
                    holds.setdefault(u if head is None else head[u], []).append(x)
        for u in later:
            if not read[u]:
                held += 1
                holds.setdefault(u if head is None else head[u], []).append(x)
        unit = unit or [x]
        if held:
            count[x] = held
            waiting.update(unit)
            continue
        order.extend(unit)
        for m in unit:
            read[m] = 1
        for y in holds.pop(x, ()):
            count[y] -= 1
            if count[y] == 0:
                push(ready, y)
    if len(order) != n:  # cannot be: the condensation has no cycle
        raise AssertionError(f"reading order: {n - len(order)} nodes left")
    return order, head


def _heads(start: array[int], preds: array[int], level: array[int]) -> array[int] | None:
    """Each node's strongly connected component, named by its smallest member (a node off cycles: itself);
    None if there is no cycle. Predecessors as ``_order`` takes them.

    The nodes are laid on a line, by number (rank), each concept moved to just
    after its latest predecessor (so that introducing it is no edge back). An
    edge back along that line spans the stretch from its target to its source;
    overlapping stretches merge into blocks. A cycle must go back somewhere, and
    never from one block, or from outside every block, to an earlier place: so
    each cycle lies within one block, and Tarjan's algorithm follows only the
    edges within a block. Citations go forward in time, so the blocks are few
    and short (the papers of one year where keys sort against their numbers, as
    p10000 before p9999); any line would be right, it only chooses which edges
    are followed.
    """
    n = len(start) - 1
    first_paper = bisect_left(level, 0)  # nodes are numbered by rank: concepts (level -1) first
    key = list(range(0, 2 * (n + 1) * n, 2 * (n + 1)))  # a place on the line, by number; distinct
    moved = False
    for c in range(first_paper):
        if start[c + 1] > start[c]:
            key[c] = (2 * preds[start[c + 1] - 1] + 1) * (n + 1) + c  # after its latest predecessor
            moved = True
    if moved:
        line = sorted(range(n), key=key.__getitem__)
        place = array("q", bytes(8 * n))
        for i, u in enumerate(line):
            place[u] = i
    else:
        line, place = list(range(n)), array("q", range(n))
    spans = []
    for v in range(n):
        s, e = start[v], start[v + 1]
        here = place[v]
        if v < first_paper:  # a concept: every predecessor is checked
            back = preds[s:e]
        else:  # a paper: its predecessors numbered after it, and the concepts among them
            back = preds[bisect_left(preds, v, s, e) : e]
            if first_paper and s < e and preds[s] < first_paper:
                back.extend(preds[s : bisect_left(preds, first_paper, s, e)])
        for u in back:
            if place[u] > here:
                spans.append((here, place[u]))
    if not spans:
        return None
    spans.sort()
    blocks: list[list[int]] = []
    for lo, hi in spans:
        if blocks and lo <= blocks[-1][1]:
            blocks[-1][1] = max(blocks[-1][1], hi)
        else:
            blocks.append([lo, hi])
    head = array("q", range(n))
    cycles = False
    for lo, hi in blocks:
        block = line[lo : hi + 1]
        within = set(block)
        succ: dict[int, list[int]] = {u: [] for u in block}
        for v in sorted(block):
            for u in preds[start[v] : start[v + 1]]:
                if u in within:
                    succ[u].append(v)
        groups: dict[int, list[int]] = {}
        for u, c in _components(sorted(succ), succ).items():
            groups.setdefault(c, []).append(u)
        for group in groups.values():
            if len(group) > 1:
                cycles = True
                first = min(group)
                for u in group:
                    head[u] = first
    return head if cycles else None


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
    edges = _Edges(ix, "all", dropped)
    nodes = set(targets).union(*(edges.ancestors(t) for t in targets))
    H = nx.DiGraph()
    for key, (kind, year) in sorted(_types_years(ix, nodes).items()):
        H.add_node(key, type=kind, **({} if year is None else {"year": year}))
    H.add_edges_from((u, v) for u, v, _ in edges.among(nodes))
    return H


def next_papers(ix: Index, target: str, *, known: Iterable[str] = ()) -> list[str]:
    """The papers on *target*'s list that the reader can read now, as ``plans.next_papers``."""
    known = list(known)
    return plans.next_papers(_closure(ix, [target], set(known) - {target}), target, known=known)


def plan(ix: Index, targets: list[str], *, known: Iterable[str] = (), max_papers: int | None = None) -> plans.Plan:
    """One reading order for several targets, as ``plans.plan``."""
    targets = list(dict.fromkeys(targets))
    known = list(known)
    return plans.plan(_closure(ix, targets, set(known) - set(targets)), targets, known=known, max_papers=max_papers)


# -- what renderers need --------------------------------------------------------------------


def _record(kind: str, text: str) -> Paper | Concept:
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
                    records.append(Edge.model_validate_json(row[1]))
                else:
                    records.append(Edge.model_construct(source=u, target=v, kind=kind, note=note))
    G, _ = assemble(ix.graph, papers, concepts, records, warnings=False)
    return G


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
