"""Graph folders <-> records.

A graph is a folder of three JSON Lines files, one record per line, sorted by
key so that diffs stay small::

    papers.jsonl     one Paper per line
    concepts.jsonl   one Concept per line
    edges.jsonl      one Edge per line, in reading order (source before target)

Any file may be absent (an empty graph has none). Reading reports every
problem with its file, line, record and field; writing replaces the whole graph
atomically and is byte-identical for the same records, whatever order they
came in.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import orjson
from pydantic import BaseModel, ValidationError

from .errors import GraphDataError, Problem
from .models import Concept, Edge, Paper

__all__ = [
    "FILES",
    "GraphData",
    "GraphFiles",
    "default_graph_path",
    "dump_records",
    "graph_lock",
    "load_graph",
    "read_graph_files",
    "save_graph",
    "write_bytes_atomic",
    "write_text_atomic",
]

FILES = {"papers": "papers.jsonl", "concepts": "concepts.jsonl", "edges": "edges.jsonl"}
COMMIT = ".paperhop-commit"
LOCK = ".paperhop-lock"
BATCH = 50_000  # plain citations handed to the graph at a time
DEFAULT_GRAPH = "road-to-sora"

R = TypeVar("R", bound=BaseModel)


@dataclass
class GraphData:
    """The records of one graph, as read from its folder."""

    name: str
    papers: dict[str, Paper] = field(default_factory=dict)
    concepts: dict[str, Concept] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)


def default_graph_path() -> Path:
    """The shipped Road to Sora graph, in a checkout or in an installed wheel."""
    here = Path(__file__).resolve().parent
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
    papers: dict[str, Paper]
    concepts: dict[str, Concept]
    edges: Iterator[Edge | list[tuple[str, str]]]  # a list is a batch of plain citations; iterate once
    problems: list[Problem]  # grows as edges are read
    path: Path

    def citations(self) -> Iterator[tuple[str, str]]:
        """Every plain citation, read again from the file (for reporting duplicates)."""
        for item in _edges(self.path / FILES["edges"], [], {}):
            if isinstance(item, list):
                yield from item


def read_graph_files(path: str | os.PathLike[str]) -> GraphFiles:
    """Open the graph folder at *path*: its papers and concepts read, its edges to stream."""
    folder = Path(path)
    if not folder.is_dir():
        raise GraphDataError([Problem(str(folder), "no such graph folder")])
    _finish_commit(folder)
    problems: list[Problem] = []
    papers = _read(folder / FILES["papers"], Paper, problems)
    concepts = _read(folder / FILES["concepts"], Concept, problems)
    keys = {key: key for key in (*papers, *concepts)}
    edges = _edges(folder / FILES["edges"], problems, keys)
    return GraphFiles(folder.resolve().name, papers, concepts, edges, problems, folder)


def load_graph(path: str | os.PathLike[str]) -> GraphData:
    """Read every record of the graph folder at *path*; raise GraphDataError listing every problem."""
    files = read_graph_files(path)
    edges: list[Edge] = []
    for item in files.edges:
        if isinstance(item, Edge):
            edges.append(item)
        else:
            edges.extend(Edge(source=u, target=v, kind="cites") for u, v in item)
    if files.problems:
        raise GraphDataError(files.problems)
    return GraphData(files.name, files.papers, files.concepts, edges)


def _read(path: Path, model: type[R], problems: list[Problem]) -> dict[str, R]:
    keyed: dict[str, R] = {}
    first_seen: dict[str, int] = {}
    for number, record in _numbered_records(path, model, problems):
        key = record.key  # type: ignore[attr-defined]
        if key in keyed:
            first = f"{path.name}:{first_seen[key]}"
            problems.append(Problem(f"{path.name}:{number}", f"duplicate key {key!r} (first at {first})"))
            continue
        keyed[key] = record
        first_seen[key] = number
    return keyed


def _edges(path: Path, problems: list[Problem], keys: dict[str, str]) -> Iterator[Edge | list[tuple[str, str]]]:
    """The edges of *path*: plain citations in batches of (source, target) pairs, every other edge as a model.

    A line ``{"source": s, "target": t, "kind": "cites"}`` with nothing else is a
    valid Edge exactly when s and t are strings, which is checked here without
    building a model (a million models would cost seconds and hundreds of
    megabytes); every other line is validated as an Edge. Endpoints are swapped
    for the node keys' own strings (*keys*), so that two million copies of them
    do not live on in the graph's adjacency.
    """
    if not path.exists():
        return
    batch: list[tuple[str, str]] = []
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            try:
                raw = orjson.loads(line)
            except orjson.JSONDecodeError:
                if line.strip():
                    problems.extend(_explain(f"{path.name}:{number}", line, None))
                continue
            if (
                type(raw) is dict
                and len(raw) == 3
                and raw.get("kind") == "cites"
                and type(source := raw.get("source")) is str
                and type(target := raw.get("target")) is str
            ):
                batch.append((keys.get(source, source), keys.get(target, target)))
                if len(batch) == BATCH:
                    yield batch
                    batch = []
                continue
            try:
                yield Edge.model_validate(raw)
            except ValidationError as exc:
                problems.extend(_explain(f"{path.name}:{number}", line, exc))
    if batch:
        yield batch


def _numbered_records(path: Path, model: type[R], problems: list[Problem]) -> Iterator[tuple[int, R]]:
    if not path.exists():
        return
    validate = model.__pydantic_validator__.validate_json  # straight from bytes: no dict in between
    try:
        handle = path.open("rb")
    except OSError as exc:
        problems.append(Problem(path.name, f"cannot read: {exc}"))
        return
    with handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                yield number, validate(line)
            except ValidationError as exc:
                problems.extend(_explain(f"{path.name}:{number}", line, exc))


def _explain(where: str, line: bytes, exc: ValidationError | None) -> list[Problem]:
    """One problem per field at fault; or, if *line* is not JSON (*exc* is then None), why not."""
    try:
        raw = json.loads(line.strip())  # without its newline, a column points into the line
    except ValueError as bad:
        message = getattr(bad, "msg", str(bad))
        column = f" at column {bad.colno}" if isinstance(bad, json.JSONDecodeError) else ""
        return [Problem(where, f"not valid JSON: {message}{column}")]
    if exc is None:  # orjson refused what json takes
        return [Problem(where, "not valid JSON: NaN and Infinity are not JSON")]
    if not isinstance(raw, dict):
        return [Problem(where, "a record must be a JSON object")]
    name = raw.get("key") or (f"{raw.get('source')} -> {raw.get('target')}" if "source" in raw else None)
    label = f"{where} ({name})" if name else where
    found = []
    for error in exc.errors():
        loc = ".".join(str(part) for part in error["loc"]) or "record"
        message = error["msg"].removeprefix("Value error, ")
        found.append(Problem(label, f"{loc}: {message}"))
    return found


def dump_records(records: Iterable[BaseModel]) -> str:
    """One canonical JSON line per record: fields in model order, defaults left out."""
    lines = (json.dumps(r.model_dump(mode="json", exclude_defaults=True), ensure_ascii=False) for r in records)
    return "".join(line + "\n" for line in lines)


def save_graph(data: GraphData, path: str | os.PathLike[str]) -> None:
    """Write *data* to the folder at *path*, sorted; the whole graph at once or not at all.

    The files are written in full beside their targets, then a commit marker
    naming them is written, then they are swapped in and the marker removed.
    A run interrupted before the marker leaves the graph as it was; one
    interrupted after it is completed by the next load or save.
    """
    folder = Path(path)
    folder.mkdir(parents=True, exist_ok=True)
    _finish_commit(folder)
    edges: list[Edge] = sorted(data.edges, key=_edge_order)
    contents = {
        FILES["papers"]: dump_records(data.papers[k] for k in sorted(data.papers)),
        FILES["concepts"]: dump_records(data.concepts[k] for k in sorted(data.concepts)),
        FILES["edges"]: dump_records(edges),
    }
    staged: dict[str, str] = {}
    try:
        for name, text in contents.items():
            staged[name] = _write_temp(folder, name, text)
        _write_temp(folder, COMMIT, json.dumps(staged), final=folder / COMMIT)
    finally:
        if not (folder / COMMIT).exists():
            for tmp in staged.values():
                (folder / tmp).unlink(missing_ok=True)
    _finish_commit(folder)


@contextmanager
def graph_lock(folder: Path) -> Iterator[None]:
    """Hold the graph folder for writing; a second writer is refused at once, never interleaved."""
    import fcntl

    folder.mkdir(parents=True, exist_ok=True)
    with (folder / LOCK).open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise GraphDataError(
                [Problem(str(folder), "another paperhop is writing this graph; try again after it")]
            ) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def write_text_atomic(path: str | os.PathLike[str], text: str) -> None:
    """Write *text* to *path* as UTF-8: the old file stays whole until the new one is complete."""
    write_bytes_atomic(path, text.encode("utf-8"))


def write_bytes_atomic(path: str | os.PathLike[str], data: bytes, *, mode: int | None = None) -> None:
    """Write *data* to *path*: the old file stays whole until the new one is complete."""
    final = Path(path)
    final.parent.mkdir(parents=True, exist_ok=True)
    _write_temp(final.parent, final.name, data, final=final, mode=mode)


def _write_temp(folder: Path, name: str, data: str | bytes, final: Path | None = None, mode: int | None = None) -> str:
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", dir=folder)
    try:
        os.chmod(tmp, _mode(folder / name) if mode is None else mode)  # mkstemp makes 0600
        with os.fdopen(fd, "wb") as handle:
            handle.write(data.encode("utf-8") if isinstance(data, str) else data)
            handle.flush()
            os.fsync(handle.fileno())
        if final is not None:
            os.replace(tmp, final)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return os.path.basename(tmp)


def _mode(path: Path) -> int:
    if path.exists():
        return path.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _finish_commit(folder: Path) -> None:
    """Complete a save that was interrupted after its commit marker was written."""
    marker = folder / COMMIT
    if not marker.exists():
        return
    for name, tmp in json.loads(marker.read_text(encoding="utf-8")).items():
        if (folder / tmp).exists():
            os.replace(folder / tmp, folder / name)
    marker.unlink()


def _edge_order(edge: Edge) -> tuple[str, str, str]:
    return (edge.source, edge.target, edge.kind)
