"""Single nodes, lists of nodes, the graph: ``paperhop show``, ``concept``, ``list``, ``search``, ``stats``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import JSON, Node, Result, evidence_json, keys_of

if TYPE_CHECKING:
    from ..models import Edge

__all__ = ["ConceptInfo", "Neighbour", "PaperList", "Show", "Stats"]


@dataclass(frozen=True)
class ConceptInfo(Result):
    """``paperhop concept``: which papers introduce a concept, which use it, what to read first."""

    concept: Node
    introduced_by: list[Node]
    used_by: list[Node]
    read_first: list[Node]  # the concept's own reading list

    def _json(self) -> JSON:
        return {
            **self.concept.to_json(),
            "introduced_by": keys_of(self.introduced_by),
            "used_by": keys_of(self.used_by),
            "read_first": keys_of(self.read_first),
        }


@dataclass(frozen=True)
class Neighbour:
    """A node joined to another by one edge, with that edge's kinds (best first) and notes, and the
    ``cites`` record that holds its evidence, if it has any."""

    node: Node
    links: Mapping[str, str | None]
    cites: Edge | None = None

    @property
    def evidence(self) -> str | None:
        """The evidence in one line of plain (unescaped) text, or None."""
        return self.cites.evidence if self.cites else None

    def to_json(self) -> JSON:
        return {"key": self.node.key, "links": dict(self.links), "evidence": evidence_json(self.cites)}


@dataclass(frozen=True)
class Show(Result):
    """``paperhop show``: a node's record, what it builds on (``before``) and what builds on it (``after``)."""

    node: Node
    before: list[Neighbour]
    after: list[Neighbour]

    def _json(self) -> JSON:
        return {
            **self.node.to_json(),
            "before": [n.to_json() for n in self.before],
            "after": [n.to_json() for n in self.after],
        }


@dataclass(frozen=True)
class PaperList(Result):
    """``paperhop list`` and ``paperhop search``: papers or concepts, in the order given."""

    nodes: list[Node]

    def _json(self) -> JSON:
        return {"nodes": (n.to_json() for n in self.nodes)}


@dataclass(frozen=True)
class Stats(Result):
    """``paperhop stats``: how many papers, concepts and links of each kind."""

    name: str
    papers: int
    concepts: int
    edges: dict[str, int]  # kind -> count, kinds sorted
    years: list[int] | None  # [first, last], None without papers
    sections: int

    def _json(self) -> JSON:
        return {
            "name": self.name,
            "papers": self.papers,
            "concepts": self.concepts,
            "edges": dict(self.edges),
            "years": self.years,
            "sections": self.sections,
        }
