"""A SQLite index of a graph folder: queries read the rows they visit, not the whole graph.

The graph folder's JSON Lines files stay the source of truth; the index is derived
from them, like the pickle cache (``store.cache``), and lives beside it in the
user's cache folder as ``index-<key>.sqlite``. Its key is ``store.cache``'s: a
hash of the files' content and of paperhop's code and versions, so a change to
either makes a new index.

Hashing the files costs about 0.1 s for 70 MB, more than a small query itself;
so once an index is found or built, a record ``stat-<digest>.key`` beside it
maps the files' stat identity (device, inode, size, and modification and change
times in nanoseconds, of each file, with the folder and the code's identity:
``_code``) to the content key, and the next query opens the index that record
names without hashing. The content hash still keys every index: the record only
saves computing it again for files that, by every sign stat gives, were not
touched (a file's owner can put its modification time back, not its change time).
Files changed less than ``RACY_NS`` before they were hashed get no record (a
change within the timestamps' resolution could not be told), and paperhop's own
writes replace files, new inodes.

Only a valid graph gets an index: it is built from the graph ``load`` gives (every
rule of ``paperhop validate`` checked, or the pickle cache of a graph that passed
them), once the files are seen unchanged since they were hashed, so the files are
read once; GraphDataError if the graph has errors. It is written to a temporary
file in the cache folder that is renamed into place when complete: a build killed
half-way leaves only a dot-file that is never opened (and is removed by a later
build). For a large graph (``index_or_graph``), the command that found no index
answers from the graph it has just read, and a detached process builds the index
for the commands after it.

An index is never trusted blindly. It is used only if the file actually opened
(its descriptor: SQLite opens ``/dev/fd/N``) is a regular file we own that nobody
else can write, in a folder that is ours alone; if its size is the one its SQLite
header states (a truncated file is refused); and if its ``meta`` table names this
format's version and this key. Anything else, an unreadable or garbled file
included, is ignored and rebuilt.

Tables (keys are node keys; edges point in reading order, ``source -> target``):

- ``nodes(key, type, label, year, title, folded, record)``: one row per node, in
  the graph's own node order (papers, then concepts, each sorted by key);
  ``record`` is the record as JSON, ``folded`` the normalized title (a concept's
  name) that ``resolve`` searches;
- ``edges(source, target, kinds, weight, links, evidence)``: one row per linked pair;
  ``kinds`` a bitmask of ``KIND_BITS``, ``weight`` the cost of its best kind,
  ``links`` ``{kind: note}`` as JSON, best kind first (NULL for a plain citation,
  the great majority), ``evidence`` the ``cites`` record's evidence if it has any, as
  ``results.evidence_json`` gives it (``{"reference", "s2"}``; else NULL); indexed by source (its primary
  key) and by target;
- ``names(name, key)`` and ``ids(field, value, key)``: what ``resolve`` looks up;
- ``arrays(name, data)``: what the whole reading list reads, as flat arrays
  (little-endian; ``reading_arrays`` makes them, ``queries.indexed._Arrays``
  reads them): the nodes numbered by rank (year, key), each one's predecessors
  and the kinds of those edges, and each one's place in the whole graph's reading
  order (computed once here, so that a whole list is only a walk and a sort);
- ``meta(name, value)``: ``version``, ``key``, ``graph`` (its name), ``fields`` (every field of a
  paper and of a concept, in order, with its default: with ``record``, a query gives the whole
  record as a ``records`` view, and never needs pydantic).
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import re
import secrets
import sqlite3
import stat
import sys
import time
from array import array
from bisect import bisect_left
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from .engine import order
from .errors import GraphDataError, Problem, WriteError
from .graph import KIND_WEIGHT
from .records import EDGE_KINDS
from .results import evidence_json
from .store.cache import (
    CODE,
    MIN_BYTES,
    cache_dir,
    code_digest,
    content_key,
    identity,
    in_background,
    open_private,
    open_private_folder,
    ours,
)
from .store.folder import committed_files, default_graph_path, write_bytes_at

if TYPE_CHECKING:
    import networkx as nx


__all__ = ["KIND_BITS", "VERSION", "Index", "build_index", "index_or_graph", "index_path", "open_index"]

VERSION = "4"  # 2: edges.evidence; 3: meta.fields, evidence as results show it; 4: arrays
KIND_BITS: dict[str, int] = {kind: 1 << i for i, kind in enumerate(EDGE_KINDS)}  # builds_on 1 ... cites 8
KEEP = 4  # index files kept; the oldest go first
STALE = 3600  # seconds after which a temporary file is a killed build's
ATTEMPTS = 3  # builds tried while the graph keeps changing
KEEP_POINTERS = 16  # stat-*.key records kept
RACY_NS = 2_000_000_000  # files changed less than this before hashing get no stat record (FAT: 2 s resolution)
KEY = re.compile(r"[0-9a-f]{40}")

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


def best_kind(mask: int) -> str:
    """The first kind of *mask* in EDGE_KINDS order: the one whose weight and note an edge shows."""
    return next(kind for kind in EDGE_KINDS if mask & KIND_BITS[kind])


class Index:
    """An open, checked index: a read-only SQLite connection and what it was built from."""

    def __init__(
        self,
        db: sqlite3.Connection,
        *,
        key: str,
        graph: str,
        path: Path | None,
        fd: int | None = None,
        fields: dict[str, dict[str, Any]] | None = None,
    ):
        self.db = db
        self.key = key
        self.graph = graph  # the graph's name, as load() gives it
        self.fields = fields or {}  # "paper"/"concept" -> every field of the model, in order, with its default
        self.path = path  # None: built in memory (the cache folder could not hold it)
        self._fd = fd

    def close(self) -> None:
        self.db.close()
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> Index:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def index_path(key: str) -> Path:
    return cache_dir() / f"index-{key}.sqlite"


def open_index(folder: str | os.PathLike[str] | None = None, *, in_memory: bool = False) -> Index:
    """The index of the graph folder *folder* (default: the shipped Road to Sora), built if there is none yet.

    Raises GraphDataError if the graph has errors (nothing is built then). If the
    cache folder cannot hold the index, or *in_memory* is given, it is built in
    memory (and so is built again by the next process).

    >>> with open_index(in_memory=True) as ix:
    ...     ix.db.execute("SELECT title FROM nodes WHERE key = 'vit'").fetchone()[0][:18]
    'An Image is Worth '
    """
    found = _open(Path(folder or default_graph_path()), in_memory=in_memory, background=False)
    assert isinstance(found, Index)
    return found


def index_or_graph(folder: str | os.PathLike[str] | None = None) -> Index | nx.DiGraph:
    """``open_index``; or, where there is no index yet and the graph is large (``MIN_BYTES``), the graph as
    ``load`` gives it, with its index built by a detached process for the commands after this one: the
    first answer after a change waits only for the graph to be read and checked, as without an index.
    While one process builds it, no other starts."""
    return _open(Path(folder or default_graph_path()), in_memory=False, background=True)


def _open(folder: Path, *, in_memory: bool, background: bool) -> Index | nx.DiGraph:
    from .load import load  # load imports the whole graph machinery: only a build needs it

    for _ in range(ATTEMPTS):
        with committed_files(folder) as files:
            seen = identity(files)
            code = _code()
            if not in_memory:
                pointed = _pointed(folder, seen, code)
                found = None if pointed is None else _open_trusted(index_path(pointed), pointed)
                if found is not None:
                    return found
            hashed_at = time.time_ns()
            key = content_key(files)
        found = None if in_memory else _open_trusted(index_path(key), key)
        if found is not None:
            _point(folder, seen, code, key, hashed_at)
            return found
        G = load(folder)  # every rule checked (GraphDataError if any is broken), or a cached graph that passed them
        with committed_files(folder) as files:
            if identity(files) != seen:  # changed since it was hashed: G may not be what the key names
                continue
        # The index is built from G: the files are not read a third time.
        if (
            background
            and sum(ident[2] for ident in seen.values()) >= MIN_BYTES
            and _build_later(G, key, folder, seen, code, hashed_at)
        ):
            return G
        found = _in_memory(G, key) if in_memory else _build_and_open(G, key)
        if found.path is not None:
            _point(folder, seen, code, key, hashed_at)
        return found
    raise GraphDataError([Problem(str(folder), "the graph kept changing while it was indexed; try again")])


def _code() -> str:
    """What a stat record is kept for: paperhop's code, Python's version, and the stat identity of the networkx
    and pydantic installed, as ``content_key`` names them by their versions (reading those from the packages'
    metadata costs more than a query on a small graph; installing another version replaces their files)."""
    digest = hashlib.blake2b(digest_size=20)
    digest.update(sys.version.encode() + b"\0" + code_digest(CODE))
    for package in ("networkx", "pydantic"):
        origin = getattr(importlib.util.find_spec(package), "origin", None)
        with suppress(OSError, TypeError):  # not installed (no origin): nothing to add
            info = os.stat(origin)  # type: ignore[arg-type]
            digest.update(f"{package} {info.st_dev} {info.st_ino} {info.st_size} {info.st_mtime_ns}\0".encode())
    return digest.hexdigest()


def _pointer(folder: Path, seen: dict[str, tuple[int, ...]], code: str) -> Path:
    """Where the key of the files *seen* (their stat identity) in *folder* is kept, for paperhop's code *code*."""
    digest = hashlib.blake2b(digest_size=20)
    digest.update(orjson.dumps([code, str(folder.resolve()), sorted(seen.items())]))
    return cache_dir() / f"stat-{digest.hexdigest()}.key"


