"""What is weak in a graph: not errors (``validate`` finds those) but what a curator should look at."""

from __future__ import annotations

import difflib
from itertools import pairwise

import networkx as nx

from ..graph import edge_evidence, edge_links, record
from ..models import Paper, normalize
from ..results.checks import DoctorReport, Finding

__all__ = ["Finding", "doctor", "doctor_result"]


def doctor(G: nx.DiGraph, *, targets: list[str] | None = None) -> list[Finding]:
    """Papers with no identifier, papers with no edge, papers no target builds on,
    citations that go back in time, citations with no evidence, papers whose reference
    list was never read (no citation from them, not marked ``references_read``), papers
    whose reference entries do not say which copy of the list they were read in, concepts
    no paper introduces, duplicate-looking titles. *targets* default to the papers
    nothing builds on."""
    findings: list[Finding] = []
    papers = {k: r for k in G if isinstance(r := record(G, k), Paper)}
    for key, rec in papers.items():
        if not (rec.arxiv or rec.doi or rec.s2_id):
            findings.append(Finding("no identifier", key, f"{rec.label} has no arXiv id, DOI or Semantic Scholar id"))
        if G.degree(key) == 0:
            findings.append(Finding("no edge", key, f"{rec.label} is linked to nothing"))
        if not rec.references_read and not any("cites" in edge_links(G, u, key) for u in G.pred[key]):
            message = f"no citation from {rec.label} is recorded, and it is not marked references_read"
            findings.append(Finding("reference list not read", key, message))
    goals = targets if targets is not None else [k for k in papers if G.out_degree(k) == 0 and G.in_degree(k)]
    reached = set(goals).union(*(nx.ancestors(G, t) for t in goals))
    for key in papers:
        if goals and key not in reached and G.degree(key):
            findings.append(Finding("unreachable", key, f"{papers[key].label} is on no target's reading list"))
    for u, v in G.edges:
        if "cites" in edge_links(G, u, v) and edge_evidence(G, u, v) is None:
            message = f"{papers[v].label} cites {papers[u].label}: no reference entry or Semantic Scholar evidence"
            findings.append(Finding("citation without evidence", f"{u} -> {v}", message))
        if "cites" in edge_links(G, u, v) and u in papers and v in papers and papers[v].year < papers[u].year:
            findings.append(
                Finding(
                    "cites a later paper",
                    f"{u} -> {v}",
                    f"{papers[v].label} ({papers[v].year}) cites {papers[u].label} ({papers[u].year})",
                )
            )
    findings += _unsourced(G, papers)
    for key, kind in G.nodes(data="type"):
        if kind == "concept" and not any("introduces" in edge_links(G, p, key) for p in G.predecessors(key)):
            findings.append(Finding("concept not introduced", key, f"no paper introduces {G.nodes[key]['label']}"))
    titles = sorted((normalize(r.title), k) for k, r in papers.items())
    for (a, ka), (b, kb) in pairwise(titles):  # neighbours in sorted order: near-duplicates sort together
        if a == b or difflib.SequenceMatcher(None, a, b).ratio() > 0.92:
            findings.append(
                Finding(
                    "duplicate-looking titles",
                    f"{ka}, {kb}",
                    f"{papers[ka].label} and {papers[kb].label} have near-identical titles",
                )
            )
    return sorted(findings)


def _unsourced(G: nx.DiGraph, papers: dict[str, Paper]) -> list[Finding]:
    """A finding for each citing paper whose reference entries do not say which copy of its list they were read in
    (``Reference.source``): numbering differs between versions, so an entry says no more than its copy."""
    unsourced: dict[str, int] = {}
    for u, v in G.edges:
        cites = edge_evidence(G, u, v)
        if cites is not None and cites.reference is not None and cites.reference.source is None:
            unsourced[v] = unsourced.get(v, 0) + 1
    return [
        Finding(
            "reference entry without its source",
            key,
            f"{papers[key].label}'s reference entries ({count}) do not say which copy of its reference list they"
            " were read in",
        )
        for key, count in unsourced.items()
    ]


def doctor_result(G: nx.DiGraph, *, targets: list[str] | None = None) -> DoctorReport:
    """``doctor`` as ``paperhop doctor`` shows it."""
    return DoctorReport(doctor(G, targets=targets))
