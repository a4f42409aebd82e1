"""Building an index (``paperhop.index``): its schema and format, and its rows and reading arrays, from the
checked graph or from the rows of an index grown in place. The tables are described in ``paperhop.index``'s
docstring."""

from __future__ import annotations

import sqlite3
import sys
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

import orjson

from ..engine import order, ranked
from ..graph import CITED, KIND_BITS, KIND_WEIGHT, linked_edges, lookups, record_fields

if TYPE_CHECKING:
    import networkx as nx

    from ..models import Edge

__all__ = [
    "AFTER",
    "INSERT_PLAIN",
    "SCHEMA",
    "VERSION",
    "arrays_from_rows",
    "build_index",
    "insert_nodes",
    "linked_rows",
    "pack",
    "reading_arrays",
    "stored_fields",
    "unpack",
]

VERSION = "5"  # what each format added: CHANGELOG.md
SCHEMA = """
CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE nodes (
    key TEXT PRIMARY KEY, type TEXT NOT NULL, label TEXT NOT NULL, year INTEGER, title TEXT,
    folded TEXT NOT NULL, record TEXT NOT NULL
);
CREATE TABLE edges (
    source TEXT NOT NULL, target TEXT NOT NULL, kinds INTEGER NOT NULL, weight REAL NOT NULL, links TEXT,
    evidence TEXT, PRIMARY KEY (source, target)
) WITHOUT ROWID;
CREATE TABLE names (name TEXT PRIMARY KEY, key TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE ids (field TEXT NOT NULL, value TEXT NOT NULL, key TEXT NOT NULL, PRIMARY KEY (field, value))
    WITHOUT ROWID;
CREATE TABLE arrays (name TEXT PRIMARY KEY, data BLOB NOT NULL);
"""
AFTER = "CREATE INDEX edges_by_target ON edges (target, source, kinds);"


def build_index(
    db: sqlite3.Connection, G: nx.DiGraph, key: str, *, files: dict[str, tuple[int, str]] | None = None
) -> None:
    """Fill the empty database *db* from the graph *G*, as ``load`` gives it (every rule checked), of the
    files whose content *key* names (each file's size and hash: *files*, kept to grow the index from, when
    the files only grow). The files are not read again: the graph holds every record and link."""
    from ..models import Concept, Paper, field_defaults

    db.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -262144;")
    db.executescript(SCHEMA)
    fields = {"paper": field_defaults(Paper), "concept": field_defaults(Concept)}
    insert_nodes(db, G, G, fields)
    # The reading arrays number nodes by rank: (year, key), concepts (no year) first.
    types, years = G.nodes.data("type"), G.nodes.data("year", default=-1)
    ranked_keys = ranked({k: years[k] for k in G})
    rank = {k: r for r, k in enumerate(ranked_keys)}
    n = len(ranked_keys)
    is_paper = bytes(types[k] == "paper" for k in ranked_keys)
    codes: list[int] = []  # each plain citation as target * n + source, in ranks
    merged: dict[int, int] = {}  # every other edge: code -> its kinds
    rows = linked_rows(G)
    db.executemany("INSERT INTO edges VALUES (?, ?, ?, ?, ?, ?)", rows)
    for u, v, mask, *_ in rows:
        merged[rank[v] * n + rank[u]] = mask
    merged_pairs = {(u, v) for u, v, *_ in rows}
    batch: list[tuple[str, str]] = []
    for u, after in G.adjacency():
        ru = rank[u]
        for v in after:
            if (u, v) in merged_pairs:
                continue
            batch.append((u, v))
            codes.append(rank[v] * n + ru)
        if len(batch) >= 100_000:
            db.executemany(INSERT_PLAIN, batch)
            batch = []
    db.executemany(INSERT_PLAIN, batch)
    with ThreadPoolExecutor(1) as worker:  # SQLite indexes the edges by target with the GIL released, meanwhile
        arrays = worker.submit(reading_arrays, ranked_keys, is_paper, codes, merged, KIND_BITS["cites"])
        db.execute(AFTER)
        db.executemany("INSERT INTO arrays VALUES (?, ?)", arrays.result().items())
    meta = {"version": VERSION, "key": key, "graph": G.graph["name"], "fields": orjson.dumps(fields).decode()}
    if files is not None:
        meta["files"] = orjson.dumps(files).decode()
    db.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
    db.commit()


INSERT_PLAIN = f"INSERT INTO edges VALUES (?, ?, {KIND_BITS['cites']:d}, {float(KIND_WEIGHT['cites'])!r}, NULL, NULL)"


def insert_nodes(db: sqlite3.Connection, G: nx.DiGraph, keys: Iterable[str], fields: dict[str, dict[str, Any]]) -> None:
    """The rows of *G*'s nodes *keys*, in G's order: nodes, names and ids."""
    keys = keys if keys is G else set(keys)
    folded: dict[str, str] = {}
    names: list[tuple[str, str]] = []
    ids: list[tuple[str, str, str]] = []
    for node, its_names, title, its_ids in lookups(G):
        if keys is G or node in keys:
            folded[node] = title
            names += ((name, node) for name in its_names)
            ids += (("id", id_.casefold(), node) for id_ in its_ids)
    db.executemany("INSERT INTO nodes VALUES (?, ?, ?, ?, ?, ?, ?)", _node_rows(G, folded, fields))
    db.executemany("INSERT OR IGNORE INTO names VALUES (?, ?)", names)  # the first node of a name keeps it
    db.executemany("INSERT OR REPLACE INTO ids VALUES (?, ?, ?)", ids)  # the last node of an id keeps it


