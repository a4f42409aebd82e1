"""What a paper, a concept and an edge are. Pure data: no I/O.

Every record is strict: unknown fields are rejected, types are not coerced
("2020" is not a year), and identifiers are checked for form.

An edge always points in reading order: ``source -> target`` means "read
source before target", whatever its kind:

==========  ===============  ==========================================
kind        source -> target  meaning
==========  ===============  ==========================================
cites       cited -> citing   target's reference list contains source
builds_on   paper -> paper    curated: target builds on source (note says why)
introduces  paper -> concept  source introduces the concept
uses        concept -> paper  target uses the concept
==========  ===============  ==========================================
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from . import ids
from .records import EDGE_KINDS, KEY_RE, ConceptBase, EdgeKind, PaperBase, evidence_text, normalize

__all__ = [
    "EDGE_KINDS",
    "INTENTS",
    "Concept",
    "Edge",
    "EdgeKind",
    "GraphData",
    "Paper",
    "Reference",
    "S2Evidence",
    "json_schema",
    "normalize",
]

Intent = Literal["background", "methodology", "result"]
INTENTS: tuple[Intent, ...] = ("background", "methodology", "result")  # Semantic Scholar's citation intents
WHOLE = 2**53 - 1  # the largest count or id every reader keeps exact (JavaScript's numbers, the index's orjson)


def _one_token(value: str) -> str:
    """Refuse whitespace and control, format or separator characters: an id or URL is one visible token."""
    if value.isprintable() and " " not in value:  # isprintable is False for every C* and Z* character but " "
        return value
    bad = next((c for c in value if c.isspace() or unicodedata.category(c)[0] in "CZ"), None)
    if bad is not None:
        raise ValueError(f"{value!r} holds whitespace or a control character ({bad!r})")
    return value


def _matching(ok: Callable[[str], object], what: str, example: str) -> AfterValidator:
    def check(value: str) -> str:
        if not ok(_one_token(value)):
            raise ValueError(f"{value!r} is not {what} (like {example})")
        return value

    return AfterValidator(check)


def _canonical(form: Callable[[str], str | None]) -> Callable[[str], bool]:
    """An id is stored in its one canonical form (``ids``): any other spelling of it is refused."""
    return lambda value: form(value) == value


def _doi(value: str) -> str:
    """A DOI in any spelling ``ids.doi`` reads (bare, ``doi:``, a doi.org URL), stored bare."""
    found = ids.doi(_one_token(value))
    if found is None:
        raise ValueError(f"{value!r} is not a DOI (like '10.1007/978-3-319-24574-4_28')")
    return found


def _http_url(value: str) -> str:
    parts = urlsplit(_one_token(value))  # checked first: urlsplit drops tabs and newlines before parsing
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"{value!r} is not an http(s) URL")
    return value


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be blank")
    return value


Key = Annotated[str, _matching(KEY_RE.fullmatch, "a key", "'vit' or 'align-your-latents'")]
Text = Annotated[str, AfterValidator(_not_blank)]
ArxivId = Annotated[str, _matching(_canonical(ids.arxiv_id), "an arXiv id without version", "'2010.11929'")]
Doi = Annotated[str, AfterValidator(_doi)]
S2Id = Annotated[str, _matching(_canonical(ids.s2_paper_id), "a Semantic Scholar paper id", "40 hex digits")]
HttpUrl = Annotated[str, AfterValidator(_http_url)]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Paper(Record, PaperBase):
    """A paper, with true metadata.

    ``year`` is the year the paper first appeared (first arXiv version or first
    public release); ``venue`` keeps the venue's own year.
    """

    key: Key
    name: Text | None = Field(default=None, description="Short display name, such as 'ViT'.")
    title: Text
    authors: list[Text] = Field(default_factory=list)  # a factory: a [] default is deep-copied
    year: int = Field(ge=1600, le=2200)
    venue: Text | None = None
    arxiv: ArxivId | None = None
    doi: Doi | None = None
    s2_id: S2Id | None = None
    corpus_id: int | None = Field(default=None, ge=0, le=WHOLE, description="Semantic Scholar CorpusId.")
    url: HttpUrl | None = None
    pdf_url: HttpUrl | None = Field(default=None, description="An open-access PDF, as Semantic Scholar found it.")
    citation_count: int | None = Field(
        default=None, ge=0, le=WHOLE, description="As Semantic Scholar counted, when fetched."
    )
    summary: Text | None = None
    aliases: list[Text] = Field(default_factory=list)
    section: Text | None = Field(default=None, description="The reading-list section it belongs to.")
    references_read: Literal[True] | None = Field(
        default=None, description="True: its reference list was read, and cites no paper of the graph."
    )
    reason: Text | None = Field(
        default=None, description="Why `paperhop road` kept it: the signals it was ranked by, in a sentence."
    )


class Concept(Record, ConceptBase):
    """An idea papers introduce and use, such as spacetime patches."""

    key: Key
    name: Text
    description: Text
    aliases: list[Text] = Field(default_factory=list)


class Reference(Record):
    """Where a citation was read: the entry of the citing paper's reference list."""

    number: int | None = Field(
        default=None, ge=1, le=WHOLE, description="The entry's number, when the list is numbered."
    )
    text: Text = Field(description="The entry as printed (long author lists may be shortened with '...').")
    source: Text | None = Field(
        default=None,
        description=(
            "Which copy of the reference list the entry was read in, since numbering differs between versions:"
            " arXiv:2402.17177v3, or the proceedings."
        ),
    )


