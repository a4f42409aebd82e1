"""View -> GraphML, for Gephi and Cytoscape: flat attributes only (lists joined with "; ")."""

from __future__ import annotations

import re

import networkx as nx

from .view import View

__all__ = ["render_graphml"]


def render_graphml(view: View) -> str:
    """The GraphML of *view*: each node with every field of its record, colour and position;
    each edge with its kind, all its kinds and their notes."""
    H = nx.DiGraph(name=_xml_text(view.title))
    for n in view.nodes:
        attrs = {"type": n.type, "label": _xml_text(n.name), "color": n.color, "x": float(n.x), "y": float(n.y)}
        for field, value in n.record.model_dump(exclude={"key"}).items():
            if isinstance(value, list):
                value = "; ".join(value)
            if value not in (None, ""):
                attrs[field] = _xml_text(value) if isinstance(value, str) else value
        if n.position is not None:
            attrs["position"] = n.position
        H.add_node(n.id, **attrs)
    for e in view.edges:
        notes = _xml_text(" | ".join(f"{k}: {v}" for k, v in e.links.items() if v))
        H.add_edge(e.source, e.target, kind=e.kind, kinds=",".join(e.links), note=notes, highlighted=e.highlighted)
    return "\n".join(nx.generate_graphml(H, prettyprint=True)) + "\n"


# What XML 1.0 cannot hold, even escaped: most C0 controls, lone surrogates, U+FFFE and U+FFFF.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)
