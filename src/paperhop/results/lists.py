"""Reading lists and plans: ``paperhop reading-list``, ``plan`` and ``next``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import JSON, Node, Result, keys_of, papers_of

if TYPE_CHECKING:
    from ..models import Paper

__all__ = ["NextPapers", "Plan", "PlanItem", "ReadingItem", "ReadingList"]


@dataclass(frozen=True, slots=True)
class ReadingItem:
    number: int
    node: Node


@dataclass(frozen=True)
class ReadingList(Result):
    """``paperhop reading-list``: every paper the target builds on, numbered in reading order."""

    target: Node
    items: list[ReadingItem]
    by_section: bool = False  # Markdown: grouped under each section, not one list

    def papers(self) -> list[Paper]:
        return papers_of([i.node for i in self.items])

    def _json(self) -> JSON:
        return {
            "target": self.target.to_json(),
            "papers": ({"position": i.number, **i.node.to_json()} for i in self.items),
        }


@dataclass(frozen=True, slots=True)
class PlanItem:
    number: int
    node: Node
    needed_by: list[Node]  # the targets whose reading lists hold it
    target: bool  # one of the plan's targets


@dataclass(frozen=True)
class Plan(Result):
    """``paperhop plan``: one reading order for several targets; ``left_out`` are the papers a maximum dropped."""

    targets: list[Node]
    items: list[PlanItem]
    left_out: list[Node]

    def papers(self) -> list[Paper]:
        return papers_of([i.node for i in self.items])

    def _json(self) -> JSON:
        return {
            "targets": keys_of(self.targets),
            "papers": (
                {"position": i.number, **i.node.to_json(), "needed_by": keys_of(i.needed_by), "target": i.target}
                for i in self.items
            ),
            "left_out": keys_of(self.left_out),
        }


@dataclass(frozen=True)
class NextPapers(Result):
    """``paperhop next``: the papers on the target's list that the reader can read now."""

    target: Node
    papers: list[Node]

    def _json(self) -> JSON:
        return {"target": self.target.to_json(), "papers": [n.to_json() for n in self.papers]}
