"""A SQLite index of a graph folder: queries read the rows they visit, not the whole graph.

The package: this module finds, trusts, grows and keeps the index files in the cache folder; ``build`` holds
the format (schema, version) and makes the rows from the checked graph; ``source`` answers the reader's questions
from an open index (``reader.Reader``, the same answers as from the graph in memory).

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

When the files only gained lines since the folder's last index was built (a
``git pull`` of a growing graph: each file starts with the bytes that index was
built from, by their hash, kept in its ``meta``; ``last-<digest>.key`` names it),
the first command copies that index and adds the rows of the new lines, checked
by ``graph.assemble`` with the old nodes they name, instead of reading the whole
graph: see ``_grow`` for what it leaves to a whole build. The reading arrays are
then made again from the rows (``_arrays_from_rows``); for a large graph, by a
detached process after the command (until then, a whole reading list walks the
edges).

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
  (little-endian; ``build.reading_arrays`` makes them, ``index.source.Arrays``
  reads them): the nodes numbered by rank (year, key), each one's predecessors
  and the kinds of those edges, and each one's place in the whole graph's reading
  order (computed once here, so that a whole list is only a walk and a sort);
- ``meta(name, value)``: ``version``, ``key``, ``graph`` (its name), ``fields`` (every field of a
  paper and of a concept, in order, with its default: with ``record``, a query gives the whole
  record as a ``records`` view, and never needs pydantic), ``files`` (each file's size and hash).
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import os
import re
import secrets
import sqlite3
import sys
import time
from collections.abc import Callable, Iterable
from contextlib import closing, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import orjson

from ..errors import GraphDataError, Problem, WriteError
from ..store.cache import (
    CODE,
    MIN_BYTES,
    Hashed,
    cache_dir,
    code_digest,
    hashed,
    identity,
    in_background,
    open_private_folder,
    open_trusted,
    ours,
)
from ..store.files import write_bytes_at
from ..store.folder import FILES, committed_files, default_graph_path
from .build import INSERT_PLAIN, VERSION, arrays_from_rows, build_index, insert_nodes, linked_rows, stored_fields

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["VERSION", "Index", "build_index", "index_or_graph", "index_path", "open_index"]

KEEP = 4  # index files kept; the oldest go first
STALE = 3600  # seconds after which a temporary file is a killed build's
ATTEMPTS = 3  # builds tried while the graph keeps changing
KEEP_POINTERS = 16  # stat-*.key records kept
RACY_NS = 2_000_000_000  # files changed less than this before hashing get no stat record (FAT: 2 s resolution)
KEY = re.compile(r"[0-9a-f]{40}")


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
    from ..load import load  # load imports the whole graph machinery: only a build needs it

    for _ in range(ATTEMPTS):
        with committed_files(folder) as files:
            seen = identity(files)
            code = _code()
            if not in_memory:
                pointed = _pointed(_pointer(folder, seen, code))
                found = None if pointed is None else _open_trusted(index_path(pointed), pointed)
                if found is not None:
                    return found
            hashed_at = time.time_ns()
            base = None if in_memory else _last_index(folder, code)
            content = hashed(files, base.sizes() if base is not None else None)
            grown = None if base is None else _grown_lines(files, seen, base, content)
        key, large = content.key, sum(ident[2] for ident in seen.values()) >= MIN_BYTES
        try:
            found = None if in_memory else _open_trusted(index_path(key), key)
            if found is None and base is not None and grown is not None:
                # A large graph's reading arrays take seconds: a detached process adds them, for the commands after.
                later = background and large
                found = _grow(base, key, content.files, grown, folder, arrays=not later)
                if found is not None and later and not _later(key, functools.partial(_complete, key)):
                    _complete(key)
        finally:
            if base is not None:
                base.ix.close()
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
            and large
            and _later(key, functools.partial(_build_and_point, G, key, content.files, folder, seen, code, hashed_at))
        ):
            return G
        found = _in_memory(G, key) if in_memory else _build_and_open(G, key, content.files)
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


def _last(folder: Path, code: str) -> Path:
    """Where the key of the last index built or opened for *folder*, by paperhop's code *code*, is kept."""
    digest = hashlib.blake2b(digest_size=20)
    digest.update(orjson.dumps([code, str(folder.resolve())]))
    return cache_dir() / f"last-{digest.hexdigest()}.key"


