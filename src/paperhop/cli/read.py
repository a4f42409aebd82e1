"""The commands that read a graph and answer: each parses, calls one library function, renders."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .. import render
from ..queries.resolve import resolve
from ..results import Result
from .options import (
    MANY,
    Known,
    answer,
    bibtex_option,
    chosen_graph,
    format_option,
    graph_option,
    graph_path_option,
    known_file_option,
    known_options,
    reader_option,
    via_option,
)

if TYPE_CHECKING:
    import networkx as nx

    from ..models import Concept, Paper
    from ..reader import Reader


def echo(result: Result, fmt: str) -> None:
    """Print *result* in the format *fmt*."""
    for piece in render.pieces(result, fmt):
        click.echo(piece, nl=False)


def echo_bibtex(records: Iterable[Paper | Concept]) -> None:
    """Print the BibTeX entries of the papers among *records*."""
    from ..render import bibtex

    click.echo(bibtex.render(records), nl=False)


@click.command()
@click.argument("source")
@click.argument("target")
@via_option
@click.option(
    "-k", "k", type=click.IntRange(1, MANY), default=1, show_default=True, help="Show the K best alternative paths."
)
@click.option(
    "--influential-only",
    is_flag=True,
    help="With --via cites: follow only citations Semantic Scholar marks influential (paperhop link fetches it).",
)
@format_option
@bibtex_option
@reader_option
@known_options
def path(
    reader: Reader,
    source: str,
    target: str,
    via: str,
    k: int,
    influential_only: bool,
    fmt: str,
    bibtex: bool,
    known: Known,
) -> None:
    """The reading path from SOURCE to TARGET.

    Numbered, in reading order, each step with why it follows the one before.
    Curated and concept links are preferred to bare citations.

    \b
    Example:
      paperhop path vit sora
      paperhop path 2010.11929 "world simulators" -k 3 --format markdown
      paperhop path vit sora --via cites --influential-only --graph my-graph
    """
    ends = reader.resolve(source), reader.resolve(target)
    result = answer(lambda keys: reader.path(*ends, via=via, k=k, known=keys, influential_only=influential_only), known)
    echo_bibtex(result.papers()) if bibtex else echo(result, fmt)


@click.command("reading-list")
@click.argument("target")
@click.option("--depth", type=click.IntRange(1, MANY), help="Only papers at most N papers away.")
@click.option("--by-section", is_flag=True, help="Markdown: group the papers under their sections.")
@via_option
@format_option
@bibtex_option
@reader_option
@known_options
def reading_list_command(
    reader: Reader,
    target: str,
    depth: int | None,
    by_section: bool,
    known: Known,
    via: str,
    fmt: str,
    bibtex: bool,
) -> None:
    """Everything TARGET builds on, in reading order.

    Each paper comes after all of its prerequisites; ties go to the older
    paper. Markdown output is numbered the same, each paper tagged with its
    section, ready for a blog post (--by-section groups it by section).

    \b
    Example:
      paperhop reading-list sora --known vit,unet --format markdown
    """
    from dataclasses import replace

    key = reader.resolve(target)
    result = answer(lambda keys: reader.reading_list(key, depth=depth, known=keys, via=via), known)
    result = replace(result, by_section=by_section)
    echo_bibtex(result.papers()) if bibtex else echo(result, fmt)


@click.command()
@click.argument("paper")
@format_option
@reader_option
def show(reader: Reader, paper: str, fmt: str) -> None:
    """A paper's record, what it builds on and what builds on it.

    \b
    Example:
      paperhop show "latent diffusion models"
    """
    echo(reader.show(reader.resolve(paper)), fmt)


@click.command("main-path")
@click.argument("target")
@click.option(
    "--search",
    type=click.Choice(["global", "local"]),
    default="global",
    show_default=True,
    help="global: the chain of citations whose counts sum the most; local: the heaviest citation at each step.",
)
@format_option
@reader_option
def main_path(reader: Reader, target: str, search: str, fmt: str) -> None:
    """The backbone of TARGET's citations: main path analysis by search path count.

    Of every chain of citations that leads from a paper citing none of the
    others to TARGET, the main path follows the citations most chains go
    through (Hummon and Doreian's main path, Batagelj's SPC weights).

    \b
    Example:
      paperhop main-path sora
      paperhop main-path sora --search local --format markdown
    """
    echo(reader.main_path(reader.resolve(target), search=search), fmt)


@click.command("search")
@click.argument("text")
@format_option
@graph_option
def search_command(G: nx.DiGraph, text: str, fmt: str) -> None:
    """Find papers and concepts by name, title, author or summary.

    \b
    Example:
      paperhop search diffusion
    """
    from ..queries.nodes import search_result

    echo(search_result(G, text), fmt)


@click.command("list")
@click.option("--concepts", is_flag=True, help="List concepts instead of papers.")
@format_option
@graph_option
def list_command(G: nx.DiGraph, concepts: bool, fmt: str) -> None:
    """Every paper, oldest first (or every concept).

    \b
    Example:
      paperhop list --format markdown
    """
    from ..queries.nodes import list_result

    echo(list_result(G, concepts=concepts), fmt)


@click.command("stats")
@format_option
@graph_option
def stats_command(G: nx.DiGraph, fmt: str) -> None:
    """How many papers, concepts and links of each kind.

    \b
    Example:
      paperhop stats --format json
    """
    from ..queries.nodes import stats_result

    echo(stats_result(G), fmt)


@click.command()
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
    from ..load import validate_result

    result = validate_result(folder or chosen_graph(graph_path))
    echo(result, fmt)
    if result.errors:
        raise click.exceptions.Exit(1)


@click.command()
def schema() -> None:
    """Print the JSON Schema of papers, concepts and edges.

    \b
    Example:
      paperhop schema > paperhop.schema.json
    """
    from ..models import json_schema

    click.echo(json.dumps(json_schema(), indent=2, sort_keys=True))


@click.command()
@click.argument("targets", nargs=-1, required=True)
@click.option(
    "--max",
    "max_papers",
    type=click.IntRange(0, MANY),
    metavar="N",
    help="Keep only the N papers that matter most to the targets; say what was left out.",
)
@format_option
@bibtex_option
@reader_option
@known_options
def plan(
    reader: Reader, targets: tuple[str, ...], max_papers: int | None, fmt: str, bibtex: bool, known: Known
) -> None:
    """One reading order for several targets.

    Everything the targets build on, less what you know (--known, or the file
    `paperhop known` keeps), each paper after its prerequisites and each with the
    targets that need it. Markdown output is a checklist to paste into an issue.

    \b
    Example:
      paperhop plan sora dit --max 8 --known vit,clip --format markdown
    """
    keys = [reader.resolve(t) for t in targets]
    result = answer(lambda k: reader.plan(keys, known=k, max_papers=max_papers), known)
    echo_bibtex(result.papers()) if bibtex else echo(result, fmt)


@click.command("next")
@click.argument("target")
@format_option
@reader_option
@known_options
def next_command(reader: Reader, target: str, fmt: str, known: Known) -> None:
    """What you can read now on TARGET's list: papers whose prerequisites you know.

    \b
    Example:
      paperhop next sora --known unet,transformer,vqvae
    """
    key = reader.resolve(target)
    echo(answer(lambda keys: reader.next(key, known=keys), known), fmt)


@click.command()
@click.argument("paper")
@click.argument("target", required=False)
@click.option("--for", "for_target", metavar="TARGET", help="The paper whose list PAPER is on (or give it second).")
@click.option("--limit", type=click.IntRange(1, MANY), default=5, show_default=True, help="At most this many paths.")
@format_option
@graph_option
def why(G: nx.DiGraph, paper: str, target: str | None, for_target: str | None, limit: int, fmt: str) -> None:
    """Why PAPER is on TARGET's reading list: the paths that put it there.

    \b
    Example:
      paperhop why unet sora
    """
    from ..reader import Reader

    if (target is None) == (for_target is None):
        raise click.UsageError("give the target once: paperhop why PAPER TARGET (or --for TARGET)")
    target = target or str(for_target)
    echo(Reader(G).why(resolve(G, paper), resolve(G, target), limit=limit), fmt)


class _NameOrCommand(click.Group):
    """A group whose first argument is a name unless it names one of its commands: ``concept NAME`` shows a
    concept, ``concept add NAME ...`` adds one (a concept called "add" is ``concept show add``)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ctx.help_option_names:
            args = ["show", *args]  # options too: `concept --format json NAME` as before
        return super().parse_args(ctx, args)


