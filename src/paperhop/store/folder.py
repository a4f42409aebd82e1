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

import difflib
import errno
import json
import os
import re
import secrets
import stat
import threading
import time
import weakref
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, TypeVar, get_args

import orjson

from ..errors import GraphDataError, PaperhopError, Problem, ReadError, WriteError

if TYPE_CHECKING:  # pydantic and the models are imported where records are read or written, not to open a folder
    from pydantic import BaseModel, ValidationError

    from ..models import Concept, Edge, GraphData, Paper

__all__ = [
    "FILES",
    "GraphFiles",
    "committed_files",
    "default_graph_path",
    "dump_records",
    "graph_lock",
    "init_graph",
    "is_graph_folder",
    "load_graph",
    "parse_graph_files",
    "read_graph_files",
    "read_text_file",
    "save_graph",
    "write_bytes_at",
    "write_bytes_atomic",
    "write_text_atomic",
]

FILES = {"papers": "papers.jsonl", "concepts": "concepts.jsonl", "edges": "edges.jsonl"}
COMMIT = ".paperhop-commit"
# The temporary names our writer makes: ".papers.jsonl.1f0c9a2b" (8 hex digits; [a-z0-9_] also
# admits the mkstemp names of earlier versions, whose pending commits must still roll forward).
TEMP = re.compile(r"\.(?P<name>papers\.jsonl|concepts\.jsonl|edges\.jsonl|\.paperhop-commit)\.[a-z0-9_]{8}")
MARKER_MAX = 4096  # bytes; ours is under 200
BATCH = 50_000  # plain citations handed to the graph at a time
DEFAULT_GRAPH = "road-to-sora"
NOT_OUR_MARKER = "not a commit marker paperhop wrote; nothing was changed (check the folder, then delete it)"
ATTEMPTS = 50  # reads of a folder that a writer is changing, before giving up
NOT_A_GRAPH = "not a graph folder (no papers.jsonl, concepts.jsonl or edges.jsonl)"
SPREAD_KEPT = 1 << 16  # bytes of a record spread over several lines kept, to name it

R = TypeVar("R", bound="BaseModel")


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
        for item in _edges(self.path / FILES["edges"], self.edges_file, [], {}):
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
        for number, line in _lines(self.path / FILES["edges"], self.edges_file, []):
            try:
                raw = orjson.loads(line)
                edge = _plain_citation(raw) or Edge.model_validate(raw)
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
    papers = _read(folder / FILES["papers"], files.get(FILES["papers"]), Paper, problems, rejected, keep)
    concepts = _read(folder / FILES["concepts"], files.get(FILES["concepts"]), Concept, problems, rejected, keep)
    edges_file = files.pop(FILES["edges"], None)
    keys = {key: key for key in (*papers, *concepts)}
    edges = _edges(folder / FILES["edges"], edges_file, problems, keys)
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


# Reading: the committed state, opened in one consistent snapshot, without writing.


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
                return temp, _open_regular(temp, dfd, follow=False)
            opening = name
        try:
            return name, _open_regular(name, dfd, follow=True)
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


KINDS = {
    stat.S_IFDIR: "a folder",
    stat.S_IFIFO: "a FIFO",
    stat.S_IFCHR: "a device",
    stat.S_IFBLK: "a device",
    stat.S_IFSOCK: "a socket",
    stat.S_IFLNK: "a symbolic link",
}


def _not_regular(info: os.stat_result) -> OSError:
    kind = KINDS.get(stat.S_IFMT(info.st_mode), "not a regular file")
    return OSError(errno.EINVAL, f"{kind}, not a regular file")


def _open_regular(path: str | os.PathLike[str], dir_fd: int | None = None, *, follow: bool = True) -> BinaryIO:
    """Open *path* for reading if it is a regular file; raise OSError (strerror says why) if not.

    Checked before opening, since opening a device can have effects, and on the
    descriptor after, since the name may have been swapped: a FIFO would block
    a reader forever (O_NONBLOCK makes opening one return at once).
    """
    info = os.stat(path, dir_fd=dir_fd, follow_symlinks=follow)
    if not stat.S_ISREG(info.st_mode):
        raise _not_regular(info)
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC | (0 if follow else os.O_NOFOLLOW)
    fd = os.open(path, flags, dir_fd=dir_fd)
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise _not_regular(info)
    return os.fdopen(fd, "rb")


