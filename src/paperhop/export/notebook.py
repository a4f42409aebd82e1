"""The graph inline in a notebook (JupyterLab, VS Code, Colab, and nbconvert's HTML).

``show(...)`` returns a ``NotebookGraph``, whose ``_repr_html_`` is an
``<iframe srcdoc>`` holding the standalone page. That is the one form those
front ends render alike: each treats scripts in an output differently (some
drop them, some run them once, some sandbox them), but an iframe's document is
its own, with its own scripts and styles. The page needs no network (its
Content-Security-Policy allows none), so a notebook opened offline, or exported,
still draws it.

The frame is as tall as the page it holds, measured, not guessed: the page
(whose scripts always run: they are the frame's own) tells its parent its
height with ``postMessage`` whenever it changes, and a short script in the
output sets the frame to it. A front end that drops the output's script still
gets a frame of a height estimated for its width (a container query on the
output's width): the graph beside the list where there is room, and where the
list wraps below the graph, the list too. An estimate that falls short leaves
the rest of the page a scroll away inside the frame, never cut off.

>>> import paperhop
>>> graph = paperhop.show(path=("vit", "sora"))
>>> graph.title
'Reading path from ViT to Sora'
>>> graph._repr_html_().startswith("<div class=")
True
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import networkx as nx

from ..errors import PaperhopError
from ..queries.resolve import resolve
from .view import View, build_view

__all__ = ["NotebookGraph", "named_view", "notebook_graph", "pixels"]

HEIGHTS = (100, 5000)  # px: the graph's height, as show() accepts it

# What the static height assumes of the page (assets/page.css and page.js), by the frame's width. Only a
# front end that drops the output's script uses it; everywhere else the page's own measure replaces it.
BESIDE = 822  # px of frame from which the list sits beside the graph (canvas 520 + list 300 + border 2)
STRIP = 482  # ... below which a path, list or plan is a strip of boxes (a canvas under 480 px)
STRIP_ROW, STRIP_END, STRIP_LEAST = 64, 40, 200  # the strip's height: a row a paper
LIST_HEAD = 60  # the list's heading, note and padding, when the list is below the graph
# (frame width from, bar + legend + border, a list item's height when the list is below the graph), widest first
BANDS = ((1100, 110, 0), (BESIDE, 150, 0), (STRIP, 160, 78), (0, 320, 105))

# In the frame: its height, to the parent, whenever it changes (and again when asked).
TELL = (
    "<script>(function () {"
    "var told = 0;"
    "function tell() {"
    " var h = Math.ceil(document.body.getBoundingClientRect().height);"
    ' if (h > 0 && h !== told) { told = h; parent.postMessage({paperhop: "height", height: h}, "*"); }'
    "}"
    "if (window.ResizeObserver) new ResizeObserver(tell).observe(document.body);"
    'addEventListener("load", tell);'
    'addEventListener("message", function (e) {'
    ' if (e.source === parent && e.data && e.data.paperhop === "height?") { told = 0; tell(); }'
    "});"
    "})();</script>"
)
# In the output, after the frame: the frame's height is what its page says (only its own page's word counts).
LISTEN = (
    "<script>(function () {"
    "var script = document.currentScript, frame = script && script.previousElementSibling;"
    'if (!frame || frame.tagName !== "IFRAME") return;'
    'addEventListener("message", function (e) {'
    ' if (e.source !== frame.contentWindow || !e.data || e.data.paperhop !== "height") return;'
    " var h = Number(e.data.height);"
    ' if (h > 0 && h < 1e6) frame.style.setProperty("height", Math.ceil(h) + "px", "important");'
    "});"
    'try { frame.contentWindow.postMessage({paperhop: "height?"}, "*"); } catch (err) { /* it tells when it loads */ }'
    "})();</script>"
)


@dataclass(frozen=True)
class NotebookGraph:
    """A rendered page and what its frame needs to know; notebooks call ``_repr_html_``."""

    page: str
    title: str
    height: int  # of the graph itself, in px
    papers: int = 0  # on the list beside (or below) the graph
    strip: bool = False  # a path, list or plan: on a phone, a strip of boxes

    def frame_heights(self) -> list[tuple[int, int]]:
        """The static height of the frame from each frame width on, widest first: ``[(width, height), ...]``."""
        heights = []
        for width, chrome, item in BANDS:
            strip = self.strip and width < STRIP
            drawn = max(self.papers * STRIP_ROW + STRIP_END, STRIP_LEAST) if strip else self.height
            below = LIST_HEAD + self.papers * item if item else 0
            heights.append((width, chrome + drawn + below))
        return heights

    def _repr_html_(self) -> str:
        end = self.page.rfind("</body>")
        page = self.page[:end] + TELL + self.page[end:]
        document = page.replace("&", "&amp;").replace("'", "&#39;")  # the page's own quotes are mostly "
        title = self.title.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
        name = "paperhop-frame-" + hashlib.sha256(self.page.encode()).hexdigest()[:10]
        heights = self.frame_heights()
        usual = next(h for w, h in heights if w == BESIDE)  # a notebook's usual width, if no style sheet is kept
        rules = "".join(  # narrowest first: the widest that applies is the last, and wins
            f"@container (min-width: {w}px) {{ .{name} > iframe {{ height: {h}px !important; }} }}"
            for w, h in reversed(heights)
        )
        return (
            f'<div class="{name}" style="container-type: inline-size"><style>{rules}</style>'
            f'<iframe srcdoc=\'{document}\' title="{title}" sandbox="allow-scripts allow-popups"'
            f' style="display: block; width: 100%; height: {usual}px; border: 0"></iframe>'
            f"{LISTEN}</div>"
        )


def notebook_graph(
    G: nx.DiGraph, *, layout: str = "flow", theme: str = "light", height: int | str = 540, **view: Any
) -> NotebookGraph:
    """The graph *G* as a notebook output (``paperhop.show`` loads a graph folder first).

    The options are ``paperhop export html``'s: *focus* and *depth*, *path* (two papers), *reading_list*
    (a target), *plan* (several targets: "sora,dit" or a list) and *max* (at most that many papers), *known*
    (papers already read, left out of the list: "vit,clip" or a list; the known-papers file is not read),
    *concepts*, *layout*, *theme*, and *height*, the graph's, in pixels (480 or "480px"). Papers are named as
    on the command line ("ViT", an arXiv id, ...). The frame around the page is as tall as the page.
    """
    from .html import render_html

    height_px = pixels(height)
    drawn = named_view(G, **view)  # the view options: named_view's
    page = render_html(drawn, layout=layout, theme=theme, height=f"{height_px}px")
    return NotebookGraph(
        page=page,
        title=drawn.title,
        height=height_px,
        papers=len(drawn.items),
        strip=drawn.mode in ("path", "list", "plan"),
    )


def named_view(
    G: nx.DiGraph,
    *,
    focus: str | None = None,
    depth: int = 1,
    path: tuple[str, str] | None = None,
    reading_list: str | None = None,
    plan: str | Iterable[str] | None = None,
    max: int | None = None,
    known: str | Iterable[str] = (),
    concepts: bool = True,
) -> View:
    """``build_view`` with its papers named as on the command line ("ViT", an arXiv id, ...), and *plan* and
    *known* given as "sora,dit" or a list: the view options of ``notebook_graph`` and ``paperhop.to_pyvis``."""
    if max is not None and (isinstance(max, bool) or not isinstance(max, int) or max < 0):
        raise PaperhopError(f"max: a number of papers, 0 or more (got {max!r})")
    targets = [resolve(G, name) for name in _names(plan)]
    return build_view(
        G,
        concepts=concepts,
        focus=resolve(G, focus) if focus else None,
        depth=depth,
        path=(resolve(G, path[0]), resolve(G, path[1])) if path else None,
        reading_list_of=resolve(G, reading_list) if reading_list else None,
        plan=targets or None,
        max_papers=max,
        known=[resolve(G, name) for name in _names(known)],
    )


def pixels(height: object) -> int:
    """480 or "480px" -> 480; anything else is one clear error."""
    text = str(height).strip() if isinstance(height, int | str) and not isinstance(height, bool) else ""
    found = re.fullmatch(r"(\d{1,6})(?:\s*px)?", text)
    if not found or not HEIGHTS[0] <= int(found[1]) <= HEIGHTS[1]:
        low, high = HEIGHTS
        raise PaperhopError(f"height: pixels from {low} to {high}, such as 480 or '480px' (got {height!r})")
    return int(found[1])


def _names(names: str | Iterable[str] | None) -> list[str]:
    """Papers as the command takes them: comma-separated, or several (each of which may be comma-separated)."""
    if names is None:
        return []
    texts = [names] if isinstance(names, str) else list(names)
    for text in texts:
        if not isinstance(text, str):
            raise PaperhopError(f"papers are named by strings, such as 'vit' (got {text!r})")
    return [name.strip() for text in texts for name in text.split(",") if name.strip()]
