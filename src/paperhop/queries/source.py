"""A networkx graph as the reader asks it (``reader.Reader``): the graph's adapter of ``engine.Adjacency``, and its
records, links and names. The index's adapter is ``index.source``; the two give the same answers."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ..engine import papers_in_order
from ..graph import KIND_BITS, edge_evidence, edge_links, edge_mask
from .records import records_of
from .resolve import resolve

if TYPE_CHECKING:
    import networkx as nx

    from ..models import Edge

__all__ = ["GraphEdges", "GraphSource"]

ALL_KINDS = (1 << len(KIND_BITS)) - 1


class GraphSource:
    """The graph *G*, in memory."""

    def __init__(self, G: nx.DiGraph) -> None:
        self.G = G

    def close(self) -> None:
        pass

    def __contains__(self, key: object) -> bool:
        return key in self.G

    def edges(self, mask: int, dropped: set[str]) -> GraphEdges:
        return GraphEdges(self.G, mask, dropped)

    def records(self, keys: Iterable[str]) -> dict[str, Any]:
        return records_of(self.G, keys)

    def link(self, u: str, v: str) -> tuple[dict[str, str | None], Edge | None]:
        return dict(edge_links(self.G, u, v)), edge_evidence(self.G, u, v)

    def neighbours(self, key: str) -> tuple[list[tuple[str, dict[str, str | None], Edge | None]], ...]:
        G = self.G
        before = [(u, *self.link(u, key)) for u in sorted(G.pred[key])]
        after = [(v, *self.link(key, v)) for v in sorted(G.succ[key])]
        return before, after

    def closure(self, targets: list[str], dropped: set[str]) -> nx.DiGraph:
        return self.G

    def graph(self) -> nx.DiGraph:
        return self.G

    def resolve(self, text: str) -> str:
        return resolve(self.G, text)


class GraphEdges:
    """The graph's ``engine.Adjacency``: only the links of the kinds *mask*, none to or from a *dropped* node."""

    def __init__(self, G: nx.DiGraph, mask: int, dropped: set[str]) -> None:
        self.G = G
        self.mask = mask
        self.dropped = dropped
        # The graph as it is, when the question follows all of it: networkx's own walks, no filter per link.
        self.plain = mask == ALL_KINDS and not dropped

    def __contains__(self, key: object) -> bool:
        return key in self.G

    def succ(self, u: str) -> list[tuple[str, int]]:
        return self._kept(self.G.succ[u].items())

    def pred(self, v: str) -> list[tuple[str, int]]:
        return self._kept(self.G.pred[v].items())

    def _kept(self, links: Iterable[tuple[str, dict[str, Any]]]) -> list[tuple[str, int]]:
        mask, dropped = self.mask, self.dropped
        return [(w, m) for w, data in links if (m := edge_mask(data) & mask) and w not in dropped]

    def predecessors(self, v: str) -> Iterable[str]:
        return self.G.pred[v] if self.plain else (u for u, _ in self.pred(v))

    def ancestors(self, target: str) -> set[str]:
        import networkx as nx

        if self.plain:
            return nx.ancestors(self.G, target)
        G, mask, dropped = self.G, self.mask, self.dropped
        view = nx.subgraph_view(
            G, filter_node=lambda n: n not in dropped, filter_edge=lambda u, v: edge_mask(G[u][v]) & mask
        )
        return nx.ancestors(view, target)

    def types_years(self, keys: Iterable[str]) -> dict[str, tuple[str, int]]:
        nodes = self.G.nodes
        return {k: (nodes[k]["type"], nodes[k].get("year", -1)) for k in keys}

    def whole_list(self, target: str) -> list[str]:
        return papers_in_order(self.types_years(self.ancestors(target)), self.predecessors)
