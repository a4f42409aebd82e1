"""A cache of built graphs: a second command on an unchanged graph skips the parsing.

The key is a hash of the graph files' content and of paperhop's own code (every
``.py`` file of the package) and versions, so any change to either makes a new
entry. Entries live in the user's cache folder (``PAPERHOP_CACHE_DIR``, else
``$XDG_CACHE_HOME/paperhop``, else ``~/.cache/paperhop``), made private to the
user. Graphs under ``MIN_BYTES`` are not cached (they load faster than a
pickle). ``PAPERHOP_NO_CACHE=1`` turns the cache off.

Entries are pickles, and a pickle can run code, so an entry is loaded only if
the file actually opened (its descriptor, not its path, which another user
could swap after a check) is a regular file that we own and that nobody else
can write, in a folder, opened without following a link, that is equally ours.
Whoever could still plant an entry can already run code as us. A format that
cannot run code was measured and does not serve: for 100,000 papers and a
million edges, pickle loads in 1.6 s; JSON rebuilt into validated records takes
6.3 s, most of the 8.8 s that parsing the graph files takes.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import stat
import sys
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from .files import write_bytes_at
from .folder import committed_files

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["MIN_BYTES", "cache_dir", "cached_graph", "in_background"]

MIN_BYTES = 1 << 20
KEEP = 4  # entries kept; the oldest go first
# The package, whose every .py file is in the key: found from this module's own dotted name, so that
# moving this module (or any other) within the package can never leave code out of the key.
CODE = Path(__file__).resolve().parents[__name__.count(".") - 1]


def cache_dir() -> Path:
    if os.environ.get("PAPERHOP_CACHE_DIR"):
        return Path(os.environ["PAPERHOP_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "paperhop"


def cached_graph(folder: Path, build: Callable[[], nx.DiGraph]) -> nx.DiGraph:
    """The graph of *folder*: from the cache if an entry for this exact content exists, else built and stored.

    The entry is stored only if the graph files are still the ones hashed once
    the graph is built, so that an entry always holds the content of its key.
    """
    if os.environ.get("PAPERHOP_NO_CACHE") == "1":
        with _no_gc():
            return build()
    with committed_files(folder) as files:
        if sum(os.fstat(f.fileno()).st_size for f in files.values()) < MIN_BYTES:
            return build()
        key, seen = content_key(files), identity(files)
    entry = cache_dir() / f"{key}.pickle"
    graph = _load(entry)
    if graph is not None:
        return graph
    with _no_gc():
        graph = build()
    with committed_files(folder) as files:
        unchanged = identity(files) == seen
    if unchanged:
        _store_in_background(entry, graph)
    return graph


def content_key(files: dict[str, BinaryIO]) -> str:
    """A hash of the content of *files* (each read to its end) and of paperhop's code and versions."""
    return hashed(files).key


@dataclass
class Hashed:
    """What ``hashed`` read: the content key, and each file's size and hash (``files``); and the hash of each
    file's first bytes, as many as ``hashed`` was asked for (``prefixes``: what an index is updated from when the
    files only grew, ``index``)."""

    key: str
    files: dict[str, tuple[int, str]]
    prefixes: dict[str, str]


def hashed(files: dict[str, BinaryIO], prefixes: Mapping[str, int] | None = None) -> Hashed:
    """*files* hashed in one pass: the content key; each file's size and hash; and, for each file named in
    *prefixes*, the hash of its first that many bytes (none if the file is shorter)."""
    from importlib.metadata import PackageNotFoundError, version  # only large graphs need it: not at start-up

    digest = hashlib.blake2b(digest_size=20)
    for package in ("networkx", "pydantic", "paperhop"):
        try:
            digest.update(f"{package} {version(package)}\0".encode())
        except PackageNotFoundError:  # run from a source tree: the code's own hash below still counts
            digest.update(f"{package} ?\0".encode())
    digest.update(sys.version.encode())
    digest.update(code_digest(CODE))
    found = Hashed("", {}, {})
    for name in sorted(files):
        digest.update(name.encode() + b"\0")
        content, size = hashlib.blake2b(), 0
        boundary = (prefixes or {}).get(name)
        while chunk := files[name].read(1 << 20):
            if boundary is not None and size <= boundary <= size + len(chunk):
                content.update(chunk[: boundary - size])
                found.prefixes[name] = content.hexdigest()
                chunk, size = chunk[boundary - size :], boundary
            content.update(chunk)
            size += len(chunk)
        if boundary == size == 0:
            found.prefixes[name] = content.hexdigest()
        digest.update(content.digest())
        found.files[name] = (size, content.hexdigest())
    found.key = digest.hexdigest()
    return found


