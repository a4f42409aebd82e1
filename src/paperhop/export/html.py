"""View -> one self-contained HTML page (or a fragment to paste into a blog post).

pyvis is used for what it does well: the vis-network build it ships and its
options. The rest is owned here, because pyvis 0.3.2 gets it wrong: its
templates fetch Bootstrap and vis-network from CDNs, write a ``lib/`` folder
into the working directory, turn every tooltip into innerHTML when one title
contains "href", put the heading and node ids into the page unescaped, and
build node lists in quadratic time. So: vis-network's JavaScript and CSS are
inlined from the installed pyvis, node and edge lists are filled directly, the
data goes in as JSON that cannot close its ``<script>``, every record-derived
string reaches the page through ``textContent``, and the caller writes the
string as UTF-8.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from ..errors import PaperhopError
from .view import EDGE_STYLE, View, ViewEdge, ViewNode

__all__ = ["THEMES", "render_html"]

THEMES = {
    "light": {
        "background": "#ffffff",
        "text": "#1f2328",
        "muted": "#59636e",
        "border": "#d1d9e0",
        "panel": "#f6f8fa",
        "curated": "#2f4b7c",
    },
    "dark": {
        "background": "#161b22",
        "text": "#e6edf3",
        "muted": "#9198a1",
        "border": "#3d444d",
        "panel": "#212830",
        "curated": "#8fb3e6",
    },
}
FADED_ALPHA = 0.18
LARGE = 2000  # edges: beyond this, straight solid lines, hidden while dragging or zooming


def render_html(
    view: View,
    *,
    embed: bool = False,
    layout: str = "flow",
    theme: str = "light",
    height: str = "720px",
    width: str = "100%",
    element_id: str | None = None,
) -> str:
    """The page (or, with *embed*, the fragment) that draws *view*.

    Element ids and styles are namespaced under *element_id* (by default one
    derived from the content), so several fragments can share a page.
    """
    import pyvis  # heavy: imported only when an HTML export runs
    from pyvis.network import Network

    colors = THEMES[theme]
    large = len(view.edges) > LARGE
    net = Network(directed=True)
    net.nodes = [_vis_node(n, colors) for n in view.nodes]  # filled directly: add_node is quadratic
    net.edges = [_vis_edge(i, e, colors, large) for i, e in enumerate(view.edges)]
    if layout == "force":
        net.barnes_hut(gravity=-6000, spring_length=160)
        net.toggle_physics(True)
        net.options.physics.stabilization.iterations = 400  # bounded: the page settles in seconds
        net.options.physics.stabilization.updateInterval = 100
    else:
        net.toggle_physics(False)  # positions come from the view's layout
    if large:  # what a canvas redraw costs: curves, dashes, edges while moving
        net.options.edges.smooth.enabled = False
        net.options.interaction.hideEdgesOnDrag = True
        net.options.interaction.hideEdgesOnZoom = True
    else:
        net.options.edges.smooth.type = "cubicBezier"
        net.options.edges.smooth.forceDirection = "horizontal" if layout == "flow" else "none"
        net.options.edges.smooth.roundness = 0.35
    net.options.edges.color.inherit = False
    net.options.interaction.hover = True
    net.options.interaction.tooltipDelay = 120
    net.options.nodes = {"font": {"color": colors["text"], "size": 14, "face": "system-ui, sans-serif"}}
    options = json.loads(net.options.to_json())

    document = {
        "title": view.title,
        "nodes": net.nodes,
        "edges": net.edges,
        "sections": view.sections,
        "concepts": any(n.type == "concept" for n in view.nodes),
        "kinds": [
            {
                "kind": k,
                "label": EDGE_STYLE[k]["label"],
                "dashes": False if large else EDGE_STYLE[k]["dashes"],
                "color": colors["curated"] if k == "builds_on" else EDGE_STYLE[k]["color"],
            }
            for k in view.kinds
        ],
        "options": options,
        "large": large,
        "kindLabels": {k: str(v["label"]) for k, v in EDGE_STYLE.items()},
    }
    data = _script_json(document)
    element_id = element_id or "paperhop-" + hashlib.sha256(data.encode()).hexdigest()[:10]
    assets = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
    vis_js = (assets / "vis-network.min.js").read_text(encoding="utf-8")
    vis_css = (assets / "vis-network.css").read_text(encoding="utf-8")
    fragment = (
        FRAGMENT.replace("@ID@", element_id)
        .replace("@HEIGHT@", _css_length(height))
        .replace("@WIDTH@", _css_length(width))
        .replace("@STYLE@", _style(element_id, colors))
        .replace("@VIS_CSS@", vis_css)
        .replace("@VIS_JS@", vis_js.replace("</script", "<\\/script"))
        .replace("@SCRIPT@", SCRIPT.replace("@ID@", element_id))
        .replace("@DATA@", data)
    )
    if embed:
        return fragment
    return PAGE.replace("@TITLE@", _html_text(view.title)).replace("@BODY@", fragment)


def _vis_node(node: ViewNode, colors: dict[str, str]) -> dict[str, object]:
    fill = _fade(node.color) if node.faded else node.color
    return {
        "id": node.id,
        "label": node.label,
        "tooltip": node.tooltip,
        "url": node.url,
        "type": node.type,
        "name": node.name,
        "shape": node.shape,
        "size": round(node.size, 2),
        "x": node.x,
        "y": node.y,
        "borderWidth": 4 if node.highlighted else 1,
        "color": {
            "background": fill,
            "border": colors["text"] if node.highlighted else fill,
            "highlight": {"background": node.color, "border": colors["text"]},
            "hover": {"background": node.color, "border": colors["text"]},
        },
        "font": {"color": _fade(colors["text"]) if node.faded else colors["text"], "bold": node.highlighted},
    }


def _vis_edge(number: int, edge: ViewEdge, colors: dict[str, str], large: bool) -> dict[str, object]:
    style = EDGE_STYLE[edge.kind]
    width = float(style["width"])  # type: ignore[arg-type]
    color = colors["curated"] if edge.kind == "builds_on" else str(style["color"])
    return {
        "id": number,
        "from": edge.source,
        "to": edge.target,
        "links": edge.links,
        "arrows": "to",
        "dashes": False if large else style["dashes"],
        "width": width * 2 if edge.highlighted else width,
        "color": {"color": _fade(color) if edge.faded else color, "highlight": color, "hover": color},
    }


def _fade(hex_color: str) -> str:
    r, g, b = (int(hex_color[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{FADED_ALPHA})"


def _script_json(document: object) -> str:
    """JSON that is safe inside <script>: no '<', '>' or '&' survive as themselves."""
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escape)
    return text


def _html_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


CSS_LENGTH = re.compile(r"\d+(\.\d+)?(px|%|em|rem|vh|vw)")


def _css_length(value: str) -> str:
    """Only a plain CSS length goes into the style sheet ("720px", "100%", "40em")."""
    if not CSS_LENGTH.fullmatch(value):
        raise PaperhopError(f"{value!r} is not a CSS length such as 720px or 100%")
    return value


def _style(element_id: str, c: dict[str, str]) -> str:
    return (
        STYLE.replace("#@ID@", f"#{element_id}")
        .replace("@BG@", c["background"])
        .replace("@TEXT@", c["text"])
        .replace("@MUTED@", c["muted"])
        .replace("@BORDER@", c["border"])
        .replace("@PANEL@", c["panel"])
    )


PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>@TITLE@</title>
<style>html, body { margin: 0; padding: 0; }</style>
</head>
<body>
@BODY@
</body>
</html>
"""

