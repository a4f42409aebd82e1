// page.js, part 6 of 7: the URL and storage (deep links, what a reader has read), search and export.
// The parts are joined in order when a page is written (export/html.py), inside one closure: a part may
// use what an earlier one defines, and the whole is the page's one script.
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

