"""A graph as the reading commands ask it: one ``Reader``, over the whole graph in memory or over its index.

``open_reader(folder)`` gives a ``Reader``: ``resolve`` a name to a key, and the
answers of ``path``, ``reading-list``, ``show``, ``next``, ``plan`` and ``why``,
each a result of ``paperhop.results``. The reader asks each question once
(``queries.paths``, ``queries.plans``) of its source, which is one of two
adapters: ``queries.source.GraphSource`` (a networkx graph) or
``index.source.IndexSource`` (a graph folder's SQLite index, ``paperhop.index``,
built on first use from the graph ``load`` has read and checked). A folder is
answered from its index unless ``PAPERHOP_NO_CACHE=1``: then it is loaded whole.
A small graph too: once its index is built, opening it costs a few
milliseconds, less than importing networkx. A large graph's first command
answers from the graph it has just read, while a detached process builds the
index (``index.index_or_graph``).

From an index, only the rows a question visits are read, and the records are
``records`` views of them: so ``path``, ``show`` and ``reading-list`` import
neither networkx nor pydantic (every module on their way imports them only where
they run). ``path --influential-only`` needs every citation's evidence: it loads
the whole graph.

>>> with open_reader() as reader:
...     [n.key for n in reader.path(reader.resolve("ViT"), "sora").paths[0].nodes]
['vit', 'vivit', 'sora']
>>> from paperhop import load
>>> [item.node.key for item in Reader(load()).reading_list("vivit").items]
['transformer', 'vit']
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from itertools import pairwise
from types import TracebackType
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from .errors import PaperhopError
from .graph import KIND_BITS, MASK_WEIGHT
from .index import Index, index_or_graph
from .index.source import IndexSource
from .load import load
from .queries.paths import VIA_MASK, Paths, cheapest_paths, listed
from .queries.source import GraphSource
from .results import Node
from .results.paths import PathEdge, PathResult, ReadingPath

if TYPE_CHECKING:
    import networkx as nx

    from .engine import Adjacency
    from .results.lists import NextPapers, Plan, ReadingList
    from .results.nodes import Show
    from .results.paths import MainPath, Why

__all__ = ["Reader", "Source", "indexed_by_default", "open_reader"]


@runtime_checkable
class Source(Protocol):
    """What a reader asks of a graph: ``GraphSource`` and ``IndexSource`` give it, with the same answers."""

    def __contains__(self, key: object) -> bool: ...

    def close(self) -> None: ...

    def resolve(self, text: str) -> str: ...

    def edges(self, mask: int, dropped: set[str]) -> Adjacency: ...

    def records(self, keys: Iterable[str]) -> dict[str, Any]: ...

    def link(self, u: str, v: str) -> tuple[dict[str, str | None], Any]: ...

    def neighbours(self, key: str) -> tuple[list[tuple[str, dict[str, str | None], Any]], ...]: ...

    def closure(self, targets: list[str], dropped: set[str]) -> nx.DiGraph: ...

    def graph(self) -> nx.DiGraph: ...


def indexed_by_default() -> bool:
    """Whether ``open_reader`` answers from the index: unless PAPERHOP_NO_CACHE is 1 (no cache, no index)."""
    return os.environ.get("PAPERHOP_NO_CACHE") != "1"


def open_reader(folder: str | os.PathLike[str] | None = None, *, index: bool | None = None) -> Reader:
    """A reader of the graph folder *folder* (default: the shipped one); *index* forces the choice either way."""
    if index is None:
        index = indexed_by_default()
    if not index:
        return Reader(load(folder))
    found = index_or_graph(folder)
    return Reader(IndexSource(found, folder) if isinstance(found, Index) else found)


class Reader:
    """The answers of the reading commands, from *source*: a networkx graph, or a ``Source``."""

    def __init__(self, source: Source | nx.DiGraph) -> None:
        self.source: Source = source if isinstance(source, Source) else GraphSource(source)

    @property
    def indexed(self) -> bool:
        """Whether the answers come from an index."""
        return isinstance(self.source, IndexSource)

    def __enter__(self) -> Reader:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        self.source.close()

    def __contains__(self, key: object) -> bool:
        return key in self.source

    def resolve(self, text: str) -> str:
        """The key of the one node *text* names (``queries.resolve``)."""
        return self.source.resolve(text)

    def nodes(self, keys: Iterable[str]) -> dict[str, Node]:
        """The nodes *keys* as results show them, by key."""
        return {key: Node(rec) for key, rec in self.source.records(keys).items()}

    def path(
        self,
        source: str,
        target: str,
        *,
        via: str = "all",
        k: int = 1,
        known: Iterable[str] = (),
        influential_only: bool = False,
    ) -> PathResult:
        """The *k* cheapest reading paths (``paths.cheapest_paths``), following only the links of *via*, each
        step saying why it follows in terms of those links alone. *influential_only* (with *via* "cites") follows
        only the citations Semantic Scholar marks influential (``graph.influential_citations``).

        >>> from paperhop import load
        >>> found = Reader(load()).path("transformer", "sora", via="concepts")
        >>> [step.why for step in found.paths[0].steps]
        [None, 'Sora uses self-attention, which Transformer introduced.']
        """
        if influential_only:
            from .graph import influential_citations

            if via != "cites":
                raise PaperhopError("--influential-only follows citations: use it with --via cites")
            return Reader(influential_citations(self.source.graph())).path(source, target, via=via, k=k, known=known)
        mask = VIA_MASK[via]
        paths = cheapest_paths(self.source.edges(mask, set(known) - {source, target}), source, target, k)
        nodes = self.nodes({source, target, *(n for p in paths for n in p)})
        return PathResult(nodes[source], nodes[target], via, self._along(paths, nodes, mask), paths.complete)

    def _along(self, paths: Paths, nodes: dict[str, Node], mask: int) -> list[ReadingPath]:
        """Each of *paths* with its nodes, its edges (their links of the kinds *mask*) and its cost."""
        edges: dict[tuple[str, str], tuple[PathEdge, float]] = {}
        for u, v in {step for p in paths for step in pairwise(p)}:
            links, evidence = self.source.link(u, v)
            kept = {kind: note for kind, note in links.items() if KIND_BITS[kind] & mask}
            cost = MASK_WEIGHT[sum(KIND_BITS[kind] for kind in kept)]
            edges[(u, v)] = PathEdge(u, v, kept, evidence if "cites" in kept else None), cost
        return [
            ReadingPath.along(
                [nodes[n] for n in p], [edges[s][0] for s in pairwise(p)], sum(edges[s][1] for s in pairwise(p))
            )
            for p in paths
        ]

    def reading_list(
        self, target: str, *, depth: int | None = None, known: Iterable[str] = (), via: str = "all"
    ) -> ReadingList:
        """Every paper *target* builds on, in reading order (``paths.listed``), numbered."""
        from .results.lists import ReadingItem, ReadingList

        keys = listed(self.source.edges(VIA_MASK[via], set(known) - {target}), target, depth)
        nodes = self.nodes([target, *keys])
        return ReadingList(nodes[target], [ReadingItem(i, nodes[k]) for i, k in enumerate(keys, start=1)])

    def show(self, key: str) -> Show:
        """The node *key*, what it builds on and what builds on it, each edge with its kinds, notes and evidence.

        >>> from paperhop import load
        >>> [n.node.key for n in Reader(load()).show("vivit").before]
        ['patches', 'transformer', 'vit']
        """
        from .results.nodes import Neighbour, Show  # here: only `show` pays for defining its classes

        before, after = self.source.neighbours(key)
        nodes = self.nodes([key, *(row[0] for row in before), *(row[0] for row in after)])
        return Show(
            nodes[key],
            *([Neighbour(nodes[k], links, cites) for k, links, cites in rows] for rows in (before, after)),
        )

    def next(self, target: str, *, known: Iterable[str] = ()) -> NextPapers:
        """The papers on *target*'s list that the reader can read now (``plans.next_papers``); PaperhopError
        when nothing is left to read."""
        from .queries.plans import next_papers
        from .results.lists import NextPapers

        known = list(known)
        keys = next_papers(self.source.closure([target], set(known) - {target}), target, known=known)
        if not keys:
            raise PaperhopError(f"nothing left to read before {target}")
        nodes = self.nodes([target, *keys])
        return NextPapers(nodes[target], [nodes[k] for k in keys])

    def plan(self, targets: list[str], *, known: Iterable[str] = (), max_papers: int | None = None) -> Plan:
        """One reading order for several targets (``plans.plan``): each paper numbered, with the targets that
        need it."""
        from .queries.plans import plan
        from .results.lists import Plan, PlanItem

        targets, known = list(dict.fromkeys(targets)), list(known)
        H = self.source.closure(targets, set(known) - set(targets))
        p = plan(H, targets, known=known, max_papers=max_papers)
        nodes = self.nodes([*p.order, *p.left_out])
        items = [
            PlanItem(i, nodes[k], [nodes[t] for t in p.needed_by[k]], k in p.targets)
            for i, k in enumerate(p.order, start=1)
        ]
        return Plan([nodes[t] for t in p.targets], items, [nodes[k] for k in p.left_out])

    def why(self, paper: str, target: str, *, limit: int = 5) -> Why:
        """The paths that put *paper* on *target*'s reading list, shortest first (``plans.why``), each with its
        steps and reasons.

        >>> from paperhop import load
        >>> [s.node.key for s in Reader(load()).why("unet", "sora", limit=1).paths[0].steps]
        ['unet', 'ldm', 'sora']
        """
        from .queries.plans import why_paths
        from .results.paths import Why

        mask = VIA_MASK["all"]
        paths = why_paths(self.source.edges(mask, set()), paper, target, limit=limit)
        nodes = self.nodes({paper, target, *(n for p in paths for n in p)})
        return Why(nodes[paper], nodes[target], self._along(paths, nodes, mask), paths.complete)

    def main_path(self, target: str, *, search: str = "global") -> MainPath:
        """The backbone of *target*'s citations: main path analysis (``engine.main_path``) over the citations
        among *target* and the papers it stands on, weighted by search path count (``engine.search_path_counts``).
        Analysis needs no chain to go round: inside a citation cycle, the citations that go back in reading order
        are set aside (and counted).

        >>> from paperhop import load
        >>> [n.key for n in Reader(load()).main_path("vivit").path.nodes]
        ['transformer', 'vit', 'vivit']
        """
        from .engine import main_path, search_paths_to
        from .results.paths import MainPath

        if search not in ("global", "local"):
            raise PaperhopError(f"no such search: {search!r} (global or local)")
        mask = VIA_MASK["cites"]
        links = self.source.edges(mask, set())
        within = links.ancestors(target) | {target}
        if len(within) == 1:
            raise PaperhopError(f"{target} cites no paper of this graph: it has no main path")
        cites = {v: [u for u, _ in links.pred(v) if u in within] for v in within}
        years = {n: year for n, (_, year) in links.types_years(within).items()}
        order, weights, set_aside = search_paths_to(target, years, cites)
        path = main_path(order, weights, search=search)
        nodes = self.nodes(path)
        [along] = self._along(Paths([path]), nodes, mask)
        total = sum(w for (_, v), w in weights.items() if v == target)
        return MainPath(nodes[target], search, along, [weights[step] for step in pairwise(path)], total, set_aside)
