"""Hostile arguments and files at the command line: one clean line on stderr, exit 1 or 2, never a traceback."""

from __future__ import annotations

import json
import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from paperhop.cli import cli
from paperhop.cli.options import MESSAGE_CHARS
from paperhop.models import GraphData, Paper
from paperhop.store.folder import load_graph, save_graph

from .s2_server import Server, serve
from .test_hostile_files import DEADLINE, FOLDERS, snapshot
from .test_hostile_files import world as world  # a fixture, shared

HUGE = str(10**30)


@pytest.fixture
def server() -> Iterator[Server]:
    yield from serve()


def invoke(runner: CliRunner, *args: str, seconds: int = 20) -> Result:
    """Run one command in-process, failing the test if it takes longer than *seconds*."""

    def hang(signum: int, frame: object) -> None:
        raise TimeoutError(f"paperhop {' '.join(args)[:80]} hung")

    previous = signal.signal(signal.SIGALRM, hang)
    signal.alarm(seconds)
    try:
        return runner.invoke(cli, list(args))
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def assert_clean_failure(result: Result) -> str:
    """Exit 1 or 2, one short line on stderr that says what is wrong, no traceback."""
    assert result.exit_code in (1, 2), (result.exit_code, result.output, result.exception)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    lines = result.stderr.strip().splitlines()
    message = lines[-1]
    assert message.startswith("Error: ")
    assert "Traceback" not in result.stderr
    assert len(message) <= MESSAGE_CHARS + len("Error: ")
    assert all(ch.isprintable() for ch in message)
    return message


@pytest.mark.parametrize(
    "args",
    [
        ("path", "vit", "sora", "-k", HUGE),
        ("why", "unet", "--for", "sora", "--limit", HUGE),
        ("reading-list", "sora", "--depth", HUGE),
        ("plan", "sora", "--max", HUGE),
        ("export", "html", "-", "--focus", "vit", "--depth", HUGE),
        ("add", "2010.11929", "--references", "--limit", HUGE, "--graph", "g"),
        ("add", "2010.11929", "--references", "--depth", HUGE, "--graph", "g"),
    ],
)
def test_counts_beyond_any_integer_are_usage_errors(runner: CliRunner, args: tuple[str, ...]) -> None:
    result = invoke(runner, *args)
    assert result.exit_code == 2
    assert "is not in the range" in assert_clean_failure(result)


@pytest.mark.parametrize(
    "args",
    [
        ("path", "x" * 200_000, "sora"),
        ("show", "\x1b]0;owned\x07" + "y" * 5_000),
        ("search", "z" * 200_000),
        ("path", "vit", "sora", "--graph", "g" * 5_000),
        ("known", "list", "--known-file", "k" * 5_000),
    ],
)
def test_a_very_long_or_hostile_argument_gets_a_short_plain_line(runner: CliRunner, args: tuple[str, ...]) -> None:
    assert_clean_failure(invoke(runner, *args))


