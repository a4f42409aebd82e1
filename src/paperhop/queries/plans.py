"""Reading plans: several targets, what the reader knows, why a paper is on a list.

Pure functions over the reading-order graph, keys already resolved; edges point
in reading order (``u -> v``: read u before v). ``plan``, ``next_papers``, ``why``
and ``concept_info`` answer in keys; ``reader.Reader`` and ``concept_result`` answer
what the commands print (``paperhop.results``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import networkx as nx

from ..engine import Adjacency, has_path
from ..errors import PaperhopError
from ..results.nodes import ConceptInfo
from .paths import VIA_MASK, Paths, cheapest_paths, reading_list, reading_order, reading_rank, without_known
from .records import node as node_of
from .source import GraphEdges

__all__ = [
    "ConceptKeys",
    "PlanKeys",
    "concept_info",
    "concept_result",
    "next_papers",
    "plan",
    "why",
    "why_paths",
]


@dataclass
class PlanKeys:
    """One reading order for several targets, in keys (``reader.Reader.plan`` gives the records too)."""

    targets: list[str]
    order: list[str]  # prerequisites and targets, each after what it builds on
    needed_by: dict[str, list[str]]  # paper -> the targets whose lists hold it
    left_out: list[str] = field(default_factory=list)  # dropped by a maximum, in reading order


def plan(G: nx.DiGraph, targets: list[str], *, known: Iterable[str] = (), max_papers: int | None = None) -> PlanKeys:
    """Everything the *targets* build on, less what the reader *knows* (and what only
    that led to), in one order; the targets come after their prerequisites.

    With *max_papers*, keep that many prerequisites: those most targets need, then
    those that lie on the most reading paths to the targets, then the older.

    >>> from paperhop import load
    >>> p = plan(load(), ["vivit", "dit"], known=["transformer"], max_papers=2)
    >>> p.order, p.left_out
    (['vit', 'ldm', 'vivit', 'dit'], ['unet', 'vqvae', 'clip'])
    """
    targets = list(dict.fromkeys(targets))
    H = without_known(G, known, keep=targets)
    needed_by: dict[str, list[str]] = {}
    for target in targets:
        for key in reading_list(H, target):
            needed_by.setdefault(key, []).append(target)
    prerequisites = set(needed_by) - set(targets)
    everything = reading_order(H, set(targets).union(*(nx.ancestors(H, t) for t in targets)))
    left_out: set[str] = set()
    if max_papers is not None and len(prerequisites) > max_papers:
        if max_papers < 0:
            raise PaperhopError("the maximum must be 0 or more")
        through = _paths_through(H, everything, targets)
        ranked = sorted(prerequisites, key=lambda k: (-len(needed_by[k]), -through[k], *reading_rank(G, k)))
        left_out = set(ranked[max_papers:])
    # One order of everything involved, concepts included, then filtered: so a kept paper still
    # comes after what it builds on through a concept or through a paper left out.
    order = [k for k in everything if k in targets or (k in prerequisites and k not in left_out)]
    return PlanKeys(targets, order, {k: needed_by.get(k, []) for k in order}, [k for k in everything if k in left_out])


def _paths_through(H: nx.DiGraph, order: list[str], targets: list[str]) -> dict[str, int]:
    """For each node of *order* (a reading order), how many reading paths among them that end
    at a target pass through it: (paths that reach it, itself included) x (paths from it on to
    a target). Inside a citation cycle it is a fair estimate."""
    reach: dict[str, int] = {}
    for node in order:
        reach[node] = 1 + sum(reach[p] for p in H.pred[node] if p in reach)
    onward: dict[str, int] = {}
    goal = set(targets)
    for node in reversed(order):
        onward[node] = (node in goal) + sum(onward[s] for s in H.succ[node] if s in onward)
    return {n: reach[n] * onward[n] for n in order}


def next_papers(G: nx.DiGraph, target: str, *, known: Iterable[str] = ()) -> list[str]:
    """The papers on *target*'s list that the reader can read now: every paper
    they build on is known.

    >>> from paperhop import load
    >>> next_papers(load(), "vivit", known=["transformer"])
    ['vit']
    """
    H = without_known(G, known, keep=(target,))
    todo = reading_list(H, target)
    within = nx.ancestors(H, target) | {target}  # every ancestor of a paper on the list is in it
    before = _papers_before(H, [k for k in within if H.nodes[k]["type"] == "paper"], within)
    return [k for k in todo if not before.get(k, set()) - {k}]


def _papers_before(H: nx.DiGraph, papers: list[str], within: set[str]) -> dict[str, set[str]]:
    """For each node of *within* that one of *papers* leads to (through nodes of *within*), two of those papers
    at most: enough to tell whether any paper but a given one leads there. One walk forwards, each node met at
    most twice, where an ancestors search per paper would be quadratic on a long list."""
    found: dict[str, set[str]] = {}
    todo = [(v, p) for p in papers for v in H.succ[p] if v in within]
    while todo:
        v, p = todo.pop()
        held = found.setdefault(v, set())
        if p not in held and len(held) < 2:
            held.add(p)
            todo += ((w, p) for w in H.succ[v] if w in within)
    return found


def why(G: nx.DiGraph, paper: str, target: str, *, limit: int = 5) -> Paths:
    """The paths that put *paper* on *target*'s reading list, shortest first (``why_paths``).

    >>> from paperhop import load
    >>> why(load(), "unet", "sora", limit=1)
    [['unet', 'ldm', 'sora']]
    """
    return why_paths(GraphEdges(G, VIA_MASK["all"], set()), paper, target, limit=limit)


def why_paths(links: Adjacency, paper: str, target: str, *, limit: int = 5) -> Paths:
    """The paths along *links* that put *paper* on *target*'s reading list, shortest first (at most *limit*,
    and as many as ``paths.cheapest_paths``' bound allows)."""
    if paper == target or not has_path(links, paper, target):
        raise PaperhopError(f"{paper} is not on {target}'s reading list")
    return cheapest_paths(links, paper, target, limit)


@dataclass
class ConceptKeys:
    """A concept's papers, in keys (``concept_result`` gives the records too)."""

    key: str
    introduced_by: list[str]
    used_by: list[str]
    read_first: list[str]  # the reading list of the concept itself


def concept_info(G: nx.DiGraph, key: str) -> ConceptKeys:
    """Which papers introduce a concept, which use it, and what to read first to understand it."""
    if G.nodes[key]["type"] != "concept":
        raise PaperhopError(f"{key} is a paper, not a concept")
    introduced = sorted(G.predecessors(key), key=lambda k: reading_rank(G, k))
    used = sorted(G.successors(key), key=lambda k: reading_rank(G, k))
    return ConceptKeys(key, introduced, used, reading_list(G, key))


def concept_result(G: nx.DiGraph, key: str) -> ConceptInfo:
    """``concept_info`` as ``paperhop concept`` shows it."""
    info = concept_info(G, key)
    return ConceptInfo(
        node_of(G, key),
        [node_of(G, k) for k in info.introduced_by],
        [node_of(G, k) for k in info.used_by],
        [node_of(G, k) for k in info.read_first],
    )
