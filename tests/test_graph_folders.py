"""Graph folders behave as a user expects: found from inside, as git finds its repository; refused when not one."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from paperhop.cli import cli
from paperhop.errors import GraphDataError
from paperhop.load import find_graph, load

ROOT = Path(__file__).resolve().parents[1]


def invoke(runner: CliRunner, *args: str) -> Result:
    return runner.invoke(cli, list(args))


def test_a_graph_is_found_in_the_folder_or_above_it(tiny_graph_dir: Path, tmp_path: Path) -> None:
    below = tiny_graph_dir / "notes" / "drafts"
    below.mkdir(parents=True)
    assert find_graph(tiny_graph_dir) == tiny_graph_dir
    assert find_graph(below) == tiny_graph_dir
    assert find_graph(tmp_path) is None
    assert find_graph(ROOT) is None  # the repository holds graph_data/road-to-sora, but is no graph folder


def test_a_pending_save_alone_makes_a_graph_folder(tmp_path: Path) -> None:
    (tmp_path / ".paperhop-commit").write_text("{}")
    assert find_graph(tmp_path) == tmp_path


@pytest.mark.skipif(os.getuid() != 0, reason="giving a folder away takes root")
def test_a_graph_folder_that_is_another_users_is_not_used(tiny_graph_dir: Path) -> None:
    os.chown(tiny_graph_dir, 4321, 4321)
    with pytest.raises(GraphDataError, match="holds a graph that belongs to another user; name it with --graph"):
        find_graph(tiny_graph_dir / ".")


def test_commands_inside_a_graph_folder_use_it_and_say_so(
    runner: CliRunner, tiny_graph_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tiny_graph_dir / "sub").mkdir()
    monkeypatch.chdir(tiny_graph_dir / "sub")
    result = invoke(runner, "stats")
    assert result.exit_code == 0
    assert result.stdout.startswith("name:      tiny\npapers:    3\n")
    assert result.stderr == f"using the graph in {tiny_graph_dir}\n"
    validated = invoke(runner, "validate")
    assert (validated.stdout, validated.stderr) == ("0 errors, 0 warnings\n", f"using the graph in {tiny_graph_dir}\n")
    named = invoke(runner, "stats", "--graph", str(ROOT / "graph_data" / "road-to-sora"))  # named: no search, no word
    assert (named.stdout.splitlines()[0], named.stderr) == ("name:      road-to-sora", "")
    monkeypatch.setenv("PAPERHOP_GRAPH", str(ROOT / "graph_data" / "road-to-sora"))
    assert invoke(runner, "stats").stderr == ""


def test_outside_any_graph_folder_the_shipped_graph_is_used(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for where in (ROOT, tmp_path):  # the repository itself, where the tests run, is not a graph folder
        monkeypatch.chdir(where)
        result = invoke(runner, "stats")
        assert (result.stdout.splitlines()[0], result.stderr) == ("name:      road-to-sora", "")


def test_a_folder_with_no_graph_files_is_not_a_graph_folder(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not a graph\n")
    not_a_graph = f"{tmp_path}: not a graph folder (no papers.jsonl, concepts.jsonl or edges.jsonl)"
    result = invoke(runner, "stats", "--graph", str(tmp_path))
    assert (result.exit_code, result.stderr) == (1, f"Error: {not_a_graph}\n")
    validated = invoke(runner, "validate", str(tmp_path))
    assert (validated.exit_code, validated.output) == (1, f"error: {not_a_graph}\n1 errors, 0 warnings\n")
    compared = invoke(runner, "diff", str(tmp_path), str(tmp_path))
    assert (compared.exit_code, compared.stderr) == (1, f"Error: {not_a_graph}\n")
    with pytest.raises(GraphDataError, match="not a graph folder"):
        load(tmp_path)


def test_init_then_commands_inside_it(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "mine").mkdir()
    monkeypatch.chdir(tmp_path / "mine")
    made = invoke(runner, "init")
    assert (made.exit_code, made.stdout) == (0, f"made an empty graph in {tmp_path / 'mine'}\n")
    assert sorted(p.name for p in (tmp_path / "mine").iterdir()) == ["concepts.jsonl", "edges.jsonl", "papers.jsonl"]
    assert all(p.stat().st_size == 0 for p in (tmp_path / "mine").iterdir())
    linked = invoke(runner, "link", "--offline")  # a writer, inside: no --graph needed
    assert (linked.exit_code, linked.stdout) == (0, "added 0 papers, 0 citations\n")
    assert linked.stderr == f"using the graph in {tmp_path / 'mine'}\n"
    again = invoke(runner, "init")
    assert again.exit_code == 1
    assert "exists and is not empty" in again.stderr


def test_a_writer_outside_any_graph_folder_must_be_told_where(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    refused = invoke(runner, "link", "--offline")
    assert refused.exit_code == 2
    assert "name it with --graph DIR or PAPERHOP_GRAPH, or run it in a graph folder" in refused.stderr
    made = invoke(runner, "link", "--offline", "--graph", str(tmp_path / "new"))  # a writer makes the graph
    assert made.exit_code == 0, made.output
    assert load(tmp_path / "new").number_of_nodes() == 0
