"""The one id grammar: every spelling -> one canonical form, and that form is a fixed point."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from paperhop.ids import IdIndex, arxiv_id, doi, link_id, request_ids, s2_paper_id, s2_request_id

S2 = "0" * 39 + "b"
SPELLINGS = {
    "ARXIV:2010.11929": [
        "2010.11929",
        "2010.11929v2",
        "arXiv:2010.11929v2",
        "ARXIV:2010.11929",
        "https://arxiv.org/abs/2010.11929v3",
        "http://export.arxiv.org/pdf/2010.11929v2.pdf",
        "https://arxiv.org/html/2010.11929v1/",
    ],
    "ARXIV:math.GT/0309136": ["math.GT/0309136", "arXiv:math.gt/0309136v2", "https://arxiv.org/abs/MATH.GT/0309136"],
    "DOI:10.1007/978-3-319-24574-4_28": [
        "10.1007/978-3-319-24574-4_28",
        "doi:10.1007/978-3-319-24574-4_28",
        "DOI:10.1007/978-3-319-24574-4_28",
        "https://doi.org/10.1007/978-3-319-24574-4_28",
        "HTTP://DX.DOI.ORG/10.1007/978-3-319-24574-4_28",
    ],
    S2: [S2, S2.upper(), f"https://www.semanticscholar.org/paper/Beta-Builds/{S2}", f"semanticscholar.org/paper/{S2}"],
    "CorpusId:215827": ["CorpusId:215827", "corpusid:215827", " CORPUSID:215827 "],
}


@pytest.mark.parametrize(("canonical", "text"), [(c, t) for c, texts in SPELLINGS.items() for t in texts])
def test_every_spelling_has_one_request_id(canonical: str, text: str) -> None:
    if text == f"semanticscholar.org/paper/{S2}":  # a URL needs its scheme
        assert s2_request_id(text) is None
        return
    assert s2_request_id(text) == canonical


@pytest.mark.parametrize(
    "text", ["", "2010.119", "٢٠١٠.١١٩٢٩", "10.1234", "10.123/x", "10.1234/a b", "10.1234/\x00", "CorpusId:", "x" * 40]
)
def test_text_that_is_no_id(text: str) -> None:
    assert s2_request_id(text) is None


PIECES = st.sampled_from(
    ["2010.11929", "v2", "hep-th/9901001", "10.1234/", "doi:", "arXiv:", "https://arxiv.org/abs/", ".pdf", "/", "x", S2]
)


@given(st.lists(PIECES | st.text(max_size=3), max_size=5).map("".join))
def test_a_canonical_form_is_its_own_canonical_form(text: str) -> None:
    for form in (arxiv_id, doi, s2_paper_id, s2_request_id):
        found = form(text)
        assert found is None or form(found) == found
    if (found := s2_request_id(text)) is not None:
        assert s2_request_id(found) == found
        assert link_id(text) in (None, found)


def test_the_index_finds_a_paper_by_any_of_its_ids() -> None:
    index = IdIndex()
    index.add("unet", request_ids(doi="10.1007/978-3-319-24574-4_28", corpus_id=3719281))
    for text in (
        "HTTPS://DOI.ORG/10.1007/978-3-319-24574-4_28",
        "doi:10.1007/978-3-319-24574-4_28",
        "CorpusId:3719281",
    ):
        assert index.find([s2_request_id(text)]) == "unet"
    assert index.find([None, "DOI:10.1/x"]) is None


def test_resolve_reads_the_same_grammar(tiny_graph_dir: Path) -> None:
    from paperhop.load import load
    from paperhop.queries.resolve import resolve

    H = load(tiny_graph_dir)
    assert resolve(H, "https://arxiv.org/html/1501.00001v2") == "alpha"
    assert resolve(H, "DOI:10.1234/BETA.2018") == resolve(H, f"https://www.semanticscholar.org/paper/{S2}") == "beta"
