"""Hostile graph folders and files (issue 10): reading one never harms the reader, every failure is one PaperhopError.

Each case is built in tmp_path beside a 'home' folder that stands for the
reader's own files. For each, every library function that reads or writes it
must raise a PaperhopError (never another exception), finish within a
deadline (a FIFO must not block), change no file outside the graph folder,
and, when it fails or only reads, leave the graph folder as it was.
"""

from __future__ import annotations

import errno
import json
import os
import signal
import stat
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from paperhop.errors import GraphDataError, PaperhopError, ReadError, WriteError
from paperhop.load import load, read_graph
from paperhop.store import cache
from paperhop.store.files import write_bytes_atomic, write_text_atomic
from paperhop.store.folder import graph_lock, load_graph, save_graph
from paperhop.store.known import read_known, write_known
from paperhop.store.revisions import graph_at

from .conftest import tiny_data

DEADLINE = 10  # seconds for any one call


# The world: a graph folder and, beside it, the reader's own files.


def snapshot(root: Path) -> dict[str, Any]:
    """Every entry under *root*, by relative path: a file's bytes, a link's target, or the kind of anything else."""
    found: dict[str, Any] = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder) / name
            info = path.lstat()
            rel = path.relative_to(root).as_posix()
            if stat.S_ISLNK(info.st_mode):
                found[rel] = ("link", os.readlink(path))
            elif stat.S_ISREG(info.st_mode):
                found[rel] = ("file", path.read_bytes(), stat.S_IMODE(info.st_mode))
            else:
                found[rel] = ("kind", stat.S_IFMT(info.st_mode))
    return found


@pytest.fixture
def world(tmp_path: Path) -> Path:
    """tmp_path/g, the tiny graph; tmp_path/home, precious files; tmp_path/payload, an attacker's bytes."""
    save_graph(tiny_data(), tmp_path / "g")
    home = tmp_path / "home"
    home.mkdir()
    (home / "notes.txt").write_text("precious\n")
    (home / ".bashrc").write_text("alias ls='ls -F'\n")
    return tmp_path


@contextmanager
def deadline(seconds: int = DEADLINE) -> Iterator[None]:
    """Fail, rather than hang, if the block takes longer than *seconds* (a blocked open is interrupted too)."""

    def expired(signum: int, frame: object) -> None:
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def outcome(call: Callable[[], object]) -> PaperhopError | None:
    """The PaperhopError *call* raised, None if it returned; anything else fails the test."""
    with deadline():
        try:
            call()
        except PaperhopError as exc:
            error = exc
        else:
            return None
    assert "\n" not in str(error), "one line"
    return error


def readers(folder: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Callable[[], object]]:
    """Every way the library reads a graph folder; ``load`` through the cache, as a large graph would be."""
    monkeypatch.setattr(cache, "MIN_BYTES", 0)
    return {
        "load_graph": lambda: load_graph(folder),
        "validate": lambda: validate(folder),
        "load": lambda: load(folder),
    }


def validate(folder: Path) -> None:
    """What ``paperhop validate`` does: every problem read, and an error if any is one."""
    errors = [p for p in read_graph(folder, warnings=True)[1] if p.severity == "error"]
    if errors:
        raise GraphDataError(errors)


# The corpus of hostile graph folders: each makes tmp_path/g hostile.


def marker(text: str | bytes) -> Callable[[Path], None]:
    def make(world: Path) -> None:
        data = text.encode() if isinstance(text, str) else text
        (world / "g" / ".paperhop-commit").write_bytes(data)

    return make


def with_payload(make: Callable[[Path], None]) -> Callable[[Path], None]:
    """The attacker's file inside the folder too, under names a marker might give."""

    def both(world: Path) -> None:
        (world / "g" / "payload").write_text("attacker\n")
        (world / "g" / ".papers.jsonl.aaaaaaaa").write_text("attacker\n")
        make(world)

    return both


def replace_file(name: str, make_it: Callable[[Path, Path], None]) -> Callable[[Path], None]:
    def make(world: Path) -> None:
        path = world / "g" / name
        path.unlink()
        make_it(path, world)

    return make


