"""Query results -> text, Markdown or JSON. Pure functions returning strings.

JSON is for scripts: keys are stable and documented in docs/output.md, and
every document is printed with sorted keys.

Record text is data, whatever it holds: text output passes every record string
through ``plain_text`` (no escape sequence reaches a terminal, no record starts
a line of its own), Markdown through ``md_text`` (it reads as text in any
renderer) and links through ``md_link`` (the record's checked http(s) URL and
nothing else); BibTeX has ``_bibtex_text`` and ``_bibtex_verbatim``. JSON needs
nothing: it escapes everything already.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable
from itertools import pairwise
from typing import TYPE_CHECKING
from urllib.parse import quote

import networkx as nx

from ..errors import PaperhopError, Problem
from ..graph import concept, edge_links, paper, record
from ..models import EDGE_KINDS, KEY_RE, Concept, Paper

if TYPE_CHECKING:  # only named in annotations: every command would otherwise import them at start-up
    from ..queries.diff import GraphDiff
    from ..queries.doctor import Finding
    from ..queries.plans import ConceptInfo, Plan

__all__ = [
    "FORMATS",
    "md_link",
    "md_text",
    "node_view",
    "plain_text",
    "render_list",
    "render_paths",
    "render_problems",
    "render_reading_list",
    "render_show",
    "render_stats",
    "to_json",
]

FORMATS = ("text", "markdown", "json")

Escape = Callable[[str], str]

# -- record text in each output language ---------------------------------------

# Bidirectional overrides and isolates reorder what a terminal or a page shows.
_BIDI = dict.fromkeys(map(ord, "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


def plain_text(text: str) -> str:
    r"""*text* as one line of inert text: control characters (C0, DEL, C1: ESC, CSI,
    OSC...) and line and paragraph separators become spaces, bidirectional
    controls go, lone surrogates become U+FFFD.

    >>> plain_text("a\x1b]8;;x\x07b\nc\u2028d")
    'a ]8;;x b c d'
    """
    if text.isprintable():  # every character above is unprintable: the usual case costs one scan
        return text
    return "".join(_plain_char(c) for c in text.translate(_BIDI))


def _plain_char(char: str) -> str:
    category = unicodedata.category(char)
    if category in ("Cc", "Zl", "Zp"):
        return " "
    return "\ufffd" if category == "Cs" else char


# Backslash escapes for what both CommonMark and Python-Markdown unescape; entities for
# the rest. '(' ')' '!' '.' '#' '+' '-' are inert once '[' ']' '<' are escaped, except
# where text starts a line: _MD_LINE_START guards that.
_MD_ESCAPES = str.maketrans(
    {c: "\\" + c for c in "\\`*_{}[]"} | {"<": "&lt;", ">": "&gt;", "&": "&amp;", "|": "&#124;", "~": "&#126;"}
)
_MD_LINE_START = re.compile(r"\A( *)(?:([#+-])|=|(\d+)([.)])(?= |\Z))")


def md_text(text: str) -> str:
    r"""*text* as Markdown that renders as exactly that text, inline, wherever it stands.

    >>> print(md_text("# <b>*x*</b> [y](javascript:z)"))
    \# &lt;b&gt;\*x\*&lt;/b&gt; \[y\](javascript:z)
    """
    return _MD_LINE_START.sub(_md_guard, plain_text(text).translate(_MD_ESCAPES), count=1)


def _md_guard(m: re.Match[str]) -> str:
    """A heading, list, quote or setext marker at the start of a line becomes text."""
    if m[2]:
        return f"{m[1]}\\{m[2]}"
    if m[3]:
        return f"{m[1]}{m[3]}\\{m[4]}"
    return f"{m[1]}&#61;"


# Percent-encoded in a link destination: whatever could end it, nest, escape or quote.
_URL_UNSAFE = re.compile(r"[^A-Za-z0-9._~:/?#\[\]@!$&*+,;=%-]")


def md_link(text: str, url: str) -> str:
    """A Markdown link to *url* (a checked http(s) URL) showing *text*."""
    destination = _URL_UNSAFE.sub(lambda m: quote(m[0], safe=""), url)
    destination = re.sub(r"&(?=#?\w+;)", "&amp;", destination)  # an entity-like run stays literal
    return f"[{md_text(text)}]({destination})"


def md_code(text: str) -> str:
    """*text* as a Markdown code span, whatever backticks it holds."""
    text = plain_text(text)
    fence = "`" * (max(map(len, re.findall("`+", text)), default=0) + 1)
    pad = " " if text[:1] == "`" or text[-1:] == "`" else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _escape(fmt: str) -> Escape:
    return {"markdown": md_text, "text": plain_text}.get(fmt, str)


def to_json(document: object) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def node_view(G: nx.DiGraph, key: str) -> dict[str, object]:
    """The JSON view of one node: every field of its record, plus its type and link."""
    rec = record(G, key)
    view: dict[str, object] = {"type": G.nodes[key]["type"], **rec.model_dump(mode="json")}
    if isinstance(rec, Paper):
        view["link"] = rec.link
    view["label"] = rec.label
    return view


def _heading(rec: Paper | Concept, esc: Escape) -> str:
    if isinstance(rec, Paper):
        return f"{esc(rec.label)} ({rec.year}) {esc(rec.title)}"
    return f"{esc(rec.label)} (concept) {esc(rec.description)}"


def _md_item(rec: Paper | Concept) -> str:
    if isinstance(rec, Paper):
        title = md_link(rec.title, rec.link) if rec.link else md_text(rec.title)
        return f"**{md_text(rec.label)}** ({rec.year}): {title}, {_authors(rec, md_text)}"
    return f"**{md_text(rec.label)}** (concept): {md_text(rec.description)}"


def _authors(paper: Paper, esc: Escape) -> str:
    if not paper.authors:
        return "authors unknown"
    if len(paper.authors) > 2:
        return f"{esc(paper.authors[0])} et al."
    return " and ".join(map(esc, paper.authors))


# -- why one node follows another -------------------------------------------


def _why(G: nx.DiGraph, hops: list[str], esc: Escape = str) -> str:
    """Why the last node of *hops* follows the first; concepts may lie between."""
    label = {n: esc(record(G, n).label) for n in hops}
    first, last = hops[0], hops[-1]
    if len(hops) == 3:  # paper -introduces-> concept -uses-> paper
        idea = esc(_in_sentence(G.nodes[hops[1]]["label"]))
        return _with_notes(G, hops, f"{label[last]} uses {idea}, which {label[first]} introduced.", esc)
    links = edge_links(G, first, last)
    primary = next(k for k in EDGE_KINDS if k in links)
    sentence = {
        "builds_on": f"{label[last]} builds on {label[first]}",
        "cites": f"{label[last]} cites {label[first]}",
        "introduces": f"{label[first]} introduces {label[last]}",
        "uses": f"{label[last]} uses {label[first]}",
    }[primary]
    note = links[primary]
    text = f"{sentence}: {esc(note)}" if note else f"{sentence}."
    if primary != "cites" and "cites" in links:
        text += f" ({label[last]} also cites it.)"
    return text


def _in_sentence(name: str) -> str:
    """'Image patches' -> 'image patches', but 'U-Net backbone' stays."""
    return name[0].lower() + name[1:] if name[1:2].islower() else name


def _with_notes(G: nx.DiGraph, hops: list[str], sentence: str, esc: Escape) -> str:
    notes = [note for u, v in pairwise(hops) for note in edge_links(G, u, v).values()]
    return " ".join([sentence, *(esc(n) for n in notes if n)])


def _stops(G: nx.DiGraph, path: list[str], esc: Escape = str) -> list[tuple[str, str | None]]:
    """The nodes to number along *path*, each with why it follows the one before.

    A concept between two papers is folded into the second paper's reason.
    """
    stops: list[tuple[str, str | None]] = [(path[0], None)]
    i = 0
    while i < len(path) - 1:
        j = i + 1
        paper_to_paper_via_concept = (
            G.nodes[path[i]]["type"] == "paper"
            and G.nodes[path[j]]["type"] == "concept"
            and j + 1 < len(path)
            and "introduces" in edge_links(G, path[i], path[j])
        )
        if paper_to_paper_via_concept:
            j += 1
        stops.append((path[j], _why(G, path[i : j + 1], esc)))
        i = j
    return stops


# -- path ---------------------------------------------------------------------


def render_paths(G: nx.DiGraph, paths: list[list[str]], fmt: str, *, title: str | None = None) -> str:
    from ..queries.paths import path_cost

    source, target = paths[0][0], paths[0][-1]
    if fmt == "json":
        return to_json(
            {
                "source": source,
                "target": target,
                "paths": [
                    {
                        "cost": path_cost(G, path),
                        "nodes": [node_view(G, n) for n in path],
                        "edges": [
                            {"source": u, "target": v, "links": dict(edge_links(G, u, v))} for u, v in pairwise(path)
                        ],
                        "steps": [{"key": key, "why": why} for key, why in _stops(G, path)],
                    }
                    for path in paths
                ],
            }
        )
    esc = _escape(fmt)
    label = {n: record(G, n).label for n in (source, target)}
    heading = esc(title or f"Reading path from {label[source]} to {label[target]}")
    out: list[str] = []
    for number, path in enumerate(paths, start=1):
        stops = _stops(G, path, esc)
        title = f"{heading}, option {number} of {len(paths)}" if len(paths) > 1 else heading
        if fmt == "markdown":
            out.append(f"### {title}\n")
            for n, (key, why) in enumerate(stops, start=1):
                out.append(f"{n}. {_md_item(record(G, key))}")
                if why:
                    out.append(f"   {why}")
        else:
            out.append(f"{title} ({len(stops)} steps)")
            for n, (key, why) in enumerate(stops, start=1):
                out.extend(_text_entry(G, n, key, why))
        out.append("")
    return "\n".join(out)


def _text_entry(G: nx.DiGraph, number: int, key: str, why: str | None = None) -> list[str]:
    rec = record(G, key)
    lines = [f"{number:2}. {_heading(rec, plain_text)}"]
    link = getattr(rec, "link", None)
    if link:
        lines.append(f"    {plain_text(link)}")
    if why:
        lines.append(f"    why: {why}")
    return lines


# -- reading list -----------------------------------------------------------------


def render_reading_list(G: nx.DiGraph, target: str, keys: list[str], fmt: str) -> str:
    rec = record(G, target)
    if fmt == "json":
        return to_json(
            {
                "target": node_view(G, target),
                "papers": [{"position": i, **node_view(G, k)} for i, k in enumerate(keys, 1)],
            }
        )
    if fmt == "markdown":
        out = [
            f"## Reading list for {md_text(rec.label)}",
            "",
            f"Read these {len(keys)} papers, in this order, before *{md_text(getattr(rec, 'title', rec.label))}*.",
            "",
        ]
        sections: dict[str, list[tuple[int, str]]] = {}
        for position, key in enumerate(keys, start=1):
            sections.setdefault(paper(G, key).section or "Other", []).append((position, key))
        for section, entries in sections.items():
            out += [f"### {md_text(section)}", ""]
            for position, key in entries:
                rec = paper(G, key)
                line = f"- **{position}.** {_md_item(rec)}"
                out.append(f"{line}  \n  {md_text(rec.summary)}" if rec.summary else line)
            out.append("")
        return "\n".join(out)
    out = [f"Reading list for {plain_text(rec.label)}: {len(keys)} papers, each after what it builds on", ""]
    for position, key in enumerate(keys, start=1):
        out.extend(_text_entry(G, position, key))
    return "\n".join(out) + "\n"


# -- show, list, search, stats --------------------------------------------------


def render_show(G: nx.DiGraph, key: str, fmt: str) -> str:
    before = [(u, dict(edge_links(G, u, key))) for u in sorted(G.predecessors(key))]
    after = [(v, dict(edge_links(G, key, v))) for v in sorted(G.successors(key))]
    if fmt == "json":
        return to_json(
            {
                **node_view(G, key),
                "before": [{"key": u, "links": links} for u, links in before],
                "after": [{"key": v, "links": links} for v, links in after],
            }
        )
    rec = record(G, key)
    md, esc = fmt == "markdown", _escape(fmt)
    out = [f"## {_heading(rec, esc)}" if md else _heading(rec, esc), ""]
    if isinstance(rec, Paper):
        fields = [
            ("authors", ", ".join(map(esc, rec.authors))),
            ("year", str(rec.year)),
            ("venue", rec.venue and esc(rec.venue)),
            ("arXiv", rec.arxiv and esc(rec.arxiv)),
            ("DOI", rec.doi and esc(rec.doi)),
            ("Semantic Scholar", rec.s2_id and esc(rec.s2_id)),
            ("link", rec.link and esc(rec.link)),
            ("section", rec.section and esc(rec.section)),
            ("aliases", ", ".join(map(esc, rec.aliases))),
            ("summary", rec.summary and esc(rec.summary)),
        ]
    else:
        fields = [("aliases", ", ".join(map(esc, rec.aliases)))]
    for name, value in fields:
        if value:
            out.append(f"- **{name}**: {value}" if md else f"  {name + ':':<18}{value}")
    for title, rows in (("Read before it", before), ("Builds on it", after)):
        out += ["", f"### {title}" if md else f"{title}:"]
        if not rows:
            out.append("- nothing" if md else "  nothing")
        for other, links in rows:
            kinds = ", ".join(links)
            other_label = esc(record(G, other).label)
            out.append(f"- {other_label} ({kinds})" if md else f"  {other_label} ({kinds})")
    return "\n".join(out) + "\n"


def render_list(G: nx.DiGraph, keys: Iterable[str], fmt: str) -> str:
    keys = list(keys)
    if fmt == "json":
        return to_json([node_view(G, k) for k in keys])
    if fmt == "markdown":
        return "".join(f"- {_md_item(record(G, k))}\n" for k in keys)
    return "".join(f"{plain_text(k):<20} {_heading(record(G, k), plain_text)}\n" for k in keys)


def render_stats(stats: dict[str, object], fmt: str) -> str:
    if fmt == "json":
        return to_json(stats)
    lines = []
    for name, value in stats.items():
        if isinstance(value, str):  # the graph's name
            value = _escape(fmt)(value)
        elif isinstance(value, dict):
            value = ", ".join(f"{k} {v}" for k, v in value.items()) or "none"
        elif isinstance(value, list):
            value = "-".join(map(str, value))
        elif value is None:
            value = "none"
        lines.append(f"- **{name}**: {value}" if fmt == "markdown" else f"{name + ':':<10} {value}")
    return "\n".join(lines) + "\n"


def render_problems(problems: list[Problem], fmt: str) -> str:
    if fmt == "json":
        return to_json([{"severity": p.severity, "location": p.location, "message": p.message} for p in problems])
    errors = sum(p.severity == "error" for p in problems)
    esc = _escape(fmt)
    lines = [f"{p.severity}: {esc(str(p))}" for p in problems]
    lines.append(f"{errors} errors, {len(problems) - errors} warnings")
    return "\n".join(lines) + "\n"


# -- plans, concepts, diffs, doctor, BibTeX -----------------------------------


def render_plan(G: nx.DiGraph, plan: Plan, fmt: str) -> str:
    if fmt == "json":
        return to_json(
            {
                "targets": plan.targets,
                "papers": [
                    {"position": i, **node_view(G, k), "needed_by": plan.needed_by[k], "target": k in plan.targets}
                    for i, k in enumerate(plan.order, start=1)
                ],
                "left_out": plan.left_out,
            }
        )
    esc = _escape(fmt)
    label = {k: esc(record(G, k).label) for k in [*plan.order, *plan.left_out]}
    names = ", ".join(label[t] for t in plan.targets)
    papers = sum(k not in plan.targets for k in plan.order)
    out: list[str] = []
    if fmt == "markdown":
        out += [f"## Reading plan for {names}", "", f"{papers} papers to read, then the targets, in this order.", ""]
        for key in plan.order:
            why = (
                "target"
                if key in plan.targets and not plan.needed_by[key]
                else "for " + ", ".join(label[t] for t in plan.needed_by[key])
            )
            out.append(f"- [ ] {_md_item(record(G, key))} ({why})")
    else:
        out += [f"Reading plan for {names}: {papers} papers, then the targets", ""]
        for number, key in enumerate(plan.order, start=1):
            lines = _text_entry(G, number, key)
            if key in plan.targets:
                lines[0] += "  [target]"
            if plan.needed_by[key]:
                lines.insert(1, "    for: " + ", ".join(label[t] for t in plan.needed_by[key]))
            out += lines
    if plan.left_out:
        left = ", ".join(label[k] for k in plan.left_out)
        out += ["", f"Left out to keep within the maximum ({len(plan.left_out)}): {left}"]
    return "\n".join(out) + "\n"


def render_concept(G: nx.DiGraph, info: ConceptInfo, fmt: str) -> str:
    if fmt == "json":
        return to_json(
            {
                **node_view(G, info.key),
                "introduced_by": info.introduced_by,
                "used_by": info.used_by,
                "read_first": info.read_first,
            }
        )
    rec = concept(G, info.key)
    md, esc = fmt == "markdown", _escape(fmt)
    out = [f"## {esc(rec.label)}" if md else f"{esc(rec.label)} (concept)", "", esc(rec.description)]
    for title, keys in (
        ("Introduced by", info.introduced_by),
        ("Used by", info.used_by),
        ("Read first, in this order", info.read_first),
    ):
        out += ["", f"### {title}" if md else f"{title}:"]
        if not keys:
            out.append("- none" if md else "  none")
        for number, key in enumerate(keys, start=1):
            paper = record(G, key)
            out.append(f"{number}. {_md_item(paper)}" if md else f"  {_heading(paper, esc)}")
    return "\n".join(out) + "\n"


def render_diff(diff: GraphDiff, lists: tuple[list[str], list[str]] | None, fmt: str) -> str:
    kinds = (("papers", diff.papers), ("concepts", diff.concepts), ("edges", diff.edges))
    if fmt == "json":
        document: dict[str, object] = {
            name: {"added": c.added, "removed": c.removed, "changed": c.changed} for name, c in kinds
        }
        if lists is not None:
            document["reading_list"] = {"old": lists[0], "new": lists[1]}
        return to_json(document)
    md, esc = fmt == "markdown", _escape(fmt)
    code = md_code if md else plain_text
    out: list[str] = []
    for name, changes in kinds:
        if not changes:
            continue
        out.append(f"### {name.capitalize()}" if md else f"{name.capitalize()}:")
        for key in changes.added:
            out.append(f"- added {code(key)}" if md else f"  + {code(key)}")
        for key in changes.removed:
            out.append(f"- removed {code(key)}" if md else f"  - {code(key)}")
        for key, fields in changes.changed.items():
            detail = "; ".join(f"{f}: {esc(repr(old))} -> {esc(repr(new))}" for f, (old, new) in fields.items())
            out.append(f"- changed {code(key)}: {detail}" if md else f"  ~ {code(key)}: {detail}")
        out.append("")
    if lists is not None:
        old, new = lists
        added, removed = [k for k in new if k not in old], [k for k in old if k not in new]
        moved = [k for k in new if k in old and new.index(k) != old.index(k)]
        out.append("### Reading list" if md else "Reading list:")
        if not (added or removed or moved):
            out.append("- unchanged" if md else "  unchanged")
        for word, keys in (("added", added), ("removed", removed), ("moved", moved)):
            if keys:
                listed = ", ".join(map(esc, keys))
                out.append(f"- {word}: {listed}" if md else f"  {word}: {listed}")
        out.append("")
    if not out:
        out = ["No changes.", ""]
    return "\n".join(out)


def render_findings(findings: list[Finding], fmt: str) -> str:
    if fmt == "json":
        return to_json([{"check": f.check, "key": f.key, "message": f.message} for f in findings])
    line = "- **{}**: {}" if fmt == "markdown" else "{}: {}"
    lines = [line.format(f.check, _escape(fmt)(f.message)) for f in findings]
    lines.append(f"{len(findings)} findings")
    return "\n".join(lines) + "\n"


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


def _bibtex_text(text: str) -> str:
    return plain_text(text).translate(_BIBTEX_ESCAPES)


def _bibtex_name(name: str) -> str:
    """One author: braced if a comma or an "and" would split or reorder it."""
    name = _bibtex_text(name).strip()
    return f"{{{name}}}" if "," in name or _BIBTEX_AND.search(name) else name


def _bibtex_verbatim(value: str) -> str:
    """A DOI or URL (read verbatim by BibTeX styles): braces and backslashes percent-encoded."""
    return re.sub(r"[{}\\]", lambda m: quote(m[0], safe=""), plain_text(value))


def render_bibtex(G: nx.DiGraph, keys: Iterable[str]) -> str:
    """BibTeX entries of the papers among *keys*: @inproceedings where there is a venue,
    @misc with the arXiv eprint fields for preprints and reports."""
    entries = []
    for key in keys:
        rec = record(G, key)
        if not isinstance(rec, Paper):
            continue
        if not KEY_RE.fullmatch(key):
            raise PaperhopError(f"{key!r} cannot be a BibTeX key")
        published = rec.venue and "report" not in rec.venue.lower() and "preprint" not in rec.venue.lower()
        fields = [
            ("title", "{" + _bibtex_text(rec.title) + "}"),
            ("author", " and ".join(filter(None, map(_bibtex_name, rec.authors)))),
            ("year", str(rec.year)),
        ]
        if published:
            fields.append(("booktitle", _bibtex_text(rec.venue)))  # type: ignore[arg-type]
            venue_year = re.search(r"\b(1[6-9]|20|21)\d\d\b", rec.venue)  # type: ignore[arg-type]
            if venue_year:  # a proceedings entry carries the venue's year, not the preprint's
                fields[2] = ("year", venue_year.group())
        elif rec.venue:
            fields.append(("howpublished", _bibtex_text(rec.venue)))
        if rec.arxiv:
            fields += [("eprint", _bibtex_verbatim(rec.arxiv)), ("archivePrefix", "arXiv")]
        if rec.doi:
            fields.append(("doi", _bibtex_verbatim(rec.doi)))
        if rec.link:
            fields.append(("url", _bibtex_verbatim(rec.link)))
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
        entries.append(f"@{'inproceedings' if published else 'misc'}{{{key},\n{body}\n}}\n")
    return "\n".join(entries)


def render_matches(matches: list[dict[str, object]]) -> str:
    """Semantic Scholar's search results, numbered, each with an id ``paperhop add`` takes."""
    lines = []
    for number, raw in enumerate(matches, start=1):
        ids = raw.get("externalIds") or {}
        arxiv = ids.get("ArXiv") if isinstance(ids, dict) else None
        authors = raw.get("authors") or []
        first = authors[0]["name"] if authors else "authors unknown"  # type: ignore[index]
        more = " et al." if len(authors) > 1 else ""  # type: ignore[arg-type]
        title, year, paper_id = (plain_text(str(raw.get(f))) for f in ("title", "year", "paperId"))
        lines.append(f"{number:2}. {title} ({year}), {plain_text(str(first))}{more}")
        lines.append(f"    paperhop add {plain_text(f'arXiv:{arxiv}') if arxiv else paper_id}")
    return "\n".join(lines) + "\n"
