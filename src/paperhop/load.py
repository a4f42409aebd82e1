"""The one way in: a graph folder -> the reading-order graph.

``load`` is what every command and most programs want: the folder's files read,
the graph rules checked, a large graph served from the cache. ``read_graph``
is what ``validate`` wants: every problem, errors and warnings, whatever they are
(``validate_result`` is what ``paperhop validate`` shows).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import networkx as nx

from .errors import GraphDataError, Problem
from .graph import assemble, raise_on_errors
from .store.cache import cached_graph
from .store.folder import default_graph_path, read_graph_files

if TYPE_CHECKING:
    from .results.checks import Validation

__all__ = ["load", "read_graph", "validate_result"]


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

    Edges are never held as records: each is validated and added as it is read.
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
    )
    # Record problems first: a bad record explains the graph problems it causes.
    return G, sorted(set(files.problems), key=lambda p: (p.severity, p.location, p.message)) + problems


def validate_result(path: str | os.PathLike[str]) -> Validation:
    """Every problem of the graph folder at *path*, errors and warnings, even where it cannot be read."""
    from .results.checks import Validation  # here: no other command needs it

    try:
        problems = read_graph(path, warnings=True)[1]
    except GraphDataError as exc:
        problems = exc.problems
    return Validation(problems)
