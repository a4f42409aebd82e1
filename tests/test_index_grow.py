"""An index grown in place (``paperhop.index``): when a graph's files only gained lines since its last index was
built, the first command after adds their rows to a copy of that index, instead of reading the whole graph.

A grown index must hold exactly the rows a fresh build holds, and answer exactly what memory answers; lines that
break a rule, or that the last index cannot vouch for, take the whole graph's path, which says what is wrong.
"""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from paperhop import index as store_index
from paperhop.errors import GraphDataError
from paperhop.index import build_index, open_index
from paperhop.index.source import IndexSource
from paperhop.load import load
from paperhop.models import GraphData
from paperhop.queries import paths as memory
from paperhop.store.folder import FILES, default_graph_path, load_graph, save_graph
from paperhop.store.jsonl import dump_records

from .test_index import cache_in, check_same, graphs, index_list

TABLES = ("meta", "nodes", "edges", "names", "ids", "arrays")


def rows(db: sqlite3.Connection) -> dict[str, list[tuple[object, ...]]]:
    """Every row of the index *db*, sorted (a grown index holds its rows in another order)."""
    return {table: sorted(db.execute(f"SELECT * FROM {table}")) for table in TABLES}


def fresh_rows(folder: Path, ix_meta: dict[str, str]) -> dict[str, list[tuple[object, ...]]]:
    """The rows a fresh build of *folder* holds, under the key and file hashes of *ix_meta*."""
    with closing(sqlite3.connect(":memory:")) as db:
        build_index(db, load(folder), ix_meta["key"], files=orjson.loads(ix_meta["files"]))
        return rows(db)


def grown(folder: Path) -> bool:
    """Whether opening *folder*'s index (the first time since its files changed) grows the last one in place."""
    real, grew = store_index._grow, []

    def watched(*args: Any, **kwargs: Any) -> store_index.Index | None:
        found = real(*args, **kwargs)
        grew.append(found is not None)
        return found

    store_index._grow = watched
    try:
        open_index(folder).close()
    finally:
        store_index._grow = real
    return grew == [True]


@pytest.fixture
def folder(tmp_path: Path) -> Iterator[Path]:
    """A copy of the shipped graph, indexed, in a cache of its own (in effect for the test)."""
    folder = tmp_path / "graph"
    save_graph(load_graph(default_graph_path()), folder)
    with cache_in(tmp_path / "cache"):
        open_index(folder).close()
        yield folder


def append(folder: Path, name: str, text: str) -> None:
    with (folder / FILES[name]).open("a", encoding="utf-8") as handle:
        handle.write(text)


@settings(max_examples=40, deadline=None)
@given(graphs(), st.data())
def test_a_graph_that_only_gained_lines_gets_the_index_a_fresh_build_gives(
    data: GraphData, drawn: st.DataObject
) -> None:
    """Some papers and concepts of a graph, with the edges among them, then the rest appended: the same rows as a
    fresh build (the reading arrays included), and the same answers as memory. A ``builds_on`` link appended, or a link between two papers
    already linked, takes the whole graph's path."""
    nodes = sorted([*data.papers, *data.concepts])
    later = drawn.draw(st.sets(st.sampled_from(nodes), max_size=len(nodes) - 1))
    edges_later = [e for e in data.edges if e.source in later or e.target in later]
    edges_later += (
        drawn.draw(
            st.sets(st.sampled_from(range(len(data.edges))), max_size=3).map(
                lambda picked: [data.edges[i] for i in sorted(picked) if data.edges[i] not in edges_later]
            )
        )
        if data.edges
        else []
    )
    before = GraphData(
        data.name,
        {k: p for k, p in data.papers.items() if k not in later},
        {k: c for k, c in data.concepts.items() if k not in later},
        [e for e in data.edges if e not in edges_later],
    )
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "graph"
        save_graph(before, folder)
        with cache_in(Path(tmp) / "cache"):
            open_index(folder).close()
            append(folder, "papers", dump_records(p for k, p in sorted(data.papers.items()) if k in later))
            append(folder, "concepts", dump_records(c for k, c in sorted(data.concepts.items()) if k in later))
            append(folder, "edges", dump_records(edges_later))
            is_grown = grown(folder)
            event("grown in place" if is_grown else "read whole")
            with open_index(folder) as ix:
                meta = dict(ix.db.execute("SELECT name, value FROM meta"))
                assert rows(ix.db) == fresh_rows(folder, meta)
            appended = bool(later or edges_later)
            linked = {(e.source, e.target) for e in before.edges}
            vouched = not any(e.kind == "builds_on" or (e.source, e.target) in linked for e in edges_later)
            assert is_grown == (appended and vouched)
            check_same(folder)