def content(name: str, data: bytes) -> Callable[[Path], None]:
    def make(world: Path) -> None:
        with (world / "g" / name).open("ab") as handle:
            handle.write(data)

    return make


DEEP = 100_000
FOLDERS: dict[str, Callable[[Path], None]] = {
    # Defect 1: a commit marker naming files outside the folder, or anything but our own shape.
    "marker ../": with_payload(marker('{"../home/notes.txt": "payload"}')),
    "marker absolute": with_payload(lambda w: marker(json.dumps({str(w / "home/notes.txt"): "payload"}))(w)),
    "marker absolute temp": lambda w: marker(json.dumps({"papers.jsonl": str(w / "home/notes.txt")}))(w),
    "marker ../ temp": marker('{"papers.jsonl": "../home/notes.txt"}'),
    "marker other name": with_payload(marker('{"notes.txt": ".papers.jsonl.aaaaaaaa"}')),
    "marker temp of another file": with_payload(marker('{"edges.jsonl": ".papers.jsonl.aaaaaaaa"}')),
    "marker names itself": marker('{"papers.jsonl": ".paperhop-commit"}'),
    "marker temp in a subfolder": marker('{"papers.jsonl": "sub/.papers.jsonl.aaaaaaaa"}'),
    "marker not JSON": marker("{not json"),
    "marker empty file": marker(""),
    "marker empty object": marker("{}"),
    "marker a list": marker('[["papers.jsonl", ".papers.jsonl.aaaaaaaa"]]'),
    "marker a number value": marker('{"papers.jsonl": 1}'),
    "marker deep": marker("[" * DEEP + "]" * DEEP),
    "marker deep object": marker('{"a":' * DEEP + "1" + "}" * DEEP),
    "marker huge": marker('{"papers.jsonl": "' + "a" * 1_000_000 + '"}'),
    "marker not UTF-8": marker(b'{"papers.jsonl": "\xff\xfe"}'),
    "marker a folder": lambda w: (w / "g" / ".paperhop-commit").mkdir(),
    "marker a FIFO": lambda w: os.mkfifo(w / "g" / ".paperhop-commit"),
    "marker a link": lambda w: (w / "g" / ".paperhop-commit").symlink_to(w / "home" / "notes.txt"),
    "marker's temp a link out": lambda w: (
        (w / "g" / ".papers.jsonl.aaaaaaaa").symlink_to(w / "home" / "notes.txt"),
        marker('{"papers.jsonl": ".papers.jsonl.aaaaaaaa"}')(w),
    ),
    "marker's temp a folder": lambda w: (
        (w / "g" / ".papers.jsonl.aaaaaaaa").mkdir(),
        marker('{"papers.jsonl": ".papers.jsonl.aaaaaaaa"}')(w),
    ),
    "marker's temp a FIFO": lambda w: (
        os.mkfifo(w / "g" / ".papers.jsonl.aaaaaaaa"),
        marker('{"papers.jsonl": ".papers.jsonl.aaaaaaaa"}')(w),
    ),
    # Unusable graph files.
    "papers a folder": replace_file("papers.jsonl", lambda p, w: p.mkdir()),
    "edges a FIFO": replace_file("edges.jsonl", lambda p, w: os.mkfifo(p)),
    "papers a FIFO": replace_file("papers.jsonl", lambda p, w: os.mkfifo(p)),
    "concepts a symlink loop": replace_file("concepts.jsonl", lambda p, w: p.symlink_to(p.name)),
    "papers a dangling link": replace_file("papers.jsonl", lambda p, w: p.symlink_to("nowhere")),
    "edges a link to a device": replace_file("edges.jsonl", lambda p, w: p.symlink_to("/dev/zero")),
    "papers a link to /dev/null": replace_file("papers.jsonl", lambda p, w: p.symlink_to("/dev/null")),
    "papers not UTF-8": content("papers.jsonl", b'{"key": "\xff\xfe", "title": "x", "year": 2000}\n'),
    "papers binary": content("papers.jsonl", bytes(range(256)) * 4),
    "edges not UTF-8": content("edges.jsonl", b'{"source": "alpha", "target": "\xff", "kind": "cites"}\n'),
    "papers deep": content("papers.jsonl", b"[" * DEEP + b"]" * DEEP + b"\n"),
    "papers deep in a field": content("papers.jsonl", b'{"key": "x", "title": ' + b"[" * DEEP + b"]" * DEEP + b"}\n"),
    "edges deep": content("edges.jsonl", b"[" * DEEP + b"]" * DEEP + b"\n"),
    "edges deep in a field": content("edges.jsonl", b'{"source": ' + b"{" * 3000 + b"}" * 3000 + b"}\n"),
    "concepts deep object": content("concepts.jsonl", b'{"a":' * 5000 + b"1" + b"}" * 5000 + b"\n"),
    # Numbers past what JSON readers and the index keep exact (orjson stops at 64 bits).
    "papers a count past 64 bits": content(
        "papers.jsonl", b'{"key": "huge", "title": "x", "year": 2000, "citation_count": 18446744073709551616}\n'
    ),
    "edges a reference number past 64 bits": content(
        "edges.jsonl",
        b'{"source": "alpha", "target": "beta", "kind": "cites", "reference": {"number": 99999999999999999999,'
        b' "text": "A."}}\n',
    ),
}


