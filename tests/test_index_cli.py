"""The reading commands answer a large graph from its index, exactly as from the whole graph in memory.

A graph folder over ``store.cache.MIN_BYTES`` (tests.synthetic's generator, with
citation cycles, curated links, concepts and citations carrying evidence) is
asked each command twice: with ``PAPERHOP_NO_CACHE=1`` (the whole graph, in
memory) and by default (its index): the outputs must be the same bytes. A small
graph, such as the shipped one, is indexed too; a path asked of an index imports
neither networkx nor pydantic.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from paperhop.cli import cli
from paperhop.index import open_index
from paperhop.models import Edge, Reference, S2Evidence
from paperhop.reader import indexed_by_default, open_reader
from paperhop.store.cache import MIN_BYTES
from paperhop.store.folder import FILES, save_graph

from .synthetic import generate


def _with_evidence(edges: list[Edge]) -> list[Edge]:
    """Every 7th plain citation with a reference, every 11th with Semantic Scholar's evidence too."""
    out = []
    for i, e in enumerate(edges):
        if e.kind == "cites" and i % 7 == 0:
            s2 = S2Evidence(influential=i % 2 == 0, intents=["methodology"]) if i % 11 == 0 else None
            e = e.model_copy(update={"reference": Reference(number=i % 50 + 1, text=f"Ref {i}."), "s2": s2})
        out.append(e)
    return out


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = generate(3000, seed=5, cycles=6)
    data.edges[:] = _with_evidence(data.edges)
    folder = tmp_path_factory.mktemp("big") / "g"
    save_graph(data, folder)
    assert sum((folder / name).stat().st_size for name in FILES.values()) >= MIN_BYTES
    return folder


def _run(args: list[str], big: Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, [*args, "--graph", str(big)])
    return result.exit_code, result.stdout, result.stderr


