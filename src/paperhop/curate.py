"""Curating a graph without writing JSON: links, concepts, and papers dropped, as changes to its records.

Each function changes a ``GraphData`` in place and says what it changed; ``load.update`` runs it under the
folder's lock, checks the graph it makes, and saves it atomically (or nothing, on any error). Nodes are named by
key: the command line resolves what the reader typed first.

>>> from paperhop.models import GraphData, Paper
>>> data = GraphData("demo", {k: Paper(key=k, title=k.upper(), year=2020 + i) for i, k in enumerate("ab")})
>>> connect(data, "a", "b", note="B extends A.").kind
'builds_on'
>>> [(e.source, e.target, e.kind) for e in drop(data, "a").edges]
[('a', 'b', 'builds_on')]
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .errors import PaperhopError
from .models import Concept, Edge, GraphData, Paper

M = TypeVar("M", bound=BaseModel)

__all__ = ["Dropped", "add_concept", "concept_key", "connect", "disconnect", "drop"]

# The kind a curated link takes between two kinds of node, read first -> read after (graph.KIND_ENDS).
CURATED = {("paper", "paper"): "builds_on", ("paper", "concept"): "introduces", ("concept", "paper"): "uses"}


def _made(model: type[M], **fields: Any) -> M:
    """A record of *fields*, or PaperhopError naming the field that is wrong: what a reader typed is checked as a
    record read from a file is."""
    try:
        return model(**fields)
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(part) for part in error["loc"]) or model.__name__.lower()
        raise PaperhopError(f"{where}: {error['msg']}") from None


def _type(data: GraphData, key: str) -> str:
    if key in data.papers:
        return "paper"
    if key in data.concepts:
        return "concept"
    raise PaperhopError(f"{key!r} is in no record of this graph")


def connect(data: GraphData, source: str, target: str, *, note: str | None = None, kind: str | None = None) -> Edge:
    """A curated link *source* -> *target* ("read *source* first"), with its *note*: ``builds_on`` between two
    papers (which needs a note), ``introduces`` from a paper to a concept, ``uses`` from a concept to a paper.
    *kind*, if given, must be the one the two ends take."""
    ends = (_type(data, source), _type(data, target))
    found = CURATED.get(ends)
    if found is None:
        raise PaperhopError(f"no curated link goes from a {ends[0]} to a {ends[1]}: two concepts are linked by papers")
    if kind is not None and kind != found:
        raise PaperhopError(f"a link from a {ends[0]} to a {ends[1]} is {found}, not {kind}")
    if found == "builds_on" and not (note or "").strip():
        raise PaperhopError(f"a builds_on link needs a note saying why {target} builds on {source} (--note)")
    if any(e.source == source and e.target == target and e.kind == found for e in data.edges):
        raise PaperhopError(f"{source} -> {target} is already linked ({found}): disconnect it first to change it")
    edge = _made(Edge, source=source, target=target, kind=found, note=note)
    data.edges.append(edge)
    return edge


def disconnect(data: GraphData, source: str, target: str, *, kind: str | None = None) -> list[Edge]:
    """The curated links *source* -> *target* taken out of *data* (or the one of *kind*, a citation included);
    PaperhopError if there is none. A citation is a fact read from a paper: it goes only when named."""
    kinds = {kind} if kind else set(CURATED.values())
    gone = [e for e in data.edges if e.source == source and e.target == target and e.kind in kinds]
    if not gone:
        cited = any(e.source == source and e.target == target and e.kind == "cites" for e in data.edges)
        if kind:
            raise PaperhopError(f"no {kind} link {source} -> {target} to take out")
        also = " (only a citation, which --kind cites takes out)" if cited else ""
        raise PaperhopError(f"no curated link {source} -> {target} to take out{also}")
    data.edges[:] = [e for e in data.edges if not any(e is g for g in gone)]
    return gone


@dataclass(frozen=True)
class Dropped:
    """A node taken out of a graph, and the links that went with it."""

    record: Paper | Concept
    edges: list[Edge]


def drop(data: GraphData, key: str) -> Dropped:
    """The paper or concept *key* taken out of *data*, with every link to or from it."""
    kind = _type(data, key)
    record = data.papers.pop(key) if kind == "paper" else data.concepts.pop(key)
    edges = [e for e in data.edges if key in (e.source, e.target)]
    data.edges[:] = [e for e in data.edges if key not in (e.source, e.target)]
    return Dropped(record, edges)


def concept_key(name: str) -> str:
    """A key for a concept named *name*: its letters and digits, lower case, words joined by hyphens.

    >>> concept_key("Spacetime patches (video)")
    'spacetime-patches-video'
    """
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    key = "-".join(re.findall(r"[a-z0-9]+", ascii_name.lower()))
    if not key:
        raise PaperhopError(f"{name!r} makes no key: give one with --key")
    return key


def add_concept(
    data: GraphData,
    name: str,
    description: str,
    *,
    key: str | None = None,
    introduced_by: list[str] = (),  # type: ignore[assignment]
    used_by: list[str] = (),  # type: ignore[assignment]
) -> Concept:
    """A new concept *name* in *data*, introduced by the papers *introduced_by* and used by *used_by*."""
    key = key or concept_key(name)
    if key in data.papers or key in data.concepts:
        raise PaperhopError(f"the key {key!r} is taken: give another with --key")
    if not introduced_by and not used_by:
        raise PaperhopError("a concept joins papers: name at least one with --introduced-by or --used-by")
    concept = _made(Concept, key=key, name=name, description=description)
    data.concepts[key] = concept
    for paper in introduced_by:
        connect(data, paper, key)
    for paper in used_by:
        connect(data, key, paper)
    return concept
