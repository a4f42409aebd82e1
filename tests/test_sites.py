"""The README's embedding recipes on real static sites: MkDocs (Material), Hugo and Jekyll build a post, a local
server serves it, and Debian's Chromium reads it.

A generator serves a post one folder deeper than its source (docs/posts/reading.md -> /posts/reading/), so a
relative `paperhop-vis.js` or `road-to-sora.html` is looked up in /posts/reading/. Each site here follows the
README's table: the files go into the folder that the generator serves at the post's URL. Every graph must draw,
inside the iframe too, with no 404, no request off the site and no page error.

.ci/run installs hugo and jekyll with apt-get, and the `test` extra brings mkdocs and mkdocs-material; a generator
that is missing is skipped, saying how to install it (in CI, where `PAPERHOP_REQUIRE_TOOLS=1`, it fails).
"""

from __future__ import annotations

import functools
import http.server
import os
import shlex
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib.util import find_spec
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from paperhop.export import build_view
from paperhop.load import load

from .conftest import needs
from .test_browser import browser as browser  # the one Chromium fixture

README = Path(__file__).parents[1] / "README.md"
PAPERHOP = Path(sys.executable).with_name("paperhop")
SHOTS = Path(os.environ["PAPERHOP_SITE_SHOTS"]) if os.environ.get("PAPERHOP_SITE_SHOTS") else None  # a folder
POST_URL = "/posts/reading/"  # where every site here puts the post
PREFIX = "/blog"  # served under a sub-path, as a GitHub project page is: relative names do not mind
FRAME_TAG = (
    '<iframe src="road-to-sora.html#vivit" title="Road to Sora reading graph" loading="lazy"'
    ' style="width: 100%; height: 860px; border: 0"></iframe>'
)
# One head for the hand-written layouts: a data: icon, so Chromium asks for no /favicon.ico.
HEAD = '<meta charset="utf-8"><link rel="icon" href="data:,">'


@dataclass
class Site:
    """A generator's small site: where the post goes, where its files go, and the config it needs."""

    name: str
    post: str  # the Markdown post, from the site's root
    files: str  # the folder served at POST_URL, from the site's root: the README's "write the files into"
    build: list[str]
    output: str  # the built site
    config: dict[str, str] = field(default_factory=dict)
    front_matter: str = ""
    missing: str | None = None  # why the generator cannot run here

    def commands(self) -> list[list[str]]:
        """The README's three commands, with this site's folder."""
        return [
            ["export", "html", "--embed", "--shared-lib", "paperhop-vis.js", "--path", "vit", "sora",
             f"{self.files}/vit-sora.html"],
            ["export", "html", "--embed", "--shared-lib", "paperhop-vis.js", "--reading-list", "vivit",
             f"{self.files}/vivit.html"],
            ["export", "html", "--path", "vit", "sora", f"{self.files}/road-to-sora.html"],
        ]  # fmt: skip


def _mkdocs_missing() -> str | None:
    if find_spec("mkdocs") is None or find_spec("material") is None:
        return "mkdocs and mkdocs-material are not installed: pip install mkdocs mkdocs-material"
    return None


def _missing(command: str) -> str | None:
    return None if shutil.which(command) else f"{command} is not installed: apt-get install {command}"


