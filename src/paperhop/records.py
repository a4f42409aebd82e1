"""The plain side of the records: what reading a graph needs without pydantic.

``models`` defines the records with pydantic, which checks them as they are read;
building its classes costs more than answering a query on a small graph. So what
needs no validation lives here, and ``models`` builds on it: the edge kinds, name
folding, a citation's evidence in words, and ``PaperBase`` and ``ConceptBase``,
the label and link of a record, which ``models.Paper`` and ``models.Concept``
inherit.

An index (``paperhop.index``) holds records already checked: it gives them as
``PaperView`` and ``ConceptView`` (and a citation's evidence as ``Cited``), light
read-only stand-ins with the same attributes, label and link, and the same
``model_dump(mode="json")``, which is all that results and renderers read.

>>> defaults = {"key": None, "name": None, "title": None, "url": None, "arxiv": None, "doi": None}
>>> vit = view_type("paper", defaults)({"key": "vit", "title": "An Image is Worth 16x16 Words", "arxiv": "2010.11929"})
>>> vit.label, vit.link, vit.name, isinstance(vit, PaperBase)
('vit', 'https://arxiv.org/abs/2010.11929', None, True)
>>> list(vit.model_dump(mode="json"))
['key', 'name', 'title', 'url', 'arxiv', 'doi']
"""

from __future__ import annotations

import re
from collections.abc import Callable
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, ClassVar, Literal

if TYPE_CHECKING:
    from .models import Concept, Paper, Reference, S2Evidence

__all__ = [
    "EDGE_KINDS",
    "KEY_RE",
    "ConceptBase",
    "ConceptView",
    "EdgeKind",
    "PaperBase",
    "PaperView",
    "evidence_text",
    "normalize",
    "view_type",
]

KEY_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")  # a record's key: lower-case words joined by hyphens

EdgeKind = Literal["cites", "builds_on", "introduces", "uses"]
EDGE_KINDS: tuple[EdgeKind, ...] = ("builds_on", "introduces", "uses", "cites")


def normalize(text: str) -> str:
    """Fold a name for matching: case and punctuation do not count.

    >>> normalize("DALL·E 3") == normalize("dall-e 3") == "dalle3"
    True
    """
    return _NOT_ALNUM.sub("", text.casefold())


_NOT_ALNUM = re.compile(r"[\W_]+")


def evidence_text(reference: Reference | None, s2: S2Evidence | None) -> str | None:
    """*reference* and *s2* in one line of plain (unescaped) text; None if both are None."""
    parts = []
    if reference is not None:
        number = f"[{reference.number}] " if reference.number is not None else ""
        read_in = f" (read in {reference.source})" if reference.source is not None else ""
        parts.append(f"reference {number}{reference.text}{read_in}")
    if s2 is not None:
        said = ["influential" if s2.influential else "not influential"]
        if s2.intents:
            said.append("intents: " + ", ".join(s2.intents))
        said += [f'context: "{c.strip()}"' for c in s2.contexts]
        parts.append("Semantic Scholar: " + "; ".join(said))
    return " | ".join(parts) or None


class PaperBase:
    """What a paper is besides its fields: its label and its link."""

    if TYPE_CHECKING:
        key: str
        name: str | None
        url: str | None
        arxiv: str | None
        doi: str | None

    @property
    def label(self) -> str:
        return self.name or self.key

    @property
    def link(self) -> str | None:
        if self.url:
            return self.url
        if self.arxiv:
            return f"https://arxiv.org/abs/{self.arxiv}"
        if self.doi:
            return f"https://doi.org/{self.doi}"
        return None


class ConceptBase:
    """What a concept is besides its fields: its label."""

    if TYPE_CHECKING:
        name: str

    @property
    def label(self) -> str:
        return self.name


class _View:
    """A record's fields as attributes: those it holds kept as read (no copy), the others at their defaults."""

    _defaults: ClassVar[dict[str, Any]] = {}  # every field, in order, with its default (view_type)

    def __init__(self, fields: dict[str, Any]) -> None:
        self.__dict__ = fields

    def __getattr__(self, name: str) -> Any:  # only for what the record left out
        try:
            default = self._defaults[name]
        except KeyError:
            raise AttributeError(name) from None
        return [] if isinstance(default, list) else default

    def model_dump(self, *, mode: Literal["json"]) -> dict[str, Any]:
        """Every field, in the model's order: as pydantic's ``model_dump(mode="json")`` of the record."""
        fields = self.__dict__
        return {
            name: fields[name] if name in fields else [] if isinstance(default, list) else default
            for name, default in self._defaults.items()
        }


class PaperView(_View, PaperBase):
    """A checked paper record, read from an index."""


class ConceptView(_View, ConceptBase):
    """A checked concept record, read from an index."""


def view_type(kind: str, defaults: dict[str, Any]) -> Callable[[dict[str, Any]], Paper | Concept]:
    """The view of records of type *kind* ("paper" or "concept"): called with a record's fields, it gives
    the record, the fields it left out at *defaults* (every field of the model, in its order). The fields'
    dict becomes the view's own, so a long reading list holds each record once. Typed as the model."""
    base = PaperView if kind == "paper" else ConceptView
    return type(base.__name__, (base,), {"_defaults": defaults})


class Cited:
    """A citation's evidence as ``results.evidence_json`` gives it (``{"reference": ..., "s2": ...}``),
    standing in for the ``cites`` Edge record that holds it."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        self.reference = None if document["reference"] is None else SimpleNamespace(**document["reference"])
        self.s2 = None if document["s2"] is None else SimpleNamespace(**document["s2"])

    @property
    def evidence(self) -> str | None:
        return evidence_text(self.reference, self.s2)  # type: ignore[arg-type]

    def model_dump(self, *, mode: Literal["json"], include: set[str]) -> dict[str, Any]:
        return {k: v for k, v in self.document.items() if k in include}
