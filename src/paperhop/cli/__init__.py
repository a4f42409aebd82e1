"""The command line: each command parses, calls one library function, renders. Nothing more.

Here: the group, the one place library errors become a line on stderr, the
options commands share (as decorator factories) and the commands that write a
graph. The commands that read one are in ``read.py``, the exports in ``export.py``.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from .. import render
from ..errors import PaperhopError
from ..load import find_graph, load
from ..queries.paths import VIA

if TYPE_CHECKING:
    from ..reader import Reader

R = TypeVar("R")
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
        except BrokenPipeError:  # the reader stopped reading (`| head`): nothing to say, and no one to say it to
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # else Python's last flush fails again
            ctx.exit(1)
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


def reader_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add --graph and pass the command a ``reader.Reader`` of that graph as ``G``: its index, if it is large."""

    @graph_path_option
    @functools.wraps(command)
    def wrapper(graph_path: Path | None, **kwargs: Any) -> Any:
        from ..index import DAMAGE, forget, say  # here: sqlite3 and the index only for the commands that use them
        from ..reader import IndexedReader, open_reader

        folder = chosen_graph(graph_path)
        with open_reader(folder) as G:
            try:
                return command(G, **kwargs)
            except DAMAGE as exc:  # a damaged index in the cache (a real bug raises again from memory)
                if not isinstance(G, IndexedReader) or isinstance(exc, PaperhopError):
                    raise
                forget(G.ix)
                say(f"the graph's index in the cache was damaged ({exc}): removed; this answer comes from memory")
        with open_reader(folder, index=False) as G:
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


def _keys(G: Reader, texts: str) -> list[str]:
    return [G.resolve(t) for t in texts.split(",") if t.strip()]


known_file_option = click.option(
    "--known-file",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="PATH",
    help="File of known papers, one key a line (default: ~/.config/paperhop/known.txt).",
)


@dataclass(frozen=True)
class Known:
    """What the reader knows: the papers named with --known and those the known-papers *file* adds."""

    named: list[str]
    from_file: list[str]  # in the file, in this graph, not named
    file: Path | None = None

    @property
    def keys(self) -> list[str]:
        return sorted({*self.named, *self.from_file})


def answer(compute: Callable[[list[str]], R], known: Known) -> R:
    """``compute(known.keys)``; when the known-papers file changed that answer, one line on stderr says
    how many papers it left out, which file, and how to ignore it."""
    result = compute(known.keys)
    if known.from_file:
        left = len(_paper_keys(compute(known.named)) - _paper_keys(result))
        if left:
            papers = "paper" if left == 1 else "papers"
            click.echo(f"note: {left} {papers} left out as read in {known.file} (--no-known to ignore it)", err=True)
    return result


def _paper_keys(result: object) -> set[str]:
    papers = getattr(result, "papers", [])
    return {p.key for p in (papers() if callable(papers) else papers)}


def known_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add --known, --known-file and --no-known; pass ``known``: the keys named, plus those in the
    known-papers file that this graph has (the file may list papers of other graphs)."""

    @click.option(
        "--known",
        "known_text",
        default="",
        metavar="PAPER,...",
        help="Papers you have read: left out, with what only they lead to.",
    )
    @known_file_option
    @click.option("--no-known", is_flag=True, help="Ignore the known-papers file.")
    @functools.wraps(command)
    def wrapper(G: Reader, known_text: str, known_file: Path | None, no_known: bool, **kwargs: Any) -> Any:
        from ..store.known import default_known_file, read_known

        named = sorted(set(_keys(G, known_text)))
        path = known_file or default_known_file()
        in_file = [] if no_known else sorted({k for k in read_known(path) if k in G} - set(named))
        return command(G, known=Known(named, in_file, path), **kwargs)

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


from . import export, read  # noqa: E402, F401  (the commands: they register themselves on cli)


def main() -> None:
    """The ``paperhop`` command: ``cli``, then an exit that skips the interpreter's teardown. Freeing a large
    graph object by object takes seconds once a detached process (the index builder) shares its pages, each of
    which is then copied before it is freed; the process is ending, so nothing is freed."""
    try:
        cli(prog_name="paperhop")
        code: object = 0
    except SystemExit as exc:
        code = exc.code
    if isinstance(code, str):
        click.echo(code, err=True)
    status = code if isinstance(code, int) else 0 if code is None else 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except OSError:  # the reader left (`| head`): as Python's own exit says so
            status = status or 120
    os._exit(status)


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
