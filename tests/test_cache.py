"""The cache of built graphs: used when the content is the same, never trusted otherwise."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import networkx as nx
import pytest

from paperhop import cache
from paperhop.graph import load
from paperhop.store import save_graph

from .conftest import tiny_data


@pytest.fixture
def cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private cache folder, a tiny graph counted as large enough, and writes in this process."""
    monkeypatch.setenv("PAPERHOP_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("PAPERHOP_NO_CACHE", raising=False)
    monkeypatch.setattr(cache, "MIN_BYTES", 0)
    monkeypatch.setattr(cache, "_store_in_background", cache._store)
    save_graph(tiny_data(), tmp_path / "graph")
    return tmp_path / "graph"


def entries(folder: Path) -> list[Path]:
    return sorted((folder.parent / "cache").glob("*.pickle"))


def test_a_second_load_comes_from_the_cache(cached: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = load(cached)
    [entry] = entries(cached)
    assert oct(entry.stat().st_mode & 0o777) == "0o600"
    assert oct(entry.parent.stat().st_mode & 0o777) == "0o700"
    monkeypatch.setattr(cache, "_store", lambda *a: pytest.fail("should not rebuild"))
    second = load(cached)
    assert second is not first
    assert nx.utils.graphs_equal(first, second)
    assert second.nodes["alpha"]["record"] == first.nodes["alpha"]["record"]


def test_a_change_to_the_files_makes_a_new_entry(cached: Path) -> None:
    load(cached)
    papers = cached / "papers.jsonl"
    papers.write_text(papers.read_text().replace("Alpha: The First Paper", "Alpha, Revised"))
    assert load(cached).nodes["alpha"]["record"].title == "Alpha, Revised"
    assert len(entries(cached)) == 2


def test_an_entry_others_could_write_is_never_loaded(cached: Path) -> None:
    load(cached)
    [entry] = entries(cached)
    planted = nx.DiGraph(name="planted")
    entry.write_bytes(pickle.dumps(planted))
    os.chmod(entry, 0o666)
    assert load(cached).graph["name"] == "graph"  # rebuilt, and the entry written again, privately
    entry.write_bytes(pickle.dumps(planted))  # the same bytes, in a file only we can write: trusted
    assert load(cached).graph["name"] == "planted"


def test_a_damaged_entry_is_rebuilt(cached: Path) -> None:
    load(cached)
    [entry] = entries(cached)
    entry.write_bytes(b"not a pickle")
    assert load(cached).number_of_nodes() == 4


def test_small_graphs_and_no_cache_skip_it(cached: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAPERHOP_NO_CACHE", "1")
    load(cached)
    assert entries(cached) == []
    monkeypatch.delenv("PAPERHOP_NO_CACHE")
    monkeypatch.setattr(cache, "MIN_BYTES", 1 << 30)
    load(cached)
    assert entries(cached) == []


def test_the_background_writer_leaves_an_entry_and_no_zombie(cached: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.undo()  # the real background writer
    monkeypatch.setenv("PAPERHOP_CACHE_DIR", str(cached.parent / "cache"))
    monkeypatch.setattr(cache, "MIN_BYTES", 0)
    monkeypatch.setattr(cache.threading, "active_count", lambda: 1)
    load(cached)
    for _ in range(100):
        if entries(cached):
            break
        import time

        time.sleep(0.05)
    assert len(entries(cached)) == 1
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # no child of ours is left
