"""The index (paperhop.index) and the answers given from it (index.source, through reader.Reader).

Every indexed answer must be exactly the in-memory answer: checked on random
graphs with cycles, curated and concept links, every --via and known papers,
and on a sample of cit-HepTh (tests/fixtures/cit-hepth-sample: the citations
among its papers 0-199, years made up as 1992 + id % 5).
"""

from __future__ import annotations

import os
import sqlite3
import stat
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paperhop import engine, render
from paperhop import index as store_index
from paperhop.errors import GraphDataError, NoPath, PaperhopError
from paperhop.graph import record
from paperhop.index import build, open_index
from paperhop.index.source import IndexSource
from paperhop.load import load
from paperhop.models import Concept, Edge, GraphData, Paper, Reference, S2Evidence
from paperhop.queries import paths as memory
from paperhop.reader import Reader
from paperhop.store.folder import save_graph

HEPTH = Path(__file__).parent / "fixtures" / "cit-hepth-sample"


@contextmanager
def cache_in(folder: Path) -> Iterator[None]:
    old = os.environ.get("PAPERHOP_CACHE_DIR")
    os.environ["PAPERHOP_CACHE_DIR"] = str(folder)
    try:
        yield
    finally:
        if old is None:
            del os.environ["PAPERHOP_CACHE_DIR"]
        else:
            os.environ["PAPERHOP_CACHE_DIR"] = old


@st.composite
def graphs(draw: st.DrawFn) -> GraphData:
    n = draw(st.integers(2, 10))
    years = draw(st.lists(st.integers(2000, 2003), min_size=n, max_size=n))
    papers = {f"p{i}": Paper(key=f"p{i}", title=f"Paper {i}", year=years[i]) for i in range(n)}
    m = draw(st.integers(0, 2))
    concepts = {f"c{i}": Concept(key=f"c{i}", name=f"Idea {i}", description="d") for i in range(m)}
    pairs = st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)).filter(lambda p: p[0] != p[1])
    cites = draw(st.sets(pairs, max_size=3 * n))  # any direction: cycles come
    curated = draw(st.sets(pairs.filter(lambda p: p[0] < p[1]), max_size=n))  # builds_on may not cycle
    noted = draw(st.sets(st.sampled_from(sorted(cites)), max_size=2)) if cites else set()  # with evidence
    edges = [
        Edge(source=f"p{u}", target=f"p{v}", kind="cites", **_evidence(u, v) if (u, v) in noted else {})
        for u, v in sorted(cites)
    ]
    edges += [Edge(source=f"p{u}", target=f"p{v}", kind="builds_on", note=f"{u} to {v}") for u, v in sorted(curated)]
    for c in range(m):
        for i in draw(st.sets(st.integers(0, n - 1), max_size=2)):
            edges.append(Edge(source=f"p{i}", target=f"c{c}", kind="introduces"))
        for i in draw(st.sets(st.integers(0, n - 1), max_size=2)):
            edges.append(Edge(source=f"c{c}", target=f"p{i}", kind="uses", note="uses it"))
    return GraphData("random", papers, concepts, edges)


def _evidence(u: int, v: int) -> dict[str, object]:
    if (u + v) % 2:
        return {"reference": Reference(text=f"Paper {u}.")}
    return {
        "s2": S2Evidence(influential=u > v, intents=["methodology"]),
        "reference": Reference(number=u + 1, text="X"),
    }


def outcome(call):
    try:
        return call()
    except NoPath as exc:
        return ("NoPath", str(exc), exc.reverse)
    except PaperhopError as exc:
        return (type(exc).__name__, str(exc))


