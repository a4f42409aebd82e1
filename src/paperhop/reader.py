"""A graph folder as the reading commands ask it: the whole graph in memory, or its index.

``open_reader(folder)`` gives a ``Reader``: ``resolve`` a name to a key, and the
results of ``path``, ``reading-list``, ``show``, ``next`` and ``plan``. A graph is
answered from its SQLite index (``paperhop.index``, built on first use from
the graph ``load`` has read and checked), unless ``PAPERHOP_NO_CACHE=1``: then it
is loaded whole. A small graph too: once its index is built, opening it costs a
few milliseconds, less than importing networkx. A large graph's first command
answers from the graph it has just read, while a detached process builds the
index (``index.index_or_graph``).

The indexed reader finds the keys of an answer with ``queries.indexed`` (each
equal to its in-memory namesake). The results are built from the index's rows,
with the records as ``records`` views (``indexed.read_nodes``): a path by
``indexed.path_result`` and ``show`` by ``indexed.show_result``; a reading list,
``next`` and ``plan`` by the functions that make the in-memory results, given the
nodes by key. So ``path``, ``show`` and ``reading-list`` import neither networkx
nor pydantic (every module on their way imports them only where they run). Either
way both readers give the same result, rendered the same. ``path
--influential-only`` needs every citation's evidence: it loads the whole graph.

>>> with open_reader() as reader:
...     [n.key for n in reader.path_result(reader.resolve("ViT"), "sora").paths[0].nodes]
['vit', 'vivit', 'sora']
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from types import TracebackType
from typing import TYPE_CHECKING

from .index import Index, index_or_graph
from .load import load
from .queries import indexed
from .queries.paths import listed_result, reading_list_result, reading_path_result
from .queries.resolve import resolve

if TYPE_CHECKING:
    import networkx as nx

    from .results.lists import NextPapers, Plan, ReadingList
    from .results.nodes import Show
    from .results.paths import PathResult

__all__ = ["Reader", "indexed_by_default", "open_reader"]


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
    return IndexedReader(folder, found) if isinstance(found, Index) else Reader(found)


class Reader:
    """The answers of the reading commands, from the whole graph *G* in memory."""

    def __init__(self, G: nx.DiGraph) -> None:
        self.G = G

    def __enter__(self) -> Reader:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        pass

    def __contains__(self, key: object) -> bool:
        return key in self.G

    def resolve(self, text: str) -> str:
        return resolve(self.G, text)

    def path_result(
        self,
        source: str,
        target: str,
        *,
        via: str = "all",
        k: int = 1,
        known: Iterable[str] = (),
        influential_only: bool = False,
    ) -> PathResult:
        return reading_path_result(self.G, source, target, via=via, k=k, known=known, influential_only=influential_only)

    def reading_list_result(
        self, target: str, *, depth: int | None = None, known: Iterable[str] = (), via: str = "all"
    ) -> ReadingList:
        return reading_list_result(self.G, target, depth=depth, known=known, via=via)

    def show_result(self, key: str) -> Show:
        from .queries.nodes import show_result

        return show_result(self.G, key)

    def next_result(self, target: str, *, known: Iterable[str] = ()) -> NextPapers:
        from .queries.plans import next_result

        return next_result(self.G, target, known=known)

    def plan_result(self, targets: list[str], *, known: Iterable[str] = (), max_papers: int | None = None) -> Plan:
        from .queries.plans import plan_result

        return plan_result(self.G, targets, known=known, max_papers=max_papers)


class IndexedReader(Reader):
    """The same answers, from the index *ix* of the graph folder *folder*: only the rows they visit are read."""

    def __init__(self, folder: str | os.PathLike[str] | None, ix: Index) -> None:
        self.folder = folder
        self.ix = ix

    def close(self) -> None:
        self.ix.close()

    def __contains__(self, key: object) -> bool:
        return self.ix.db.execute("SELECT 1 FROM nodes WHERE key = ?", (key,)).fetchone() is not None

    def resolve(self, text: str) -> str:
        return indexed.resolve(self.ix, text)

    def path_result(
        self,
        source: str,
        target: str,
        *,
        via: str = "all",
        k: int = 1,
        known: Iterable[str] = (),
        influential_only: bool = False,
    ) -> PathResult:
        if influential_only:
            return Reader(load(self.folder)).path_result(
                source, target, via=via, k=k, known=known, influential_only=True
            )
        paths = indexed.reading_paths(self.ix, source, target, via=via, k=k, known=known)
        return indexed.path_result(self.ix, source, target, via, paths)

    def reading_list_result(
        self, target: str, *, depth: int | None = None, known: Iterable[str] = (), via: str = "all"
    ) -> ReadingList:
        keys = indexed.reading_list(self.ix, target, depth=depth, known=known, via=via)
        return listed_result(indexed.read_nodes(self.ix, [target, *keys]), target, keys)

    def show_result(self, key: str) -> Show:
        return indexed.show_result(self.ix, key)

    def next_result(self, target: str, *, known: Iterable[str] = ()) -> NextPapers:
        from .queries.plans import next_of

        keys = indexed.next_papers(self.ix, target, known=known)
        return next_of(indexed.read_nodes(self.ix, [target, *keys]), target, keys)

    def plan_result(self, targets: list[str], *, known: Iterable[str] = (), max_papers: int | None = None) -> Plan:
        from .queries.plans import planned_result

        p = indexed.plan(self.ix, targets, known=known, max_papers=max_papers)
        return planned_result(indexed.read_nodes(self.ix, [*p.order, *p.left_out]), p)
