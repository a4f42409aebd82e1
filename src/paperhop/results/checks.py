"""Checks and changes: ``paperhop validate``, ``doctor`` and ``diff``."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import Problem
from . import JSON, Result

__all__ = ["Changes", "DoctorReport", "Finding", "GraphDiff", "Validation"]


@dataclass(frozen=True)
class Validation(Result):
    """``paperhop validate``: every problem of a graph folder, errors and warnings."""

    problems: list[Problem]

    @property
    def errors(self) -> int:
        return sum(p.severity == "error" for p in self.problems)

    def _json(self) -> JSON:
        return {
            "problems": [{"severity": p.severity, "location": p.location, "message": p.message} for p in self.problems]
        }


@dataclass(frozen=True, order=True)
class Finding:
    check: str
    key: str
    message: str


@dataclass(frozen=True)
class DoctorReport(Result):
    """``paperhop doctor``: what a curator should look at, sorted."""

    findings: list[Finding]

    def _json(self) -> JSON:
        return {"findings": [{"check": f.check, "key": f.key, "message": f.message} for f in self.findings]}


@dataclass(frozen=True)
class Changes:
    """One record kind's changes, by key; ``changed`` maps a key to {field: [old, new]}."""

    added: dict[str, dict[str, object]] = field(default_factory=dict)
    removed: dict[str, dict[str, object]] = field(default_factory=dict)
    changed: dict[str, dict[str, list[object]]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)

    def to_json(self) -> JSON:
        return {"added": self.added, "removed": self.removed, "changed": self.changed}


@dataclass(frozen=True)
class GraphDiff(Result):
    """``paperhop diff``: the records added, removed and changed, and, for a target, its reading list
    in each version (``reading_list``: old, new)."""

    papers: Changes
    concepts: Changes
    edges: Changes
    reading_list: tuple[list[str], list[str]] | None = None

    def __bool__(self) -> bool:
        return bool(self.papers or self.concepts or self.edges)

    def reading_list_moves(self) -> tuple[list[str], list[str], list[str]]:
        """The papers the reading list gained, lost, and moved within it."""
        old, new = self.reading_list or ([], [])
        added, removed = [k for k in new if k not in old], [k for k in old if k not in new]
        moved = [k for k in new if k in old and new.index(k) != old.index(k)]
        return added, removed, moved

    def _json(self) -> JSON:
        lists = self.reading_list
        return {
            "papers": self.papers.to_json(),
            "concepts": self.concepts.to_json(),
            "edges": self.edges.to_json(),
            "reading_list": None if lists is None else {"old": lists[0], "new": lists[1]},
        }