LAYOUT = f"<!DOCTYPE html><html><head>{HEAD}<title>{{title}}</title></head><body><article><h1>{{title}}</h1>{{content}}</article></body></html>\n"
SITES = {
    "mkdocs": Site(
        "mkdocs",
        post="docs/posts/reading.md",
        files="docs/posts/reading",
        build=[sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"],
        output="site",
        config={
            # font: false: Material loads no Google Fonts, at build or view time.
            "mkdocs.yml": "site_name: A research blog\ntheme:\n  name: material\n  font: false\n",
            "docs/index.md": "# A research blog\n\nPosts.\n",
        },
        missing=_mkdocs_missing(),
    ),
    "hugo": Site(
        "hugo",
        post="content/posts/reading.md",
        files="static/posts/reading",
        build=["hugo", "--quiet"],
        output="public",
        config={
            # Goldmark drops raw HTML without unsafe = true.
            "hugo.toml": 'baseURL = "/"\ntitle = "A research blog"\n'
            'disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]\n'
            "[markup.goldmark.renderer]\nunsafe = true\n",
            "layouts/_default/single.html": LAYOUT.format(title="{{ .Title }}", content="{{ .Content }}"),
            "layouts/_default/list.html": LAYOUT.format(title="{{ .Title }}", content="{{ .Content }}"),
        },
        front_matter="---\ntitle: Reading my way to Sora\n---\n\n",
        missing=_missing("hugo"),
    ),
    "jekyll": Site(
        "jekyll",
        post="_posts/2024-03-01-reading.md",
        files="posts/reading",
        build=["jekyll", "build", "--quiet"],
        output="_site",
        config={
            "_config.yml": "title: A research blog\npermalink: /posts/:title/\n",
            "_layouts/post.html": LAYOUT.format(title="{{ page.title }}", content="{{ content }}"),
        },
        front_matter="---\nlayout: post\ntitle: Reading my way to Sora\n---\n\n",
        missing=_missing("jekyll"),
    ),
}


def markdown_post(site: Site, first: str, second: str) -> str:
    """The post a writer would make: both fragments pasted between paragraphs, then the iframe."""
    return "\n".join(
        [
            site.front_matter + ("# Reading my way to Sora\n" if site.name == "mkdocs" else ""),
            "Some *context* first.\n",
            first,
            "After graph 1: a **paragraph**.\n",
            second,
            "After graph 2, the whole page in an iframe:\n",
            FRAME_TAG + "\n",
            "After the iframe.\n",
        ]
    )


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@dataclass
class Built:
    site: Site
    url: str  # the post, served
    seconds: float  # export + build


@pytest.fixture(scope="module", params=list(SITES))
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    """The site built once, served on a free loopback port for the module, then shut down."""
    site = SITES[request.param]
    needs(site.missing)
    root = tmp_path_factory.mktemp(site.name)
    start = time.monotonic()
    for name, text in site.config.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    for command in site.commands():  # as the README says, from the site's root
        subprocess.run([str(PAPERHOP), *command], cwd=root, check=True, capture_output=True, timeout=60)
    first, second = ((root / site.files / name).read_text(encoding="utf-8") for name in ("vit-sora.html", "vivit.html"))
    (root / site.post).parent.mkdir(parents=True, exist_ok=True)
    (root / site.post).write_text(markdown_post(site, first, second), encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(site.build, cwd=root, capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0, f"{shlex.join(site.build)}:\n{done.stdout}\n{done.stderr}"
    seconds = time.monotonic() - start
    served = root / "served"
    served.mkdir()
    (root / site.output).rename(served / PREFIX.strip("/"))
    handler = functools.partial(Quiet, directory=str(served))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield Built(site, f"http://127.0.0.1:{server.server_address[1]}{PREFIX}{POST_URL}", seconds)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_the_built_post_draws_every_graph(browser: Browser, built: Built) -> None:
    page: Page = browser.new_page(viewport={"width": 1000, "height": 900})
    errors: list[str] = []
    requests: list[str] = []
    failed: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.on("requestfailed", lambda r: failed.append(f"{r.url} {r.failure}"))
    page.on("response", lambda r: failed.append(f"{r.url} {r.status}") if r.status >= 400 else None)
    try:
        page.goto(built.url, timeout=15_000)
        try:
            page.wait_for_function(
                "() => document.querySelectorAll('div.paperhop[data-ready=true]').length === 2", timeout=15_000
            )
        except PlaywrightTimeout:
            pytest.fail(f"the graphs did not draw on {built.url}: failed {failed}, errors {errors}")
        drawn = page.evaluate(
            "() => [...document.querySelectorAll('div.paperhop')]"
            ".map(d => [d.paperhop.nodes.length, Object.keys(d.paperhop.network.body.nodes).length])"
        )
        G = load()
        assert drawn == [
            [len(v.nodes)] * 2 for v in (build_view(G, path=("vit", "sora")), build_view(G, reading_list_of="vivit"))
        ]
        page.locator("iframe").scroll_into_view_if_needed()  # it loads lazily
        frame = page.frame_locator("iframe")
        frame.locator("div.paperhop[data-ready=true]").first.wait_for(timeout=15_000)
        inner = page.frame(url=lambda u: "road-to-sora.html" in u)
        assert inner is not None
        inner.wait_for_function(
            "() => document.querySelector('div.paperhop').paperhop.network.getSelectedNodes()[0] === 'vivit'",
            timeout=10_000,
        )
        library = built.url + "paperhop-vis.js"
        assert library in requests
        assert built.url + "road-to-sora.html#vivit" in requests or built.url + "road-to-sora.html" in requests
        page.mouse.move(0, 0)
        page.evaluate("() => window.scrollTo(0, 0)")
        if SHOTS:
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / f"{built.site.name}.png"), full_page=True)
        origin = built.url[: -len(PREFIX + POST_URL)]
        assert failed == []
        assert errors == []
        assert [u for u in requests if not u.startswith(origin + "/") and not u.startswith("data:")] == []
    finally:
        page.close()
    print(f"{built.site.name}: exported and built in {built.seconds:.2f} s")


def test_the_readme_gives_these_recipes() -> None:
    """The README's table and commands are what the sites above do."""
    readme = README.read_text(encoding="utf-8")
    assert FRAME_TAG in readme
    rows = {}
    for line in readme.splitlines():
        words = line.split("|")[1].split() if line.startswith("| ") else []
        if words:
            rows[words[0].rstrip(",").lower()] = line
    for site in SITES.values():
        assert f"| `{site.post}` | `{POST_URL}` | `{site.files}/` |" in rows[site.name], site.name
    assert "font: false" in rows["mkdocs"]
    assert "`unsafe = true`" in rows["hugo"]
    assert "`permalink: /posts/:title/`" in rows["jekyll"]
    for command in SITES["mkdocs"].commands():
        assert f"\npaperhop {shlex.join(command)}" in readme
