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

  // The nodes and edges come as columns (export/html.py): a node is its place in the query graph, its label,
  // tooltip, size, positions and a vis-network group (its look); an edge two places and a style. Every look is
  // sent once.
  var g = data.reading.graph, KINDS = ["builds_on", "introduces", "uses", "cites"];
  var cols = data.nodes, groups = data.options.groups, byId = {};
  data.nodes = cols.key.map(function (k, i) {
    var d = {id: g.keys[k], at: k, caption: cols.caption[i], name: g.label[k], tooltip: cols.tooltip[i], url: g.url[k],
      group: "g" + cols.group[i], size: cols.size[i], x: cols.x[i], y: cols.y[i], tx: cols.tx[i], ty: cols.ty[i]};
    d.borderWidth = groups[d.group].borderWidth;
    d.label = d.caption + (g.year[k] === null ? "" : " (" + g.year[k] + ")");  // the panel's title: the view's label
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

  root.querySelector(".ph-title").textContent = data.title;
  var touch = window.matchMedia && window.matchMedia("(hover: none)").matches;  // a tap opens the panel only
  var timeline = data.layout === "timeline";
  // Tooltips are strings: vis-network shows a string as text (innerText), never as markup.
  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    var item = {id: n.id, name: n.name, group: n.group, size: n.size, x: timeline ? n.tx : n.x, y: timeline ? n.ty : n.y};
    if (data.large) return item;  // drawn by bigGraph
    item.label = n.caption;
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
    if (!touch) item.title = edgeTip(e);
    return item;
  }));
  var network = new vis.Network(root.querySelector(".ph-canvas"),
    {nodes: data.large ? new vis.DataSet() : nodes, edges: edges}, data.options);
  if (data.large) bigGraph();
  root.paperhop = {network: network, nodes: nodes, edges: edges, ready: false};
  var reading = makeReading();
  root.paperhop.reading = reading;
  root.addEventListener("paperhop-show", function (event) { show(event.detail); });
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
    var canvas = root.querySelector(".ph-canvas"), at = {}, hover = -1, selected = [];
    var pts = data.nodes.map(function (d, i) {
      at[d.id] = i;
      return {d: d, x: timeline ? d.tx : d.x, y: timeline ? d.ty : d.y, size: d.size, border: d.borderWidth, hidden: false};
    });
    var from = data.edges.from.map(function (k) { return at[g.keys[k]]; }), to = data.edges.to.map(function (k) { return at[g.keys[k]]; });
    var bits = null;  // each edge's kinds, once the filter hides one
    nodes.on("update", function (event, props) {
      props.items.forEach(function (id) {
        var n = nodes.get(id), s = pts[at[id]];
        s.x = n.x; s.y = n.y; s.size = n.size; s.hidden = !!n.hidden;
        s.border = n.borderWidth === undefined ? s.d.borderWidth : n.borderWidth;
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
      var count = data.edgeStyles.length, buckets = [], lit = [], mine = {}, i, j;
      selected.forEach(function (k) { mine[k] = true; });
      for (i = 0; i < count; i++) buckets.push([]);
      if (!bits && KINDS.some(function (kind) { return shown && shown[kind] === false; })) {  // the filter hides a kind
        bits = data.edges.from.map(function (u, k) { return kindBits(u, data.edges.to[k]); });
      }
      for (i = 0; i < from.length; i++) {
        var a = pts[from[i]], b = pts[to[i]];
        if (a.hidden || b.hidden || (bits && !shownBits(bits[i])) || out(a, b, v)) continue;
        (mine[from[i]] || mine[to[i]] ? lit : buckets[data.edges.style[i]]).push(i);
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
        if (i === hover || selected.indexOf(i) >= 0 || s.border !== groups[s.d.group].borderWidth) apart.push(i);
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
        var s = pts[k], color = groups[s.d.group].color, on = k === hover ? color.hover : selected.indexOf(k) >= 0 ? color.highlight : null;
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
        ctx.fillStyle = groups[s.d.group].font.color;
        if (beside) ctx.fillText(s.d.caption, s.x + s.size + 6, s.y);
        else ctx.fillText(s.d.caption, s.x, s.y + s.size + 3);
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
    root.style.setProperty("--ph-top", root.querySelector(".ph-canvas").offsetTop + 8 + "px");
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
    reading.neighbours(id, panel);
    panel.hidden = false;
  }
  network.on("click", function (params) {
    var id = params.nodes.length ? params.nodes[0] : data.large ? network.getNodeAt(params.pointer.DOM) : undefined;
    if (id !== undefined) { show(id); reading.mark(id); } else panel.hidden = true;
  });

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
    var id = find(search.value);
    if (id === null) {
      var close = reading.suggest(search.value);
      search.setCustomValidity(close.length ? "Did you mean " + close.join(", ") + "?" : "No paper matches");
      search.reportValidity();
      reading.note(close.length ? "No paper matches \u201c" + search.value + "\u201d. Did you mean " +
        close.join(", ") + "?" : "No paper matches \u201c" + search.value + "\u201d.");
      return;
    }
    if (!byId[id]) { reading.note(reading.name(id) + " is not drawn in this view."); return; }
    search.setCustomValidity("");
    network.selectNodes([id]);
    network.focus(id, {scale: 1.4, animation: data.large ? false : {duration: 250}});
    show(id);
  }
  // Enter goes at once; the change event that Enter also fires must not go a second time.
  var went = null;
  search.addEventListener("change", function () { if (search.value !== went) go(); went = null; });
  search.addEventListener("keydown", function (event) {
    if (event.key === "Enter") { went = search.value; go(); setTimeout(function () { went = null; }, 0); }
  });

  var filter = root.querySelector(".ph-filter");
  var shown = {};
  function shownBits(bits) { return KINDS.some(function (kind, i) { return bits & (1 << i) && shown[kind]; }); }
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
      edges.update(data.edges.map(function (e) { return {id: e.id, hidden: !shownBits(e.bits)}; }));
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
    var KINDS = ["builds_on", "introduces", "uses", "cites"];
    var VIA = {all: 15, cites: 8, curated: 7, concepts: 6};
    var index = {};
    g.keys.forEach(function (k, i) { index[k] = i; });
    var list = root.querySelector(".paperhop-list");
    var heading = root.querySelector(".ph-heading");
    var noteEl = root.querySelector(".ph-note");
    var storeKey = "paperhop-known:" + data.title.split(":")[0] + ":" + n;
    var state = {mode: r.mode, ends: r.ends.slice(), known: r.known.slice(), via: "all", max: r.max};
    var order = [];  // the keys listed now
    var shown = {};  // node id -> [size, border] as drawn, once highlight changed it (before: the view's own)

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
      var hidden = hiddenSet(known, targets), needed = {}, ts = targets.map(function (k) { return index[k]; });
      targets.forEach(function (t) {
        readingList(t, known.filter(function (k) { return targets.indexOf(k) < 0; })).forEach(function (k) {
          (needed[k] = needed[k] || []).push(t);
        });
      });
      var all = {};
      ts.forEach(function (t) { all[t] = true; Object.assign(all, ancestors(t, hidden)); });
      var everything = readingOrder(all, hidden).map(function (i) { return g.keys[i]; });
      var pre = Object.keys(needed).filter(function (k) { return targets.indexOf(k) < 0; }), out = {};
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
      }
      return everything.filter(function (k) { return targets.indexOf(k) >= 0 || (needed[k] && !out[k]); })
        .map(function (k) { return [k, targets.indexOf(k) >= 0 ? "target" : "for " + needed[k].map(name).join(", ")]; });
    }

    // queries.paths._why, and the steps of a path (a concept between two papers is folded in)
    function links(u, v) {
      var mask = 0, notes = g.notes[index[u] + " " + index[v]] || [null, null, null, null];
      g.succ[index[u]].forEach(function (e) { if (e[0] === index[v]) mask = e[1] & VIA[state.via]; });
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
      var keys = readingList(target, known), hidden = hiddenSet(known, [target]), place = {};
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
    function note(text) { noteEl.textContent = text || ""; noteEl.hidden = !text; }
    function safe(url) { return typeof url === "string" && /^https?:\/\//i.test(url) ? url : null; }
    function item(key, number, reason) {
      var i = index[key], li = el("li");
      li.setAttribute("data-key", key);
      li.appendChild(el("span", number + ".", "ph-num"));
      li.appendChild(document.createTextNode(" "));
      li.appendChild(el("strong", g.label[i], "ph-name"));
      if (g.year[i] !== null) { li.appendChild(document.createTextNode(" ")); li.appendChild(el("span", String(g.year[i]), "ph-year")); }
      li.appendChild(document.createTextNode(" "));
      var link = el("span", null, "ph-link"), url = safe(g.url[i]);
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
    list.addEventListener("change", function (event) {  // every box's, in one listener
      var box = event.target, li = box.closest && box.closest("li");
      if (li && box.parentNode.classList.contains("ph-read")) setKnown(li.getAttribute("data-key"), box.checked);
    });
    function answer() {
      var m = state.mode, e = state.ends;
      if (m === "path") {
        var p = path(e[0], e[1], state.known, state.via);
        return p ? steps(p) : null;
      }
      if (m === "list") return listItems(e[0], state.known);
      if (m === "plan") return plan(e, state.known, state.max);
      return orderItems(state.known);
    }
    function draw() {
      var rows = answer();
      list.textContent = "";
      order = [];
      if (rows === null) { note("No reading path from " + name(state.ends[0]) + " to " + name(state.ends[1]) + "."); rows = []; }
      list.appendChild(chunked(rows.map(function (row, j) {  // one insertion: an <ol> renumbers on each
        order.push(row[0]);
        return item(row[0], j + 1, row[1]);
      })));
      readBoxes();
      var e = state.ends.map(name);
      heading.textContent = {path: "Reading path from " + e[0] + " to " + e[1], list: "Reading list for " + e[0],
        plan: "Reading plan for " + e.join(", "), order: "Reading order"}[state.mode];
      highlight();
      root.setAttribute("data-answered", String(Date.now()));
    }
    function highlight() {
      var on = {}, updates = [];
      if (state.mode !== "order") order.forEach(function (k) { on[k] = true; });  // the reading order marks none
      data.nodes.forEach(function (d) {  // only what changes: an update redraws; d.size is the view's own
        var size = state.ends.indexOf(d.id) >= 0 ? 30 : d.size, border = on[d.id] && state.mode !== "order" ? 3 : 1;
        var was = shown[d.id];  // none yet: as the view drew it
        if (was ? was[0] === size && was[1] === border : d.size === size && d.borderWidth === border) return;
        shown[d.id] = [size, border];
        updates.push({id: d.id, size: size, borderWidth: border});
      });
      if (updates.length) nodes.update(updates);
    }
    function setKnown(key, read) {
      state.known = state.known.filter(function (k) { return k !== key; });
      if (read) state.known.push(key);
      state.known.sort();
      try { localStorage.setItem(storeKey, JSON.stringify(state.known)); } catch (err) { /* private mode */ }
      hash(); draw();
    }
    function hash() {
      var e = state.ends.join(","), parts = [];
      if (state.mode === "path") parts.push("path=" + e);
      if (state.mode === "list") parts.push("list=" + e);
      if (state.mode === "plan") parts.push("plan=" + e);
      if (state.known.length) parts.push("known=" + state.known.join(","));
      if (state.via !== "all") parts.push("via=" + state.via);
      try { history.replaceState(null, "", "#" + parts.join("&")); } catch (err) { /* a sandboxed frame */ }
    }
    function restore() {
      var text = decodeURIComponent(location.hash.replace(/^#/, "")), unknown = [];
      try { state.known = JSON.parse(localStorage.getItem(storeKey) || "null") || state.known; } catch (err) { /* none */ }
      var focus = null;
      text.split("&").forEach(function (part) {
        var kv = part.split("="), keys = (kv[1] || "").split(",").filter(Boolean);
        if (part && !/^(path|list|plan|focus|known|via)$/.test(kv[0])) { unknown.push(part); return; }
        if (kv[0] === "via") { if (keys[0] in VIA) state.via = keys[0]; else unknown.push(part); return; }
        var good = keys.filter(function (k) { return k in index; });
        unknown = unknown.concat(keys.filter(function (k) { return !(k in index); }));
        if (!kv[1] || good.length !== keys.length) return;
        if (kv[0] === "path" && good.length === 2) { state.mode = "path"; state.ends = good; }
        else if (kv[0] === "list" && good.length === 1) { state.mode = "list"; state.ends = good; state.max = null; }
        else if (kv[0] === "plan") { state.mode = "plan"; state.ends = good; }
        else if (kv[0] === "known") state.known = good.sort();
        else if (kv[0] === "focus") focus = good[0];
      });
      var same = state.mode === r.mode && state.ends.join() === r.ends.join() && state.known.join() === r.known.join();
      if (same && state.via === "all") {  // the list in the page is the answer: add the boxes only
        if (listed !== null && r.listed) order = r.listed.map(function (i) { return g.keys[i]; });  // its keys, as sent
        else Array.prototype.forEach.call(list.querySelectorAll("li[data-key]"), function (li) {  // a static list
          order.push(li.getAttribute("data-key"));
        });
        readBoxes();
        highlight();
        root.setAttribute("data-answered", String(Date.now()));
      } else draw();
      if (unknown.length) note("This link names what this graph does not have (" + unknown.join(", ") + "): ignored.");
      focusLater = focus;  // once the graph is placed and its captions sized (place), which fits it
    }
    function focusNode(key) {
      if (!byId[key]) return;
      network.selectNodes([key]);
      network.focus(key, {scale: Math.max(network.getScale(), 1), animation: data.large ? false : {duration: 250}});
    }
    function mark(key) {
      Array.prototype.forEach.call(list.querySelectorAll("li.ph-on"), function (li) { li.classList.remove("ph-on"); });
      var li = list.querySelector('li[data-key="' + CSS.escape(key) + '"]');
      if (li) { li.classList.add("ph-on"); li.scrollIntoView({block: "nearest"}); }
    }
    list.addEventListener("click", function (event) {
      var li = event.target.closest("li");
      if (!li || event.target.closest("a, label")) return;
      var key = li.getAttribute("data-key");
      mark(key); focusNode(key);
      if (byId[key]) root.dispatchEvent(new CustomEvent("paperhop-show", {detail: key}));
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
          var other = uv[0] === i ? uv[1] : uv[0], ls = links(g.keys[uv[0]], g.keys[uv[1]]);
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
      var buttons = el("p", null, "ph-actions");
      [["Path from here", function () { ask("path", [key, state.ends[state.ends.length - 1] || key]); }],
       ["Path to here", function () { ask("path", [state.mode === "path" ? state.ends[0] : g.keys[0], key]); }],
       ["Reading list", function () { ask("list", [key]); }]].forEach(function (b) {
        var button = el("button", b[0]); button.type = "button"; button.onclick = b[1]; buttons.appendChild(button);
      });
      into.appendChild(buttons);
    }
    function edgeEvidence(u, v) { return data.evidence[u + " " + v] || ""; }
    function ask(mode, ends) { state.mode = mode; state.ends = ends; note(""); hash(); draw(); }

    // Search as the CLI resolves: exact name or alias, then a name prefix, then a title word; typos get "did you mean".
    function fold(text) { return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ""); }
    function search(query) {
      var q = fold(query), words = query.toLowerCase().trim();
      if (!q) return [];
      if (g.names[q] !== undefined) return [g.names[q]];
      var scored = [];
      for (var i = 0; i < n; i++) {
        var label = fold(g.label[i]), title = g.title[i].toLowerCase(), score = null;
        if (label.indexOf(q) === 0) score = 1;
        else if (new RegExp("(^|[^\\p{L}\\p{N}])" + words.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") + "($|[^\\p{L}\\p{N}])", "u").test(title)) score = 2;
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
          (b2j[a[i]] || []).forEach(function (jj) {
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
      return keys.filter(function (k, j) { return keys.indexOf(k) === j; }).sort();
    }

    // Controls: layout, fit, reset, PNG, reset of what is read.
    var bar = root.querySelector(".ph-bar"), controls = el("span", null, "ph-controls");
    function button(text, fn) { var b = el("button", text); b.type = "button"; b.onclick = fn; controls.appendChild(b); return b; }
    var layout = data.layout === "timeline" ? "timeline" : "flow";
    var toggle = button(layout === "timeline" ? "Reading order" : "Timeline", function () {
      layout = layout === "timeline" ? "flow" : "timeline";
      toggle.textContent = layout === "timeline" ? "Reading order" : "Timeline";
      place();
    });
    button("Fit", function () { network.fit(); });
    button("Reset", function () {
      state = {mode: r.mode, ends: r.ends.slice(), known: r.known.slice(), via: "all", max: r.max};
      try { localStorage.removeItem(storeKey); } catch (err) { /* none */ }
      note(""); hash(); draw(); place();
    });
    button("PNG", function () {
      var a = document.createElement("a");
      a.download = (data.title || "paperhop") + ".png";
      a.href = root.querySelector("canvas").toDataURL("image/png");
      a.click();
    });
    bar.appendChild(controls);
    var axis = el("div", null, "ph-axis");
    root.querySelector(".ph-canvas").appendChild(axis);
    var placed = {strip: false, tall: false, layout: layout};
    function place(first) {
      var strip = compact(), tall = upright();
      if (first === true && !strip && !tall && layout === placed.layout) {
        fitList(); highlight(); readable(); axis.hidden = layout !== "timeline"; drawAxis(); return;
      }
      placed = {strip: strip, tall: tall, layout: layout};
      root.classList.toggle("ph-strip", strip);
      var updates = [];
      if (strip) {
        var at = {};
        order.forEach(function (k, j) { at[k] = j; });
        data.nodes.forEach(function (d) {
          var j = at[d.id];
          var end = state.ends.indexOf(d.id) >= 0;
          updates.push(j === undefined ? {id: d.id, hidden: true} : {id: d.id, hidden: false, x: 0, y: j * 72,
            size: end ? 16 : 11, shape: "box", margin: 8, color: boxed(d, end), font: {size: 14}});
        });
        root.querySelector(".ph-canvas").style.height = Math.max(order.length * 72 + 60, 200) + "px";
      } else {
        var turn = data.columns.flow / data.rowGap;
        data.nodes.forEach(function (d) {
          var look = groups[d.group], x = layout === "timeline" ? d.tx : d.x, y = layout === "timeline" ? d.ty : d.y;
          updates.push(Object.assign({id: d.id, hidden: false, x: tall ? y * turn : x, y: tall ? x * 1.2 : y,
            shape: look.shape, color: look.color}, caption(d)));
        });
        root.querySelector(".ph-canvas").style.height = "";
      }
      nodes.update(updates);
      network.setOptions({edges: {smooth: data.large ? false : {enabled: true, type: "cubicBezier",
        forceDirection: layout === "timeline" || strip ? "none" : tall ? "vertical" : "horizontal", roundness: 0.35}}});
      network.redraw();
      if (strip) network.moveTo({position: {x: 0, y: (order.length - 1) * 36 + 10}, scale: 1});
      else { highlight(); network.fit(); readable(); }
      fitList();
      axis.hidden = layout !== "timeline" || strip;
      drawAxis();
    }
    // On a phone's strip each paper is a box with its caption inside: the arrows run between boxes, never
    // through a caption. Its border is the paper's colour; the ends are drawn bold.
    function boxed(d, end) {
      var look = groups[d.group].color, theme = data.theme;
      return {background: theme.background, border: look.highlight.background,
        highlight: {background: theme.panel, border: theme.text}, hover: {background: theme.panel, border: theme.text}};
    }
    // Captions at least 12 px when fitted, at most 30 units; wrapped within a column, never within a word.
    var captions = data.options.nodes.font.size;
    function readable() {
      if (data.large || compact()) return;
      for (var tries = 0; tries < 3; tries++) {
        var size = Math.max(data.options.nodes.font.size, Math.min(30, Math.ceil(12.5 / network.getScale())));
        if (size === captions && tries) return;
        captions = size;
        var quiet = {};
        Object.keys(groups).forEach(function (name) {
          var look = groups[name];
          if (look.shape !== "diamond") return;
          quiet[name] = Object.assign({}, look, {font: Object.assign({}, look.font,
            {color: look.font.color === data.theme.text ? data.theme.muted : look.font.color})});
        });
        network.setOptions({nodes: {font: {size: size}}, groups: quiet});
        nodes.update(data.nodes.map(function (d) { return Object.assign({id: d.id}, caption(d)); }));
        network.fit();
      }
    }
    // Set on each node, as a strip's boxes set theirs. Concepts are quieter: the papers are what one reads.
    function caption(d) {
      var concept = groups[d.group].shape === "diamond", size = concept ? Math.round(captions * 0.8) : captions;
      var word = d.caption.split(" ").reduce(function (m, w) { return Math.max(m, w.length); }, 0) * 0.62 * size;
      var room = (concept ? (upright() ? 0.9 : 0.7) : 1) * (data.columns[layout] - 30);
      return {font: {size: size}, widthConstraint: {maximum: Math.max(room, word)}};
    }
    function fitList() {  // beside the graph, the list scrolls within its height; below it, it runs on
      var canvas = root.querySelector(".ph-canvas"), section = root.querySelector(".ph-reading");
      section.style.maxHeight = canvas.offsetTop === section.offsetTop ? canvas.clientHeight + "px" : "";
    }
    function compact() {  // a phone or a narrow column: a path or list becomes a vertical strip
      return (state.mode === "path" || state.mode === "list" || state.mode === "plan") && narrow();
    }
    function upright() {  // a tall canvas: the whole graph reads top to bottom
      var canvas = root.querySelector(".ph-canvas");
      return layout === "flow" && !data.large && narrow() && canvas.clientHeight > canvas.clientWidth;
    }
    function narrow() { return root.querySelector(".ph-canvas").clientWidth < 760; }
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

    var focusLater = null;  // a deep link's #focus= (restore)
    restore();
    place(true);  // now, not after the first frame: that frame then lays out the list at its height, not at 5,000 items'
    if (focusLater) setTimeout(function () { mark(focusLater); focusNode(focusLater); }, 0);
    return {name: name, note: note, search: search, suggest: suggest, mark: mark, neighbours: neighbours,
      path: path, readingList: readingList, plan: plan, order: function () { return order.slice(); },
      ask: ask, place: place, state: function () { return state; },
      fit: function () {  // the whole graph, placed again if its box turned, its captions sized for the new zoom
        if (compact() !== placed.strip || upright() !== placed.tall) place(); else { network.fit(); readable(); }
      }};
  }
})();