def check_same(folder: Path, *, targets: list[str] | None = None, knowns: list[list[str]] | None = None) -> None:
    """Every answer from the index is the answer from the graph in memory: the keys each adapter gives the one
    algorithm, and each command's result as rendered."""
    G = load(folder)
    with open_index(folder) as ix:
        mine, theirs = Reader(IndexSource(ix, folder)), Reader(G)
        keys = sorted(G)
        targets = targets or keys
        knowns = knowns or [[], keys[:1], keys[1:3]]
        for via in memory.VIA:
            for known in knowns:
                for t in targets:
                    for depth in (None, 1, 2):
                        assert index_list(ix, t, depth=depth, known=known, via=via) == memory.reading_list(
                            G, t, depth=depth, known=known, via=via
                        ), (t, depth, known, via)
                        same_result(
                            mine.reading_list(t, depth=depth, known=known, via=via),
                            theirs.reading_list(t, depth=depth, known=known, via=via),
                        )
                    for s in targets[::2]:
                        for k in (1, 3):
                            found = outcome(lambda: mine.path(s, t, via=via, k=k, known=known))  # noqa: B023
                            wanted = outcome(lambda: theirs.path(s, t, via=via, k=k, known=known))  # noqa: B023
                            if isinstance(found, tuple):
                                assert found == wanted, (s, t, via, k, known)
                            else:
                                same_result(found, wanted)
        for known in knowns:
            for t in targets:
                assert outcome(lambda: mine.next(t, known=known).to_json()) == outcome(  # noqa: B023
                    lambda: theirs.next(t, known=known).to_json()  # noqa: B023
                )
            for max_papers in (None, 0, 2):
                chosen = targets[:2]
                same_result(
                    mine.plan(chosen, known=known, max_papers=max_papers),
                    theirs.plan(chosen, known=known, max_papers=max_papers),
                )
        for key in keys:
            same_result(mine.show(key), theirs.show(key))
            rec = record(G, key)
            for text in (key, rec.label, getattr(rec, "title", rec.label)[:7], "nothing like it"):
                assert outcome(lambda: _resolved(mine.resolve, text)) == outcome(  # noqa: B023
                    lambda: _resolved(theirs.resolve, text)  # noqa: B023
                )


def index_list(ix: store_index.Index, target: str, **options: object) -> list[str]:
    """The keys of *target*'s reading list, answered from the index *ix*."""
    return [item.node.key for item in Reader(IndexSource(ix)).reading_list(target, **options).items]  # type: ignore[arg-type]


def same_result(mine: object, theirs: object) -> None:
    """The same result: its JSON, and its text and Markdown as rendered."""
    assert mine.to_json() == theirs.to_json()  # type: ignore[attr-defined]
    for fmt in ("text", "markdown"):
        assert render.render(mine, fmt) == render.render(theirs, fmt)  # type: ignore[arg-type]


def _resolved(function, text):
    try:
        return function(text)
    except Exception as exc:  # NodeNotFound and AmbiguousNode, compared by message
        return (type(exc).__name__, str(exc))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(graphs())
def test_indexed_answers_are_the_in_memory_answers(data: GraphData) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "graph"
        save_graph(data, folder)
        with cache_in(Path(tmp) / "cache"):
            check_same(folder)


def test_the_shipped_graph(tmp_path: Path) -> None:
    from paperhop.store.folder import default_graph_path

    with cache_in(tmp_path):
        check_same(default_graph_path(), targets=["sora", "dit", "vivit", "vit", "spacetime-patches", "ldm"])


def test_cit_hepth_sample(tmp_path: Path) -> None:
    """Real citations, with a cycle; a few targets and ends, every via."""
    G = load(HEPTH)
    newest = sorted(G, key=lambda k: memory.reading_rank(G, k))[-12:]
    with cache_in(tmp_path):
        check_same(HEPTH, targets=["p0", "p1", "p10", *newest], knowns=[[], ["p50", "p60"]])


def networkx_order(year: dict[str, int], edges: list[tuple[str, str]]) -> list[str]:
    """The reading order as networkx gives it: the condensation, each component by its first member's
    (year, key), in lexicographical topological order, its members by (year, key)."""
    import networkx as nx

    G = nx.DiGraph(edges)
    G.add_nodes_from(year)
    rank = {n: (year[n], n) for n in G}
    C = nx.condensation(G)
    members = {c: sorted(C.nodes[c]["members"], key=rank.__getitem__) for c in C}
    ordered = nx.lexicographical_topological_sort(C, key=lambda c: rank[members[c][0]])
    return [m for c in ordered for m in members[c]]


def predecessors(edges: list[tuple[str, str]]) -> Callable[[str], list[str]]:
    before: dict[str, list[str]] = {}
    for u, v in edges:
        before.setdefault(v, []).append(u)
    return lambda v: before.get(v, [])


def test_reading_order_with_cycles() -> None:
    year = {"a": 2000, "b": 2001, "c": 1999, "d": 2002, "e": -1}
    edges = [("a", "b"), ("b", "a"), ("b", "d"), ("d", "b"), ("e", "a"), ("c", "d")]
    assert engine.reading_order(year, predecessors(edges)) == networkx_order(year, edges) == ["e", "c", "a", "b", "d"]


