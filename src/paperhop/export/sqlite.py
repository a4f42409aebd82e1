"""``paperhop export sqlite OUT.db``: a graph as a documented, stable SQLite database (docs/sqlite.md).

Tables ``papers``, ``concepts``, ``edges`` (one row per link, with its note and
foreign keys to both ends), ``evidence`` (a citation's reference entry and
Semantic Scholar's evidence) and ``papers_fts`` (FTS5 over titles and
summaries, laid out as ``sqlite-utils enable-fts --create-triggers`` makes it,
which is how sqlite-utils and Datasette find it), for Datasette, sqlite-utils or
any SQLite client. Unlike the index (``paperhop.index``), a cache shaped for
queries, this file is for people: its tables and columns are a promise
(``PRAGMA user_version`` names their version).

Deterministic: the same graph gives the same bytes (a fixed page size, rows
inserted in key order, no timestamps, one transaction, then VACUUM), with the
same SQLite library. ``render_sqlite`` gives the file's bytes; the command writes them atomically, as every
export.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing

import networkx as nx
import orjson

from ..graph import edge_evidence, edge_links, record
from ..models import EDGE_KINDS, Concept, Paper

__all__ = ["SCHEMA_VERSION", "render_sqlite"]

SCHEMA_VERSION = 2  # 2: papers.key is the primary key; edges' link columns; evidence; FTS found by sqlite-utils
PAGE_SIZE = 4096

# papers keeps its rowid (no WITHOUT ROWID): the FTS index is keyed by it. key is the primary key so that
# Datasette's foreign-key links (/db/papers/<key>) reach the row. The FTS table's content="papers" and its
# papers_ai/_ad/_au triggers are sqlite-utils' layout: sqlite-utils' and Datasette's detect_fts look for
# content="<table>" (or content=[<table>]) in its SQL, so a single-quoted 'papers' is not found.
SCHEMA = """
CREATE TABLE papers (
    key TEXT NOT NULL PRIMARY KEY, name TEXT, title TEXT NOT NULL, year INTEGER NOT NULL, venue TEXT,
    authors TEXT NOT NULL, arxiv TEXT, doi TEXT, s2_id TEXT, corpus_id INTEGER, url TEXT, pdf_url TEXT,
    citation_count INTEGER, summary TEXT, section TEXT, aliases TEXT NOT NULL, reason TEXT
);
CREATE TABLE concepts (key TEXT PRIMARY KEY, name TEXT NOT NULL, description TEXT NOT NULL, aliases TEXT NOT NULL);
CREATE TABLE edges (
    source TEXT NOT NULL, target TEXT NOT NULL, kind TEXT NOT NULL, note TEXT,
    source_paper TEXT REFERENCES papers (key), source_concept TEXT REFERENCES concepts (key),
    target_paper TEXT REFERENCES papers (key), target_concept TEXT REFERENCES concepts (key),
    PRIMARY KEY (source, target, kind),
    CHECK (coalesce(source_paper, source_concept) = source AND coalesce(target_paper, target_concept) = target)
) WITHOUT ROWID;
CREATE INDEX edges_by_target ON edges (target, source);
CREATE TABLE evidence (
    source TEXT NOT NULL REFERENCES papers (key), target TEXT NOT NULL REFERENCES papers (key),
    reference_number INTEGER, reference_text TEXT, reference_source TEXT, s2_influential INTEGER, s2_intents TEXT,
    s2_contexts TEXT,
    PRIMARY KEY (source, target)
) WITHOUT ROWID;
CREATE VIRTUAL TABLE "papers_fts" USING FTS5 ("title", "summary", content="papers");
"""

FTS_TRIGGERS = """
CREATE TRIGGER "papers_ai" AFTER INSERT ON "papers" BEGIN
  INSERT INTO "papers_fts" (rowid, "title", "summary") VALUES (new.rowid, new."title", new."summary");
END;
CREATE TRIGGER "papers_ad" AFTER DELETE ON "papers" BEGIN
  INSERT INTO "papers_fts" ("papers_fts", rowid, "title", "summary")
    VALUES('delete', old.rowid, old."title", old."summary");
END;
CREATE TRIGGER "papers_au" AFTER UPDATE ON "papers" BEGIN
  INSERT INTO "papers_fts" ("papers_fts", rowid, "title", "summary")
    VALUES('delete', old.rowid, old."title", old."summary");
  INSERT INTO "papers_fts" (rowid, "title", "summary") VALUES (new.rowid, new."title", new."summary");
