"""The commands that change a graph: init, and those that grow it from Semantic Scholar or a reading list."""

from __future__ import annotations

import functools
import sys
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


COMMANDS = (
    init,
    add,
    link,
    refresh,
    import_command,
)  # added to the group by cli/__init__
