"""Citation-like graphs in paperhop's own records, for benchmarks.

``generate(n)`` makes n papers, oldest first, each citing about
``edges_per_paper`` older ones: half chosen by preferential attachment (a paper
is picked in proportion to 1 + the citations it already has, so a few classics
collect thousands of citations as in real data), half among recent papers. A share of the citations are
also curated ``builds_on`` links, there is one concept per 100 papers
(introduced by one paper, used by later ones), and ``cycles`` pairs of
papers of the same year cite each other, as revisions and simultaneous
papers do.
"""

from __future__ import annotations

import random

from paperhop.models import Concept, Edge, GraphData, Paper

__all__ = ["generate"]


def generate(
    n: int, edges_per_paper: int = 10, *, seed: int = 0, cycles: int = 0, curated_share: float = 0.05
) -> GraphData:
    rng = random.Random(seed)
    keys = [f"p{i}" for i in range(n)]
    papers = {
        k: Paper(key=k, title=f"Synthetic paper {i}", year=1990 + i * 35 // n, authors=[f"Author {i % 97}"])
        for i, k in enumerate(keys)
    }
    edges: list[Edge] = []
    pool: list[int] = []  # paper i appears 1 + (citations of i) times
    for i in range(n):
        # Half the references go to what is already much cited (a few classics collect thousands),
        # half to recent work: so the newest papers have deep, wide ancestries, as in real fields.
        popular = {pool[rng.randrange(len(pool))] for _ in range(min(edges_per_paper // 2, i))} if pool else set()
        window = max(50, i // 20)
        recent = {rng.randrange(max(0, i - window), i) for _ in range(min(edges_per_paper - len(popular), i))}
        cited = popular | recent
        for j in sorted(cited):
            edges.append(Edge(source=keys[j], target=keys[i], kind="cites"))
            if rng.random() < curated_share:
                edges.append(Edge(source=keys[j], target=keys[i], kind="builds_on", note="synthetic"))
            pool.append(j)
        pool.append(i)
    concepts = {}
    for c in range(n // 100):
        key = f"c{c}"
        concepts[key] = Concept(key=key, name=f"Concept {c}", description="synthetic")
        introducer = rng.randrange(n)
        edges.append(Edge(source=keys[introducer], target=key, kind="introduces"))
        for user in rng.sample(range(introducer + 1, n), min(5, n - introducer - 1)):
            edges.append(Edge(source=key, target=keys[user], kind="uses"))
    same_year = [(i, i + 1) for i in range(n - 1) if papers[keys[i]].year == papers[keys[i + 1]].year]
    existing = {(e.source, e.target) for e in edges}
    for i, j in rng.sample(same_year, min(cycles, len(same_year))):
        for a, b in ((i, j), (j, i)):
            if (keys[a], keys[b]) not in existing:
                edges.append(Edge(source=keys[a], target=keys[b], kind="cites"))
    return GraphData(f"synthetic-{n}", papers, concepts, edges)
