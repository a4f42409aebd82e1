// page.js, part 2 of 7: the reading guide's one state, and its query engine: the CLI's queries answered in the page.
// The parts are joined in order when a page is written (export/html.py), inside one closure: a part may
// use what an earlier one defines, and the whole is the page's one script.
  // -- the reading guide: the list beside the graph, and the CLI's queries answered in the page ------------
  function makeReading() {
    var r = data.reading, g = r.graph, n = g.keys.length;
    var VIA = ENGINE.via, WEIGHTS = ENGINE.weights, WHY = ENGINE.why;
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
    function weight(kinds) {  // the best kind's cost (graph.KIND_WEIGHT)
      for (var i = 0; i < WEIGHTS.length && !(kinds & (1 << i)); i++);
      return WEIGHTS[i];
    }
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
    function said(what, names) {  // WHY[what] with its {names} filled in one pass: a name is never read again
      return WHY[what].replace(/\{(\w+)\}/g, function (m, k) { return names[k]; });
    }
    function why(hops) {
      var first = name(hops[0]), last = name(hops[hops.length - 1]);
      if (hops.length === 3) {
        var notes = links(hops[0], hops[1]).concat(links(hops[1], hops[2])).map(function (l) { return l[1]; })
          .filter(Boolean);
        return [said("through", {last: last, idea: lower(name(hops[1])), first: first})].concat(notes).join(" ");
      }
      var ls = links(hops[0], hops[1]), primary = ls[0][0], note = ls[0][1];
      var sentence = said(primary, {first: first, last: last});
      var text = note ? sentence + ": " + note : sentence + ".";
      if (primary !== "cites" && ls.some(function (l) { return l[0] === "cites"; })) text += said("also_cites", {last: last});
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

