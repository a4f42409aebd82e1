"""The export commands: each builds one view of the graph and writes it in one format."""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..errors import PaperhopError
from ..queries.resolve import resolve
from .options import MANY, graph_option, one_line

if TYPE_CHECKING:  # the exports are imported when one runs, not when any command starts
    import networkx as nx

    from ..export.view import View


@click.group()
def export() -> None:
    """Export the graph, or part of it: HTML, Mermaid, JSON, GraphML.

    Every format takes the same options to choose what to show: --focus PAPER
    --depth N (a neighbourhood), --path SRC DST (a highlighted reading path),
    --reading-list TARGET (numbered), --plan T1,T2 [--max N], --known PAPER,...
    (left out of the list), --no-concepts. Exports never read the known-papers file.

    \b
    Example:
      paperhop export html --path vit sora
    """


def view_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The options every export shares; passes the built view as ``view``."""

    @click.option("--focus", metavar="PAPER", help="Only the neighbourhood of PAPER.")
    @click.option(
        "--depth", type=click.IntRange(1, MANY), default=1, show_default=True, help="With --focus: how many links away."
    )
    @click.option("--path", "path_ends", nargs=2, metavar="SRC DST", help="Highlight the reading path SRC -> DST.")
    @click.option(
        "--reading-list",
        "reading_list_of",
        metavar="TARGET",
        help="Only TARGET's reading list, numbered in reading order.",
    )
    @click.option(
        "--plan",
        "plan_texts",
        multiple=True,
        metavar="T1,T2",
        help="Only the reading plan for these targets (comma-separated, or the option repeated).",
    )
    @click.option(
        "--max", "max_papers", type=click.IntRange(0, MANY), metavar="N", help="With --plan: at most N papers."
    )
    @click.option(
        "--known",
        "known_text",
        default="",
        metavar="PAPER,...",
        help="Papers the reader has read: left out of the list (the known-papers file is never read here).",
    )
    @click.option("--no-concepts", is_flag=True, help="Leave concept nodes out.")
    @graph_option
    @functools.wraps(command)
    def wrapper(
        G: nx.DiGraph,
        focus: str | None,
        depth: int,
        path_ends: tuple[str, str] | None,
        reading_list_of: str | None,
        plan_texts: tuple[str, ...],
        max_papers: int | None,
        known_text: str,
        no_concepts: bool,
        **kwargs: Any,
    ) -> Any:
        from ..export import build_view

        targets = [resolve(G, t) for text in plan_texts for t in text.split(",") if t.strip()]
        view = build_view(
            G,
            concepts=not no_concepts,
            focus=resolve(G, focus) if focus else None,
            depth=depth,
            path=(resolve(G, path_ends[0]), resolve(G, path_ends[1])) if path_ends else None,
            reading_list_of=resolve(G, reading_list_of) if reading_list_of else None,
            plan=targets or None,
            max_papers=max_papers,
            known=[resolve(G, t) for t in known_text.split(",") if t.strip()],
        )
        return command(view, **kwargs)

    return wrapper


out_argument = click.argument("out", required=False, type=click.Path(dir_okay=False, path_type=Path))


def _emit(output: str | bytes, out: Path | None) -> None:
    """An export's text (UTF-8) or bytes, to stdout or written atomically to *out*."""
    from ..store.files import write_bytes_atomic

    if out is None or str(out) == "-":
        if isinstance(output, bytes):
            sys.stdout.buffer.write(output)
        else:
            click.echo(output, nl=False)
    else:
        write_bytes_atomic(out, output.encode() if isinstance(output, str) else output)
        click.echo(one_line(f"wrote {out}"), err=True)  # a file name is text too: no escape code reaches the terminal


def _css_length(ctx: click.Context, param: click.Parameter, value: str) -> str:
    from ..export.html import css_length

    try:
        return css_length(value)
    except PaperhopError as exc:
        raise click.BadParameter(str(exc)) from None