def _pointed(path: Path) -> str | None:
    """The content key a record at *path* (``_pointer``, ``_last``) holds, if a trusted record is there."""
    opened = open_trusted(path)
    if opened is None:
        return None
    fd = opened[0]
    try:
        text = os.read(fd, 64).decode("ascii", "replace")
    except OSError:
        return None
    finally:
        os.close(fd)
    return text if KEY.fullmatch(text) else None


def _point(folder: Path, seen: dict[str, tuple[int, ...]], code: str, key: str, hashed_at: int) -> None:
    """Record that files of stat identity *seen* hashed to *key*, unless one was changed too recently to tell;
    and that *key* is *folder*'s last index (``_last_index``).

    A file changed again within its timestamps' resolution of the hashing, to
    the same size, would keep its identity with another content (git's "racily
    clean" files): so files modified less than RACY_NS before they were hashed
    get no record, and are hashed each time until they are older. The last
    index needs no such care: what it was built from is checked by hashing.
    """
    records = [_last(folder, code)]
    if all(ident[3] <= hashed_at - RACY_NS for ident in seen.values()):
        records.append(_pointer(folder, seen, code))
    dfd = open_private_folder(records[0].parent)
    if dfd is None:
        return
    try:
        for path in records:
            write_bytes_at(dfd, path, key.encode("ascii"), mode=0o600)
        with os.scandir(dfd) as found:
            old = sorted(
                (e.stat(follow_symlinks=False).st_mtime, e.name)
                for e in found
                if e.name.startswith(("stat-", "last-"))
                and e.name.endswith(".key")
                and e.is_file(follow_symlinks=False)
            )
        for prefix in ("stat-", "last-"):
            for name in [name for _, name in old if name.startswith(prefix)][:-KEEP_POINTERS]:
                os.unlink(name, dir_fd=dfd)
    except (OSError, WriteError):  # a record that cannot be written only costs the next query a hash
        pass
    finally:
        os.close(dfd)


def _later(key: str, job: Callable[[], object]) -> bool:
    """Run *job*, which writes the index *key*, in a detached process, unless one is at it already: True if the
    caller should answer without it (also where the cache folder can keep no index: one built in memory would
    only cost time); False if no process can be started: then the caller does it.

    The process at it holds flock(2) on a marker file, as a graph's writer holds its folder (``store.folder``):
    the kernel lets go of it when the process ends, however it ends, so a builder killed half-way holds up no
    other."""
    import fcntl

    dfd = _cache_folder()
    if dfd is None:
        return True
    busy = f".{index_path(key).name}.building"
    try:
        marker = os.open(busy, os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600, dir_fd=dfd)
        try:
            fcntl.flock(marker, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(marker)
            return True

        def run() -> None:
            try:
                job()
            finally:
                os.unlink(busy, dir_fd=dfd)

        started = in_background(run)  # then the detached process holds the lock, on its copy of the descriptor
        if not started:
            os.unlink(busy, dir_fd=dfd)
        os.close(marker)
        return started
    finally:
        os.close(dfd)


def _build_and_point(
    G: nx.DiGraph,
    key: str,
    files: dict[str, tuple[int, str]],
    folder: Path,
    seen: dict[str, tuple[int, ...]],
    code: str,
    hashed_at: int,
) -> None:
    """Build the index *key* of *G*, and record it (``_point``)."""
    with _build_and_open(G, key, files) as found:
        if found.path is not None:
            _point(folder, seen, code, key, hashed_at)


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


def _build_and_open(G: nx.DiGraph, key: str, files: dict[str, tuple[int, str]] | None = None) -> Index:
    found = _write_index(key, lambda db: build_index(db, G, key, files=files))
    return _in_memory(G, key) if found is None else found


def _write_index(key: str, fill: Callable[[sqlite3.Connection], None], start: int | None = None) -> Index | None:
    """The index *key*, written by *fill* into a private temporary file (a copy of the database open at the
    descriptor *start*, else an empty one) renamed into place when whole, and opened; None where the cache folder
    cannot hold it (one line says why where it is full)."""
    final = index_path(key)
    dfd = _cache_folder()
    if dfd is None:
        return None
    try:
        temp = f".{final.name}.{secrets.token_hex(4)}"
        try:
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600, dir_fd=dfd)
        except OSError:
            return None
        temp_path = final.parent / temp
        try:
            try:
                if start is not None:
                    _copy(start, fd)
            finally:
                os.close(fd)
            with closing(sqlite3.connect(temp_path)) as db:
                fill(db)
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
            return None
        except BaseException:
            with suppress(OSError):
                os.unlink(temp, dir_fd=dfd)
            raise
        _tidy(dfd)
    finally:
        os.close(dfd)
    return _open_trusted(final, key)  # None: replaced or damaged under us


