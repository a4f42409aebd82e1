"""The golden cases of the page's query engine: what the Python engine answers, which the page must answer too
(tests/test_page_engine.py replays each one in Chromium). Paths with ties and known papers, over every --via;
reading lists with known papers, through citation cycles; plans with a maximum; names as the page resolves them
(a key, a name or an alias, in any case). After a deliberate change of an answer, write them again:

    python -m tests.page_cases > tests/fixtures/page-cases.json
"""

from __future__ import annotations

import json
from itertools import permutations
from pathlib import Path
from typing import Any

import networkx as nx

from paperhop.errors import NoPath
from paperhop.graph import build_graph, lookups
from paperhop.load import load
from paperhop.queries.paths import VIA, reading_list, reading_paths
from paperhop.queries.plans import plan
from paperhop.queries.resolve import resolve

from .synthetic import generate

GOLDEN = Path(__file__).parent / "fixtures" / "page-cases.json"


def cases_graph() -> nx.DiGraph:
    """24 papers, several of a year (ties), two citation cycles, curated links and concepts."""
    return build_graph(generate(24, 3, seed=11, cycles=2, curated_share=0.3))


def first_path(G: nx.DiGraph, a: str, b: str, via: str, known: list[str]) -> list[str] | None:
    try:
        return list(reading_paths(G, a, b, via=via, known=known)[0])
    except NoPath:
        return None


def cases() -> dict[str, list[Any]]:
    G = cases_graph()
    papers = sorted(k for k, t in G.nodes(data="type") if t == "paper")
    vias = list(VIA)
    paths = []
    for i, (a, b) in enumerate(permutations(papers, 2)):
        known = [papers[(i * 7) % len(papers)]] if i % 3 == 0 else []
        paths.append([a, b, known, vias[i % len(vias)], first_path(G, a, b, vias[i % len(vias)], known)])
    lists = [[t, k, reading_list(G, t, known=k)] for i, t in enumerate(papers) for k in ([], papers[i % 5 : i % 5 + 2])]
    plans = []
    for i in range(12):
        targets = papers[-1 - i % 6 :: -5][:3]
        known, most = papers[i % 4 : i % 4 + i % 3], [None, 0, 2, 5][i % 4]
        plans.append([targets, known, most, plan(G, targets, known=known, max_papers=most).order])
    shipped = load()
    names = []
    for key, _, _, _ in lookups(shipped):
        for text in {key, shipped.nodes[key]["label"], *json.loads(shipped.nodes[key].get("aliases", "[]"))}:
            for variant in (text, text.upper(), f"  {text.replace('-', ' ')} "):
                names.append([variant, resolve(shipped, variant)])
    return {"paths": paths, "lists": lists, "plans": plans, "names": sorted(names)}


def golden_text(found: dict[str, list[Any]]) -> str:
    """The golden file's text: a case a line, so that a diff names the cases that changed."""
    parts = [
        f"  {json.dumps(name)}: [\n" + ",\n".join(f"    {json.dumps(case)}" for case in found[name]) + "\n  ]"
        for name in sorted(found)
    ]
    return "{\n" + ",\n".join(parts) + "\n}\n"


if __name__ == "__main__":
    print(golden_text(cases()), end="")
