"""The papers a reader knows: ``paperhop known list``."""

from __future__ import annotations

from dataclasses import dataclass

from . import JSON, Result

__all__ = ["KnownList"]


@dataclass(frozen=True)
class KnownList(Result):
    """``paperhop known list``: the keys in the known-papers file, sorted."""

    keys: list[str]

    def _json(self) -> JSON:
        return {"known": list(self.keys)}
