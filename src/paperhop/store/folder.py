"""Graph folders <-> records.

A graph is a folder of three JSON Lines files, one record per line, sorted by
key so that diffs stay small::

    papers.jsonl     one Paper per line
    concepts.jsonl   one Concept per line
    edges.jsonl      one Edge per line, in reading order (source before target)

Any file may be absent, but a folder with none of them is no graph folder
(``paperhop init`` writes all three, empty). Reading reports every problem with
its file, line, record and field, in words that say what to do; writing
replaces the whole graph atomically and is byte-identical for the same
records, whatever order they came in.

Graph folders are shared, so their content is untrusted. Reading one never
writes, never follows a name out of the folder on a commit marker's say-so,
never blocks on a FIFO or opens a device, and every file it cannot use is a
GraphDataError naming the file. Writes replace regular files only, and every
write that fails is a WriteError, leaving no temporary file behind.
"""

from __future__ import annotations

import errno
import json
import os
import re
import stat
import threading
import time
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import orjson

from ..errors import GraphDataError, PaperhopError, Problem, WriteError
from .files import check_replaceable, fsync, not_regular, open_regular, why_not_folder, write_bytes_at, write_temp
from .jsonl import dump_records, numbered_lines, plain_citation, read_edges, read_records

if TYPE_CHECKING:  # pydantic and the models are imported where records are read or written, not to open a folder
    from ..models import Concept, Edge, GraphData, Paper

__all__ = [
    "FILES",
    "GraphFiles",
    "committed_files",
    "default_graph_path",
    "graph_lock",
    "init_graph",
    "is_graph_folder",
    "load_graph",
    "parse_graph_files",
    "read_graph_files",
    "save_graph",
]

FILES = {"papers": "papers.jsonl", "concepts": "concepts.jsonl", "edges": "edges.jsonl"}
COMMIT = ".paperhop-commit"


# The temporary names our writer makes: ".papers.jsonl.1f0c9a2b" (8 hex digits).
TEMP = re.compile(r"\.(?P<name>papers\.jsonl|concepts\.jsonl|edges\.jsonl|\.paperhop-commit)\.[0-9a-f]{8}")
MARKER_MAX = 4096  # bytes; ours is under 200
DEFAULT_GRAPH = "road-to-sora"
NOT_OUR_MARKER = "not a commit marker paperhop wrote; nothing was changed (check the folder, then delete it)"
ATTEMPTS = 50  # reads of a folder that a writer is changing, before giving up
NOT_A_GRAPH = "not a graph folder (no papers.jsonl, concepts.jsonl or edges.jsonl)"


def default_graph_path() -> Path:
    """The shipped Road to Sora graph, in a checkout or in an installed wheel."""
    here = Path(__file__).resolve().parents[1]  # the package: src/paperhop, or site-packages/paperhop
    for root in (here / "graph_data", here.parents[1] / "graph_data"):
        if (root / DEFAULT_GRAPH).is_dir():
            return root / DEFAULT_GRAPH
    raise GraphDataError([Problem(str(here), "the shipped graph is missing from this install")])


@dataclass
class GraphFiles:
    """What a graph folder holds, read in one pass, before the graph rules are checked.

    Plain citations (``{"source", "target", "kind": "cites"}`` and nothing else,
    the bulk of a large graph) are kept as (source, target) pairs: a million
    Edge models would cost seconds and hundreds of megabytes.
    """

    name: str
    papers: dict[str, Paper] | dict[str, Any]  # Any: as read_graph_files' keep gives them
    concepts: dict[str, Concept] | dict[str, Any]
    edges: Iterator[Edge | list[tuple[str, str]]]  # a list is a batch of plain citations; iterate once
    problems: list[Problem]  # grows as edges are read
    path: Path
    edges_file: BinaryIO | None = field(default=None, repr=False)  # closed with this object
    rejected: set[str] = field(default_factory=set)  # keys of the papers and concepts refused for a fault

    def __post_init__(self) -> None:
        if self.edges_file is not None:
            weakref.finalize(self, self.edges_file.close)

    def citations(self) -> Iterator[tuple[str, str]]:
        """Every plain citation, read again from the same file (for reporting duplicates), once edges are read."""
        if self.edges_file is None:
            return
        self.edges_file.seek(0)
        for item in read_edges(self.path / FILES["edges"], self.edges_file, [], {}):
            if isinstance(item, list):
                yield from item

    def edge_lines(self) -> Iterator[tuple[int, str, str, str]]:
        """(line number, source, target, kind) of every valid edge, read again from the same file, once
        edges are read: to say on which line a graph rule was broken. Plain citations are read without
        their line numbers (keeping a million of them costs time and memory), so this second pass is
        only made when there is something to say."""
        from pydantic import ValidationError

        from ..models import Edge

        if self.edges_file is None:
            return
        self.edges_file.seek(0)
        for number, line in numbered_lines(self.path / FILES["edges"], self.edges_file, []):
            try:
                raw = orjson.loads(line)
                edge = plain_citation(raw) or Edge.model_validate(raw)
            except (orjson.JSONDecodeError, ValidationError):
                continue
            if isinstance(edge, Edge):
                yield number, edge.source, edge.target, edge.kind
            else:
                yield number, *edge, "cites"


