"""The command line: each command parses, calls one library function, renders. Nothing more.

Here: the group, and the one place library errors become a line on stderr. The options the commands share are in
``options.py``; the commands that read a graph in ``read.py``, those that change one in ``write.py``, the exports
in ``export.py``.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import click

from ..errors import PaperhopError
from . import export, read, write
from .options import one_line


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


for command in (*read.COMMANDS, *write.COMMANDS, export.export):
    cli.add_command(command)
read.concept.add_command(write.concept_add)


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
