from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

from paperhop.errors import GraphDataError
from paperhop.store import GraphData, load_graph, save_graph

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


def test_a_save_interrupted_while_swapping_is_completed_by_the_next_load(
    tiny_graph_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_replace = os.replace
    swapped: list[str] = []

    def replace_then_die(src: str | Path, dst: str | Path) -> None:
        if str(dst).endswith(".jsonl") and swapped:
            raise KeyboardInterrupt  # after the first data file was swapped in
        if str(dst).endswith(".jsonl"):
            swapped.append(str(dst))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace_then_die)
    with pytest.raises(KeyboardInterrupt):
        save_graph(_smaller(tiny_data()), tiny_graph_dir)
    monkeypatch.undo()
    assert len(swapped) == 1

    data = load_graph(tiny_graph_dir)  # rolls the save forward
    assert data.papers.keys() == {"alpha", "beta"}
    assert all("gamma" not in (e.source, e.target) for e in data.edges)
    assert sorted(p.name for p in tiny_graph_dir.iterdir()) == ["concepts.jsonl", "edges.jsonl", "papers.jsonl"]


def test_plain_citations_are_read_without_models_and_still_checked(tmp_path: Path) -> None:
    from paperhop.graph import read_graph

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
        "edges.jsonl:11 (1 -> gamma): source: Input should be a valid string",
        "edges.jsonl:12 (alpha -> gamma): extra: Extra inputs are not permitted",
        "edges.jsonl:14: not valid JSON: Expecting ':' delimiter at column 29",
        "edges.jsonl:15: not valid JSON: NaN and Infinity are not JSON",
        "edge alpha -> gamma (cites): duplicate edge",
        "edge alpha -> idea (cites): a cites edge goes paper -> paper, not paper -> concept",
        "edge gamma -> gamma (cites): edge from gamma to itself",
        "edge ghost -> gamma (cites): no paper or concept 'ghost'",
    ]
    assert "ghost" not in G
    assert not G.has_edge("gamma", "gamma")
    assert G["alpha"]["gamma"] == {}
    assert set(G["alpha"]["idea"]) == {"links", "weight"}  # the introduces link survives, the citation does not
    with pytest.raises(GraphDataError, match=r"edges\.jsonl:11"):
        load_graph(tmp_path)
