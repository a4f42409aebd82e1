"""The synthetic graph generator (tests.synthetic, which the benchmarks use too) makes graphs paperhop accepts, with the shape it promises."""

from __future__ import annotations

from collections import Counter

import networkx as nx

from paperhop.graph import build_graph, check, edge_links, record

from .synthetic import generate


def test_generated_graphs_are_valid_heavy_tailed_and_acyclic() -> None:
    data = generate(2000, 10, seed=3)
    assert [p for p in check(data) if p.severity == "error"] == []
    G = build_graph(data)
    assert nx.is_directed_acyclic_graph(G)
    cited = Counter(u for u, v in G.edges if "cites" in edge_links(G, u, v))
    counts = sorted(cited.values(), reverse=True)
    assert counts[0] > 10 * (sum(counts) / len(counts))  # heavy-tailed: uniform choice would give ~3x
    assert len(reading_list_of_newest := nx.ancestors(G, "p1999")) > 500
    assert all(record(G, k).year <= 2025 for k in reading_list_of_newest if k.startswith("p"))


def test_cycles_are_citation_cycles_that_validate_warns_about() -> None:
    data = generate(2000, 10, seed=4, cycles=5)
    problems = check(data)
    assert [p for p in problems if p.severity == "error"] == []
    assert sum(p.location == "cites cycle" for p in problems) == 5
