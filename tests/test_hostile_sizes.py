"""The worst valid graphs: long chains, cycles and ladders get bounded work and an honest answer.

Times are measured in benchmarks/bench_worst.py; here the work is held by the search's own bound.
"""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from paperhop.queries import paths as paths_module
from paperhop.queries.paths import reading_paths

from .test_hostile_cli import invoke


def write_graph(folder: Path, keys: list[str], edges: list[tuple[str, str]]) -> Path:
    folder.mkdir()
    papers = [{"key": key, "title": f"Paper {key}", "year": 2000} for key in keys]
    (folder / "papers.jsonl").write_bytes(b"".join(orjson.dumps(p) + b"\n" for p in papers))
    (folder / "concepts.jsonl").write_bytes(b"")
    lines = [orjson.dumps({"source": u, "target": v, "kind": "cites"}) + b"\n" for u, v in edges]
    (folder / "edges.jsonl").write_bytes(b"".join(lines))
    return folder


def chain(folder: Path, n: int, *, cycle: bool = False) -> Path:
    keys = [f"p{i}" for i in range(n)]
    edges = list(pairwise(keys))
    return write_graph(folder, keys, edges + [(keys[-1], keys[0])] * cycle)


def ladder(folder: Path, n: int) -> Path:
    """Two rails of n + 1 papers, with rungs both ways: every paper of a path is a place to turn off."""
    keys = [f"{side}{i}" for side in "ab" for i in range(n + 1)]
    edges = [(f"{s}{i}", f"{s}{i + 1}") for s in "ab" for i in range(n)]
    edges += [(f"a{i}", f"b{i + 1}") for i in range(n)] + [(f"b{i}", f"a{i + 1}") for i in range(n)]
    return write_graph(folder, keys, edges)


@pytest.mark.parametrize("args", [["path", "p0", "p4999", "-k", "2"], ["why", "p0", "p4999", "--limit", "3"]])
def test_a_long_chain_has_one_path_and_says_so(runner: CliRunner, tmp_path: Path, args: list[str]) -> None:
    folder = chain(tmp_path / "chain", 5000)
    result = invoke(runner, *args, "--graph", str(folder), "--format", "json", seconds=120)
    assert result.exit_code == 0, result.output + result.stderr
    doc = orjson.loads(result.output)
    assert doc["complete"] is True
    assert [len(p["nodes"]) for p in doc["paths"]] == [5000]


def test_the_search_of_a_chain_is_linear(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # networkx's Yen copied the first path once per node: 279 s for `path -k 2` on 20,000 papers.
    # Three sweeps of the chain are enough for the first path and a failed turn-off at every paper.
    from paperhop import load

    G = load(chain(tmp_path / "chain", 20_000))
    monkeypatch.setattr(paths_module, "SWEEPS", 3)
    monkeypatch.setattr(paths_module, "MAX_SWEEPS", 3)
    found = reading_paths(G, "p0", "p19999", k=2)
    assert found.complete
    assert len(found) == 1


def test_a_cycle_answers_why_from_either_side(runner: CliRunner, tmp_path: Path) -> None:
    folder = chain(tmp_path / "cycle", 3000, cycle=True)
    for a, b, hops in (("p10", "p20", 11), ("p20", "p10", 2991)):
        result = invoke(runner, "why", a, b, "--graph", str(folder), "--format", "json", seconds=120)
        assert result.exit_code == 0, result.output + result.stderr
        doc = orjson.loads(result.output)
        assert doc["complete"] is True
        assert [len(p["nodes"]) for p in doc["paths"]] == [hops]


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_a_ladder_stops_at_the_bound_and_says_so(runner: CliRunner, tmp_path: Path, fmt: str) -> None:
    folder = ladder(tmp_path / "ladder", 300)
    result = invoke(runner, "path", "a0", "b300", "-k", "5", "--graph", str(folder), "--format", fmt, seconds=120)
    assert result.exit_code == 0, result.output + result.stderr
    if fmt == "json":
        doc = orjson.loads(result.output)
        assert doc["complete"] is False
        assert 1 <= len(doc["paths"]) < 5
    else:
        assert "Stopped after" in result.output
        assert "may exist" in result.output


def test_a_cycle_of_thousands_is_named_in_one_short_line(runner: CliRunner, tmp_path: Path) -> None:
    folder = chain(tmp_path / "cycle", 3000, cycle=True)
    result = invoke(runner, "validate", "--graph", str(folder), seconds=120)
    assert result.exit_code == 0, result.output + result.stderr
    [cycle] = [line for line in result.output.splitlines() if "cites cycle" in line]
    assert cycle.endswith("p1013, p1014 and 2,980 more")  # the first 20 keys, in order, then a count
    assert len(cycle) < 300


PEAK = """
import resource, sys
from paperhop.load import validate_result
validate_result(sys.argv[1])
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def peak_kb(folder: Path) -> int:
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", PEAK, str(folder)], capture_output=True, text=True, check=True)
    return int(done.stdout)


@pytest.mark.parametrize(
    "fault",
    [
        b'{"key": "big", "title": "Big", "year": 2020, "unknown_field": 1, "summary": "%s"}',
        b'{"key": "big", "title": "Big", "year": "soon", "summary": "%s"}',
        b'{"key": "big", "title": "Big", "year": 2020, "summary": "%s"',  # not JSON: never closed
        b'{"key": "big", "title": "Big", "year": 2020, "summary": "%s\\q"}',  # not JSON: a bad escape
    ],
    ids=["unknown field", "wrong type", "left open", "bad escape"],
)
def test_telling_a_fault_in_a_huge_line_costs_no_more_memory_than_parsing_it(tmp_path: Path, fault: bytes) -> None:
    # A 50 MB line with an unknown field made `validate` peak at 4.9 GB (a regex's backtracking stack).
    text = b"x" * 20_000_000
    good = write_graph(tmp_path / "good", [], [])
    (good / "papers.jsonl").write_bytes(b'{"key": "big", "title": "Big", "year": 2020, "summary": "%s"}\n' % text)
    bad = write_graph(tmp_path / "bad", [], [])
    (bad / "papers.jsonl").write_bytes(fault % text + b"\n")
    assert peak_kb(bad) <= 1.5 * peak_kb(good)
