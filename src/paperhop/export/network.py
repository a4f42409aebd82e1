"""View -> a pyvis ``Network``: for people who already build and customise pyvis graphs in notebooks.

``paperhop.to_pyvis(...)`` gives one, with the view options of ``paperhop export html``: paperhop's nodes (captions,
colours, shapes and places), its edges (each kind's colour, width and dashes) and their tooltips, and the page's
own vis-network options, set through pyvis. Its ``write_html`` page carries vis-network inline, so it draws offline
(pyvis's template also asks jsdelivr for Bootstrap, always: offline, only that styling is lost).

Record text stays text. vis-network shows a string tooltip as text; but pyvis's page shows a node's tooltip as
HTML when it holds "href" (its link popup), so a tooltip never does: the word is broken by a zero-width
non-joiner, which nobody sees. Labels are drawn on the canvas, and pyvis writes nodes and edges with Jinja's
``tojson``, which escapes markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .html import LARGE, pyvis_network
from .view import EDGE_STYLE, View, ViewEdge

if TYPE_CHECKING:
    from pyvis.network import Network

__all__ = ["to_network"]


def to_network(view: View, *, layout: str = "flow", height: str = "720px") -> Network:
    """A pyvis ``Network`` that draws *view* as paperhop's page does (without its list and controls).

    >>> from paperhop import load
    >>> from paperhop.export import build_view
    >>> net = to_network(build_view(load(), reading_list_of="vivit"))
    >>> sorted(n["id"] for n in net.nodes)
    ['patches', 'self-attention', 'transformer', 'vit', 'vivit']
    """
    net = pyvis_network(layout, large=len(view.edges) > LARGE, height=height, cdn_resources="in_line")
    for n in view.nodes:
        net.add_node(
            n.id, label=n.label, title=_text(n.tooltip), color=n.color, shape=n.shape, size=n.size, x=n.x, y=n.y
        )
    for e in view.edges:
        style = EDGE_STYLE[e.kind]
        net.add_edge(
            e.source,
            e.target,
            title=_text(_edge_tooltip(e)),
            color=style["color"],
            width=style["width"],
            dashes=style["dashes"],
            arrows="to",
        )
    return net


def _edge_tooltip(edge: ViewEdge) -> str:
    """The kinds of *edge*, each with its note, and its evidence: plain text, a line each."""
    lines = [
        f"{EDGE_STYLE[kind]['label']}: {note}" if note else str(EDGE_STYLE[kind]["label"])
        for kind, note in edge.links.items()
    ]
    return "\n".join([*lines, *([edge.evidence] if edge.evidence else [])])


def _text(text: str) -> str:
    """*text* as a pyvis tooltip: never holding "href", which would make pyvis's page show it as HTML."""
    return text.replace("href", "hr\u200cef")
