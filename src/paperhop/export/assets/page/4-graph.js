// page.js, part 4 of 7: the graph, drawn from the same state.
// The parts are joined in order when a page is written (export/html.py), inside one closure: a part may
// use what an earlier one defines, and the whole is the page's one script.
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

