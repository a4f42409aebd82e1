"""The command line: each command parses, calls the library, renders. Nothing more."""

from __future__ import annotations

import functools
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
import networkx as nx

from .. import render
from ..errors import GraphDataError, PaperhopError
from ..graph import edge_kinds
from ..load import find_graph, load, read_graph
from ..queries.paths import VIA, reading_list, reading_paths, search, stats
from ..queries.resolve import resolve
from ..store.folder import write_text_atomic

MANY = 1_000_000  # the bound of every count option: past it an answer is neither useful nor quick
MESSAGE_CHARS = 300  # an error line quotes at most this much of what it was given


def one_line(message: str) -> str:
    """*message* as one short line of plain text: a hostile argument or file name can neither
    flood the terminal nor send it control sequences."""
    text = render.plain_text(message)
    return text if len(text) <= MESSAGE_CHARS else text[: MESSAGE_CHARS - 1] + "…"


class PaperhopGroup(click.Group):
    """Turns every library error, and every failure of the file system, into one line on stderr and exit 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except PaperhopError as exc:
            raise click.ClickException(one_line(str(exc))) from None
        except OSError as exc:  # a file that cannot be read or written: name it, never a traceback
            where = f": {exc.filename}" if exc.filename else ""
            raise click.ClickException(one_line(f"{exc.strerror or exc}{where}")) from None


graph_path_option = click.option(
    "--graph",
    "graph_path",
    envvar="PAPERHOP_GRAPH",
    metavar="DIR",
    type=click.Path(file_okay=False, path_type=Path),
    help="Graph folder to use (or set PAPERHOP_GRAPH; default: the graph folder you are in, "
    "else the shipped Road to Sora graph).",
)


def chosen_graph(graph_path: Path | None) -> Path | None:
    """The graph folder named; else the one the working folder is in, said on stderr; else None (the shipped one)."""
    if graph_path is not None:
        return graph_path
    found = find_graph()
    if found is not None:
        click.echo(one_line(f"using the graph in {found}"), err=True)
    return found


def graph_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add --graph and pass the loaded graph to the command as ``G``."""

    @graph_path_option
    @functools.wraps(command)
    def wrapper(graph_path: Path | None, **kwargs: Any) -> Any:
        G = load(chosen_graph(graph_path))
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


known_file_option = click.option(
    "--known-file",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="PATH",
    help="File of known papers, one key a line (default: ~/.config/paperhop/known.txt).",
)


