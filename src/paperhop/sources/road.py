"""The road to any paper: a reading graph built from Semantic Scholar for one target paper, ranked and explained.

``build_road(client, target)`` asks, in this order:

1. the target's record (the batch endpoint);
2. its references, with Semantic Scholar's evidence for each (influential, intents, contexts): the papers it builds
   on, the *neighbourhood*;
3. what each paper of the neighbourhood cites (the batch endpoint, 500 papers a request), to count how many of
   them cite each candidate;
4. the records of the candidates (the batch endpoint): the target's references, and at depth 2 the references of
   the papers that lead the first ranking;
5. the references, with evidence, of each paper kept: the real citations among them.

So a road costs a handful of requests plus one per paper kept (``ROAD_REQUESTS``), whatever the size of the
neighbourhood. Each candidate is ranked by how much the target stands on it (``score``); the best ``max_papers``
are kept, each with its ``reason`` in words. Papers cited everywhere, by the field and beyond (optimisers,
datasets, benchmarks), are held back by their fame: what the citations among the papers say of them counts less
the more their citation count exceeds the candidates' median (``score``).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from statistics import median

from ..engine import main_path, search_paths_to
from ..errors import S2NotFound
from ..models import Edge, GraphData, Paper
from .s2 import S2Client, S2Link, S2Paper, checked, evidence, paper_key, paper_record

__all__ = ["Candidate", "Road", "build_road", "score"]

# What a signal adds to a candidate's score (``score``): a share of the neighbourhood is at most 1, so is the share
# of the search paths through a candidate.
WEIGHTS = {"cited_by": 3.0, "influential": 1.0, "methodology": 0.5, "cited_by_target": 0.5, "search_paths": 1.0}
MAIN_PATH_BONUS = 0.5
FAMOUS = 10  # cited this many times more than the median candidate: cited beyond the field, not only by it


@dataclass
class Candidate:
    """A paper the target may stand on, with the signals it is ranked by."""

    paper: S2Paper
    cited_by: int = 0  # papers of the neighbourhood that cite it
    link: S2Link | None = None  # the target's citation of it, with S2's evidence; None at depth 2
    search_paths: float = 0.0  # the share of the search paths to the target that go through it (main path analysis)
    on_main_path: bool = False
    score: float = 0.0


@dataclass
class Road:
    """A road's graph, with what it asked and what it kept."""

    data: GraphData
    target: str  # the target's key in ``data``
    ranked: list[Candidate]  # every candidate, best first
    kept: list[Candidate]  # the best, whose records ``data`` holds
    neighbourhood: int  # papers the target cites that Semantic Scholar resolved
    requests: int  # requests sent to the API (none when every answer came from the cache)
    reasons: dict[str, str] = field(default_factory=dict)  # key -> reason

    def summary(self) -> list[str]:
        """What the road kept, and why, in lines of plain (unescaped) text."""
        target = self.data.papers[self.target].title
        lines = [
            f"The road to {target}: kept {len(self.kept)} of {len(self.ranked)} papers ranked"
            f" ({self.neighbourhood} cited by {target}); {self.requests} requests to Semantic Scholar"
        ]
        for key, reason in self.reasons.items():
            lines.append(f"  {key}: {self.data.papers[key].title} ({self.data.papers[key].year}): {reason}")
        return lines


def score(c: Candidate, neighbourhood: int, median_citations: float) -> float:
    """How much the target stands on *c*. What the citations among the papers say of it (the share of the
    neighbourhood that cites it, the share of the search paths to the target through it, whether it is on the main
    path) is held back by its fame (``held``); what the target itself says of its citation (cited at all,
    influential, for its method) is not."""
    share = c.cited_by / neighbourhood if neighbourhood else 0.0
    network = WEIGHTS["cited_by"] * share + WEIGHTS["search_paths"] * c.search_paths + MAIN_PATH_BONUS * c.on_main_path
    value = held(c, median_citations) * network
    if c.link is not None:
        value += WEIGHTS["cited_by_target"]
        value += WEIGHTS["influential"] * bool(c.link.isInfluential)
        value += WEIGHTS["methodology"] * ("methodology" in (c.link.intents or []))
    return value


def held(c: Candidate, median_citations: float) -> float:
    """1, unless *c* is cited more than FAMOUS times the median candidate: a paper every field cites (an optimiser,
    a dataset, a benchmark) is cited by most of any neighbourhood. Then less, by the logarithm of the excess: 1/2
    at ten times FAMOUS, 1/3 at a hundred times."""
    excess = (c.paper.citationCount or 0) / (FAMOUS * median_citations) if median_citations else 0.0
    return 1.0 / (1.0 + math.log10(excess)) if excess > 1 else 1.0


