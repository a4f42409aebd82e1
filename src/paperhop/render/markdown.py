"""Results -> Markdown, for a blog post, an issue or a README. Pure functions returning strings.

Record text is data, whatever it holds: it goes through ``md_text`` (it reads
as text in any renderer), links through ``md_link`` (the record's checked
http(s) URL and nothing else), keys in code spans through ``md_code``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from ..records import ConceptBase, PaperBase
from ..results import Node, Result
from . import text
from .text import concept_sections, plain_text, record_fields, stats_values

if TYPE_CHECKING:
    from ..models import Concept, Paper
    from ..results.checks import DoctorReport, GraphDiff, Validation
    from ..results.known import KnownList
    from ..results.lists import NextPapers, Plan, ReadingList
    from ..results.nodes import ConceptInfo, PaperList, Show, Stats
    from ..results.paths import MainPath, PathResult, ReadingPath, Why
    from ..results.s2 import Matches

__all__ = ["md_code", "md_link", "md_text", "render"]

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


def _heading(rec: Paper | Concept) -> str:
    if isinstance(rec, PaperBase):
        return f"{md_text(rec.label)} ({rec.year}) {md_text(rec.title)}"
    return f"{md_text(rec.label)} (concept) {md_text(rec.description)}"


def item(rec: Paper | Concept) -> str:
    """A paper as a list item shows it: bold name, year, linked title, authors."""
    if isinstance(rec, PaperBase):
        title = md_link(rec.title, rec.link) if rec.link else md_text(rec.title)
        return f"**{md_text(rec.label)}** ({rec.year}): {title}, {_authors(rec)}"
    return f"**{md_text(rec.label)}** (concept): {md_text(rec.description)}"


def _authors(paper: Paper) -> str:
    if not paper.authors:
        return "authors unknown"
    if len(paper.authors) > 2:
        return f"{md_text(paper.authors[0])} et al."
    return " and ".join(map(md_text, paper.authors))


def _labels(nodes: list[Node]) -> str:
    return ", ".join(md_text(n.label) for n in nodes)


# -- paths --------------------------------------------------------------------------------


def paths_markdown(title: str, paths: list[ReadingPath], *, evidence: bool = False) -> str:
    """Each path as a numbered list under a heading; each step's reason on the line below it (and, with
    *evidence*, the evidence of the citations that lead to it, each on a line of its own)."""
    out: list[str] = []
    for number, path in enumerate(paths, start=1):
        option = f"{md_text(title)}, option {number} of {len(paths)}" if len(paths) > 1 else md_text(title)
        out.append(f"### {option}\n")
        for step in path.steps:
            out.append(f"{step.number}. {item(step.node.record)}")
            if step.why:
                out.append(f"   {md_text(step.why)}")
            for said in [e.evidence for e in step.edges if e.evidence] if evidence else []:
                out[-1] += "  "  # a line break
                out.append(f"   *Evidence:* {md_text(said)}")
        out.append("")
    return "\n".join(out)


def _path_result(result: PathResult) -> str:
    title = f"Reading path from {result.source.label} to {result.target.label}"
    return paths_markdown(title, result.paths) + text.stopped_note(result)


def _why(result: Why) -> str:
    title = f"Why {result.paper.label} is on {result.target.label}'s list"
    return paths_markdown(title, result.paths, evidence=True) + text.stopped_note(result)


def _main_path(result: MainPath) -> str:
    out = [f"### {md_text(text.main_path_title(result))}\n"]
    for step in result.path.steps:
        out.append(f"{step.number}. {item(step.node.record)}")
        if step.why:
            out.append(f"   {md_text(step.why)}")
        if step.number > 1:
            out[-1] += "  "  # a line break
            out.append(f"   *On {result.weights[step.number - 2]:,} of the {result.search_paths:,} search paths.*")
    return "\n".join([*out, "", *(md_text(line) for line in text.main_path_notes(result))])


# -- reading lists and plans -------------------------------------------------------------------


def _reading_list(result: ReadingList) -> str:
    """Numbered 1 to N in reading order, each paper tagged with its section; ``by_section``
    groups the papers under their sections instead (the numbers still count in reading order)."""
    target = result.target
    out = [
        f"## Reading list for {md_text(target.label)}",
        "",
        f"Read {text.count(len(result.items), 'paper')}, in this order, before *{md_text(target.title)}*.",
        "",
    ]
    if not result.by_section:
        for entry in result.items:
            section = getattr(entry.node.record, "section", None)
            tag = f" *{md_text(section)}*" if section else ""
            out.append(_numbered(f"{entry.number}. {item(entry.node.record)}{tag}", entry.node.record))
        return "\n".join(out) + "\n"
    sections: dict[str, list[tuple[int, Paper | Concept]]] = {}
    for entry in result.items:
        section = getattr(entry.node.record, "section", None) or "Other"
        sections.setdefault(section, []).append((entry.number, entry.node.record))
    for section, entries in sections.items():
        out += [f"### {md_text(section)}", ""]
        for number, rec in entries:
            out.append(_numbered(f"- **{number}.** {item(rec)}", rec))
        out.append("")
    return "\n".join(out)


def _numbered(line: str, rec: Paper | Concept) -> str:
    summary = getattr(rec, "summary", None)
    return f"{line}  \n   {md_text(summary)}" if summary else line


def _plan(result: Plan) -> str:
    papers = sum(not i.target for i in result.items)
    out = [
        f"## Reading plan for {_labels(result.targets)}",
        "",
        f"{text.count(papers, 'paper')} to read, then the targets, in this order.",
        "",
    ]
    for entry in result.items:
        marker = " \\[target\\]" if entry.target else ""
        why = f" (for {_labels(entry.needed_by)})" if entry.needed_by else ""
        out.append(f"- [ ] {item(entry.node.record)}{marker}{why}")
    if result.left_out:
        out += ["", f"Left out to keep within the maximum ({len(result.left_out)}): {_labels(result.left_out)}"]
    return "\n".join(out) + "\n"


def _next_papers(result: NextPapers) -> str:
    return node_items(result.papers)


# -- single nodes, lists of nodes, the graph ----------------------------------------------------


def _show(result: Show) -> str:
    out = [f"## {_heading(result.node.record)}", ""]
    out += [f"- **{name}**: {value}" for name, value in record_fields(result.node.record, md_text)]
    for title, neighbours in (("Read before it", result.before), ("Builds on it", result.after)):
        out += ["", f"### {title}"]
        if not neighbours:
            out.append("- nothing")
        for other in neighbours:
            out.append(f"- {md_text(other.node.label)} ({', '.join(other.links)})")
            if other.evidence:
                out[-1] += f"  \n  *Evidence:* {md_text(other.evidence)}"
    return "\n".join(out) + "\n"


def node_items(nodes: list[Node]) -> str:
    """One list item a node."""
    return "".join(f"- {item(n.record)}\n" for n in nodes)


def _paper_list(result: PaperList) -> str:
    return node_items(result.nodes)


def _concept_info(result: ConceptInfo) -> str:
    rec = result.concept.record
    description = rec.description if isinstance(rec, ConceptBase) else ""
    out = [f"## {md_text(rec.label)}", "", md_text(description)]
    for title, nodes in concept_sections(result):
        out += ["", f"### {title}"]
        if not nodes:
            out.append("- none")
        out += [f"{number}. {item(n.record)}" for number, n in enumerate(nodes, start=1)]
    return "\n".join(out) + "\n"


def _stats(result: Stats) -> str:
    return "\n".join(f"- **{name}**: {value}" for name, value in stats_values(result, md_text)) + "\n"


def _known_list(result: KnownList) -> str:
    return text.render(result)


# -- checks, changes ----------------------------------------------------------------------------


def _validation(result: Validation) -> str:
    lines = [f"{p.severity}: {md_text(str(p))}" for p in result.problems]
    lines.append(f"{result.errors} errors, {len(result.problems) - result.errors} warnings")
    return "\n".join(lines) + "\n"


def _doctor_report(result: DoctorReport) -> str:
    lines = [f"- **{f.check}**: {md_text(f.message)}" for f in result.findings]
    lines.append(f"{len(result.findings)} findings")
    return "\n".join(lines) + "\n"


def _graph_diff(result: GraphDiff) -> str:
    out: list[str] = []
    for name, changes in (("papers", result.papers), ("concepts", result.concepts), ("edges", result.edges)):
        if not changes:
            continue
        out.append(f"### {name.capitalize()}")
        out += [f"- added {md_code(key)}" for key in changes.added]
        out += [f"- removed {md_code(key)}" for key in changes.removed]
        for key, fields in changes.changed.items():
            detail = "; ".join(f"{f}: {md_text(repr(a))} -> {md_text(repr(b))}" for f, (a, b) in fields.items())
            out.append(f"- changed {md_code(key)}: {detail}")
        out.append("")
    if result.reading_list is not None:
        moves = result.reading_list_moves()
        out.append("### Reading list")
        if not any(moves):
            out.append("- unchanged")
        for word, keys in zip(("added", "removed", "moved"), moves, strict=True):
            if keys:
                out.append(f"- {word}: {', '.join(map(md_text, keys))}")
        out.append("")
    return "\n".join(out or ["No changes.", ""])


def _matches(result: Matches) -> str:
    return text.render(result)


_BY_RESULT: dict[str, Callable[[Any], str]] = {  # by class name: no result module is imported for another's sake
    "PathResult": _path_result,
    "Why": _why,
    "MainPath": _main_path,
    "ReadingList": _reading_list,
    "Plan": _plan,
    "NextPapers": _next_papers,
    "Show": _show,
    "PaperList": _paper_list,
    "ConceptInfo": _concept_info,
    "Stats": _stats,
    "KnownList": _known_list,
    "Validation": _validation,
    "DoctorReport": _doctor_report,
    "GraphDiff": _graph_diff,
    "Matches": _matches,
}


def render(result: Result) -> str:
    """*result* as Markdown."""
    renderer = _BY_RESULT.get(type(result).__name__)
    if renderer is None:
        raise TypeError(f"no Markdown for {type(result).__name__}")
    return renderer(result)
