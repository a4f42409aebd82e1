"""Growing a graph from Semantic Scholar: new papers with true metadata, and the real
citations between them and the papers already there. Returns new records; the caller
saves them (atomically, under a lock: see ``store.graph_lock``).

Every S2 answer is checked before it becomes a record (``sources.s2.checked``): a paper whose
answer is malformed is reported in ``Growth.failed`` and skipped, never half written. A call that
raises (S2 unreachable, say) leaves the ``GraphData`` it was given as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from ..errors import PaperhopError
from ..ids import IdIndex, in_url_path, request_ids
from ..models import Edge, GraphData, Paper
from .readinglists import ReadingList
from .s2 import (
    S2BadResponse,
    S2Client,
    S2Error,
    S2Link,
    S2Paper,
    S2Summary,
    checked,
    evidence,
    paper_key,
    paper_record,
    s2_id,
)

__all__ = [
    "ALWAYS_FETCHED",
    "FILLED_IN",
    "Growth",
    "Progress",
    "add_papers",
    "import_list",
    "link_papers",
    "refresh_papers",
    "search_papers",
]

# The merge rule of `refresh`: these fields always take Semantic Scholar's newest value...
ALWAYS_FETCHED = ("citation_count", "pdf_url")
# ...these are filled in only where the record has none; every other field (title, authors, year, name, summary,
# aliases, section) and every edge but a citation is what a person wrote, and refresh never touches it.
FILLED_IN = ("venue", "arxiv", "doi", "s2_id", "corpus_id", "url")


@dataclass
class Growth:
    added: list[str] = field(default_factory=list)
    already: dict[str, str] = field(default_factory=dict)  # id given -> key it already has
    citations: int = 0
    failed: dict[str, str] = field(default_factory=dict)  # id -> why
    updated: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = f"added {len(self.added)} papers, {self.citations} citations"
        if self.updated:
            text = f"refreshed {len(self.updated)} papers"
        if self.already:
            text += f"; {len(self.already)} already there ({', '.join(sorted(self.already.values()))})"
        if self.failed:
            text += f"; {len(self.failed)} failed: " + ", ".join(f"{k} ({v})" for k, v in sorted(self.failed.items()))
        return text


# How work on many papers shows itself: given the papers and a label, it yields them as it goes (the command line
# passes a progress bar, when stderr is a terminal).
Progress = Callable[[list[Paper], str], Iterable[Paper]]


def _quietly(items: list[Paper], label: str) -> Iterable[Paper]:
    return items


def _index(papers: dict[str, Paper]) -> IdIndex:
    """The papers already there, by each of their ids."""
    index = IdIndex()
    for paper in papers.values():
        index.add(paper.key, _ids(paper))
    return index


def _ids(paper: Paper) -> list[str]:
    return request_ids(s2_id=paper.s2_id, arxiv=paper.arxiv, doi=paper.doi, corpus_id=paper.corpus_id)


def search_papers(client: S2Client, query: str) -> list[dict[str, Any]]:
    """Semantic Scholar's best matches for *query*, best first; PaperhopError if there are none."""
    matches = client.search(query)
    if not matches:
        raise PaperhopError(f"Semantic Scholar has no match for {query!r}")
    return matches


def add_papers(
    data: GraphData,
    client: S2Client,
    ids: list[str],
    *,
    key: str | None = None,
    sections: dict[str, str | None] | None = None,
    follow: tuple[str, ...] = (),
    limit: int = 20,
    depth: int = 1,
    progress: Progress = _quietly,
) -> Growth:
    """Add the papers *ids* name to *data* (in place), each linked by real citations to
    the papers already there, in both directions. *sections* gives a new paper's
    reading-list section, by the id given. *follow* ("references", "citations") also
    adds, *depth* levels deep, up to *limit* of the papers each new one cites or is
    cited by, most cited first. *progress* shows the linking of the new papers."""
    if key is not None and len(ids) != 1:
        raise PaperhopError("--key names one paper: give one id with it")
    growth = Growth()
    asked = [(given, s2_id(given)) for given in ids]
    with _unchanged_on_error(data):
        index, have = _index(data.papers), _cites(data)  # built once, kept up to date as papers and edges come
        new = _add(data, client, asked, growth, index, have, progress, key=key, sections=sections)
        for _ in range(depth if follow else 0):
            others = _neighbours(client, index, new, follow, limit, growth)
            frontier = [(o.paperId, o.paperId) for o in others if o.paperId]
            if not frontier:
                break
            new = _add(data, client, frontier, growth, index, have, progress)
    return growth


