"""What every command answers: typed results, each with one JSON shape.

A query builds a result from the graph (``paperhop.queries``); a renderer turns
it into text, Markdown or BibTeX (``paperhop.render``) without looking at the
graph again; ``to_json()`` is its JSON, the only JSON a command prints.

=================  ========================================================
module             results
=================  ========================================================
``paths``          PathResult, Why: ReadingPath, Step, PathEdge
``lists``          ReadingList, Plan, NextPapers: ReadingItem, PlanItem
``nodes``          Show, ConceptInfo, PaperList, Stats: Neighbour
``checks``         Validation, DoctorReport, GraphDiff: Finding, Changes
``known``          KnownList
``s2``             Matches: Match
=================  ========================================================

Each module is imported by what needs it, so a command defines only its own
classes. Every ``to_json()`` of a whole result (a ``Result``) carries
``"paperhop_json": 1``, raised only by a change a script would trip on (a
field removed, renamed or retyped; new fields may come without it).
docs/json.md shows each shape with a real example, and
tests/test_json_contract.py pins them.

A paper or concept has one JSON shape everywhere (``Node.to_json``): every field
of its record, plus ``type``, ``label`` and, for papers, ``link``. Where a result
refers to a node it has already shown, it names it by key.

>>> from paperhop.models import Paper
>>> vit = Node(Paper(key="vit", name="ViT", title="An Image is Worth 16x16 Words", year=2020, arxiv="2010.11929"))
>>> vit.label, vit.link
('ViT', 'https://arxiv.org/abs/2010.11929')
>>> from paperhop.results.nodes import PaperList
>>> PaperList([vit]).to_json()["paperhop_json"]
1
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..records import PaperBase

if TYPE_CHECKING:
    from ..models import Concept, Edge, Paper

__all__ = ["JSON", "JSON_VERSION", "Node", "Result", "evidence_json", "keys_of", "papers_of"]

JSON_VERSION = 1

JSON = dict[str, Any]


class Result:
    """A whole answer: ``to_json()`` is its JSON document, versioned."""

    def to_json(self, *, lazy: bool = False) -> JSON:
        """The JSON document. With *lazy*, a long list of records is an iterator that makes each
        record's JSON as it is read: for a renderer that writes as it goes (``render.json``)."""
        document = {"paperhop_json": JSON_VERSION, **self._json()}
        if lazy:
            return document
        return {key: list(value) if isinstance(value, Iterator) else value for key, value in document.items()}

    def _json(self) -> JSON:
        """The document without its version; a long list of records may be an iterator."""
        raise NotImplementedError


@dataclass(frozen=True, slots=True)
class Node:
    """A paper or a concept, with its whole record (or, answered from an index, its ``records`` view)."""

    record: Paper | Concept

    @property
    def key(self) -> str:
        return self.record.key

    @property
    def type(self) -> str:
        return "paper" if isinstance(self.record, PaperBase) else "concept"

    @property
    def label(self) -> str:
        return self.record.label

    @property
    def year(self) -> int | None:
        return self.record.year if isinstance(self.record, PaperBase) else None

    @property
    def title(self) -> str:
        """A paper's title; a concept's name."""
        return self.record.title if isinstance(self.record, PaperBase) else self.record.label

    @property
    def link(self) -> str | None:
        return self.record.link if isinstance(self.record, PaperBase) else None

    def to_json(self) -> JSON:
        """Every field of the record, plus ``type``, ``label`` and, for papers, ``link``."""
        document: JSON = {"type": self.type, **self.record.model_dump(mode="json")}
        if isinstance(self.record, PaperBase):
            document["link"] = self.record.link
        document["label"] = self.record.label
        return document


def evidence_json(cites: Edge | None) -> JSON | None:
    """A citation's evidence as JSON: ``{"reference": {"number", "text", "source"} or null, "s2": {"influential",
    "intents", "contexts"} or null}``; null for an edge without evidence."""
    if cites is None or cites.evidence is None:
        return None
    return cites.model_dump(mode="json", include={"reference", "s2"})


def keys_of(nodes: list[Node]) -> list[str]:
    return [n.key for n in nodes]


def papers_of(nodes: list[Node]) -> list[Paper]:
    """The papers among *nodes*, each once, in order."""
    papers = {n.key: n.record for n in nodes if isinstance(n.record, PaperBase)}
    return list(papers.values())
