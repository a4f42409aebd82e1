"""Text a user types -> the key of a paper or concept.

Accepted, in this order: an arXiv id in any usual spelling (``2010.11929``,
``arXiv:2010.11929v2``, an arxiv.org abs or pdf URL), a DOI (bare, ``doi:`` or a
doi.org URL), a Semantic Scholar id (bare or a semanticscholar.org URL), a key,
name or alias in any case and punctuation (``ViT``, ``vision transformer``), and
last a piece of a title. Ambiguous text lists the candidates; unknown text
suggests the nearest names.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

import networkx as nx

from ..errors import AmbiguousNode, NodeNotFound
from ..graph import graph_memo, record
from ..models import normalize

__all__ = ["resolve"]

ARXIV_FORMS = re.compile(
    r"(?:https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/|arxiv:)?"
    r"(\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?(?:\.pdf)?/?",
    re.IGNORECASE,
)
DOI_FORMS = re.compile(r"(?:https?://(?:dx\.)?doi\.org/|doi:)?(10\.\d{4,9}/\S+)", re.IGNORECASE)
S2_FORMS = re.compile(r"(?:https?://(?:www\.)?semanticscholar\.org/paper/(?:[^/]+/)?)?([0-9a-f]{40})/?", re.IGNORECASE)


def resolve(G: nx.DiGraph, text: str) -> str:
    """The key of the one node *text* names.

    >>> from paperhop import load
    >>> G = load()
    >>> [resolve(G, t) for t in ("ViT", "arXiv:2010.11929v2", "16x16 words")]
    ['vit', 'vit', 'vit']
    """
    index = _index(G)
    text = text.strip()
    for pattern, table in ((ARXIV_FORMS, "arxiv"), (DOI_FORMS, "doi"), (S2_FORMS, "s2_id")):
        match = pattern.fullmatch(text)
        if match:
            key = index[table].get(match.group(1).casefold())
            if key is None:
                raise NodeNotFound(text, [])
            return key
    folded = normalize(text)
    if folded in index["name"]:
        return index["name"][folded]
    hits = sorted({key for title, key in index["title"] if folded and folded in title})
    if len(hits) == 1:
        return hits[0]
    if hits:
        raise AmbiguousNode(text, hits)
    close = difflib.get_close_matches(folded, index["name"], n=3, cutoff=0.6)
    raise NodeNotFound(text, sorted({index["name"][c] for c in close}))


def _index(G: nx.DiGraph) -> dict[str, Any]:
    memo = graph_memo(G)
    if "resolve" in memo:
        return memo["resolve"]  # type: ignore[return-value]
    index: dict[str, Any] = {"arxiv": {}, "doi": {}, "s2_id": {}, "name": {}, "title": []}
    for key in G:
        rec = record(G, key)
        for name in (key, rec.label, *rec.aliases):
            index["name"].setdefault(normalize(name), key)
        index["title"].append((normalize(getattr(rec, "title", rec.label)), key))
        for field in ("arxiv", "doi", "s2_id"):
            value = getattr(rec, field, None)
            if value:
                index[field][value.casefold()] = key
    memo["resolve"] = index
    return index
