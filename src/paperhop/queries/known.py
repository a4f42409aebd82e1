"""The papers a reader knows, as ``paperhop known list`` shows them."""

from __future__ import annotations

from pathlib import Path

from ..results.known import KnownList
from ..store.known import default_known_file, read_known

__all__ = ["known_result"]


def known_result(path: Path | None) -> KnownList:
    """The keys in the known-papers file at *path* (default: the user's)."""
    return KnownList(read_known(path or default_known_file()))
