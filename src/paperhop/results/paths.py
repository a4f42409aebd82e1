"""Reading paths: ``paperhop path`` and ``paperhop why``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..records import EDGE_KINDS
from . import JSON, Node, Result, evidence_json, papers_of

if TYPE_CHECKING:
    from ..models import Edge, Paper

__all__ = ["MainPath", "PathEdge", "PathResult", "ReadingPath", "Step", "Why", "stopped"]


@dataclass(frozen=True)
class PathEdge:
    """An edge of a path: read ``source`` before ``target``; its kinds (best first), each with its note;
    the ``cites`` record that holds its evidence, if it has any."""

    source: str
    target: str
    links: Mapping[str, str | None]
    cites: Edge | None = None

    @property
    def evidence(self) -> str | None:
        """The evidence in one line of plain (unescaped) text, or None."""
        return self.cites.evidence if self.cites else None

    def to_json(self) -> JSON:
        links = dict(self.links)
        return {"source": self.source, "target": self.target, "links": links, "evidence": evidence_json(self.cites)}


@dataclass(frozen=True)
class Step:
    """A numbered stop on a reading path. After the first, ``edges`` lead here from the stop before (two
    when a concept lies between: it is folded into this step) and ``why`` says, in one line, why it follows."""

    number: int
    node: Node
    edges: list[PathEdge] = field(default_factory=list)
    why: str | None = None


@dataclass(frozen=True)
class ReadingPath:
    """One reading path: every node and edge along it, its numbered steps, and what it costs."""

    nodes: list[Node]  # concepts included
    edges: list[PathEdge]
    steps: list[Step]  # papers, and a concept only where the path ends or starts at one
    cost: float

    @classmethod
    def along(cls, nodes: list[Node], edges: list[PathEdge], cost: float) -> ReadingPath:
        """The path through *nodes*, joined by *edges*, with its numbered steps, each with why it follows
        the one before. A concept between two papers is folded into the second paper's step
        (paper -introduces-> concept -uses-> paper reads as one step)."""
        steps = [Step(1, nodes[0])]
        i = 0
        while i < len(nodes) - 1:
            j = i + 1
            paper_to_paper_via_concept = (
                nodes[i].type == "paper"
                and nodes[j].type == "concept"
                and j + 1 < len(nodes)
                and "introduces" in edges[i].links
            )
            if paper_to_paper_via_concept:
                j += 1
            steps.append(Step(len(steps) + 1, nodes[j], edges[i:j], _why(nodes[i : j + 1], edges[i:j])))
            i = j
        return cls(nodes, edges, steps, cost)

    def to_json(self) -> JSON:
        return {
            "cost": self.cost,
            "nodes": [n.to_json() for n in self.nodes],
            "edges": [e.to_json() for e in self.edges],
            "steps": [{"key": s.node.key, "why": s.why} for s in self.steps],
        }


# Why one step follows another, by the best kind of its link: the CLI's words, and the page's (export.panel sends
# them as data), written once. {first} and {last} are the step's ends, {idea} the concept between two papers.
WHY = {
    "builds_on": "{last} builds on {first}",
    "cites": "{last} cites {first}",
    "introduces": "{first} introduces {last}",
    "uses": "{last} uses {first}",
    "through": "{last} uses {idea}, which {first} introduced.",
    "also_cites": " ({last} also cites it.)",
}


def _why(hops: list[Node], edges: list[PathEdge]) -> str:
    """Why the last of *hops* follows the first, in one line of plain (unescaped) text."""
    first, last = hops[0].label, hops[-1].label
    if len(hops) == 3:  # paper -introduces-> concept -uses-> paper
        notes = [note for edge in edges for note in edge.links.values() if note]
        return " ".join([WHY["through"].format(last=last, idea=_in_sentence(hops[1].label), first=first), *notes])
    links = edges[0].links
    primary = next(k for k in EDGE_KINDS if k in links)
    sentence = WHY[primary].format(first=first, last=last)
    note = links[primary]
    text = f"{sentence}: {note}" if note else f"{sentence}."
    if primary != "cites" and "cites" in links:
        text += WHY["also_cites"].format(last=last)
    return text


def _in_sentence(name: str) -> str:
    """'Image patches' -> 'image patches', but 'U-Net backbone' stays."""
    return name[0].lower() + name[1:] if name[1:2].islower() else name


@dataclass(frozen=True)
class PathResult(Result):
    """``paperhop path``: the best reading path from source to target, or the *k* best; ``via`` says which
    links they follow ("all", "cites", "curated", "concepts"), and the reasons speak of those links only."""

    source: Node
    target: Node
    via: str
    paths: list[ReadingPath]
    complete: bool = True  # False: the search stopped at its bound (``paths.cheapest_paths``); more may exist

    def papers(self) -> list[Paper]:
        return papers_of([n for p in self.paths for n in p.nodes])

    def _json(self) -> JSON:
        return {
            "source": self.source.key,
            "target": self.target.key,
            "via": self.via,
            "paths": [p.to_json() for p in self.paths],
            "complete": self.complete,
        }


@dataclass(frozen=True)
class Why(Result):
    """``paperhop why``: the paths that put ``paper`` on ``target``'s reading list, shortest first."""

    paper: Node
    target: Node
    paths: list[ReadingPath]
    complete: bool = True  # as PathResult's

    def _json(self) -> JSON:
        paths = [p.to_json() for p in self.paths]
        return {"source": self.paper.key, "target": self.target.key, "paths": paths, "complete": self.complete}


@dataclass(frozen=True)
class MainPath(Result):
    """``paperhop main-path``: the backbone of ``target``'s citations, by main path analysis (Hummon and Doreian):
    ``path``, from a paper that cites none of the others, and the search path count (Batagelj's SPC) of each of
    its links, ``weights``: how many of the ``search_paths`` chains of citations from such a paper to the target
    go through it. ``search`` is "global" (the chain whose counts sum the most) or "local" (the heaviest link at
    each step). ``set_aside``: the citations inside citation cycles left out so that no chain goes round."""

    target: Node
    search: str
    path: ReadingPath
    weights: list[int]
    search_paths: int
    set_aside: int = 0

    def papers(self) -> list[Paper]:
        return papers_of(self.path.nodes)

    def _json(self) -> JSON:
        return {
            "target": self.target.key,
            "search": self.search,
            "search_paths": self.search_paths,
            "set_aside": self.set_aside,
            "path": self.path.to_json(),
            "weights": self.weights,
        }


def stopped(found: int) -> str:
    """What a path or why result says when its search stopped at its bound, in plain text."""
    return (
        f"Stopped after {found} {'path' if found == 1 else 'paths'}: finding more would cost more than the search's"
        " bound allows. These are the cheapest; others, costlier, may exist."
    )