@pytest.mark.parametrize("case", sorted(FOLDERS))
def test_a_hostile_graph_folder_is_one_clean_error_and_harms_nothing(
    case: str, world: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    FOLDERS[case](world)
    folder = world / "g"
    home, graph = snapshot(world / "home"), snapshot(folder)
    for name, read in readers(folder, monkeypatch).items():
        error = outcome(read)
        assert isinstance(error, GraphDataError), f"{name} read the hostile folder without an error"
        assert snapshot(folder) == graph, f"{name} wrote in the folder"
        assert snapshot(world / "home") == home
    error = outcome(lambda: save_graph(tiny_data(), folder))  # a writer: refuses, or replaces only its own files
    assert snapshot(world / "home") == home
    if error is not None:
        assert snapshot(folder) == graph
    if case.startswith("marker"):
        assert isinstance(error, GraphDataError)
        assert str(error).startswith(f"{folder}/.paperhop-commit") or str(error).startswith(f"{folder}/.papers")


def test_the_reproduction_in_the_issue(world: Path) -> None:
    folder = world / "g"
    (folder / "payload").write_text("attacker\n")
    (folder / ".paperhop-commit").write_text('{"../home/notes.txt": "payload"}')
    with pytest.raises(GraphDataError) as caught:
        read_graph(folder, warnings=True)  # what `paperhop validate` runs
    assert str(caught.value) == (
        f"{folder}/.paperhop-commit: not a commit marker paperhop wrote; nothing was changed"
        " (check the folder, then delete it)"
    )
    assert (world / "home" / "notes.txt").read_text() == "precious\n"
    assert (folder / "payload").exists()


def test_unreadable_graph_files_are_named(world: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Permission denied (simulated: the tests run as root, whom chmod does not stop)."""
    real_open = os.open

    def denied(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if str(path) == "edges.jsonl":
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", denied)
    with pytest.raises(GraphDataError) as caught:
        load_graph(world / "g")
    assert str(caught.value) == f"{world / 'g' / 'edges.jsonl'}: cannot read: Permission denied"


def test_a_failing_disk_while_reading_is_a_problem_not_a_traceback(
    world: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from paperhop.store import folder as store

    class Failing:
        def __init__(self, handle: Any) -> None:
            self.handle = handle

        def __iter__(self) -> Iterator[bytes]:
            raise OSError(errno.EIO, os.strerror(errno.EIO))

        def __getattr__(self, name: str) -> Any:
            return getattr(self.handle, name)

    real = store.open_regular
    monkeypatch.setattr(store, "open_regular", lambda path, *a, **k: Failing(real(path, *a, **k)))
    with pytest.raises(GraphDataError) as caught:
        load_graph(world / "g")
    assert str(caught.value).startswith(f"{world / 'g' / 'papers.jsonl'}: cannot read: Input/output error")


@pytest.mark.parametrize(
    "make",
    [
        lambda w: w / "nowhere" / "deeper",
        lambda w: w / "home" / "notes.txt",
        lambda w: w / ("x" * 300),
        lambda w: Path(str(w / "g") + "\0"),
        lambda w: _fifo(w / "fifo"),
        lambda w: _loop(w / "loop"),
    ],
    ids=["missing", "a file", "name too long", "NUL", "a FIFO", "a link loop"],
)
def test_a_graph_folder_that_is_no_folder(
    make: Callable[[Path], Path], world: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = make(world)
    home = snapshot(world / "home")
    for read in readers(folder, monkeypatch).values():
        assert isinstance(outcome(read), GraphDataError)
    error = outcome(lambda: save_graph(tiny_data(), folder))
    assert snapshot(world / "home") == home
    if folder.name == "deeper":
        assert error is None  # a writer makes a new graph
    else:
        assert isinstance(error, WriteError)


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def _loop(path: Path) -> Path:
    path.symlink_to(path.name)
    return path


# Any marker: either our own shape, read as the commit it names, or refused; the reader's files never change.

names = st.sampled_from(
    ["papers.jsonl", "concepts.jsonl", "edges.jsonl", ".paperhop-commit", "../home/notes.txt", "/etc/passwd", "x"]
)
temps = st.one_of(
    st.builds(lambda n, t: f".{n}.{t}", names, st.text("abcdef0123456789_", min_size=7, max_size=9)),
    st.sampled_from(["../home/notes.txt", "payload", "", ".", "..", "sub/x"]),
    st.text(max_size=20),
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | temps,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(names | st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
ours = st.sets(st.sampled_from(["papers.jsonl", "concepts.jsonl", "edges.jsonl"]), min_size=1).flatmap(
    lambda files: st.fixed_dictionaries({f: st.sampled_from([f".{f}.aaaaaaaa", f".{f}.0123abcd"]) for f in files})
)
markers = st.one_of(
    ours.map(lambda d: json.dumps(d).encode()),
    st.dictionaries(names, temps, max_size=4).map(lambda d: json.dumps(d).encode()),
    json_values.map(lambda v: json.dumps(v).encode()),
    st.binary(max_size=64),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(markers)
def test_any_marker_is_ours_or_refused_and_nothing_outside_changes(world: Path, raw: bytes) -> None:
    import shutil

    folder = world / "g"
    shutil.rmtree(folder, ignore_errors=True)
    save_graph(tiny_data(), folder)
    (folder / "payload").write_text("attacker\n")
    (folder / ".papers.jsonl.aaaaaaaa").write_text("")  # a temp that may be named: an empty papers file
    (folder / ".paperhop-commit").write_bytes(raw)
    home, graph = snapshot(world / "home"), snapshot(folder)

    error = outcome(lambda: load_graph(folder))
    assert snapshot(folder) == graph  # a reader never writes
    try:
        ours = json.loads(raw.decode("utf-8"))
    except ValueError:
        ours = None
    accepted = (
        isinstance(ours, dict)
        and bool(ours)
        and all(
            k in ("papers.jsonl", "concepts.jsonl", "edges.jsonl")
            and isinstance(v, str)
            and v.startswith(f".{k}.")
            and len(v) == len(k) + 10
            and all(c in "abcdefghijklmnopqrstuvwxyz0123456789_" for c in v[len(k) + 2 :])
            for k, v in ours.items()
        )
    )
    event("accepted" if accepted else "refused")
    if accepted:
        assert error is None or "marker" not in str(error)
    else:
        assert isinstance(error, GraphDataError)
        assert "not a commit marker paperhop wrote" in str(error)

    def write() -> None:
        with graph_lock(folder):  # taking the lock rolls a pending commit forward
            pass

    writer = outcome(write)
    assert snapshot(world / "home") == home
    if accepted:
        assert writer is None
        assert not (folder / ".paperhop-commit").exists()
        assert (folder / "payload").exists()
        assert sorted(p.name for p in folder.iterdir()) == ["concepts.jsonl", "edges.jsonl", "papers.jsonl", "payload"]
    else:
        assert isinstance(writer, GraphDataError)
        assert snapshot(folder) == graph


# Writes that fail: one WriteError naming the file and why; the old file whole; no temporary file left.


def names_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_writing_under_a_file_is_refused(world: Path) -> None:
    target = world / "home" / "notes.txt" / "out.md"
    with pytest.raises(WriteError) as caught:
        write_text_atomic(target, "x")
    assert str(caught.value) == f"cannot write {target}: {world / 'home' / 'notes.txt'} is not a folder"
    deeper = world / "home" / "notes.txt" / "a" / "b" / "out.md"
    with pytest.raises(WriteError, match=r"notes\.txt is not a folder"):
        write_text_atomic(deeper, "x")
    with pytest.raises(WriteError, match=r"notes\.txt is not a folder"):
        save_graph(tiny_data(), world / "home" / "notes.txt")
    with pytest.raises(WriteError, match=r"notes\.txt is not a folder"):
        write_known(world / "home" / "notes.txt" / "known.txt", {"alpha"})
    assert names_in(world / "home") == [".bashrc", "notes.txt"]


def test_a_name_too_long_is_refused(world: Path) -> None:
    with pytest.raises(WriteError, match="File name too long"):
        write_text_atomic(world / "home" / ("x" * 300), "x")
    with pytest.raises(WriteError, match="File name too long"):
        save_graph(tiny_data(), world / ("g" * 300))
    assert names_in(world / "home") == [".bashrc", "notes.txt"]


@pytest.mark.parametrize(
    ("make", "kind"),
    [
        (lambda p: os.mkfifo(p), "a FIFO"),
        (lambda p: p.mkdir(), "a folder"),
        (lambda p: p.symlink_to(p.parent / "notes.txt"), "a symbolic link"),
        (lambda p: p.symlink_to("/dev/full"), "a symbolic link"),
    ],
    ids=["FIFO", "folder", "link to a file", "link to a device"],
)
def test_an_export_replaces_regular_files_only(make: Callable[[Path], object], kind: str, world: Path) -> None:
    target = world / "home" / "out.md"
    make(target)
    before = snapshot(world / "home")
    with deadline(), pytest.raises(WriteError) as caught:
        write_text_atomic(target, "exported")
    assert str(caught.value) == f"cannot write {target}: it is {kind}; paperhop only replaces regular files"
    assert snapshot(world / "home") == before


def test_a_device_is_never_replaced() -> None:
    """As root, an export once replaced /dev/full with a regular file."""
    before = os.lstat("/dev/full")
    with pytest.raises(WriteError, match="it is a device; paperhop only replaces regular files"):
        write_text_atomic("/dev/full", "exported")
    after = os.lstat("/dev/full")
    assert stat.S_ISCHR(after.st_mode)
    assert (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)
    assert not [p for p in Path("/dev").iterdir() if p.name.startswith(".full.")]


def _failing(monkeypatch: pytest.MonkeyPatch, name: str, code: int, when: Callable[..., bool]) -> None:
    real = getattr(os, name)

    def fail(*args: Any, **kwargs: Any) -> Any:
        if when(*args, **kwargs):
            raise OSError(code, os.strerror(code))
        return real(*args, **kwargs)

    monkeypatch.setattr(os, name, fail)


@pytest.mark.parametrize(
    ("name", "code", "when"),
    [
        ("fsync", errno.ENOSPC, lambda fd: True),
        ("open", errno.EROFS, lambda path, flags, *a, **k: bool(flags & os.O_CREAT)),
        ("open", errno.EACCES, lambda path, flags, *a, **k: bool(flags & os.O_CREAT)),
        ("replace", errno.EROFS, lambda *a, **k: True),
        ("fchmod", errno.EPERM, lambda *a: True),
    ],
    ids=["full disk", "read-only", "permission", "rename refused", "chmod refused"],
)
def test_a_failed_write_is_one_error_and_leaves_the_old_file(
    name: str, code: int, when: Callable[..., bool], world: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = world / "home" / "notes.txt"
    before = snapshot(world / "home")
    _failing(monkeypatch, name, code, when)
    with pytest.raises(WriteError) as caught:
        write_text_atomic(target, "new notes")
    monkeypatch.undo()
    assert str(caught.value) == f"cannot write {target}: {os.strerror(code)}"
    assert caught.value.errno == code
    assert snapshot(world / "home") == before


@pytest.mark.parametrize("failure", [1, 2, 3, 4])
def test_a_save_that_fails_leaves_the_graph_as_it_was(
    failure: int, world: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The disk fills up on the first, second or third data file, or on the commit marker."""
    folder = world / "g"
    graph = snapshot(folder)
    calls: list[int] = []

    def full(fd: int) -> None:
        calls.append(fd)
        if len(calls) == failure:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    data = tiny_data()
    data.papers.pop("gamma")
    with pytest.raises(WriteError, match="No space left on device"):
        save_graph(data, folder)
    monkeypatch.undo()
    assert snapshot(folder) == graph
    assert load_graph(folder).papers.keys() == {"alpha", "beta", "gamma"}


def test_a_save_whose_swap_fails_is_committed_and_completed_later(world: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = world / "g"
    _failing(monkeypatch, "replace", errno.EIO, lambda src, dst, **k: dst == "edges.jsonl")
    data = tiny_data()
    data.papers.pop("gamma")
    data.edges = [e for e in data.edges if "gamma" not in (e.source, e.target)]
    with pytest.raises(WriteError, match=r"cannot complete a pending save: Input/output error"):
        save_graph(data, folder)
    monkeypatch.undo()
    assert load_graph(folder).papers.keys() == {"alpha", "beta"}  # committed: read as the marker says
    with graph_lock(folder):
        assert names_in(folder) == ["concepts.jsonl", "edges.jsonl", "papers.jsonl"]
    assert load_graph(folder).papers.keys() == {"alpha", "beta"}


def test_leftovers_of_a_save_interrupted_before_its_marker_are_removed_by_the_next_writer(world: Path) -> None:
    folder = world / "g"
    (folder / ".papers.jsonl.0123abcd").write_text("half a file")
    (folder / "..paperhop-commit.0123abcd").write_text("{")
    (folder / ".papers.jsonl.not-ours").write_text("kept")
    assert load_graph(folder).papers.keys() == {"alpha", "beta", "gamma"}
    with graph_lock(folder):
        pass
    assert names_in(folder) == [".papers.jsonl.not-ours", "concepts.jsonl", "edges.jsonl", "papers.jsonl"]


# The known-papers file.


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda p: p.write_bytes(b"alpha\n\xff\xfebeta\n"), "not UTF-8 text (byte 7)"),
        (lambda p: os.mkfifo(p), "a FIFO, not a regular file"),
        (lambda p: p.mkdir(), "a folder, not a regular file"),
        (lambda p: p.symlink_to(p.name), "Too many levels of symbolic links"),
        (lambda p: p.symlink_to("/dev/zero"), "a device, not a regular file"),
    ],
    ids=["not UTF-8", "FIFO", "folder", "link loop", "device"],
)
def test_a_known_papers_file_that_cannot_be_read(make: Callable[[Path], object], reason: str, tmp_path: Path) -> None:
    path = tmp_path / "known.txt"
    make(path)
    with deadline(), pytest.raises(ReadError) as caught:
        read_known(path)
    assert str(caught.value) == f"cannot read {path}: {reason}"
    assert isinstance(caught.value, PaperhopError)