@click.group(cls=_NameOrCommand)
def concept() -> None:
    """A concept: which papers introduce it, which use it, and what to read first (concept NAME); or add one
    (concept add NAME).

    \b
    Example:
      paperhop concept "spacetime patches"
      paperhop concept add "Diffusion" --description "..." --introduced-by ddpm --used-by ldm
    """


@concept.command("show")
@click.argument("name")
@format_option
@graph_option
def concept_show(G: nx.DiGraph, name: str, fmt: str) -> None:
    """Which papers introduce the concept NAME, which use it, and what to read first.

    \b
    Example:
      paperhop concept "spacetime patches"
    """
    from ..queries.plans import concept_result

    echo(concept_result(G, resolve(G, name)), fmt)


@click.command()
@click.argument("old")
@click.argument("new")
@click.option("--target", metavar="PAPER", help="Also show how PAPER's reading list changes.")
@graph_path_option
@format_option
def diff(old: str, new: str, target: str | None, graph_path: Path | None, fmt: str) -> None:
    """What changed between two graph folders, or two git revisions of one.

    With revisions, --graph names the graph folder inside the repository.

    \b
    Example:
      paperhop diff old-graph/ new-graph/ --target sora --format markdown
      paperhop diff HEAD~1 HEAD --graph graph_data/road-to-sora
    """
    from ..load import graph_at
    from ..queries.diff import diff_result

    folder = chosen_graph(graph_path)
    with graph_at(old, folder) as before, graph_at(new, folder) as after:
        result = diff_result(before, after, target=target)
    echo(result, fmt)


