"""paperhop: what to read first, and in what order, from a graph of papers.

>>> import paperhop
>>> G = paperhop.load()  # the shipped Road to Sora graph
>>> paperhop.reading_paths(G, paperhop.resolve(G, "ViT"), paperhop.resolve(G, "Sora"))
[['vit', 'vivit', 'sora']]
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import AmbiguousNode, GraphDataError, NodeNotFound, NoPath, PaperhopError
from .load import load
from .queries.paths import reading_list, reading_paths
from .queries.resolve import resolve

if TYPE_CHECKING:
    from .export.notebook import NotebookGraph, show

__all__ = [
    "AmbiguousNode",
    "GraphDataError",
    "NoPath",
    "NodeNotFound",
    "NotebookGraph",
    "PaperhopError",
    "load",
    "reading_list",
    "reading_paths",
    "resolve",
    "show",
]


def __getattr__(name: str) -> Any:
    """``show`` and ``NotebookGraph`` (notebook display) import the exporters: only when a notebook asks for them,
    so that every command does not pay for them at start-up."""
    if name in ("show", "NotebookGraph"):
        from .export import notebook

        return getattr(notebook, name)
    raise AttributeError(f"module 'paperhop' has no attribute {name!r}")