def _element_id(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None and not re.fullmatch(r"[A-Za-z][\w-]*", value):
        raise click.BadParameter("letters, digits, - and _, starting with a letter")
    return value


def _library_url(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    from ..export.html import library_url

    try:
        return None if value is None else library_url(value)
    except PaperhopError as exc:
        raise click.BadParameter(str(exc)) from None


@export.command("html")
@out_argument
@click.option("--embed", is_flag=True, help="An HTML fragment to paste into a blog post, not a whole page.")
@click.option(
    "--layout",
    type=click.Choice(["flow", "timeline", "force"]),
    default="flow",
    show_default=True,
    help="flow: left to right in reading order; timeline: x is the year; force: a physics layout.",
)
@click.option(
    "--theme",
    type=click.Choice(["light", "dark", "auto"]),
    help="auto follows the reader's light or dark setting. [default: light for a page, auto for --embed]",
)
@click.option(
    "--height", default="720px", show_default=True, callback=_css_length, help="Height of the graph (a CSS length)."
)
@click.option(
    "--width", default="100%", show_default=True, callback=_css_length, help="Width of the graph (a CSS length)."
)
@click.option(
    "--id",
    "element_id",
    metavar="NAME",
    callback=_element_id,
    help="Element id of the fragment (default: one derived from its content).",
)
@click.option(
    "--shared-lib",
    metavar="URL",
    callback=_library_url,
    help="With --embed: load vis-network from URL, written there beside OUT, so a post with several graphs carries"
    " it once.",
)
@click.option(
    "--link-state",
    is_flag=True,
    help="With --embed: keep the graph's view in the post's URL (after #, under the fragment's id), so a reader can"
    " link to it. A fragment leaves the URL alone without it.",
)
@click.option("--open", "open_browser", is_flag=True, help="Open the page in the default browser.")
@view_options
def export_html(view: View, out: Path | None, open_browser: bool, **options: Any) -> None:
    """An interactive HTML graph that needs no network: one self-contained file.

    Writes exports/<graph name>.html unless OUT is given ("-" for stdout).

    \b
    Example:
      paperhop export html --path vit sora
      paperhop export html --embed --reading-list sora --theme dark sora.html
      paperhop export html --embed --shared-lib paperhop-vis.js --path vit sora post/vit-sora.html
    """
    from ..export.html import render_html

    if options["shared_lib"] and not options["embed"]:
        raise click.UsageError("--shared-lib is for fragments: add --embed")
    if options["link_state"] and not options["embed"]:
        raise click.UsageError("--link-state is for fragments (a page keeps its view in its URL already): add --embed")
    options["theme"] = options["theme"] or ("auto" if options["embed"] else "light")
    target = out or Path("exports") / f"{view.name}{'.embed' if options['embed'] else ''}.html"
    _emit(render_html(view, **options), target)
    if options["shared_lib"]:
        _emit_library(options["shared_lib"], target)
    if open_browser and str(target) != "-":
        click.launch(str(target))


def _emit_library(url: str, target: Path) -> None:
    """The shared vis-network, written where a relative URL points from OUT (a full URL is the user's to host)."""
    from ..export.html import shared_library

    if "://" not in url:
        folder = Path.cwd() if str(target) == "-" else target.parent
        _emit(shared_library(), folder / url.lstrip("/"))


@export.command("mermaid")
@out_argument
@view_options
def export_mermaid(view: View, out: Path | None) -> None:
    """A Markdown ```mermaid block, for blogs and READMEs that run no scripts.

    \b
    Example:
      paperhop export mermaid --reading-list vivit
    """
    from ..export.mermaid import render_mermaid

    _emit(render_mermaid(view), out)


@export.command("json")
@out_argument
@view_options
def export_json(view: View, out: Path | None) -> None:
    """Node-link JSON of the graph, with every record field.

    \b
    Example:
      paperhop export json --focus vit --depth 2 vit.json
    """
    from ..export.json import render_json

    _emit(render_json(view), out)


@export.command("graphml")
@out_argument
@view_options
def export_graphml(view: View, out: Path | None) -> None:
    """GraphML, for Gephi and Cytoscape.

    \b
    Example:
      paperhop export graphml road-to-sora.graphml
    """
    from ..export.graphml import render_graphml

    _emit(render_graphml(view), out)


@export.command("sqlite")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@graph_option
def export_sqlite(G: nx.DiGraph, out: Path) -> None:
    """A SQLite database of the whole graph, with full-text search: for Datasette and sqlite-utils.

    Tables papers, concepts, edges and evidence, and papers_fts over titles and summaries
    (see docs/sqlite.md).

    \b
    Example:
      paperhop export sqlite road-to-sora.db && datasette road-to-sora.db
    """
    from ..export.sqlite import render_sqlite

    _emit(render_sqlite(G), out)
