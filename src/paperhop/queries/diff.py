"""What changed between two versions of a graph: records added, removed or changed,
and how a target's reading list moved. ``apply_diff(old, diff)`` gives the new records.
``diff_result`` is what ``paperhop diff`` shows."""

from __future__ import annotations

from dataclasses import replace

from ..errors import PaperhopError
from ..models import Concept, Edge, GraphData, Paper
from ..results.checks import Changes, GraphDiff

__all__ = ["Changes", "GraphDiff", "apply_diff", "diff_graphs", "diff_result", "edge_key", "reading_lists"]


def edge_key(edge: Edge) -> str:
    return f"{edge.source} -> {edge.target} ({edge.kind})"


def _compare(old: dict[str, dict[str, object]], new: dict[str, dict[str, object]]) -> Changes:
    changes = Changes()
    for key in sorted(old.keys() | new.keys()):
        if key not in new:
            changes.removed[key] = old[key]
        elif key not in old:
            changes.added[key] = new[key]
        elif old[key] != new[key]:
            fields = sorted(old[key].keys() | new[key].keys())
            changes.changed[key] = {
                f: [old[key].get(f), new[key].get(f)] for f in fields if old[key].get(f) != new[key].get(f)
            }
    return changes


def _records(data: GraphData) -> tuple[dict[str, dict[str, object]], ...]:
    def dump(record: Paper | Concept | Edge) -> dict[str, object]:
        return record.model_dump(mode="json", exclude_defaults=True)

    return (
        {k: dump(r) for k, r in data.papers.items()},
        {k: dump(r) for k, r in data.concepts.items()},
        {edge_key(e): dump(e) for e in data.edges},
    )


def diff_graphs(old: GraphData, new: GraphData) -> GraphDiff:
    """The records added, removed and changed from *old* to *new*."""
    papers, concepts, edges = (_compare(a, b) for a, b in zip(_records(old), _records(new), strict=True))
    return GraphDiff(papers, concepts, edges)


def apply_diff(old: GraphData, diff: GraphDiff) -> GraphData:
    """*old* with *diff* applied: ``apply_diff(a, diff_graphs(a, b))`` has b's records."""
    papers, concepts, edges = _records(old)
    for records, changes in ((papers, diff.papers), (concepts, diff.concepts), (edges, diff.edges)):
        for key in changes.removed:
            del records[key]
        records.update(changes.added)
        for key, fields in changes.changed.items():
            merged = {**records[key], **{f: new for f, (_, new) in fields.items()}}
            records[key] = {f: v for f, v in merged.items() if v is not None}
    return GraphData(
        old.name,
        {k: Paper.model_validate(v) for k, v in papers.items()},
        {k: Concept.model_validate(v) for k, v in concepts.items()},
        [Edge.model_validate(v) for v in edges.values()],
    )


def reading_lists(old: GraphData, new: GraphData, target: str) -> tuple[list[str], list[str]]:
    """*target*'s reading list in each version (empty where the target is not in it)."""
    from ..graph import build_graph
    from .paths import reading_list
    from .resolve import resolve

    lists: list[list[str]] = []
    for data in (old, new):
        G = build_graph(data)
        try:
            key = resolve(G, target)
        except PaperhopError:
            lists.append([])
            continue
        lists.append(reading_list(G, key))
    return lists[0], lists[1]


def diff_result(old: GraphData, new: GraphData, *, target: str | None = None) -> GraphDiff:
    """The records changed from *old* to *new* and, with *target*, its reading list in each."""
    changes = diff_graphs(old, new)
    return replace(changes, reading_list=reading_lists(old, new, target)) if target else changes
