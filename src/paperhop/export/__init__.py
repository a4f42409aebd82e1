"""Exports of a graph, one module per format (html, mermaid, graphml, json), all over one view-model (``view.py``).

``build_view`` chooses what to show (the whole graph, a neighbourhood, a path,
a reading list) and how (colour, shape, size, position, highlight); each format
module turns a ``View`` into a string and does nothing else.
"""

from .view import View, ViewEdge, ViewNode, build_view

__all__ = ["View", "ViewEdge", "ViewNode", "build_view"]
