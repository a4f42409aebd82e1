"""A cache of built graphs: a second command on an unchanged graph skips the parsing.

The key is a hash of the graph files' content and of paperhop's own code and
versions, so any change to either makes a new entry. Entries live in the
user's cache folder (``PAPERHOP_CACHE_DIR``, else ``$XDG_CACHE_HOME/paperhop``,
else ``~/.cache/paperhop``), made private to the user; an entry that anyone
else owns or could write is never loaded, since a pickle can run code.
Graphs under ``MIN_BYTES`` are not cached (they load faster than a pickle).
``PAPERHOP_NO_CACHE=1`` turns the cache off.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import stat
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import networkx as nx

from .store import FILES, write_bytes_atomic

__all__ = ["MIN_BYTES", "cache_dir", "cached_graph"]

MIN_BYTES = 1 << 20
KEEP = 4  # entries kept; the oldest go first


def cache_dir() -> Path:
    if os.environ.get("PAPERHOP_CACHE_DIR"):
        return Path(os.environ["PAPERHOP_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "paperhop"


def cached_graph(folder: Path, build: Callable[[], nx.DiGraph]) -> nx.DiGraph:
    """The graph of *folder*: from the cache if an entry for this exact content exists, else built and stored."""
    files = [folder / name for name in FILES.values() if (folder / name).exists()]
    if os.environ.get("PAPERHOP_NO_CACHE") == "1" or sum(f.stat().st_size for f in files) < MIN_BYTES:
        return build()
    entry = cache_dir() / f"{_key(files)}.pickle"
    if _trusted(entry):
        try:
            with entry.open("rb") as handle, _no_gc():
                graph = pickle.load(handle)
            if isinstance(graph, nx.DiGraph):
                return graph
        except Exception:  # a damaged or outdated entry is rebuilt, never fatal
            pass
    with _no_gc():
        graph = build()
    _store_in_background(entry, graph)
    return graph


def _key(files: list[Path]) -> str:
    from importlib.metadata import PackageNotFoundError, version  # only large graphs need it: not at start-up

    digest = hashlib.blake2b(digest_size=20)
    code = Path(__file__).parent
    for package in ("networkx", "pydantic", "paperhop"):
        try:
            digest.update(f"{package} {version(package)}\0".encode())
        except PackageNotFoundError:  # run from a source tree: the code's own hash below still counts
            digest.update(f"{package} ?\0".encode())
    digest.update(sys.version.encode())
    for source in ("models.py", "graph.py", "store.py"):
        digest.update((code / source).read_bytes())
    for path in files:
        digest.update(path.name.encode() + b"\0")
        with path.open("rb") as handle:
            digest.update(hashlib.file_digest(handle, "blake2b").digest())
    return digest.hexdigest()


def _trusted(entry: Path) -> bool:
    """Only our own entry, in our own folder, that nobody else can write."""
    try:
        for path in (entry.parent, entry):
            info = path.lstat()
            if info.st_uid != os.getuid() or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
                return False
            if stat.S_ISLNK(info.st_mode):
                return False
    except OSError:
        return False
    return True


def _store_in_background(entry: Path, graph: nx.DiGraph) -> None:
    """Write the entry from a detached process, so the command that built the graph
    does not wait for (or hold the memory of) pickling it. Where a process cannot
    safely fork (no fork, or threads running), write it here and now."""
    if not hasattr(os, "fork") or threading.active_count() > 1:
        _store(entry, graph)
        return
    child = os.fork()
    if child:
        os.waitpid(child, 0)  # the child only forks the writer and exits: no zombie is left
        return
    try:
        if os.fork() == 0:
            _store(entry, graph)
    finally:
        os._exit(0)


def _store(entry: Path, graph: nx.DiGraph) -> None:
    try:
        entry.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        entry.parent.chmod(0o700)
        write_bytes_atomic(entry, pickle.dumps(graph, protocol=pickle.HIGHEST_PROTOCOL), mode=0o600)
        for old in sorted(entry.parent.glob("*.pickle"), key=lambda p: p.stat().st_mtime)[:-KEEP]:
            old.unlink(missing_ok=True)
    except OSError:
        pass  # a cache that cannot be written only costs time


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
