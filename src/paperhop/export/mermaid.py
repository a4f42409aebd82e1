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