def is_graph_folder(path: str | os.PathLike[str]) -> bool:
    """Whether the folder at *path* holds a graph file (of any kind: reading it says what is wrong), or a
    save that will bring them."""
    return any(os.path.lexists(os.path.join(path, name)) for name in (*FILES.values(), COMMIT))


def read_graph_files(
    path: str | os.PathLike[str], *, require_files: bool = False, keep: Callable[[Any], Any] | None = None
) -> GraphFiles:
    """Open the graph folder at *path*: its papers and concepts read, its edges to stream.

    A folder holding none of the graph files is an empty graph, what a writer starts from; with
    *require_files* it is a GraphDataError instead, for a reader that was named the wrong folder.
    With *keep*, each record is kept as ``keep(record)`` gives it, and the model is let go at once
    (a million models would hold a gigabyte).
    """
    folder = Path(path)
    with committed_files(folder) as files:
        if require_files and not files:
            raise GraphDataError([Problem(str(folder), NOT_A_GRAPH)])
        return parse_graph_files(folder, files, keep=keep)


def parse_graph_files(
    folder: Path, files: dict[str, BinaryIO], *, keep: Callable[[Any], Any] | None = None
) -> GraphFiles:
    """``read_graph_files`` of the open *files* (by name, read from where each stands): the papers and concepts
    read, the edges to stream. The edges' file is taken from *files*: the result keeps it open."""
    from ..models import Concept, Paper

    problems: list[Problem] = []
    rejected: set[str] = set()
    papers = read_records(folder / FILES["papers"], files.get(FILES["papers"]), Paper, problems, rejected, keep)
    concepts = read_records(folder / FILES["concepts"], files.get(FILES["concepts"]), Concept, problems, rejected, keep)
    edges_file = files.pop(FILES["edges"], None)
    keys = {key: key for key in (*papers, *concepts)}
    edges = read_edges(folder / FILES["edges"], edges_file, problems, keys)
    return GraphFiles(folder.resolve().name, papers, concepts, edges, problems, folder, edges_file, rejected)


def load_graph(path: str | os.PathLike[str], *, require_files: bool = False) -> GraphData:
    """Read every record of the graph folder at *path*; raise GraphDataError listing every problem.

    *require_files*: as for ``read_graph_files``.
    """
    from ..models import Edge, GraphData

    files = read_graph_files(path, require_files=require_files)
    edges: list[Edge] = []
    for item in files.edges:
        if isinstance(item, Edge):
            edges.append(item)
        else:
            edges.extend(Edge(source=u, target=v, kind="cites") for u, v in item)
    if files.problems:
        raise GraphDataError(files.problems)
    return GraphData(files.name, files.papers, files.concepts, edges)


@contextmanager
def committed_files(path: str | os.PathLike[str]) -> Iterator[dict[str, BinaryIO]]:
    """The graph files of the folder at *path* as last committed, open for reading; absent files left out.

    A save interrupted after its commit marker is complete in meaning, so a
    pending commit's temporary files are read in place of the names they will
    replace; only a writer, under the lock, renames them (see ``graph_lock``).
    A writer may be swapping files while we open them: the names are opened,
    then checked to still name what was opened (a swap only ever brings in a
    new file), and opened again if not. Every file opened is a regular file.
    """
    folder = Path(path)
    dfd = _open_folder(folder)
    try:
        for attempt in range(ATTEMPTS):
            marker = _read_marker(dfd, folder)
            opened: dict[str, tuple[str, BinaryIO] | None] = {}
            try:
                for name in FILES.values():
                    opened[name] = _open_member(dfd, folder, name, marker.get(name))
                if _read_marker(dfd, folder) == marker and all(
                    _still(dfd, name, item) for name, item in opened.items()
                ):
                    files = {name: item[1] for name, item in opened.items() if item is not None}
                    opened = {}
                    try:
                        yield files
                    finally:
                        for handle in files.values():
                            handle.close()
                    return
            finally:
                for item in opened.values():
                    if item is not None:
                        item[1].close()
            time.sleep(min(0.001 * attempt, 0.02))
        raise GraphDataError([Problem(str(folder), "the graph kept changing while it was read; try again")])
    finally:
        os.close(dfd)


