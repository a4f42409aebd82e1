"""Results -> text, Markdown, JSON or BibTeX: one module per format, each a pure
function of a typed result (``paperhop.results``) returning a string.

- ``text``: for a terminal; record text through ``plain_text``;
- ``markdown``: for a page; record text through ``md_text``, links through ``md_link``;
- ``json``: each result's ``to_json()`` (shapes in docs/json.md);
- ``bibtex``: entries of the papers a result holds.

Record text is data, whatever it holds: each format escapes it for its own
language, and JSON escapes everything already. A format's module is imported
when something is rendered in it, not when a command starts.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from .text import plain_text

if TYPE_CHECKING:
    from ..results import Result

__all__ = ["FORMATS", "pieces", "plain_text", "render", "render_matches"]

FORMATS = ("text", "markdown", "json")


def render(result: Result, fmt: str) -> str:
    """*result* in the format *fmt* (one of ``FORMATS``)."""
    if fmt == "json":
        from .json import render as in_format
    elif fmt == "markdown":
        from .markdown import render as in_format
    elif fmt == "text":
        from .text import render as in_format
    else:
        raise ValueError(f"no format {fmt!r}")
    return in_format(result)


def pieces(result: Result, fmt: str) -> Iterator[str]:
    """``render(result, fmt)`` in pieces to write one after the other: JSON writes a long list as it goes."""
    if fmt == "json":
        from .json import pieces as json_pieces

        yield from json_pieces(result)
    else:
        yield render(result, fmt)


def render_matches(matches: list[dict[str, Any]]) -> str:
    """Semantic Scholar's search matches (``S2Client.search``), numbered, each with an id ``paperhop add`` takes."""
    from ..results.s2 import Matches
    from .text import render as in_text

    return in_text(Matches.from_s2(matches))