def test_the_shipped_graph_grows_by_a_paper_a_concept_and_their_links(folder: Path) -> None:
    append(folder, "papers", '{"key": "newp", "title": "A new video model", "year": 2025, "arxiv": "2501.00001"}\n')
    append(folder, "concepts", '{"key": "newc", "name": "A new idea", "description": "d"}\n')
    append(
        folder,
        "edges",
        '{"source": "sora", "target": "newp", "kind": "cites"}\n'
        '{"source": "vit", "target": "newp", "kind": "cites", "s2": {"influential": true}}\n'
        '{"source": "newp", "target": "newc", "kind": "introduces"}\n'
        '{"source": "newc", "target": "dit", "kind": "uses", "note": "as a test"}\n',
    )
    assert grown(folder)
    with open_index(folder) as ix:
        assert index_list(ix, "newp")[-2:] == ["sora-review", "sora"]
        assert IndexSource(ix).resolve("2501.00001") == IndexSource(ix).resolve("a new video model") == "newp"
    check_same(folder, targets=["newp", "newc", "dit", "sora", "vit"])


@pytest.mark.parametrize(
    ("name", "line", "says"),
    [
        ("papers", '{"key": "vit", "title": "Again", "year": 2020}', "duplicate key"),
        ("papers", '{"key": "vit2", "title": "V", "year": 2020, "aliases": ["Vision Transformer"]}', "also 'vit'"),
        ("papers", '{"key": "vit2", "title": "V", "year": 2020, "arxiv": "2010.11929"}', None),
        ("concepts", '{"key": "sora", "name": "S", "description": "d"}', "both a paper and a concept"),
        ("edges", '{"source": "vit", "target": "nowhere", "kind": "cites"}', "nowhere"),
        ("edges", '{"source": "vit", "target": "vivit", "kind": "cites"}', "duplicate"),
        ("edges", '{"source": "vit", "target": "sora", "kind": "builds_on", "note": "n"}', None),
        ("edges", '{"source": "sora", "target": "vit", "kind": "builds_on", "note": "n"}', "cycle"),
        ("edges", '{"source": "vit", "target": "vit", "kind": "cites"}', "itself"),
        ("edges", "{not json", "edges.jsonl:"),
    ],
)
def test_lines_the_last_index_cannot_vouch_for_take_the_whole_graphs_path(
    folder: Path, name: str, line: str, says: str | None
) -> None:
    """Each of these is read with the whole graph: an error says what it says without an index (its line, the
    first one), and a valid graph gets the index a fresh build gives (with its reading arrays)."""
    append(folder, name, line + "\n")
    if says is None:
        assert not grown(folder)
        with open_index(folder) as ix:
            assert rows(ix.db) == fresh_rows(folder, dict(ix.db.execute("SELECT name, value FROM meta")))
        return
    with pytest.raises(GraphDataError) as raised:
        open_index(folder)
    with pytest.raises(GraphDataError) as without:
        load(folder)
    assert str(raised.value) == str(without.value)
    assert says in str(raised.value)


