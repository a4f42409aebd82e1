"""Results -> plain text for a terminal. Pure functions returning strings.

Record text is data, whatever it holds: every record string goes through
``plain_text``, so no escape sequence reaches a terminal and no record starts a
line of its own.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..records import ConceptBase, PaperBase
from ..results import Node, Result

if TYPE_CHECKING:
    from ..models import Concept, Paper
    from ..results.checks import DoctorReport, GraphDiff, Validation
    from ..results.known import KnownList
    from ..results.lists import NextPapers, Plan, ReadingList
    from ..results.nodes import ConceptInfo, PaperList, Show, Stats
    from ..results.paths import MainPath, PathResult, ReadingPath, Why
    from ..results.s2 import Matches


__all__ = ["count", "plain_text", "render"]

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


def heading(rec: Paper | Concept) -> str:
    """'ViT (2020) An Image is Worth...' or 'Spacetime patches (concept) Patches that...'."""
    if isinstance(rec, PaperBase):
        return f"{plain_text(rec.label)} ({rec.year}) {plain_text(rec.title)}"
    return f"{plain_text(rec.label)} (concept) {plain_text(rec.description)}"


def _entry(number: int, node: Node, why: str | None = None) -> list[str]:
    lines = [f"{number:2}. {heading(node.record)}"]
    if node.link:
        lines.append(f"    {plain_text(node.link)}")
    if why:
        lines.append(f"    why: {plain_text(why)}")
    return lines


def count(n: int, noun: str) -> str:
    """'1 paper', '2 papers'.

    >>> count(1, "step"), count(3, "step")
    ('1 step', '3 steps')
    """
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _labels(nodes: list[Node]) -> str:
    return ", ".join(plain_text(n.label) for n in nodes)


# -- paths ------------------------------------------------------------------------------


def paths_text(title: str, paths: list[ReadingPath], *, evidence: bool = False) -> str:
    """Each path under *title*, numbered if there are several; each step with why it follows (and,
    with *evidence*, the evidence of the citations that lead to it)."""
    out: list[str] = []
    for number, path in enumerate(paths, start=1):
        option = f"{plain_text(title)}, option {number} of {len(paths)}" if len(paths) > 1 else plain_text(title)
        out.append(f"{option} ({count(len(path.steps), 'step')})")
        for step in path.steps:
            out.extend(_entry(step.number, step.node, step.why))
            if evidence:
                out += [f"    evidence: {plain_text(e.evidence)}" for e in step.edges if e.evidence]
        out.append("")
    return "\n".join(out)


def _path_result(result: PathResult) -> str:
    title = f"Reading path from {result.source.label} to {result.target.label}"
    return paths_text(title, result.paths) + stopped_note(result)


def _why(result: Why) -> str:
    title = f"Why {result.paper.label} is on {result.target.label}'s list"
    return paths_text(title, result.paths, evidence=True) + stopped_note(result)


def _main_path(result: MainPath) -> str:
    total = result.search_paths
    out = [f"{main_path_title(result)} ({count(len(result.path.steps), 'step')})"]
    for step in result.path.steps:
        out.extend(_entry(step.number, step.node, step.why))
        if step.number > 1:
            out.append(f"    on {result.weights[step.number - 2]:,} of the {total:,} search paths")
    return "\n".join([*out, "", *main_path_notes(result)])


def main_path_title(result: MainPath) -> str:
    return plain_text(f"Main path to {result.target.label}, {result.search} search by search path count")


def main_path_notes(result: MainPath) -> list[str]:
    """What a reader of a main path should know, in lines of plain text."""
    notes = [
        f"A search path is a chain of citations from a paper that cites none of the others to"
        f" {plain_text(result.target.label)}: there are {result.search_paths:,}."
    ]
    if result.set_aside:
        notes.append(
            f"{count(result.set_aside, 'citation')} inside citation cycles set aside, so that none goes round."
        )
    return [*notes, ""]


def stopped_note(result: PathResult | Why) -> str:
    """A line saying the search stopped at its bound, if it did."""
    from ..results.paths import stopped

    return "" if result.complete else stopped(len(result.paths)) + "\n"


# -- reading lists and plans ---------------------------------------------------------------


def _reading_list(result: ReadingList) -> str:
    label = plain_text(result.target.label)
    out = [f"Reading list for {label}: {count(len(result.items), 'paper')}, each after what it builds on", ""]
    for item in result.items:
        out.extend(_entry(item.number, item.node))
    return "\n".join(out) + "\n"


def _plan(result: Plan) -> str:
    papers = sum(not i.target for i in result.items)
    out = [f"Reading plan for {_labels(result.targets)}: {count(papers, 'paper')}, then the targets", ""]
    for item in result.items:
        lines = _entry(item.number, item.node)
        if item.target:
            lines[0] += "  [target]"
        if item.needed_by:
            lines.insert(1, f"    for: {_labels(item.needed_by)}")
        out += lines
    if result.left_out:
        out += ["", f"Left out to keep within the maximum ({len(result.left_out)}): {_labels(result.left_out)}"]
    return "\n".join(out) + "\n"


def _next_papers(result: NextPapers) -> str:
    return node_lines(result.papers)


# -- single nodes, lists of nodes, the graph -------------------------------------------------


def _show(result: Show) -> str:
    rec = result.node.record
    out = [heading(rec), ""]
    for name, value in record_fields(rec, plain_text):
        out.append(f"  {name + ':':<18}{value}")
    for title, neighbours in (("Read before it", result.before), ("Builds on it", result.after)):
        out += ["", f"{title}:"]
        if not neighbours:
            out.append("  nothing")
        for other in neighbours:
            out.append(f"  {plain_text(other.node.label)} ({', '.join(other.links)})")
            if other.evidence:
                out.append(f"    evidence: {plain_text(other.evidence)}")
    return "\n".join(out) + "\n"


def record_fields(rec: Paper | Concept, e: Callable[[str], str]) -> list[tuple[str, str]]:
    """The fields ``show`` lists, each escaped by *e*, empty ones left out."""
    if isinstance(rec, PaperBase):
        fields = [
            ("authors", ", ".join(map(e, rec.authors))),
            ("year", str(rec.year)),
            ("venue", rec.venue and e(rec.venue)),
            ("arXiv", rec.arxiv and e(rec.arxiv)),
            ("DOI", rec.doi and e(rec.doi)),
            ("Semantic Scholar", rec.s2_id and e(rec.s2_id)),
            ("link", rec.link and e(rec.link)),
            ("section", rec.section and e(rec.section)),
            ("aliases", ", ".join(map(e, rec.aliases))),
            ("summary", rec.summary and e(rec.summary)),
            ("kept by road", (reason := getattr(rec, "reason", None)) and e(reason)),
        ]
    else:
        fields = [("aliases", ", ".join(map(e, rec.aliases)))]
    return [(name, value) for name, value in fields if value]


def node_lines(nodes: list[Node]) -> str:
    """One line a node: its key, then its heading."""
    return "".join(f"{plain_text(n.key):<20} {heading(n.record)}\n" for n in nodes)


def _paper_list(result: PaperList) -> str:
    return node_lines(result.nodes)


def _concept_info(result: ConceptInfo) -> str:
    rec = result.concept.record
    description = rec.description if isinstance(rec, ConceptBase) else ""
    out = [f"{plain_text(rec.label)} (concept)", "", plain_text(description)]
    for title, nodes in concept_sections(result):
        out += ["", f"{title}:"]
        if not nodes:
            out.append("  none")
        out += [f"  {heading(n.record)}" for n in nodes]
    return "\n".join(out) + "\n"


def concept_sections(result: ConceptInfo) -> list[tuple[str, list[Node]]]:
    return [
        ("Introduced by", result.introduced_by),
        ("Used by", result.used_by),
        ("Read first, in this order", result.read_first),
    ]


def stats_values(result: Stats, e: Callable[[str], str]) -> list[tuple[str, str]]:
    """Each count as a line shows it: the graph's name escaped by *e*."""
    edges = ", ".join(f"{k} {v}" for k, v in result.edges.items()) or "none"
    years = "-".join(map(str, result.years)) if result.years is not None else "none"
    return [
        ("name", e(result.name)),
        ("papers", str(result.papers)),
        ("concepts", str(result.concepts)),
        ("edges", edges),
        ("years", years),
        ("sections", str(result.sections)),
    ]


