"""The options the commands share, as decorator factories, and the one line an error becomes."""

from __future__ import annotations

import functools
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
    """Add --graph and pass the command a ``reader.Reader`` of that graph as ``reader``: its index, if it is large."""

    @graph_path_option
    @functools.wraps(command)
    def wrapper(graph_path: Path | None, **kwargs: Any) -> Any:
        from ..index import DAMAGE, forget, say  # here: sqlite3 and the index only for the commands that use them
        from ..reader import open_reader

        folder = chosen_graph(graph_path)
        with open_reader(folder) as reader:
            try:
                return command(reader, **kwargs)
            except DAMAGE as exc:  # a damaged index in the cache (a real bug raises again from memory)
                if not reader.indexed or isinstance(exc, PaperhopError):
                    raise
                forget(reader.source.ix)  # type: ignore[attr-defined]  # an IndexSource's
                say(f"the graph's index in the cache was damaged ({exc}): removed; this answer comes from memory")
        with open_reader(folder, index=False) as reader:
            return command(reader, **kwargs)

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


def _keys(reader: Reader, texts: str) -> list[str]:
    return [reader.resolve(t) for t in texts.split(",") if t.strip()]


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
    def wrapper(reader: Reader, known_text: str, known_file: Path | None, no_known: bool, **kwargs: Any) -> Any:
        from ..store.known import default_known_file, read_known

        named = sorted(set(_keys(reader, known_text)))
        path = known_file or default_known_file()
        in_file = [] if no_known else sorted({k for k in read_known(path) if k in reader} - set(named))
        return command(reader, known=Known(named, in_file, path), **kwargs)

    return wrapper


bibtex_option = click.option("--bibtex", is_flag=True, help="Print BibTeX entries of the papers instead.")
