"""Citation-like graphs in paperhop's own records, for the tests and the benchmarks.

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

import os
import random
import subprocess
from pathlib import Path

from paperhop.models import Concept, Edge, GraphData, Paper

__all__ = ["generate", "write_folder"]


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


def write_folder(
    n: int,
    folder: Path,
    edges_per_paper: int = 10,
    *,
    seed: int = 0,
    cycles: int = 0,
    curated_share: float = 0.05,
) -> None:
    """``save_graph(generate(n, ...), folder)``, byte for byte, without a model per record: for a million
    papers and ten million edges, whose models would not fit in memory. The edges are sorted by `sort`."""
    rng = random.Random(seed)
    folder.mkdir(parents=True)
    year = [1990 + i * 35 // n for i in range(n)]
    cited_before = bytearray(n)  # paper i cites paper i - 1: the cycles may not add that edge again
    unsorted = folder / "edges.unsorted"
    with unsorted.open("w", encoding="utf-8") as out:
        pool: list[int] = []
        for i in range(n):
            popular = {pool[rng.randrange(len(pool))] for _ in range(min(edges_per_paper // 2, i))} if pool else set()
            window = max(50, i // 20)
            recent = {rng.randrange(max(0, i - window), i) for _ in range(min(edges_per_paper - len(popular), i))}
            cited = popular | recent
            lines = []
            for j in sorted(cited):
                lines.append(f'{{"source": "p{j}", "target": "p{i}", "kind": "cites"}}\n')
                if rng.random() < curated_share:
                    lines.append(f'{{"source": "p{j}", "target": "p{i}", "kind": "builds_on", "note": "synthetic"}}\n')
                pool.append(j)
            out.writelines(lines)
            pool.append(i)
            cited_before[i] = i - 1 in cited
        del pool
        concepts = []
        for c in range(n // 100):
            concepts.append(f'{{"key": "c{c}", "name": "Concept {c}", "description": "synthetic"}}\n')
            introducer = rng.randrange(n)
            out.write(f'{{"source": "p{introducer}", "target": "c{c}", "kind": "introduces"}}\n')
            for user in rng.sample(range(introducer + 1, n), min(5, n - introducer - 1)):
                out.write(f'{{"source": "c{c}", "target": "p{user}", "kind": "uses"}}\n')
        same_year = [i for i in range(n - 1) if year[i] == year[i + 1]]
        for i in rng.sample(same_year, min(cycles, len(same_year))):
            if not cited_before[i + 1]:
                out.write(f'{{"source": "p{i}", "target": "p{i + 1}", "kind": "cites"}}\n')
            out.write(f'{{"source": "p{i + 1}", "target": "p{i}", "kind": "cites"}}\n')
    papers = sorted(
        (
            f"p{i}",
            f'{{"key": "p{i}", "title": "Synthetic paper {i}", "authors": ["Author {i % 97}"], "year": {year[i]}}}\n',
        )
        for i in range(n)
    )
    (folder / "papers.jsonl").write_text("".join(line for _, line in papers), encoding="utf-8")
    del papers
    (folder / "concepts.jsonl").write_text(
        "".join(sorted(concepts, key=lambda line: line.split('"')[3])), encoding="utf-8"
    )
    env = {**os.environ, "LC_ALL": "C"}  # by bytes: source, then target, then kind, as save_graph sorts
    subprocess.run(
        ["sort", "-S", "1G", "-T", str(folder), "-o", str(folder / "edges.jsonl"), str(unsorted)], env=env, check=True
    )
    unsorted.unlink()