def linked_rows(G: nx.DiGraph) -> list[tuple[str, str, int, float, str | None, str | None]]:
    """The rows of *G*'s edges that are more than a plain citation (with a link or evidence), by (u, v)."""
    links, evidence = linked_edges(G)
    rows = []
    for u, v in sorted(links.keys() | evidence.keys()):
        kinds = links.get((u, v), CITED)
        mask = sum(KIND_BITS[k] for k in kinds)
        cites = evidence.get((u, v))
        said = _evidence_document(cites) if cites is not None else None
        text = None if kinds == CITED else orjson.dumps(dict(kinds)).decode()
        rows.append((u, v, mask, KIND_WEIGHT[next(iter(kinds))], text, said))  # the first kind is the best
    return rows


def _evidence_document(cites: Edge) -> str:
    """A citation's evidence as the index keeps it: ``{"reference": ..., "s2": ...}``, each its record's fields
    (null where there is none). The index's own format: output formats may change without it."""
    return orjson.dumps(
        {
            name: None if (r := getattr(cites, name)) is None else r.model_dump(mode="json")
            for name in ("reference", "s2")
        }
    ).decode()


def stored_fields(db: sqlite3.Connection) -> dict[str, dict[str, Any]]:
    return orjson.loads(db.execute("SELECT value FROM meta WHERE name = 'fields'").fetchone()[0])


def _node_rows(
    G: nx.DiGraph, folded: dict[str, str], fields: dict[str, dict[str, Any]]
) -> Iterator[tuple[object, ...]]:
    """The row of each node of *folded*, in G's order, with its title (a concept's label) folded as
    ``graph.lookups`` gives it."""
    nodes = G.nodes
    for key, (kind, held) in zip(folded, record_fields(G, folded), strict=True):
        # In the model's order; what a record leaves at its default is left out: its ``records`` view answers
        # it from meta.fields.
        text = orjson.dumps({name: held[name] for name in fields[kind] if name in held}).decode()
        label = nodes[key]["label"]
        if kind == "paper":
            yield (key, "paper", label, held["year"], held["title"], folded[key], text)
        else:
            yield (key, "concept", label, None, None, folded[key], text)


# -- the reading order, kept in the index --------------------------------------------------


def unpack(code: str, data: bytes) -> array[int]:
    found = array(code)
    found.frombytes(data)
    if sys.byteorder == "big":  # stored little-endian
        found.byteswap()
    return found


def pack(values: array[int]) -> bytes:
    if sys.byteorder == "big":
        values = array(values.typecode, values)
        values.byteswap()
    return values.tobytes()


def reading_arrays(
    keys: list[str], papers: bytes, codes: list[int], curated: dict[int, int], plain: int
) -> dict[str, bytes]:
    """The arrays ``index.source.Arrays`` reads, as the index stores them (name -> bytes).

    *keys* and *papers* are the nodes in rank order; *codes* the plain
    citations, each as ``target * n + source`` (ranks), each of the kinds *plain*;
    *curated* every other edge, code -> its kinds.
    """
    n = len(keys)
    codes.extend(curated)
    codes.sort()
    kinds = bytearray([plain]) * len(codes)
    for c, mask in curated.items():
        kinds[bisect_left(codes, c)] = mask
    preds = array("i", [c % n for c in codes])  # each node's, ascending: the codes are sorted
    pred_start = array("q", [bisect_left(codes, v * n) for v in range(n + 1)])
    found, head = order(pred_start, preds, array("q", (0 if p else -1 for p in papers)))
    position = array("i", bytes(4 * n))
    for i, u in enumerate(found):
        position[u] = i
    on_cycle = array("i")
    if head is not None:
        heads = {h for u, h in enumerate(head) if h != u}
        on_cycle.extend(u for u, h in enumerate(head) if h != u or u in heads)
    return {
        "keys": "\n".join(keys).encode(),
        "papers": bytes(papers),
        "kinds": bytes(kinds),
        "pred_start": pack(pred_start),
        "preds": pack(preds),
        "position": pack(position),
        "on_cycle": pack(on_cycle),
    }


def arrays_from_rows(db: sqlite3.Connection) -> dict[str, bytes]:
    """The reading arrays of the index *db*, from its rows: what ``build_index`` makes from the graph."""
    types: dict[str, str] = {}
    years: dict[str, int] = {}
    for key, kind, year in db.execute("SELECT key, type, year FROM nodes"):
        types[key], years[key] = kind, (-1 if year is None else year)
    ranked_keys = ranked(years)
    rank = {k: r for r, k in enumerate(ranked_keys)}
    n = len(ranked_keys)
    is_paper = bytes(types[k] == "paper" for k in ranked_keys)
    cites = KIND_BITS["cites"]
    codes: list[int] = []
    curated: dict[int, int] = {}
    for u, v, mask in db.execute("SELECT source, target, kinds FROM edges"):
        if mask == cites:
            codes.append(rank[v] * n + rank[u])
        else:
            curated[rank[v] * n + rank[u]] = mask
    return reading_arrays(ranked_keys, is_paper, codes, curated, cites)
