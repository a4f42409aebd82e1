"""The cache is only ever a speed-up: a full disk or a damaged index costs time, never an answer.

A full disk is SQLite's own "database or disk is full", made by capping the build's database at two pages; a
damaged index is the real one with bytes flipped where its pages are. Either way the command answers, with no
traceback, and says what happened in one line on stderr.
"""

from __future__ import annotations

import os
import random
import sqlite3
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from paperhop import index
from paperhop.cli import cli

COMMANDS = [["path", "vit", "sora"], ["reading-list", "sora", "--format", "json"], ["show", "vivit"]]


def answer(args: list[str]) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, [*args, "--no-known"] if args[0] == "reading-list" else args)
    return result.exit_code, result.stdout, result.stderr


def without_cache(args: list[str], monkeypatch: pytest.MonkeyPatch) -> str:
    with monkeypatch.context() as m:
        m.setenv("PAPERHOP_NO_CACHE", "1")
        return answer(args)[1]


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: a[0])
def test_a_full_cache_disk_answers_from_memory(args: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    expected = without_cache(args, monkeypatch)
    connect = sqlite3.connect

    def full(target: object, *a: object, **kw: object) -> sqlite3.Connection:
        db = connect(target, *a, **kw)  # type: ignore[arg-type]
        if str(target) != ":memory:" and not str(target).startswith("file:"):
            db.execute("PRAGMA max_page_count = 2")  # SQLite's own "database or disk is full" comes next
        return db

    monkeypatch.setattr(index.sqlite3, "connect", full)
    code, out, err = answer(args)
    assert (code, out) == (0, expected)
    assert "could not be written to the cache folder (database or disk is full): answering from memory" in err
    assert not list(Path(os.environ["PAPERHOP_CACHE_DIR"]).rglob("*index*"))  # no half-written file is left


@pytest.mark.parametrize("seed", range(12))
def test_a_damaged_index_is_never_trusted(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    args = COMMANDS[seed % len(COMMANDS)]
    expected = without_cache(args, monkeypatch)
    assert answer(args)[:2] == (0, expected)  # builds the index
    [built] = Path(os.environ["PAPERHOP_CACHE_DIR"]).rglob("index-*.sqlite")
    data = bytearray(built.read_bytes())
    rng = random.Random(seed)
    page = int.from_bytes(data[16:18], "big")
    for _ in range(40):  # bytes of the pages after the first (the header stays whole, so the file is opened)
        at = rng.randrange(page, len(data))
        data[at] ^= 1 << rng.randrange(8)
    built.chmod(0o600)
    built.write_bytes(bytes(data))
    code, out, err = answer(args)
    assert code == 0, err
    assert "Traceback" not in err
    if "damaged" in err:  # seen: removed, and answered from memory
        assert out == expected
        assert not built.exists()
    # A flip inside a record's text that still parses goes unseen (SQLite keeps no checksums): 1 seed of 12 here
    # answers with that text. Catching it needs a checksum a row, in the index's format.


def rewrite_in_place(path: Path, old: bytes, new: bytes) -> None:
    """What a file's owner can do unseen by size and mtime: the same number of bytes, the mtime put back."""
    assert len(old) == len(new)
    info = path.stat()
    data = path.read_bytes()
    assert old in data
    with path.open("r+b") as f:
        f.seek(data.index(old))
        f.write(new)
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert path.stat().st_size == info.st_size
    assert path.stat().st_mtime_ns == info.st_mtime_ns


GOOD, BAD = b"An Image is Worth 16x16 Words", b"An Image is Worth 99x99 Lies!"


@pytest.fixture
def copy_of_shipped(tmp_path: Path) -> Path:
    from paperhop.store.folder import default_graph_path

    folder = tmp_path / "copy"
    folder.mkdir()
    for f in default_graph_path().glob("*.jsonl"):
        (folder / f.name).write_bytes(f.read_bytes())
        os.utime(folder / f.name, (1_700_000_000, 1_700_000_000))  # written long ago: its stat is trusted
    return folder


def test_a_file_rewritten_in_place_with_its_mtime_put_back_is_read_again(copy_of_shipped: Path) -> None:
    assert "16x16 Words" in answer(["show", "vit", "--graph", str(copy_of_shipped)])[1]
    rewrite_in_place(copy_of_shipped / "papers.jsonl", GOOD, BAD)
    code, out, _ = answer(["show", "vit", "--graph", str(copy_of_shipped)])
    assert code == 0
    assert "99x99 Lies!" in out  # not the index of what the file held before


@pytest.mark.parametrize("when", ["before the build", "during the build"])
def test_a_graph_changed_between_its_hash_and_its_build_poisons_no_other_graph(
    copy_of_shipped: Path, monkeypatch: pytest.MonkeyPatch, when: str
) -> None:
    """Another user's copy of the shipped graph, rewritten after paperhop hashed it: the shipped graph's answers
    stay the shipped graph's (the index is keyed by content, so the two share a key)."""
    target = sys.modules["paperhop.load"] if when == "before the build" else index  # load runs between the two
    name = "load" if when == "before the build" else "build_index"
    real = getattr(target, name)
    done = []

    def attacker(*args: object, **kwargs: object) -> object:
        if not done:
            done.append(True)
            rewrite_in_place(copy_of_shipped / "papers.jsonl", GOOD, BAD)
        return real(*args, **kwargs)  # type: ignore[operator]

    with monkeypatch.context() as m:
        m.setattr(target, name, attacker)
        code, _, _ = answer(["show", "vit", "--graph", str(copy_of_shipped)])
    assert code == 0
    assert done
    assert "16x16 Words" in answer(["show", "vit"])[1]  # the shipped graph, same content as the copy had
    assert "99x99 Lies!" in answer(["show", "vit", "--graph", str(copy_of_shipped)])[1]


def test_a_cache_folder_others_can_write_is_neither_changed_nor_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = tmp_path / "team-cache"
    shared.mkdir()
    shared.chmod(0o2770 | 0o007)  # a team's folder, writable by others too
    monkeypatch.setenv("PAPERHOP_CACHE_DIR", str(shared))
    code, out, err = answer(["path", "vit", "sora"])
    assert code == 0
    assert "Reading path from ViT to Sora" in out
    assert f"the cache folder {shared} is not ours alone" in err
    assert shared.stat().st_mode & 0o7777 == 0o2777  # left as its owner set it
    assert list(shared.iterdir()) == []


def test_planted_or_linked_semantic_scholar_answers_are_never_read_or_written_through(tmp_path: Path) -> None:
    from paperhop.store.responses import ResponseCache

    request = ("GET", "paper/arXiv:2010.11929", ())
    mine = ResponseCache(tmp_path / "mine")
    mine.put(request, b'{"title": "real"}')
    assert mine.get(request, 1000) == b'{"title": "real"}'
    assert oct((tmp_path / "mine").stat().st_mode & 0o777) == "0o700"

    planted = tmp_path / "planted"  # another user's folder (root owns every file here, so: writable by others)
    planted.mkdir()
    (planted / mine._path(request).name).write_bytes(b'{"title": "attacker"}')
    planted.chmod(0o777)
    assert ResponseCache(planted).get(request, 1000) is None

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    (tmp_path / "link").symlink_to(elsewhere)
    linked = ResponseCache(tmp_path / "link")
    linked.put(request, b'{"title": "written through a link"}')
    assert list(elsewhere.iterdir()) == []
    assert linked.get(request, 1000) is None
