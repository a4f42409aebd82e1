"""JSON Lines, read with friendly errors: each record of a graph file checked against its model, and every
problem told with its file, line, record and field, in words that say what to do. A record spread over several
lines, a line nested too deep or a key given twice is one problem, never a traceback; reporting a fault costs no
more memory than parsing the line. Plain citations, the bulk of a large graph, are read without a model each.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, TypeVar, get_args

import orjson

from ..errors import Problem

if TYPE_CHECKING:  # pydantic and the models are imported where records are read or written, not to open a folder
    from pydantic import BaseModel, ValidationError

    from ..models import Edge

__all__ = ["dump_records", "numbered_lines", "plain_citation", "read_edges", "read_records"]

BATCH = 50_000  # plain citations handed to the graph at a time
SPREAD_KEPT = 1 << 16  # bytes of a record spread over several lines kept, to name it
R = TypeVar("R", bound="BaseModel")


def read_records(
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


def numbered_lines(path: Path, handle: BinaryIO | None, problems: list[Problem]) -> Iterator[tuple[int, bytes]]:
    """The numbered lines of *handle*; a failing disk is a problem, not a traceback."""
    if handle is None:
        return
    try:
        yield from enumerate(handle, start=1)
    except OSError as exc:
        problems.append(Problem(str(path), f"cannot read: {exc.strerror}"))


def plain_citation(raw: object) -> tuple[str, str] | None:
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


def read_edges(
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
    for number, line in numbered_lines(path, handle, problems):
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
        ):  # plain_citation, written out: a call per line would cost a tenth of the load
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
    for number, line in numbered_lines(path, handle, faults.problems):
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


def dump_records(records: Iterable[BaseModel]) -> str:
    """One canonical JSON line per record: fields in model order, defaults left out."""
    lines = (json.dumps(r.model_dump(mode="json", exclude_defaults=True), ensure_ascii=False) for r in records)
    return "".join(line + "\n" for line in lines)