END;
"""

PAPER_COLUMNS = [
    "key",
    "name",
    "title",
    "year",
    "venue",
    "authors",
    "arxiv",
    "doi",
    "s2_id",
    "corpus_id",
    "url",
    "pdf_url",
    "citation_count",
    "summary",
    "section",
    "aliases",
    "reason",
]


def render_sqlite(G: nx.DiGraph) -> bytes:
    """The database of *G*, as the bytes of its file: built in memory, then serialized.

    >>> import sqlite3
    >>> from paperhop import load
    >>> db = sqlite3.connect(":memory:")
    >>> db.deserialize(render_sqlite(load()))
    >>> db.execute("SELECT key FROM papers_fts JOIN papers ON papers.rowid = papers_fts.rowid"
    ...            " WHERE papers_fts MATCH 'sora' ORDER BY papers.key").fetchall()
    [('sora',), ('sora-review',), ('transformer',)]
    """
    with closing(sqlite3.connect(":memory:", isolation_level=None)) as db:
        _fill(db, G)
        return db.serialize()


def _fill(db: sqlite3.Connection, G: nx.DiGraph) -> None:
    db.execute(f"PRAGMA page_size = {PAGE_SIZE}")
    db.execute("PRAGMA journal_mode = OFF")
    db.execute("PRAGMA synchronous = OFF")
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    db.executescript(SCHEMA)
    db.execute("BEGIN")
    papers, concepts = [], []
    for key in sorted(G):
        rec = record(G, key)
        if isinstance(rec, Paper):
            papers.append(_paper_row(rec))
        elif isinstance(rec, Concept):
            concepts.append((rec.key, rec.name, rec.description, _json(rec.aliases)))
    marks = ", ".join("?" * len(PAPER_COLUMNS))
    db.executemany(f"INSERT INTO papers ({', '.join(PAPER_COLUMNS)}) VALUES ({marks})", papers)
    db.executemany("INSERT INTO concepts VALUES (?, ?, ?, ?)", concepts)
    edges = sorted(G.edges)
    db.executemany("INSERT INTO edges VALUES (?, ?, ?, ?, ?, ?, ?, ?)", _edge_rows(G, edges))
    db.executemany("INSERT INTO evidence VALUES (?, ?, ?, ?, ?, ?, ?, ?)", _evidence_rows(G, edges))
    # One rebuild, then the triggers (for whoever edits the file later): a trigger per inserted row would
    # leave the index in many small segments. executescript commits first, so they come after the COMMIT.
    db.execute("INSERT INTO papers_fts (papers_fts) VALUES ('rebuild')")
    db.execute("COMMIT")
    db.executescript(FTS_TRIGGERS)
    db.execute("VACUUM")


def _edge_rows(G: nx.DiGraph, edges: list[tuple[str, str]]) -> Iterator[tuple[str | None, ...]]:
    """source, target, kind, note, then each end again in the column of its table (the other one NULL)."""
    rank: dict[str, int] = {kind: i for i, kind in enumerate(EDGE_KINDS)}
    for u, v in edges:
        ends = (*_by_table(G, u), *_by_table(G, v))
        for kind, note in sorted(edge_links(G, u, v).items(), key=lambda item: rank[item[0]]):
            yield (u, v, kind, note, *ends)


def _by_table(G: nx.DiGraph, key: str) -> tuple[str | None, str | None]:
    return (key, None) if G.nodes[key]["type"] == "paper" else (None, key)


def _evidence_rows(G: nx.DiGraph, edges: list[tuple[str, str]]) -> Iterator[tuple[object, ...]]:
    for u, v in edges:
        cites = edge_evidence(G, u, v)
        if cites is None:
            continue
        ref, s2 = cites.reference, cites.s2
        yield (
            u,
            v,
            None if ref is None else ref.number,
            None if ref is None else ref.text,
            None if ref is None else ref.source,
            None if s2 is None else int(s2.influential),
            None if s2 is None else _json(list(s2.intents)),
            None if s2 is None else _json(s2.contexts),
        )


def _paper_row(rec: Paper) -> tuple[object, ...]:
    values = []
    for column in PAPER_COLUMNS:
        value = getattr(rec, column)
        if column in ("authors", "aliases"):
            value = _json(value)
        elif value is not None and column in ("url", "pdf_url"):
            value = str(value)
        values.append(value)
    return tuple(values)


def _json(items: list[str]) -> str:
    return orjson.dumps(items).decode()