def read_text_file(path: str | os.PathLike[str], *, missing_ok: bool = False) -> str:
    """The UTF-8 text of the regular file at *path* ("" if there is none and *missing_ok*).

    Raises ReadError, in one line, for a file that is missing, unreadable, not
    a regular file (a FIFO would block forever, a device never end) or not UTF-8.
    """
    try:
        with _open_regular(path) as handle:
            data = handle.read()
    except FileNotFoundError as exc:
        if missing_ok:
            return ""
        raise ReadError(path, exc.strerror or "No such file or directory", exc.errno) from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the path
        raise ReadError(path, getattr(exc, "strerror", None) or str(exc), getattr(exc, "errno", None)) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ReadError(path, f"not UTF-8 text (byte {exc.start + 1})") from None


def _read_marker(dfd: int, folder: Path) -> dict[str, str]:
    """The commit a writer left pending, {file: its temporary file}, or {} if there is none.

    A marker may only map paperhop's own graph files to the temporary names its
    writer makes, all plain names in this folder; anything else (other names,
    paths, bad JSON, another shape) is corruption, reported before anything changes.
    """
    where = folder / COMMIT
    try:
        with _open_regular(COMMIT, dfd, follow=False) as handle:
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


def _read(
    path: Path,
    handle: BinaryIO | None,
    model: type[R],
    problems: list[Problem],
    rejected: set[str],
    keep: Callable[[R], Any] | None = None,
) -> dict[str, Any]:
    keyed: dict[str, Any] = {}
    first_seen: dict[str, int] = {}
    for number, record in _numbered_records(path, handle, model, _Faults(path, model, problems, rejected)):
        key = record.key  # type: ignore[attr-defined]
        if key in keyed:
            first = f"{path.name}:{first_seen[key]}"
            problems.append(Problem(f"{path.name}:{number}", f"duplicate key {key!r} (first at {first})"))
            continue
        keyed[key] = record if keep is None else keep(record)
        first_seen[key] = number
    return keyed


def _lines(path: Path, handle: BinaryIO | None, problems: list[Problem]) -> Iterator[tuple[int, bytes]]:
    """The numbered lines of *handle*; a failing disk is a problem, not a traceback."""
    if handle is None:
        return
    try:
        yield from enumerate(handle, start=1)
    except OSError as exc:
        problems.append(Problem(str(path), f"cannot read: {exc.strerror}"))


def _plain_citation(raw: object) -> tuple[str, str] | None:
    """(source, target) if *raw* is ``{"source": s, "target": t, "kind": "cites"}`` with strings s and t
    and nothing else: a valid Edge, checked without building one."""
    if (
        type(raw) is dict
        and len(raw) == 3
        and raw.get("kind") == "cites"
        and type(source := raw.get("source")) is str
        and type(target := raw.get("target")) is str
    ):
        return source, target
    return None


def _edges(
    path: Path, handle: BinaryIO | None, problems: list[Problem], keys: dict[str, str]
) -> Iterator[Edge | list[tuple[str, str]]]:
    """The edges in *handle*: plain citations in batches of (source, target) pairs, every other edge as a model.

    A plain citation is checked without building a model (a million models would
    cost seconds and hundreds of megabytes); every other line is validated as an
    Edge. Endpoints are swapped for the node keys' own strings (*keys*), so that
    two million copies of them do not live on in the graph's adjacency.
    """
    from pydantic import ValidationError

    from ..models import Edge

    faults = _Faults(path, Edge, problems)
    batch: list[tuple[str, str]] = []
    for number, line in _lines(path, handle, problems):
        try:
            raw = orjson.loads(line)
        except orjson.JSONDecodeError:
            if line.strip():
                faults.add(number, line, None)
            continue
        if (
            type(raw) is dict
            and len(raw) == 3
            and raw.get("kind") == "cites"
            and type(source := raw.get("source")) is str
            and type(target := raw.get("target")) is str
        ):  # _plain_citation, written out: a call per line would cost a tenth of the load
            batch.append((keys.get(source, source), keys.get(target, target)))
            if len(batch) == BATCH:
                yield batch
                batch = []
            continue
        try:
            yield Edge.model_validate(raw)
        except ValidationError as exc:
            faults.add(number, line, exc)
    faults.close()
    if batch:
        yield batch


