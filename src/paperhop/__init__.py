"""paperhop: what to read first, and in what order, from a graph of papers.

>>> import paperhop
>>> G = paperhop.load()  # the shipped Road to Sora graph
>>> paperhop.reading_paths(G, paperhop.resolve(G, "ViT"), paperhop.resolve(G, "Sora"))
[['vit', 'vivit', 'sora']]
"""

from __future__ import annotations

import os

import networkx as nx

from .errors import AmbiguousNode, GraphDataError, NodeNotFound, NoPath, PaperhopError
from .graph import build_graph
from .queries import reading_list, reading_paths
from .resolve import resolve
from .store import default_graph_path, load_graph

__all__ = [
    "AmbiguousNode",
    "GraphDataError",
    "NoPath",
    "NodeNotFound",
    "PaperhopError",
    "load",
    "reading_list",
    "reading_paths",
    "resolve",
]


def load(path: str | os.PathLike[str] | None = None) -> nx.DiGraph:
    """The reading-order graph of the folder at *path* (default: Road to Sora)."""
    return build_graph(load_graph(path or default_graph_path()))