def _pointed(folder: Path, seen: dict[str, tuple[int, ...]], code: str) -> str | None:
    """The content key recorded for files of exactly this stat identity, if a trusted record of it exists."""
    fd = open_private(_pointer(folder, seen, code))
    if fd is None:
        return None
    try:
        info = os.fstat(fd)
        if not (stat.S_ISREG(info.st_mode) and ours(info)):
            return None
        text = os.read(fd, 64).decode("ascii", "replace")
    except OSError:
        return None
    finally:
        os.close(fd)
    return text if KEY.fullmatch(text) else None


def _point(folder: Path, seen: dict[str, tuple[int, ...]], code: str, key: str, hashed_at: int) -> None:
    """Record that files of stat identity *seen* hashed to *key*: unless one was changed too recently to tell.

    A file changed again within its timestamps' resolution of the hashing, to
    the same size, would keep its identity with another content (git's "racily
    clean" files): so files modified less than RACY_NS before they were hashed
    get no record, and are hashed each time until they are older.
    """
    if any(ident[3] > hashed_at - RACY_NS for ident in seen.values()):
        return
    path = _pointer(folder, seen, code)
    dfd = open_private_folder(path.parent)
    if dfd is None:
        return
    try:
        write_bytes_at(dfd, path, key.encode("ascii"), mode=0o600)
        with os.scandir(dfd) as found:
            old = sorted(
                (e.stat(follow_symlinks=False).st_mtime, e.name)
                for e in found
                if e.name.startswith("stat-") and e.name.endswith(".key") and e.is_file(follow_symlinks=False)
            )
        for _, name in old[:-KEEP_POINTERS]:
            os.unlink(name, dir_fd=dfd)
    except (OSError, WriteError):  # a record that cannot be written only costs the next query a hash
        pass
    finally:
        os.close(dfd)


