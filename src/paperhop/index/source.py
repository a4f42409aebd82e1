"""An open index as the reader asks it (``reader.Reader``): the index's adapter of ``engine.Adjacency``, and its
rows as records, links and names. The graph's own adapter is ``queries.source``; both give the same answers (the
tests compare them on random graphs, cycles included), and this one reads only the rows a question visits:

- ``IndexEdges``: a node's links, by source forwards and by target backwards; ancestors in SQLite; the whole
  reading list from the index's flat arrays (``Arrays``), in the order the build kept;
- ``IndexSource.records``: the records as ``records`` views, read from the rows with no graph and no model, so a
  path answered from an index imports neither networkx nor pydantic (each is imported where it runs, below);
- ``IndexSource.resolve``: the lookups of ``queries.resolve``, over the index's tables.

Edges point in reading order (``u -> v``: read u before v).
"""

from __future__ import annotations

import difflib
import os
import sqlite3
from array import array
from collections.abc import Iterable
from itertools import chain, compress
from typing import TYPE_CHECKING, Any

import orjson

from ..engine import order, papers_in_order
from ..errors import AmbiguousNode, NodeNotFound
from ..graph import CITED, KIND_BITS
from ..ids import s2_request_id
from ..records import Cited, normalize, view_type
from . import Index
from .build import unpack

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["Arrays", "IndexEdges", "IndexSource"]

ALL_KINDS = (1 << len(KIND_BITS)) - 1

# The keys of ?1 and of every node with a path to it through edges of the kinds ?2, none of the keys in ?3.
_UP = (
    "WITH RECURSIVE up(key) AS (SELECT ?1 UNION SELECT e.source FROM up JOIN edges e ON e.target = up.key"
    " WHERE e.kinds & ?2 AND e.source NOT IN (SELECT value FROM json_each(?3))) SELECT key FROM up"
)
_IN = "(SELECT value FROM json_each(?))"


def _json(keys: Iterable[str]) -> str:
    return orjson.dumps(sorted(set(keys))).decode()


class IndexSource:
    """The graph folder *folder* through its open index *ix*."""

    def __init__(self, ix: Index, folder: str | os.PathLike[str] | None = None) -> None:
        self.ix = ix
        self.db = ix.db
        self.folder = folder

    def close(self) -> None:
        self.ix.close()

    def __contains__(self, key: object) -> bool:
        return self.db.execute("SELECT 1 FROM nodes WHERE key = ?", (key,)).fetchone() is not None

    def edges(self, mask: int, dropped: set[str]) -> IndexEdges:
        return IndexEdges(self, mask, dropped)

    def records(self, keys: Iterable[str]) -> dict[str, Any]:
        """The records of the nodes *keys*, by key, each a ``records`` view of its row: no graph, no model.

        >>> from paperhop.index import open_index
        >>> with open_index(in_memory=True) as ix:
        ...     IndexSource(ix).records(["vit"])["vit"].title
        'An Image is Worth 16x16 Words: Transformers for Image Recognition at Scale'
        """
        views = {kind: view_type(kind, defaults) for kind, defaults in self.ix.fields.items()}
        rows = self.db.execute(f"SELECT key, type, record FROM nodes WHERE key IN {_IN}", (_json(keys),))
        return {key: views[kind](orjson.loads(text)) for key, kind, text in rows}

    def link(self, u: str, v: str) -> tuple[dict[str, str | None], Cited | None]:
        """The kinds of the edge u -> v, best first, each with its note, and its citation's evidence if any."""
        links, evidence = self.db.execute(
            "SELECT links, evidence FROM edges WHERE source = ? AND target = ?", (u, v)
        ).fetchone()
        return _links(links, evidence)

    def neighbours(self, key: str) -> tuple[list[tuple[str, dict[str, str | None], Cited | None]], ...]:
        """The edges into *key* and out of it: (the other end, its links, its evidence), each list by key."""
        before = self.db.execute("SELECT source, links, evidence FROM edges WHERE target = ?", (key,))
        after = self.db.execute("SELECT target, links, evidence FROM edges WHERE source = ?", (key,))
        return tuple([(k, *_links(links, evidence)) for k, links, evidence in sorted(rows)] for rows in (before, after))

    def closure(self, targets: list[str], dropped: set[str]) -> nx.DiGraph:
        """The targets and all their ancestors (through no *dropped* node), with types and years: a plain graph
        for the in-memory ``next_papers`` and ``plan``."""
        import networkx as nx

        edges = self.edges(ALL_KINDS, dropped)
        nodes = set(targets).union(*(edges.ancestors(t) for t in targets))
        H = nx.DiGraph()
        for key, (kind, year) in sorted(edges.types_years(nodes).items()):
            H.add_node(key, type=kind, **({} if year == -1 else {"year": year}))
        H.add_edges_from((u, v) for v in nodes for u, _ in edges.pred(v) if u in nodes)
        return H

    def graph(self) -> nx.DiGraph:
        """The whole graph, loaded (``path --influential-only`` needs every citation's evidence)."""
        from ..load import load

        return load(self.folder)

    def resolve(self, text: str) -> str:
        """The key of the one node *text* names, as ``queries.resolve.resolve``.

        >>> from paperhop.index import open_index
        >>> with open_index(in_memory=True) as ix:
        ...     [IndexSource(ix).resolve(t) for t in ("ViT", "arXiv:2010.11929v2", "16x16 words")]
        ['vit', 'vit', 'vit']
        """
        db = self.db
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


