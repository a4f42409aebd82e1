"""Main path analysis (``paperhop main-path``): Batagelj's search path counts (SPC), checked against two published
examples and against a count of every path, and the backbone they give of a paper's citations."""

from __future__ import annotations

import json
from itertools import pairwise

import networkx as nx
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from paperhop import load
from paperhop.cli import cli
from paperhop.engine import main_path, search_path_counts
from paperhop.errors import PaperhopError
from paperhop.index import open_index
from paperhop.index.source import IndexSource
from paperhop.reader import Reader

from .test_index import same_result


def spc_of(arcs: list[tuple[str, str]]) -> dict[tuple[str, str], int]:
    G = nx.DiGraph(arcs)
    order = list(nx.lexicographical_topological_sort(G))
    return search_path_counts(order, {v: list(G.pred[v]) for v in order})


# Kuan, C.-H. (2020). Regarding weight assignment algorithms of main path analysis and the conversion of arc
# weights to node weights. Scientometrics 124, 775-782. The network of its Fig. 2 (i -> j: j cites i).
KUAN_FIG_2 = [
    (1, 4),
    (2, 4),
    (3, 4),
    (4, 5),
    (4, 6),
    (5, 7),
    (6, 8),
    (7, 8),
    (7, 9),
    (7, 10),
    (7, 11),
    (8, 12),
    (8, 13),
]


def test_spc_gives_the_weights_printed_by_kuan_2020() -> None:
    """Kuan (2020): the two arcs its text works through, SPC(8, 12) = 6 and SPC(1, 4) = 7, and Table 3's SPC
    weighted in- and out-degree of nodes 1 to 13 (the sums of the SPC of the arcs into and out of each). The
    figures are as transcribed in the tests of the R package netmem (tests/testthat/test_main_path.R); the paper
    itself was not at hand to read them from."""
    spc = spc_of([(str(u), str(v)) for u, v in KUAN_FIG_2])
    assert spc[("8", "12")] == 6
    assert spc[("1", "4")] == 7
    nodes = [str(i) for i in range(1, 14)]
    indegree = [sum(w for (_, v), w in spc.items() if v == n) for n in nodes]
    outdegree = [sum(w for (u, _), w in spc.items() if u == n) for n in nodes]
    assert indegree == [0, 0, 0, 21, 15, 6, 15, 12, 3, 3, 3, 6, 6]
    assert outdegree == [7, 7, 7, 21, 15, 6, 15, 12, 0, 0, 0, 0, 0]


def test_spc_gives_the_weights_of_liu_and_lu_2012_figure_1() -> None:
    """Liu, J. S. and Lu, L. Y. Y. (2012). An integrated approach for main path analysis: development of the Hirsch
    index as an example. JASIST 63(3), 528-542. Fig. 1 gives the SPC of each arc of its example network (as
    transcribed in netmem's tests, as above)."""
    printed = {
        ("A", "H"): 3, ("B", "H"): 3, ("H", "J"): 4, ("H", "D"): 2, ("J", "C"): 2, ("J", "D"): 2,
        ("B", "I"): 4, ("I", "F"): 1, ("I", "G"): 2, ("I", "E"): 1, ("G", "D"): 1, ("G", "E"): 1,
    }  # fmt: skip
    assert spc_of(list(printed)) == printed


@st.composite
def dags(draw: st.DrawFn) -> list[tuple[str, str]]:
    n = draw(st.integers(2, 9))
    pairs = st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)).filter(lambda p: p[0] < p[1])
    return [(f"n{u}", f"n{v}") for u, v in sorted(draw(st.sets(pairs, min_size=1, max_size=20)))]


@settings(max_examples=300, deadline=None)
@given(dags())
def test_an_arcs_spc_is_the_number_of_source_to_sink_paths_through_it(arcs: list[tuple[str, str]]) -> None:
    G = nx.DiGraph(arcs)
    sources = [v for v in G if not G.pred[v]]
    sinks = [v for v in G if not G.succ[v]]
    through = dict.fromkeys(arcs, 0)
    for s in sources:
        for t in sinks:
            for path in nx.all_simple_paths(G, s, t):
                for arc in pairwise(path):
                    through[arc] += 1
    assert spc_of(arcs) == through