def _copy(source: int, target: int) -> None:
    """The whole file at descriptor *source* into the one at *target*, in the kernel where it can."""
    size, done = os.fstat(source).st_size, 0
    while done < size:
        try:
            sent = os.copy_file_range(source, target, size - done, done, done)
        except OSError:  # another file system, or no such call: through our memory
            sent = os.pwrite(target, os.pread(source, min(size - done, 1 << 24), done), done)
        if sent == 0:
            raise OSError(f"the index being grown ended early, at byte {done}")
        done += sent


# -- growing an index in place ------------------------------------------------------


EMPTY = hashlib.blake2b(b"").hexdigest()


@dataclass
class _Base:
    """The last index of a folder, and the size and hash of each file it was built from."""

    ix: Index
    files: dict[str, tuple[int, str]]

    def sizes(self) -> dict[str, int]:
        """Each graph file's size then (0 for a file there was not), for ``hashed``: the first bytes it hashes."""
        return {name: self.files.get(name, (0, EMPTY))[0] for name in FILES.values()}


def _last_index(folder: Path, code: str) -> _Base | None:
    """*folder*'s last index (``_point`` records it) if it is still there, trusted, and says what it was built
    from."""
    key = _pointed(_last(folder, code))
    ix = None if key is None else _open_trusted(index_path(key), key)
    if ix is None:
        return None
    row = ix.db.execute("SELECT value FROM meta WHERE name = 'files'").fetchone()
    if row is None:
        ix.close()
        return None
    return _Base(ix, {name: (size, digest) for name, (size, digest) in orjson.loads(row[0]).items()})


def _grown_lines(
    files: dict[str, BinaryIO], seen: dict[str, tuple[int, ...]], base: _Base, content: Hashed
) -> dict[str, bytes] | None:
    """The lines each file gained since *base* was built (by name), if every file only gained whole lines: its
    first bytes are, by their hash, the file *base* was built from, which ended a line; and the files are still
    those of stat identity *seen* once read (else the lines read may not be what *content* hashed). Else None."""
    if any(name not in files and size for name, (size, _) in base.files.items()):
        return None  # a file that had lines is gone
    grown = {}
    for name, handle in files.items():
        size, digest = base.files.get(name, (0, EMPTY))
        if content.prefixes.get(name) != digest:
            return None
        fd = handle.fileno()
        if size and os.pread(fd, 1, size - 1) != b"\n":
            return None
        grown[name] = os.pread(fd, content.files[name][0] - size, size)
    return grown if any(grown.values()) and identity(files) == seen else None


