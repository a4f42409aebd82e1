"""Reading lists people write (Markdown, HTML, plain text, BibTeX) -> the papers they link, by section.

Plain text has no markup, so its shape is read: a *heading* is a short line that is
not a sentence (no closing full stop or colon) and not a link. A heading followed by
a paper link (arXiv, DOI, Semantic Scholar) before the next heading names that paper;
one with a `` / `` (a bilingual "原題 / English title" heading) and no paper link
opens a *section*, named by its last part; any other heading without a link, inside
a section that has papers, is a paper *named without a link*. Markdown ``#`` headings
and HTML ``<h1>``-``<h6>`` are headings; HTML links are read from their ``href``.

Lists come from anywhere, so every pattern here runs in linear time, whatever the text: no pattern can
backtrack over a run it has already scanned (possessive quantifiers, bounded alternatives), HTML is read
by a tokenizer of our own (the standard library's parser takes minutes on some inputs and raises on
others), and BibTeX values are read by counting braces.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from ..ids import LINK, arxiv_id, doi, link_id, request_ids

__all__ = ["Entry", "ReadingList", "parse_reading_list"]

_URL = re.compile(r"https?://\S+")
_MARKDOWN_LINK = re.compile(r"\[([^\[\]]*+)\]\([^()]*+\)")
# A comment (to its end, or to the end of the text), or a tag: its name and the rest up to ">".
_HTML_TOKEN = re.compile(r"<!--.*?(?:-->|\Z)|<(/?)([a-zA-Z][a-zA-Z0-9]*+)([^<>]*+)>", re.DOTALL)
_HREF = re.compile(r"""\bhref\s*+=\s*+(?:"([^"]*+)"|'([^']*+)'|([^\s"'>]++))""", re.IGNORECASE)
_BIBTEX = re.compile(r"^[ \t]*+@(?:article|inproceedings|misc|book|techreport|phdthesis)\s*+\{", re.I | re.M)
_BIBTEX_ENTRY = re.compile(r"@\w++\s*+\{")
_BIBTEX_FIELD = re.compile(r"\b(\w++)\s*+=\s*+")
_BIBTEX_MARK = re.compile(r'[{}"]')
_BIBTEX_BARE = re.compile(r"[^,}\s]*+")


@dataclass(frozen=True)
class Entry:
    id: str  # as Semantic Scholar takes it: ARXIV:..., DOI:..., or a paper id
    section: str | None
    name: str | None  # the heading that named it, if any


@dataclass
class ReadingList:
    entries: list[Entry] = field(default_factory=list)
    unlinked: list[str] = field(default_factory=list)  # papers it names with no link


def _s2(link: str) -> str | None:
    """The id of one ``LINK`` match, less the punctuation of the sentence around it."""
    return link_id(re.sub(r"^arxiv:\s", "arxiv:", link.rstrip(".,;"), flags=re.IGNORECASE))


def _is_heading(line: str) -> bool:
    text = line.strip()
    return (
        0 < len(text) <= 90
        and not _URL.search(text)
        and not text.startswith(">")
        and not text.endswith((".", "。", ":", "\uff1a", ","))  # \uff1a: a full-width colon
        and "。" not in text
    )


def _html_lines(text: str) -> list[str]:
    """HTML -> lines: headings as '# ...', a link as its text followed by its href; comments dropped."""
    lines: list[list[str]] = [[]]  # each line in pieces, joined once: no line is copied as it grows
    href, end = "", 0
    for token in _HTML_TOKEN.finditer(text):
        lines[-1].append(html.unescape(text[end : token.start()]))
        end = token.end()
        closing, tag = token.group(1), (token.group(2) or "").lower()
        if not tag:  # a comment
            continue
        if not closing and re.fullmatch(r"h[1-6]", tag):
            lines.append(["# "])
        elif not closing and tag in ("p", "li", "br", "div", "tr"):
            lines.append([])
        if tag == "a" and not closing:
            found = _HREF.search(token.group(3))
            href = html.unescape(next((g for g in found.groups() if g is not None), "")) if found else ""
        elif tag == "a" and href:
            lines[-1].append(f" {href} ")
            href = ""
        if closing and re.fullmatch(r"h[1-6]|p|li|div", tag):
            lines.append([])
    lines[-1].append(html.unescape(text[end:]))
    return [" ".join("".join(pieces).split()) for pieces in lines]


