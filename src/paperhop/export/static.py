"""View -> formats for places that run no scripts: node-link JSON, GraphML, Mermaid."""

from __future__ import annotations

import json
import re

import networkx as nx

from ..graph import record
from ..render import plain_text
from .view import View

__all__ = ["render_graphml", "render_json", "render_mermaid"]

MERMAID_ARROW = {"builds_on": "==>", "cites": "-.->", "introduces": "-->", "uses": "-->"}


def render_json(view: View, G: nx.DiGraph) -> str:
    """Node-link JSON (``networkx.node_link_graph(doc, edges="links")`` reads it back).

    Nodes carry every field of their record plus ``type``, ``label`` and, for
    papers, ``link``; links carry ``links`` (kind -> note); both carry
    ``highlighted`` and, in a reading list, nodes carry ``position``.
    """
    nodes = []
    for n in view.nodes:
        rec = record(G, n.id)
        node = {"id": n.id, "type": n.type, "label": n.name, **rec.model_dump(mode="json", exclude={"key"})}
        if n.type == "paper":
            node["link"] = n.url
        node["highlighted"] = n.highlighted
        if n.position is not None:
            node["position"] = n.position
        nodes.append(node)
    links = [
        {"source": e.source, "target": e.target, "links": e.links, "highlighted": e.highlighted} for e in view.edges
    ]
    document = {
        "directed": True,
        "multigraph": False,
        "graph": {"name": view.name, "title": view.title},
        "nodes": nodes,
        "links": links,
    }
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def render_graphml(view: View, G: nx.DiGraph) -> str:
    """GraphML for Gephi and Cytoscape: flat attributes only (lists joined with "; ")."""
    H = nx.DiGraph(name=_xml_text(view.title))
    for n in view.nodes:
        rec = record(G, n.id)
        attrs = {"type": n.type, "label": _xml_text(n.name), "color": n.color, "x": float(n.x), "y": float(n.y)}
        for field, value in rec.model_dump(exclude={"key"}).items():
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


def render_mermaid(view: View) -> str:
    """A Markdown ```mermaid block, one line a node and one line an edge."""
    ids = {n.id: n.id.replace("-", "_") for n in view.nodes}
    lines = ["```mermaid", "flowchart LR"]
    for n in view.nodes:
        label = _mermaid_text(n.label)
        lines.append(f'  {ids[n.id]}{{{{"{label}"}}}}' if n.type == "concept" else f'  {ids[n.id]}["{label}"]')
    for e in view.edges:
        lines.append(f"  {ids[e.source]} {MERMAID_ARROW[e.kind]} {ids[e.target]}")
    highlighted = [ids[n.id] for n in view.nodes if n.highlighted]
    if highlighted:
        lines.append("  classDef onpath stroke-width:3px,stroke:#2f4b7c")
        lines.append(f"  class {','.join(highlighted)} onpath")
    lines.append("```")
    return "\n".join(lines) + "\n"


# Mermaid entity codes; '#' too, so that a label's own '#quot;' stays text.
_MERMAID_ESCAPES = str.maketrans({"#": "#35;", "&": "#amp;", '"': "#quot;", "<": "#lt;", ">": "#gt;", "`": "#96;"})


def _mermaid_text(text: str) -> str:
    """A label for inside "...": one line, and no markup, quote or backtick (Markdown labels) of its own.
    Mermaid labels are HTML in most renderers."""
    return plain_text(text).translate(_MERMAID_ESCAPES)


# What XML 1.0 cannot hold, even escaped: most C0 controls, lone surrogates, U+FFFE and U+FFFF.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)
