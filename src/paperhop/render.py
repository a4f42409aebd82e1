"""Query results -> text, Markdown or JSON. Pure functions returning strings.

JSON is for scripts: keys are stable and documented in docs/output.md, and
every document is printed with sorted keys.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from itertools import pairwise
from typing import TYPE_CHECKING

import networkx as nx

from .errors import Problem
from .graph import edge_links
from .models import EDGE_KINDS, Concept, Paper

if TYPE_CHECKING:  # only named in annotations: every command would otherwise import them at start-up
    from .diff import GraphDiff
    from .doctor import Finding
    from .plans import ConceptInfo, Plan

__all__ = [
    "FORMATS",
    "node_view",
    "render_list",
    "render_paths",
    "render_problems",
    "render_reading_list",
    "render_show",
    "render_stats",
    "to_json",
]

FORMATS = ("text", "markdown", "json")


def to_json(document: object) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def node_view(G: nx.DiGraph, key: str) -> dict[str, object]:
    """The JSON view of one node: every field of its record, plus its type and link."""
    rec = G.nodes[key]["record"]
    view: dict[str, object] = {"type": G.nodes[key]["type"], **rec.model_dump(mode="json")}
    if isinstance(rec, Paper):
        view["link"] = rec.link
    view["label"] = rec.label
    return view


def _heading(rec: Paper | Concept) -> str:
    if isinstance(rec, Paper):
        return f"{rec.label} ({rec.year}) {rec.title}"
    return f"{rec.label} (concept) {rec.description}"


def _md_item(rec: Paper | Concept) -> str:
    if isinstance(rec, Paper):
        title = f"[{rec.title}]({rec.link})" if rec.link else rec.title
        return f"**{rec.label}** ({rec.year}): {title}, {_authors(rec)}"
    return f"**{rec.label}** (concept): {rec.description}"


def _authors(paper: Paper) -> str:
    if not paper.authors:
        return "authors unknown"
    if len(paper.authors) > 2:
        return f"{paper.authors[0]} et al."
    return " and ".join(paper.authors)


# -- why one node follows another -------------------------------------------


def _why(G: nx.DiGraph, hops: list[str]) -> str:
    """Why the last node of *hops* follows the first; concepts may lie between."""
    label = {n: G.nodes[n]["record"].label for n in hops}
    first, last = hops[0], hops[-1]
    if len(hops) == 3:  # paper -introduces-> concept -uses-> paper
        concept = hops[1]
        idea = _in_sentence(label[concept])
        return _with_notes(G, hops, f"{label[last]} uses {idea}, which {label[first]} introduced.")
    links = edge_links(G[first][last])
    primary = next(k for k in EDGE_KINDS if k in links)
    sentence = {
        "builds_on": f"{label[last]} builds on {label[first]}",
        "cites": f"{label[last]} cites {label[first]}",
        "introduces": f"{label[first]} introduces {label[last]}",
        "uses": f"{label[last]} uses {label[first]}",
    }[primary]
    note = links[primary]
    text = f"{sentence}: {note}" if note else f"{sentence}."
    if primary != "cites" and "cites" in links:
        text += f" ({label[last]} also cites it.)"
    return text


def _in_sentence(name: str) -> str:
    """'Image patches' -> 'image patches', but 'U-Net backbone' stays."""
    return name[0].lower() + name[1:] if name[1:2].islower() else name


def _with_notes(G: nx.DiGraph, hops: list[str], sentence: str) -> str:
    notes = [note for u, v in pairwise(hops) for note in edge_links(G[u][v]).values()]
    return " ".join([sentence, *(n for n in notes if n)])


def _stops(G: nx.DiGraph, path: list[str]) -> list[tuple[str, str | None]]:
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
            and "introduces" in edge_links(G[path[i]][path[j]])
        )
        if paper_to_paper_via_concept:
            j += 1
        stops.append((path[j], _why(G, path[i : j + 1])))
        i = j
    return stops


# -- path ---------------------------------------------------------------------


def render_paths(G: nx.DiGraph, paths: list[list[str]], fmt: str, *, title: str | None = None) -> str:
    from .queries import path_cost

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
                            {"source": u, "target": v, "links": dict(edge_links(G[u][v]))} for u, v in pairwise(path)
                        ],
                        "steps": [{"key": key, "why": why} for key, why in _stops(G, path)],
                    }
                    for path in paths
                ],
            }
        )
    label = {n: G.nodes[n]["record"].label for n in (source, target)}
    heading = title or f"Reading path from {label[source]} to {label[target]}"
    out: list[str] = []
    for number, path in enumerate(paths, start=1):
        stops = _stops(G, path)
        title = f"{heading}, option {number} of {len(paths)}" if len(paths) > 1 else heading
        if fmt == "markdown":
            out.append(f"### {title}\n")
            for n, (key, why) in enumerate(stops, start=1):
                out.append(f"{n}. {_md_item(G.nodes[key]['record'])}")
                if why:
                    out.append(f"   {why}")
        else:
            out.append(f"{title} ({len(stops)} steps)")
            for n, (key, why) in enumerate(stops, start=1):
                out.extend(_text_entry(G, n, key, why))
        out.append("")
    return "\n".join(out)


def _text_entry(G: nx.DiGraph, number: int, key: str, why: str | None = None) -> list[str]:
    rec = G.nodes[key]["record"]
    lines = [f"{number:2}. {_heading(rec)}"]
    link = getattr(rec, "link", None)
    if link:
        lines.append(f"    {link}")
    if why:
        lines.append(f"    why: {why}")
    return lines


# -- reading list -----------------------------------------------------------------


def render_reading_list(G: nx.DiGraph, target: str, keys: list[str], fmt: str) -> str:
    rec = G.nodes[target]["record"]
    if fmt == "json":
        return to_json(
            {
                "target": node_view(G, target),
                "papers": [{"position": i, **node_view(G, k)} for i, k in enumerate(keys, 1)],
            }
        )
    if fmt == "markdown":
        out = [
            f"## Reading list for {rec.label}",
            "",
            f"Read these {len(keys)} papers, in this order, before *{getattr(rec, 'title', rec.label)}*.",
            "",
        ]
        sections: dict[str, list[tuple[int, str]]] = {}
        for position, key in enumerate(keys, start=1):
            sections.setdefault(G.nodes[key]["record"].section or "Other", []).append((position, key))
        for section, entries in sections.items():
            out += [f"### {section}", ""]
            for position, key in entries:
                paper = G.nodes[key]["record"]
                line = f"- **{position}.** {_md_item(paper)}"
                out.append(f"{line}  \n  {paper.summary}" if paper.summary else line)
            out.append("")
        return "\n".join(out)
    out = [f"Reading list for {rec.label}: {len(keys)} papers, each after what it builds on", ""]
    for position, key in enumerate(keys, start=1):
        out.extend(_text_entry(G, position, key))
    return "\n".join(out) + "\n"


# -- show, list, search, stats --------------------------------------------------


def render_show(G: nx.DiGraph, key: str, fmt: str) -> str:
    before = [(u, dict(edge_links(G[u][key]))) for u in sorted(G.predecessors(key))]
    after = [(v, dict(edge_links(G[key][v]))) for v in sorted(G.successors(key))]
    if fmt == "json":
        return to_json(
            {
                **node_view(G, key),
                "before": [{"key": u, "links": links} for u, links in before],
                "after": [{"key": v, "links": links} for v, links in after],
            }
        )
    rec = G.nodes[key]["record"]
    md = fmt == "markdown"
    out = [f"## {_heading(rec)}" if md else _heading(rec), ""]
    if isinstance(rec, Paper):
        fields = [
            ("authors", ", ".join(rec.authors)),
            ("year", str(rec.year)),
            ("venue", rec.venue),
            ("arXiv", rec.arxiv),
            ("DOI", rec.doi),
            ("Semantic Scholar", rec.s2_id),
            ("link", rec.link),
            ("section", rec.section),
            ("aliases", ", ".join(rec.aliases)),
            ("summary", rec.summary),
        ]
    else:
        fields = [("aliases", ", ".join(rec.aliases))]
    for name, value in fields:
        if value:
            out.append(f"- **{name}**: {value}" if md else f"  {name + ':':<18}{value}")
    for title, rows in (("Read before it", before), ("Builds on it", after)):
        out += ["", f"### {title}" if md else f"{title}:"]
        if not rows:
            out.append("- nothing" if md else "  nothing")
        for other, links in rows:
            kinds = ", ".join(links)
            other_rec = G.nodes[other]["record"]
            out.append(f"- {other_rec.label} ({kinds})" if md else f"  {other_rec.label} ({kinds})")
    return "\n".join(out) + "\n"


def render_list(G: nx.DiGraph, keys: Iterable[str], fmt: str) -> str:
    keys = list(keys)
    if fmt == "json":
        return to_json([node_view(G, k) for k in keys])
    if fmt == "markdown":
        return "".join(f"- {_md_item(G.nodes[k]['record'])}\n" for k in keys)
    return "".join(f"{k:<20} {_heading(G.nodes[k]['record'])}\n" for k in keys)


def render_stats(stats: dict[str, object], fmt: str) -> str:
    if fmt == "json":
        return to_json(stats)
    lines = []
    for name, value in stats.items():
        if isinstance(value, dict):
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
    lines = [f"{p.severity}: {p}" for p in problems]
    lines.append(f"{errors} errors, {len(problems) - errors} warnings")
    return "\n".join(lines) + "\n"


# -- plans, concepts, diffs, doctor, BibTeX -----------------------------------


def render_plan(G: nx.DiGraph, plan: Plan, fmt: str) -> str:
    label = {k: G.nodes[k]["record"].label for k in [*plan.order, *plan.left_out]}
    names = ", ".join(label[t] for t in plan.targets)
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
            out.append(f"- [ ] {_md_item(G.nodes[key]['record'])} ({why})")
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
    rec = G.nodes[info.key]["record"]
    md = fmt == "markdown"
    out = [f"## {rec.label}" if md else f"{rec.label} (concept)", "", rec.description]
    for title, keys in (
        ("Introduced by", info.introduced_by),
        ("Used by", info.used_by),
        ("Read first, in this order", info.read_first),
    ):
        out += ["", f"### {title}" if md else f"{title}:"]
        if not keys:
            out.append("- none" if md else "  none")
        for number, key in enumerate(keys, start=1):
            paper = G.nodes[key]["record"]
            out.append(f"{number}. {_md_item(paper)}" if md else f"  {_heading(paper)}")
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
    md = fmt == "markdown"
    out: list[str] = []
    for name, changes in kinds:
        if not changes:
            continue
        out.append(f"### {name.capitalize()}" if md else f"{name.capitalize()}:")
        for key in changes.added:
            out.append(f"- added `{key}`" if md else f"  + {key}")
        for key in changes.removed:
            out.append(f"- removed `{key}`" if md else f"  - {key}")
        for key, fields in changes.changed.items():
            detail = "; ".join(f"{f}: {old!r} -> {new!r}" for f, (old, new) in fields.items())
            out.append(f"- changed `{key}`: {detail}" if md else f"  ~ {key}: {detail}")
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
                out.append(f"- {word}: {', '.join(keys)}" if md else f"  {word}: {', '.join(keys)}")
        out.append("")
    if not out:
        out = ["No changes.", ""]
    return "\n".join(out)


def render_findings(findings: list[Finding], fmt: str) -> str:
    if fmt == "json":
        return to_json([{"check": f.check, "key": f.key, "message": f.message} for f in findings])
    lines = [f"- **{f.check}**: {f.message}" if fmt == "markdown" else f"{f.check}: {f.message}" for f in findings]
    lines.append(f"{len(findings)} findings")
    return "\n".join(lines) + "\n"


_BIBTEX_ESCAPES = str.maketrans(
    {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_"}
)


def render_bibtex(G: nx.DiGraph, keys: Iterable[str]) -> str:
    """BibTeX entries of the papers among *keys*: @inproceedings where there is a venue,
    @misc with the arXiv eprint fields for preprints and reports."""
    entries = []
    for key in keys:
        rec = G.nodes[key]["record"]
        if not isinstance(rec, Paper):
            continue
        published = rec.venue and "report" not in rec.venue.lower() and "preprint" not in rec.venue.lower()
        fields = [
            ("title", "{" + rec.title.translate(_BIBTEX_ESCAPES) + "}"),
            ("author", " and ".join(a.translate(_BIBTEX_ESCAPES) for a in rec.authors)),
            ("year", str(rec.year)),
        ]
        if published:
            fields.append(("booktitle", rec.venue.translate(_BIBTEX_ESCAPES)))  # type: ignore[union-attr]
            venue_year = re.search(r"\b(1[6-9]|20|21)\d\d\b", rec.venue)  # type: ignore[arg-type]
            if venue_year:  # a proceedings entry carries the venue's year, not the preprint's
                fields[2] = ("year", venue_year.group())
        elif rec.venue:
            fields.append(("howpublished", rec.venue.translate(_BIBTEX_ESCAPES)))
        if rec.arxiv:
            fields += [("eprint", rec.arxiv), ("archivePrefix", "arXiv")]
        if rec.doi:
            fields.append(("doi", rec.doi))
        if rec.link:
            fields.append(("url", rec.link))
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
        lines.append(f"{number:2}. {raw.get('title')} ({raw.get('year')}), {first}{more}")
        lines.append(f"    paperhop add {f'arXiv:{arxiv}' if arxiv else raw.get('paperId')}")
    return "\n".join(lines) + "\n"
