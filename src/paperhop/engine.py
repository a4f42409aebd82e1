"""The graph algorithms paperhop owns, each written once, over plain data: nodes numbered 0 .. n-1 (or keys)
and flat lists of their links, or an ``Adjacency``. The in-memory graph and the SQLite index are its two
adapters (``queries.source``, ``index.source``); ``queries.paths`` asks its questions of either, and networkx
does the rest.

- ``order`` (and ``reading_order`` on keys): the reading order, Kahn's algorithm with the (year, key)
  tie-break, each citation cycle read together;
- ``ancestors_within``: what a node builds on, a number of papers away at most;
- ``reachable_within``: what a node reaches without leaving a set of nodes;
- ``bidirectional_dijkstra``: the cheapest path, networkx's search with its ties;
- ``k_cheapest``: Yen's k cheapest simple paths, bounded by design;
- ``components``: the strongly connected components (Tarjan's);
- ``has_path``: whether one node reaches another, searching from both ends;
- ``search_path_counts`` and ``main_path``: main path analysis (Hummon and Doreian, with Batagelj's weights).
"""

from __future__ import annotations

import heapq
import math
from array import array
from bisect import bisect_left
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from itertools import count
from typing import Protocol

__all__ = [
    "Adjacency",
    "ancestors_within",
    "bidirectional_dijkstra",
    "components",
    "has_path",
    "k_cheapest",
    "main_path",
    "order",
    "papers_in_order",
    "ranked",
    "reachable_within",
    "reading_order",
    "search_path_counts",
    "search_paths_to",
]


class Adjacency(Protocol):
    """The links one question follows, the interface both graphs give (the in-memory one and the index): only
    the kinds it asks for, none to or from a node it leaves out. Each link comes with its kinds, a mask of
    ``graph.KIND_BITS``; a node's rank is its (year, key), a concept's year being -1."""

    def __contains__(self, key: object) -> bool: ...

    def succ(self, u: str) -> list[tuple[str, int]]:
        """What *u* leads to: (v, the kinds of u -> v)."""
        ...

    def pred(self, v: str) -> list[tuple[str, int]]:
        """What leads to *v*: (u, the kinds of u -> v)."""
        ...

    def ancestors(self, target: str) -> set[str]:
        """Every node with a path to *target*, not *target* itself (``nx.ancestors``)."""
        ...

    def types_years(self, keys: Iterable[str]) -> dict[str, tuple[str, int]]:
        """Each node's type ("paper" or "concept") and year (-1 if none)."""
        ...

    def whole_list(self, target: str) -> list[str]:
        """The papers of ``ancestors(target)`` in reading order (``order``): each graph keeps its own fast way."""
        ...


def has_path(adjacency: Adjacency, source: str, target: str) -> bool:
    """Whether *source* reaches *target*: breadth first from both ends, the smaller front first."""
    if source == target:
        return True
    sides: tuple[set[str], set[str]] = ({source}, {target})
    fronts = [[source], [target]]
    while fronts[0] and fronts[1]:
        side = 0 if len(fronts[0]) <= len(fronts[1]) else 1
        step = adjacency.succ if side == 0 else adjacency.pred
        found = []
        for node in fronts[side]:
            for other, _ in step(node):
                if other in sides[1 - side]:
                    return True
                if other not in sides[side]:
                    sides[side].add(other)
                    found.append(other)
        fronts[side] = found
    return False


def reading_order(year: Mapping[str, int], predecessors: Callable[[str], Iterable[str]]) -> list[str]:
    """The reading order (``order``) of the nodes *year* holds (-1 for a concept), each node's
    *predecessors* among them coming before it.

    Each node after its predecessors, ties to the smaller (year, key); the
    strongly connected components of cycles together, each by year inside,
    ordered among the rest by their first member's rank.

    >>> reading_order({"a": 2000, "b": 2001, "c": 1999}, {"a": ["b"], "b": ["a"], "c": []}.__getitem__)
    ['c', 'a', 'b']
    """
    nodes = ranked(year)
    rank = {n: i for i, n in enumerate(nodes)}
    start, preds = array("q", [0]), array("q")
    for v in nodes:
        preds.extend(sorted(r for u in predecessors(v) if (r := rank.get(u)) is not None))
        start.append(len(preds))
    found, _ = order(start, preds, array("q", (year[n] for n in nodes)))
    return [nodes[r] for r in found]


def papers_in_order(info: Mapping[str, tuple[str, int]], predecessors: Callable[[str], Iterable[str]]) -> list[str]:
    """The papers of the nodes *info* holds (each node's type and year), in reading order (``reading_order``)."""
    found = reading_order({n: year for n, (_, year) in info.items()}, predecessors)
    return [n for n in found if info[n][0] == "paper"]