def build_road(
    client: S2Client,
    target_id: str,
    *,
    max_papers: int = 20,
    depth: int = 1,
    progress: Callable[[str], None] = lambda step: None,
) -> Road:
    """The road to the paper *target_id* (an id as ``s2.s2_id`` spells it): see the module's doc."""
    before = client.requests
    progress("the target")
    raw = client.papers([target_id]).get(target_id)
    if raw is None:
        raise S2NotFound(f"Semantic Scholar has no paper {target_id}")
    target = checked(S2Paper, raw, f"the record of {target_id}")
    progress("its references")
    links = {cited: link for link in client.links(target.paperId, "references") if (cited := _cited(link))}
    links.pop(target.paperId, None)
    progress(f"what its {len(links)} references cite")
    cites = client.references_of(links)
    candidates = {paper_id: Candidate(S2Paper(paperId=paper_id), link=link) for paper_id, link in links.items()}
    if depth == 2:
        _count(candidates, cites, len(links))
        leaders = sorted(candidates.values(), key=lambda c: -c.score)[:max_papers]
        for leader in leaders:
            for paper_id in cites.get(leader.paper.paperId, []):
                candidates.setdefault(paper_id, Candidate(S2Paper(paperId=paper_id)))
        candidates.pop(target.paperId, None)
    progress(f"the records of {len(candidates)} candidates")
    for paper_id, found in client.papers(candidates).items():
        if found is not None:
            candidates[paper_id].paper = checked(S2Paper, found, f"the record of {paper_id}")
    candidates = {k: c for k, c in candidates.items() if c.paper.title and c.paper.year}
    _main_paths(candidates, cites, target.paperId, _median(candidates))
    _count(candidates, cites, len(links))
    ranked = sorted(
        candidates.values(), key=lambda c: (-c.score, c.paper.year or 0, -(c.paper.citationCount or 0), c.paper.paperId)
    )
    kept = ranked[:max_papers]
    progress(f"the references of the {len(kept)} papers kept")
    data, keys = _graph(client, target, kept, links)
    reasons = {keys[c.paper.paperId]: reason(c, len(links), target.title or "the target") for c in kept}
    for key, text in reasons.items():
        data.papers[key] = data.papers[key].model_copy(update={"reason": text})
    return Road(data, keys[target.paperId], ranked, kept, len(links), client.requests - before, reasons)


def _cited(link: S2Link) -> str | None:
    """The paperId of the paper *link* cites; None where Semantic Scholar could not resolve it."""
    return link.citedPaper.paperId if link.citedPaper is not None else None


def _count(candidates: dict[str, Candidate], cites: dict[str, list[str]], neighbourhood: int) -> None:
    """Each candidate's co-citations (how many papers of the neighbourhood cite it) and score."""
    for c in candidates.values():
        c.cited_by = 0
    for cited in cites.values():
        for paper_id in cited:
            if paper_id in candidates:
                candidates[paper_id].cited_by += 1
    middle = _median(candidates)
    for c in candidates.values():
        c.score = score(c, neighbourhood, middle)


def _median(candidates: dict[str, Candidate]) -> float:
    counts = [c.paper.citationCount for c in candidates.values() if c.paper.citationCount]
    return median(counts) if counts else 0.0


def _main_paths(
    candidates: dict[str, Candidate], cites: dict[str, list[str]], target: str, median_citations: float
) -> None:
    """Main path analysis (``engine.search_path_counts``) over the citations among the candidates and the target:
    each candidate's share of the search paths to the target, and the main path's members. Famous papers
    (``held``) are left out: cited by every paper, each would start most chains, and the main path with them."""
    field = {k: c for k, c in candidates.items() if held(c, median_citations) == 1.0}
    preds: dict[str, list[str]] = {k: [] for k in [*field, target]}
    for citing, cited in cites.items():
        if citing in preds:
            preds[citing] += [p for p in cited if p in preds and p != citing]
    preds[target] = [k for k, c in field.items() if c.link is not None]
    year = {k: c.paper.year or 0 for k, c in field.items()} | {target: 10**4}
    order, weights, _ = search_paths_to(target, year, preds)
    if len(order) < 2:
        return
    total = sum(w for (_, v), w in weights.items() if v == target)
    into: dict[str, int] = dict.fromkeys(order, 0)
    out: dict[str, int] = dict.fromkeys(order, 0)
    for (u, v), w in weights.items():
        out[u] += w
        into[v] += w
    # The search paths through a paper: those into it, or, for a paper that cites none of the others, those out.
    through = {v: into[v] or out[v] for v in order}
    for v in main_path(order, weights):
        if v in candidates:
            candidates[v].on_main_path = True
    for v, paths in through.items():
        if v in candidates:
            candidates[v].search_paths = paths / total if total else 0.0


def reason(c: Candidate, neighbourhood: int, target: str) -> str:
    """Why *c* was kept, in one sentence: "cited by 9 of the 40 papers Sora builds on; Sora cites it for its
    method, as influential; on the main path"."""
    parts = [f"cited by {c.cited_by} of the {neighbourhood} papers {target} builds on"]
    if c.link is not None:
        said = f"{target} cites it"
        if "methodology" in (c.link.intents or []):
            said += " for its method"
        if c.link.isInfluential:
            said += ", as influential"
        parts.append(said)
    else:
        parts.append(f"cited by papers {target} cites, not by {target} itself")
    if c.on_main_path:
        parts.append("on the main path")
    elif c.search_paths:
        parts.append(f"on {c.search_paths:.0%} of the search paths")
    return "; ".join(parts)


def _graph(
    client: S2Client, target: S2Paper, kept: list[Candidate], links: dict[str, S2Link]
) -> tuple[GraphData, dict[str, str]]:
    """The kept papers and the target as records, and the citations among them with Semantic Scholar's evidence:
    the target's from its references, the others' from each kept paper's references (a request each)."""
    keys: dict[str, str] = {}
    papers: dict[str, Paper] = {}
    for paper in [target, *(c.paper for c in kept)]:
        keys[paper.paperId] = key = paper_key(paper, set(papers))
        papers[key] = paper_record(paper, key)
    edges = [_edge(keys, links[c.paper.paperId], c.paper.paperId, target.paperId) for c in kept if c.link is not None]
    for c in kept:
        for link in client.links(c.paper.paperId, "references"):
            cited = _cited(link)
            if cited is not None and cited in keys and cited != c.paper.paperId:
                edges.append(_edge(keys, link, cited, c.paper.paperId))
    return GraphData(f"road to {papers[keys[target.paperId]].label}", papers, {}, edges), keys


def _edge(keys: dict[str, str], link: S2Link, cited: str, citing: str) -> Edge:
    return Edge(source=keys[cited], target=keys[citing], kind="cites", s2=evidence(link))
