"""Reading lists people write (Markdown, HTML, plain text, BibTeX) -> the papers they link, by section.

Plain text has no markup, so its shape is read: a *heading* is a short line that is
not a sentence (no closing full stop or colon) and not a link. A heading followed by
a paper link (arXiv, DOI, Semantic Scholar) before the next heading names that paper;
one with a `` / `` (a bilingual "原題 / English title" heading) and no paper link
opens a *section*, named by its last part; any other heading without a link, inside
a section that has papers, is a paper *named without a link*. Markdown ``#`` headings
and HTML ``<h1>``-``<h6>`` are headings; HTML links are read from their ``href``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from .resolve import ARXIV_FORMS, DOI_FORMS, S2_FORMS

__all__ = ["Entry", "ReadingList", "parse_reading_list"]

_LINK = re.compile(
    r"https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/[^\s)>\]\"']+"
    r"|arxiv:\s?\d{4}\.\d{4,5}(?:v\d+)?"
    r"|https?://(?:dx\.)?doi\.org/10\.\d{4,9}/[^\s)>\]\"']+"
    r"|https?://(?:www\.)?semanticscholar\.org/paper/[^\s)>\]\"']+",
    re.IGNORECASE,
)
_URL = re.compile(r"https?://\S+")


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
    link = link.rstrip(".,;")
    for pattern, prefix in ((ARXIV_FORMS, "ARXIV:"), (DOI_FORMS, "DOI:"), (S2_FORMS, "")):
        match = pattern.search(link.replace("arxiv: ", "arxiv:").replace("arXiv: ", "arXiv:"))
        if match and match.group(1):
            return prefix + (match.group(1).lower() if not prefix else match.group(1))
    return None


def _is_heading(line: str) -> bool:
    text = line.strip()
    return (
        0 < len(text) <= 90
        and not _URL.search(text)
        and not text.startswith(">")
        and not text.endswith((".", "。", ":", "\uff1a", ","))  # \uff1a: a full-width colon
        and "。" not in text
    )


class _HTMLText(HTMLParser):
    """HTML -> lines: headings as '# ...', a link as its text followed by its href."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = [""]
        self.href = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if re.fullmatch(r"h[1-6]", tag):
            self.lines.append("# ")
        elif tag in ("p", "li", "br", "div", "tr"):
            self.lines.append("")
        if tag == "a":
            self.href = dict(attrs).get("href") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self.href:
            self.lines[-1] += f" {self.href} "
            self.href = ""
        if re.fullmatch(r"h[1-6]|p|li|div", tag):
            self.lines.append("")

    def handle_data(self, data: str) -> None:
        self.lines[-1] += " ".join(data.split())


def _bibtex(text: str) -> ReadingList:
    found = ReadingList()
    for body in re.split(r"@\w+\s*\{", text)[1:]:
        fields = dict(re.findall(r"(\w+)\s*=\s*[{\"]+(.+?)[}\"]+\s*,?\s*$", body, re.MULTILINE))
        fields = {k.lower(): v for k, v in fields.items()}
        title = fields.get("title")
        ids = [
            f"ARXIV:{fields['eprint']}" if "eprint" in fields and ARXIV_FORMS.fullmatch(fields["eprint"]) else None,
            f"DOI:{fields['doi']}" if "doi" in fields else None,
            _s2(fields.get("url", "")),
        ]
        chosen = next((i for i in ids if i), None)
        if chosen:
            found.entries.append(Entry(chosen, None, title))
        elif title:
            found.unlinked.append(title)
    return found


def parse_reading_list(text: str) -> ReadingList:
    """The papers a reading list links, in order, each with its section; and the ones it names unlinked."""
    if re.search(r"^\s*@(article|inproceedings|misc|book|techreport|phdthesis)\s*\{", text, re.I | re.M):
        return _bibtex(text)
    if re.search(r"<(html|body|p|h[1-6]|a)\b", text, re.I):
        parser = _HTMLText()
        parser.feed(text)
        text = "\n".join(parser.lines)
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
        markdown = raw.lstrip().startswith("#")
        line = re.sub(r"^(?:[-*•]|\d+[.)])\s+", "", raw.strip().lstrip("#").strip()).strip("*_").strip()
        links = [i for i in (_s2(m.group()) for m in _LINK.finditer(line)) if i]
        if links:
            # The text beside the link names it ("- [ViT](https://arxiv.org/...)"), else the heading before it.
            beside = _LINK.sub("", re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line)).strip(" -*•:,.()[]")
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