def known_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add --known and --known-file; pass ``known``: the keys named, plus those in the known-papers file
    that this graph has (the file may list papers of other graphs)."""

    @click.option(
        "--known",
        "known_text",
        default="",
        metavar="PAPER,...",
        help="Papers you have read: left out, with what only they lead to.",
    )
    @known_file_option
    @functools.wraps(command)
    def wrapper(G: nx.DiGraph, known_text: str, known_file: Path | None, **kwargs: Any) -> Any:
        from ..store.known import default_known_file, read_known

        in_file = [k for k in read_known(known_file or default_known_file()) if k in G]
        return command(G, known=sorted({*_keys(G, known_text), *in_file}), **kwargs)

    return wrapper


bibtex_option = click.option("--bibtex", is_flag=True, help="Print BibTeX entries of the papers instead.")


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
    "-k", "k", type=click.IntRange(1, MANY), default=1, show_default=True, help="Show the K best alternative paths."
)
@format_option
@bibtex_option
@graph_option
@known_options
def path(G: nx.DiGraph, source: str, target: str, via: str, k: int, fmt: str, bibtex: bool, known: list[str]) -> None:
    """The reading path from SOURCE to TARGET.

    Numbered, in reading order, each step with why it follows the one before.
    Curated and concept links are preferred to bare citations.

    \b
    Example:
      paperhop path vit sora
      paperhop path 2010.11929 "world simulators" -k 3 --format markdown
    """
    H = edge_kinds(G, VIA[via])
    paths = reading_paths(H, resolve(G, source), resolve(G, target), k=k, known=known)
    if bibtex:
        click.echo(render.render_bibtex(G, dict.fromkeys(k for p in paths for k in p)), nl=False)
        return
    click.echo(render.render_paths(H, paths, fmt), nl=False)


@cli.command("reading-list")
@click.argument("target")
@click.option("--depth", type=click.IntRange(1, MANY), help="Only papers at most N papers away.")
@via_option
@format_option
@bibtex_option
@graph_option
@known_options
def reading_list_command(
    G: nx.DiGraph, target: str, depth: int | None, known: list[str], via: str, fmt: str, bibtex: bool
) -> None:
    """Everything TARGET builds on, in reading order.

    Each paper comes after all of its prerequisites; ties go to the older
    paper. Markdown output is grouped by section, ready for a blog post.

    \b
    Example:
      paperhop reading-list sora --known vit,unet --format markdown
    """
    key = resolve(G, target)
    keys = reading_list(edge_kinds(G, VIA[via]), key, depth=depth, known=known)
    if bibtex:
        click.echo(render.render_bibtex(G, keys), nl=False)
        return
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
    keys.sort(key=lambda k: (G.nodes[k].get("year", 0), k))
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
        problems = read_graph(folder or chosen_graph(graph_path), warnings=True)[1]
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
    from ..models import Concept, Edge, Paper

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
        "--depth", type=click.IntRange(1, MANY), default=1, show_default=True, help="With --focus: how many links away."
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
        from ..export import build_view

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
    from ..export.html import css_length

    try:
        return css_length(value)
    except PaperhopError as exc:
        raise click.BadParameter(str(exc)) from None


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
    from ..export.html import render_html

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
    from ..export.static import render_mermaid

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
    from ..export.static import render_json

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
    from ..export.static import render_graphml

    _emit(render_graphml(view, G), out)


@cli.command()
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
@graph_option
@known_options
def plan(
    G: nx.DiGraph, targets: tuple[str, ...], max_papers: int | None, fmt: str, bibtex: bool, known: list[str]
) -> None:
    """One reading order for several targets.

    Everything the targets build on, less what you know (--known, or the file
    `paperhop known` keeps), each paper after its prerequisites and each with the
    targets that need it. Markdown output is a checklist to paste into an issue.

    \b
    Example:
      paperhop plan sora dit --max 8 --known vit,clip --format markdown
    """
    from ..queries.plans import plan as make_plan

    result = make_plan(G, [resolve(G, t) for t in targets], known=known, max_papers=max_papers)
    if bibtex:
        click.echo(render.render_bibtex(G, result.order), nl=False)
        return
    click.echo(render.render_plan(G, result, fmt), nl=False)


@cli.command("next")
@click.argument("target")
@format_option
@graph_option
@known_options
def next_command(G: nx.DiGraph, target: str, fmt: str, known: list[str]) -> None:
    """What you can read now on TARGET's list: papers whose prerequisites you know.

    \b
    Example:
      paperhop next sora --known unet,transformer,vqvae
    """
    from ..queries.plans import next_papers

    key = resolve(G, target)
    keys = next_papers(G, key, known=known)
    if not keys:
        raise PaperhopError(f"nothing left to read before {key}")
    click.echo(render.render_list(G, keys, fmt), nl=False)


@cli.command()
@click.argument("paper")
@click.option("--for", "target", required=True, metavar="TARGET", help="The paper whose list PAPER is on.")
@click.option("--limit", type=click.IntRange(1, MANY), default=5, show_default=True, help="At most this many paths.")
@format_option
@graph_option
def why(G: nx.DiGraph, paper: str, target: str, limit: int, fmt: str) -> None:
    """Why PAPER is on TARGET's reading list: the paths that put it there.

    \b
    Example:
      paperhop why unet --for sora
    """
    from ..queries.plans import why as why_paths

    key, goal = resolve(G, paper), resolve(G, target)
    paths = why_paths(G, key, goal, limit=limit)
    label = {k: G.nodes[k]["label"] for k in (key, goal)}
    click.echo(render.render_paths(G, paths, fmt, title=f"Why {label[key]} is on {label[goal]}'s list"), nl=False)


@cli.command()
@click.argument("name")
@format_option
@graph_option
def concept(G: nx.DiGraph, name: str, fmt: str) -> None:
    """Which papers introduce a concept, which use it, and what to read first.

    \b
    Example:
      paperhop concept "spacetime patches"
    """
    from ..queries.plans import concept_info

    click.echo(render.render_concept(G, concept_info(G, resolve(G, name)), fmt), nl=False)


@cli.command()
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
    from ..queries.diff import diff_graphs, reading_lists
    from ..store.revisions import graph_at

    with graph_at(old, graph_path) as before, graph_at(new, graph_path) as after:
        changes = diff_graphs(before, after)
        lists = reading_lists(before, after, target) if target else None
    click.echo(render.render_diff(changes, lists, fmt), nl=False)


@cli.command()
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
    from ..queries.doctor import doctor as examine

    findings = examine(G, targets=[resolve(G, t) for t in targets] or None)
    click.echo(render.render_findings(findings, fmt), nl=False)
    if strict and findings:
        raise click.exceptions.Exit(1)


@cli.group()
def known() -> None:
    """The papers you have read, kept in a file that path, reading-list, plan and next use.

    \b
    Example:
      paperhop known add vit clip
    """


def _change_known(G: nx.DiGraph, papers: tuple[str, ...], known_file: Path | None, *, add: bool) -> None:
    from ..store.known import default_known_file, read_known, write_known

    path = known_file or default_known_file()
    keys = {resolve(G, p) for p in papers}
    before = set(read_known(path))
    write_known(path, before | keys if add else before - keys)
    click.echo(f"{'known' if add else 'no longer known'}: {', '.join(sorted(keys))} ({path})")


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
    _change_known(G, papers, known_file, add=True)


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
    _change_known(G, papers, known_file, add=False)


@known.command("list")
@known_file_option
@format_option
def known_list(known_file: Path | None, fmt: str) -> None:
    """The papers you know, as keys.

    \b
    Example:
      paperhop known list
    """
    from ..store.known import default_known_file, read_known

    keys = read_known(known_file or default_known_file())
    click.echo(render.to_json(keys) if fmt == "json" else "".join(f"{k}\n" for k in keys), nl=False)


def _writable_graph(graph_path: Path | None) -> Path:
    folder = chosen_graph(graph_path)
    if folder is None:
        raise click.UsageError(
            "this command writes to a graph: name it with --graph DIR or PAPERHOP_GRAPH, or run it in a graph folder "
            "(the shipped Road to Sora graph is written only when named)"
        )
    return folder


def _s2_client(
    api_key: str | None, cache_dir: Path | None = None, no_cache: bool = False, offline: bool = False
) -> Any:
    from ..sources.s2 import Retry, S2Client
    from ..store.cache import cache_dir as default_cache_dir
    from ..store.responses import ResponseCache

    if offline and no_cache:
        raise click.UsageError("--offline works from the cache: it cannot go with --no-cache")
    cache = None if no_cache else ResponseCache(cache_dir or default_cache_dir() / "s2", offline=offline)
    return S2Client(api_key=api_key, retry=Retry(notify=lambda message: click.echo(message, err=True)), cache=cache)


def s2_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The options of every command that asks Semantic Scholar; passes ``client``."""

    @click.option(
        "--api-key",
        envvar="S2_API_KEY",
        metavar="KEY",
        show_envvar=True,
        help="Semantic Scholar API key (never printed).",
    )
    @click.option(
        "--cache-dir",
        type=click.Path(file_okay=False, path_type=Path),
        metavar="DIR",
        help="Where answers are cached (default: the user cache folder).",
    )
    @click.option("--no-cache", is_flag=True, help="Neither read nor write cached answers.")
    @click.option("--offline", is_flag=True, help="Ask nothing: answer from the cache alone.")
    @functools.wraps(command)
    def wrapper(api_key: str | None, cache_dir: Path | None, no_cache: bool, offline: bool, **kwargs: Any) -> Any:
        return command(client=_s2_client(api_key, cache_dir, no_cache, offline), **kwargs)

    return wrapper