def ranked(year: Mapping[str, int]) -> list[str]:
    """The nodes *year* holds, by rank: the tie-break everywhere, (year, key), a concept's year being -1 (so the
    concepts come first). Two sorts in C: by key, then stably by year (no Python call per node)."""
    nodes = sorted(year)
    nodes.sort(key=year.__getitem__)
    return nodes


def ancestors_within(
    target: str, depth: int, predecessors: Callable[[str], Iterable[str]], is_paper: Callable[[str], bool]
) -> set[str]:
    """What *target* builds on at most *depth* papers away: a 0-1 breadth-first search backwards, where entering
    a paper costs a hop and a concept does not. The graph is given as two functions, so that the in-memory graph
    and the SQLite index (``index.source``) walk it the same way."""
    hops = {target: 0}
    queue = deque([target])
    while queue:
        node = queue.popleft()
        for prev in predecessors(node):
            cost = hops[node] + is_paper(prev)
            if cost <= depth and cost < hops.get(prev, depth + 1):
                hops[prev] = cost
                if cost == hops[node]:
                    queue.appendleft(prev)
                else:
                    queue.append(prev)
    del hops[target]
    return set(hops)


def reachable_within(source: str, within: set[str], successors: Callable[[str], Iterable[str]]) -> set[str]:
    """The nodes of *within* that *source* reaches through nodes of *within* (itself included)."""
    seen = {source}
    todo = [source]
    while todo:
        for v in successors(todo.pop()):
            if v in within and v not in seen:
                seen.add(v)
                todo.append(v)
    return seen


def bidirectional_dijkstra(
    succ: Callable[[str], Iterable[tuple[str, float]]],
    pred: Callable[[str], Iterable[tuple[str, float]]],
    source: str,
    target: str,
) -> list[str] | None:
    """The cheapest path from *source* to *target*: networkx's ``bidirectional_dijkstra``, step for step (the
    same ties go the same way), over two functions: ``succ(v)`` gives (w, the cost of v -> w) and ``pred(v)``
    (w, the cost of w -> v). None if there is no path."""
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
        for w, cost in succ(v) if direction == 0 else pred(v):
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


def k_cheapest(
    succ: list[list[tuple[int, float]]], start: int, end: int, k: int, budget: int
) -> tuple[list[list[int]], bool]:
    """The *k* cheapest simple paths from *start* to *end*, best first, of the graph whose node u links to
    ``succ[u]`` ((v, cost) pairs): Yen's algorithm. The searches together relax at most *budget* edges and
    nodes; where they would need more, the paths found so far come back, with False. They are exact: each
    is the cheapest after those before it. Where there is no path: ([], True)."""
    left = [budget]
    ahead = _to_end(succ, end)  # one sweep back from the end, so that each search heads straight to it
    first = _search(succ, ahead, start, end, bytearray(len(succ)), (), left)
    if first is None:
        return [], left[0] >= 0  # no path; or the budget was spent before the first
    found = [first[1]]
    candidates: list[tuple[float, int, list[int], int]] = []  # (cost, i, spur path, j): found[i][:j] + spur
    accepted = {tuple(first[1])}
    complete = True
    while len(found) < k:
        complete = _spurs(succ, ahead, found, end, candidates, left)
        if not complete:  # the cheapest candidate so far may not be the next path
            break
        while candidates:
            _, i, spur, j = heapq.heappop(candidates)
            path = found[i][:j] + spur
            if tuple(path) not in accepted:  # Yen may reach one path from two roots
                accepted.add(tuple(path))
                found.append(path)
                break
        else:
            break  # no other path
    return found, complete


def _spurs(
    succ: list[list[tuple[int, float]]],
    ahead: list[float],
    found: list[list[int]],
    end: int,
    candidates: list[tuple[float, int, list[int], int]],
    budget: list[int],
) -> bool:
    """Yen's step: every path that leaves the last of *found* at one of its nodes (the spur) and goes
    its own way to *end*, cheapest first, pushed on *candidates*. False if *budget* ran out."""
    last = len(found) - 1
    path = found[last]
    blocked = bytearray(len(succ))  # the root before the spur: a path stays simple
    sharing = list(range(len(found)))  # the found paths that begin as path[: j + 1]
    root = 0.0
    for j, spur in enumerate(path[:-1]):
        sharing = [i for i in sharing if len(found[i]) > j + 1 and found[i][j] == spur]
        taken = {found[i][j + 1] for i in sharing}  # each leaves the spur its own way
        got = _search(succ, ahead, spur, end, blocked, taken, budget)
        if budget[0] < 0:
            return False
        if got is not None:
            heapq.heappush(candidates, (root + got[0], last, got[1], j))
        blocked[spur] = 1
        root += next(w for v, w in succ[spur] if v == path[j + 1])
    return True