@contextmanager
def _unchanged_on_error(data: GraphData) -> Iterator[None]:
    """Whatever escapes the block leaves *data* as it was: records are frozen, so shallow copies keep it."""
    papers, edges = dict(data.papers), list(data.edges)
    try:
        yield
    except BaseException:
        data.papers.clear()
        data.papers.update(papers)
        data.edges[:] = edges
        raise


def _cites(data: GraphData) -> dict[tuple[str, str], int]:
    """The citations of *data*: (cited, citing) -> the edge's place in ``data.edges``."""
    return {(e.source, e.target): i for i, e in enumerate(data.edges) if e.kind == "cites"}


def _neighbours(
    client: S2Client, index: IdIndex, papers: list[Paper], follow: tuple[str, ...], limit: int, growth: Growth
) -> list[S2Summary]:
    """Up to *limit* papers, per paper and direction, that the graph lacks, most cited first."""
    chosen: dict[str, S2Summary] = {}
    for paper in papers:
        for direction in follow:
            try:
                links = client.links(paper.s2_id or "", direction)  # a paper just added has its S2 id
            except S2Error as exc:
                growth.failed[paper.key] = f"{direction}: {exc}"
                continue
            others = (_other(link, direction) for link in links)
            unknown = [o for o in others if o and o.paperId and not index.find(o.ids())]
            unknown.sort(key=lambda o: (-(o.citationCount or 0), o.paperId or ""))
            for other in unknown[:limit]:
                chosen.setdefault(other.paperId or "", other)
    return list(chosen.values())


def _other(link: S2Link, direction: str) -> S2Summary | None:
    return link.citedPaper if direction == "references" else link.citingPaper


def _add(
    data: GraphData,
    client: S2Client,
    asked: list[tuple[str, str]],
    growth: Growth,
    index: IdIndex,
    have: dict[tuple[str, str], int],
    progress: Progress,
    *,
    key: str | None = None,
    sections: dict[str, str | None] | None = None,
) -> list[Paper]:
    """Add the papers of *asked* (id given, id for S2), link each both ways; return the new ones. *index* and
    *have* are the papers and citations *data* has, and grow with it."""
    found = client.papers(id_ for _, id_ in asked)
    taken = set(data.papers) | set(data.concepts)
    new: list[Paper] = []
    for given, id_ in asked:
        if found.get(id_) is None:
            growth.failed[given] = "not found"
            continue
        try:
            raw = checked(S2Paper, found[id_], given)
        except S2BadResponse as exc:
            growth.failed[given] = str(exc)
            continue
        if (existing := index.find(raw.ids())) is not None:
            growth.already[given] = existing
        else:
            if key is not None and key in taken:
                raise PaperhopError(f"the key {key!r} is taken")
            try:
                paper = paper_record(raw, key or paper_key(raw, taken))
            except S2Error as exc:
                growth.failed[given] = str(exc)
                continue
            if sections and sections.get(given):
                paper = paper.model_copy(update={"section": sections[given]})
            data.papers[paper.key] = paper
            taken.add(paper.key)
            index.add(paper.key, _ids(paper))
            new.append(paper)
            growth.added.append(paper.key)
    for paper in progress(new, "linking new papers"):
        _link(data, client, index, paper, paper.s2_id or "", growth, have, both_ways=True)
    return new


def link_papers(data: GraphData, client: S2Client, *, progress: Progress = _quietly) -> Growth:
    """Fill in the real citations among the papers *data* already has."""
    index, growth = _index(data.papers), Growth()
    with _unchanged_on_error(data):
        ids, have = _path_ids(data, client, growth), _cites(data)
        for paper in progress(sorted(data.papers.values(), key=lambda p: p.key), "linking"):
            if paper.key in ids:
                _link(data, client, index, paper, ids[paper.key], growth, have, both_ways=False)
    return growth


