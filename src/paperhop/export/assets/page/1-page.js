// page.js, part 1 of 7: the page: its data, helpers, theme, the large graph's own drawing, the panel and the controls.
// The parts are joined in order when a page is written (export/html.py), inside one closure: a part may
// use what an earlier one defines, and the whole is the page's one script.
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
  var g = data.reading.graph, ENGINE = data.reading.engine, KINDS = ENGINE.kinds;  // the CLI's constants (export/panel.py)
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

