// The fragment's bootstrap: everything that makes the graph a good guest on someone else's page.
// - Isolation: it reads and writes no page global. vis-network runs inside a function (a page's own `vis`,
//   jQuery or Hammer are never seen), and is kept on `window` only under a registered symbol, not enumerable,
//   so a second graph on the page reuses it. The markup and its styles live in a shadow root: the host
//   page's CSS cannot reach in, and ours cannot reach out.
// - Without JavaScript (or in a browser with no shadow DOM) the host keeps its plain list of papers.
// - The page owns scrolling: a wheel over the graph scrolls the page; Ctrl/Cmd+wheel zooms it, and so does a
//   wheel after a click into the graph. One finger scrolls the page, two move and zoom the graph. A hint says so,
//   and a Fit button brings a lost view back.
(function () {
"use strict";
var KEY = Symbol.for("@KEY@");
var script = document.currentScript;
var host = script && script.parentNode && script.parentNode.id === "@ID@" ? script.parentNode : document.getElementById("@ID@");
var template = host && host.querySelector("template");
// The plain list: a large graph's is a <noscript> (html.py), which the browser reads as one string with
// JavaScript on, not thousands of elements laid out while the page loads; it is parsed once, where it goes.
var plain = host && host.querySelector(".ph-nojs");
var hidden = plain && plain.tagName === "NOSCRIPT";
function markup() { return hidden ? plain.textContent : plain.innerHTML; }  // paperhop's own, record text escaped
function unhide() {  // a large graph's plain list out of its <noscript>, as without JavaScript
if (!hidden) return;
var holder = document.createElement("template");  // inert: nothing in it loads or runs
holder.innerHTML = markup();
plain.parentNode.replaceChild(holder.content, plain);
}
if (!template || !host.attachShadow) { unhide(); return; }
if (host.shadowRoot) return;
var vis = window[KEY];
if (!vis) {
vis = @LIBRARY@;
if (!vis) {  // the shared library did not load: the reader keeps the plain list, and the author learns which URL failed
var tag = host.querySelector("script[src]"), url = tag ? tag.src : "(no script tag)";
var said = document.createElement("p");
said.textContent = "This graph could not load its library from " + url + ", so it shows the plain list.";
host.insertBefore(said, host.firstChild);
console.error("paperhop: vis-network did not load from " + url + ": check the --shared-lib path from this page's URL");
return;
}
Object.defineProperty(window, KEY, {value: vis});
}
host.style.cssText = "all: initial; display: block; max-width: 100%; width: @WIDTH@";
var shadow = host.attachShadow({mode: "open"});
// The plain list stays the host's until the graph is drawn: whatever breaks the page (a host's broken built-ins,
// a Trusted Types policy), the reader is left the list, shown through a slot of the emptied shadow root.
try {
shadow.appendChild(template.content.cloneNode(true));
var root = shadow.querySelector(".paperhop");
// The reading list is in the page once: shown as it is without JavaScript, moved beside the graph with it
// (page.js parses the markup `listed` into the `slot`).
var slot = root.querySelector(".ph-list-slot"), listed = slot && plain ? markup() : null;
@PAGE@
host.paperhop = root.paperhop;
new MutationObserver(function () {
if (root.getAttribute("data-ready")) host.setAttribute("data-ready", root.getAttribute("data-ready"));
}).observe(root, {attributes: true, attributeFilter: ["data-ready"]});
var network = root.paperhop.network;
var canvas = root.querySelector(".ph-canvas");
var mac = /Mac|iPhone|iPad/.test(navigator.platform || "");
var hint = document.createElement("div");
hint.className = "ph-hint";
hint.setAttribute("aria-live", "polite");
canvas.appendChild(hint);
var hintTimer = 0;
function say(text) {
hint.textContent = text;
hint.classList.add("ph-shown");
clearTimeout(hintTimer);
hintTimer = setTimeout(function () { hint.classList.remove("ph-shown"); }, 1600);
}
var active = false;
function activate(on) { active = on; canvas.classList.toggle("ph-active", on); }
function scrolls() {  // can the wheel move the page? if not, it zooms the graph, with no hint
var page = document.scrollingElement || document.documentElement;
return page.scrollHeight > page.clientHeight + 1 || window.parent !== window;
}
canvas.addEventListener("wheel", function (event) {
if (active || event.ctrlKey || event.metaKey || !scrolls()) return;  // vis-network zooms
event.stopPropagation();  // vis-network never sees it; the page scrolls
say((mac ? "\u2318" : "Ctrl") + " + scroll to zoom, or click the graph first");
}, {capture: true});
canvas.addEventListener("pointerdown", function (event) { if (event.pointerType === "mouse") activate(true); });
document.addEventListener("pointerdown", function (event) {
if (active && event.composedPath().indexOf(host) < 0) activate(false);
}, true);
root.addEventListener("keydown", function (event) { if (event.key === "Escape") activate(false); });
function twoFingers(event) {
if (event.touches.length > 1) event.preventDefault();  // the graph's gesture, not the page's
}
canvas.addEventListener("touchstart", twoFingers, {passive: false});
canvas.addEventListener("touchmove", twoFingers, {passive: false});
var swipes = 0;
canvas.addEventListener("touchend", function (event) {
if (event.touches.length === 0 && ++swipes === 2) say("Two fingers move and zoom the graph");
});
var fit = document.createElement("button");
fit.type = "button";
fit.className = "ph-fit";
fit.textContent = "Fit";
fit.title = "Show the whole graph";
fit.addEventListener("click", function () { network.fit({animation: @LARGE@ ? false : {duration: 300}}); });
canvas.appendChild(fit);
// A box that changes size (a phone turned, a notebook's iframe laid out late) sizes the list beside the graph
// again, and, until the reader moves the view, places and fits the graph again.
var moved = false;
network.on("zoom", function () { moved = true; });
network.on("dragEnd", function (params) { if (!params.nodes.length) moved = true; });
if (window.ResizeObserver) new ResizeObserver(function () { root.paperhop.reading.resized(moved); }).observe(canvas);
if (plain) plain.parentNode.removeChild(plain);
} catch (error) {
shadow.textContent = "";
shadow.appendChild(document.createElement("slot"));
try { unhide(); } catch (again) { /* the list stays as the host has it */ }
console.error("paperhop: the graph could not be drawn, so this shows the plain list:", error);
}
})();