def _to_end(succ: list[list[tuple[int, float]]], end: int) -> list[float]:
    """The cost of the cheapest path from each node to *end* (infinite where there is none)."""
    pred: list[list[tuple[int, float]]] = [[] for _ in succ]
    for u, edges in enumerate(succ):
        for v, w in edges:
            pred[v].append((u, w))
    cost = [math.inf] * len(succ)
    cost[end] = 0.0
    heap = [(0.0, end)]
    while heap:
        d, v = heapq.heappop(heap)
        if d > cost[v]:
            continue
        for u, w in pred[v]:
            if d + w < cost[u]:
                cost[u] = d + w
                heapq.heappush(heap, (d + w, u))
    return cost


def _search(
    succ: list[list[tuple[int, float]]],
    ahead: list[float],
    start: int,
    end: int,
    blocked: bytearray,
    taken: Iterable[int],
    budget: list[int],
) -> tuple[float, list[int]] | None:
    """(cost, path) of the cheapest path from *start* to *end* through no *blocked* node, leaving
    *start* by no edge to a node of *taken*; None if there is none. An A* search: *ahead* (the
    cost to *end* with nothing blocked) never overestimates, so the first arrival is the cheapest.
    *budget* [n] counts down the edges relaxed; below 0 the search gives up (None)."""
    left = budget[0]
    cost = {start: 0.0}
    prev: dict[int, int] = {}
    heap = [(ahead[start], start)]
    done: set[int] = set()
    while heap:
        u = heapq.heappop(heap)[1]
        if u in done:
            continue
        if u == end:
            budget[0] = left
            path = [u]
            while u != start:
                u = prev[u]
                path.append(u)
            return cost[end], path[::-1]
        done.add(u)
        edges = succ[u]
        left -= len(edges) + 1
        if left < 0:
            budget[0] = left
            return None
        for v, w in edges:
            if blocked[v] or v in done or ahead[v] == math.inf or (u == start and v in taken):
                continue
            c = cost[u] + w
            if c < cost.get(v, math.inf):
                cost[v] = c
                prev[v] = u
                heapq.heappush(heap, (c + ahead[v], v))
    budget[0] = left
    return None


