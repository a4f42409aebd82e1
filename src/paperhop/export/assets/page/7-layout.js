// page.js, part 7 of 7: where the nodes stand: the layout, upright on a tall canvas, or a phone's strip.
// The parts are joined in order when a page is written (export/html.py), inside one closure: a part may
// use what an earlier one defines, and the whole is the page's one script.
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
      path: path, readingList: readingList, plan: plan, resolve: resolveName, order: function () { return order.slice(); },
      ask: ask, place: place, restyle: restyle, repaint: repaint, litEdge: litEdge, png: png, setKnown: setKnown, panelRoom: panelRoom,
      state: function () { return state; }, lit: function () { return Object.keys(lit); },
      resized: function (moved) {  // placed again if its box turned, or changed width while the reader left it be
        var canvas = root.querySelector(".ph-canvas");
        if (compact() !== placed.strip || upright() !== placed.tall || (!moved && canvas.clientWidth !== placed.width)) place();
        else { fitList(); if (placed.strip) stripView(); }
      }};
  }
})();
