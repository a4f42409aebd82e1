// page.js, part 3 of 7: the list beside the graph.
// The parts are joined in order when a page is written (export/html.py), inside one closure: a part may
// use what an earlier one defines, and the whole is the page's one script.
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

