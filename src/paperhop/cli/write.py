"""The commands that change a graph: init, and those that grow it from Semantic Scholar or a reading list."""

from __future__ import annotations

import functools
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from .. import render
from ..errors import PaperhopError
from .options import chosen_graph, graph_path_option, one_line


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
        with _s2_client(api_key, cache_dir, no_cache, offline) as client:
            return command(client=client, **kwargs)

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


@click.command()
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


@click.command()
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


def _asking(step: str) -> None:
    click.echo(one_line(f"asking Semantic Scholar for {step}"), err=True)


@click.command()
@click.argument("target")
@click.option(
    "--max",
    "max_papers",
    type=click.IntRange(1, 500),
    default=20,
    show_default=True,
    help="How many papers to keep, besides the target.",
)
@click.option(
    "--depth",
    type=click.IntRange(1, 2),
    default=1,
    show_default=True,
    help="1: the papers TARGET cites; 2: also those the best of them cite.",
)
@s2_options
@graph_path_option
def road(target: str, max_papers: int, depth: int, client: Any, graph_path: Path | None) -> None:
    """Build a new graph of what TARGET stands on: its references, ranked and explained.

    TARGET is an id, as for add. Each paper is ranked by how many of the papers
    TARGET cites also cite it, by TARGET's own citation of it (influential, for
    its method), and by its place on the main paths of their citations; the
    best --max are kept, each with its reason, with the real citations among
    them. The graph folder must be new or empty.

    \b
    Example:
      paperhop road 2212.09748 --graph road-to-dit
      paperhop reading-list peebles2022scalable --graph road-to-dit
    """
    from ..sources.road import build_road
    from ..sources.s2 import S2Error, s2_id
    from ..store.folder import init_graph

    folder = _writable_graph(graph_path)
    try:
        found = build_road(client, s2_id(target), max_papers=max_papers, depth=depth, progress=_asking)
    except S2Error as exc:
        raise PaperhopError(f"{exc}; nothing was written") from None
    init_graph(folder, found.data)
    for line in found.summary():
        click.echo(render.plain_text(line))
    click.echo(one_line(f"next: paperhop reading-list {found.target} --graph {folder}"))


@click.command()
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


@click.command()
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


@click.command("import")
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
    from ..store.files import read_text_file

    reading = parse_reading_list(read_text_file(file))
    if not reading.entries:
        raise PaperhopError(f"{file} links no paper (arXiv, DOI or Semantic Scholar)")
    if reading.unlinked:
        click.echo(render.plain_text(f"named without a link (add them by id): {'; '.join(reading.unlinked)}"), err=True)
    _grow(_writable_graph(graph_path), lambda data: import_list(data, client, reading, progress=_progress_bar))


def _curate(graph_path: Path | None, change: Callable[[Any, Callable[[str], str]], str]) -> None:
    """Run a curation *change* on the graph's records (``load.update``: under its lock, checked, saved atomically,
    or nothing saved); *change* gets the records and a resolver of papers named as on the command line, and
    returns what it did, printed."""
    from ..graph import build_graph
    from ..load import Interrupted, update
    from ..queries.resolve import resolve

    def run(data: Any) -> str:
        G = build_graph(data)
        return change(data, lambda text: resolve(G, text))

    try:
        click.echo(one_line(update(_writable_graph(graph_path), run)))
    except Interrupted as exc:
        raise click.ClickException(str(exc)) from None


def _links(edges: list[Any]) -> str:
    return ", ".join(f"{e.source} -> {e.target} ({e.kind})" for e in edges)


@click.command()
@click.argument("first")
@click.argument("then")
@click.option("--note", metavar="TEXT", help="Why THEN follows FIRST (a builds_on link needs one).")
@click.option("--builds-on", "builds_on", is_flag=True, help="Check that both are papers: a curated prerequisite.")
@graph_path_option
def connect(first: str, then: str, note: str | None, builds_on: bool, graph_path: Path | None) -> None:
    """A curated link: read FIRST before THEN.

    Between two papers it is builds_on (with a --note); from a paper to a concept, introduces; from a concept
    to a paper, uses.

    \b
    Example:
      paperhop connect vit vivit --builds-on --note "ViViT extends ViT's patches to video."
    """
    from ..curate import connect as link

    kind = "builds_on" if builds_on else None
    _curate(graph_path, lambda data, key: "linked " + _links([link(data, key(first), key(then), note=note, kind=kind)]))


@click.command()
@click.argument("first")
@click.argument("then")
@click.option("--kind", type=click.Choice(["builds_on", "introduces", "uses", "cites"]), help="Only this kind.")
@graph_path_option
def disconnect(first: str, then: str, kind: str | None, graph_path: Path | None) -> None:
    """Take out the curated links from FIRST to THEN (or the one of --kind: a citation goes only when named).

    \b
    Example:
      paperhop disconnect vit vivit --kind builds_on
    """
    from ..curate import disconnect as unlink

    _curate(graph_path, lambda data, key: "took out " + _links(unlink(data, key(first), key(then), kind=kind)))


@click.command()
@click.argument("paper")
@graph_path_option
def drop(paper: str, graph_path: Path | None) -> None:
    """Take PAPER (or a concept) out of the graph, with every link to or from it; says what went with it.

    \b
    Example:
      paperhop drop sora-review
    """
    from ..curate import drop as take_out

    def change(data: Any, key: Callable[[str], str]) -> str:
        gone = take_out(data, key(paper))
        kinds = Counter(e.kind for e in gone.edges)
        said = ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items()))
        return f"dropped {gone.record.key}" + (f" and its {len(gone.edges)} links ({said})" if gone.edges else "")

    _curate(graph_path, change)


@click.command("add")
@click.argument("name")
@click.option("--description", required=True, metavar="TEXT", help="What the concept is, in a sentence.")
@click.option("--introduced-by", "introduced_by", default="", metavar="PAPER,...", help="The papers that introduce it.")
@click.option("--used-by", "used_by", default="", metavar="PAPER,...", help="The papers that use it.")
@click.option("--key", help="Its key (default: made from NAME).")
@graph_path_option
def concept_add(
    name: str, description: str, introduced_by: str, used_by: str, key: str | None, graph_path: Path | None
) -> None:
    """Add the concept NAME, linked to the papers that introduce and use it.

    \b
    Example:
      paperhop concept add "Spacetime patches" --description "Video cut into patches of space and time." \\
        --introduced-by vivit --used-by sora
    """
    from ..curate import add_concept

    def change(data: Any, resolved: Callable[[str], str]) -> str:
        papers = [[resolved(p) for p in names.split(",") if p.strip()] for names in (introduced_by, used_by)]
        made = add_concept(data, name, description, key=key, introduced_by=papers[0], used_by=papers[1])
        return f"added the concept {made.key}"

    _curate(graph_path, change)


COMMANDS = (
    init,
    add,
    road,
    link,
    refresh,
    import_command,
    connect,
    disconnect,
    drop,
)  # added to the group by cli/__init__; concept_add goes under read's concept
