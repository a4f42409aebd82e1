"""paperhop: what to read first, and in what order, from a graph of papers.

>>> import paperhop
>>> G = paperhop.load()  # the shipped Road to Sora graph
>>> paperhop.reading_paths(G, paperhop.resolve(G, "ViT"), paperhop.resolve(G, "Sora"))
[['vit', 'vivit', 'sora']]
"""

from __future__ import annotations

from .errors import AmbiguousNode, GraphDataError, NodeNotFound, NoPath, PaperhopError
from .export.notebook import NotebookGraph, show
from .load import load
from .queries.paths import reading_list, reading_paths
from .queries.resolve import resolve

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
