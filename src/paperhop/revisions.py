"""A graph as it is in a folder, or as it was at a git revision."""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import GraphDataError, Problem
from .store import FILES, GraphData, default_graph_path, load_graph

__all__ = ["graph_at"]


@contextmanager
def graph_at(where: str, folder: Path | None) -> Iterator[GraphData]:
    """*where* is a graph folder, or a git revision of *folder* (default: the shipped graph)."""
    if Path(where).is_dir():
        yield load_graph(where)
        return
    folder = (folder or default_graph_path()).resolve()
    try:
        top = subprocess.run(
            ["git", "-C", str(folder), "rev-parse", "--show-toplevel"], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        raise GraphDataError([Problem(where, f"not a graph folder, and {folder} is not in a git repository")]) from None
    inside = folder.relative_to(Path(top).resolve()).as_posix()
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / folder.name
        copy.mkdir()
        for name in FILES.values():
            shown = subprocess.run(["git", "-C", top, "show", f"{where}:{inside}/{name}"], capture_output=True)
            if shown.returncode == 0:
                (copy / name).write_bytes(shown.stdout)
            elif (
                b"invalid object name" in shown.stderr
                or b"unknown revision" in shown.stderr
                or b"bad revision" in shown.stderr
            ):
                raise GraphDataError([Problem(where, "not a graph folder or a git revision")])
        yield load_graph(copy)