# -- the index as a cache -------------------------------------------------------------------


def tiny(tmp_path: Path) -> Path:
    folder = tmp_path / "graph"
    save_graph(
        GraphData(
            "tiny",
            {"a": Paper(key="a", title="A", year=2000), "b": Paper(key="b", title="B", year=2001)},
            edges=[Edge(source="a", target="b", kind="cites")],
        ),
        folder,
    )
    return folder


def only_index(cache: Path) -> Path:
    (found,) = cache.glob("index-*.sqlite")
    return found


def test_built_once_then_reused_and_rebuilt_when_the_files_change(tmp_path: Path) -> None:
    folder = tiny(tmp_path)
    with cache_in(tmp_path / "cache"):
        with open_index(folder) as ix:
            first = ix.path
            assert index_list(ix, "b") == ["a"]
        assert first is not None
        built = first.stat().st_mtime_ns
        with open_index(folder) as ix:
            assert ix.path == first
        assert first.stat().st_mtime_ns == built
        with (folder / "papers.jsonl").open("a") as handle:
            handle.write('{"key": "c", "title": "C", "year": 2002}\n')
        with open_index(folder) as ix:
            assert ix.path != first
            assert index_list(ix, "b") == ["a"]
            assert IndexSource(ix).resolve("c") == "c"


@pytest.mark.parametrize(
    "damage",
    [
        "truncated",
        "garbage",
        "empty",
        "other version",
        "other key",
        "group writable",
        "world writable",
        "a link",
    ],
)
def test_a_bad_index_is_ignored_and_rebuilt(tmp_path: Path, damage: str) -> None:
    folder = tiny(tmp_path)
    cache = tmp_path / "cache"
    with cache_in(cache):
        open_index(folder).close()
        path = only_index(cache)
        data = path.read_bytes()
        if damage == "truncated":
            path.write_bytes(data[: len(data) - 4096])
        elif damage == "garbage":
            path.write_bytes(b"SQLite format 3\x00" + os.urandom(len(data) - 16))
        elif damage == "empty":
            path.write_bytes(b"")
        elif damage in ("other version", "other key"):
            db = sqlite3.connect(path)
            name = "version" if damage == "other version" else "key"
            db.execute("UPDATE meta SET value = 'x' WHERE name = ?", (name,))
            db.commit()
            db.close()
        elif damage == "group writable":
            path.chmod(0o620)
        elif damage == "world writable":
            path.chmod(0o602)
        elif damage == "a link":
            elsewhere = tmp_path / "elsewhere.sqlite"
            elsewhere.write_bytes(data)
            path.unlink()
            path.symlink_to(elsewhere)
        with open_index(folder) as ix:
            assert index_list(ix, "b") == ["a"]
        rebuilt = only_index(cache)
        info = rebuilt.lstat()
        assert stat.S_ISREG(info.st_mode)
        assert info.st_mode & 0o077 == 0


def test_a_killed_build_leaves_nothing_that_is_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tiny(tmp_path)
    cache = tmp_path / "cache"
    real = build.reading_arrays

    def dies(*args, **kwargs):
        raise KeyboardInterrupt  # the build is killed half-way, edges written, nothing else

    monkeypatch.setattr(build, "reading_arrays", dies)
    with cache_in(cache), pytest.raises(KeyboardInterrupt):
        open_index(folder)
    assert list(cache.iterdir()) == []  # the temporary file went with it
    # A build killed so hard that it could not clean up leaves a dot-file, which is never opened.
    (cache / ".index-0000.sqlite.deadbeef").write_bytes(b"half")
    monkeypatch.setattr(build, "reading_arrays", real)
    with cache_in(cache), open_index(folder) as ix:
        assert index_list(ix, "b") == ["a"]
        assert ix.path is not None
        assert not ix.path.name.startswith(".")


def test_an_invalid_graph_gets_no_index(tmp_path: Path) -> None:
    folder = tiny(tmp_path)
    with (folder / "edges.jsonl").open("a") as handle:
        handle.write('{"source": "a", "target": "nowhere", "kind": "cites"}\n')
    cache = tmp_path / "cache"
    with cache_in(cache), pytest.raises(GraphDataError, match="nowhere"):
        open_index(folder)
    assert not list(cache.glob("index-*"))