def _build_later(
    G: nx.DiGraph, key: str, folder: Path, seen: dict[str, tuple[int, ...]], code: str, hashed_at: int
) -> bool:
    """Build the index of *G* in a detached process, unless one is at it already: True if the caller should
    answer from *G* (also where the cache folder can keep no index: one built in memory would only cost time);
    False if no process can be started: then the caller builds it."""
    dfd = _cache_folder()
    if dfd is None:
        return True
    busy = f".{index_path(key).name}.building"
    try:
        with suppress(FileNotFoundError):
            if time.time() - os.stat(busy, dir_fd=dfd, follow_symlinks=False).st_mtime < STALE:
                return True
            os.unlink(busy, dir_fd=dfd)  # a builder killed long ago
        try:
            os.close(os.open(busy, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600, dir_fd=dfd))
        except FileExistsError:
            return True

        def build() -> None:
            try:
                with _build_and_open(G, key) as found:
                    if found.path is not None:
                        _point(folder, seen, code, key, hashed_at)
            finally:
                os.unlink(busy, dir_fd=dfd)

        if in_background(build):
            return True
        os.unlink(busy, dir_fd=dfd)
        return False
    finally:
        os.close(dfd)


def _cache_folder() -> int | None:
    """The cache folder, made if need be and opened, if it is ours alone; else None, and one line says why."""
    folder = cache_dir()
    with suppress(OSError):
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    dfd = open_private_folder(folder)
    if dfd is None:
        with suppress(OSError):
            if not ours(folder.lstat()) or folder.is_symlink():
                say(f"the cache folder {folder} is not ours alone (a link, or others can write to it): not used")
    return dfd


