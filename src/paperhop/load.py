"""The one way in: a graph folder, or a git revision of one -> its graph; and the one way to change one.

- ``load``: what every command and most programs want: the folder's files read,
  the graph rules checked, a large graph served from the cache.
- ``read_graph``: what ``validate`` wants: every problem, errors and warnings,
  each where it can be fixed (file and line); ``validate_result`` is what it shows.
- ``graph_at``: the records of a folder, or of a folder at a git revision (``diff``).
- ``update``: what writers want: read, change, check and save, under the lock.
- ``find_graph``: the graph folder the working folder is in, found as git finds
  its repository.

A graph folder is one that holds papers.jsonl, concepts.jsonl or edges.jsonl
(``paperhop init`` writes all three, empty). Readers refuse a folder with none
of them; writers make the files where there are none.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from .errors import GraphDataError, Problem
from .graph import DUPLICATE_EDGE, assemble, build_graph, edge_where, kept_record, raise_on_errors
from .store.cache import cached_graph
from .store.folder import (
    COMMIT,
    FILES,
    GraphFiles,
    default_graph_path,
    graph_lock,
    is_graph_folder,
    load_graph,
    read_graph_files,
    save_graph,
)

if TYPE_CHECKING:
    import networkx as nx

    from .models import GraphData
    from .results.checks import Validation

__all__ = [
    "Interrupted",
    "default_graph_path",
    "find_graph",
    "graph_at",
    "load",
    "read_graph",
    "update",
    "validate_result",
]

T = TypeVar("T")


def load(path: str | os.PathLike[str] | None = None) -> nx.DiGraph:
    """The reading-order graph of the folder at *path* (default: the shipped Road to Sora).

    Raises GraphDataError naming the first problem if the graph has errors, or
    if *path* is no graph folder. A large graph is cached, keyed on its content
    (see ``paperhop.store.cache``).

    >>> load().nodes["vit"]["title"]
    'An Image is Worth 16x16 Words: Transformers for Image Recognition at Scale'
    """
    folder = Path(path or default_graph_path())
    return cached_graph(folder, lambda: raise_on_errors(*read_graph(folder)))


def read_graph(
    path: str | os.PathLike[str] | None = None, *, warnings: bool = False
) -> tuple[nx.DiGraph, list[Problem]]:
    """The graph of the folder at *path* (default: the shipped one), streamed from its files, with every problem.

    Problems come in the order they are best fixed in: those of a record or an
    edge by file and line (a bad record first explains the graph problems it
    causes, so an edge to a refused paper is not reported again), then those
    of the graph as a whole.
    """
    files = read_graph_files(path or default_graph_path(), require_files=True, keep=kept_record)
    G, problems = assemble(
        files.name,
        files.papers,
        files.concepts,
        files.edges,
        citations=files.citations,
        warnings=warnings,
        release=True,
        rejected=files.rejected,
    )
    located, problems = _on_their_lines(files, problems)
    return G, sorted({*files.problems, *located}, key=_line_order) + problems


def _on_their_lines(files: GraphFiles, problems: list[Problem]) -> tuple[list[Problem], list[Problem]]:
    """(the errors about an edge, told at its line in edges.jsonl; the other problems).

    Plain citations are read without their line numbers, which would cost
    memory and time on every load: when an edge breaks a rule, the file is read
    a second time to find it.
    """
    wanted = {p.location for p in problems if p.severity == "error" and p.location.startswith("edge ")}
    if not wanted:
        return [], problems
    lines: dict[str, list[tuple[int, str, str]]] = {}
    for number, u, v, kind in files.edge_lines():
        where = edge_where(u, v, kind)
        if where in wanted:
            lines.setdefault(where, []).append((number, u, v))
    located, others = [], []
    for problem in problems:
        found = lines.get(problem.location) if problem.severity == "error" else None
        if not found:
            others.append(problem)
            continue
        (number, u, v), message = found[0], problem.message
        if message == DUPLICATE_EDGE and len(found) > 1:
            message += f" (first at {FILES['edges']}:{number})"
            number = found[1][0]
        located.append(Problem(f"{FILES['edges']}:{number} ({u} -> {v})", message))
    return located, others


_FILE_LINE = re.compile(r"([^:]*):(\d+)")


def _line_order(p: Problem) -> tuple[str, str, int, str, str]:
    """File by file, line by line (9 before 10)."""
    at = _FILE_LINE.match(p.location)
    return (p.severity, at[1], int(at[2]), p.location, p.message) if at else (p.severity, p.location, 0, "", p.message)


@contextmanager
def graph_at(where: str, folder: str | os.PathLike[str] | None = None) -> Iterator[GraphData]:
    """The records of the graph folder *where*; or, if *where* is a git revision, those of the graph
    folder *folder* (default: the shipped one) at that revision (see ``paperhop.store.revisions``)."""
    from .store import revisions

    with revisions.graph_at(where, Path(folder) if folder else None) as data:
        yield data


def find_graph(start: str | os.PathLike[str] | None = None) -> Path | None:
    """The graph folder that *start* (default: the working folder) is in: *start* itself or the nearest
    folder above it that holds a graph file, as git finds its repository; None if there is none.

    A graph folder found there must be the user's own, as git asks of a
    repository: a graph that someone else left in a shared folder (/tmp) is
    never used, or written, by whoever works below it. Raises GraphDataError
    if the nearest one is not the user's.
    """
    try:
        here = Path(start if start is not None else os.getcwd()).absolute()
    except OSError:  # the working folder was removed
        return None
    for folder in (here, *here.parents):
        if is_graph_folder(folder):
            try:
                owner = folder.stat().st_uid
            except OSError:
                continue
            if owner != os.getuid():
                why = "holds a graph that belongs to another user; name it with --graph to use it"
                raise GraphDataError([Problem(str(folder), why)])
            return folder
    return None


class Interrupted(KeyboardInterrupt):
    """Ctrl-C during ``update``: ``saved`` says whether the change stands.

    Once a save has written its commit marker it stands (readers see it, the
    next writer completes it); before, the graph is as it was.
    """

    def __init__(self, saved: bool) -> None:
        self.saved = saved
        super().__init__(f"interrupted; the graph was {'saved' if saved else 'not changed'}")


def update(path: str | os.PathLike[str], change: Callable[[GraphData], T]) -> T:
    """Change the graph in the folder at *path* (a new, empty one if it holds none) and save it.

    Under the folder's lock, its records are read, *change* changes them in
    place, the graph they make is checked, and they are saved atomically; a
    change that raises, or makes a graph with errors (GraphDataError), saves
    nothing. Returns what *change* returns. Ctrl-C raises Interrupted.
    """
    folder = Path(path)
    saved = False
    try:
        with graph_lock(folder):
            # Read whatever the folder holds, a save interrupted before this one included: deciding by
            # the files' names alone would miss a pending commit and overwrite it.
            data = load_graph(folder)
            result = change(data)
            build_graph(data)  # never save what would not load
            save_graph(data, folder)
            saved = True
    except KeyboardInterrupt:
        raise Interrupted(saved or os.path.lexists(folder / COMMIT)) from None
    return result


def validate_result(path: str | os.PathLike[str] | None = None) -> Validation:
    """Every problem of the graph folder at *path*, errors and warnings, even where it cannot be read."""
    from .results.checks import Validation  # here: no other command needs it

    try:
        problems = read_graph(path, warnings=True)[1]
    except GraphDataError as exc:
        problems = exc.problems
    return Validation(problems)
