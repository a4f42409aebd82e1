"""Records -> BibTeX entries. A pure function returning a string.

Every text field is escaped for LaTeX and every brace becomes a command, so
entries always balance, whatever a record holds; DOIs and URLs (which BibTeX
styles read verbatim) have their braces and backslashes percent-encoded.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING
from urllib.parse import quote

from ..errors import PaperhopError
from ..records import KEY_RE, PaperBase
from .text import plain_text

if TYPE_CHECKING:
    from ..models import Concept, Paper

__all__ = ["render"]

# Text fields: LaTeX specials escaped; every brace becomes a command, so entries always balance.
_BIBTEX_ESCAPES = str.maketrans(
    {c: "\\" + c for c in "#$%&_"}
    | {
        "\\": r"\textbackslash{}",
        "{": r"\textbraceleft{}",
        "}": r"\textbraceright{}",
        "~": r"\textasciitilde{}",
        "^": r"\textasciicircum{}",
    }
)
_BIBTEX_AND = re.compile(r"\sand\s", re.IGNORECASE)


def bibtex_text(text: str) -> str:
    return plain_text(text).translate(_BIBTEX_ESCAPES)


def bibtex_name(name: str) -> str:
    """One author: braced if a comma or an "and" would split or reorder it."""
    name = bibtex_text(name).strip()
    return f"{{{name}}}" if "," in name or _BIBTEX_AND.search(name) else name


def bibtex_verbatim(value: str) -> str:
    """A DOI or URL (read verbatim by BibTeX styles): braces and backslashes percent-encoded."""
    return re.sub(r"[{}\\]", lambda m: quote(m[0], safe=""), plain_text(value))


def render(records: Iterable[Paper | Concept]) -> str:
    """BibTeX entries of the papers among *records* (concepts are skipped): @inproceedings where
    there is a venue, @misc with the arXiv eprint fields for preprints and reports."""
    return "\n".join(_entry(rec) for rec in records if isinstance(rec, PaperBase))


def _entry(rec: Paper) -> str:
    if not KEY_RE.fullmatch(rec.key):
        raise PaperhopError(f"{rec.key!r} cannot be a BibTeX key")
    venue = rec.venue or ""
    published = bool(venue) and "report" not in venue.lower() and "preprint" not in venue.lower()
    fields = [
        ("title", "{" + bibtex_text(rec.title) + "}"),
        ("author", " and ".join(filter(None, map(bibtex_name, rec.authors)))),
        ("year", str(rec.year)),
    ]
    if published:
        fields.append(("booktitle", bibtex_text(venue)))
        venue_year = re.search(r"\b(1[6-9]|20|21)\d\d\b", venue)
        if venue_year:  # a proceedings entry carries the venue's year, not the preprint's
            fields[2] = ("year", venue_year.group())
    elif venue:
        fields.append(("howpublished", bibtex_text(venue)))
    if rec.arxiv:
        fields += [("eprint", bibtex_verbatim(rec.arxiv)), ("archivePrefix", "arXiv")]
    if rec.doi:
        fields.append(("doi", bibtex_verbatim(rec.doi)))
    if rec.link:
        fields.append(("url", bibtex_verbatim(rec.link)))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
    return f"@{'inproceedings' if published else 'misc'}{{{rec.key},\n{body}\n}}\n"