def _links(links: str | None, evidence: str | None) -> tuple[dict[str, str | None], Cited | None]:
    """An edge's row (its links, its evidence) as a reader takes it."""
    return dict(CITED if links is None else orjson.loads(links)), Cited(orjson.loads(evidence)) if evidence else None


class IndexEdges:
    """The index's ``engine.Adjacency``: only the links of the kinds *mask*, none to or from a *dropped* node."""

    def __init__(self, source: IndexSource, mask: int, dropped: set[str]) -> None:
        self.source = source
        self.db = source.db
        self.mask = mask
        self.dropped = dropped

    def __contains__(self, key: object) -> bool:
        return key in self.source

    def succ(self, u: str) -> list[tuple[str, int]]:
        rows = self.db.execute("SELECT target, kinds & ?1 FROM edges WHERE source = ?2 AND kinds & ?1", (self.mask, u))
        return [(v, m) for v, m in rows if v not in self.dropped]

    def pred(self, v: str) -> list[tuple[str, int]]:
        rows = self.db.execute("SELECT source, kinds & ?1 FROM edges WHERE target = ?2 AND kinds & ?1", (self.mask, v))
        return [(u, m) for u, m in rows if u not in self.dropped]

    def ancestors(self, target: str) -> set[str]:
        found = {key for (key,) in self.db.execute(_UP, (target, self.mask, _json(self.dropped)))}
        found.discard(target)
        return found

    def types_years(self, keys: Iterable[str]) -> dict[str, tuple[str, int]]:
        rows = self.db.execute(f"SELECT key, type, year FROM nodes WHERE key IN {_IN}", (_json(keys),))
        return {key: (kind, -1 if year is None else year) for key, kind, year in rows}

    def whole_list(self, target: str) -> list[str]:
        """The reading list of all of *target*'s ancestors, from the index's flat arrays (``Arrays``).

        The ancestors are walked over the predecessor arrays, a level at a time, in
        sets (no SQL per node, no row per edge). When the question is the graph's
        own (every kind of link, nothing dropped) and *target* is on no cycle, the
        answer is the ancestors in the graph's reading order, kept by the build:
        the reading order of a set that holds every predecessor of its members is
        the whole graph's, restricted to it (the smallest ready node of the set is
        the smallest ready node of the graph when it is taken; cycles lie wholly
        inside or outside it). Otherwise ``engine.order`` runs on the edges among them.
        An index grown in place has no arrays until it is built again: then the walk is in SQL.
        """
        a = Arrays.of(self.db)
        if a is None:
            before = self.ancestors(target)
            return papers_in_order(self.types_years(before), lambda v: (u for u, _ in self.pred(v)))
        t = a.rank(target)
        dropped = {r for r in map(a.rank_or_none, self.dropped) if r is not None}
        whole = self.mask == ALL_KINDS
        up = a.ancestors(t, None if whole else self.mask, dropped)
        found = (
            sorted(up, key=a.position.__getitem__)
            if whole and not dropped and t not in a.on_cycle
            else a.order(up, self.mask)
        )
        keys, papers = a.keys, a.papers
        return [keys[r] for r in found if papers[r]]


class Arrays:
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
    def of(cls, db: sqlite3.Connection) -> Arrays | None:
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
        keep = None if mask is None else self.kinds.translate(bytes(1 if kinds & mask else 0 for kinds in range(256)))
        while front:
            if keep is None:
                found = set(chain.from_iterable([preds[start[v] : start[v + 1]] for v in front]))
            else:
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

    def order(self, up: set[int], mask: int) -> list[int]:
        """The reading order of the nodes *up* (ranks), joined by their edges of the kinds *mask*."""
        nodes = sorted(up)  # by rank: the tie-break
        local = {r: i for i, r in enumerate(nodes)}
        start = array("q", bytes(8 * (len(nodes) + 1)))
        preds: list[int] = []
        pred_start, all_preds, kinds = self.pred_start, self.preds, self.kinds
        for i, v in enumerate(nodes):
            s, e = pred_start[v], pred_start[v + 1]
            preds += [local[u] for u, k in zip(all_preds[s:e], kinds[s:e], strict=True) if k & mask and u in local]
            start[i + 1] = len(preds)  # ascending, as the ranks are
        papers = self.papers
        found, _ = order(start, array("q", preds), array("q", (0 if papers[r] else -1 for r in nodes)))
        return [nodes[i] for i in found]
