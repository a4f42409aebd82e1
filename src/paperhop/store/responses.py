"""Semantic Scholar's answers kept on disk: a repeated run asks nothing, and an offline one answers from here alone.

Only bytes are kept here. What an answer means, and whether one read back is whole (valid JSON, not too deep), is
for the client to judge (``sources.s2``), as it does for an answer from the network.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
from pathlib import Path

from .folder import write_bytes_atomic

__all__ = ["ResponseCache"]


class ResponseCache:
    """One JSON file per request, named by the request's hash. The API key is not part of a request's identity,
    and is never stored. ``offline``: the client asks nothing, and answers from here alone.

    An entry that cannot be read back (not a regular file, larger than the client accepts, unreadable) is
    damaged: ``get`` says so with a ValueError, and the client asks again and overwrites it, or, offline,
    reports it."""

    def __init__(self, folder: Path, *, offline: bool = False) -> None:
        self.folder = folder
        self.offline = offline

    def _path(self, request: tuple[object, ...]) -> Path:
        name = hashlib.sha256(json.dumps(request, sort_keys=True).encode()).hexdigest()
        return self.folder / f"{name}.json"

    def get(self, request: tuple[object, ...], max_bytes: int) -> bytes | None:
        """The answer kept for *request*, None if there is none; ValueError if there is one that cannot be read."""
        try:
            return _read_regular(self._path(request), max_bytes)
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise ValueError(f"cannot read a cached answer: {exc.strerror or exc}") from None

    def put(self, request: tuple[object, ...], answer: bytes) -> None:
        with contextlib.suppress(OSError):  # a cache that cannot be written only costs requests
            write_bytes_atomic(self._path(request), answer)


def _read_regular(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most *limit* bytes. Opened without blocking, and checked on the
    descriptor: a FIFO or a device in the cache folder is refused, never waited on or read forever."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with open(fd, "rb") as file:
        info = os.fstat(file.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            raise ValueError("not a regular file of a sensible size")
        return file.read(limit)