def code_digest(package: Path) -> bytes:
    """A hash of every .py file under *package*, in order of their paths: any change to the code changes it."""
    digest = hashlib.blake2b(digest_size=20)
    for path in sorted(package.rglob("*.py"), key=lambda p: p.relative_to(package).as_posix()):
        source = path.read_bytes()
        digest.update(f"{path.relative_to(package).as_posix()}\0{len(source)}\0".encode())
        digest.update(source)
    return digest.digest()


def identity(files: dict[str, BinaryIO]) -> dict[str, tuple[int, ...]]:
    """What says a file is as it was: with its ctime, which any write moves on and its owner cannot set back (an
    owner can rewrite a file in place to the same size and put its mtime back)."""

    def of(handle: BinaryIO) -> tuple[int, ...]:
        info = os.fstat(handle.fileno())
        return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)

    return {name: of(handle) for name, handle in files.items()}


def ours(info: os.stat_result) -> bool:
    """Owned by us and writable by nobody else."""
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def open_private_folder(folder: Path) -> int | None:
    """The cache folder, opened without following a link at its end, if it is ours alone; else None."""
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError:
        return None
    if ours(os.fstat(fd)):
        return fd
    os.close(fd)
    return None


def open_private(path: Path) -> int | None:
    """A descriptor of the file at *path*, opened read-only without following a link or blocking, if its folder is
    a private one of ours; else None. What the file is must still be checked on the descriptor."""
    folder = open_private_folder(path.parent)
    if folder is None:
        return None
    try:
        return os.open(path.name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, dir_fd=folder)
    except OSError:
        return None
    finally:
        os.close(folder)


def open_trusted(path: Path, *, refuse: bool = False) -> tuple[int, os.stat_result] | None:
    """A descriptor of the file at *path* and its stat, if it is a regular file of ours in a private folder of ours
    (``open_private``): the checks every file the cache folder holds passes before it is read, whoever reads it
    (the pickle cache, the index and its records, Semantic Scholar's answers). Else None; with *refuse*,
    ValueError if there is a file but not one to trust."""
    fd = open_private(path)
    if fd is None:
        return None
    info = os.fstat(fd)
    if stat.S_ISREG(info.st_mode) and ours(info):
        return fd, info
    os.close(fd)
    if refuse:
        raise ValueError(f"{path.name} is not a regular file of ours")
    return None


def _load(entry: Path) -> nx.DiGraph | None:
    """The graph pickled in *entry*, if the file opened is trusted (see the module's doc); else None."""
    import networkx as nx

    opened = open_trusted(entry)
    if opened is None:
        return None
    with os.fdopen(opened[0], "rb") as handle:
        try:
            with _no_gc():
                graph = pickle.load(handle)
        except Exception:  # a damaged or outdated entry is rebuilt, never fatal
            return None
    return graph if isinstance(graph, nx.DiGraph) else None


def _store_in_background(entry: Path, graph: nx.DiGraph) -> None:
    """Write the entry from a detached process, so the command that built the graph
    does not wait for (or hold the memory of) pickling it; else here and now."""
    if not in_background(lambda: _store(entry, graph)):
        _store(entry, graph)


def in_background(work: Callable[[], object]) -> bool:
    """Run *work* in a detached process, which the command does not wait for; False (and nothing run) where a
    process cannot safely fork (no fork, or threads running)."""
    if not hasattr(os, "fork") or threading.active_count() > 1:
        return False
    child = os.fork()
    if child:
        os.waitpid(child, 0)  # the child only forks the worker and exits: no zombie is left
        return True
    try:
        if os.fork() == 0:
            os.setsid()  # its own session: a Ctrl-C meant for the command does not kill it half-way
            null = os.open(os.devnull, os.O_RDWR)
            for stream in (0, 1, 2):  # nothing of it shows after the command has answered
                os.dup2(null, stream)
            with suppress(BaseException):
                work()
    finally:
        os._exit(0)


def _store(entry: Path, graph: nx.DiGraph) -> None:
    """Write the entry, private to us, and drop the oldest beyond KEEP.

    A cache that cannot be written only costs time: failures pass silently."""
    with suppress(OSError):
        entry.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(entry.parent, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
        try:
            if not ours(os.fstat(fd)):  # a folder others may write to is not changed: it is not used
                return
            write_bytes_at(fd, entry, pickle.dumps(graph, protocol=pickle.HIGHEST_PROTOCOL), mode=0o600)
            with os.scandir(fd) as found:
                old = [(e.stat(follow_symlinks=False).st_mtime, e.name) for e in found if e.name.endswith(".pickle")]
            for _, name in sorted(old)[:-KEEP]:
                os.unlink(name, dir_fd=fd)
        finally:
            os.close(fd)


@contextmanager
def _no_gc() -> Iterator[None]:
    """Bulk loading makes millions of objects that live on; collecting during it only costs time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
