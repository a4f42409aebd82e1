// page.js, part 5 of 7: the phone's strip.
// The parts are joined in order when a page is written (export/html.py), inside one closure: a part may
// use what an earlier one defines, and the whole is the page's one script.
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