class S2Evidence(Record):
    """Semantic Scholar's evidence for a citation, as its API gives it."""

    influential: bool = Field(description="S2's isInfluential.")
    intents: list[Intent] = Field(default_factory=list, description="S2's intents: background, methodology, result.")
    contexts: list[Text] = Field(
        default_factory=list, max_length=3, description="Up to three sentences of the citing paper that cite it."
    )


class Edge(Record):
    """A directed link in reading order: read ``source`` before ``target``.

    Whether the keys exist, whether the kind fits the two ends and whether a
    ``builds_on`` link has its note are rules of the graph: ``graph.py`` checks them.
    Only a ``cites`` edge carries evidence (``reference``, ``s2``).
    """

    source: str = Field(description="Key of the paper or concept to read first.")
    target: str = Field(description="Key of the paper or concept to read after it.")
    kind: EdgeKind
    note: Text | None = Field(default=None, description="Why the edge exists; required for builds_on.")
    reference: Reference | None = Field(default=None, description="cites only: the entry of the reference list.")
    s2: S2Evidence | None = Field(default=None, description="cites only: Semantic Scholar's evidence.")

    @model_validator(mode="after")
    def _evidence_on_citations(self) -> Edge:
        if self.kind != "cites" and (self.reference is not None or self.s2 is not None):
            raise ValueError(f"reference and s2 are a citation's evidence: only a cites edge has them, not {self.kind}")
        return self

    @property
    def evidence(self) -> str | None:
        """The evidence in one line of plain (unescaped) text, or None if there is none.

        >>> Edge(source="dit", target="walt", kind="cites", reference=Reference(number=26, text="Peebles...")).evidence
        'reference [26] Peebles...'
        """
        return evidence_text(self.reference, self.s2)


@dataclass
class GraphData:
    """The records of one graph: what a graph folder holds, before it is a graph."""

    name: str
    papers: dict[str, Paper] = field(default_factory=dict)
    concepts: dict[str, Concept] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)


def json_schema() -> dict[str, object]:
    """The JSON Schema of the three records, one document: what ``paperhop schema`` prints."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "paperhop graph records",
        "description": "Each line of papers.jsonl, concepts.jsonl and edges.jsonl is one record.",
        "$defs": {
            "paper": Paper.model_json_schema(),
            "concept": Concept.model_json_schema(),
            "edge": Edge.model_json_schema(),
        },
    }


@functools.cache
def field_defaults(model: type[Paper | Concept]) -> dict[str, Any]:
    """Every field of *model*, in order, with its default (None where it has none): what a record's
    ``model_dump(mode="json")`` holds where the record leaves a field out (``records.view_type``)."""
    return {
        name: None if info.is_required() else info.get_default(call_default_factory=True)
        for name, info in model.model_fields.items()
    }
