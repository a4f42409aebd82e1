"""A graph's nodes as results show them: each with its whole record, as a view (a list of a million papers builds
no model)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ..graph import record, record_fields
from ..results import Node

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["node", "records_of"]


def node(G: nx.DiGraph, key: str) -> Node:
    """The node *key* as results show it: its whole record."""
    return Node(record(G, key))


def records_of(G: nx.DiGraph, keys: Iterable[str]) -> dict[str, Any]:
    """The records of the nodes *keys*, by key, each a ``records`` view of the node's attributes, as an index
    gives them (``index.source``): a list of a million papers builds no model."""
    from ..models import Concept, Paper, field_defaults
    from ..records import view_type

    views = {
        "paper": view_type("paper", field_defaults(Paper)),
        "concept": view_type("concept", field_defaults(Concept)),
    }
    keys = list(keys)
    return {key: views[kind](fields) for key, (kind, fields) in zip(keys, record_fields(G, keys), strict=True)}
