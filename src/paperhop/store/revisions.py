"""A graph as it is in a folder, or as it was at a git revision.

A revision comes from the command line, so it is never handed to git where
it could be read as an option (``--output=FILE`` makes ``git show`` write a
file): one starting with ``-`` is refused, and it goes to git only after
``--end-of-options``, to ``rev-parse --verify``, which answers with a commit id
or fails. Only that id reaches the commands that read (``ls-tree``,
``cat-file``), none of which writes. An unknown revision is an error, whatever
language git speaks.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import GraphDataError, Problem
from ..models import GraphData
from .folder import FILES, default_graph_path, load_graph

__all__ = ["graph_at"]

REGULAR = {b"100644", b"100755"}  # git's modes for a file; 120000 is a link, 160000 a submodule
TIMEOUT = 60  # seconds for one git command


@contextmanager
def graph_at(where: str, folder: Path | None) -> Iterator[GraphData]:
    """*where* is a graph folder, or a git revision of *folder* (default: the shipped graph)."""
    if os.path.isdir(where):
        yield load_graph(where, require_files=True)
        return
    if not where or where.startswith("-") or "\0" in where:
        raise GraphDataError([Problem(where, "not a graph folder or a git revision")])
    folder = (folder or default_graph_path()).resolve()
    top = _git(folder, "rev-parse", "--show-toplevel")
    if top is None:
        raise GraphDataError([Problem(where, f"not a graph folder, and {folder} is not in a git repository")])
    root = Path(os.fsdecode(top.rstrip(b"\n"))).resolve()
    commit = _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{where}^{{commit}}")
    if commit is None:
        raise GraphDataError([Problem(where, "not a graph folder or a git revision")])
    sha = commit.decode("ascii").strip()
    if not folder.is_relative_to(root):
        raise GraphDataError([Problem(str(folder), f"not inside the git repository at {root}")])
    inside = folder.relative_to(root).as_posix()
    tree = _git(root, "ls-tree", "-z", f"{sha}:{inside}" if inside != "." else sha)  # None: no such folder then
    blobs = {}
    for line in (tree or b"").split(b"\0"):
        if b"\t" in line:
            info, entry = line.split(b"\t", 1)
            blobs[os.fsdecode(entry)] = info.split(b" ")  # mode, type, object id
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / folder.name
        copy.mkdir()
        for name in FILES.values():
            if name not in blobs:
                continue  # absent at that revision
            mode, _, oid = blobs[name]
            content = _git(root, "cat-file", "blob", oid.decode("ascii")) if mode in REGULAR else None
            if content is None:
                raise GraphDataError([Problem(f"{where}:{inside}/{name}", "not a regular file at that revision")])
            (copy / name).write_bytes(content)
        yield load_graph(copy)


def _git(where: Path, *args: str) -> bytes | None:
    """What ``git -C where args`` prints, or None if it fails (or git cannot run)."""
    try:
        done = subprocess.run(["git", "-C", str(where), *args], capture_output=True, timeout=TIMEOUT)
    except (OSError, ValueError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None
