"""The one id grammar: every spelling of a paper id paperhop reads, and the one form each is kept in.

==========  ==========================================================  ==================
id          spellings read (prefixes and hosts in any case)             canonical form
==========  ==========================================================  ==================
arXiv       ``2010.11929``, ``2010.11929v2``, ``arXiv:2010.11929``,     ``2010.11929``,
            ``hep-th/9901001v1``, ``math.GT/0309136``, arxiv.org        ``hep-th/9901001``
            ``abs``, ``pdf`` and ``html`` URLs
DOI         ``10.1234/x``, ``doi:10.1234/x``, doi.org and dx.doi.org    ``10.1234/x``
            URLs
S2 paper    40 hex digits, semanticscholar.org ``/paper/[slug/]ID``     40 lower-case hex
            URLs
CorpusId    ``CorpusId:215827``                                         ``215827``
==========  ==========================================================  ==================

A graph stores the canonical forms (``models.Paper``); Semantic Scholar is asked by ``s2_request_id``'s form
(``ARXIV:2010.11929``, ``DOI:10.1234/x``, ``CorpusId:215827`` or the paper id), which is also the key of
``IdIndex``, the one index from ids to the papers that have them.

Digits are ASCII digits only, and an id holds no control, format or unpaired surrogate character: such text is
no id, whatever it looks like. Every pattern here is matched from the start of its text, never searched.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = [
    "LINK",
    "IdIndex",
    "arxiv_id",
    "arxiv_year",
    "corpus_id",
    "doi",
    "in_url_path",
    "link_id",
    "request_ids",
    "s2_paper_id",
    "s2_request_id",
]

_ARXIV_NEW = r"[0-9]{4}\.[0-9]{4,5}"
_ARXIV = rf"({_ARXIV_NEW}|[a-z-]+(?:\.[a-z]{{2}})?/[0-9]{{7}})(?:v[0-9]+)?(?:\.pdf)?/?"
_ARXIV_URL = r"https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html)/"
_DOI_URL = r"https?://(?:dx\.)?doi\.org/"
_S2_URL = r"https?://(?:www\.)?semanticscholar\.org/paper/"

_ARXIV_FORMS = re.compile(rf"(?:{_ARXIV_URL}|arxiv:)?{_ARXIV}", re.IGNORECASE)
_DOI_FORMS = re.compile(rf"(?:{_DOI_URL}|doi:)?(10\.[0-9]{{4,9}}/\S+)", re.IGNORECASE)
_S2_FORMS = re.compile(rf"(?:{_S2_URL}(?:[^/]+/)?)?([0-9a-f]{{40}})/?", re.IGNORECASE)
_CORPUS_FORMS = re.compile(r"corpusid:([0-9]{1,12})", re.IGNORECASE)
# Request ids that are one plain URL path segment. A DOI or an old-style arXiv id holds "/" (and a DOI may hold
# "../", "?" or "#"): those may travel in a request's body only.
_PATH_ID = re.compile(rf"[0-9a-f]{{40}}|ARXIV:{_ARXIV_NEW}|CorpusId:[0-9]{{1,12}}")

# Where running text links a paper: an arXiv, doi.org or semanticscholar.org URL, or "arXiv:" and a new-style id.
# Each alternative starts with a literal, and the runs after it stop at a space or a closing mark: linear time.
LINK = re.compile(
    rf"{_ARXIV_URL}[^\s)>\]\"']+|arxiv:\s?{_ARXIV_NEW}(?:v[0-9]+)?"
    rf"|{_DOI_URL}10\.[0-9]{{4,9}}/[^\s)>\]\"']+|{_S2_URL}[^\s)>\]\"']+",
    re.IGNORECASE,
)

MAX_LENGTH = 500  # no paper has a longer id: longer text is never sent


def arxiv_id(text: str) -> str | None:
    """The arXiv id *text* spells, without its version; None if it spells none.

    >>> [arxiv_id(t) for t in ("arXiv:2010.11929v2", "https://arxiv.org/pdf/2010.11929v1.pdf", "HEP-TH/9901001")]
    ['2010.11929', '2010.11929', 'hep-th/9901001']
    >>> arxiv_id("https://arxiv.org/html/2312.06662v1"), arxiv_id("math.gt/0309136"), arxiv_id("2010.119")
    ('2312.06662', 'math.GT/0309136', None)
    """
    match = _ARXIV_FORMS.fullmatch(text.strip())
    return _arxiv(match.group(1)) if match else None


def _arxiv(found: str) -> str:
    """An old-style id's archive is lower case and its subject class upper case (math.GT/0309136)."""
    if "/" not in found:
        return found
    archive, number = found.split("/")
    name, _, subject = archive.partition(".")
    return f"{name.lower()}{'.' + subject.upper() if subject else ''}/{number}"


def arxiv_year(arxiv: str) -> int | None:
    """The year a new-style arXiv id (YYMM.NNNNN) was given in; None for any other id.

    >>> arxiv_year("2010.11929"), arxiv_year("hep-th/9901001")
    (2020, None)
    """
    return 2000 + int(arxiv[:2]) if re.fullmatch(_ARXIV_NEW, arxiv) else None


