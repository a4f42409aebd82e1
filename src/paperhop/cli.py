"""The command line: each command parses, calls the library, renders. Nothing more."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
import networkx as nx

from . import render
from .errors import GraphDataError, PaperhopError
from .graph import edge_kinds, load, read_graph
from .queries import VIA, reading_list, reading_paths, search, stats
from .resolve import resolve
from .store import default_graph_path, write_text_atomic


class PaperhopGroup(click.Group):
    """Turns every library error into one line on stderr and exit status 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except PaperhopError as exc:
            raise click.ClickException(str(exc)) from None


graph_path_option = click.option(
    "--graph",
    "graph_path",
    envvar="PAPERHOP_GRAPH",
    metavar="DIR",
    type=click.Path(file_okay=False, path_type=Path),
    help="Graph folder to use (default: the shipped Road to Sora graph; or set PAPERHOP_GRAPH).",
)


def graph_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add --graph and pass the loaded graph to the command as ``G``."""

    @graph_path_option
    @functools.wraps(command)
    def wrapper(graph_path: Path | None, **kwargs: Any) -> Any:
        G = load(graph_path)
        return command(G, **kwargs)

    return wrapper


format_option = click.option(
    "--format", "fmt", type=click.Choice(render.FORMATS), default="text", show_default=True, help="Output format."
)
via_option = click.option(
    "--via",
    type=click.Choice(list(VIA)),
    default="all",
    show_default=True,
    help="Which links to follow: citations, curated and concept links, concepts only.",
)


def _keys(G: nx.DiGraph, texts: str) -> list[str]:
    return [resolve(G, t) for t in texts.split(",") if t.strip()]


@click.group(cls=PaperhopGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="paperhop")
def cli() -> None:
    """What to read first, and in what order: a knowledge graph of research papers.

    Papers and concepts are nodes; an edge u -> v means "read u before v".
    Any PAPER may be a key, a name or alias in any case, an arXiv id or URL,
    a DOI, a Semantic Scholar id, or a piece of the title.

    \b
    Example:
      paperhop path vit sora
    """


@cli.command()
@click.argument("source")
@click.argument("target")
@via_option
@click.option(
    "-k", "k", type=click.IntRange(min=1), default=1, show_default=True, help="Show the K best alternative paths."
)
@format_option
@graph_option
def path(G: nx.DiGraph, source: str, target: str, via: str, k: int, fmt: str) -> None:
    """The reading path from SOURCE to TARGET.

    Numbered, in reading order, each step with why it follows the one before.
    Curated and concept links are preferred to bare citations.

    \b
    Example:
      paperhop path vit sora
      paperhop path 2010.11929 "world simulators" -k 3 --format markdown
    """
    H = edge_kinds(G, VIA[via])
    paths = reading_paths(H, resolve(G, source), resolve(G, target), k=k)
    click.echo(render.render_paths(H, paths, fmt), nl=False)


@cli.command("reading-list")
@click.argument("target")
@click.option("--depth", type=click.IntRange(min=1), help="Only papers at most N papers away.")
@click.option(
    "--known", default="", metavar="PAPER,...", help="Papers you have read: left out, with what only they lead to."
)
@via_option
@format_option
@graph_option
def reading_list_command(G: nx.DiGraph, target: str, depth: int | None, known: str, via: str, fmt: str) -> None:
    """Everything TARGET builds on, in reading order.

    Each paper comes after all of its prerequisites; ties go to the older
    paper. Markdown output is grouped by section, ready for a blog post.

    \b
    Example:
      paperhop reading-list sora --known vit,unet --format markdown
    """
    key = resolve(G, target)
    keys = reading_list(edge_kinds(G, VIA[via]), key, depth=depth, known=_keys(G, known))
    click.echo(render.render_reading_list(G, key, keys, fmt), nl=False)


@cli.command()
@click.argument("paper")
@format_option
@graph_option
def show(G: nx.DiGraph, paper: str, fmt: str) -> None:
    """A paper's record, what it builds on and what builds on it.

    \b
    Example:
      paperhop show "latent diffusion models"
    """
    click.echo(render.render_show(G, resolve(G, paper), fmt), nl=False)


@cli.command("search")
@click.argument("text")
@format_option
@graph_option
def search_command(G: nx.DiGraph, text: str, fmt: str) -> None:
    """Find papers and concepts by name, title, author or summary.

    \b
    Example:
      paperhop search diffusion
    """
    keys = search(G, text)
    if not keys:
        raise PaperhopError(f"nothing matches {text!r}")
    click.echo(render.render_list(G, keys, fmt), nl=False)


@cli.command("list")
@click.option("--concepts", is_flag=True, help="List concepts instead of papers.")
@format_option
@graph_option
def list_command(G: nx.DiGraph, concepts: bool, fmt: str) -> None:
    """Every paper, oldest first (or every concept).

    \b
    Example:
      paperhop list --format markdown
    """
    wanted = "concept" if concepts else "paper"
    keys = [k for k, t in G.nodes(data="type") if t == wanted]
    keys.sort(key=lambda k: (getattr(G.nodes[k]["record"], "year", 0), k))
    click.echo(render.render_list(G, keys, fmt), nl=False)


@cli.command("stats")
@format_option
@graph_option
def stats_command(G: nx.DiGraph, fmt: str) -> None:
    """How many papers, concepts and links of each kind.

    \b
    Example:
      paperhop stats --format json
    """
    click.echo(render.render_stats(stats(G), fmt), nl=False)


@cli.command()
@click.argument("folder", required=False, type=click.Path(file_okay=False, path_type=Path))
@graph_path_option
@format_option
def validate(folder: Path | None, graph_path: Path | None, fmt: str) -> None:
    """Check a graph folder for errors.

    Reports schema errors, dangling keys, duplicate keys or aliases, cycles of
    curated links and edges joining the wrong kinds of node, and exits 1 if
    there are any. Warnings (citation cycles, a paper citing a later one) are
    reported but pass.

    \b
    Example:
      paperhop validate graph_data/road-to-sora
    """
    try:
        problems = read_graph(folder or graph_path or default_graph_path(), warnings=True)[1]
    except GraphDataError as exc:
        problems = exc.problems
    click.echo(render.render_problems(problems, fmt), nl=False)
    if any(p.severity == "error" for p in problems):
        raise click.exceptions.Exit(1)


@cli.command()
def schema() -> None:
    """Print the JSON Schema of papers, concepts and edges.

    \b
    Example:
      paperhop schema > paperhop.schema.json
    """
    from .models import Concept, Edge, Paper

    document = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "paperhop graph records",
        "description": "Each line of papers.jsonl, concepts.jsonl and edges.jsonl is one record.",
        "$defs": {
            "paper": Paper.model_json_schema(),
            "concept": Concept.model_json_schema(),
            "edge": Edge.model_json_schema(),
        },
    }
    click.echo(json.dumps(document, indent=2, sort_keys=True))


@cli.group()
def export() -> None:
    """Export the graph, or part of it: HTML, Mermaid, JSON, GraphML.

    Every format takes the same options to choose what to show: --focus PAPER
    --depth N (a neighbourhood), --path SRC DST (a highlighted reading path),
    --reading-list TARGET (numbered), --no-concepts.

    \b
    Example:
      paperhop export html --path vit sora
    """


def view_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The options every export shares; passes the built view as ``view``."""

    @click.option("--focus", metavar="PAPER", help="Only the neighbourhood of PAPER.")
    @click.option(
        "--depth", type=click.IntRange(min=1), default=1, show_default=True, help="With --focus: how many links away."
    )
    @click.option("--path", "path_ends", nargs=2, metavar="SRC DST", help="Highlight the reading path SRC -> DST.")
    @click.option(
        "--reading-list",
        "reading_list_of",
        metavar="TARGET",
        help="Only TARGET's reading list, numbered in reading order.",
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
        no_concepts: bool,
        **kwargs: Any,
    ) -> Any:
        from .export import build_view

        view = build_view(
            G,
            concepts=not no_concepts,
            focus=resolve(G, focus) if focus else None,
            depth=depth,
            path=(resolve(G, path_ends[0]), resolve(G, path_ends[1])) if path_ends else None,
            reading_list_of=resolve(G, reading_list_of) if reading_list_of else None,
        )
        return command(G, view, **kwargs)

    return wrapper


