"""The one way in: load, read_graph, graph_at, and update for writers."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from paperhop.errors import GraphDataError, PaperhopError
from paperhop.load import Interrupted, graph_at, load, update
from paperhop.models import Edge, GraphData, Paper
from paperhop.store import folder as store

from .conftest import tiny_data

DELTA = Paper(key="delta", title="Delta Reads Gamma", year=2021)


def add_delta(data: GraphData) -> str:
    data.papers["delta"] = DELTA
    data.edges.append(Edge(source="gamma", target="delta", kind="cites"))
    return "grew"


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_update_changes_the_records_and_saves_them(tiny_graph_dir: Path) -> None:
    assert update(tiny_graph_dir, add_delta) == "grew"
    assert load(tiny_graph_dir).has_edge("gamma", "delta")


def test_update_makes_a_graph_where_there_is_none(tmp_path: Path) -> None:
    update(tmp_path / "new", lambda data: data.papers.update(delta=DELTA))
    assert sorted(files(tmp_path / "new")) == ["concepts.jsonl", "edges.jsonl", "papers.jsonl"]
    assert list(load(tmp_path / "new")) == ["delta"]


def test_update_saves_nothing_if_the_change_fails_or_breaks_a_rule(tiny_graph_dir: Path) -> None:
    before = files(tiny_graph_dir)

    def fail(data: GraphData) -> None:
        add_delta(data)
        raise PaperhopError("no answer")

    with pytest.raises(PaperhopError, match="no answer"):
        update(tiny_graph_dir, fail)
    with pytest.raises(GraphDataError, match="no paper or concept 'ghost'"):
        update(tiny_graph_dir, lambda data: data.edges.append(Edge(source="ghost", target="alpha", kind="cites")))
    assert files(tiny_graph_dir) == before


@pytest.mark.parametrize(("after_marker", "saved"), [(False, False), (True, True)])
def test_an_interrupted_update_says_whether_the_change_stands(
    tiny_graph_dir: Path, monkeypatch: pytest.MonkeyPatch, after_marker: bool, saved: bool
) -> None:
    real_replace = os.replace

    def interrupted(src: str, dst: str, **kwargs: int) -> None:
        if dst == store.COMMIT and after_marker:
            real_replace(src, dst, **kwargs)
        raise KeyboardInterrupt

    monkeypatch.setattr(store.os, "replace", interrupted)
    with pytest.raises(Interrupted) as caught:
        update(tiny_graph_dir, add_delta)
    monkeypatch.undo()
    assert caught.value.saved is saved
    assert str(caught.value) == f"interrupted; the graph was {'saved' if saved else 'not changed'}"
    assert isinstance(caught.value, KeyboardInterrupt)
    assert ("delta" in load(tiny_graph_dir)) is saved


def git(repo: Path, *args: str) -> str:
    command = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org", *args]
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


def test_graph_at_a_folder_or_a_revision(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    git(tmp_path, "commit", "-qm", "nothing yet", "--allow-empty")
    store.save_graph(tiny_data(), tmp_path / "g")
    git(tmp_path, "add", "g")
    git(tmp_path, "commit", "-qm", "tiny")
    update(tmp_path / "g", add_delta)
    with graph_at(str(tmp_path / "g")) as now, graph_at("HEAD", tmp_path / "g") as then:
        assert ("delta" in now.papers, "delta" in then.papers) == (True, False)
    with graph_at("HEAD~1", tmp_path / "g") as before:
        assert before.papers == {}


def test_the_writers_lock_leaves_nothing_for_git_to_see(tmp_path: Path) -> None:
    """The lock is flock(2) on the folder itself: no lock file, no temporary file, before or after a save."""

    def status() -> str:
        return git(tmp_path, "status", "--porcelain", "--untracked-files=all", "--ignored")

    git(tmp_path, "init", "-q")
    store.init_graph(tmp_path / "g")
    assert status() == "?? g/concepts.jsonl\n?? g/edges.jsonl\n?? g/papers.jsonl\n"
    git(tmp_path, "add", "g")
    git(tmp_path, "commit", "-qm", "empty graph")
    with store.graph_lock(tmp_path / "g"):
        assert status() == ""
    update(tmp_path / "g", lambda data: data.papers.update(delta=DELTA))
    assert status() == " M g/papers.jsonl\n"