def _numbered_records(path: Path, handle: BinaryIO | None, model: type[R], faults: _Faults) -> Iterator[tuple[int, R]]:
    from pydantic import ValidationError

    validate = model.__pydantic_validator__.validate_json  # straight from bytes: no dict in between
    for number, line in _lines(path, handle, faults.problems):
        if not line.strip():
            continue
        try:
            yield number, validate(line)
        except ValidationError as exc:
            faults.add(number, line, exc)
    faults.close()


_STRINGS = re.compile(rb'"(?:[^"\\]++|\\.)*+"')  # possessive: a 50 MB string costs no backtracking stack
_KEY = re.compile(rb'"key"\s*:\s*"([^"\\]*)"')


def _depth(line: bytes) -> int:
    """How many more brackets *line* opens than it closes, outside its strings."""
    bare = _STRINGS.sub(b"", line)
    return bare.count(b"{") + bare.count(b"[") - bare.count(b"}") - bare.count(b"]")


@dataclass
class _Spread:
    """A record that a bad line opened and did not close: perhaps one spread over several lines."""

    first: int
    last: int
    depth: int
    text: bytes
    exc: ValidationError | None  # the first line's own fault, told if no second line joins it


class _Faults:
    """The problems of one file, told as its reading finds them. Only lines that fail come here, so
    good lines cost nothing more.

    A record spread over several lines, as a pretty-printer writes it, would fail on each of its
    lines ("Extra data at column 6"): it is told once instead, at its first line. The keys of records
    refused for a fault go into *rejected*, so that edges to them are not reported as well.
    """

    def __init__(
        self, path: Path, model: type[BaseModel], problems: list[Problem], rejected: set[str] | None = None
    ) -> None:
        self.name = path.name
        self.model = model
        self.problems = problems
        self.rejected = rejected
        self.spread: _Spread | None = None

    def add(self, number: int, line: bytes, exc: ValidationError | None) -> None:
        """The line *number* is not a valid record: *exc* says why, or it is not JSON (*exc* is None)."""
        spread, start = self.spread, line.lstrip()[:1]
        if spread is not None:
            # The next line of a pretty-printed record: a field ("title": ...), an item, or the end; never a
            # new object or array, and the first one after "{" is a field or the end.
            if number == spread.last + 1 and start not in b"{[" and (spread.last > spread.first or start in b'"}'):
                spread.last, spread.depth = number, spread.depth + _depth(line)
                if len(spread.text) < SPREAD_KEPT:
                    spread.text += line
                if spread.depth <= 0:
                    self.close()
                return
            self.close()
        if start == b"{" and (depth := _depth(line)) > 0:  # an object left open: do the next lines close it?
            self.spread = _Spread(number, number, depth, line, exc)
            return
        self.problems.extend(self._explain(number, line, exc))

    def close(self) -> None:
        """Tell what a record left open holds: once, if it was spread over lines; else its line's own fault."""
        spread, self.spread = self.spread, None
        if spread is None:
            return
        if spread.last == spread.first:
            self.problems.extend(self._explain(spread.first, spread.text, spread.exc))
            return
        try:
            raw = json.loads(spread.text)
        except (ValueError, RecursionError):  # a fault inside too: name it by its key, if it shows one
            key = _KEY.search(spread.text)
            raw = {"key": key.group(1).decode("utf-8", "replace")} if key else None
        message = f"a record spread over lines {spread.first}-{spread.last}; each record must be one line of JSON"
        self.problems.append(Problem(self._label(spread.first, raw), message))

    def _label(self, number: int, raw: object) -> str:
        """'papers.jsonl:3', with the record's key or its edge's ends when it has them; a refused key is kept."""
        where = f"{self.name}:{number}"
        if not isinstance(raw, dict):
            return where
        key = raw.get("key")
        if self.rejected is not None and type(key) is str:
            self.rejected.add(key)
        name = key or (f"{raw.get('source')} -> {raw.get('target')}" if "source" in raw else None)
        return f"{where} ({name})" if name else where

    def _explain(self, number: int, line: bytes, exc: ValidationError | None) -> list[Problem]:
        """One problem per field at fault; or, if *line* is not JSON (*exc* is then None), why not."""
        where = f"{self.name}:{number}"
        try:
            raw = json.loads(line.strip())  # without its newline, a column points into the line
        except UnicodeDecodeError as bad:
            return [Problem(where, f"not UTF-8 text (byte {bad.start + 1})")]
        except RecursionError:
            return [Problem(where, "not valid JSON: nested too deeply")]
        except ValueError as bad:
            message = getattr(bad, "msg", str(bad))
            column = f" at column {bad.colno}" if isinstance(bad, json.JSONDecodeError) else ""
            return [Problem(where, f"not valid JSON: {message}{column}")]
        if exc is None:  # orjson refused what json takes
            return [Problem(where, "not valid JSON: NaN and Infinity are not JSON")]
        if not isinstance(raw, dict):
            return [Problem(where, "a record must be a JSON object")]
        label = self._label(number, raw)
        found = []
        for error in exc.errors():
            loc = ".".join(str(part) for part in error["loc"]) or "record"
            message = error["msg"].removeprefix("Value error, ")
            if error["type"] == "extra_forbidden":
                message = self._unknown(loc)
            found.append(Problem(label, f"{loc}: {message}"))
        return found

    def _unknown(self, name: str) -> str:
        """What to say of the unknown field *name* ("s2.influental" inside a field): the field meant, if one
        is close, and every field."""
        from pydantic import BaseModel

        model, within = self.model, self.model.__name__.lower()
        *path, name = name.split(".")
        for part in path:  # a field of a record inside the record (an edge's reference or s2)
            inner = model.model_fields.get(part)
            kinds = get_args(inner.annotation) if inner else ()
            model = next((t for t in kinds if isinstance(t, type) and issubclass(t, BaseModel)), model)
            within = part
        fields = list(model.model_fields)
        close = difflib.get_close_matches(name.lower(), fields, n=1)
        meant = f"; did you mean {close[0]}?" if close else ""
        return f"unknown field{meant} ({within} fields: {', '.join(fields)})"


