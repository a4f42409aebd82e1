"""The cache of built graphs: used when the content is the same, never trusted otherwise."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import networkx as nx
import pytest

from paperhop.graph import record
from paperhop.load import load
from paperhop.store import cache
from paperhop.store.folder import save_graph

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
    assert record(second, "alpha") == record(first, "alpha")


def test_a_change_to_the_files_makes_a_new_entry(cached: Path) -> None:
    load(cached)
    papers = cached / "papers.jsonl"
    papers.write_text(papers.read_text().replace("Alpha: The First Paper", "Alpha, Revised"))
    assert record(load(cached), "alpha").title == "Alpha, Revised"
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


def test_an_entry_is_checked_as_opened_not_by_its_path(cached: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 10, defect 6: another user swaps the entry between a check of the path and the open."""
    load(cached)
    [entry] = entries(cached)
    real_open = os.open

    def swap_then_open(path: str | Path, flags: int, *args: object, **kwargs: object) -> int:
        if str(path) == entry.name:
            planted = entry.with_name("planted")
            planted.write_bytes(pickle.dumps(nx.DiGraph(name="planted")))
            os.chmod(planted, 0o666)  # as if another user's: root, running the tests, owns every file
            os.replace(planted, entry)
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", swap_then_open)
    assert load(cached).graph["name"] == "graph"


def test_links_and_shared_folders_are_never_trusted(cached: Path, tmp_path: Path) -> None:
    load(cached)
    [entry] = entries(cached)
    planted = tmp_path / "elsewhere.pickle"
    planted.write_bytes(pickle.dumps(nx.DiGraph(name="planted")))
    os.chmod(planted, 0o600)
    entry.unlink()
    entry.symlink_to(planted)
    assert load(cached).graph["name"] == "graph"  # a link, even to our own private file, is not an entry

    entry.unlink()
    entry.write_bytes(pickle.dumps(nx.DiGraph(name="planted")))
    os.chmod(entry, 0o600)
    os.chmod(entry.parent, 0o777)  # a folder others can write: they could have put it there
    assert load(cached).graph["name"] == "graph"
    assert oct(entry.parent.stat().st_mode & 0o777) == "0o777"  # the user's folder, left as the user set it

    real = entry.parent.rename(tmp_path / "real-cache")
    (tmp_path / "cache").symlink_to(real)
    for old in real.glob("*.pickle"):
        old.write_bytes(pickle.dumps(nx.DiGraph(name="planted")))
    assert load(cached).graph["name"] == "graph"  # a cache folder that is a link is not ours to trust


def test_the_key_covers_every_source_file_of_the_package(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "a.py").write_text("A = 1\n")
    (package / "sub" / "b.py").write_text("B = 2\n")
    (package / "notes.txt").write_text("not code\n")
    first = cache.code_digest(package)
    (package / "notes.txt").write_text("still not code\n")
    assert cache.code_digest(package) == first
    (package / "sub" / "b.py").write_text("B = 3\n")
    assert cache.code_digest(package) != first
    (package / "sub" / "b.py").write_text("B = 2\n")
    assert cache.code_digest(package) == first
    (package / "sub" / "c.py").write_text("")
    assert cache.code_digest(package) != first


def test_the_key_changes_when_any_module_of_the_package_changes(
    cached: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The key hashes the whole package, wherever this module sits in it: edit any .py file, get a new key."""
    import shutil

    import paperhop
    from paperhop.store.folder import committed_files

    assert Path(paperhop.__file__).resolve().parent == cache.CODE
    copy = tmp_path / "copy"
    shutil.copytree(cache.CODE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "CODE", copy)

    def key() -> str:
        with committed_files(cached) as files:
            return cache.content_key(files)

    first = key()
    modules = sorted(copy.rglob("*.py"))
    assert {"__init__.py", "load.py", "store/cache.py", "cli/__init__.py"} <= {
        m.relative_to(copy).as_posix() for m in modules
    }
    for module in modules:
        source = module.read_bytes()
        module.write_bytes(source + b"\n")
        assert key() != first, module
        module.write_bytes(source)
    assert key() == first


def test_a_graph_that_changes_while_it_is_built_is_not_stored(cached: Path) -> None:
    def build_then_change() -> nx.DiGraph:
        G = load_with_no_cache()
        save_graph(tiny_data(), cached)  # the same records, written again: new files
        return G

    def load_with_no_cache() -> nx.DiGraph:
        from paperhop.load import read_graph

        return read_graph(cached)[0]

    cache.cached_graph(cached, build_then_change)
    assert entries(cached) == []
    cache.cached_graph(cached, load_with_no_cache)
    assert len(entries(cached)) == 1