def _progress_bar(items: list[Any], label: str) -> Any:
    """Work on many papers shows itself on stderr, when that is a terminal; the items, one by one, either way."""
    if len(items) < 3 or not sys.stderr.isatty():
        return items

    def shown() -> Any:
        with click.progressbar(items, label=label, file=sys.stderr) as bar:
            yield from bar

    return shown()


def _grow(graph_path: Path, change: Callable[[Any], Any]) -> None:
    """Change the graph with ``load.update`` (a new, empty one if the folder holds none); print what grew."""
    from ..load import Interrupted, update
    from ..sources.s2 import S2Error

    try:
        growth = update(graph_path, change)
    except S2Error as exc:
        raise PaperhopError(f"{exc}; the graph was not changed") from None
    except Interrupted as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(render.plain_text(growth.summary()))
    if growth.failed and not growth.added and not growth.citations:
        raise click.exceptions.Exit(1)


@cli.command()
@click.argument("folder", required=False, type=click.Path(file_okay=False, path_type=Path))
def init(folder: Path | None) -> None:
    """Make a new, empty graph in FOLDER (default: the working folder), which must be new or empty.

    It holds the three graph files, empty. Commands run in it, or in a folder
    below it, use it without --graph.

    \b
    Example:
      paperhop init my-graph
      cd my-graph && paperhop add 2010.11929
    """
    from ..store.folder import init_graph

    init_graph(folder or Path.cwd())
    click.echo(one_line(f"made an empty graph in {folder or Path.cwd()}"))


