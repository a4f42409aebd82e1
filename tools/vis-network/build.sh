#!/usr/bin/env bash
# Rebuilds src/paperhop/export/assets/vis-network.js, the vis-network the HTML export inlines.
#
# Why not pyvis's copy: that is vis-network's "standalone" build, 468 KB with core-js polyfills that write a
# `__core-js_shared__` global, a UMD wrapper that reads and writes `window.vis`, and 220 KB of CSS, mostly images of
# navigation and editing buttons paperhop never shows. This is the same vis-network 9.1.2, its ES2018 ("esnext")
# build bundled with its dependencies at the versions of its release: 345 KB, one line (no template literal, so no
# line break inside a string: the fragment must survive Markdown), reading no page global (`window.Hammer`, and the
# AMD `define` timsort's wrapper looks for, are defined away) and writing none (the bundle is one `var vis = ...`, which html.py runs inside a function).
set -euo pipefail
cd "$(dirname "$0")"
npm ci --no-audit --no-fund --ignore-scripts
out=../../src/paperhop/export/assets/vis-network.js
{
  echo "/* vis-network 9.1.2, vis-data 7.1.4, vis-util 5.0.3 (Apache-2.0 OR MIT, (c) Almende B.V. and visjs contributors);"
  echo " @egjs/hammerjs 2.0.17, component-emitter 1.3.1, timsort 0.3.0, uuid 8.3.2 (MIT); keycharm 0.4.0 (Apache-2.0 OR MIT)."
  echo " Built by tools/vis-network/build.sh. */"
  npx esbuild entry.js --bundle --minify --format=iife --global-name=vis --target=es2018 \
    --supported:template-literal=false --define:window.Hammer=undefined --define:define=undefined --legal-comments=none --log-level=warning
} > "$out"
wc -c "$out"
