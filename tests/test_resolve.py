from __future__ import annotations

import networkx as nx
import pytest

from paperhop import load
from paperhop.errors import AmbiguousNode, NodeNotFound
from paperhop.queries.resolve import resolve


@pytest.fixture(scope="module")
def G() -> nx.DiGraph:
    return load()


@pytest.mark.parametrize(
    "text",
    [
        "vit",
        "ViT",
        "VIT",
        " vit ",
        "vision transformer",
        "Vision-Transformer",
        "2010.11929",
        "arXiv:2010.11929",
        "arxiv:2010.11929v2",
        "2010.11929v2",
        "https://arxiv.org/abs/2010.11929",
        "https://arxiv.org/abs/2010.11929v3",
        "http://arxiv.org/pdf/2010.11929v2.pdf",
        "https://arxiv.org/pdf/2010.11929",
        "16x16 Words",
        "an image is worth",
    ],
)
def test_every_usual_spelling_finds_vit(G: nx.DiGraph, text: str) -> None:
    assert resolve(G, text) == "vit"


@pytest.mark.parametrize(
    "text",
    [
        "10.1007/978-3-319-24574-4_28",
        "doi:10.1007/978-3-319-24574-4_28",
        "https://doi.org/10.1007/978-3-319-24574-4_28",
        "HTTPS://DOI.ORG/10.1007/978-3-319-24574-4_28",
    ],
)
def test_dois_find_unet(G: nx.DiGraph, text: str) -> None:
    assert resolve(G, text) == "unet"


def test_names_ignore_punctuation(G: nx.DiGraph) -> None:
    assert resolve(G, "DALL-E 3") == resolve(G, "dall·e 3") == "dalle3"
    assert resolve(G, "WALT") == "walt"
    assert resolve(G, "spacetime patches") == "spacetime-patches"


def test_semantic_scholar_ids(tiny_graph_dir) -> None:  # type: ignore[no-untyped-def]
    H = load(tiny_graph_dir)
    s2 = "0" * 39 + "b"
    assert resolve(H, s2) == "beta"
    assert resolve(H, f"https://www.semanticscholar.org/paper/Beta-Builds/{s2}") == "beta"
    assert resolve(H, f"https://www.semanticscholar.org/paper/{s2.upper()}") == "beta"


def test_ambiguous_text_lists_the_candidates(G: nx.DiGraph) -> None:
    with pytest.raises(AmbiguousNode) as caught:
        resolve(G, "generation with diffusion models")
    assert caught.value.candidates == ["imagen-video", "walt"]
    assert str(caught.value) == "'generation with diffusion models' matches several: imagen-video, walt; name one"


def test_unknown_text_suggests_the_nearest_names(G: nx.DiGraph) -> None:
    with pytest.raises(NodeNotFound) as caught:
        resolve(G, "vivt")
    assert "vivit" in caught.value.suggestions
    assert "did you mean" in str(caught.value)


def test_an_unknown_identifier_is_not_guessed_from_titles(G: nx.DiGraph) -> None:
    with pytest.raises(NodeNotFound) as caught:
        resolve(G, "arXiv:1234.56789")
    assert caught.value.suggestions == []


def test_names_come_from_the_check_and_a_pickle_leaves_them_behind() -> None:
    """``load`` checks that no two nodes share a name, and resolve looks names up in the map that check made;
    a pickled graph (the cache's) carries no such map, and makes its own."""
    import pickle

    from paperhop.graph import graph_memo

    G = load()
    assert graph_memo(G)["names"]["visiontransformer"] == "vit"
    assert resolve(G, "16x16 words") == "vit"  # titles: folded only now
    H = pickle.loads(pickle.dumps(G))
    assert graph_memo(H) == {}
    assert [resolve(H, t) for t in ("Vision Transformer", "16x16 words")] == ["vit", "vit"]
