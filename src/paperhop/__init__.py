"""paperhop: what to read first, and in what order, from a graph of papers.

>>> import paperhop
>>> G = paperhop.load()  # the shipped Road to Sora graph
>>> paperhop.reading_paths(G, paperhop.resolve(G, "ViT"), paperhop.resolve(G, "Sora"))
[['vit', 'vivit', 'sora']]
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from .errors import AmbiguousNode, GraphDataError, NodeNotFound, NoPath, PaperhopError
from .load import load
from .queries.paths import reading_list, reading_paths
from .queries.resolve import resolve

if TYPE_CHECKING:
    import networkx as nx
    from pyvis.network import Network

    from .export.notebook import NotebookGraph

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
    "to_pyvis",
]


def show(graph: nx.DiGraph | str | os.PathLike[str] | None = None, **options: Any) -> NotebookGraph:
    """The graph (a loaded one, a graph folder, or by default the one the CLI would use) as a notebook output.

    The options are ``paperhop export html``'s (``paperhop.export.notebook.notebook_graph`` says each):

    >>> page = show(reading_list="sora", height=480)
    >>> page.papers, page.height
    (17, 480)
    """
    import networkx as nx

    from .export.notebook import notebook_graph

    return notebook_graph(graph if isinstance(graph, nx.DiGraph) else load(graph), **options)


def to_pyvis(
    graph: nx.DiGraph | str | os.PathLike[str] | None = None,
    *,
    layout: str = "flow",
    height: int | str = 720,
    **options: Any,
) -> Network:
    """The graph as a pyvis ``Network`` (``export.network``), to customise as any pyvis graph: its nodes, edges,
    styles and tooltips as paperhop draws them. The view options are ``show``'s; *height* is in pixels.

    >>> net = to_pyvis(reading_list="vivit")
    >>> sorted(n["id"] for n in net.nodes)
    ['patches', 'self-attention', 'transformer', 'vit', 'vivit']
    """
    import networkx as nx

    from .export.network import to_network
    from .export.notebook import named_view, pixels

    G = graph if isinstance(graph, nx.DiGraph) else load(graph)
    return to_network(named_view(G, **options), layout=layout, height=f"{pixels(height)}px")


def __getattr__(name: str) -> Any:
    """``NotebookGraph`` (notebook display) imports the exporters: only when a notebook asks for it, so that every
    command does not pay for them at start-up."""
    if name == "NotebookGraph":
        from .export import notebook

        return getattr(notebook, name)
    raise AttributeError(f"module 'paperhop' has no attribute {name!r}")