out_argument = click.argument("out", required=False, type=click.Path(dir_okay=False, path_type=Path))


def _emit(text: str, out: Path | None) -> None:
    if out is None or str(out) == "-":
        click.echo(text, nl=False)
    else:
        write_text_atomic(out, text)
        click.echo(f"wrote {out}", err=True)


def _css_length(ctx: click.Context, param: click.Parameter, value: str) -> str:
    from .export.html import CSS_LENGTH

    if not CSS_LENGTH.fullmatch(value):
        raise click.BadParameter(f"{value!r} is not a CSS length such as 720px or 100%")
    return value


@export.command("html")
@out_argument
@click.option("--embed", is_flag=True, help="An HTML fragment to paste into a blog post, not a whole page.")
@click.option(
    "--layout",
    type=click.Choice(["flow", "force"]),
    default="flow",
    show_default=True,
    help="flow: left to right in reading order; force: a physics layout.",
)
@click.option("--theme", type=click.Choice(["light", "dark"]), default="light", show_default=True)
@click.option(
    "--height", default="720px", show_default=True, callback=_css_length, help="Height of the graph (a CSS length)."
)
@click.option(
    "--width", default="100%", show_default=True, callback=_css_length, help="Width of the graph (a CSS length)."
)
@click.option(
    "--id", "element_id", metavar="NAME", help="Element id of the fragment (default: one derived from its content)."
)
@click.option("--open", "open_browser", is_flag=True, help="Open the page in the default browser.")
@view_options
def export_html(
    G: nx.DiGraph,
    view: Any,
    out: Path | None,
    embed: bool,
    layout: str,
    theme: str,
    height: str,
    width: str,
    element_id: str | None,
    open_browser: bool,
) -> None:
    """An interactive HTML graph that needs no network: one self-contained file.

    Writes exports/<graph name>.html unless OUT is given ("-" for stdout).

    \b
    Example:
      paperhop export html --path vit sora
      paperhop export html --embed --reading-list sora --theme dark sora.html
    """
    from .export.html import render_html

    if element_id is not None and not re.fullmatch(r"[A-Za-z][\w-]*", element_id):
        raise click.BadParameter("letters, digits, - and _, starting with a letter", param_hint="--id")
    text = render_html(view, embed=embed, layout=layout, theme=theme, height=height, width=width, element_id=element_id)
    target = out or Path("exports") / f"{view.name}{'.embed' if embed else ''}.html"
    _emit(text, target)
    if open_browser and str(target) != "-":
        click.launch(str(target))


@export.command("mermaid")
@out_argument
@view_options
def export_mermaid(G: nx.DiGraph, view: Any, out: Path | None) -> None:
    """A Markdown ```mermaid block, for blogs and READMEs that run no scripts.

    \b
    Example:
      paperhop export mermaid --reading-list vivit
    """
    from .export.static import render_mermaid

    _emit(render_mermaid(view), out)


@export.command("json")
@out_argument
@view_options
def export_json(G: nx.DiGraph, view: Any, out: Path | None) -> None:
    """Node-link JSON of the graph, with every record field.

    \b
    Example:
      paperhop export json --focus vit --depth 2 vit.json
    """
    from .export.static import render_json

    _emit(render_json(view, G), out)


@export.command("graphml")
@out_argument
@view_options
def export_graphml(G: nx.DiGraph, view: Any, out: Path | None) -> None:
    """GraphML, for Gephi and Cytoscape.

    \b
    Example:
      paperhop export graphml road-to-sora.graphml
    """
    from .export.static import render_graphml

    _emit(render_graphml(view, G), out)
