from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from paperhop.models import Concept, Edge, Paper, normalize
from paperhop.store.jsonl import dump_records


def paper(**fields: object) -> Paper:
    return Paper.model_validate({"key": "p", "title": "T", "year": 2020, **fields})


@pytest.mark.parametrize("arxiv", ["2010.11929", "1505.04597", "2312.06662", "hep-th/9901001", "math.GT/0309136"])
def test_arxiv_ids_of_the_usual_forms_are_accepted(arxiv: str) -> None:
    assert paper(arxiv=arxiv).arxiv == arxiv


@pytest.mark.parametrize("arxiv", ["2010.11929v2", "arXiv:2010.11929", "201.11929", "https://arxiv.org/abs/2010.11929"])
def test_arxiv_ids_are_stored_bare(arxiv: str) -> None:
    with pytest.raises(ValidationError, match="arXiv id"):
        paper(arxiv=arxiv)


def test_doi_s2_id_and_url_are_checked_for_form() -> None:
    assert paper(doi="10.1007/978-3-319-24574-4_28").doi == "10.1007/978-3-319-24574-4_28"
    with pytest.raises(ValidationError, match="DOI"):
        paper(doi="doi.org/10.1/x")
    with pytest.raises(ValidationError, match="Semantic Scholar"):
        paper(s2_id="abc")
    with pytest.raises(ValidationError, match="http"):
        paper(url="javascript:alert(1)")
    with pytest.raises(ValidationError, match="http"):
        paper(url="ftp://example.org/x")


@pytest.mark.parametrize(
    "doi", ["10.1234/x", "doi:10.1234/x", "https://doi.org/10.1234/x", "http://dx.doi.org/10.1234/x"]
)
def test_a_doi_is_stored_bare(doi: str) -> None:
    assert paper(doi=doi).doi == "10.1234/x"


@pytest.mark.parametrize("field", ["url", "pdf_url", "doi", "arxiv", "s2_id"])
@pytest.mark.parametrize("bad", ["\n", "\x00", "\r", "\t", " ", "\x1b[31m", "\u2028", "\x85", "\u202e", "\u200b"])
def test_urls_and_ids_hold_no_whitespace_or_control_character(field: str, bad: str) -> None:
    good = {
        "url": "https://example.org/x",
        "pdf_url": "https://example.org/x.pdf",
        "doi": "10.1234/x",
        "arxiv": "2010.11929",
        "s2_id": "0" * 40,
    }[field]
    assert getattr(paper(**{field: good}), field) == good
    for value in (good + bad, bad + good, good[:12] + bad + good[12:]):
        with pytest.raises(ValidationError):
            paper(**{field: value})


def test_records_are_strict() -> None:
    with pytest.raises(ValidationError, match="Extra inputs"):
        paper(citations=3)
    with pytest.raises(ValidationError, match="valid integer"):
        paper(year="2020")
    with pytest.raises(ValidationError, match="key"):
        paper(key="Vision Transformer")


def test_an_edge_kind_must_be_known() -> None:
    with pytest.raises(ValidationError, match="kind"):
        Edge.model_validate({"source": "a", "target": "b", "kind": "likes"})
    with pytest.raises(ValidationError, match="blank"):
        Edge(source="a", target="b", kind="cites", note="  ")


def test_link_falls_back_to_arxiv_then_doi() -> None:
    assert paper(arxiv="2010.11929").link == "https://arxiv.org/abs/2010.11929"
    assert paper(doi="10.1234/x").link == "https://doi.org/10.1234/x"
    assert paper(url="https://example.org", arxiv="2010.11929").link == "https://example.org"
    assert paper().link is None


def test_normalize_ignores_case_and_punctuation() -> None:
    assert normalize("W.A.L.T") == normalize("walt")
    assert normalize("Make-A-Video") == "makeavideo"


text = st.text(min_size=1, max_size=30).filter(lambda s: s.strip() != "")
keys = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,5})?", fullmatch=True)
papers = st.builds(
    Paper,
    key=keys,
    title=text,
    year=st.integers(1900, 2100),
    authors=st.lists(text, max_size=3),
    name=st.none() | text,
    venue=st.none() | text,
    arxiv=st.none() | st.from_regex(r"[0-9]{4}\.[0-9]{5}", fullmatch=True),
    doi=st.none() | st.from_regex(r"10\.[0-9]{4}/[a-z0-9.()_-]{1,12}", fullmatch=True),
    url=st.none() | st.from_regex(r"https://[a-z]{1,10}\.org/[a-z0-9]{0,10}", fullmatch=True),
    summary=st.none() | text,
    aliases=st.lists(text, max_size=3),
    section=st.none() | text,
)


@given(papers)
def test_papers_round_trip_through_the_file_format(p: Paper) -> None:
    line = dump_records([p])
    assert line.count("\n") == 1
    assert Paper.model_validate_json(line) == p


@given(st.builds(Concept, key=keys, name=text, description=text, aliases=st.lists(text, max_size=2)))
def test_concepts_round_trip_through_the_file_format(c: Concept) -> None:
    assert Concept.model_validate_json(dump_records([c])) == c
