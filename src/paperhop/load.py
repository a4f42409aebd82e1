"""The one way in: a graph folder -> the reading-order graph.

``load`` is what every command and most programs want: the folder's files read,
the graph rules checked, a large graph served from the cache. ``read_graph``
is what ``validate`` wants: every problem, errors and warnings, whatever they are.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import networkx as nx

from .errors import Problem
from .graph import DUPLICATE_EDGE, assemble, edge_where, raise_on_errors
from .store.cache import cached_graph
from .store.folder import FILES, GraphFiles, default_graph_path, read_graph_files

__all__ = ["load", "read_graph"]


def load(path: str | os.PathLike[str] | None = None) -> nx.DiGraph:
    """The reading-order graph of the folder at *path* (default: the shipped Road to Sora).

    Raises GraphDataError naming the first problem if the graph has errors. A
    large graph is cached, keyed on its content (see ``paperhop.store.cache``).

    >>> load().nodes["vit"]["title"]
    'An Image is Worth 16x16 Words: Transformers for Image Recognition at Scale'
    """
    folder = Path(path or default_graph_path())
    return cached_graph(folder, lambda: raise_on_errors(*read_graph(folder)))


def read_graph(path: str | os.PathLike[str], *, warnings: bool = False) -> tuple[nx.DiGraph, list[Problem]]:
    """The graph of a folder, streamed from its files, with every problem found.

    Problems come in the order they are best fixed in: those of a record or an
    edge by file and line (a bad record first explains the graph problems it
    causes, so an edge to a refused paper is not reported again), then those
    of the graph as a whole.
    """
    files = read_graph_files(path)
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
