from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

from paperhop.errors import GraphDataError
from paperhop.models import GraphData
from paperhop.store.folder import graph_lock, load_graph, save_graph

from .conftest import tiny_data


def test_a_saved_graph_loads_back_equal(tiny_graph_dir: Path) -> None:
    data = load_graph(tiny_graph_dir)
    expected = tiny_data()
    assert data.name == "tiny"
    assert data.papers == expected.papers
    assert data.concepts == expected.concepts
    assert sorted(data.edges, key=repr) == sorted(expected.edges, key=repr)


def test_files_are_one_sorted_record_per_line(tiny_graph_dir: Path) -> None:
    lines = (tiny_graph_dir / "papers.jsonl").read_text(encoding="utf-8").splitlines()
    assert [line.split('"')[3] for line in lines] == ["alpha", "beta", "gamma"]
    assert lines[0].startswith('{"key": "alpha", "name": "Alpha", "title"')


def test_saving_is_byte_identical_whatever_the_input_order(tmp_path: Path) -> None:
    data = tiny_data()
    save_graph(data, tmp_path / "a")
    rng = random.Random(7)
    papers = list(data.papers.items())
    rng.shuffle(papers)
    edges = list(data.edges)
    rng.shuffle(edges)
    save_graph(GraphData("tiny", dict(papers), data.concepts, edges), tmp_path / "b")
    for name in ("papers.jsonl", "concepts.jsonl", "edges.jsonl"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_a_bad_record_is_named_by_file_line_key_and_field(tiny_graph_dir: Path) -> None:
    path = tiny_graph_dir / "papers.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace('"year": 2018', '"year": "2018"')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(GraphDataError) as caught:
        load_graph(tiny_graph_dir)
    assert str(caught.value) == "papers.jsonl:2 (beta): year: Input should be a valid integer"


def test_every_problem_is_collected(tiny_graph_dir: Path) -> None:
    with (tiny_graph_dir / "papers.jsonl").open("a", encoding="utf-8") as handle:
        handle.write('{"key": "alpha", "title": "Again", "year": 2000}\n')
        handle.write("{not json\n")
        handle.write("[1, 2]\n")
    with pytest.raises(GraphDataError) as caught:
        load_graph(tiny_graph_dir)
    messages = [str(p) for p in caught.value.problems]
    assert messages == [
        "papers.jsonl:4: duplicate key 'alpha' (first at papers.jsonl:1)",
        "papers.jsonl:5: not valid JSON: Expecting property name enclosed in double quotes at column 2",
        "papers.jsonl:6: a record must be a JSON object",
    ]
    assert str(caught.value).endswith("(and 2 more problems)")


def test_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(GraphDataError, match="no such graph folder"):
        load_graph(tmp_path / "nope")


def _smaller(data: GraphData) -> GraphData:
    data.papers.pop("gamma")
    data.edges = [e for e in data.edges if "gamma" not in (e.source, e.target)]
    return data


def test_a_save_interrupted_while_writing_leaves_the_graph_as_it_was(
    tiny_graph_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = {p.name: p.read_bytes() for p in tiny_graph_dir.iterdir()}
    real_fsync = os.fsync
    calls = []

    def fsync_then_die(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 2:  # the second file
            raise KeyboardInterrupt
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync_then_die)
    with pytest.raises(KeyboardInterrupt):
        save_graph(_smaller(tiny_data()), tiny_graph_dir)
    monkeypatch.undo()
    assert {p.name: p.read_bytes() for p in tiny_graph_dir.iterdir()} == before


def _interrupt_the_swap(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Save a smaller graph into *folder*, stopped after its first data file was swapped in."""
    real_replace = os.replace
    swapped: list[str] = []

    def replace_then_die(src: str, dst: str, **dir_fds: int) -> None:
        if str(dst).endswith(".jsonl") and swapped:
            raise KeyboardInterrupt  # after the first data file was swapped in
        if str(dst).endswith(".jsonl"):
            swapped.append(str(dst))
        real_replace(src, dst, **dir_fds)

    monkeypatch.setattr(os, "replace", replace_then_die)
    with pytest.raises(KeyboardInterrupt):
        save_graph(_smaller(tiny_data()), folder)
    monkeypatch.undo()
    assert len(swapped) == 1


def _smaller_graph_was_read(data: GraphData) -> None:
    assert data.papers.keys() == {"alpha", "beta"}
    assert all("gamma" not in (e.source, e.target) for e in data.edges)


def test_a_save_interrupted_while_swapping_reads_as_committed_and_the_next_writer_completes_it(
    tiny_graph_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _interrupt_the_swap(tiny_graph_dir, monkeypatch)
    pending = {p.name: p.read_bytes() for p in tiny_graph_dir.iterdir()}
    assert ".paperhop-commit" in pending

    _smaller_graph_was_read(load_graph(tiny_graph_dir))  # the commit as it will be, read in place
    assert {p.name: p.read_bytes() for p in tiny_graph_dir.iterdir()} == pending  # a reader never writes

    with graph_lock(tiny_graph_dir):  # a writer rolls the save forward before it reads
        assert sorted(p.name for p in tiny_graph_dir.iterdir()) == ["concepts.jsonl", "edges.jsonl", "papers.jsonl"]
        _smaller_graph_was_read(load_graph(tiny_graph_dir))


def test_a_writer_into_a_new_folder_keeps_the_commit_an_interrupted_one_left(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 10, defect 7: the first save into a new folder killed after its marker, then a second writer."""
    folder = tmp_path / "new"
    _interrupt_the_swap(folder, monkeypatch)
    assert not (folder / "edges.jsonl").exists()
    with graph_lock(folder):
        assert any(folder.glob("*.jsonl"))  # what a writer sees is the first save, complete
        data = load_graph(folder)
        data.papers["delta"] = data.papers["alpha"].model_copy(update={"key": "delta"})
        save_graph(data, folder)
    assert load_graph(folder).papers.keys() == {"alpha", "beta", "delta"}


def test_no_lock_file_is_left_and_a_second_writer_is_refused(tiny_graph_dir: Path) -> None:
    import threading

    before = sorted(p.name for p in tiny_graph_dir.iterdir())
    refused: list[BaseException] = []

    def second_writer() -> None:
        try:
            save_graph(tiny_data(), tiny_graph_dir)
        except GraphDataError as exc:
            refused.append(exc)

    with graph_lock(tiny_graph_dir):
        save_graph(_smaller(tiny_data()), tiny_graph_dir)  # the holder itself may save
        with pytest.raises(GraphDataError, match="another paperhop is writing this graph"), graph_lock(tiny_graph_dir):
            pass
        thread = threading.Thread(target=second_writer)
        thread.start()
        thread.join()
    assert [str(e) for e in refused] == [
        f"{tiny_graph_dir}: another paperhop is writing this graph; try again after it"
    ]
    assert sorted(p.name for p in tiny_graph_dir.iterdir()) == before
    save_graph(tiny_data(), tiny_graph_dir)  # and released


def test_two_readers_and_a_writer_at_once_never_fail(tiny_graph_dir: Path) -> None:
    """Readers open a consistent snapshot while a writer swaps files: never FileNotFoundError, never a mix."""
    import threading

    big, small = tiny_data(), _smaller(tiny_data())
    stop = threading.Event()
    failures: list[BaseException] = []

    def read() -> None:
        while not stop.is_set():
            try:
                data = load_graph(tiny_graph_dir)
                assert len(data.papers) in (2, 3)
                assert len(data.edges) == (5 if len(data.papers) == 3 else 3)  # never one file old, one new
            except BaseException as exc:
                failures.append(exc)
                return

    readers = [threading.Thread(target=read) for _ in range(2)]
    for reader in readers:
        reader.start()
    for i in range(60):
        save_graph(big if i % 2 else small, tiny_graph_dir)
    stop.set()
    for reader in readers:
        reader.join()
    assert failures == []


def test_plain_citations_are_read_without_models_and_still_checked(tmp_path: Path) -> None:
    from paperhop.load import read_graph

    data = tiny_data()
    save_graph(data, tmp_path)
    with (tmp_path / "edges.jsonl").open("a", encoding="utf-8") as handle:
        handle.write('{"source": "alpha", "target": "gamma", "kind": "cites"}\n')  # fine
        handle.write('{"source": "alpha", "target": "gamma", "kind": "cites"}\n')  # again
        handle.write('{"source": "ghost", "target": "gamma", "kind": "cites"}\n')
        handle.write('{"source": "alpha", "target": "idea", "kind": "cites"}\n')
        handle.write('{"source": "gamma", "target": "gamma", "kind": "cites"}\n')
        handle.write('{"source": 1, "target": "gamma", "kind": "cites"}\n')
        handle.write('{"source": "alpha", "target": "gamma", "kind": "cites", "extra": 1}\n')
        handle.write("\n")
        handle.write('{"source": "alpha", "target"\n')
        handle.write('{"source": "alpha", "target": NaN, "kind": "cites"}\n')
    G, problems = read_graph(tmp_path)
    assert [str(p) for p in problems] == [
        "edges.jsonl:7 (alpha -> gamma): duplicate edge (first at edges.jsonl:6)",
        "edges.jsonl:8 (ghost -> gamma): no paper or concept 'ghost'",
        "edges.jsonl:9 (alpha -> idea): a cites edge goes paper -> paper, not paper -> concept",
        "edges.jsonl:10 (gamma -> gamma): edge from gamma to itself",
        "edges.jsonl:11 (1 -> gamma): source: Input should be a valid string",
        "edges.jsonl:12 (alpha -> gamma): extra: unknown field (edge fields: source, target, kind, note, reference, s2)",
        "edges.jsonl:14: not valid JSON: Expecting ':' delimiter at column 29",
        "edges.jsonl:15: not valid JSON: NaN and Infinity are not JSON",
    ]
    assert "ghost" not in G
    assert not G.has_edge("gamma", "gamma")
    assert G["alpha"]["gamma"] == {}
    assert set(G["alpha"]["idea"]) == {"kind", "kinds", "weight"}  # the introduces link survives, the citation does not
    with pytest.raises(GraphDataError, match=r"edges\.jsonl:11"):
        load_graph(tmp_path)