@pytest.mark.parametrize("change", ["a line changed", "no newline before the new line", "a file emptied"])
def test_files_that_did_more_than_grow_are_read_whole(folder: Path, change: str) -> None:
    papers = folder / FILES["papers"]
    text = papers.read_text(encoding="utf-8")
    if change == "a line changed":
        papers.write_text(text.replace('"title": "An Image is Worth', '"title": "A Picture is Worth', 1))
    elif change == "no newline before the new line":
        papers.write_text(text.rstrip("\n"))
        open_index(folder).close()
        papers.write_text(text.rstrip("\n") + '\n{"key": "newp", "title": "New", "year": 2025}\n')
    else:
        (folder / FILES["concepts"]).write_text("")
        (folder / FILES["edges"]).write_text("")
    assert not grown(folder)
    with open_index(folder) as ix:
        assert rows(ix.db) == fresh_rows(folder, dict(ix.db.execute("SELECT name, value FROM meta")))


def test_a_whole_reading_list_without_reading_arrays_is_memorys(folder: Path) -> None:
    """A large graph's grown index has no reading arrays until a detached process adds them: meanwhile the whole
    list walks the index's edges, and gives the same list, for every target."""
    append(folder, "papers", '{"key": "newp", "title": "A new video model", "year": 2025}\n')
    append(folder, "edges", '{"source": "sora", "target": "newp", "kind": "cites"}\n')
    G = load(folder)
    copy = sqlite3.connect(":memory:")
    with open_index(folder) as ix:
        ix.db.backup(copy)
        key, name, fields = ix.key, ix.graph, ix.fields
    copy.execute("DELETE FROM arrays")
    with store_index.Index(copy, key=key, graph=name, path=None, fields=fields) as without:
        for target in G:
            for via in memory.VIA:
                assert index_list(without, target, via=via) == memory.reading_list(G, target, via=via)


def test_a_last_index_of_other_bytes_is_never_grown(tmp_path: Path) -> None:
    """The record of a folder's last index only names a candidate: the files' first bytes must hash to what that
    index was built from. Here it names the index of another folder, whose files are a prefix in size only."""
    from paperhop import index as store_index

    ours, theirs = tmp_path / "ours", tmp_path / "theirs"
    data = load_graph(default_graph_path())
    save_graph(data, ours)
    save_graph(data, theirs)
    papers = theirs / FILES["papers"]
    papers.write_text(papers.read_text(encoding="utf-8").replace("Image", "Imago"), encoding="utf-8")
    with cache_in(tmp_path / "cache"):
        open_index(ours).close()
        with open_index(theirs) as ix:
            their_key = ix.key
        code = store_index._code()
        store_index._last(ours, code).write_text(their_key)  # our last index, as far as the record says: theirs
        base = store_index._last_index(ours, code)
        assert base is not None
        assert base.ix.key == their_key
        base.ix.close()
        append(ours, "papers", '{"key": "newp", "title": "A new video model", "year": 2025}\n')
        assert not grown(ours)
        with open_index(ours) as ix:
            assert ix.db.execute("SELECT title FROM nodes WHERE key = 'vit'").fetchone()[0].startswith("An Image")
            assert rows(ix.db) == fresh_rows(ours, dict(ix.db.execute("SELECT name, value FROM meta")))


def test_a_file_that_was_not_there_may_come_with_new_lines(tmp_path: Path) -> None:
    folder = tmp_path / "graph"
    save_graph(load_graph(default_graph_path()), folder)
    concepts = (folder / FILES["concepts"]).read_text(encoding="utf-8")
    (folder / FILES["concepts"]).unlink()
    edges = folder / FILES["edges"]
    edges.write_text(
        "".join(line + "\n" for line in edges.read_text(encoding="utf-8").splitlines() if '"kind": "cites"' in line),
        encoding="utf-8",
    )
    with cache_in(tmp_path / "cache"):
        open_index(folder).close()
        (folder / FILES["concepts"]).write_text(concepts, encoding="utf-8")
        assert grown(folder)
        with open_index(folder) as ix:
            assert rows(ix.db) == fresh_rows(folder, dict(ix.db.execute("SELECT name, value FROM meta")))