FRAGMENT = """<div class="paperhop" id="@ID@" style="width: @WIDTH@">
<style>
@VIS_CSS@
@STYLE@
#@ID@ .ph-canvas { height: @HEIGHT@; }
</style>
<div class="ph-bar">
<strong class="ph-title"></strong>
<input class="ph-search" type="search" placeholder="Find a paper" aria-label="Find a paper" list="@ID@-names">
<datalist id="@ID@-names"></datalist>
<span class="ph-filter"></span>
</div>
<div class="ph-canvas"></div>
<div class="ph-legend"></div>
<aside class="ph-panel" hidden></aside>
<script type="application/json" class="ph-data">@DATA@</script>
<script>if (typeof vis === "undefined") {
@VIS_JS@
}</script>
<script>@SCRIPT@</script>
</div>
"""

STYLE = """#@ID@ { position: relative; box-sizing: border-box;
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif;
  color: @TEXT@; background: @BG@; border: 1px solid @BORDER@; border-radius: 8px; overflow: hidden; }
#@ID@ * { box-sizing: border-box; }
#@ID@ .ph-bar { display: flex; flex-wrap: wrap; gap: 6px 14px; align-items: center; padding: 8px 12px;
  border-bottom: 1px solid @BORDER@; background: @PANEL@; }
#@ID@ .ph-title { font-size: 15px; margin-right: auto; }
#@ID@ .ph-search { font: inherit; padding: 3px 8px; border: 1px solid @BORDER@; border-radius: 6px;
  background: @BG@; color: @TEXT@; min-width: 14em; }
#@ID@ .ph-filter label { margin-left: 8px; color: @MUTED@; white-space: nowrap; cursor: pointer; }
#@ID@ .ph-legend { display: flex; flex-wrap: wrap; gap: 4px 16px; padding: 6px 12px; font-size: 12.5px;
  color: @MUTED@; border-top: 1px solid @BORDER@; background: @PANEL@; }
#@ID@ .ph-legend span { white-space: nowrap; }
#@ID@ .ph-swatch { display: inline-block; width: 11px; height: 11px; border-radius: 50%; margin-right: 5px;
  vertical-align: -1px; }
#@ID@ .ph-swatch.ph-diamond { border-radius: 0; transform: rotate(45deg) scale(.85); }
#@ID@ .ph-line { display: inline-block; width: 26px; margin-right: 5px; vertical-align: 3px; border-top-width: 2px; }
#@ID@ .ph-panel { position: absolute; top: 52px; right: 10px; width: 300px; max-height: 70%; overflow: auto;
  padding: 10px 12px; background: @PANEL@; border: 1px solid @BORDER@; border-radius: 8px;
  box-shadow: 0 4px 14px rgba(0,0,0,.15); font-size: 13px; }
#@ID@ .ph-panel h3 { margin: 0 0 6px; font-size: 14px; }
#@ID@ .ph-panel p { margin: 4px 0; }
#@ID@ .ph-panel a { color: #0969da; word-break: break-all; }
#@ID@ .ph-close { float: right; border: 0; background: none; color: @MUTED@; font-size: 16px; cursor: pointer; }
.ph-tip { white-space: pre-wrap; max-width: 380px; font: 12.5px/1.4 system-ui, sans-serif; }"""