def _open_folder(folder: Path) -> int:
    try:
        return os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except (FileNotFoundError, NotADirectoryError, ValueError):
        raise GraphDataError([Problem(str(folder), "no such graph folder")]) from None
    except OSError as exc:
        raise GraphDataError([Problem(str(folder), f"cannot read: {exc.strerror}")]) from None


def _open_member(dfd: int, folder: Path, name: str, temp: str | None) -> tuple[str, BinaryIO] | None:
    """(the name opened, the file) for graph file *name*: its pending *temp* if that is still there, else
    *name* itself (symbolic links followed: reading through them harms nobody); None if absent."""
    opening = name
    try:
        if temp is not None:
            opening = temp
            with suppress(FileNotFoundError):  # already renamed into place
                return temp, open_regular(temp, dfd, follow=False)
            opening = name
        try:
            return name, open_regular(name, dfd, follow=True)
        except FileNotFoundError:
            if _lexists(name, dfd):
                raise OSError(errno.ENOENT, "a symbolic link to nothing") from None
            return None
    except OSError as exc:
        raise GraphDataError([Problem(str(folder / opening), f"cannot read: {exc.strerror}")]) from None


def _still(dfd: int, name: str, item: tuple[str, BinaryIO] | None) -> bool:
    """Whether *name* (or the pending file opened for it) still is the file opened, or still absent."""
    try:
        now = os.stat(item[0] if item else name, dir_fd=dfd, follow_symlinks=bool(item and item[0] == name))
    except OSError:
        return item is None
    if item is None:
        return False
    then = os.fstat(item[1].fileno())
    return (now.st_dev, now.st_ino) == (then.st_dev, then.st_ino)


def _lexists(name: str, dfd: int) -> bool:
    try:
        os.stat(name, dir_fd=dfd, follow_symlinks=False)
    except OSError:
        return False
    return True


def _read_marker(dfd: int, folder: Path) -> dict[str, str]:
    """The commit a writer left pending, {file: its temporary file}, or {} if there is none.

    A marker may only map paperhop's own graph files to the temporary names its
    writer makes, all plain names in this folder; anything else (other names,
    paths, bad JSON, another shape) is corruption, reported before anything changes.
    """
    where = folder / COMMIT
    try:
        with open_regular(COMMIT, dfd, follow=False) as handle:
            raw = handle.read(MARKER_MAX + 1)
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise GraphDataError([Problem(str(where), f"cannot read: {exc.strerror}")]) from None
    try:
        marker = orjson.loads(raw) if len(raw) <= MARKER_MAX else None  # orjson: depth-limited, no RecursionError
    except orjson.JSONDecodeError:
        marker = None
    if (
        isinstance(marker, dict)
        and marker
        and all(
            name in FILES.values() and isinstance(temp, str) and (m := TEMP.fullmatch(temp)) and m["name"] == name
            for name, temp in marker.items()
        )
    ):
        return marker
    raise GraphDataError([Problem(str(where), NOT_OUR_MARKER)])


def save_graph(data: GraphData, path: str | os.PathLike[str]) -> None:
    """Write *data* to the folder at *path*, sorted; the whole graph at once or not at all.

    The files are written in full beside their targets, then a commit marker
    naming them is written, then they are swapped in and the marker removed.
    A run interrupted before the marker leaves the graph as it was; one
    interrupted after it is completed by the next writer. Takes the folder's
    lock, unless this thread holds it already (inside ``graph_lock``).
    """
    folder = Path(path)
    edges: list[Edge] = sorted(data.edges, key=_edge_order)
    contents = {
        FILES["papers"]: dump_records(data.papers[k] for k in sorted(data.papers)),
        FILES["concepts"]: dump_records(data.concepts[k] for k in sorted(data.concepts)),
        FILES["edges"]: dump_records(edges),
    }
    with _writing(folder, reenter=True) as dfd:
        staged: dict[str, str] = {}
        try:
            for name, text in contents.items():
                check_replaceable(dfd, folder / name)
                staged[name] = write_temp(dfd, folder / name, text.encode("utf-8"))
            write_bytes_at(dfd, folder / COMMIT, json.dumps(staged).encode())
            fsync(dfd)
        except BaseException:
            if not _lexists(COMMIT, dfd):
                for temp in staged.values():
                    with suppress(OSError):
                        os.unlink(temp, dir_fd=dfd)
            raise
        _finish_commit(dfd, folder)