def _path_ids(data: GraphData, client: S2Client, growth: Growth) -> dict[str, str]:
    """Each paper's id in a form that may go in a URL path (``ids.in_url_path``), by key. A DOI or an old-style arXiv id
    holds "/" (a DOI can hold "../", "?" or "#"): such a paper is looked up in the batch, whose ids travel in
    the request's body, and linked by the paper id S2 answers."""
    refs = {key: ref for key, paper in data.papers.items() if (ref := _s2_ref(paper))}
    found = client.papers(ref for ref in refs.values() if not in_url_path(ref))
    ids = {}
    for key, ref in refs.items():
        if in_url_path(ref):
            ids[key] = ref
        elif found.get(ref) is None:
            growth.failed[key] = "not found"
        else:
            try:
                ids[key] = checked(S2Paper, found[ref], ref).paperId
            except S2BadResponse as exc:
                growth.failed[key] = str(exc)
    return ids


def _link(
    data: GraphData,
    client: S2Client,
    index: IdIndex,
    paper: Paper,
    id_: str,
    growth: Growth,
    have: dict[tuple[str, str], int],
    *,
    both_ways: bool,
) -> None:
    """Add the citations S2 knows between *paper* (S2 id *id_*) and the papers *index* knows, each with S2's
    evidence (``s2``); a citation already there gets it where it has none. *have* holds the citation edges
    already there (``_cites``), and grows with those added."""
    directions = ("references", "citations") if both_ways else ("references",)
    for direction in directions:
        try:
            links = client.links(id_, direction)
        except S2Error as exc:
            growth.failed[paper.key] = f"{direction}: {exc}"
            continue
        for link in links:
            cited_or_citing = _other(link, direction)
            other = index.find(cited_or_citing.ids()) if cited_or_citing else None
            if other is None or other == paper.key:
                continue
            source, target = (other, paper.key) if direction == "references" else (paper.key, other)
            found = evidence(link)
            if (source, target) not in have:
                have[(source, target)] = len(data.edges)
                data.edges.append(Edge(source=source, target=target, kind="cites", s2=found))
                growth.citations += 1
            elif found is not None and (edge := data.edges[have[(source, target)]]).s2 is None:
                data.edges[have[(source, target)]] = edge.model_copy(update={"s2": found})


def refresh_papers(data: GraphData, client: S2Client) -> Growth:
    """Update the fetched fields of every paper S2 knows, by the merge rule above (in place)."""
    growth = Growth()
    ids = {key: _s2_ref(paper) for key, paper in data.papers.items()}
    found = client.papers(i for i in ids.values() if i)
    updated: dict[str, Paper] = {}
    for key, id_ in sorted(ids.items()):
        raw = found.get(id_) if id_ else None
        if raw is None:
            if id_:
                growth.failed[key] = "not found"
            continue
        try:
            fetched = paper_record(checked(S2Paper, raw, key), key).model_dump()
        except S2BadResponse as exc:
            growth.failed[key] = str(exc)
            continue
        current = data.papers[key].model_dump()
        merged = {
            **current,
            **{f: fetched[f] for f in ALWAYS_FETCHED if fetched[f] is not None},
            **{f: fetched[f] for f in FILLED_IN if current[f] is None and fetched[f] is not None},
        }
        if merged != current:
            updated[key] = Paper.model_validate(merged)
    data.papers.update(updated)  # only once every paper is merged: a failure midway changes nothing
    growth.updated = list(updated)
    return growth


def _s2_ref(paper: Paper) -> str | None:
    """The id S2 is best asked by for a paper."""
    return next(iter(_ids(paper)), None)


def import_list(data: GraphData, client: S2Client, reading: ReadingList, *, progress: Progress = _quietly) -> Growth:
    """Add every paper a reading list links, each in its section, linked to the rest by real citations."""
    sections = {entry.id: entry.section for entry in reading.entries}
    return add_papers(data, client, list(sections), sections=sections, progress=progress)
