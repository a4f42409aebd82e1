"""The papers a reader already knows, kept in a file of keys, one a line.

Where: ``--known-file PATH``, else ``$PAPERHOP_CONFIG_DIR/known.txt``, else
``$XDG_CONFIG_HOME/paperhop/known.txt``, else ``~/.config/paperhop/known.txt``.
A file that cannot be read (not UTF-8, a FIFO, a folder) is a ReadError; one
that cannot be written, a WriteError: one line each, never a traceback or a hang.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from .files import read_text_file, write_text_atomic

__all__ = ["change_known", "default_known_file", "read_known", "write_known"]


def default_known_file() -> Path:
    if os.environ.get("PAPERHOP_CONFIG_DIR"):
        return Path(os.environ["PAPERHOP_CONFIG_DIR"]) / "known.txt"
    base = os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config"
    return Path(base) / "paperhop" / "known.txt"


def read_known(path: Path) -> list[str]:
    """The keys in *path* (none if it does not exist); blank lines and # comments are skipped."""
    text = read_text_file(path, missing_ok=True)
    lines = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return sorted({line for line in lines if line})


def write_known(path: Path, keys: set[str]) -> None:
    write_text_atomic(path, "".join(f"{key}\n" for key in sorted(keys)))


def change_known(path: Path | None, keys: Iterable[str], *, add: bool) -> Path:
    """Add *keys* to the known-papers file at *path* (default: the user's), or with ``add=False`` remove
    them; the file's path."""
    path = path or default_known_file()
    before = set(read_known(path))
    write_known(path, before | set(keys) if add else before - set(keys))
    return path