def test_a_missing_known_papers_file_is_empty_and_written_whole(tmp_path: Path) -> None:
    path = tmp_path / "config" / "known.txt"
    assert read_known(path) == []
    write_known(path, {"beta", "alpha"})
    assert read_known(path) == ["alpha", "beta"]
    assert names_in(path.parent) == ["known.txt"]


def test_write_bytes_atomic_keeps_the_mode_it_is_given(tmp_path: Path) -> None:
    path = tmp_path / "entry"
    write_bytes_atomic(path, b"x", mode=0o600)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    os.chmod(path, 0o640)
    write_bytes_atomic(path, b"y")
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


# Revisions: `paperhop diff` reads a graph as it was at a git revision.


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository whose first commit has no graph, the second the tiny graph, the third hostile files."""
    repo = tmp_path / "repo"
    repo.mkdir()

    def git(*args: str) -> None:
        subprocess.run(
            ["git", "-C", str(repo), "-c", "user.email=t@example.org", "-c", "user.name=t", *args],
            check=True,
            capture_output=True,
        )

    git("init", "-q")
    (repo / "README").write_text("r\n")
    git("add", ".")
    git("commit", "-qm", "no graph")
    save_graph(tiny_data(), repo / "g")
    git("add", ".")
    git("commit", "-qm", "graph")
    (repo / "g" / "papers.jsonl").unlink()
    (repo / "g" / "papers.jsonl").symlink_to("/etc/passwd")
    git("add", "-A")
    git("commit", "-qm", "hostile")
    (repo / "g" / "papers.jsonl").unlink()
    save_graph(tiny_data(), repo / "g")
    return repo


def test_a_graph_at_a_revision(repo: Path) -> None:
    with graph_at("HEAD~1", repo / "g") as data:
        assert data.papers.keys() == {"alpha", "beta", "gamma"}
    with graph_at("HEAD~2", repo / "g") as data:
        assert data.papers == {}  # the folder did not exist then: everything is new since


@pytest.mark.parametrize(
    "where",
    [
        "nope",
        "HEAD~9",
        "HEAD:g",
        "0" * 40,
        "-p",
        "--output=written",
        "--output=../written",
        "--end-of-options",
        "HEAD\0",
        "x" * 200_000,
        "",
    ],
)
def test_an_unknown_or_hostile_revision_is_an_error_and_writes_nothing(
    where: str, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo)
    before = snapshot(repo.parent)
    with pytest.raises(GraphDataError) as caught, graph_at(where, repo / "g"):
        pass
    assert str(caught.value).endswith(": not a graph folder or a git revision")
    assert snapshot(repo.parent) == before


def test_a_link_at_a_revision_is_not_followed(repo: Path) -> None:
    with (
        pytest.raises(GraphDataError, match=r"HEAD~0:g/papers\.jsonl: not a regular file at that revision"),
        graph_at("HEAD~0", repo / "g"),
    ):
        pass


def test_a_new_graph_goes_only_where_nothing_is(world: Path) -> None:
    from paperhop.store.folder import init_graph

    init_graph(world / "new" / "graph")
    assert load_graph(world / "new" / "graph").papers == {}
    for taken, why in [
        (world / "g", f"{world / 'g'} exists and is not empty"),
        (
            world / "home" / "notes.txt",
            f"cannot write {world / 'home' / 'notes.txt'}: {world / 'home' / 'notes.txt'} is not a folder",
        ),
        (world / ("n" * 300), "File name too long"),
    ]:
        before = snapshot(world)
        with pytest.raises(PaperhopError) as caught:
            init_graph(taken)
        assert why in str(caught.value)
        assert snapshot(world) == before


def test_an_import_file_is_read_as_text_or_refused(tmp_path: Path) -> None:
    from paperhop.store.files import read_text_file

    path = tmp_path / "list.md"
    with pytest.raises(ReadError, match=r"list\.md: No such file or directory"):
        read_text_file(path)
    assert read_text_file(path, missing_ok=True) == ""
    path.write_text("# Reading\nhttps://arxiv.org/abs/2010.11929\n")
    assert read_text_file(path).startswith("# Reading")
    path.write_bytes(b"\x89PNG\r\n")
    with pytest.raises(ReadError, match=r"not UTF-8 text \(byte 1\)"):
        read_text_file(path)
