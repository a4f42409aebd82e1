"""The ordered list beside the graph, as real HTML: the page's content without JavaScript.

``render_list_html(view)`` gives ``<ol class="paperhop-list">`` with one
``<li data-key="KEY">`` a paper (or concept), in the order and with the numbers
the CLI gives: number, year, name, linked title, one-line reason. The class and
``data-key`` are a documented hook for site styles and tests. Record text is
escaped, and a link is only ever a record's http(s) URL. The numbers are text, not ``value``
attributes: Chromium renumbers an ``<ol>`` of explicit values in quadratic time. ``page_data(view)`` is
what page.js needs to redo the list, the path and the plan in the page.
"""

from __future__ import annotations

import html

from ..graph import KIND_WEIGHT
from ..queries.paths import VIA
from ..records import EDGE_KINDS
from ..results.paths import WHY
from .view import ListItem, View

__all__ = ["page_data", "render_list_html"]

HEADINGS = {"order": "Reading order", "list": "Reading list", "path": "Reading path", "plan": "Reading plan"}


def render_list_html(view: View) -> str:
    """The view's ordered list as an HTML section (escaped; links http(s) only; no '@', so no
    record text can look like a placeholder of the page's template)."""
    e = html.escape
    items = "\n".join(_item(i) for i in view.items)
    return _no_at(
        f'<section class="ph-reading" aria-label="{e(HEADINGS[view.mode])}">\n'
        f'<h2 class="ph-heading">{e(view.title)}</h2>\n'
        '<p class="ph-note" hidden></p>\n'
        f'<ol class="paperhop-list">\n{items}\n</ol>\n'
        "</section>"
    )


def _no_at(text: str) -> str:
    return text.replace("@", "&#64;")


def _item(item: ListItem) -> str:
    e = html.escape
    title = e(item.title)
    if item.url and item.url.lower().startswith(("http://", "https://")):
        title = f'<a href="{e(item.url)}" rel="noopener noreferrer">{title}</a>'
    year = f' <span class="ph-year">{item.year}</span>' if item.year is not None else ""
    return (
        f'<li data-key="{e(item.key)}">'
        # Without styles (no JavaScript) the <ol> numbers the items itself, and <br> parts the lines.
        f'<span class="ph-num" hidden>{item.number}.</span> <strong class="ph-name">{e(item.name)}</strong>{year}<br>'
        f'<span class="ph-link">{title}</span><br>'
        f'<span class="ph-reason">{e(item.reason)}</span></li>'
    )


def page_data(view: View) -> dict[str, object]:
    """The list's question, for page.js to ask again (other papers known, another path), and the list's own
    items (``listed``: their places in the graph's keys), so the page knows what it shows without reading it back."""
    keys: list[str] = view.query.get("keys", [])  # type: ignore[assignment]
    place = {key: i for i, key in enumerate(keys)}
    return {
        "mode": view.mode,
        "ends": view.ends,
        "known": view.known,
        "max": view.max_papers,
        "listed": [place[item.key] for item in view.items] if all(i.key in place for i in view.items) else None,
        "graph": view.query,
        "engine": ENGINE,
    }


# The constants of the page's query engine, from the CLI's own: link kinds (a kind is bit i of an edge's kinds, in
# this order), each --via as a mask of them, each kind's cost, and the sentences that say why a step follows.
ENGINE = {
    "kinds": list(EDGE_KINDS),
    "via": {name: sum(1 << i for i, kind in enumerate(EDGE_KINDS) if kind in kinds) for name, kinds in VIA.items()},
    "weights": [KIND_WEIGHT[kind] for kind in EDGE_KINDS],
    "why": WHY,
}
