"""View -> node-link JSON, which ``networkx.node_link_graph(doc, edges="links")`` reads back.

A node is the one node shape of every paperhop JSON output (``results.Node``:
every field of its record, ``type``, ``label``, ``link`` for papers) plus ``id``
(its key, as node-link JSON wants), ``highlighted`` and, in a reading list,
``position``. A link carries ``links`` (kind -> note, best kind first) and
``highlighted``. The document carries ``"paperhop_json": 1`` like every result.
"""

from __future__ import annotations

from ..render.json import dumps
from ..results import JSON_VERSION, Node
from .view import View

__all__ = ["render_json"]


def render_json(view: View) -> str:
    """The node-link JSON of *view*."""
    nodes = []
    for n in view.nodes:
        node = {"id": n.id, **Node(n.record).to_json(), "highlighted": n.highlighted}
        if n.position is not None:
            node["position"] = n.position
        nodes.append(node)
    links = [
        {"source": e.source, "target": e.target, "links": e.links, "highlighted": e.highlighted} for e in view.edges
    ]
    document = {
        "paperhop_json": JSON_VERSION,
        "directed": True,
        "multigraph": False,
        "graph": {"name": view.name, "title": view.title},
        "nodes": nodes,
        "links": links,
    }
    return dumps(document)