@cli.command()
@click.argument("ids", nargs=-1)
@click.option("--key", help="The key of the new paper (with one id).")
@click.option("--search", "query", metavar="TEXT", help="List the best matches for TEXT instead of adding.")
@click.option("--first", is_flag=True, help="With --search: add the best match.")
@click.option("--references", is_flag=True, help="Also add the papers it cites.")
@click.option("--citations", is_flag=True, help="Also add the papers that cite it.")
@click.option(
    "--limit",
    type=click.IntRange(1, 9_999),
    default=20,
    show_default=True,
    help="With --references/--citations: at most N a paper, most cited first.",
)
@click.option(
    "--depth",
    type=click.IntRange(1, 10),
    default=1,
    show_default=True,
    help="With --references/--citations: how many levels to follow.",
)
@s2_options
@graph_path_option
def add(
    ids: tuple[str, ...],
    key: str | None,
    query: str | None,
    first: bool,
    references: bool,
    citations: bool,
    limit: int,
    depth: int,
    client: Any,
    graph_path: Path | None,
) -> None:
    """Add papers from Semantic Scholar, with their citations to the papers you have.

    ID is an arXiv id or URL, a DOI or doi.org URL, a Semantic Scholar id or URL, or
    CorpusId:N. Each new paper gets true metadata and a short key (ho2022imagen).

    \b
    Example:
      paperhop add 2210.02303 https://doi.org/10.1109/CVPR52688.2022.01042 --graph my-graph
      paperhop add --search "latent diffusion" --first --graph my-graph
    """
    from ..sources.grow import add_papers, search_papers

    if query is not None:
        matches = search_papers(client, query)
        if not first:
            click.echo(render.render_matches(matches), nl=False)
            return
        ids = (matches[0]["paperId"],)
    elif not ids:
        raise click.UsageError("give one or more ids, or --search TEXT")
    follow = tuple(d for d, on in (("references", references), ("citations", citations)) if on)
    options: dict[str, Any] = {"key": key, "follow": follow, "limit": limit, "depth": depth, "progress": _progress_bar}
    _grow(_writable_graph(graph_path), lambda data: add_papers(data, client, list(ids), **options))


@cli.command()
@s2_options
@graph_path_option
def link(client: Any, graph_path: Path | None) -> None:
    """Fill in the real citations among the papers a graph already has.

    \b
    Example:
      paperhop link --graph my-graph
    """
    from ..sources.grow import link_papers

    _grow(_writable_graph(graph_path), lambda data: link_papers(data, client, progress=_progress_bar))


@cli.command()
@s2_options
@graph_path_option
def refresh(client: Any, graph_path: Path | None) -> None:
    """Update what Semantic Scholar knows of each paper, never what a person wrote.

    Citation counts and open-access PDF links take the newest value; venue, ids and
    link are filled in where missing; titles, authors, years, summaries, aliases,
    sections, notes, curated links and concepts are left as they are.

    \b
    Example:
      paperhop refresh --graph my-graph
    """
    from ..sources.grow import refresh_papers

    _grow(_writable_graph(graph_path), lambda data: refresh_papers(data, client))


@cli.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@s2_options
@graph_path_option
def import_command(file: Path, client: Any, graph_path: Path | None) -> None:
    """Add every paper a reading list links (Markdown, HTML, plain text or BibTeX).

    Its headings become sections; papers it names without a link are reported.

    \b
    Example:
      paperhop import road-to-sora.md --graph my-graph
    """
    from ..sources.grow import import_list
    from ..sources.readinglists import parse_reading_list
    from ..store.folder import read_text_file

    reading = parse_reading_list(read_text_file(file))
    if not reading.entries:
        raise PaperhopError(f"{file} links no paper (arXiv, DOI or Semantic Scholar)")
    if reading.unlinked:
        click.echo(render.plain_text(f"named without a link (add them by id): {'; '.join(reading.unlinked)}"), err=True)
    _grow(_writable_graph(graph_path), lambda data: import_list(data, client, reading, progress=_progress_bar))
