"""What the graph holds: one node and its neighbours, lists of nodes, counts.

Each function answers with a result from ``paperhop.results``, ready to render.
"""

from __future__ import annotations

import networkx as nx

from ..errors import PaperhopError
from ..results.nodes import PaperList, Stats
from .paths import reading_rank, search, stats
from .records import node

__all__ = ["list_result", "search_result", "stats_result"]


def list_result(G: nx.DiGraph, *, concepts: bool = False) -> PaperList:
    """Every paper, oldest first (or, with *concepts*, every concept), ties by key."""
    wanted = "concept" if concepts else "paper"
    keys = sorted((k for k, t in G.nodes(data="type") if t == wanted), key=lambda k: reading_rank(G, k))
    return PaperList([node(G, k) for k in keys])


def search_result(G: nx.DiGraph, text: str) -> PaperList:
    """The nodes ``search`` finds, best first; PaperhopError if there is none."""
    keys = search(G, text)
    if not keys:
        raise PaperhopError(f"nothing matches {text!r}")
    return PaperList([node(G, k) for k in keys])


def stats_result(G: nx.DiGraph) -> Stats:
    """``stats`` as a result."""
    return Stats(**stats(G))  # type: ignore[arg-type]  # stats() returns the same fields, as a dict