def init_graph(path: str | os.PathLike[str], data: GraphData | None = None) -> None:
    """Make a graph in the folder at *path*, which must be new or empty (checked under the lock): *data*, or an
    empty one."""
    from ..models import GraphData

    folder = Path(path)
    with _writing(folder, reenter=False) as dfd:
        with os.scandir(dfd) as entries:
            if next(entries, None) is not None:
                raise PaperhopError(f"{folder} exists and is not empty")
        save_graph(data or GraphData(folder.resolve().name), folder)


@contextmanager
def graph_lock(folder: Path) -> Iterator[None]:
    """Hold the graph folder for writing; a second writer is refused at once, never interleaved.

    The lock is flock(2) on the folder itself, so no lock file shows up in the
    folder (or in ``git status``). Taking it completes a commit that an
    interrupted writer left pending, so what the holder then reads is what it
    will replace.
    """
    with _writing(folder, reenter=False):
        yield


_held = threading.local()  # .folders: (st_dev, st_ino) of the graph folders this thread holds


@contextmanager
def _writing(folder: Path, *, reenter: bool) -> Iterator[int]:
    """The folder (made if need be), open and locked for writing by this thread; yields its descriptor."""
    import fcntl

    try:
        folder.mkdir(parents=True, exist_ok=True)
        dfd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except (OSError, ValueError) as exc:
        raise WriteError(folder, why_not_folder(exc, folder), getattr(exc, "errno", None)) from None
    try:
        info = os.fstat(dfd)
        held: set[tuple[int, int]] = _held.__dict__.setdefault("folders", set())
        identity = (info.st_dev, info.st_ino)
        if reenter and identity in held:
            yield dfd
            return
        try:
            fcntl.flock(dfd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise GraphDataError(
                [Problem(str(folder), "another paperhop is writing this graph; try again after it")]
            ) from None
        except OSError as exc:
            raise WriteError(folder, f"cannot lock it: {exc.strerror}", exc.errno) from None
        held.add(identity)
        try:
            _finish_commit(dfd, folder)
            yield dfd
        finally:
            held.discard(identity)  # closing the descriptor, below, releases the lock
    finally:
        os.close(dfd)


def _finish_commit(dfd: int, folder: Path) -> None:
    """Complete a save interrupted after its commit marker was written; remove temporary files
    that no commit names (left by a save interrupted before). Only a writer holding the lock calls this.

    Every name is checked before anything is renamed, so a marker that is not
    ours, or one whose files are not regular files, changes nothing.
    """
    marker = _read_marker(dfd, folder)
    for name, temp in marker.items():
        for each in (temp, name):  # a link is refused, not renamed over or into place
            try:
                info = os.stat(each, dir_fd=dfd, follow_symlinks=False)
            except FileNotFoundError:
                continue
            except OSError as exc:
                raise WriteError(folder / each, exc.strerror or str(exc), exc.errno) from None
            if not stat.S_ISREG(info.st_mode):
                why = f"{not_regular(info).strerror}; nothing was changed"
                raise GraphDataError([Problem(str(folder / each), why)])
    try:
        for name, temp in marker.items():
            with suppress(FileNotFoundError):  # already renamed
                os.replace(temp, name, src_dir_fd=dfd, dst_dir_fd=dfd)
        if marker:
            fsync(dfd)
            os.unlink(COMMIT, dir_fd=dfd)
        with os.scandir(dfd) as entries:
            orphans = [e.name for e in entries if TEMP.fullmatch(e.name) and e.is_file(follow_symlinks=False)]
        for orphan in orphans:
            os.unlink(orphan, dir_fd=dfd)
    except OSError as exc:
        raise WriteError(folder, f"cannot complete a pending save: {exc.strerror}", exc.errno) from None


def _edge_order(edge: Edge) -> tuple[str, str, str]:
    return (edge.source, edge.target, edge.kind)
