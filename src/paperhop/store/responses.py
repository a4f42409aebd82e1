"""Semantic Scholar's answers kept on disk: a repeated run asks nothing, and an offline one answers from here alone.

Only bytes are kept here. What an answer means, and whether one read back is whole (valid JSON, not too deep), is
for the client to judge (``sources.s2``), as it does for an answer from the network. Like the index and the graph
cache beside it (``store.cache``), the folder is used only if it is ours and no one else can write to it, and no
link is followed in or out of it: another user's planted answers are never read, and nothing is written elsewhere.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path

from .cache import open_private_folder, open_trusted
from .files import write_bytes_at

__all__ = ["ResponseCache"]


class ResponseCache:
    """One JSON file per request, named by the request's hash. The API key is not part of a request's identity,
    and is never stored. ``offline``: the client asks nothing, and answers from here alone.

    An entry that cannot be read back (not a regular file, larger than the client accepts, unreadable) is
    damaged: ``get`` says so with a ValueError, and the client asks again and overwrites it, or, offline,
    reports it. In a folder that is not ours alone there is no entry, and none is written."""

    def __init__(self, folder: Path, *, offline: bool = False) -> None:
        self.folder = folder
        self.offline = offline

    def _path(self, request: tuple[object, ...]) -> Path:
        name = hashlib.sha256(json.dumps(request, sort_keys=True).encode()).hexdigest()
        return self.folder / f"{name}.json"

    def get(self, request: tuple[object, ...], max_bytes: int) -> bytes | None:
        """The answer kept for *request*, None if there is none; ValueError if there is one that cannot be read."""
        try:
            opened = open_trusted(self._path(request), refuse=True)
        except ValueError:
            raise ValueError("cannot read a cached answer: not a regular file of ours") from None
        if opened is None:
            return None
        fd, info = opened
        try:
            if info.st_size > max_bytes:
                raise ValueError("cannot read a cached answer: larger than any answer")
            data = bytearray()  # at most max_bytes, as stat said; a file that grew since is cut there
            while len(data) < max_bytes and (chunk := os.read(fd, max_bytes - len(data))):
                data += chunk
            return bytes(data)
        except OSError as exc:
            raise ValueError(f"cannot read a cached answer: {exc.strerror or exc}") from None
        finally:
            os.close(fd)

    def put(self, request: tuple[object, ...], answer: bytes) -> None:
        with contextlib.suppress(OSError):  # a cache that cannot be written only costs requests
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            fd = open_private_folder(self.folder)
            if fd is None:
                return
            try:
                write_bytes_at(fd, self._path(request), answer, mode=0o600)
            finally:
                os.close(fd)