# Writing: temporary files, a commit marker, renames; under a lock on the folder itself.


def dump_records(records: Iterable[BaseModel]) -> str:
    """One canonical JSON line per record: fields in model order, defaults left out."""
    lines = (json.dumps(r.model_dump(mode="json", exclude_defaults=True), ensure_ascii=False) for r in records)
    return "".join(line + "\n" for line in lines)


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
                staged[name] = _write_temp(dfd, folder / name, text.encode("utf-8"))
            write_bytes_at(dfd, folder / COMMIT, json.dumps(staged).encode())
            _fsync(dfd)
        except BaseException:
            if not _lexists(COMMIT, dfd):
                for temp in staged.values():
                    with suppress(OSError):
                        os.unlink(temp, dir_fd=dfd)
            raise
        _finish_commit(dfd, folder)


def init_graph(path: str | os.PathLike[str]) -> None:
    """Make an empty graph in the folder at *path*, which must be new or empty (checked under the lock)."""
    from ..models import GraphData

    folder = Path(path)
    with _writing(folder, reenter=False) as dfd:
        with os.scandir(dfd) as entries:
            if next(entries, None) is not None:
                raise PaperhopError(f"{folder} exists and is not empty")
        save_graph(GraphData(folder.resolve().name), folder)


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
                why = f"{_not_regular(info).strerror}; nothing was changed"
                raise GraphDataError([Problem(str(folder / each), why)])
    try:
        for name, temp in marker.items():
            with suppress(FileNotFoundError):  # already renamed
                os.replace(temp, name, src_dir_fd=dfd, dst_dir_fd=dfd)
        if marker:
            _fsync(dfd)
            os.unlink(COMMIT, dir_fd=dfd)
        with os.scandir(dfd) as entries:
            orphans = [e.name for e in entries if TEMP.fullmatch(e.name) and e.is_file(follow_symlinks=False)]
        for orphan in orphans:
            os.unlink(orphan, dir_fd=dfd)
    except OSError as exc:
        raise WriteError(folder, f"cannot complete a pending save: {exc.strerror}", exc.errno) from None