def _stats(result: Stats) -> str:
    return "\n".join(f"{name + ':':<10} {value}" for name, value in stats_values(result, plain_text)) + "\n"


def _known_list(result: KnownList) -> str:
    return "".join(f"{plain_text(k)}\n" for k in result.keys)


# -- checks, changes ----------------------------------------------------------------------


def _validation(result: Validation) -> str:
    lines = [f"{p.severity}: {plain_text(str(p))}" for p in result.problems]
    lines.append(f"{result.errors} errors, {len(result.problems) - result.errors} warnings")
    return "\n".join(lines) + "\n"


def _doctor_report(result: DoctorReport) -> str:
    lines = [f"{f.check}: {plain_text(f.message)}" for f in result.findings]
    lines.append(f"{len(result.findings)} findings")
    return "\n".join(lines) + "\n"


def _graph_diff(result: GraphDiff) -> str:
    out: list[str] = []
    for name, changes in (("papers", result.papers), ("concepts", result.concepts), ("edges", result.edges)):
        if not changes:
            continue
        out.append(f"{name.capitalize()}:")
        out += [f"  + {plain_text(key)}" for key in changes.added]
        out += [f"  - {plain_text(key)}" for key in changes.removed]
        for key, fields in changes.changed.items():
            detail = "; ".join(f"{f}: {plain_text(repr(a))} -> {plain_text(repr(b))}" for f, (a, b) in fields.items())
            out.append(f"  ~ {plain_text(key)}: {detail}")
        out.append("")
    if result.reading_list is not None:
        moves = result.reading_list_moves()
        out.append("Reading list:")
        if not any(moves):
            out.append("  unchanged")
        for word, keys in zip(("added", "removed", "moved"), moves, strict=True):
            if keys:
                out.append(f"  {word}: {', '.join(map(plain_text, keys))}")
        out.append("")
    return "\n".join(out or ["No changes.", ""])


# -- Semantic Scholar -----------------------------------------------------------------------


def _matches(result: Matches) -> str:
    lines = []
    for number, match in enumerate(result.matches, start=1):
        first = match.authors[0] if match.authors else "authors unknown"
        more = " et al." if len(match.authors) > 1 else ""
        title, year, first = (plain_text(str(v)) for v in (match.title, match.year, first))
        lines.append(f"{number:2}. {title} ({year}), {first}{more}")
        lines.append(f"    paperhop add {plain_text(str(match.add_id))}")
    return "\n".join(lines) + "\n"


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
    """*result* as text."""
    renderer = _BY_RESULT.get(type(result).__name__)
    if renderer is None:
        raise TypeError(f"no text for {type(result).__name__}")
    return renderer(result)