def test_an_import_file_that_is_not_utf8(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "list.md"
    bad.write_bytes(b"# Reading\n\xff\xfe https://arxiv.org/abs/2010.11929\n")
    message = assert_clean_failure(invoke(runner, "import", str(bad), "--graph", str(tmp_path / "g")))
    assert message.endswith(": not UTF-8 text (byte 11)")
    assert not (tmp_path / "g" / "papers.jsonl").exists()


def test_an_import_file_that_is_a_fifo_is_refused_at_once(runner: CliRunner, tmp_path: Path) -> None:
    fifo = tmp_path / "list.md"
    os.mkfifo(fifo)
    message = assert_clean_failure(invoke(runner, "import", str(fifo), "--graph", str(tmp_path / "g"), seconds=10))
    assert "not a regular file" in message


def test_an_add_after_one_killed_in_a_new_folder_keeps_the_first_paper(
    server: Server, runner: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The first `add` into a new folder died after its commit marker: the second must keep its paper."""
    monkeypatch.setenv("PAPERHOP_S2_API_URL", server.url)
    folder = tmp_path / "new"
    save_graph(GraphData("new", {"first": Paper(key="first", title="The First Paper", year=2020)}), folder)
    staged = {}  # the same save, staged again by hand, as if killed between its marker and its swap
    for name in ("papers.jsonl", "concepts.jsonl", "edges.jsonl"):
        (folder / f".{name}.dead0000").write_bytes((folder / name).read_bytes())
        (folder / name).unlink()
        staged[name] = f".{name}.dead0000"
    (folder / ".paperhop-commit").write_text(json.dumps(staged))
    result = invoke(runner, "add", "2210.02303", "--graph", str(folder), "--no-cache")
    assert result.exit_code == 0, result.output + result.stderr
    assert set(load_graph(folder).papers) == {"first", "ho2022imagen"}


# Every command that reads a graph, run on every hostile graph folder of the store's corpus.
READERS: dict[str, tuple[str, ...]] = {
    "path": ("path", "alpha", "gamma"),
    "reading-list": ("reading-list", "gamma"),
    "show": ("show", "alpha"),
    "search": ("search", "alpha"),
    "list": ("list",),
    "stats": ("stats",),
    "validate": ("validate",),
    "plan": ("plan", "gamma"),
    "next": ("next", "gamma"),
    "why": ("why", "alpha", "--for", "gamma"),
    "concept": ("concept", "idea"),
    "doctor": ("doctor",),
    "export html": ("export", "html", "-"),
    "export mermaid": ("export", "mermaid", "-"),
    "export graphml": ("export", "graphml", "-"),
    "known add": ("known", "add", "alpha"),
}


@pytest.mark.parametrize("case", sorted(FOLDERS))
def test_every_command_on_a_hostile_graph_folder_fails_cleanly_and_harms_nothing(
    case: str, world: Path, runner: CliRunner
) -> None:
    FOLDERS[case](world)
    before = snapshot(world)
    for name, args in READERS.items():
        result = invoke(runner, *args, "--graph", str(world / "g"), seconds=DEADLINE)
        if name == "validate":  # its report is its output: every problem, one a line, then exit 1
            assert result.exit_code == 1, result.output
            assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
            assert result.output.rstrip().endswith("warnings")
        else:
            assert_clean_failure(result)
        assert snapshot(world) == before, f"{name} changed files"
    assert_clean_failure(invoke(runner, "diff", str(world / "g"), str(world / "g"), seconds=DEADLINE))
    assert snapshot(world) == before


@pytest.mark.parametrize(("interrupt_after_marker", "said"), [(False, "not changed"), (True, "saved")])
def test_an_interrupted_add_says_what_happened_to_the_graph(
    server: Server,
    runner: CliRunner,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    interrupt_after_marker: bool,
    said: str,
) -> None:
    """Ctrl-C while saving: before the commit marker the graph is as it was, after it the save stands."""
    from paperhop.store import folder as store

    monkeypatch.setenv("PAPERHOP_S2_API_URL", server.url)
    real_replace = os.replace

    def interrupted(src: object, dst: object, **kwargs: object) -> None:
        if str(dst).endswith(store.COMMIT) and interrupt_after_marker:
            real_replace(src, dst, **kwargs)  # type: ignore[arg-type]
        if str(dst).endswith(store.COMMIT) or interrupt_after_marker:
            raise KeyboardInterrupt
        real_replace(src, dst, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(store.os, "replace", interrupted)
    result = invoke(runner, "add", "2210.02303", "--graph", str(tmp_path / "g"), "--no-cache")
    assert assert_clean_failure(result) == f"Error: interrupted; the graph was {said}"
    monkeypatch.undo()
    papers = set(load_graph(tmp_path / "g").papers)
    assert papers == ({"ho2022imagen"} if interrupt_after_marker else set())


def test_an_output_file_named_with_escape_codes_is_echoed_as_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    name = "a\x1b]0;owned\x07b.mmd"
    result = CliRunner().invoke(cli, ["export", "mermaid", name])
    assert result.exit_code == 0
    assert (tmp_path / name).exists()
    assert "\x1b" not in result.stderr
    assert "\x07" not in result.stderr
    assert result.stderr.startswith("wrote a")