def doi(text: str) -> str | None:
    """The DOI *text* spells, bare; None if it spells none.

    >>> [doi(t) for t in ("10.1007/978-3-319-24574-4_28", "doi:10.1234/X", "https://dx.doi.org/10.1234/x")]
    ['10.1007/978-3-319-24574-4_28', '10.1234/X', '10.1234/x']
    >>> doi("10.1234/x\\x00"), doi("10.12/x")
    (None, None)
    """
    match = _DOI_FORMS.fullmatch(text.strip())
    return match.group(1) if match and match.group(1).isprintable() else None


def s2_paper_id(text: str) -> str | None:
    """The Semantic Scholar paper id *text* spells, in lower case; None if it spells none.

    >>> s2_paper_id("https://www.semanticscholar.org/paper/Attention-Is/" + "ABC" + "0" * 37) == "abc" + "0" * 37
    True
    """
    match = _S2_FORMS.fullmatch(text.strip())
    return match.group(1).lower() if match else None


def corpus_id(text: str) -> int | None:
    """The Semantic Scholar CorpusId *text* spells; None if it spells none.

    >>> corpus_id("corpusid:215827"), corpus_id("215827")
    (215827, None)
    """
    match = _CORPUS_FORMS.fullmatch(text.strip())
    return int(match.group(1)) if match else None


def s2_request_id(text: str) -> str | None:
    """Any spelling of any id -> the id as the Semantic Scholar API takes it; None for text that is no id, or
    that no paper can have (longer than ``MAX_LENGTH``, or holding a control character).

    >>> [s2_request_id(t) for t in ("arXiv:2010.11929v2", "https://doi.org/10.1234/x", "corpusid:215827")]
    ['ARXIV:2010.11929', 'DOI:10.1234/x', 'CorpusId:215827']
    >>> s2_request_id("ARXIV:2010.11929"), s2_request_id("../../x"), s2_request_id("10.1234/" + "x" * 500)
    ('ARXIV:2010.11929', None, None)
    """
    text = text.strip()
    if not (0 < len(text) <= MAX_LENGTH and text.isprintable()):
        return None
    if found := arxiv_id(text):
        return f"ARXIV:{found}"
    if found := doi(text):
        return f"DOI:{found}"
    if (number := corpus_id(text)) is not None:
        return f"CorpusId:{number}"
    return s2_paper_id(text)


def request_ids(
    *, s2_id: str | None = None, arxiv: str | None = None, doi: str | None = None, corpus_id: int | None = None
) -> list[str]:
    """A paper's ids, as a graph stores them or Semantic Scholar lists them, in ``s2_request_id``'s form: the
    best to ask by first.

    >>> request_ids(arxiv="2010.11929", doi="10.48550/arXiv.2010.11929", corpus_id=0)
    ['ARXIV:2010.11929', 'DOI:10.48550/arXiv.2010.11929', 'CorpusId:0']
    """
    ids = [s2_id, arxiv and f"ARXIV:{arxiv}", doi and f"DOI:{doi}", corpus_id is not None and f"CorpusId:{corpus_id}"]
    return [id_ for id_ in ids if id_]


def in_url_path(request_id: str) -> bool:
    """Whether a request id may go in a URL path: one plain segment, which no DOI or old-style arXiv id is.

    >>> in_url_path("ARXIV:2010.11929"), in_url_path("ARXIV:hep-th/9901001"), in_url_path("DOI:10.1/x")
    (True, False, False)
    """
    return _PATH_ID.fullmatch(request_id) is not None


def link_id(link: str) -> str | None:
    """The request id of a link ``LINK`` found: read from its start, whatever follows the id (a fragment, a query,
    a trailing word) ignored.

    >>> link_id("https://arxiv.org/abs/2010.11929v2#S3"), link_id("https://doi.org/10.1234/x")
    ('ARXIV:2010.11929', 'DOI:10.1234/x')
    """
    for pattern in (_ARXIV_FORMS, _DOI_FORMS, _S2_FORMS):
        if match := pattern.match(link):
            return s2_request_id(match.group())
    return None


class IdIndex:
    """The key of the paper that has an id, found by any of its ids in ``s2_request_id``'s form (case folded).

    >>> index = IdIndex()
    >>> index.add("vit", request_ids(arxiv="2010.11929"))
    >>> index.find([s2_request_id("https://arxiv.org/abs/2010.11929v2")]), index.find(["DOI:10.1/x"])
    ('vit', None)
    """

    def __init__(self) -> None:
        self._keys: dict[str, str] = {}

    def add(self, key: str, ids: Iterable[str]) -> None:
        for id_ in ids:
            self._keys[id_.casefold()] = key

    def find(self, ids: Iterable[str | None]) -> str | None:
        """The key of the first of *ids* the index holds."""
        return next((self._keys[found] for id_ in ids if id_ and (found := id_.casefold()) in self._keys), None)