def _grow(
    base: _Base, key: str, files: dict[str, tuple[int, str]], grown: dict[str, bytes], folder: Path, *, arrays: bool
) -> Index | None:
    """The index *key*: *base*'s with the records and edges of the lines *grown* added, if they break no rule
    (as ``graph.assemble`` checks them, with the nodes of *base* that they name) and take nothing from *base*:
    no node, name or id it has, no link between two nodes it already links, and no ``builds_on`` link (whose
    cycles would need the whole graph). Else None: the caller builds the index from the whole graph, which says
    what is wrong. With *arrays*, the grown index has its reading arrays, made from its rows; else it has none
    (until ``_complete`` adds them: a whole reading list walks the edges meanwhile)."""
    import io

    from ..graph import KeptRecord, assemble, kept_record, lookups
    from ..store.folder import parse_graph_files

    db = base.ix.db
    read = parse_graph_files(folder, {name: io.BytesIO(lines) for name, lines in grown.items()}, keep=kept_record)
    edges = list(read.edges)
    if read.problems or any(not isinstance(item, list) and item.kind == "builds_on" for item in edges):
        return None
    plain = [pair for item in edges if isinstance(item, list) for pair in item]
    pairs = {*plain, *((item.source, item.target) for item in edges if not isinstance(item, list))}
    new = {**read.papers, **read.concepts}
    named = {end for pair in pairs for end in pair} - new.keys()
    papers, concepts = dict(read.papers), dict(read.concepts)
    for node, kind, label, title in db.execute(
        "SELECT key, type, label, title FROM nodes WHERE key IN (SELECT value FROM json_each(?))",
        (orjson.dumps(sorted(named)).decode(),),
    ):
        stub = {"type": kind, "label": label, **({"title": title} if kind == "paper" else {})}
        (papers if kind == "paper" else concepts)[node] = KeptRecord(stub)  # the base's, as rules need it
    H, problems = assemble(read.name, papers, concepts, edges, warnings=False, citations=lambda: plain)
    if any(p.severity == "error" for p in problems):
        return None
    names: list[str] = []
    ids: list[str] = []
    for node, its_names, _, its_ids in lookups(H):
        if node in new:
            names += its_names
            ids += (id_.casefold() for id_ in its_ids)

    def any_of(query: str, values: Iterable[object]) -> bool:
        found = db.execute(
            f"SELECT EXISTS ({query} IN (SELECT value FROM json_each(?)))", (orjson.dumps(list(values)).decode(),)
        )
        return bool(found.fetchone()[0])

    if (
        any_of("SELECT 1 FROM nodes WHERE key", new)
        or any_of("SELECT 1 FROM names WHERE name", names)
        or any_of("SELECT 1 FROM ids WHERE field = 'id' AND value", ids)
        or any(db.execute("SELECT 1 FROM edges WHERE source = ? AND target = ?", pair).fetchone() for pair in pairs)
    ):
        return None

    def fill(grown_db: sqlite3.Connection) -> None:
        grown_db.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;")
        insert_nodes(grown_db, H, new, base.ix.fields)  # not the base's nodes that the new edges name
        rows = linked_rows(H)
        grown_db.executemany("INSERT INTO edges VALUES (?, ?, ?, ?, ?, ?)", rows)
        linked = {(u, v) for u, v, *_ in rows}
        grown_db.executemany(INSERT_PLAIN, sorted(pairs - linked))
        grown_db.execute("DELETE FROM arrays")
        if arrays:
            grown_db.executemany("INSERT INTO arrays VALUES (?, ?)", arrays_from_rows(grown_db).items())
        meta = {"key": key, "files": orjson.dumps(files).decode()}
        grown_db.executemany("UPDATE meta SET value = ? WHERE name = ?", [(v, k) for k, v in meta.items()])
        grown_db.commit()

    return _write_index(key, fill, start=base.ix._fd)


def _complete(key: str) -> None:
    """Give the grown index *key* its reading arrays, made from its rows: a copy of it, with them, replaces it."""
    found = _open_trusted(index_path(key), key)
    if found is None:
        return
    with found:
        if found.db.execute("SELECT count(*) FROM arrays").fetchone()[0]:
            return

        def fill(db: sqlite3.Connection) -> None:
            db.executemany("INSERT INTO arrays VALUES (?, ?)", arrays_from_rows(db).items())
            db.commit()

        done = _write_index(key, fill, start=found._fd)
        if done is not None:
            done.close()


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
    return Index(db, key=key, graph=G.graph["name"], path=None, fields=stored_fields(db))


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
    opened = open_trusted(path)
    if opened is None:
        return None
    fd, info = opened
    db = None
    try:
        if not _whole(fd, info.st_size):
            raise ValueError("not a whole index")
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