def _bibtex_value(body: str, start: int) -> tuple[str, int]:
    """The value that starts at *start* ({...} with nested braces, "...", or a bare word), without its
    outer braces or quotes, and where it ends. An unclosed one runs to the end of the entry."""
    opener = body[start : start + 1]
    if opener not in ("{", '"'):
        word = _BIBTEX_BARE.match(body, start)
        return (word.group(), word.end()) if word else ("", start)
    depth = 0
    for mark in _BIBTEX_MARK.finditer(body, start + 1):
        if mark.group() == "{":
            depth += 1
        elif mark.group() == "}" and depth:
            depth -= 1
        elif depth == 0 and mark.group() == ("}" if opener == "{" else '"'):
            return body[start + 1 : mark.start()], mark.end()
    return body[start + 1 :], len(body)


def _bibtex(text: str) -> ReadingList:
    found = ReadingList()
    for body in _BIBTEX_ENTRY.split(text)[1:]:
        fields: dict[str, str] = {}
        position = 0
        while match := _BIBTEX_FIELD.search(body, position):
            value, position = _bibtex_value(body, match.end())
            fields.setdefault(match.group(1).lower(), " ".join(value.replace("{", "").replace("}", "").split()))
        title = fields.get("title") or None
        url = LINK.search(fields.get("url", ""))
        named = [
            *request_ids(arxiv=arxiv_id(fields.get("eprint", "")), doi=doi(fields.get("doi", ""))),
            url and _s2(url.group()),
        ]
        chosen = next((i for i in named if i), None)
        if chosen:
            found.entries.append(Entry(chosen, None, title))
        elif title:
            found.unlinked.append(title)
    return found


def parse_reading_list(text: str) -> ReadingList:
    """The papers a reading list links, in order, each with its section; and the ones it names unlinked."""
    if _BIBTEX.search(text):
        return _bibtex(text)
    if re.search(r"<(html|body|p|h[1-6]|a)\b", text, re.I):
        text = "\n".join(_html_lines(text))
    result = ReadingList()
    section: str | None = None
    candidate: str | None = None  # a " / " or Markdown heading: a section, or the name of the paper linked next
    pending: list[str] = []  # plain headings since the last link or candidate
    seen: set[str] = set()

    def flush() -> None:
        """Headings left without a link name papers the list does not link, if they sit in a
        section that has papers (not under a heading that turned out to have none)."""
        if candidate is None and section is not None:
            result.unlinked.extend(pending)
        pending.clear()

    for raw in text.splitlines():
        if not raw or raw.isspace():
            continue
        markdown = raw.lstrip().startswith("#")
        line = re.sub(r"^(?:[-*•]|\d+[.)])\s+", "", raw.strip().lstrip("#").strip()).strip("*_").strip()
        links = [i for i in (_s2(m.group()) for m in LINK.finditer(line)) if i]
        if links:
            # The text beside the link names it ("- [ViT](https://arxiv.org/...)"), else the heading before it.
            beside = LINK.sub("", _MARKDOWN_LINK.sub(r"\1", line)).strip(" -*•:,.()[]")
            name: str | None = " ".join(beside.split()) if beside and len(links) == 1 else None
            if pending:
                heading = pending.pop()
                name = name or heading
                if candidate is not None:  # the heading before it opened a section
                    section, candidate = candidate, None
            elif candidate is not None and not name:  # it named this paper, not a section
                name, candidate = candidate, None
            elif candidate is not None:
                section, candidate = candidate, None
            flush()
            for id_ in links:
                if id_ not in seen:
                    seen.add(id_)
                    result.entries.append(Entry(id_, section, name))
        elif markdown:  # marked up: a heading is a section
            flush()
            section, candidate = line, None
        elif _is_heading(line) and " / " in line:
            flush()
            candidate = line.split(" / ")[-1].strip()
        elif _is_heading(line):
            pending.append(line)
    flush()
    return result