def _build_and_open(G: nx.DiGraph, key: str) -> Index:
    final = index_path(key)
    dfd = _cache_folder()
    if dfd is None:
        return _in_memory(G, key)
    try:
        temp = f".{final.name}.{secrets.token_hex(4)}"
        try:
            os.close(
                os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600, dir_fd=dfd)
            )
        except OSError:
            return _in_memory(G, key)
        temp_path = final.parent / temp
        try:
            with closing(sqlite3.connect(temp_path)) as db:
                build_index(db, G, key)
            fd = os.open(temp, os.O_RDONLY | os.O_CLOEXEC, dir_fd=dfd)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
            os.replace(temp, final.name, src_dir_fd=dfd, dst_dir_fd=dfd)
        except (sqlite3.DatabaseError, OSError) as exc:  # a full disk, most often: the answer comes from memory
            with suppress(OSError):
                os.unlink(temp, dir_fd=dfd)
            say(f"the graph's index could not be written to the cache folder ({exc}): answering from memory")
            return _in_memory(G, key)
        except BaseException:
            with suppress(OSError):
                os.unlink(temp, dir_fd=dfd)
            raise
        _tidy(dfd)
    finally:
        os.close(dfd)
    found = _open_trusted(final, key)
    return _in_memory(G, key) if found is None else found  # None: replaced or damaged under us


def say(text: str) -> None:
    """One line on stderr about the cache: it is only ever a speed-up, so its troubles never stop an answer."""
    sys.stderr.write(f"paperhop: {text}\n")


# What a damaged index raises as it is read: SQLite's own errors, or a record or array that no longer parses.
DAMAGE = (sqlite3.DatabaseError, ValueError, LookupError, TypeError)


def forget(ix: Index) -> None:
    """Remove *ix*'s file from the cache (it answered with a damaged page): the next command builds it again."""
    if ix.path is not None:
        with suppress(OSError):
            ix.path.unlink()


def _in_memory(G: nx.DiGraph, key: str) -> Index:
    db = sqlite3.connect(":memory:")
    build_index(db, G, key)
    return Index(db, key=key, graph=G.graph["name"], path=None, fields=_fields(db))


def _tidy(dfd: int) -> None:
    """Remove the oldest index files beyond KEEP and the temporary files of builds killed long ago."""
    now = time.time()
    with os.scandir(dfd) as found:
        entries = [(e.stat(follow_symlinks=False).st_mtime, e.name) for e in found if e.is_file(follow_symlinks=False)]
    indexes = sorted((m, n) for m, n in entries if n.startswith("index-") and n.endswith(".sqlite"))
    stale = [n for m, n in entries if n.startswith(".index-") and now - m > STALE]
    for name in [n for _, n in indexes[:-KEEP]] + stale:
        with suppress(OSError):
            os.unlink(name, dir_fd=dfd)


def _open_trusted(path: Path, key: str) -> Index | None:
    """The index at *path* if it is ours, whole, of this version and for *key*; else None."""
    fd = open_private(path)
    if fd is None:
        return None
    db = None
    try:
        info = os.fstat(fd)
        if not (stat.S_ISREG(info.st_mode) and ours(info) and _whole(fd, info.st_size)):
            raise ValueError("not a trusted index")
        # The descriptor's file, whatever its name now names; immutable: it is replaced, never changed.
        db = sqlite3.connect(f"file:/dev/fd/{fd}?mode=ro&immutable=1", uri=True)
        meta = dict(db.execute("SELECT name, value FROM meta"))
        if meta.get("version") != VERSION or meta.get("key") != key:
            raise ValueError("another version or key")
        return Index(db, key=key, graph=meta["graph"], path=path, fd=fd, fields=orjson.loads(meta["fields"]))
    except (sqlite3.Error, ValueError, KeyError, OSError):
        if db is not None:
            db.close()
        os.close(fd)
        return None


def _whole(fd: int, size: int) -> bool:
    """Whether the file is a SQLite database exactly as long as its header says (not truncated)."""
    header = os.pread(fd, 100, 0)
    if len(header) < 100 or header[:16] != b"SQLite format 3\x00":
        return False
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    counter_ok = header[24:28] == header[92:96]  # else the page count in the header is not to be relied on
    return counter_ok and pages > 0 and pages * page_size == size


# -- building ------------------------------------------------------------------------