def write_text_atomic(path: str | os.PathLike[str], text: str) -> None:
    """Write *text* to *path* as UTF-8: the old file stays whole until the new one is complete."""
    write_bytes_atomic(path, text.encode("utf-8"))


def write_bytes_atomic(path: str | os.PathLike[str], data: bytes, *, mode: int | None = None) -> None:
    """Write *data* to *path*, making its folder if need be: the old file stays whole until the new one is complete.

    Only a regular file is ever replaced: a FIFO, a device, a folder or a
    symbolic link at *path* (even one to a regular file, whose target may be
    anywhere) is refused. Any failure is a WriteError, with no file left behind.
    """
    final = Path(path)
    if final.name in ("", ".", ".."):
        raise WriteError(final, "not a file name")
    try:
        final.parent.mkdir(parents=True, exist_ok=True)
        dfd = os.open(final.parent, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except (OSError, ValueError) as exc:
        raise WriteError(final, why_not_folder(exc, final.parent), getattr(exc, "errno", None)) from None
    try:
        write_bytes_at(dfd, final, data, mode=mode)
    finally:
        os.close(dfd)


def write_bytes_at(dir_fd: int, path: Path, data: bytes, *, mode: int | None = None) -> None:
    """Replace the regular file ``path.name`` in the open folder *dir_fd* with *data*, atomically.

    *path* names the file in messages. *mode* (else the old file's, else the
    umask's) is set on the new file. Raises WriteError, leaving no temporary file.
    """
    check_replaceable(dir_fd, path)
    temp = _write_temp(dir_fd, path, data, mode)
    try:
        os.replace(temp, path.name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
    except BaseException as exc:
        with suppress(OSError):
            os.unlink(temp, dir_fd=dir_fd)
        if isinstance(exc, OSError):
            raise WriteError(path, exc.strerror or str(exc), exc.errno) from None
        raise


def check_replaceable(dfd: int, path: Path) -> None:
    try:
        info = os.stat(path.name, dir_fd=dfd, follow_symlinks=False)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise WriteError(path, exc.strerror or str(exc), exc.errno) from None
    if not stat.S_ISREG(info.st_mode):
        kind = KINDS.get(stat.S_IFMT(info.st_mode), "not a regular file")
        raise WriteError(path, f"it is {kind}; paperhop only replaces regular files")


def _write_temp(dfd: int, path: Path, data: bytes, mode: int | None = None) -> str:
    """Write *data* to a new temporary file beside ``path.name`` (synced to disk); return its name."""
    name = path.name
    try:
        old = os.stat(name, dir_fd=dfd, follow_symlinks=False)
        keep = old.st_mode & 0o777 if stat.S_ISREG(old.st_mode) else None
    except OSError:
        keep = None
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    while True:
        temp = f".{name}.{secrets.token_hex(4)}"
        try:
            fd = os.open(temp, flags, 0o666 if mode is None else mode, dir_fd=dfd)  # the umask applies
            break
        except FileExistsError:
            continue
        except OSError as exc:
            raise WriteError(path, exc.strerror or str(exc), exc.errno) from None
    try:
        if mode is not None or keep is not None:
            os.fchmod(fd, mode if mode is not None else keep)  # type: ignore[arg-type]
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException as exc:
        with suppress(OSError):
            os.unlink(temp, dir_fd=dfd)
        if isinstance(exc, OSError):
            raise WriteError(path, exc.strerror or str(exc), exc.errno) from None
        raise
    return temp


def _fsync(dfd: int) -> None:
    """Make renames in the folder durable; a file system that cannot is no reason to fail."""
    with suppress(OSError):
        os.fsync(dfd)


def why_not_folder(exc: OSError | ValueError, folder: Path) -> str:
    """Why the folder *folder* could not be made or opened, in words."""
    if isinstance(exc, FileExistsError | NotADirectoryError):
        blocking = next((p for p in (folder, *folder.parents) if os.path.lexists(p) and not os.path.isdir(p)), folder)
        return f"{blocking} is not a folder"
    if isinstance(exc, OSError):
        where = f"{exc.filename}: " if exc.filename and Path(exc.filename) != folder else ""
        return where + (exc.strerror or str(exc))
    return str(exc)


def _edge_order(edge: Edge) -> tuple[str, str, str]:
    return (edge.source, edge.target, edge.kind)
