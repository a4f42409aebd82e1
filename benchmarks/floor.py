"""The floor for loading a graph folder: orjson reading its files and a bare nx.DiGraph of
the same nodes and edges, nothing else. Run as a command, as `paperhop stats` is."""

import sys
from pathlib import Path

import networkx as nx
import orjson

folder = Path(sys.argv[1])
G = nx.DiGraph()
for name in ("papers.jsonl", "concepts.jsonl"):
    if (folder / name).exists():
        with (folder / name).open("rb") as handle:
            G.add_nodes_from(orjson.loads(line)["key"] for line in handle)
with (folder / "edges.jsonl").open("rb") as handle:
    G.add_edges_from((e["source"], e["target"]) for e in map(orjson.loads, handle))
print(G.number_of_nodes(), G.number_of_edges())