def build_index(db: sqlite3.Connection, G: nx.DiGraph, key: str) -> None:
    """Fill the empty database *db* from the graph *G*, as ``load`` gives it (every rule checked), of the
    files whose content *key* names. The files are not read again: the graph holds every record and link."""
    from .graph import CITED, linked_edges, lookups
    from .models import Concept, Paper, field_defaults

    db.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -262144;")
    db.executescript(SCHEMA)
    fields = {"paper": field_defaults(Paper), "concept": field_defaults(Concept)}
    folded: dict[str, str] = {}
    names: list[tuple[str, str]] = []
    ids: list[tuple[str, str, str]] = []
    for node, its_names, title, its_ids in lookups(G):
        folded[node] = title
        names += ((name, node) for name in its_names)
        ids += (("id", id_.casefold(), node) for id_ in its_ids)
    db.executemany("INSERT INTO nodes VALUES (?, ?, ?, ?, ?, ?, ?)", _node_rows(G, fields, folded))
    db.executemany("INSERT OR IGNORE INTO names VALUES (?, ?)", names)  # the first node of a name keeps it
    db.executemany("INSERT OR REPLACE INTO ids VALUES (?, ?, ?)", ids)  # the last node of an id keeps it
    del folded, names, ids
    # The reading arrays number nodes by rank: (year, key), concepts (no year) first.
    types = G.nodes.data("type")
    ranked_keys = [k for k in G if types[k] != "paper"]  # by key, as G holds them
    year = G.nodes.data("year")
    ranked_keys += sorted((k for k in G if types[k] == "paper"), key=year.__getitem__)  # stable: then key
    rank = {k: r for r, k in enumerate(ranked_keys)}
    n = len(ranked_keys)
    is_paper = bytes(types[k] == "paper" for k in ranked_keys)
    plain = f"{KIND_BITS['cites']:d}, {float(KIND_WEIGHT['cites'])!r}, NULL, NULL"
    insert_plain = f"INSERT INTO edges VALUES (?, ?, {plain})"
    codes: list[int] = []  # each plain citation as target * n + source, in ranks
    merged: dict[int, int] = {}  # every other edge: code -> its kinds
    links, evidence = linked_edges(G)
    merged_pairs = links.keys() | evidence.keys()
    rows = []
    for u, v in sorted(merged_pairs):
        kinds = links.get((u, v), CITED)
        mask = sum(KIND_BITS[k] for k in kinds)
        cites = evidence.get((u, v))
        said = orjson.dumps(evidence_json(cites)).decode() if cites is not None else None
        text = None if kinds == CITED else orjson.dumps(dict(kinds)).decode()
        rows.append((u, v, mask, KIND_WEIGHT[next(iter(kinds))], text, said))  # the first kind is the best
        merged[rank[v] * n + rank[u]] = mask
    db.executemany("INSERT INTO edges VALUES (?, ?, ?, ?, ?, ?)", rows)
    batch: list[tuple[str, str]] = []
    for u, after in G.adjacency():
        ru = rank[u]
        for v in after:
            if (u, v) in merged_pairs:
                continue
            batch.append((u, v))
            codes.append(rank[v] * n + ru)
        if len(batch) >= 100_000:
            db.executemany(insert_plain, batch)
            batch = []
    db.executemany(insert_plain, batch)
    with ThreadPoolExecutor(1) as worker:  # SQLite indexes the edges by target with the GIL released, meanwhile
        arrays = worker.submit(reading_arrays, ranked_keys, is_paper, codes, merged, KIND_BITS["cites"])
        db.execute(AFTER)
        db.executemany("INSERT INTO arrays VALUES (?, ?)", arrays.result().items())
    meta = {"version": VERSION, "key": key, "graph": G.graph["name"], "fields": orjson.dumps(fields).decode()}
    db.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
    db.commit()


def _fields(db: sqlite3.Connection) -> dict[str, dict[str, Any]]:
    return orjson.loads(db.execute("SELECT value FROM meta WHERE name = 'fields'").fetchone()[0])


def _node_rows(
    G: nx.DiGraph, fields: dict[str, dict[str, Any]], folded: dict[str, str]
) -> Iterator[tuple[object, ...]]:
    """Each node's row, in G's order, with its title (a concept's label) *folded* as ``graph.lookups`` gives it."""
    from .graph import record_fields

    nodes = G.nodes
    for key, (kind, held) in zip(G, record_fields(G, G), strict=True):
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
    """The arrays ``_Arrays`` reads, as the index stores them (name -> bytes).

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