def same(args: list[str], big: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run *args* on *big* in memory and from the index; both answers must be the same. Returns the output."""
    monkeypatch.setenv("PAPERHOP_NO_CACHE", "1")
    assert not indexed_by_default()
    memory = _run(args, big)
    monkeypatch.delenv("PAPERHOP_NO_CACHE")
    assert indexed_by_default()
    open_index(big).close()  # built now: a first command would answer from memory and build it in the background
    from_index = _run(args, big)
    assert from_index == memory
    return memory[1]


def test_a_graph_is_read_from_its_index_small_or_large_unless_the_cache_is_off(
    big: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("PAPERHOP_NO_CACHE", raising=False)
    cache = Path(os.environ["PAPERHOP_CACHE_DIR"])
    with open_reader(big) as reader:  # no index yet: the graph, read and checked, answers this time
        assert not reader.indexed
        assert "p10" in reader
    for _ in range(600):  # while a detached process builds the index for the next command
        if list(cache.glob("index-*.sqlite")) and not list(cache.glob(".index-*")):
            break
        time.sleep(0.1)
    with open_reader(big) as reader:
        assert reader.indexed
        assert "p10" in reader
        assert "nope" not in reader
    with open_reader() as reader:  # the shipped graph is small: once indexed, it opens faster than it loads
        assert reader.indexed
    monkeypatch.setenv("PAPERHOP_NO_CACHE", "1")
    with open_reader() as reader:
        assert not reader.indexed
    monkeypatch.delenv("PAPERHOP_NO_CACHE")
    same(["path", "p10", "p2999"], big, monkeypatch)
    assert list(Path(os.environ["PAPERHOP_CACHE_DIR"]).glob("index-*.sqlite"))


@pytest.mark.parametrize(
    "args",
    [
        ["path", "p10", "p2999"],
        ["path", "p0", "p1500", "-k", "3"],
        ["path", "p3", "p2400", "--via", "curated"],
        ["path", "p200", "p2990", "--known", "p2000,p2500", "-k", "2"],
        ["path", "p2999", "p10"],  # no path: the same error, the same hint
        ["path", "c3", "p2999", "--via", "concepts"],
        ["path", "p5", "p2999", "--via", "cites", "--influential-only"],
    ],
)
def test_path(args: list[str], big: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    same([*args, "--format", "json"], big, monkeypatch)


@pytest.mark.parametrize(
    "args",
    [
        ["reading-list", "p2999"],
        ["reading-list", "p1700", "--depth", "2"],
        ["reading-list", "p2500", "--depth", "1", "--via", "curated"],
        ["reading-list", "p2999", "--known", "p2990,p2980,p100", "--depth", "3"],
        ["reading-list", "p900", "--known", "p880"],
    ],
)
def test_reading_list(args: list[str], big: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    same([*args, "--format", "json"], big, monkeypatch)


@pytest.mark.parametrize("key", ["p0", "p1234", "p2999", "c7", "Synthetic paper 2998"])
def test_show(key: str, big: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for fmt in ("json", "text"):
        same(["show", key, "--format", fmt], big, monkeypatch)


@pytest.mark.parametrize(
    "args",
    [
        ["next", "p600"],
        ["next", "p2999", "--known", "p0,p1,p2,p3"],
        ["plan", "p2999", "p2500"],
        ["plan", "p1800", "p900", "--max", "10", "--known", "p5,p17"],
        ["plan", "p300", "--max", "0"],
    ],
)
def test_next_and_plan(args: list[str], big: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    same([*args, "--format", "json"], big, monkeypatch)


def test_the_known_papers_file_and_other_formats(big: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    known = tmp_path / "known.txt"
    known.write_text("p1\np2\nnot-in-this-graph\np40\n", encoding="utf-8")
    for args in (
        ["reading-list", "p700", "--depth", "2", "--known-file", str(known), "--format", "markdown"],
        ["plan", "p700", "--known-file", str(known), "--format", "markdown"],
        ["path", "p1", "p700", "--known-file", str(known), "--bibtex"],
        ["next", "p700", "--known-file", str(known)],
        ["path", "nowhere", "p700"],  # not found: the same error
    ):
        same(args, big, monkeypatch)


_HEAVY = """
import sys
from paperhop.cli import cli
from paperhop.index import open_index
try:
    cli(sys.argv[1:])
finally:
    print(sorted({m.split(".")[0] for m in sys.modules} & {"networkx", "pydantic"}), file=sys.stderr)
"""


def _fresh(args: list[str], env: dict[str, str]) -> tuple[str, str]:
    """The output of ``paperhop ARGS`` in a new process, and the heavy libraries it imported."""
    done = subprocess.run([sys.executable, "-c", _HEAVY, *args], env=env, capture_output=True, text=True, check=True)
    return done.stdout, done.stderr.splitlines()[-1]


@pytest.mark.parametrize(
    "args",
    [
        *(["path", "vit", "sora", "--format", fmt] for fmt in ("text", "markdown", "json")),
        ["path", "transformer", "sora", "--via", "concepts"],
        *(["reading-list", "sora", "--format", fmt] for fmt in ("text", "markdown", "json")),
        ["reading-list", "sora", "--depth", "2", "--bibtex"],
        *(["show", "vivit", "--format", fmt] for fmt in ("text", "json")),
    ],
    ids=" ".join,
)
def test_a_reading_command_from_the_index_imports_neither_networkx_nor_pydantic(
    args: list[str], tmp_path: Path
) -> None:
    """The first run checks the graph (load) and builds its index; the next ones read only the index."""
    src = str(Path(__file__).parents[1] / "src")
    env = {**os.environ, "PAPERHOP_CACHE_DIR": str(tmp_path / "cache"), "PYTHONPATH": src}
    env.pop("PAPERHOP_NO_CACHE", None)
    memory = _fresh(args, {**env, "PAPERHOP_NO_CACHE": "1"})
    assert memory[1] == "['networkx', 'pydantic']"
    assert _fresh(args, env) == memory  # built: load() checked the graph first
    assert list((tmp_path / "cache").glob("index-*.sqlite"))
    assert _fresh(args, env) == (memory[0], "[]")


@pytest.mark.parametrize("command", [["list"], ["reading-list", "p2999"]], ids=" ".join)
def test_a_reader_that_stops_reading_hears_nothing(big: Path, tmp_path: Path, command: list[str]) -> None:
    """`paperhop list | head`: the pipe closes under a long answer (megabytes of JSON, more than a pipe holds);
    no "Broken pipe" error, no traceback."""
    env = {**os.environ, "PAPERHOP_CACHE_DIR": str(tmp_path), "PYTHONPATH": str(Path(__file__).parents[1] / "src")}
    args = [sys.executable, "-m", "paperhop", *command, "--graph", str(big), "--format", "json"]
    with subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as proc:
        assert proc.stdout is not None
        assert proc.stderr is not None
        assert proc.stdout.read(100)
        proc.stdout.close()
        assert proc.stderr.read() == b""
        assert proc.wait(timeout=120) == 1


def test_a_large_graph_with_a_cache_folder_not_ours_answers_from_memory(
    big: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shared = tmp_path / "shared-cache"
    shared.mkdir()
    shared.chmod(0o777)  # others may write here: no index is kept, and none is built in memory to no end
    monkeypatch.setenv("PAPERHOP_CACHE_DIR", str(shared))
    monkeypatch.delenv("PAPERHOP_NO_CACHE", raising=False)
    with open_reader(big) as reader:
        assert not reader.indexed
        assert "p10" in reader
    assert f"the cache folder {shared} is not ours alone" in capsys.readouterr().err
    assert list(shared.iterdir()) == []


def test_a_killed_builder_does_not_hold_up_the_next_build(
    big: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A build's process holds a lock on its marker: while it runs, no second build starts; once it is killed
    half-way (its marker left behind), the next command starts one."""
    import signal

    from paperhop.store.cache import content_key
    from paperhop.store.folder import committed_files

    cache = tmp_path / "cache"
    cache.mkdir(mode=0o700)
    monkeypatch.setenv("PAPERHOP_CACHE_DIR", str(cache))
    with committed_files(big) as files:
        marker = cache / f".index-{content_key(files)}.sqlite.building"
    holder = (
        "import fcntl, os, sys, time\n"
        "fd = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT, 0o600)\n"
        "fcntl.flock(fd, fcntl.LOCK_EX)\n"
        "print('held', flush=True)\n"
        "time.sleep(600)\n"
    )
    with subprocess.Popen([sys.executable, "-c", holder, str(marker)], stdout=subprocess.PIPE, text=True) as builder:
        try:
            assert builder.stdout is not None
            assert builder.stdout.readline() == "held\n"  # a builder that runs
            held = marker.stat().st_ino
            with open_reader(big) as reader:
                assert not reader.indexed
            assert marker.stat().st_ino == held  # its marker stands: no second build took its place
            assert not list(cache.glob("index-*.sqlite"))
        finally:
            builder.send_signal(signal.SIGKILL)  # killed half-way: its marker is left behind
    assert marker.exists()
    with open_reader(big) as reader:
        assert not reader.indexed
    for _ in range(600):
        if list(cache.glob("index-*.sqlite")) and not marker.exists():
            break
        time.sleep(0.1)
    with open_reader(big) as reader:
        assert reader.indexed


def test_a_large_graph_grown_in_place_gets_its_reading_arrays_after(
    big: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """After lines are appended to a large graph, the first command answers from the index grown in place, with no
    reading arrays; a detached process then adds them, the very arrays a fresh build makes."""
    import importlib
    import shutil
    import sqlite3
    from contextlib import closing

    import orjson

    from paperhop.index import build_index
    from paperhop.load import load

    folder = tmp_path / "g"
    shutil.copytree(big, folder)
    cache = tmp_path / "cache"
    monkeypatch.setenv("PAPERHOP_CACHE_DIR", str(cache))
    open_index(folder).close()
    with (folder / FILES["papers"]).open("a") as handle:
        handle.write('{"key": "new", "title": "A new paper", "year": 2025}\n')
    with (folder / FILES["edges"]).open("a") as handle:
        handle.write('{"source": "p2999", "target": "new", "kind": "cites"}\n')
    loading = importlib.import_module("paperhop.load")  # the module: paperhop.load is the function

    def unread(*args: object) -> None:
        raise AssertionError("the whole graph was read")

    with monkeypatch.context() as patched:
        patched.setattr(loading, "load", unread)
        expected = _run(["reading-list", "new"], folder)
    assert expected[0] == 0
    for _ in range(600):  # the arrays, added by a detached process
        if not list(cache.glob(".index-*")):
            break
        time.sleep(0.1)
    with open_index(folder) as ix:
        meta = dict(ix.db.execute("SELECT name, value FROM meta"))
        arrays = sorted(ix.db.execute("SELECT name, data FROM arrays"))
    assert arrays
    with closing(sqlite3.connect(":memory:")) as db:
        build_index(db, load(folder), meta["key"], files=orjson.loads(meta["files"]))
        assert arrays == sorted(db.execute("SELECT name, data FROM arrays"))
    assert _run(["reading-list", "new"], folder) == expected
