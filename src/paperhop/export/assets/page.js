// Runs inside embed.js, which gives it `root` (the graph's element, in a shadow root) and `vis` (its own vis-network).
(function () {
  "use strict";
  var data = JSON.parse(root.querySelector("script.ph-data").textContent);
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }
  function safeUrl(url) { return typeof url === "string" && /^https?:\/\//i.test(url) ? url : null; }

  // The nodes and edges come as columns (export/html.py): a node is its place in the query graph, its tooltip,
  // size, positions and a vis-network group (its look at rest); an edge two places and a style. Every look is
  // sent once; restyle gives each node its caption and its lit or faded look from the page's state.
  var g = data.reading.graph, KINDS = ["builds_on", "introduces", "uses", "cites"];
  function own(o, k) { return Object.prototype.hasOwnProperty.call(o, k); }
  function dict() { return Object.create(null); }  // keyed by record keys: "constructor" is a key like any other
  // The theme: the page's, or with "auto" the reader's, followed when it changes. Every colour the canvas draws
  // comes from it (the CSS follows by itself).
  var scheme = data.theme === "auto" && window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;
  var colors, FADE = 0.18, groups = data.options.groups;
  function fadeColor(hex) {
    var m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
    return m ? "rgba(" + [1, 2, 3].map(function (j) { return parseInt(m[j], 16); }).join(",") + "," + FADE + ")" : hex;
  }
  function kindColor(kind) {
    if (kind === "builds_on") return colors.curated;
    var found = data.kinds.filter(function (k) { return k.kind === kind; })[0];
    return found ? found.color : "#9a9a9a";
  }
  function applyTheme() {
    colors = data.themes[data.theme === "dark" || (scheme && scheme.matches) ? "dark" : "light"];
    data.kinds.forEach(function (k) { k.color = kindColor(k.kind); });
    data.edgeStyles.forEach(function (s) { var c = kindColor(s.kind); s.color = {color: c, highlight: c, hover: c}; });
    data.options.nodes.font.color = colors.text;
    Object.keys(groups).forEach(function (name) {  // at rest; restyle numbers, marks and fades each node
      var look = groups[name], fill = look.color.background, concept = look.shape === "diamond";
      look.color.highlight = {background: fill, border: colors.text};
      look.color.hover = {background: fill, border: colors.text};
      look.font = {color: concept ? colors.muted : colors.text};
    });
  }
  applyTheme();
  if (scheme && scheme.addEventListener) scheme.addEventListener("change", function () { applyTheme(); reading.repaint(); });
  var cols = data.nodes, byId = Object.create(null);
  data.nodes = cols.key.map(function (k, i) {
    var d = {id: g.keys[k], at: k, name: g.label[k], tooltip: cols.tooltip[i], url: g.url[k],
      group: "g" + cols.group[i], size: cols.size[i], x: cols.x[i], y: cols.y[i], tx: cols.tx[i], ty: cols.ty[i]};
    d.borderWidth = groups[d.group].borderWidth;
    d.label = d.name + (g.year[k] === null ? "" : " (" + g.year[k] + ")");  // the panel's title
    byId[d.id] = d;
    return d;
  });
  function kindBits(u, v) {
    var row = g.succ[u];
    for (var j = 0; j < row.length; j++) if (row[j][0] === v) return row[j][1];
    return 0;
  }
  cols = data.edges;
  if (!data.large) data.edges = cols.from.map(function (u, i) {  // a large graph's stay columns: bigGraph
    var v = cols.to[i];
    return {id: i, u: u, v: v, from: g.keys[u], to: g.keys[v], style: cols.style[i], bits: kindBits(u, v)};
  });

  // A long list goes in boxes of CHUNK items that the browser lays out only when they show (content-visibility):
  // one box per item costs it ~15 us each on every layout. Done before vis-network measures the page. The first
  // box, the one that shows as the page opens, holds FIRST items, a little more than a screen of them: the first
  // frame then lays out those, not a hundred.
  var CHUNK = 100, FIRST = 25;
  function chunk() {
    var box = el("div", null, "ph-chunk");
    box.setAttribute("role", "none");  // the items stay the list's own
    return box;
  }
  function boxStart(j) { return j === 0 || j === FIRST || (j > FIRST && (j - FIRST) % CHUNK === 0); }
  function chunked(lis) {
    var out = document.createDocumentFragment(), box = out;
    lis.forEach(function (li, j) {
      if (lis.length > CHUNK && boxStart(j)) box = out.appendChild(chunk());
      box.appendChild(li);
    });
    return out;
  }
  // embed.js's plain list, as markup (export/panel.py's: record text escaped, so only text and http(s) links),
  // parsed where it goes: a long one a box of items at a time, each already in its box.
  function plainList(markup) {
    var at = [], i = markup.indexOf("<li "), end = markup.lastIndexOf("</ol>"), holder = el("div");
    while (i >= 0) { at.push(i); i = markup.indexOf("<li ", i + 1); }
    if (at.length <= CHUNK) {
      holder.innerHTML = markup;
    } else {
      holder.innerHTML = markup.slice(0, at[0]) + markup.slice(end);
      var ol = holder.querySelector(".paperhop-list");
      for (var j = 0; j < at.length; j = j ? j + CHUNK : FIRST) {
        var next = j ? j + CHUNK : FIRST;
        ol.appendChild(chunk()).innerHTML = markup.slice(at[j], next < at.length ? at[next] : end);
      }
    }
    var out = document.createDocumentFragment();
    while (holder.firstChild) out.appendChild(holder.firstChild);
    return out;
  }
  if (listed !== null) slot.parentNode.replaceChild(plainList(listed), slot);

  root.querySelector(".ph-title").textContent = data.graphName;  // the view is named by the list's heading
  var touch = window.matchMedia && window.matchMedia("(hover: none)").matches;  // a tap opens the panel only
  var timeline = data.layout === "timeline";
  // Tooltips are strings: vis-network shows a string as text (innerText), never as markup.
  var nodes = new vis.DataSet(data.nodes.map(function (n) {  // restyle gives each its caption, look and place
    var item = {id: n.id, name: n.name, group: n.group, size: n.size, x: timeline ? n.tx : n.x, y: timeline ? n.ty : n.y};
    if (data.large) return item;  // drawn by bigGraph
    item.label = n.name;
    if (!touch) item.title = n.tooltip;
    return item;
  }));
  function edgeTip(e) {
    var lines = [g.label[e.u] + " \u2192 " + g.label[e.v]], notes = g.notes[e.u + " " + e.v] || [];
    KINDS.forEach(function (kind, i) {
      if (!(e.bits & (1 << i))) return;
      lines.push(data.kindLabels[kind] + " (" + kind + ")" + (notes[i] ? ": " + notes[i] : ""));
    });
    return lines.join("\n");
  }
  var edges = new vis.DataSet(data.large ? [] : data.edges.map(function (e) {  // a large graph's: bigGraph
    var style = data.edgeStyles[e.style];
    var item = {id: e.id, from: e.from, to: e.to, width: style.width, dashes: style.dashes, color: style.color};
    e.look = "";  // as restyle last drew it
    if (!touch) item.title = edgeTip(e);
    return item;
  }));
  var network = new vis.Network(root.querySelector(".ph-canvas"),
    {nodes: data.large ? new vis.DataSet() : nodes, edges: edges}, data.options);
  if (data.large) bigGraph();
  root.paperhop = {network: network, nodes: nodes, edges: edges, ready: false};
  var reading = makeReading();
  root.paperhop.reading = reading;
  root.addEventListener("paperhop-show", function (event) { open(event.detail); });
  function ready() { root.paperhop.ready = true; root.setAttribute("data-ready", "true"); }
  if (data.options.physics && data.options.physics.enabled) {
    network.once("stabilizationIterationsDone", function () { network.setOptions({physics: false}); ready(); });
  } else {
    network.once("afterDrawing", ready);
  }

  // A large graph (more edges than html.py's LARGE) is drawn here, not by vis-network: it spends tens of
  // microseconds on each node and edge it is given (options, a label module each) and draws them one by one.
  // vis-network keeps the canvas, the view (pan, zoom, moveTo) and its events, with no node or edge of its own;
  // here each look is one path, only what is in view is drawn, arrowheads and labels once the zoom shows them,
  // and the network's node methods the page uses (fit, focus, selection, getNodeAt, getPosition) answer from
  // these nodes. The nodes' DataSet stays the page's: what it updates (size, border, place, hidden) is drawn.
  function bigGraph() {
    var canvas = root.querySelector(".ph-canvas"), at = dict(), hover = -1, selected = [];
    var pts = data.nodes.map(function (d, i) {
      at[d.id] = i;
      return {d: d, x: timeline ? d.tx : d.x, y: timeline ? d.ty : d.y, size: d.size, border: d.borderWidth, hidden: false,
        caption: d.name, color: null, font: null};
    });
    var from = data.edges.from.map(function (k) { return at[g.keys[k]]; }), to = data.edges.to.map(function (k) { return at[g.keys[k]]; });
    var bits = null;  // each edge's kinds, once the filter hides one
    nodes.on("update", function (event, props) {
      props.items.forEach(function (id) {
        var n = nodes.get(id), s = pts[at[id]];
        s.x = n.x; s.y = n.y; s.size = n.size; s.hidden = !!n.hidden;
        s.border = n.borderWidth === undefined ? s.d.borderWidth : n.borderWidth;
        s.caption = n.label || s.d.name; s.color = n.color || null; s.font = n.font || null;  // restyle's flat look
      });
      network.body.emitter.emit("_requestRedraw");  // in the next frame, as vis-network redraws its own
    });
    function box() {
      var a = network.DOMtoCanvas({x: 0, y: 0}), b = network.DOMtoCanvas({x: canvas.clientWidth, y: canvas.clientHeight});
      return [a.x, a.y, b.x, b.y];
    }
    function out(a, b, v) {  // both ends beyond one side of the view
      return (a.x < v[0] && b.x < v[0]) || (a.x > v[2] && b.x > v[2]) || (a.y < v[1] && b.y < v[1]) || (a.y > v[3] && b.y > v[3]);
    }
    function arrow(ctx, a, b, length) {  // a head at b's rim
      var dx = b.x - a.x, dy = b.y - a.y, d = Math.sqrt(dx * dx + dy * dy);
      if (!d) return;
      dx /= d; dy /= d;
      var tx = b.x - dx * (b.size + 1), ty = b.y - dy * (b.size + 1), bx = tx - dx * length, by = ty - dy * length;
      ctx.moveTo(tx, ty);
      ctx.lineTo(bx - dy * length * 0.4, by + dx * length * 0.4);
      ctx.lineTo(bx + dy * length * 0.4, by - dx * length * 0.4);
      ctx.closePath();
    }
    function shape(ctx, s, r) {
      if (groups[s.d.group].shape === "diamond") {
        ctx.moveTo(s.x, s.y - r); ctx.lineTo(s.x + r, s.y); ctx.lineTo(s.x, s.y + r); ctx.lineTo(s.x - r, s.y); ctx.closePath();
      } else {
        ctx.moveTo(s.x + r, s.y); ctx.arc(s.x, s.y, r, 0, 2 * Math.PI);
      }
    }
    function edgesOf(ctx, scale, v) {
      var count = data.edgeStyles.length, buckets = [], lit = [], faded = [], mine = {}, i, j;
      selected.forEach(function (k) { mine[k] = true; });
      for (i = 0; i < count; i++) { buckets.push([]); faded.push([]); }
      if (!bits && KINDS.some(function (kind) { return shown && shown[kind] === false; })) {  // the filter hides a kind
        bits = data.edges.from.map(function (u, k) { return kindBits(u, data.edges.to[k]); });
      }
      for (i = 0; i < from.length; i++) {
        var a = pts[from[i]], b = pts[to[i]];
        if (a.hidden || b.hidden || (bits && !shownBits(bits[i])) || out(a, b, v)) continue;
        var on = reading && reading.litEdge(a.d.id, b.d.id);
        (mine[from[i]] || mine[to[i]] || on === true ? lit : (on === false ? faded : buckets)[data.edges.style[i]]).push(i);
      }
      function stroke(list, width, color) {
        if (!list.length) return;
        var head = 10 + 3 * width;
        ctx.strokeStyle = ctx.fillStyle = color;
        ctx.lineWidth = Math.max(width, 1 / scale);
        ctx.beginPath();
        for (j = 0; j < list.length; j++) { var a = pts[from[list[j]]], b = pts[to[list[j]]]; ctx.moveTo(a.x, a.y); ctx.lineTo(b.x, b.y); }
        ctx.stroke();
        if (head * scale < 4) return;  // an arrowhead too small to see
        ctx.beginPath();
        for (j = 0; j < list.length; j++) arrow(ctx, pts[from[list[j]]], pts[to[list[j]]], head);
        ctx.fill();
      }
      buckets.forEach(function (list, k) { stroke(list, data.edgeStyles[k].width, data.edgeStyles[k].color.color); });
      ctx.globalAlpha = FADE;  // the edges a path or list leaves out
      faded.forEach(function (list, k) { stroke(list, data.edgeStyles[k].width, data.edgeStyles[k].color.color); });
      ctx.globalAlpha = 1;
      lit.forEach(function (k) {  // a selected node's edges, on top and bold, as vis-network highlights them
        var style = data.edgeStyles[data.edges.style[k]];
        stroke([k], style.width * 2, style.color.highlight);
      });
    }
    function nodesOf(ctx, scale, v) {
      var plain = {}, apart = [], i;
      for (i = 0; i < pts.length; i++) {
        var s = pts[i], r = s.size;
        if (s.hidden || s.x + r < v[0] || s.x - r > v[2] || s.y + r < v[1] || s.y - r > v[3]) continue;
        if (i === hover || selected.indexOf(i) >= 0 || s.border !== groups[s.d.group].borderWidth || s.color) apart.push(i);
        else (plain[s.d.group] = plain[s.d.group] || []).push(s);
      }
      Object.keys(plain).forEach(function (group) {  // one path a look
        var look = groups[group];
        ctx.beginPath();
        plain[group].forEach(function (s) { shape(ctx, s, s.size); });
        ctx.fillStyle = look.color.background; ctx.fill();
        ctx.strokeStyle = look.color.border; ctx.lineWidth = look.borderWidth / scale; ctx.stroke();
      });
      apart.forEach(function (k) {  // the hovered, the selected, and those the list marks
        var s = pts[k], color = s.color || groups[s.d.group].color, on = k === hover ? color.hover : selected.indexOf(k) >= 0 ? color.highlight : null;
        ctx.beginPath(); shape(ctx, s, s.size);
        ctx.fillStyle = on ? on.background : color.background; ctx.fill();
        ctx.strokeStyle = on ? on.border : color.border; ctx.lineWidth = Math.min(s.size, (on ? s.border * 2 : s.border) / scale); ctx.stroke();
      });
    }
    function labelsOf(ctx, scale, v) {
      var font = data.options.nodes.font, size = Math.min(font.size, 30 / scale);  // vis-network's maxVisible
      if (size * scale < 5) return;  // and its drawThreshold: a label under 5 pixels is not drawn
      var beside = root.classList.contains("ph-strip");  // a phone's strip: captions right of the nodes, clear of the arrows
      ctx.font = size + "px " + font.face;
      ctx.textAlign = beside ? "left" : "center";
      ctx.textBaseline = beside ? "middle" : "top";
      pts.forEach(function (s) {
        if (s.hidden || s.x < v[0] - 300 || s.x > v[2] + 300 || s.y < v[1] - 60 || s.y > v[3] + 60) return;
        ctx.fillStyle = s.font || groups[s.d.group].font.color;
        if (beside) ctx.fillText(s.caption, s.x + s.size + 6, s.y);
        else ctx.fillText(s.caption, s.x, s.y + s.size + 3);
      });
    }
    network.on("beforeDrawing", function (ctx) {
      var scale = network.getScale(), v = box();
      ctx.save();
      edgesOf(ctx, scale, v);
      nodesOf(ctx, scale, v);
      labelsOf(ctx, scale, v);
      ctx.restore();
    });
    function pick(p) {  // the node at a canvas point: the nearest whose shape holds it
      var best = -1, near = Infinity;
      pts.forEach(function (s, i) {
        var dx = s.x - p.x, dy = s.y - p.y, d = dx * dx + dy * dy;
        if (!s.hidden && d <= s.size * s.size && d < near) { best = i; near = d; }
      });
      return best;
    }
    function bounds() {
      var v = [Infinity, Infinity, -Infinity, -Infinity];
      pts.forEach(function (s) {
        if (s.hidden) return;
        v[0] = Math.min(v[0], s.x - s.size); v[1] = Math.min(v[1], s.y - s.size);
        v[2] = Math.max(v[2], s.x + s.size); v[3] = Math.max(v[3], s.y + s.size);
      });
      return v;
    }
    Object.assign(network, {  // the node methods the page uses, on these nodes (this network has none)
      fit: function (options) {
        var v = bounds();
        if (v[0] > v[2]) return;
        var scale = Math.min(1, 0.95 * Math.min(canvas.clientWidth / (v[2] - v[0] || 1), canvas.clientHeight / (v[3] - v[1] || 1)));
        network.moveTo({position: {x: (v[0] + v[2]) / 2, y: (v[1] + v[3]) / 2}, scale: scale,
          animation: options && options.animation ? options.animation : false});
      },
      focus: function (id, options) {
        var s = pts[at[id]];
        if (s) network.moveTo({position: {x: s.x, y: s.y}, scale: options && options.scale, animation: false});
      },
      selectNodes: function (ids) {
        selected = ids.map(function (id) { return at[id]; }).filter(function (i) { return i !== undefined; });
        network.redraw();
      },
      getSelectedNodes: function () { return selected.map(function (i) { return pts[i].d.id; }); },
      unselectAll: function () { selected = []; network.redraw(); },
      getPosition: function (id) { var s = pts[at[id]]; return {x: s.x, y: s.y}; },
      getNodeAt: function (p) { var i = pick(network.DOMtoCanvas(p)); return i < 0 ? undefined : pts[i].d.id; }
    });
    network.on("click", function (params) { network.selectNodes(params.nodes.concat(network.getNodeAt(params.pointer.DOM) || [])); });
    var tooltip = el("div", null, "vis-tooltip"), timer = 0;
    canvas.appendChild(tooltip);
    canvas.addEventListener("mousemove", function (event) {
      var r = canvas.getBoundingClientRect(), p = {x: event.clientX - r.left, y: event.clientY - r.top};
      var i = pick(network.DOMtoCanvas(p));
      if (i !== hover) { hover = i; network.redraw(); }
      tooltip.style.visibility = "hidden";
      clearTimeout(timer);
      if (i < 0 || touch) return;
      timer = setTimeout(function () {
        tooltip.textContent = pts[i].d.tooltip;
        tooltip.style.left = p.x + 10 + "px"; tooltip.style.top = p.y + 10 + "px";
        tooltip.style.visibility = "visible";
      }, data.options.interaction.tooltipDelay);
    });
    canvas.addEventListener("mouseleave", function () { clearTimeout(timer); tooltip.style.visibility = "hidden"; hover = -1; network.redraw(); });
    network.fit();
  }

  var panel = root.querySelector(".ph-panel");
  function show(id) {
    var n = byId[id];
    if (!n) return;
    // Under the bar; on a phone's strip, in room made under the boxes, so that no box is covered.
    var canvas = root.querySelector(".ph-canvas");
    root.style.setProperty("--ph-top", canvas.offsetTop + (reading.panelRoom(true) || 8) + "px");
    panel.textContent = "";
    var close = el("button", "\u00d7", "ph-close");
    close.setAttribute("aria-label", "Close");
    close.onclick = hidePanel;
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
    reading.neighbours(id, panel);
    panel.hidden = false;
  }
  network.on("click", function (params) {
    var id = params.nodes.length ? params.nodes[0] : data.large ? network.getNodeAt(params.pointer.DOM) : undefined;
    if (id !== undefined) { show(id); reading.mark(id); } else hidePanel();
  });
  function hidePanel() { panel.hidden = true; reading.panelRoom(false); }

  var names = root.querySelector("datalist"), named = false;
  function fillNames() {  // when the search box is first used: thousands of options are work the page need not do
    if (named) return;
    named = true;
    var collator = new Intl.Collator();
    data.nodes.map(function (n) { return n.name; }).sort(collator.compare).forEach(function (name) {
      var option = document.createElement("option");
      option.value = name;
      names.appendChild(option);
    });
  }
  function find(query) { var hits = reading.search(query); return hits.length ? hits[0] : null; }
  var search = root.querySelector(".ph-search");
  search.addEventListener("focus", fillNames);
  search.addEventListener("input", fillNames);
  function go() {
    went = search.value;
    var id = find(search.value.slice(0, 200));  // a name is short: a pasted book is not searched
    if (id === null) {
      var close = reading.suggest(search.value.slice(0, 200));
      hidePanel();  // on a phone it would cover the names offered
      reading.note("No paper matches \u201c" + search.value.slice(0, 80) + "\u201d." + (close.length ? " Did you mean:" : ""),
        close.map(function (key) { return [reading.name(key), function () { open(key); }]; }));
      return;
    }
    open(id);
  }
  function open(id) {  // a paper found, tapped in the list, or named in the link: selected, in view, its panel open
    if (!byId[id]) return;
    search.value = went = byId[id].name;
    reading.note("");
    reading.mark(id);
    network.selectNodes([id]);
    if (!nodes.get(id).hidden) network.focus(id, {scale: Math.max(network.getScale(), 1), animation: data.large ? false : {duration: 250}});
    show(id);
  }
  // Enter goes at once; the change event that Enter (or leaving the box) also fires goes only for new text.
  var went = null;
  search.addEventListener("change", function () { if (search.value !== went) go(); });
  search.addEventListener("keydown", function (event) { if (event.key === "Enter") go(); });

  var filter = root.querySelector(".ph-filter");
  var shown = {};
  function shownBits(bits) { return KINDS.some(function (kind, i) { return bits & (1 << i) && (!shown || shown[kind] !== false); }); }
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
      if (data.large) { network.redraw(); return; }  // bigGraph draws what is shown
      reading.restyle();
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

  // -- the reading guide: the list beside the graph, and the CLI's queries answered in the page ------------
  function makeReading() {
    var r = data.reading, g = r.graph, n = g.keys.length;
    var VIA = {all: 15, cites: 8, curated: 7, concepts: 6};
    var index = Object.create(null);  // no key of a URL or of storage can name a prototype's member
    g.keys.forEach(function (k, i) { index[k] = i; });
    var list = root.querySelector(".paperhop-list");
    var headingEl = root.querySelector(".ph-heading");
    var noteEl = root.querySelector(".ph-note");
    // The page's one state. draw() answers it and draws the list, its heading and the graph from the answer;
    // nothing else changes any of them.
    function initial() {
      return {mode: r.mode, ends: r.ends.slice(), known: r.known.slice(), via: "all", max: r.max, focus: data.focus};
    }
    var state = initial();
    var order = [];  // the keys the list shows now, in its order
    var route = [];  // a path's nodes as searched (a concept between two papers included)
    var leftOut = [];  // what a plan's maximum left out

    function name(key) { return g.label[index[key]]; }
    function rank(i) { return [g.year[i] === null ? -1 : g.year[i], g.keys[i]]; }
    function before(a, b) {  // reading_rank order: older first, then key
      var x = rank(a), y = rank(b);
      return x[0] !== y[0] ? x[0] < y[0] : x[1] < y[1];
    }

    // A binary heap of items; less(a, b) says a comes first.
    function Heap(less) { this.a = []; this.less = less; }
    Heap.prototype.push = function (x) {
      var a = this.a, i = a.length; a.push(x);
      while (i > 0) { var p = (i - 1) >> 1; if (!this.less(a[i], a[p])) break; var t = a[i]; a[i] = a[p]; a[p] = t; i = p; }
    };
    Heap.prototype.pop = function () {
      var a = this.a, top = a[0], last = a.pop();
      if (a.length) {
        a[0] = last; var i = 0;
        for (;;) {
          var l = 2 * i + 1, m = i;
          if (l < a.length && this.less(a[l], a[m])) m = l;
          if (l + 1 < a.length && this.less(a[l + 1], a[m])) m = l + 1;
          if (m === i) break;
          var t = a[i]; a[i] = a[m]; a[m] = t; i = m;
        }
      }
      return top;
    };

    var CRC = [];
    for (var c = 0; c < 256; c++) {
      var v = c;
      for (var b = 0; b < 8; b++) v = v & 1 ? 0xedb88320 ^ (v >>> 1) : v >>> 1;
      CRC.push(v >>> 0);
    }
    // zlib.crc32 of the UTF-8 bytes of "u\0v", for two nodes' keys: the running CRC after "u\0" and each key's
    // bytes are kept, so an edge costs the bytes of v only.
    var utf8 = [], after = [];
    function crcOf(crc, bytes) {
      for (var i = 0; i < bytes.length; i++) crc = CRC[(crc ^ bytes.charCodeAt(i)) & 0xff] ^ (crc >>> 8);
      return crc;
    }
    function bytesOf(i) { return utf8[i] === undefined ? (utf8[i] = unescape(encodeURIComponent(g.keys[i]))) : utf8[i]; }
    function crc32Edge(u, v) {
      var head = after[u] === undefined ? (after[u] = crcOf(crcOf(0xffffffff, bytesOf(u)), "\0")) : after[u];
      return (crcOf(head, bytesOf(v)) ^ 0xffffffff) >>> 0;
    }

    // The graph the CLI walks for --via: edges of those kinds only, each [node, its kinds left] (all of them: the
    // query graph's own rows, no copy); the weight is the best kind's (weight). The predecessors are first
    // packed (CSR: node x's are back[start[x]] to back[start[x + 1]], their kinds backKinds): two passes over the
    // edges, no array an edge, so the first path query does not wait for 20,000 of them; `pred`, the same as
    // rows of [node, kinds], is made when another query asks for it.
    var graphs = {};
    function walk(via) {
      if (graphs[via]) return graphs[via];
      var mask = VIA[via], all = mask === VIA.all, succ = all ? g.succ : [], i, j, row, kinds;
      var start = new Int32Array(n + 1), count = 0;
      for (i = 0; i < n; i++) {
        row = g.succ[i];
        if (!all) succ.push([]);
        for (j = 0; j < row.length; j++) if (row[j][1] & mask) { start[row[j][0] + 1]++; count++; }
      }
      for (i = 0; i < n; i++) start[i + 1] += start[i];
      var back = new Int32Array(count), backKinds = new Uint8Array(count), fill = start.slice(0, n);
      for (i = 0; i < n; i++) {
        row = g.succ[i];
        for (j = 0; j < row.length; j++) {
          kinds = row[j][1] & mask;
          if (!kinds) continue;
          if (!all) succ[i].push([row[j][0], kinds]);
          var at = fill[row[j][0]]++;
          back[at] = i; backKinds[at] = kinds;
        }
      }
      var H = {succ: succ, start: start, back: back, backKinds: backKinds}, rows = null;
      Object.defineProperty(H, "pred", {get: function () {
        if (rows) return rows;
        rows = [];
        for (var x = 0; x < n; x++) {
          var r = [];
          for (var k = start[x]; k < start[x + 1]; k++) r.push([back[k], backKinds[k]]);
          rows.push(r);
        }
        return rows;
      }});
      return (graphs[via] = H);
    }
    function weight(kinds) { return kinds & 7 ? 1 : 3; }  // graph.KIND_WEIGHT: a citation alone costs 3
    function nudged(u, v, w) { return w + 1e-6 + (crc32Edge(u, v) + 1) * 1e-16; }

    // networkx's bidirectional_dijkstra, step for step, so ties fall the same way as in `paperhop path`.
    function path(source, target, known, via) {
      var s = index[source], t = index[target];
      if (s === t) return [source];
      var H = walk(via || "all"), hidden = {};
      known.forEach(function (k) { if (k !== source && k !== target && k in index) hidden[index[k]] = true; });
      var dists = [{}, {}], preds = [{}, {}], seen = [{}, {}], count = 0;
      preds[0][s] = -1; preds[1][t] = -1; seen[0][s] = 0; seen[1][t] = 0;
      var less = function (a, b) { return a[0] !== b[0] ? a[0] < b[0] : a[1] < b[1]; };
      var fringe = [new Heap(less), new Heap(less)];
      fringe[0].push([0, count++, s]); fringe[1].push([0, count++, t]);
      var finaldist = null, meet = null, dir = 1;
      while (fringe[0].a.length && fringe[1].a.length) {
        dir = 1 - dir;
        var top = fringe[dir].pop(), dist = top[0], x = top[2];
        if (x in dists[dir]) continue;
        dists[dir][x] = dist;
        if (x in dists[1 - dir]) {
          var out = [], y = meet;
          while (y !== -1) { out.unshift(g.keys[y]); y = preds[0][y]; }
          y = preds[1][meet];
          while (y !== -1) { out.push(g.keys[y]); y = preds[1][y]; }
          return out;
        }
        var row = dir === 0 ? H.succ[x] : null, lo = dir === 0 ? 0 : H.start[x], hi = dir === 0 ? row.length : H.start[x + 1];
        for (var i = lo; i < hi; i++) {
          var w = row ? row[i][0] : H.back[i];
          if (hidden[w]) continue;
          var len = dist + (row ? nudged(x, w, weight(row[i][1])) : nudged(w, x, weight(H.backKinds[i])));
          if (w in dists[dir]) continue;
          if (!(w in seen[dir]) || len < seen[dir][w]) {
            seen[dir][w] = len;
            fringe[dir].push([len, count++, w]);
            preds[dir][w] = x;
            if (w in seen[1 - dir]) {
              var total = len + seen[1 - dir][w];
              if (finaldist === null || finaldist > total) { finaldist = total; meet = w; }
            }
          }
        }
      }
      return null;
    }

    function hiddenSet(known, keep) {
      var h = {};
      known.forEach(function (k) { if (keep.indexOf(k) < 0 && k in index) h[index[k]] = true; });
      return h;
    }
    function ancestors(t, hidden) {
      var found = {}, stack = [t], pred = walk("all").pred;
      while (stack.length) {
        var x = stack.pop();
        pred[x].forEach(function (e) { if (!hidden[e[0]] && !found[e[0]]) { found[e[0]] = true; stack.push(e[0]); } });
      }
      delete found[t];
      return found;
    }
    // queries.paths.reading_order: each after its predecessors among *set*, ties by rank; cycles together.
    function readingOrder(set, hidden) {
      var H = walk("all"), waiting = {}, ids = Object.keys(set).map(Number), out = [];
      var heap = new Heap(before);
      ids.forEach(function (v) {
        waiting[v] = H.pred[v].filter(function (e) { return set[e[0]] && !hidden[e[0]]; }).length;
        if (!waiting[v]) heap.push(v);
      });
      while (heap.a.length) {
        var x = heap.pop();
        out.push(x);
        H.succ[x].forEach(function (e) { if (e[0] in waiting && --waiting[e[0]] === 0) heap.push(e[0]); });
      }
      return out.length === ids.length ? out : cycles(set, hidden);
    }
    function cycles(set, hidden) {  // Tarjan's components, then by the rank of each one's first member
      var H = walk("all"), num = {}, low = {}, on = {}, stack = [], comps = [], at = 0, comp = {};
      function visit(v) {
        num[v] = low[v] = at++; stack.push(v); on[v] = true;
        H.succ[v].forEach(function (e) {
          var w = e[0];
          if (!set[w] || hidden[w]) return;
          if (!(w in num)) { visit(w); low[v] = Math.min(low[v], low[w]); } else if (on[w]) low[v] = Math.min(low[v], num[w]);
        });
        if (low[v] === num[v]) {
          var members = [], w;
          do { w = stack.pop(); on[w] = false; members.push(w); comp[w] = comps.length; } while (w !== v);
          members.sort(function (a, b) { return before(a, b) ? -1 : 1; });
          comps.push(members);
        }
      }
      Object.keys(set).map(Number).forEach(function (v) { if (!(v in num)) visit(v); });
      var waiting = comps.map(function () { return 0; }), after = comps.map(function () { return {}; });
      Object.keys(set).map(Number).forEach(function (u) {
        H.succ[u].forEach(function (e) {
          var a = comp[u], b = comp[e[0]];
          if (b !== undefined && set[e[0]] && a !== b && !after[a][b]) { after[a][b] = true; waiting[b]++; }
        });
      });
      var heap = new Heap(function (a, b) { return before(comps[a][0], comps[b][0]); }), out = [];
      waiting.forEach(function (w, c) { if (!w) heap.push(c); });
      while (heap.a.length) {
        var c = heap.pop();
        out = out.concat(comps[c]);
        Object.keys(after[c]).forEach(function (d) { if (--waiting[d] === 0) heap.push(Number(d)); });
      }
      return out;
    }
    function readingList(target, known) {
      var t = index[target], hidden = hiddenSet(known, [target]);
      return readingOrder(ancestors(t, hidden), hidden).filter(function (i) { return g.paper[i]; })
        .map(function (i) { return g.keys[i]; });
    }
    // queries.plans.plan
    function plan(targets, known, max) {
      leftOut = [];
      var hidden = hiddenSet(known, targets), needed = dict(), ts = targets.map(function (k) { return index[k]; });
      targets.forEach(function (t) {
        readingList(t, known.filter(function (k) { return targets.indexOf(k) < 0; })).forEach(function (k) {
          (needed[k] = needed[k] || []).push(t);
        });
      });
      var all = {};
      ts.forEach(function (t) { all[t] = true; Object.assign(all, ancestors(t, hidden)); });
      var everything = readingOrder(all, hidden).map(function (i) { return g.keys[i]; });
      var pre = Object.keys(needed).filter(function (k) { return targets.indexOf(k) < 0; }), out = dict();
      if (max !== null && max !== undefined && pre.length > max) {
        var H = walk("all"), reach = {}, onward = {};
        everything.forEach(function (k) {
          var i = index[k]; reach[i] = 1;
          H.pred[i].forEach(function (e) { if (e[0] in reach && !hidden[e[0]]) reach[i] += reach[e[0]]; });
        });
        everything.slice().reverse().forEach(function (k) {
          var i = index[k]; onward[i] = ts.indexOf(i) >= 0 ? 1 : 0;
          H.succ[i].forEach(function (e) { if (e[0] in onward && !hidden[e[0]]) onward[i] += onward[e[0]]; });
        });
        pre.sort(function (a, b) {
          var x = [-needed[a].length, -reach[index[a]] * onward[index[a]]], y = [-needed[b].length, -reach[index[b]] * onward[index[b]]];
          if (x[0] !== y[0]) return x[0] - y[0];
          if (x[1] !== y[1]) return x[1] - y[1];
          return before(index[a], index[b]) ? -1 : 1;
        });
        pre.slice(max).forEach(function (k) { out[k] = true; });
        leftOut = pre.slice(max).sort(function (a, b) { return before(index[a], index[b]) ? -1 : 1; });
      }
      return everything.filter(function (k) { return targets.indexOf(k) >= 0 || (needed[k] && !out[k]); })
        .map(function (k) { return [k, targets.indexOf(k) >= 0 ? "target" : "for " + needed[k].map(name).join(", ")]; });
    }

    // queries.paths._why, and the steps of a path (a concept between two papers is folded in)
    function links(u, v, every) {  // the kinds the path may follow, or with *every* all of them
      var mask = 0, notes = g.notes[index[u] + " " + index[v]] || [null, null, null, null];
      g.succ[index[u]].forEach(function (e) { if (e[0] === index[v]) mask = e[1] & VIA[every ? "all" : state.via]; });
      var out = [];
      KINDS.forEach(function (k, i) { if (mask & (1 << i)) out.push([k, notes[i]]); });
      return out;
    }
    function lower(s) { return /^.[a-z]/.test(s) ? s[0].toLowerCase() + s.slice(1) : s; }
    function why(hops) {
      var first = name(hops[0]), last = name(hops[hops.length - 1]);
      if (hops.length === 3) {
        var notes = links(hops[0], hops[1]).concat(links(hops[1], hops[2])).map(function (l) { return l[1]; })
          .filter(Boolean);
        return [last + " uses " + lower(name(hops[1])) + ", which " + first + " introduced."].concat(notes).join(" ");
      }
      var ls = links(hops[0], hops[1]), primary = ls[0][0], note = ls[0][1];
      var sentence = {builds_on: last + " builds on " + first, cites: last + " cites " + first,
        introduces: first + " introduces " + last, uses: last + " uses " + first}[primary];
      var text = note ? sentence + ": " + note : sentence + ".";
      if (primary !== "cites" && ls.some(function (l) { return l[0] === "cites"; })) text += " (" + last + " also cites it.)";
      return text;
    }
    function steps(keys) {
      var out = [[keys[0], "start here"]], i = 0;
      while (i < keys.length - 1) {
        var j = i + 1;
        if (g.paper[index[keys[i]]] && !g.paper[index[keys[j]]] && j + 1 < keys.length &&
            links(keys[i], keys[j]).some(function (l) { return l[0] === "introduces"; })) j++;
        out.push([keys[j], why(keys.slice(i, j + 1))]);
        i = j;
      }
      return out;
    }
    function papersNext(i, hidden, back) {
      var H = walk("all"), rows = back ? H.pred : H.succ, out = [];
      rows[i].forEach(function (e) {
        if (hidden[e[0]]) return;
        if (g.paper[e[0]]) out.push(e[0]);
        else rows[e[0]].forEach(function (f) { if (!hidden[f[0]]) out.push(f[0]); });
      });
      return out;
    }
    function listItems(target, known) {
      var keys = readingList(target, known), hidden = hiddenSet(known, [target]), place = dict();
      keys.concat([target]).forEach(function (k, i) { place[k] = i; });
      return keys.map(function (k) {
        var later = papersNext(index[k], hidden).map(function (i) { return g.keys[i]; })
          .filter(function (x, i, a) { return x in place && a.indexOf(x) === i; })
          .sort(function (a, b) { return place[a] - place[b]; });
        return [k, "before " + later.map(name).join(", ")];
      });
    }
    function orderItems(known) {
      var hidden = hiddenSet(known, []), set = {}, i;
      for (i = 0; i < n; i++) if (!hidden[i] && (byId[g.keys[i]] || !data.nodes.length)) set[i] = true;
      var keys = readingOrder(set, hidden).filter(function (i) { return g.paper[i]; }), place = {};
      keys.forEach(function (k, j) { place[k] = j; });
      return keys.map(function (k) {
        var earlier = papersNext(k, hidden, true).filter(function (x, j, a) { return x in place && a.indexOf(x) === j; })
          .sort(function (a, b) { return place[a] - place[b]; });
        return [g.keys[k], earlier.length ? "after " + earlier.map(function (x) { return g.label[x]; }).join(", ") : "start here"];
      });
    }

    // -- the list in the page -----------------------------------------------------------------------
    // A note, with buttons for what it offers (a search's "did you mean" names).
    function note(text, offers) {
      noteEl.textContent = text || "";
      (offers || []).forEach(function (offer) {
        var b = el("button", offer[0], "ph-offer");
        b.type = "button"; b.onclick = offer[1];
        noteEl.appendChild(document.createTextNode(" "));
        noteEl.appendChild(b);
      });
      noteEl.hidden = !text;
    }
    function item(key, number, reason) {
      var i = index[key], li = el("li");
      li.setAttribute("data-key", key);
      li.appendChild(el("span", number + ".", "ph-num"));
      li.appendChild(document.createTextNode(" "));
      li.appendChild(el("strong", g.label[i], "ph-name"));
      if (g.year[i] !== null) { li.appendChild(document.createTextNode(" ")); li.appendChild(el("span", String(g.year[i]), "ph-year")); }
      li.appendChild(document.createTextNode(" "));
      var link = el("span", null, "ph-link"), url = safeUrl(g.url[i]);
      if (url) { var a = el("a", g.title[i]); a.href = url; a.rel = "noopener noreferrer"; link.appendChild(a); }
      else link.textContent = g.title[i];
      li.appendChild(link);
      li.appendChild(el("span", reason, "ph-reason"));
      return li;
    }
    var readLabel = el("label", null, "ph-read"), readInput = el("input");
    readInput.type = "checkbox";
    readLabel.appendChild(readInput); readLabel.appendChild(document.createTextNode(" I\u2019ve read this"));
    function readBox(li) {  // a copy of one box: thousands of items are made fast
      var key = li.getAttribute("data-key");
      if (!g.paper[index[key]] || li.querySelector(".ph-read")) return;
      var label = readLabel.cloneNode(true);
      label.firstChild.checked = state.known.indexOf(key) >= 0;
      li.insertBefore(label, li.firstChild);  // floats right, beside the name
    }
    // A long list's boxes, each box of items' when it first shows: most never do. The first box of items shows
    // as the list opens, so it gets its boxes now, before the first frame lays it out: added after that frame,
    // they would make the browser lay the list out again while the page loads.
    function readBoxes() {
      var chunks = list.querySelectorAll(".ph-chunk");
      if (!chunks.length || !window.ContentVisibilityAutoStateChangeEvent) {
        Array.prototype.forEach.call(list.querySelectorAll("li[data-key]"), readBox);
        return;
      }
      Array.prototype.forEach.call(chunks[0].children, readBox);
      Array.prototype.forEach.call(chunks, function (chunk, k) {
        if (!k) return;
        chunk.addEventListener("contentvisibilityautostatechange", function shows(event) {
          if (event.skipped) return;
          chunk.removeEventListener("contentvisibilityautostatechange", shows);
          Array.prototype.forEach.call(chunk.children, readBox);
        });
      });
    }
    // What is read stays in sight: struck through in a "Read (N)" group under the list, each with its own untick.
    var readGroup = el("details", null, "ph-read-group");
    list.parentNode.insertBefore(readGroup, list.nextSibling);
    function drawRead() {
      readGroup.textContent = "";
      var read = state.known.filter(function (k) { return byId[k] && g.paper[index[k]]; });
      readGroup.hidden = !read.length;
      readGroup.appendChild(el("summary", "Read (" + read.length + ")"));
      var ul = el("ul");
      read.forEach(function (k) {
        var li = el("li");
        li.setAttribute("data-key", k);
        var label = readLabel.cloneNode(true);
        label.firstChild.checked = true;
        li.appendChild(label);
        li.appendChild(el("s", g.label[index[k]], "ph-name"));
        ul.appendChild(li);
      });
      readGroup.appendChild(ul);
    }
    function onRead(event) {  // every box's, in one listener
      var box = event.target, li = box.closest && box.closest("li");
      if (li && box.parentNode.classList.contains("ph-read")) setKnown(li.getAttribute("data-key"), box.checked);
    }
    list.addEventListener("change", onRead);
    readGroup.addEventListener("change", onRead);

    function answer() {
      var m = state.mode, e = state.ends;
      route = []; leftOut = [];
      if (m === "path") {
        route = path(e[0], e[1], state.known, state.via) || [];
        return route.length ? steps(route) : null;
      }
      if (m === "list") return listItems(e[0], state.known);
      if (m === "plan") return plan(e, state.known, state.max);
      return orderItems(state.known);
    }
    function heading() {
      var e = state.ends.map(name);
      return {path: "Reading path from " + e[0] + " to " + e[1], list: "Reading list for " + e[0],
        plan: "Reading plan for " + e.join(", "), order: data.title}[state.mode];
    }
    // The one drawing: the list, its heading and notes, the read group, and the graph, all from the state.
    function draw() {
      var rows = answer();
      list.textContent = "";
      order = [];
      note("");
      if (rows === null) { note("No reading path from " + name(state.ends[0]) + " to " + name(state.ends[1]) + "."); rows = []; }
      noteLeftOut();
      list.appendChild(chunked(rows.map(function (row, j) {  // one insertion: an <ol> renumbers on each
        order.push(row[0]);
        return item(row[0], j + 1, row[1]);
      })));
      readBoxes();
      drawRead();
      headingEl.textContent = heading();
      place();
      root.setAttribute("data-answered", String(Date.now()));
    }
    function noteLeftOut() { if (leftOut.length) note("Left out to keep " + state.max + ": " + leftOut.map(name).join(", ") + "."); }
    function noteUnknown(unknown) {
      if (unknown.length) note("This link names what this graph does not have (" + unknown.join(", ") + "): ignored.");
    }
    function setKnown(key, read) {
      state.known = state.known.filter(function (k) { return k !== key; });
      if (read) state.known.push(key);
      state.known.sort();
      try { localStorage.setItem(data.storeKey, JSON.stringify(state.known)); } catch (err) { /* private mode */ }
      hash(); draw();
    }

    // -- the graph, drawn from the same state --------------------------------------------------------
    // What is lit: a path's nodes, or the papers listed and their ends (a concept that joins two of them too).
    // The rest fades, and so does every paper read. Each node's caption carries its number in the list.
    var lit = dict(), pathEdges = dict(), painted = dict();  // pathEdges: a path's edges, "u v" of keys
    function lighting() {
      lit = dict(); pathEdges = dict();
      if (state.mode === "order") return;
      (state.mode === "path" ? route : order).concat(state.ends).forEach(function (k) { lit[k] = true; });
      for (var j = 1; j < route.length; j++) pathEdges[route[j - 1] + " " + route[j]] = true;
      if (state.mode === "path") return;
      var H = walk("all");
      data.nodes.forEach(function (d) {
        var i = index[d.id];
        if (g.paper[i] || lit[d.id]) return;
        var from = H.pred[i].some(function (e) { return lit[g.keys[e[0]]]; });
        if (from && g.succ[i].some(function (e) { return lit[g.keys[e[0]]]; })) lit[d.id] = true;
      });
    }
    function litEdge(u, v) {  // true: drawn bold; false: faded; undefined: as at rest
      if (state.mode === "order") return undefined;
      return state.mode === "path" ? !!pathEdges[u + " " + v] : !!(lit[u] && lit[v]);
    }
    function lookOf(d, number, read, strip, at) {
      var group = groups[d.group], concept = group.shape === "diamond", fill = group.color.background;
      var marking = state.mode !== "order", end = marking && state.ends.indexOf(d.id) >= 0;
      var faded = !!read[d.id] || (marking && !lit[d.id]), text = concept ? colors.muted : colors.text;
      var bold = d.id === state.focus || (marking && lit[d.id] && g.paper[index[d.id]]);
      var look = {label: (number[d.id] ? number[d.id] + ". " : "") + (read[d.id] ? "\u2713 " : "") + d.name,
        hidden: false, size: end ? Math.max(data.endSize, d.size) : d.size,
        borderWidth: d.id === state.focus ? 4 : bold ? 3 : 1,
        color: {background: faded ? fadeColor(fill) : fill, border: faded ? fadeColor(fill) : bold ? colors.text : fill,
          highlight: group.color.highlight, hover: group.color.hover}};
      if (strip) {  // a phone's strip: each paper a box of one width, its caption inside; the ends bold
        if (at === undefined) return {hidden: true, label: look.label};
        return Object.assign(look, {x: 0, y: at * STRIP_ROW, shape: "box", margin: 8,
          widthConstraint: {minimum: placed.boxWidth, maximum: placed.boxWidth},
          color: {background: colors.background, border: end ? colors.text : fill,
            highlight: {background: colors.panel, border: colors.text}, hover: {background: colors.panel, border: colors.text}},
          font: {size: 14, color: colors.text, bold: end}, borderWidth: end ? 3 : 2});
      }
      var x = layout === "timeline" ? d.tx : d.x, y = layout === "timeline" ? d.ty : d.y, turn = placed.tall ? tallTurn() : 0;
      if (layout !== "force") { look.x = turn ? y * turn : x; look.y = turn ? x * 1.2 : y * placed.stretch; }
      if (placed.grid) { look.x = placed.grid[d.id][0]; look.y = placed.grid[d.id][1]; }
      look.font = {color: faded ? fadeColor(text) : text, size: concept ? Math.round(captions * 0.8) : captions};
      if (data.large) {  // flat, for bigGraph, which draws the rest, and a node at rest with its group: one path a look
        if (!faded && !bold) look.color = null;
        look.font = faded ? fadeColor(text) : text;
        return look;
      }
      if (concept && placed.width < 760) look.label = "";  // a column's room is the papers': a concept names itself in its panel
      look.shape = group.shape;
      look.widthConstraint = caption(d, concept);
      return look;
    }
    function repaint() {  // everything drawn again, after a change of theme
      painted = dict();
      if (!data.large) data.edges.forEach(function (e) { e.look = ""; });
      network.setOptions({groups: groups});
      restyle();
    }
    // Every node and edge restyled from the state; only what changed is sent (an update redraws).
    function restyle() {
      var number = dict(), read = dict(), at = dict(), strip = placed.strip, updates = [];
      order.forEach(function (k, j) { number[k] = j + 1; });
      state.known.forEach(function (k) { read[k] = true; });
      stripKeys().forEach(function (k, j) { at[k] = j; });
      lighting();
      arcs = strip ? stripLinks(stripKeys()) : [];
      data.nodes.forEach(function (d) {
        var look = lookOf(d, number, read, strip, at[d.id]), sig = JSON.stringify(look);
        if (painted[d.id] === sig) return;
        painted[d.id] = sig;
        look.id = d.id;
        updates.push(look);
      });
      if (updates.length) nodes.update(updates);
      if (data.large) { network.body.emitter.emit("_requestRedraw"); return; }  // bigGraph draws its edges from litEdge
      var changed = [];
      data.edges.forEach(function (e) {
        var style = data.edgeStyles[e.style], on = litEdge(e.from, e.to), c = style.color.color;
        var look = {id: e.id, hidden: strip || !shownBits(e.bits), width: on ? style.width * 2 : style.width,
          color: {color: on === false ? fadeColor(c) : c, highlight: c, hover: c}};
        var sig = JSON.stringify(look);
        if (e.look === sig) return;
        e.look = sig;
        changed.push(look);
      });
      if (changed.length) edges.update(changed);
    }

    // -- the phone's strip ----------------------------------------------------------------------------
    // Below STRIP_BELOW px a path, list or plan is a column of boxes in reading order, its ends included. Its
    // links are arcs on the right of the boxes, so none passes behind a box it does not end at; a list's are
    // the links no longer chain of links already says (the list under it names them all).
    var STRIP_BELOW = 480, STRIP_ROW = 64, ARC_ROOM = 84;
    function stripKeys() {
      if (!placed.strip) return [];
      var keys = order.slice();
      state.ends.forEach(function (k) { if (keys.indexOf(k) < 0 && byId[k]) keys.push(k); });
      return keys;
    }
    function stripHeight() { return Math.max(stripKeys().length * STRIP_ROW + 40, 200); }
    function stripView() {  // the first box 52 px from the top, whatever the canvas's height
      var canvas = root.querySelector(".ph-canvas");
      network.moveTo({position: {x: ARC_ROOM / 2 - 6, y: canvas.clientHeight / 2 - 52}, scale: 1});
    }
    // On a strip the panel gets room of its own under the boxes (the canvas grows while it is open): no box is
    // covered, and the next tap lands on its box. Returns where the panel goes, or 0 off a strip.
    var PANEL_ROOM = 250;
    function panelRoom(open) {
      if (!placed.strip) return 0;
      root.querySelector(".ph-canvas").style.height = stripHeight() + (open ? PANEL_ROOM : 0) + "px";
      stripView();
      return stripHeight();
    }
    var arcs = [];  // the strip's links as drawn: [from row, to row, curated], made by restyle
    function stripLinks(keys) {
      if (state.mode === "path") return keys.slice(1).map(function (k, j) { return arc(keys, j, j + 1); });
      var at = dict(), hidden = hiddenSet(state.known, state.ends), next = [], reach = [], out = [];
      keys.forEach(function (k, j) { at[k] = j; });
      keys.forEach(function (k, j) {
        next[j] = papersNext(index[k], hidden).map(function (i) { return at[g.keys[i]]; })
          .filter(function (b, x, a) { return b !== undefined && b !== j && a.indexOf(b) === x; })
          .sort(function (a, b) { return a - b; });
      });
      for (var j = keys.length - 1; j >= 0; j--) {  // what each reaches, later ones first (reading order)
        reach[j] = {};
        next[j].forEach(function (b) { if (b > j) { reach[j][b] = true; Object.assign(reach[j], reach[b]); } });
      }
      next.forEach(function (targets, a) {
        targets.forEach(function (b) {
          var implied = targets.some(function (c) { return c !== b && c > a && reach[c] && reach[c][b]; });
          if (!implied) out.push(arc(keys, a, b));
        });
      });
      return out;
    }
    function arc(keys, a, b) {
      return [a, b, links(keys[a], keys[b]).some(function (l) { return l[0] === "builds_on"; })];
    }
    network.on("beforeDrawing", function (ctx) {
      if (!placed.strip) return;
      var right = placed.boxWidth / 2;
      ctx.save();
      ctx.lineWidth = 1.6;
      arcs.forEach(function (ab) {
        var a = ab[0], b = ab[1], curated = ab[2], ya = a * STRIP_ROW + 6, yb = b * STRIP_ROW - 6;
        var bulge = Math.min(ARC_ROOM - 12, 14 + 10 * Math.abs(b - a));
        ctx.strokeStyle = ctx.fillStyle = curated ? colors.curated : colors.muted;
        ctx.setLineDash(curated ? [] : [4, 3]);
        ctx.beginPath();
        ctx.moveTo(right, ya);
        ctx.bezierCurveTo(right + bulge * 1.33, ya, right + bulge * 1.33, yb, right + 2, yb);
        ctx.stroke();
        ctx.setLineDash([]);
        ctx.beginPath();  // the head, pointing into the later box
        ctx.moveTo(right + 1, yb); ctx.lineTo(right + 9, yb - 4); ctx.lineTo(right + 9, yb + 4); ctx.closePath();
        ctx.fill();
      });
      ctx.restore();
    });

    // -- the URL and storage: the state a reader can link to, and what a reader has read -------------------
    // A standalone page keeps its view in its URL's hash; a fragment only with --link-state, and then only in
    // parts that start with its own id, so the host's anchors and other graphs' parts are left as they are.
    var prefix = data.linkPrefix;
    function decode(part) { try { return decodeURIComponent(part); } catch (err) { return null; } }
    function ours(part) {  // the part's text after our prefix, or null if it is not ours
      var text = decode(part);
      return text !== null && text.indexOf(prefix) === 0 ? text.slice(prefix.length) : null;
    }
    function hash() {
      if (!data.linkState) return;
      var e = state.ends.map(encodeURIComponent).join(","), parts = [];
      if (state.mode === "path" || state.mode === "list" || state.mode === "plan") parts.push(state.mode + "=" + e);
      if (state.known.length) parts.push("known=" + state.known.map(encodeURIComponent).join(","));
      if (state.via !== "all") parts.push("via=" + state.via);
      var others = prefix ? location.hash.replace(/^#/, "").split("&").filter(function (p) { return p && ours(p) === null; }) : [];
      var text = others.concat(parts.map(function (p) { return prefix + p; })).join("&");
      try { history.replaceState(history.state, "", text ? "#" + text : location.pathname + location.search); }
      catch (err) { /* a sandboxed frame */ }
    }
    function resolveName(text) {  // a key, a name or an alias, as the CLI resolves them
      text = text.trim();
      if (text in index) return text;
      var folded = fold(text);
      return folded && own(g.names, folded) ? g.names[folded] : null;
    }
    function stored() {  // only a list of this graph's keys counts: anything else in storage is ignored
      try {
        var value = JSON.parse(localStorage.getItem(data.storeKey) || "null");
        if (Array.isArray(value) && value.every(function (k) { return typeof k === "string" && k in index; })) return value.sort();
      } catch (err) { /* none, or not ours */ }
      return null;
    }
    function restore() {
      state = initial();
      state.known = stored() || state.known;
      var unknown = [], open = null;
      if (data.linkState) location.hash.replace(/^#/, "").split("&").forEach(function (raw) {
        var part = raw ? ours(raw) : null;
        if (!part) return;
        var kv = part.split("="), what = kv[0], value = kv.slice(1).join("=");
        if (kv.length === 1) {  // "#vivit": that paper, opened
          var key = resolveName(what);
          if (key !== null && byId[key]) open = key; else unknown.push(what);
          return;
        }
        if (what === "via") { if (own(VIA, value)) state.via = value; else unknown.push(part); return; }
        if (!/^(path|list|plan|known|focus)$/.test(what)) { unknown.push(part); return; }
        var names = value.split(",").filter(Boolean), keys = names.map(resolveName);
        if (keys.some(function (k) { return k === null; })) {
          unknown = unknown.concat(names.filter(function (x, j) { return keys[j] === null; }));
          return;
        }
        if (what === "path" && keys.length === 2 && keys[0] !== keys[1]) { state.mode = "path"; state.ends = keys; }
        else if (what === "list" && keys.length === 1) { state.mode = "list"; state.ends = keys; state.max = null; }
        else if (what === "plan" && keys.length) { state.mode = "plan"; state.ends = keys; }
        else if (what === "known") state.known = keys.sort();
        else if (what === "focus" && keys.length === 1 && byId[keys[0]]) open = keys[0];
        else unknown.push(part);
      });
      return {open: open, unknown: unknown};
    }
    function start() {
      var found = restore(), same = state.mode === r.mode && state.ends.join() === r.ends.join() &&
        state.known.join() === r.known.join() && state.via === "all";
      if (same) {  // the list in the page is the answer: keep it, add the boxes
        if (listed !== null && r.listed) order = r.listed.map(function (i) { return g.keys[i]; });  // its keys, as sent
        else Array.prototype.forEach.call(list.querySelectorAll("li[data-key]"), function (li) {  // a static list
          order.push(li.getAttribute("data-key"));
        });
        if (state.mode === "path") route = path(state.ends[0], state.ends[1], state.known, state.via) || [];
        if (state.mode === "plan") plan(state.ends, state.known, state.max);  // its left-out line
        readBoxes(); drawRead(); place(true); noteLeftOut();
        root.setAttribute("data-answered", String(Date.now()));
      } else draw();
      noteUnknown(found.unknown);
      openLater = found.open || (state.focus && byId[state.focus] ? state.focus : null);
    }
    if (data.linkState) window.addEventListener("hashchange", function () {
      var mine = location.hash.replace(/^#/, "").split("&").some(function (part) { return part && ours(part) !== null; });
      if (prefix && !mine) return;  // the host's own anchor: the graph stays as the reader left it
      var found = restore();
      draw();
      noteUnknown(found.unknown);
      if (found.open) root.dispatchEvent(new CustomEvent("paperhop-show", {detail: found.open}));
    });

    // The list's item for *key* marked, and brought into view inside the list's own box only: the page never
    // scrolls under a finger that is still on the graph (the tap's click would land on what scrolled there).
    function mark(key) {
      Array.prototype.forEach.call(list.querySelectorAll("li.ph-on"), function (li) { li.classList.remove("ph-on"); });
      var li = list.querySelector('li[data-key="' + CSS.escape(key) + '"]'), box = list.closest(".ph-reading");
      if (!li) return;
      li.classList.add("ph-on");
      if (box.scrollHeight <= box.clientHeight + 1) return;  // the list runs on in the page: leave the page be
      var top = li.getBoundingClientRect().top - box.getBoundingClientRect().top;
      if (top < 0 || top + li.offsetHeight > box.clientHeight) box.scrollTop += top - 8;
    }
    list.addEventListener("click", function (event) {
      var li = event.target.closest("li");
      if (!li || event.target.closest("a, label")) return;
      if (byId[li.getAttribute("data-key")]) root.dispatchEvent(new CustomEvent("paperhop-show", {detail: li.getAttribute("data-key")}));
    });

    // The clicked paper: what it builds on and what builds on it, each with the edge's reason.
    function neighbours(key, into) {
      var i = index[key];
      if (i === undefined) return;
      [["Builds on", walk("all").pred[i].map(function (e) { return [e[0], i]; })],
       ["Built on by", g.succ[i].map(function (e) { return [i, e[0]]; })]].forEach(function (part) {
        if (!part[1].length) return;
        into.appendChild(el("h4", part[0]));
        var ul = el("ul", null, "ph-edges");
        part[1].forEach(function (uv) {
          var other = uv[0] === i ? uv[1] : uv[0], ls = links(g.keys[uv[0]], g.keys[uv[1]], true);
          var li = el("li");
          li.appendChild(el("strong", g.label[other]));
          var reason = ls.map(function (l) {  // a note's own full stop would end up before the "; "
            return l[1] ? l[1].replace(/\.$/, "") : data.kindLabels[l[0]];
          }).join("; ");
          var evidence = edgeEvidence(uv[0], uv[1]);
          li.appendChild(document.createTextNode(": " + reason + (evidence ? " \u2014 " + evidence : "")));
          ul.appendChild(li);
        });
        into.appendChild(ul);
      });
      // A path needs two papers: a button that would ask for the path from a paper to itself is not shown.
      var last = state.ends[state.ends.length - 1], first = state.mode === "path" ? state.ends[0] : order[0];
      var buttons = el("p", null, "ph-actions");
      [["Path from here", last && last !== key, function () { ask("path", [key, last]); }],
       ["Path to here", first && first !== key, function () { ask("path", [first, key]); }],
       ["Reading list", g.paper[i], function () { ask("list", [key]); }]].forEach(function (b) {
        if (!b[1]) return;
        var button = el("button", b[0]); button.type = "button"; button.onclick = b[2]; buttons.appendChild(button);
      });
      into.appendChild(buttons);
    }
    function edgeEvidence(u, v) { return own(data.evidence, u + " " + v) ? data.evidence[u + " " + v] : ""; }
    function ask(mode, ends) { state.mode = mode; state.ends = ends; note(""); hash(); draw(); }

    // Search as the CLI resolves: exact name or alias, then a name prefix, then a title word; typos get "did you mean".
    function fold(text) { return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ""); }
    function search(query) {
      var q = fold(query), words = query.toLowerCase().trim();
      if (!q) return [];
      if (own(g.names, q)) return [g.names[q]];
      var scored = [], word = new RegExp("(^|[^\\p{L}\\p{N}])" + words.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") + "($|[^\\p{L}\\p{N}])", "u");
      for (var i = 0; i < n; i++) {
        var label = fold(g.label[i]), title = g.title[i].toLowerCase(), score = null;
        if (label.indexOf(q) === 0) score = 1;
        else if (word.test(title)) score = 2;
        else if (fold(g.title[i]).indexOf(q) >= 0) score = 3;
        if (score !== null) scored.push([score, i]);
      }
      Object.keys(g.names).forEach(function (alias) {  // an alias prefix counts as a name prefix
        if (alias.indexOf(q) === 0) scored.push([1, index[g.names[alias]]]);
      });
      scored.sort(function (a, b) {  // by score, papers before concepts, then in reading order
        return a[0] - b[0] || g.paper[b[1]] - g.paper[a[1]] || (before(a[1], b[1]) ? -1 : before(b[1], a[1]) ? 1 : 0);
      });
      return scored.map(function (s) { return g.keys[s[1]]; }).filter(function (k, j, a) { return a.indexOf(k) === j; });
    }
    function ratio(a, b) {  // difflib.SequenceMatcher(None, a, b).ratio(), with no junk (names are short)
      var b2j = {};
      for (var j = 0; j < b.length; j++) (b2j[b[j]] = b2j[b[j]] || []).push(j);
      var matched = 0, queue = [[0, a.length, 0, b.length]];
      while (queue.length) {
        var q = queue.pop(), alo = q[0], ahi = q[1], blo = q[2], bhi = q[3];
        var besti = alo, bestj = blo, size = 0, j2len = {};
        for (var i = alo; i < ahi; i++) {
          var next = {};
          (own(b2j, a[i]) ? b2j[a[i]] : []).forEach(function (jj) {
            if (jj < blo || jj >= bhi) return;
            var k = next[jj] = (j2len[jj - 1] || 0) + 1;
            if (k > size) { besti = i - k + 1; bestj = jj - k + 1; size = k; }
          });
          j2len = next;
        }
        if (size) {
          matched += size;
          if (alo < besti && blo < bestj) queue.push([alo, besti, blo, bestj]);
          if (besti + size < ahi && bestj + size < bhi) queue.push([besti + size, ahi, bestj + size, bhi]);
        }
      }
      return a.length + b.length ? 2 * matched / (a.length + b.length) : 1;
    }
    function suggest(query) {  // difflib.get_close_matches(folded, names, n=3, cutoff=0.6), as keys
      var q = fold(query), scored = [];
      Object.keys(g.names).forEach(function (nm) { var s = ratio(q, nm); if (s >= 0.6) scored.push([s, nm]); });
      scored.sort(function (x, y) { return y[0] - x[0] || (y[1] > x[1] ? 1 : y[1] < x[1] ? -1 : 0); });
      var keys = scored.slice(0, 3).map(function (s) { return g.names[s[1]]; });
      return keys.filter(function (k, j) { return keys.indexOf(k) === j && byId[k]; }).sort();
    }

    // Controls: layout, fit, reset, PNG.
    var bar = root.querySelector(".ph-bar"), controls = el("span", null, "ph-controls");
    function button(text, fn) { var b = el("button", text); b.type = "button"; b.onclick = fn; controls.appendChild(b); return b; }
    var layout = data.layout;  // flow, timeline or force (whose places are the physics', left as they settle)
    var toggle = button(layout === "timeline" ? "Reading order" : "Timeline", function () {
      layout = layout === "timeline" ? "flow" : "timeline";  // force, once left, is not come back to
      toggle.textContent = layout === "timeline" ? "Reading order" : "Timeline";
      place();
    });
    button("Fit", function () { network.fit(); });
    button("Reset", function () {
      state = initial();
      try { localStorage.removeItem(data.storeKey); } catch (err) { /* none */ }
      note(""); hash(); draw();
    });
    button("PNG", png);
    bar.appendChild(controls);
    var axis = el("div", null, "ph-axis");
    root.querySelector(".ph-canvas").appendChild(axis);

    // The picture a reader saves: the graph at twice its pixels, on the theme's background, under the heading
    // and over the legend's colours.
    function png() {
      var items = data.sections.map(function (s) { return [s[0], s[1], "dot"]; })
        .concat(data.concepts ? [["concept", "#bab0ac", "dot"]] : [])
        .concat(data.kinds.filter(function (k, j, all) { return all.map(function (x) { return x.label; }).indexOf(k.label) === j; })
          .map(function (k) { return [k.label + " \u2192", k.color, "line"]; }));
      var canvas = network.canvas, frame = root.querySelector(".ph-canvas canvas"), scale = 2;
      canvas._determinePixelRatio = function () { return scale; };  // our vis-network build: drawn at 2x once
      canvas.setSize(); network.renderer._redraw();
      var w = frame.width / scale, h = frame.height / scale, head = 40, across = w < 600 ? 2 : 4;
      var out = document.createElement("canvas"), ctx = out.getContext("2d");
      out.width = w * scale; out.height = (h + head + 20 + 18 * Math.ceil(items.length / across)) * scale;
      ctx.scale(scale, scale);
      ctx.fillStyle = colors.background; ctx.fillRect(0, 0, out.width, out.height);
      ctx.fillStyle = colors.text; ctx.font = "600 16px system-ui, sans-serif"; ctx.textBaseline = "middle";
      ctx.fillText(heading(), 12, head / 2);
      ctx.drawImage(frame, 0, head, w, h);
      ctx.font = "12px system-ui, sans-serif";
      items.forEach(function (it, j) {
        var x = 12 + (j % across) * (w - 24) / across, y = head + h + 14 + 18 * Math.floor(j / across);
        ctx.fillStyle = ctx.strokeStyle = it[1];
        ctx.beginPath();
        if (it[2] === "dot") { ctx.arc(x + 5, y, 5, 0, 2 * Math.PI); ctx.fill(); }
        else { ctx.lineWidth = 2; ctx.moveTo(x, y); ctx.lineTo(x + 14, y); ctx.stroke(); }
        ctx.fillStyle = colors.muted; ctx.fillText(it[0], x + 18, y, (w - 24) / across - 22);  // a long name is narrowed
      });
      delete canvas._determinePixelRatio;
      canvas.setSize(); network.redraw();
      var a = document.createElement("a");
      a.download = (data.title || "paperhop").replace(/[^\w. -]+/g, "_") + ".png";
      a.href = out.toDataURL("image/png");
      a.click();
      return a.href;
    }

    // -- where the nodes stand: the layout, turned upright on a tall canvas, or a phone's strip ------------
    var placed = {strip: false, tall: false, layout: layout, width: 0, stretch: 1};
    var smoothNow = JSON.stringify(data.options.edges.smooth.enabled === false ? false : {enabled: true, type: "cubicBezier",
      roundness: 0.35, forceDirection: data.options.edges.smooth.forceDirection});
    function place(first) {
      var strip = compact(), tall = upright(), canvas = root.querySelector(".ph-canvas");
      var again = !(first === true && !strip && !tall && layout === placed.layout);
      placed = {strip: strip, tall: tall, layout: layout, width: canvas.clientWidth, stretch: stretch(canvas),
        grid: null, years: [], boxWidth: Math.max(120, canvas.clientWidth - ARC_ROOM - 24)};
      if (tall && layout === "timeline") yearRows(canvas);
      root.classList.toggle("ph-strip", strip);
      var open = !root.querySelector(".ph-panel").hidden;
      canvas.style.height = strip ? stripHeight() + (open ? PANEL_ROOM : 0) + "px" : "";
      if (strip && open) root.style.setProperty("--ph-top", canvas.offsetTop + stripHeight() + "px");
      var smooth = data.large ? false : {enabled: true, type: "cubicBezier", roundness: 0.35,
        forceDirection: layout === "timeline" || strip ? "none" : tall ? "vertical" : "horizontal"};
      if (JSON.stringify(smooth) !== smoothNow) network.setOptions({edges: {smooth: smooth}});  // costly on many edges
      smoothNow = JSON.stringify(smooth);
      restyle();
      if (strip) stripView();
      else if (again) { network.fit(); readable(); }
      else readable();
      fitList();
      axis.hidden = layout !== "timeline" || strip || tall;
      drawAxis();
    }
    // Captions at least 12 px when fitted, at most 30 units; wrapped within a column, never within a word.
    var captions = data.options.nodes.font.size;
    function readable() {
      if (data.large || placed.strip) return;
      for (var tries = 0; tries < 3; tries++) {
        var size = Math.max(data.options.nodes.font.size, Math.min(placed.grid ? 36 : 30, Math.ceil(12.5 / network.getScale())));
        if (size === captions && tries) return;
        captions = size;
        restyle();
        network.fit();
      }
    }
    // Concepts are quieter: the papers are what one reads.
    function caption(d, concept) {
      var size = concept ? Math.round(captions * 0.8) : captions;
      var word = d.name.split(" ").reduce(function (m, w) { return Math.max(m, w.length); }, 0) * 0.62 * size;
      var room = (concept ? (upright() ? 0.9 : 0.7) : 1) * ((data.columns[layout] || data.columns.flow) - 30);
      return {maximum: Math.max(room, word)};
    }
    // A wide, flat graph on a squarer canvas stands taller, up to STRETCH times: its rows take the height it is
    // given, so captions get room between rows instead of leaving the canvas empty above and below.
    var STRETCH = 2.2;
    function stretch(canvas) {
      if (data.large || !data.nodes.length || !canvas.clientHeight) return 1;
      var xs = data.nodes.map(function (d) { return layout === "timeline" ? d.tx : d.x; });
      var ys = data.nodes.map(function (d) { return layout === "timeline" ? d.ty : d.y; });
      var w = Math.max.apply(null, xs) - Math.min.apply(null, xs) + 200, h = Math.max.apply(null, ys) - Math.min.apply(null, ys) + 200;
      return Math.max(1, Math.min(STRETCH, (w / h) / (canvas.clientWidth / canvas.clientHeight)));
    }
    // The timeline on a tall canvas runs down the years: each year's papers in rows of as many as the width holds
    // at readable captions (then its concepts), the year written at the left of its first row.
    var YEAR_COLUMN = 210, YEAR_ROW = 150, CONCEPT_ROW = 55;  // a concept has no caption there: a narrow row
    function yearRows(canvas) {
      var per = Math.max(2, Math.floor(canvas.clientWidth / 120)), years = {}, at = placed.grid = dict(), y = 0;
      placed.yearsLeft = Infinity;
      data.nodes.forEach(function (d) { (years[d.tx] = years[d.tx] || []).push(d); });
      Object.keys(years).map(Number).sort(function (a, b) { return a - b; }).forEach(function (tx) {
        var members = years[tx].sort(function (a, b) { return a.ty - b.ty; }), start = y;
        [members.filter(function (d) { return g.paper[index[d.id]]; }), members.filter(function (d) { return !g.paper[index[d.id]]; })]
          .forEach(function (kind, k) {
            var row = k ? CONCEPT_ROW : YEAR_ROW, across = k ? per * 2 : per, gap = k ? YEAR_COLUMN / 2 : YEAR_COLUMN;
            kind.forEach(function (d, i) {
              at[d.id] = [(i % across - (Math.min(across, kind.length) - 1) / 2) * gap, y + Math.floor(i / across) * row];
            });
            y += Math.ceil(kind.length / across) * row;
          });
        var year = members.map(function (d) { return g.year[index[d.id]]; }).filter(function (v) { return v !== null; })[0];
        placed.years.push([year, start]);
        members.forEach(function (d) { placed.yearsLeft = Math.min(placed.yearsLeft, at[d.id][0] - 70); });
        y += YEAR_ROW / 3;
      });
    }
    network.on("beforeDrawing", function (ctx) {  // the years beside a tall timeline's rows
      if (!placed.grid) return;
      var left = placed.yearsLeft;
      ctx.save();
      ctx.fillStyle = colors.muted; ctx.textAlign = "right"; ctx.textBaseline = "middle";
      ctx.font = "600 " + captions + "px system-ui, sans-serif";
      placed.years.forEach(function (row) { if (row[0] !== undefined && row[0] !== null) ctx.fillText(String(row[0]), left, row[1]); });
      ctx.restore();
    });
    function tallTurn() { return (layout === "timeline" ? data.columns.timeline * 0.55 : data.columns.flow) / data.rowGap; }
    function fitList() {  // beside the graph, the list scrolls within the graph's height; below it, it runs on
      var canvas = root.querySelector(".ph-canvas"), section = root.querySelector(".ph-reading");
      var beside = Math.abs(canvas.getBoundingClientRect().top - section.getBoundingClientRect().top) < 2;
      section.style.maxHeight = beside && canvas.clientHeight > 100 ? canvas.clientHeight + "px" : "";
    }
    function compact() {  // a phone: a path or list becomes a strip of boxes (a large graph stays a graph)
      return !data.large && (state.mode === "path" || state.mode === "list" || state.mode === "plan") && narrow();
    }
    function upright() {  // a tall canvas: the graph reads top to bottom
      var canvas = root.querySelector(".ph-canvas");
      return !data.large && canvas.clientWidth < 760 && canvas.clientHeight > canvas.clientWidth;
    }
    function narrow() {  // a strip is left only 24 px past where it began: a host's scrollbar cannot flip it to and fro
      return root.querySelector(".ph-canvas").clientWidth < STRIP_BELOW + (placed.strip ? 24 : 0);
    }
    function drawAxis() {  // the years under the timeline, where the canvas draws them
      axis.textContent = "";
      if (axis.hidden) return;
      var years = {};
      data.nodes.forEach(function (d) { if (g.year[index[d.id]] !== null) years[d.tx] = g.year[index[d.id]]; });
      Object.keys(years).forEach(function (x) {
        var at = network.canvasToDOM({x: Number(x), y: 0});
        var tick = el("span", String(years[x]));
        tick.style.left = at.x + "px";
        axis.appendChild(tick);
      });
    }
    network.on("zoom", drawAxis);
    network.on("dragEnd", drawAxis);
    network.on("animationFinished", drawAxis);

    var openLater = null;  // a deep link's paper, opened once the graph is placed
    start();
    if (openLater) setTimeout(function () { root.dispatchEvent(new CustomEvent("paperhop-show", {detail: openLater})); }, 0);
    return {name: name, note: note, search: search, suggest: suggest, mark: mark, neighbours: neighbours,
      path: path, readingList: readingList, plan: plan, order: function () { return order.slice(); },
      ask: ask, place: place, restyle: restyle, repaint: repaint, litEdge: litEdge, png: png, setKnown: setKnown, panelRoom: panelRoom,
      state: function () { return state; }, lit: function () { return Object.keys(lit); },
      resized: function (moved) {  // placed again if its box turned, or changed width while the reader left it be
        var canvas = root.querySelector(".ph-canvas");
        if (compact() !== placed.strip || upright() !== placed.tall || (!moved && canvas.clientWidth !== placed.width)) place();
        else { fitList(); if (placed.strip) stripView(); }
      }};
  }
})();