SCRIPT = r"""(function () {
  "use strict";
  var root = document.getElementById("@ID@");
  var data = JSON.parse(root.querySelector("script.ph-data").textContent);
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }
  function tip(text) { return el("div", text, "ph-tip"); }
  function safeUrl(url) { return typeof url === "string" && /^https?:\/\//i.test(url) ? url : null; }

  root.querySelector(".ph-title").textContent = data.title;
  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    var copy = Object.assign({}, n);
    copy.title = tip(n.tooltip);
    return copy;
  }));
  var labels = {};
  data.nodes.forEach(function (n) { labels[n.id] = n.name; });
  function edgeTip(e) {
    var lines = [labels[e.from] + " \u2192 " + labels[e.to]];
    Object.keys(e.links).forEach(function (kind) {
      var note = e.links[kind];
      lines.push(data.kindLabels[kind] + " (" + kind + ")" + (note ? ": " + note : ""));
    });
    return tip(lines.join("\n"));
  }
  var edges = new vis.DataSet(data.edges.map(function (e) {
    var copy = Object.assign({}, e);
    copy.kinds = Object.keys(e.links);
    copy.title = edgeTip(e);
    return copy;
  }));
  var network = new vis.Network(root.querySelector(".ph-canvas"), {nodes: nodes, edges: edges}, data.options);
  root.paperhop = {network: network, nodes: nodes, edges: edges, ready: false};
  function ready() { root.paperhop.ready = true; root.setAttribute("data-ready", "true"); }
  if (data.options.physics && data.options.physics.enabled) {
    network.once("stabilizationIterationsDone", function () { network.setOptions({physics: false}); ready(); });
  } else {
    network.once("afterDrawing", ready);
  }

  var panel = root.querySelector(".ph-panel");
  function show(id) {
    var n = nodes.get(id);
    if (!n) return;
    panel.textContent = "";
    var close = el("button", "\u00d7", "ph-close");
    close.setAttribute("aria-label", "Close");
    close.onclick = function () { panel.hidden = true; };
    panel.appendChild(close);
    panel.appendChild(el("h3", n.label));
    n.tooltip.split("\n").forEach(function (line) {
      var url = safeUrl(line);
      if (url && url === n.url) {
        var a = el("a", url);
        a.href = url; a.target = "_blank"; a.rel = "noopener noreferrer";
        var p = el("p"); p.appendChild(a); panel.appendChild(p);
      } else {
        panel.appendChild(el("p", line));
      }
    });
    panel.hidden = false;
  }
  network.on("click", function (params) {
    if (params.nodes.length) show(params.nodes[0]); else panel.hidden = true;
  });

  var names = root.querySelector("datalist");
  data.nodes.slice().sort(function (a, b) { return a.name.localeCompare(b.name); }).forEach(function (n) {
    var option = document.createElement("option");
    option.value = n.name;
    names.appendChild(option);
  });
  function find(query) {
    var q = query.trim().toLowerCase();
    if (!q) return null;
    var all = data.nodes;
    var exact = all.filter(function (n) { return n.name.toLowerCase() === q || n.id === q; });
    if (exact.length) return exact[0].id;
    var part = all.filter(function (n) { return (n.label + "\n" + n.tooltip).toLowerCase().indexOf(q) >= 0; });
    return part.length ? part[0].id : null;
  }
  var search = root.querySelector(".ph-search");
  function go() {
    var id = find(search.value);
    if (id === null) { search.setCustomValidity("No paper matches"); search.reportValidity(); return; }
    search.setCustomValidity("");
    network.selectNodes([id]);
    network.focus(id, {scale: 1.4, animation: data.large ? false : {duration: 250}});
    show(id);
  }
  search.addEventListener("change", go);
  search.addEventListener("keydown", function (event) { if (event.key === "Enter") go(); });

  var filter = root.querySelector(".ph-filter");
  var shown = {};
  var seen = {};
  data.kinds.forEach(function (k) {
    shown[k.kind] = true;
    var key = k.label;
    if (seen[key]) { seen[key].push(k.kind); return; }
    seen[key] = [k.kind];
    var label = el("label");
    var box = el("input");
    box.type = "checkbox"; box.checked = true; box.value = key;
    box.addEventListener("change", function () {
      seen[key].forEach(function (kind) { shown[kind] = box.checked; });
      edges.update(edges.get().map(function (e) {
        return {id: e.id, hidden: !e.kinds.some(function (kind) { return shown[kind]; })};
      }));
    });
    label.appendChild(box);
    label.appendChild(document.createTextNode(" " + key));
    filter.appendChild(label);
  });

  var legend = root.querySelector(".ph-legend");
  data.sections.forEach(function (s) {
    var item = el("span");
    var swatch = el("i", null, "ph-swatch");
    swatch.style.background = s[1];
    item.appendChild(swatch);
    item.appendChild(document.createTextNode(s[0]));
    legend.appendChild(item);
  });
  if (data.concepts) {
    var concept = el("span");
    var diamond = el("i", null, "ph-swatch ph-diamond");
    diamond.style.background = "#bab0ac";
    concept.appendChild(diamond);
    concept.appendChild(document.createTextNode("concept"));
    legend.appendChild(concept);
  }
  var drawn = {};
  data.kinds.forEach(function (k) {
    if (drawn[k.label]) return;
    drawn[k.label] = true;
    var item = el("span");
    var line = el("i", null, "ph-line");
    var pattern = !k.dashes ? "solid " : (k.dashes[0] < 2 ? "dotted " : "dashed ");
    line.style.borderTop = "2px " + pattern + k.color;
    item.appendChild(line);
    item.appendChild(document.createTextNode(k.label + " \u2192"));
    legend.appendChild(item);
  });
  legend.appendChild(el("span", "size: how many papers build on it; arrows point in reading order"));
})();"""
