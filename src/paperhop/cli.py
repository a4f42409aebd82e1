"""The command line: each command parses, calls the library, renders. Nothing more."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
import networkx as nx

from . import render
from .errors import GraphDataError, PaperhopError
from .graph import build_graph, check, edge_kinds
from .queries import VIA, reading_list, reading_paths, search, stats
from .resolve import resolve
from .store import default_graph_path, load_graph


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
        G = build_graph(load_graph(graph_path or default_graph_path()))
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
        problems = check(load_graph(folder or graph_path or default_graph_path()))
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