def test_a_cache_folder_not_ours_means_an_index_in_memory(tmp_path: Path) -> None:
    folder = tiny(tmp_path)
    cache = tmp_path / "cache"
    cache.mkdir(mode=0o777)
    cache.chmod(0o777)
    with cache_in(cache), open_index(folder) as ix:
        assert ix.path is None
        assert index_list(ix, "b") == ["a"]
    assert not list(cache.iterdir())


@settings(max_examples=300, deadline=None)
@given(
    st.integers(1, 30).flatmap(
        lambda n: st.tuples(
            st.lists(st.integers(-1, 3), min_size=n, max_size=n),  # -1: a concept
            st.sets(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)).filter(lambda p: p[0] != p[1])),
        )
    )
)
def test_reading_order_is_networkx_s(drawn: tuple[list[int], set[tuple[int, int]]]) -> None:
    """The flat-array order (cycles within a year, across years, through concepts) is networkx's; the
    in-memory graph's is the same, read from its attributes."""
    import networkx as nx

    years, pairs = drawn
    year = {f"n{i}": y for i, y in enumerate(years)}
    edges = [(f"n{u}", f"n{v}") for u, v in sorted(pairs)]
    assert engine.reading_order(year, predecessors(edges)) == networkx_order(year, edges)
    G = nx.DiGraph(edges)
    for n, y in year.items():
        G.add_node(n, **({} if y < 0 else {"year": y}))
    assert memory.reading_order(G, set(year)) == networkx_order(year, edges)


def test_unchanged_files_are_not_hashed_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tiny(tmp_path)
    cache = tmp_path / "cache"
    past = 1_600_000_000
    for f in folder.iterdir():
        os.utime(f, (past, past))
    real = store_index.hashed
    hashed: list[int] = []

    def counting(files, prefixes=None):
        if files:
            hashed.append(1)
        return real(files, prefixes)

    monkeypatch.setattr(store_index, "hashed", counting)
    with cache_in(cache):
        open_index(folder).close()
        assert len(hashed) == 1
        assert len(list(cache.glob("stat-*.key"))) == 1
        with open_index(folder) as ix:  # the stat record names the index: no hash
            assert index_list(ix, "b") == ["a"]
        assert len(hashed) == 1
        with (folder / "papers.jsonl").open("a") as handle:  # a change: a new identity, hashed and rebuilt
            handle.write('{"key": "c", "title": "C", "year": 2002}\n')
        with open_index(folder) as ix:
            assert IndexSource(ix).resolve("c") == "c"
        assert len(hashed) == 2
        assert len(list(cache.glob("stat-*.key"))) == 1  # just written: no record until it is older
        # A record of ours naming another key is only a pointer: the index it names must still be trusted.
        for f in folder.iterdir():
            os.utime(f, (past, past))
        open_index(folder).close()
        assert len(hashed) == 3
        assert len(list(cache.glob("stat-*.key"))) == 2
        for p in cache.glob("stat-*.key"):
            p.write_text("0" * 40)
        with open_index(folder) as ix:
            assert IndexSource(ix).resolve("c") == "c"
        assert len(hashed) == 4


def test_the_stat_record_is_kept_for_these_installs_of_the_libraries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Installing another networkx or pydantic replaces its files: the stat records of the old ones are not used."""
    import importlib.util
    from types import SimpleNamespace

    fake = tmp_path / "__init__.py"
    fake.write_text("")
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name: SimpleNamespace(origin=str(fake)) if name == "pydantic" else real(name),
    )
    before = store_index._code()
    assert store_index._code() == before
    fake.unlink()
    fake.write_text("__version__ = '3'\n")  # reinstalled: another file
    assert store_index._code() != before


@settings(max_examples=300, deadline=None)
@given(
    st.integers(1, 25).flatmap(
        lambda n: st.tuples(st.just(n), st.sets(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1))))
    )
)
def test_components_are_networkx_s(drawn: tuple[int, set[tuple[int, int]]]) -> None:
    from array import array

    import networkx as nx

    n, pairs = drawn
    start, targets = array("q", [0]), array("i")
    for u in range(n):
        targets.extend(sorted(v for a, v in pairs if a == u))
        start.append(len(targets))
    name = engine.components(start, targets)
    mine: dict[int, set[int]] = {}
    for node, c in enumerate(name):
        mine.setdefault(c, set()).add(node)
    G = nx.DiGraph(sorted(pairs))
    G.add_nodes_from(range(n))
    assert sorted(map(sorted, mine.values())) == sorted(map(sorted, nx.strongly_connected_components(G)))
