"""Another local user, for real: a second account, made by the test, owns the files it plants or rewrites.

paperhop trusts a cache file only if the user running it owns it and nobody else can write it; a graph found
above the working folder only if it is the user's own. The other tests stand in for another user with files
that others can write; these make one (as root: CI runs as root) and act as it, with coreutils. Where no
account can be made, they are skipped and say why.
"""

from __future__ import annotations

import os
import pwd
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from paperhop.cli import cli
from paperhop.store.folder import default_graph_path

from .test_hostile_cache import BAD, GOOD

OTHER = "paperhop-other"


@pytest.fixture(scope="module")
def other() -> int:
    """The uid of a second local user, made once."""
    if os.getuid() != 0:
        pytest.skip("making a second user needs root (CI runs as root)")
    if shutil.which("useradd") is None:
        pytest.skip("no useradd on this machine")
    try:
        return pwd.getpwnam(OTHER).pw_uid
    except KeyError:
        subprocess.run(
            ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", OTHER],
            check=True,
            capture_output=True,
        )
        return pwd.getpwnam(OTHER).pw_uid


@pytest.fixture
def shared() -> Iterator[Path]:
    """A folder like /tmp: everyone may write in it, and only remove their own files."""
    folder = Path(tempfile.mkdtemp(prefix="paperhop-shared-"))
    folder.chmod(0o1777)
    yield folder
    shutil.rmtree(folder)


def as_other(*args: str) -> None:
    subprocess.run(list(args), user=OTHER, check=True, capture_output=True)


def answer(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def copy_of_shipped(folder: Path) -> Path:
    """The shipped graph, copied into *folder* by the other user."""
    as_other("mkdir", str(folder))
    for f in sorted(default_graph_path().glob("*.jsonl")):
        data = f.read_bytes()
        # the other user writes the file (`tee` as them), from bytes this process read
        subprocess.run(["tee", str(folder / f.name)], input=data, user=OTHER, check=True, capture_output=True)
        as_other("touch", "-d", "@1700000000", str(folder / f.name))  # long ago: its stat identity is trusted
    return folder


def rewrite_in_place_as_other(path: Path, old: bytes, new: bytes) -> None:
    """The other user overwrites *old* with *new* in place (same size), then puts the mtime back."""
    info = path.stat()
    offset = path.read_bytes().index(old)
    subprocess.run(
        ["dd", f"of={path}", "bs=1", f"seek={offset}", "conv=notrunc", "status=none"],
        input=new,
        user=OTHER,
        check=True,
    )
    as_other("touch", "-d", f"@{info.st_mtime_ns / 1e9:.9f}", str(path))
    assert path.stat().st_size == info.st_size
    assert path.stat().st_uid != os.getuid()


def test_another_users_copy_of_the_shipped_graph_never_changes_my_answers(other: int, shared: Path) -> None:
    """Defect 1: read once with --graph, then rewritten by its owner to the same size with its mtime put back,
    it left `paperhop path vit sora` and `show vit` printing the owner's title until the cache was deleted."""
    copy = copy_of_shipped(shared / "copy")
    assert GOOD.decode() in answer("show", "vit", "--graph", str(copy))[1]
    rewrite_in_place_as_other(copy / "papers.jsonl", GOOD, BAD)
    for args in (["show", "vit"], ["path", "vit", "sora", "--format", "json"]):
        code, out, _ = answer(*args)
        assert code == 0
        assert GOOD.decode() in out
        assert BAD.decode() not in out
    assert BAD.decode() in answer("show", "vit", "--graph", str(copy))[1]  # the copy reads as it now is


def test_a_cache_folder_another_user_made_is_not_used(
    other: int, shared: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # my own index of the shipped graph, altered and planted in a cache folder the other user owns
    monkeypatch.setenv("PAPERHOP_CACHE_DIR", str(tmp_path / "mine"))
    assert answer("show", "vit")[0] == 0
    [mine] = (tmp_path / "mine").glob("index-*.sqlite")
    planted = tmp_path / "planted.sqlite"
    shutil.copy(mine, planted)
    with sqlite3.connect(planted) as db:
        db.execute("UPDATE nodes SET record = replace(record, ?, ?)", (GOOD.decode(), BAD.decode()))
    theirs = shared / "cache"
    as_other("mkdir", "-m", "755", str(theirs))
    subprocess.run(["tee", str(theirs / mine.name)], input=planted.read_bytes(), user=OTHER, check=True, stdout=-3)
    monkeypatch.setenv("PAPERHOP_CACHE_DIR", str(theirs))
    code, out, err = answer("show", "vit")
    assert code == 0
    assert GOOD.decode() in out
    assert f"the cache folder {theirs} is not ours alone" in err
    assert sorted(p.name for p in theirs.iterdir()) == [mine.name]  # nothing of mine written there


def test_semantic_scholar_answers_another_user_planted_are_not_read_or_written(other: int, shared: Path) -> None:
    from paperhop.store.responses import ResponseCache

    request = ("GET", "paper/arXiv:2010.11929", ())
    theirs = shared / "s2"
    as_other("mkdir", "-m", "755", str(theirs))
    name = ResponseCache(theirs)._path(request).name
    subprocess.run(["tee", str(theirs / name)], input=b'{"title": "attacker"}', user=OTHER, check=True, stdout=-3)
    cache = ResponseCache(theirs)
    assert cache.get(request, 1000) is None
    cache.put({"other": 1}, b"{}")  # type: ignore[arg-type]
    assert [p.name for p in theirs.iterdir()] == [name]


def test_a_graph_another_user_left_above_me_is_refused(
    other: int, shared: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = copy_of_shipped(shared / "project")
    as_other("mkdir", str(copy / "notes"))
    monkeypatch.chdir(copy / "notes")
    code, _, err = answer("path", "vit", "sora")  # found by walking up, as git finds a repository: refused
    assert code == 1
    assert "holds a graph that belongs to another user; name it with --graph" in err
    code, out, _ = answer("path", "vit", "sora", "--graph", "..")  # named: used, as the user asked
    assert code == 0
    assert "Reading path from ViT to Sora" in out