def order(start: array[int], preds: array[int], level: array[int]) -> tuple[list[int], array[int] | None]:
    """The reading order of nodes 0 .. n-1, numbered by rank, node v's predecessors being
    ``preds[start[v]:start[v + 1]]`` (ascending); and each node's component's head (``_heads``), None if no cycle.

    The reading order: Kahn's algorithm, the smallest ready node first
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
    None if there is no cycle. Predecessors as ``order`` takes them.

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
        block = sorted(line[lo : hi + 1])
        # The block's nodes numbered 0 .. len - 1; each one's predecessors in it (a graph and its reverse have
        # the same components). Most blocks are a run of numbers: then no dict is needed.
        first, last = block[0], block[-1]
        local = None if last - first == len(block) - 1 else {u: i for i, u in enumerate(block)}
        block_start, block_preds = array("q", [0]), array("i")
        for v in block:
            before = preds[start[v] : start[v + 1]]
            if local is None:
                block_preds.extend(u - first for u in before if first <= u <= last)
            else:
                block_preds.extend(local[u] for u in before if u in local)
            block_start.append(len(block_preds))
        groups: dict[int, list[int]] = {}
        for i, c in enumerate(components(block_start, block_preds)):
            groups.setdefault(c, []).append(block[i])
        for group in groups.values():
            if len(group) > 1:
                cycles = True
                first = min(group)
                for u in group:
                    head[u] = first
    return head if cycles else None


def components(start: array[int], targets: array[int]) -> array[int]:
    """Each node's strongly connected component, named by one of its members: Tarjan's algorithm, without
    recursion, in flat arrays (a million nodes cost megabytes, not the gigabyte of dicts). Node v's
    successors are ``targets[start[v]:start[v + 1]]``."""
    n = len(start) - 1
    index = array("i", [-1]) * n
    low = array("i", [0]) * n
    name = array("i", [-1]) * n
    on_stack = bytearray(n)
    stack = array("i")
    counter = 0
    for root in range(n):
        if index[root] != -1:
            continue
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack[root] = 1
        calls, next_edge = array("i", [root]), array("q", [start[root]])  # the walk, and where each node is
        while calls:
            v, p = calls[-1], next_edge[-1]
            if p < start[v + 1]:
                next_edge[-1] = p + 1
                w = targets[p]
                if index[w] == -1:
                    index[w] = low[w] = counter
                    counter += 1
                    stack.append(w)
                    on_stack[w] = 1
                    calls.append(w)
                    next_edge.append(start[w])
                elif on_stack[w] and index[w] < low[v]:
                    low[v] = index[w]
                continue
            calls.pop()
            next_edge.pop()
            if calls and low[v] < low[calls[-1]]:
                low[calls[-1]] = low[v]
            if low[v] == index[v]:
                while True:
                    w = stack.pop()
                    on_stack[w] = 0
                    name[w] = v
                    if w == v:
                        break
    return name


def search_path_counts(order: list[str], preds: Mapping[str, list[str]]) -> dict[tuple[str, str], int]:
    """Batagelj's search path count (SPC) of each arc u -> v of an acyclic graph: how many of the paths from a
    source (no predecessor) to a sink (no successor) go through it, N-(u) x N+(v), where N-(u) counts the paths
    from a source to u and N+(v) those from v to a sink. *order* holds every node, each after its *preds*.

    >>> search_path_counts(["a", "b", "c", "d"], {"a": [], "b": ["a"], "c": ["a"], "d": ["b", "c"]})
    {('a', 'b'): 1, ('a', 'c'): 1, ('b', 'd'): 1, ('c', 'd'): 1}
    """
    succ: dict[str, list[str]] = {v: [] for v in order}
    for v in order:
        for u in preds[v]:
            succ[u].append(v)
    before: dict[str, int] = {}
    for v in order:
        before[v] = sum(before[u] for u in preds[v]) or 1
    after: dict[str, int] = {}
    for v in reversed(order):
        after[v] = sum(after[w] for w in succ[v]) or 1
    return {(u, v): before[u] * after[v] for v in order for u in preds[v]}


def search_paths_to(
    target: str, year: Mapping[str, int], preds: Mapping[str, list[str]]
) -> tuple[list[str], dict[tuple[str, str], int], int]:
    """Main path analysis's graph of the search paths to *target*: the nodes *year* holds in reading order
    (``reading_order``), joined by the arcs of *preds* that go forward in it (inside a cycle, those that go back
    are set aside, since no path may go round), and only those nodes that still lead to *target*. Gives that
    order, the search path count of each of its arcs (``search_path_counts``), and how many arcs were set aside."""
    order = reading_order(year, preds.__getitem__)
    place = {v: i for i, v in enumerate(order)}
    kept = {v: [u for u in preds[v] if place[u] < place[v]] for v in order}
    leads = reachable_within(target, set(order), kept.__getitem__)
    order = [v for v in order if v in leads]
    set_aside = sum(map(len, preds.values())) - sum(map(len, kept.values()))
    return order, search_path_counts(order, {v: kept[v] for v in order}), set_aside


def main_path(order: list[str], weights: Mapping[tuple[str, str], int], *, search: str = "global") -> list[str]:
    """The main path of an acyclic graph by its arcs' *weights* (``search_path_counts``), *order* holding
    every node, each after its predecessors; ties go to the node earlier in *order*.

    - "global": the path from a source to a sink whose weights sum the most (a critical path);
    - "local": Hummon and Doreian's priority-first search, forwards: the heaviest arc leaving a source, then
      from its head the heaviest arc leaving it, and so on to a sink.
    """
    place = {v: i for i, v in enumerate(order)}
    succ: dict[str, list[str]] = {v: [] for v in order}
    preds: dict[str, list[str]] = {v: [] for v in order}
    for u, v in sorted(weights, key=lambda arc: (place[arc[0]], place[arc[1]])):
        succ[u].append(v)
        preds[v].append(u)
    if not weights:
        return order[-1:]
    if search == "local":
        u, v = min((arc for arc in weights if not preds[arc[0]]), key=lambda a: (-weights[a], place[a[0]], place[a[1]]))
        path = [u, v]
        while succ[path[-1]]:
            path.append(min(succ[path[-1]], key=lambda w: (-weights[(path[-1], w)], place[w])))
        return path
    best: dict[str, int] = {}
    came: dict[str, str | None] = {}
    for v in order:
        if not preds[v]:
            best[v], came[v] = 0, None
        else:
            u = min(preds[v], key=lambda u: (-(best[u] + weights[(u, v)]), place[u]))
            best[v], came[v] = best[u] + weights[(u, v)], u
    end: str | None = min((v for v in order if not succ[v]), key=lambda v: (-best[v], place[v]))
    path = []
    while end is not None:
        path.append(end)
        end = came[end]
    return path[::-1]
