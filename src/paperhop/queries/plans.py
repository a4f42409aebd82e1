"""Reading plans: several targets, what the reader knows, why a paper is on a list.

Pure functions over the reading-order graph, keys already resolved; edges point
in reading order (``u -> v``: read u before v). ``plan``, ``next_papers``, ``why``
and ``concept_info`` answer in keys; the ``*_result`` functions answer what the
commands print (``paperhop.results``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import networkx as nx

from ..errors import PaperhopError
from ..results import Node
from ..results.lists import NextPapers, Plan, PlanItem
from ..results.nodes import ConceptInfo
from ..results.paths import Why
from .paths import Paths, reading_list, reading_order, reading_path, reading_paths, reading_rank, without_known
from .records import node as node_of
from .records import nodes_of

__all__ = [
    "ConceptKeys",
    "PlanKeys",
    "concept_info",
    "concept_result",
    "next_of",
    "next_papers",
    "next_result",
    "plan",
    "plan_result",
    "planned_result",
    "why",
    "why_result",
]


@dataclass
class PlanKeys:
    """One reading order for several targets, in keys (``plan_result`` gives the records too)."""

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


def plan_result(G: nx.DiGraph, targets: list[str], *, known: Iterable[str] = (), max_papers: int | None = None) -> Plan:
    """``plan`` as ``paperhop plan`` shows it: each paper numbered, with the targets that need it."""
    p = plan(G, targets, known=known, max_papers=max_papers)
    return planned_result(nodes_of(G, [*p.order, *p.left_out]), p)


def planned_result(nodes: Mapping[str, Node], p: PlanKeys) -> Plan:
    """The plan *p* as ``plan_result`` gives it, with *nodes* (its papers) by key."""
    items = [
        PlanItem(i, nodes[k], [nodes[t] for t in p.needed_by[k]], k in p.targets)
        for i, k in enumerate(p.order, start=1)
    ]
    return Plan([nodes[t] for t in p.targets], items, [nodes[k] for k in p.left_out])


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
    papers = {k for k, kind in G.nodes(data="type") if kind == "paper"}
    return [k for k in todo if not (nx.ancestors(H, k) & papers)]


def next_result(G: nx.DiGraph, target: str, *, known: Iterable[str] = ()) -> NextPapers:
    """``next_papers`` as ``paperhop next`` shows it; PaperhopError when nothing is left to read."""
    keys = next_papers(G, target, known=known)
    return next_of(nodes_of(G, [target, *keys]), target, keys)


def next_of(nodes: Mapping[str, Node], target: str, keys: list[str]) -> NextPapers:
    """The papers *keys* to read before *target* as ``next_result`` gives them, with *nodes* by key."""
    if not keys:
        raise PaperhopError(f"nothing left to read before {target}")
    return NextPapers(nodes[target], [nodes[k] for k in keys])


def why(G: nx.DiGraph, paper: str, target: str, *, limit: int = 5) -> Paths:
    """The paths that put *paper* on *target*'s reading list, shortest first (at most *limit*, and as
    many as ``paths.cheapest_paths``' bound allows)."""
    if paper == target or not nx.has_path(G, paper, target):
        raise PaperhopError(f"{paper} is not on {target}'s reading list")
    return reading_paths(G, paper, target, k=limit)


def why_result(G: nx.DiGraph, paper: str, target: str, *, limit: int = 5) -> Why:
    """``why`` as ``paperhop why`` shows it: each path with its steps and reasons.

    >>> from paperhop import load
    >>> [s.node.key for s in why_result(load(), "unet", "sora", limit=1).paths[0].steps]
    ['unet', 'ldm', 'sora']
    """
    found = why(G, paper, target, limit=limit)
    return Why(node_of(G, paper), node_of(G, target), [reading_path(G, p) for p in found], found.complete)


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