@settings(max_examples=300, deadline=None)
@given(dags())
def test_the_global_main_path_is_the_heaviest_source_to_sink_path(arcs: list[tuple[str, str]]) -> None:
    G = nx.DiGraph(arcs)
    order = list(nx.lexicographical_topological_sort(G))
    spc = search_path_counts(order, {v: list(G.pred[v]) for v in order})
    found = main_path(order, spc)
    sources = [v for v in G if not G.pred[v]]
    sinks = [v for v in G if not G.succ[v]]
    every = [p for s in sources for t in sinks for p in nx.all_simple_paths(G, s, t)]
    assert found in every
    assert sum(spc[a] for a in pairwise(found)) == max(sum(spc[a] for a in pairwise(p)) for p in every)


@settings(max_examples=300, deadline=None)
@given(dags())
def test_the_local_main_path_takes_the_heaviest_arc_at_each_step(arcs: list[tuple[str, str]]) -> None:
    G = nx.DiGraph(arcs)
    order = list(nx.lexicographical_topological_sort(G))
    spc = search_path_counts(order, {v: list(G.pred[v]) for v in order})
    found = main_path(order, spc, search="local")
    assert not G.pred[found[0]]
    assert not G.succ[found[-1]]
    assert spc[tuple(found[:2])] == max(w for (u, _), w in spc.items() if not G.pred[u])
    for u, v in pairwise(found[1:]):
        assert spc[(u, v)] == max(spc[(u, w)] for w in G.succ[u])


def test_the_main_path_to_sora_follows_its_citations_back_to_a_first_paper() -> None:
    G = load()
    found = Reader(G).main_path("sora")
    keys = [n.key for n in found.path.nodes]
    assert keys[-1] == "sora"
    assert all(G.has_edge(u, v) and "cites" in G[u][v].get("kinds", "cites") for u, v in pairwise(keys))
    assert len(found.weights) == len(keys) - 1
    assert all(0 < w <= found.search_paths for w in found.weights)
    cited = nx.DiGraph((u, v) for u, v, kinds in G.edges(data="kinds", default="cites") if "cites" in kinds.split())
    ancestry = cited.subgraph(nx.ancestors(cited, "sora") | {"sora"})
    assert not ancestry.pred[keys[0]]  # it starts at a paper that cites none of the others
    assert found.search_paths == sum(
        1 for s in ancestry if not ancestry.pred[s] for _ in nx.all_simple_paths(ancestry, s, "sora")
    )


@pytest.mark.parametrize("search", ["global", "local"])
def test_the_index_gives_the_same_main_path(search: str) -> None:
    G = load()
    with open_index() as ix:
        for target in ("sora", "dit", "vivit"):
            same_result(
                Reader(IndexSource(ix)).main_path(target, search=search), Reader(G).main_path(target, search=search)
            )


def test_a_paper_that_cites_nothing_here_has_no_main_path() -> None:
    G = load()
    first = next(k for k in G if G.nodes[k]["type"] == "paper" and not any(G.pred[k]))
    with pytest.raises(PaperhopError, match="cites no paper"):
        Reader(G).main_path(first)


def test_main_path_command_in_every_format() -> None:
    runner = CliRunner()
    text = runner.invoke(cli, ["main-path", "sora"])
    assert text.exit_code == 0, text.output
    assert text.output.startswith("Main path to Sora")
    assert "search paths" in text.output
    data = json.loads(runner.invoke(cli, ["main-path", "sora", "--format", "json"]).output)
    assert data["target"] == "sora"
    assert data["path"]["nodes"][-1]["key"] == "sora"
    assert len(data["weights"]) == len(data["path"]["nodes"]) - 1
    markdown = runner.invoke(cli, ["main-path", "sora", "--search", "local", "--format", "markdown"]).output
    assert markdown.startswith("### Main path to Sora")
    bad = runner.invoke(cli, ["main-path", "no such paper"])
    assert bad.exit_code == 1
