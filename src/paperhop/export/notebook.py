"""The graph inline in a notebook (JupyterLab, VS Code, Colab, and nbconvert's HTML).

``show(...)`` returns a ``NotebookGraph``, whose ``_repr_html_`` is an
``<iframe srcdoc>`` holding the standalone page. That is the one form those
front ends render alike: each treats scripts in an output differently (some
drop them, some run them once, some sandbox them), but an iframe's document is
its own, with its own scripts and styles. The page needs no network (its
Content-Security-Policy allows none), so a notebook opened offline, or exported,
still draws it.

>>> import paperhop
>>> graph = paperhop.show(path=("vit", "sora"))
>>> graph.title
'Reading path from ViT to Sora'
>>> graph._repr_html_().startswith("<iframe srcdoc='<!DOCTYPE html>")
True
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import networkx as nx

from ..load import load
from ..queries.resolve import resolve
from .view import build_view

__all__ = ["NotebookGraph", "show"]

CHROME = 170  # px around the graph in the page: its bar and legend (taller on a phone, where they wrap)


@dataclass(frozen=True)
class NotebookGraph:
    """A rendered page and the height it wants; notebooks call ``_repr_html_``."""

    page: str
    title: str
    height: int  # of the graph itself, in px

    def _repr_html_(self) -> str:
        document = self.page.replace("&", "&amp;").replace("'", "&#39;")  # the page's own quotes are mostly "
        title = self.title.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
        return (
            f'<iframe srcdoc=\'{document}\' title="{title}" sandbox="allow-scripts allow-popups"'
            f' style="width: 100%; height: {self.height + CHROME}px; border: 0"></iframe>'
        )


def show(
    graph: nx.DiGraph | str | os.PathLike[str] | None = None,
    *,
    focus: str | None = None,
    depth: int = 1,
    path: tuple[str, str] | None = None,
    reading_list: str | None = None,
    concepts: bool = True,
    layout: str = "flow",
    theme: str = "light",
    height: int = 540,
) -> NotebookGraph:
    """The graph (a loaded one, a graph folder, or by default the one the CLI would use) as a notebook output.

    The options are ``paperhop export html``'s: *focus* and *depth*, *path* (two papers), *reading_list*
    (a target), *concepts*, *layout*, *theme*; papers are named as on the command line ("ViT", an arXiv id, ...).
    """
    from .html import render_html

    G = graph if isinstance(graph, nx.DiGraph) else load(graph)
    view = build_view(
        G,
        concepts=concepts,
        focus=resolve(G, focus) if focus else None,
        depth=depth,
        path=(resolve(G, path[0]), resolve(G, path[1])) if path else None,
        reading_list_of=resolve(G, reading_list) if reading_list else None,
    )
    page = render_html(view, layout=layout, theme=theme, height=f"{height}px")
    return NotebookGraph(page=page, title=view.title, height=height)
