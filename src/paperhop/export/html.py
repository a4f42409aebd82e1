"""View -> one self-contained HTML page (or a fragment to paste into a blog post).

pyvis gives the vis-network options; the rest is owned here, because pyvis
0.3.2 gets it wrong (CDN assets, a ``lib/`` folder written into the working
directory, unescaped headings, quadratic node lists), and its vis-network
build is heavy and writes globals. So: vis-network is our own build of the
same version (assets/vis-network.js, made by tools/vis-network/build.sh), run
inside a function; its CSS is the two rules the page uses. Record-derived
strings reach the page through ``textContent`` or escaped, the data goes in as
JSON that cannot close its ``<script>``, and the caller writes UTF-8.

The fragment is a guest on pages paperhop never sees (assets/embed.js says
how): no blank or indented line, so Markdown keeps it whole; its markup and
styles in a shadow root; no page global read or written; the page scrolls
over it; without JavaScript, a plain ordered list of the papers with links.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import PaperhopError
from .panel import page_data, render_list_html
from .view import EDGE_STYLE, END_SIZE, LAYER_GAP, ROW_GAP, YEAR_GAP, View, ViewEdge, ViewNode, display_name

if TYPE_CHECKING:
    from pyvis.network import Network

__all__ = ["LARGE", "THEMES", "css_length", "library_url", "pyvis_network", "render_html", "shared_library"]

# Text, muted text and links are at least 4.5:1 against the background and the panel (tests/test_page_state.py).
THEMES = {
    "light": {
        "background": "#ffffff",
        "text": "#1f2328",
        "muted": "#59636e",
        "border": "#d1d9e0",
        "panel": "#f6f8fa",
        "curated": "#2f4b7c",
        "link": "#0969da",
    },
    "dark": {
        "background": "#161b22",
        "text": "#e6edf3",
        "muted": "#9198a1",
        "border": "#3d444d",
        "panel": "#212830",
        "curated": "#8fb3e6",
        "link": "#58a6ff",
    },
}
LARGE = 2000  # edges: beyond this, straight solid lines that page.js draws itself (vis-network gets the nodes)
VIS_VERSION = "9.1.2"  # assets/vis-network.js, built by tools/vis-network/build.sh


def render_html(
    view: View,
    *,
    embed: bool = False,
    layout: str = "flow",
    theme: str = "light",
    height: str = "720px",
    width: str = "100%",
    element_id: str | None = None,
    shared_lib: str | None = None,
    link_state: bool = False,
) -> str:
    """The page (or, with *embed*, the fragment) that draws *view*.

    Element ids are namespaced under *element_id* (by default one derived from
    the content), so several fragments can share a page. With *shared_lib* (a
    URL), the fragment loads vis-network from there, a file holding
    ``shared_library()``, instead of carrying it. *theme* is light, dark or
    auto (the reader's ``prefers-color-scheme``). A fragment leaves the host
    page's URL alone unless *link_state*: then it keeps its view in the URL's
    hash under its own id.
    """
    if theme not in (*THEMES, "auto"):
        raise PaperhopError(f"{theme!r} is not a theme: light, dark or auto")
    large = len(view.edges) > LARGE
    document = _document(view, layout=layout, theme=theme, large=large)
    data = _script_json(document)  # serialised once: a large graph's is megabytes
    digest = hashlib.sha256(data.encode()).hexdigest()
    element_id = element_id or "paperhop-" + digest[:10]
    # Known papers are stored per graph and per fragment: two different fragments of a blog never share them.
    where = {
        "storeKey": f"paperhop-known:{element_id}:{digest[:12]}",
        "linkState": link_state or not embed,  # a standalone page's URL is its own
        "linkPrefix": f"{element_id}:" if embed else "",
    }
    data = data[:-1] + "," + _script_json(where)[1:]  # the object's fields, then these
    if shared_lib is None:
        library, library_tag = _library_expression(), ""
    else:
        library, library_tag = "null", f'<script src="{_html_text(library_url(shared_lib))}"></script>'
    script = _fill(
        _code("embed.js"),
        PAGE=_page_script().rstrip("\n"),
        KEY=_vis_key(),
        ID=element_id,
        WIDTH=css_length(width),
        LARGE="true" if large else "false",
        LIBRARY=library,
    ).replace("</script", "<\\/script")
    fragment = _flat(
        _fill(
            _asset("fragment.html"),
            ID=element_id,
            HEIGHT=css_length(height),
            WIDTH=css_length(width),
            STYLE=_style(element_id, theme),
            VIS_CSS=_asset("vis-network.css").rstrip("\n"),
            LIST=_plain_list(view, large),
            DATA=data,
            LIBRARY_TAG=library_tag,
            SCRIPT=script,
        )
    )
    if embed:
        return fragment
    return _fill(_asset("page.html"), TITLE=_html_text(view.title), BODY=fragment)


def pyvis_network(layout: str, *, large: bool, **network: Any) -> Network:
    """A pyvis ``Network`` (made with the arguments *network*) set as paperhop's page is for *layout*: physics
    for "force", smooth edges unless the graph is *large*. The page takes its options (``_document``);
    ``export.network`` gives it the nodes and edges too."""
    from pyvis.network import Network  # heavy: imported only when an HTML export runs

    net = Network(directed=True, **network)
    if layout == "force":
        net.barnes_hut(gravity=-6000, spring_length=160)
        net.toggle_physics(True)
        net.options.physics.stabilization.iterations = 400  # bounded: the page settles in seconds
        net.options.physics.stabilization.updateInterval = 100
    else:
        net.toggle_physics(False)  # positions come from the view's layout
    if large:  # page.js draws the edges itself; vis-network gets the nodes only
        net.options.edges.smooth.enabled = False
    else:
        net.options.edges.smooth.type = "cubicBezier"
        net.options.edges.smooth.forceDirection = "horizontal" if layout == "flow" else "none"
        net.options.edges.smooth.roundness = 0.35
    net.options.edges.color.inherit = False
    net.options.interaction.hover = True
    net.options.interaction.tooltipDelay = 120
    net.options.nodes = {"font": {"size": 14, "face": "system-ui, sans-serif"}}  # its colour: the theme's (page.js)
    return net


def _document(view: View, *, layout: str, theme: str, large: bool) -> dict[str, Any]:
    """What the page's script draws *view* from: its data block, before the fragment's own fields."""
    nodes, groups, edges, edge_styles, evidence = _columns(view, large)
    options = json.loads(pyvis_network(layout, large=large).options.to_json())  # its options: the data are columns
    options["edges"]["arrows"] = "to"
    options["groups"] = groups
    return {
        "title": view.title,
        "graphName": display_name(view.name),
        "nodes": nodes,
        "edges": edges,
        "edgeStyles": edge_styles,
        "evidence": evidence,
        "sections": view.sections,
        "concepts": any(n.type == "concept" for n in view.nodes),
        "kinds": [
            {
                "kind": k,
                "label": EDGE_STYLE[k]["label"],
                "dashes": False if large else EDGE_STYLE[k]["dashes"],
                "color": EDGE_STYLE[k]["color"],  # builds_on: the theme's "curated"
            }
            for k in view.kinds
        ],
        "options": options,
        "large": large,
        "kindLabels": {k: str(v["label"]) for k, v in EDGE_STYLE.items()},
        "layout": layout,
        "columns": {"flow": LAYER_GAP, "timeline": YEAR_GAP},  # a caption is never wider than a column
        "rowGap": ROW_GAP,  # on a phone the flow stands upright: its layers become rows, its rows columns
        "themes": THEMES,
        "theme": theme,
        "focus": view.focus,
        "endSize": END_SIZE,
        "reading": page_data(view),
    }


PLACEHOLDER = re.compile(r"@([A-Z_]+)@")


def _fill(template: str, **values: str) -> str:
    """Every @NAME@ of *template* filled in one pass: text put in is never read again for placeholders, so record
    text (or the library) that holds "@SCRIPT@" stays as it is, and a page grows linearly with what it holds."""
    return PLACEHOLDER.sub(lambda m: values[m.group(1)] if m.group(1) in values else m.group(0), template)


def _plain_list(view: View, large: bool) -> str:
    """The reading list as the page's own content, shown as it is without JavaScript (embed.js moves it beside
    the graph). A large graph's goes in a ``<noscript>``: with JavaScript on, the browser then reads it as one
    string instead of laying out thousands of items while the page loads, but a host that strips scripts and
    keeps ``<noscript>`` would hide it, so a list of ordinary size stays a plain ``<div>``."""
    tag = "noscript" if large else "div"
    return f'<{tag} class="ph-nojs">{render_list_html(view)}</{tag}>'


def shared_library() -> str:
    """The file ``--shared-lib`` writes beside the fragments: vis-network, run once per page.

    It keeps the library where embed.js looks first (a registered symbol on ``window``, not enumerable) and
    defines no global name, so the page's own ``vis`` is left alone.
    """
    return (
        "(function () {\n"
        f'var key = Symbol.for("{_vis_key()}");\n'
        "if (window[key]) return;\n"
        f"Object.defineProperty(window, key, {{value: {_library_expression()}}});\n"
        "})();\n"
    )


@functools.cache
def _vis_key() -> str:
    """The symbol the library is kept under: one per build, so two builds on a page never mix."""
    digest = hashlib.sha256(_asset("vis-network.js").encode()).hexdigest()[:12]
    return f"paperhop vis-network {VIS_VERSION} {digest}"


LIBRARY_URL = re.compile(r"(https?://)?[\w.~/%+-]+")


def library_url(value: str) -> str:
    """Only a plain relative or http(s) URL names the shared library ("vis.js", "/js/paperhop-vis.js")."""
    if not LIBRARY_URL.fullmatch(value):
        raise PaperhopError(f"{value!r} is not a plain URL for the shared library, such as paperhop-vis.js")
    return value


def _library_expression() -> str:
    """vis-network as one expression, run in a function of its own: its ``var vis`` stays there."""
    return "(function () {\n" + _asset("vis-network.js").rstrip("\n") + ";\nreturn vis;\n})()"


def _flat(html: str) -> str:
    """No blank line and no indented line: Markdown keeps the fragment as one raw HTML block.

    A blank line ends an HTML block in CommonMark, and a line indented by four spaces can read as code.
    """
    return "\n".join(line.lstrip() for line in html.splitlines() if line.strip()) + "\n"


def _columns(
    view: View, large: bool
) -> tuple[dict[str, list[object]], dict[str, object], dict[str, list[int]], list[object], dict[str, str]]:
    """The nodes and edges as columns of plain values, each style sent once.

    A node is its place in the query graph's keys (``reading.graph.keys``), its tooltip, size and positions,
    and a vis-network group: one a distinct look (colour, shape). An edge is two such places and a style
    (kind, width, dashes; page.js colours it from the theme) from *edge_styles*; its kinds and notes are the
    query graph's. These are the looks of the graph at rest: page.js numbers, highlights and fades them from
    the page's one state. Styles are numbered in the order the (sorted) nodes and edges first use them, so the
    same view gives the same columns. *evidence* is a citation's evidence by "source target" places.
    """
    keys: list[str] = view.query["keys"]  # type: ignore[assignment]
    index = {key: i for i, key in enumerate(keys)}
    looks: dict[str, int] = {}
    groups: dict[str, object] = {}
    columns = ("key", "tooltip", "group", "size", "x", "y", "tx", "ty")
    nodes: dict[str, list[object]] = {c: [] for c in columns}
    for n in view.nodes:
        look = _node_look(n)
        group = looks.setdefault(json.dumps(look, sort_keys=True), len(looks))
        groups.setdefault(f"g{group}", look)
        for column, value in (
            ("key", index[n.id]),
            ("tooltip", n.tooltip),
            ("group", group),
            ("size", _number(n.base_size)),
            ("x", _number(n.x)),
            ("y", _number(n.y)),
            ("tx", _number(n.timeline[0])),
            ("ty", _number(n.timeline[1])),
        ):
            nodes[column].append(value)
    styles: dict[str, int] = {}
    edge_styles: list[object] = []
    edges: dict[str, list[int]] = {"from": [], "to": [], "style": []}
    evidence = {}
    for e in view.edges:
        style = _edge_look(e, large)
        number = styles.setdefault(json.dumps(style, sort_keys=True), len(styles))
        if number == len(edge_styles):
            edge_styles.append(style)
        edges["from"].append(index[e.source])
        edges["to"].append(index[e.target])
        edges["style"].append(number)
        if e.evidence:
            evidence[f"{index[e.source]} {index[e.target]}"] = e.evidence
    return nodes, groups, edges, edge_styles, evidence


def _number(value: float) -> float | int:
    """A coordinate or size as JSON: an integer when it is one (-350, not -350.0), else two decimals."""
    return int(value) if value == int(value) else round(value, 2)


def _node_look(node: ViewNode) -> dict[str, object]:
    """A node's look at rest; page.js gives its borders and text the theme's colours."""
    return {"shape": node.shape, "borderWidth": 1, "color": {"background": node.color, "border": node.color}}


def _edge_look(edge: ViewEdge, large: bool) -> dict[str, object]:
    style = EDGE_STYLE[edge.kind]
    return {"kind": edge.kind, "dashes": False if large else style["dashes"], "width": float(style["width"])}  # type: ignore[arg-type]


def _script_json(document: object) -> str:
    """JSON that is safe inside <script>: no '<', '>' or '&' survive as themselves."""
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("@", "\\u0040"),  # no record text looks like a placeholder of the page's templates
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escape)
    return text


def _html_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


CSS_LENGTH = re.compile(r"\d+(\.\d+)?(px|%|em|rem|vh|vw)")


def css_length(value: str) -> str:
    """Only a plain CSS length goes into the style sheet ("720px", "100%", "40em")."""
    if not CSS_LENGTH.fullmatch(value):
        raise PaperhopError(f"{value!r} is not a CSS length such as 720px or 100%")
    return value


def _asset(name: str) -> str:
    """A page asset: a real file in the package (assets/), edited as CSS, JS or HTML."""
    return (Path(__file__).parent / "assets" / name).read_text(encoding="utf-8")


def _page_script() -> str:
    """The page's script: the parts of assets/page/ (its state and query engine, the list, the graph, the phone's
    strip, deep links, the layout), joined in order, without their comment lines."""
    parts = sorted((Path(__file__).parent / "assets" / "page").glob("*.js"))
    return "".join(_code(f"page/{part.name}") for part in parts)


def _code(name: str) -> str:
    """A script asset without its comment lines: every page carries the code, the package the comments."""
    return "".join(line for line in _asset(name).splitlines(keepends=True) if not line.lstrip().startswith("//"))


def _style(element_id: str, theme: str) -> str:
    """The page's CSS, its colours as custom properties: a theme's, or for auto both, by prefers-color-scheme."""

    def palette(c: dict[str, str]) -> str:
        return f"#{element_id} {{ " + " ".join(f"--ph-{name}: {value};" for name, value in c.items()) + " }"

    if theme == "auto":
        colors = palette(THEMES["light"]) + f"\n@media (prefers-color-scheme: dark) {{ {palette(THEMES['dark'])} }}"
    else:
        colors = palette(THEMES[theme])
    css = _asset("page.css").rstrip("\n") + "\n" + _asset("embed.css").rstrip("\n")
    return colors + "\n" + css.replace("#@ID@", f"#{element_id}")