@click.command()
@click.option(
    "--target",
    "targets",
    multiple=True,
    metavar="PAPER",
    help="Reading goals (default: the papers nothing builds on); may repeat.",
)
@click.option("--strict", is_flag=True, help="Exit 1 if there is any finding (for CI).")
@format_option
@graph_option
def doctor(G: nx.DiGraph, targets: tuple[str, ...], strict: bool, fmt: str) -> None:
    """What is weak in a graph: missing identifiers, loose papers, odd citations, duplicates.

    \b
    Example:
      paperhop doctor --strict
    """
    from ..queries.doctor import doctor_result

    result = doctor_result(G, targets=[resolve(G, t) for t in targets] or None)
    echo(result, fmt)
    if strict and result.findings:
        raise click.exceptions.Exit(1)


@click.group()
def known() -> None:
    """The papers you have read, kept in a file that path, reading-list, plan and next use.

    \b
    Example:
      paperhop known add vit clip
    """


@known.command("add")
@click.argument("papers", nargs=-1, required=True)
@known_file_option
@graph_option
def known_add(G: nx.DiGraph, papers: tuple[str, ...], known_file: Path | None) -> None:
    """Add papers to what you know.

    \b
    Example:
      paperhop known add vit "latent diffusion models"
    """
    from ..store.known import change_known

    keys = sorted({resolve(G, p) for p in papers})
    click.echo(f"known: {', '.join(keys)} ({change_known(known_file, keys, add=True)})")


@known.command("remove")
@click.argument("papers", nargs=-1, required=True)
@known_file_option
@graph_option
def known_remove(G: nx.DiGraph, papers: tuple[str, ...], known_file: Path | None) -> None:
    """Remove papers from what you know.

    \b
    Example:
      paperhop known remove vit
    """
    from ..store.known import change_known

    keys = sorted({resolve(G, p) for p in papers})
    click.echo(f"no longer known: {', '.join(keys)} ({change_known(known_file, keys, add=False)})")


@known.command("list")
@known_file_option
@format_option
def known_list(known_file: Path | None, fmt: str) -> None:
    """The papers you know, as keys.

    \b
    Example:
      paperhop known list
    """
    from ..queries.known import known_result

    echo(known_result(known_file), fmt)


COMMANDS = (
    main_path,
    path,
    reading_list_command,
    show,
    search_command,
    list_command,
    stats_command,
    validate,
    schema,
    plan,
    next_command,
    why,
    concept,
    diff,
    doctor,
    known,
)  # added to the group by cli/__init__
