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
})();
