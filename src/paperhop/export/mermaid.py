"""View -> a Markdown ```mermaid block, for blogs and READMEs that run no scripts."""

from __future__ import annotations

from ..render.text import plain_text
from .view import View

__all__ = ["render_mermaid"]

MERMAID_ARROW = {"builds_on": "==>", "cites": "-.->", "introduces": "-->", "uses": "-->"}


def render_mermaid(view: View) -> str:
    """A Markdown ```mermaid block, one line a node and one line an edge."""
    ids = {n.id: n.id.replace("-", "_") for n in view.nodes}
    lines = ["```mermaid", "flowchart LR"]
    for n in view.nodes:
        label = _mermaid_text(n.label)
        lines.append(f'  {ids[n.id]}{{{{"{label}"}}}}' if n.type == "concept" else f'  {ids[n.id]}["{label}"]')
    for e in view.edges:
        lines.append(f"  {ids[e.source]} {MERMAID_ARROW[e.kind]} {ids[e.target]}")
    # Shrunk to a blog's column, a diagram of this size has small names: as in the HTML export, the path is what
    # reads at a glance (filled nodes, thick arrows) and the rest of the view is faded. linkStyle counts the edge
    # lines above from 0.
    _styled(lines, "onpath", "fill:#2f4b7c,stroke:#2f4b7c,color:#ffffff,font-weight:bold", view, ids, highlighted=True)
    _styled(lines, "faded", "fill:#f6f6f6,stroke:#cccccc,color:#8c8c8c", view, ids, highlighted=False)
    lines.append("```")
    return "\n".join(lines) + "\n"


def _styled(lines: list[str], name: str, style: str, view: View, ids: dict[str, str], *, highlighted: bool) -> None:
    """The class and link-style lines of the path's nodes and edges (highlighted) or of the faded ones."""
    nodes = [ids[n.id] for n in view.nodes if (n.highlighted if highlighted else n.faded)]
    edges = [str(i) for i, e in enumerate(view.edges) if (e.highlighted if highlighted else e.faded)]
    if nodes:
        lines.append(f"  classDef {name} {style}")
        lines.append(f"  class {','.join(nodes)} {name}")
    if edges:
        width = "stroke-width:4px" if highlighted else "stroke-width:1px"
        color = "#2f4b7c" if highlighted else "#d4d4d4"
        lines.append(f"  linkStyle {','.join(edges)} stroke:{color},{width}")


# Mermaid entity codes; '#' too, so that a label's own '#quot;' stays text.
_MERMAID_ESCAPES = str.maketrans({"#": "#35;", "&": "#amp;", '"': "#quot;", "<": "#lt;", ">": "#gt;", "`": "#96;"})


def _mermaid_text(text: str) -> str:
    """A label for inside "...": one line, and no markup, quote or backtick (Markdown labels) of its own.
    Mermaid labels are HTML in most renderers."""
    return plain_text(text).translate(_MERMAID_ESCAPES)
