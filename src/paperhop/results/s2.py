"""Semantic Scholar's answers: ``paperhop add --search``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import JSON, Result

__all__ = ["Match", "Matches"]


@dataclass(frozen=True)
class Match:
    """One search match from Semantic Scholar, as it answered."""

    paper_id: str
    title: str | None
    year: int | None
    authors: list[str]
    arxiv: str | None

    @property
    def add_id(self) -> str:
        """The id ``paperhop add`` takes for it."""
        return f"arXiv:{self.arxiv}" if self.arxiv else self.paper_id

    def to_json(self) -> JSON:
        return {
            "paper_id": self.paper_id,
            "title": self.title,
            "year": self.year,
            "authors": self.authors,
            "arxiv": self.arxiv,
        }


@dataclass(frozen=True)
class Matches(Result):
    """``paperhop add --search``: Semantic Scholar's best matches, best first."""

    matches: list[Match]

    @classmethod
    def from_s2(cls, raw: list[dict[str, Any]]) -> Matches:
        """From matches in Semantic Scholar's paper shape (``S2Client.search``)."""
        matches = []
        for paper in raw:
            ids = paper.get("externalIds") or {}
            authors = paper.get("authors") or []
            matches.append(
                Match(
                    paper_id=str(paper.get("paperId")),
                    title=paper.get("title"),
                    year=paper.get("year"),
                    authors=[a["name"] for a in authors],
                    arxiv=ids.get("ArXiv") if isinstance(ids, dict) else None,
                )
            )
        return cls(matches)

    def _json(self) -> JSON:
        return {"matches": [m.to_json() for m in self.matches]}
