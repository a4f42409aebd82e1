"""A graph's nodes as results show them: each with its whole record, as a view (a list of a million papers builds
no model)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..graph import record, record_fields
from ..results import Node

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["node", "nodes_of"]


def node(G: nx.DiGraph, key: str) -> Node:
    """The node *key* as results show it: its whole record."""
    return Node(record(G, key))


def nodes_of(G: nx.DiGraph, keys: Iterable[str]) -> dict[str, Node]:
    """The nodes *keys* as results show them, by key: what ``listed_result``, ``next_of`` and
    ``planned_result`` take. Each record is a ``records`` view of the node's attributes, as an index gives
    it (``queries.indexed.read_nodes``): a list of a million papers builds no model."""
    from ..models import Concept, Paper, field_defaults
    from ..records import view_type

    views = {
        "paper": view_type("paper", field_defaults(Paper)),
        "concept": view_type("concept", field_defaults(Concept)),
    }
    keys = list(keys)
    return {key: Node(views[kind](fields)) for key, (kind, fields) in zip(keys, record_fields(G, keys), strict=True)}
