"""Text a user types -> the key of a paper or concept.

Accepted, in this order: a paper id in any spelling ``ids`` reads (an arXiv id,
``arXiv:2010.11929v2`` or an arxiv.org URL; a DOI, bare, ``doi:`` or a doi.org URL;
a Semantic Scholar id or URL; ``CorpusId:N``), a key, name or alias in any case and
punctuation (``ViT``, ``vision transformer``), and last a piece of a title.
Ambiguous text lists the candidates; unknown text suggests the nearest names; an id
that no paper has is never guessed from names or titles.
"""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING, Any

from ..errors import AmbiguousNode, NodeNotFound
from ..graph import graph_memo, lookups
from ..ids import IdIndex, s2_request_id
from ..records import normalize

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["resolve"]


def resolve(G: nx.DiGraph, text: str) -> str:
    """The key of the one node *text* names.

    >>> from paperhop import load
    >>> G = load()
    >>> [resolve(G, t) for t in ("ViT", "arXiv:2010.11929v2", "16x16 words")]
    ['vit', 'vit', 'vit']
    """
    text = text.strip()
    if (id_ := s2_request_id(text)) is not None:
        key = _index(G)["ids"].find([id_])
        if key is None:
            raise NodeNotFound(text, [])  # an id is never guessed from names or titles
        return key
    folded = normalize(text)
    names = _names(G)
    if folded in names:
        return names[folded]
    index = _index(G)
    hits = sorted({key for title, key in index["title"] if folded and folded in title})
    if len(hits) == 1:
        return hits[0]
    if hits:
        raise AmbiguousNode(text, hits)
    close = difflib.get_close_matches(folded, index["name"], n=3, cutoff=0.6)
    raise NodeNotFound(text, sorted({index["name"][c] for c in close}))


def _names(G: nx.DiGraph) -> dict[str, str]:
    """Each folded name's node: made by ``graph.assemble`` as it checks that no two nodes share one (a valid
    graph's names are unique), else here, the first node of each name keeping it."""
    memo = graph_memo(G)
    if "names" not in memo:
        names: dict[str, str] = {}
        for key, its_names, _, _ in lookups(G):
            for name in its_names:
                names.setdefault(name, key)
        memo["names"] = names
    return memo["names"]  # type: ignore[return-value]


def _index(G: nx.DiGraph) -> dict[str, Any]:
    """Ids and titles: made only when a name is not enough, since folding every title costs a second on a large
    graph."""
    memo = graph_memo(G)
    if "resolve" in memo:
        return memo["resolve"]  # type: ignore[return-value]
    index: dict[str, Any] = {"ids": IdIndex(), "name": _names(G), "title": []}
    for key, _, title, ids in lookups(G):
        index["title"].append((title, key))
        if ids:
            index["ids"].add(key, ids)
    memo["resolve"] = index
    return index
