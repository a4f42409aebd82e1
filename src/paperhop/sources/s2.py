"""Semantic Scholar, through the ``semanticscholar`` package, made safe for a command line.

The package (0.12.0) retries a 429 for minutes in silence and never sees
``Retry-After``, returns an empty result for a 502 or 503, and hides the
response from its caller. So its requester is replaced by ``_Requester``: the
package still builds the URLs, batches and pages, while every HTTP exchange is
ours: 429 and 5xx are retried with exponential backoff and jitter, honouring
``Retry-After``, bounded in tries and in total waiting, each wait announced;
every other failure becomes one typed error. Only the fields paperhop uses are
ever asked for.

::

    S2Error (PaperhopError)
     ├── S2Unreachable    no connection, or no answer in time
     ├── S2NotFound       404 for an id
     ├── S2Forbidden      403: the API key was refused
     └── S2BadResponse    malformed JSON, or an answer that is not what was asked
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import logging
import os
import random
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from pydantic import ValidationError

from ..errors import PaperhopError
from ..models import Paper
from ..resolve import ARXIV_FORMS, DOI_FORMS, S2_FORMS
from ..store import write_text_atomic

__all__ = [
    "PAPER_FIELDS",
    "ResponseCache",
    "S2BadResponse",
    "S2Client",
    "S2Error",
    "S2Forbidden",
    "S2NotFound",
    "S2Unreachable",
    "paper_record",
    "s2_id",
]

DEFAULT_API_URL = "https://api.semanticscholar.org"
PAPER_FIELDS = [
    "title",
    "authors",
    "year",
    "venue",
    "externalIds",
    "url",
    "openAccessPdf",
    "citationCount",
    "tldr",
    "abstract",
]
LINK_FIELDS = ["paperId", "externalIds", "citationCount", "isInfluential", "intents", "contexts"]
BATCH = 500  # the batch endpoint's limit


class S2Error(PaperhopError):
    """Semantic Scholar could not give what was asked."""


class S2Unreachable(S2Error):
    pass


class S2NotFound(S2Error):
    pass


class S2Forbidden(S2Error):
    pass


class S2BadResponse(S2Error):
    pass


def s2_id(text: str) -> str:
    """Any spelling a user may give -> an id the API takes.

    >>> [s2_id(t) for t in ("arXiv:2010.11929v2", "https://doi.org/10.1234/x", "corpusid:215827")]
    ['ARXIV:2010.11929', 'DOI:10.1234/x', 'CorpusId:215827']
    """
    text = text.strip()
    if re.fullmatch(r"corpusid:\d+", text, re.IGNORECASE):
        return "CorpusId:" + text.split(":", 1)[1]
    if match := ARXIV_FORMS.fullmatch(text):
        return f"ARXIV:{match.group(1)}"
    if match := DOI_FORMS.fullmatch(text):
        return f"DOI:{match.group(1)}"
    if match := S2_FORMS.fullmatch(text):
        return match.group(1).lower()
    raise PaperhopError(f"{text!r} is not an arXiv id, DOI, Semantic Scholar id or CorpusId:N")


@dataclass
class Retry:
    """How long to keep trying a rate-limited or failing service."""

    tries: int = 5
    total_wait: float = 120.0  # seconds, at most, across all waits of one request
    base: float = 1.0
    sleep: Callable[[float], Any] = field(default=asyncio.sleep)  # async; tests pass their own
    notify: Callable[[str], None] = lambda message: None


_MISSING = object()


class ResponseCache:
    """Semantic Scholar's answers on disk, one JSON file per request (the API key is not part of the
    request's identity, and never stored): a repeated run asks nothing, and ``offline`` runs from it alone."""

    def __init__(self, folder: Path, *, offline: bool = False) -> None:
        self.folder = folder
        self.offline = offline

    def _path(self, request: tuple[object, ...]) -> Path:
        name = hashlib.sha256(json.dumps(request, sort_keys=True).encode()).hexdigest()
        return self.folder / f"{name}.json"

    def get(self, request: tuple[object, ...]) -> Any:
        path = self._path(request)
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            if self.offline:
                method, url, parameters, _ = request
                raise S2Unreachable(f"offline, and not in the cache: {method} {url}?{parameters}") from None
            return _MISSING

    def put(self, request: tuple[object, ...], data: Any) -> None:
        with contextlib.suppress(OSError):  # a cache that cannot be written only costs requests
            write_text_atomic(self._path(request), json.dumps(data))


class _Requester:
    """Stands in for the package's ApiRequester: same call, our HTTP exchange."""

    def __init__(
        self,
        timeout: float,
        retry: Retry,
        transport: httpx.AsyncBaseTransport | None = None,
        api_key: str | None = None,
        cache: ResponseCache | None = None,
    ) -> None:
        self.timeout = timeout
        self._cache = cache
        self._key = {"x-api-key": api_key} if api_key else {}  # on every request: the package drops it when paging
        self.retry = False  # the package reads this; our own retry is below
        self._policy = retry
        self._transport = transport
        self.last: Any = None  # the last answer's data, in the API's own shape

    async def get_data_async(
        self, url: str, parameters: str, headers: dict[str, str], payload: dict[str, object] | None = None
    ) -> Any:
        request = ("POST" if payload else "GET", url, parameters.lstrip("&"), payload)
        if self._cache is not None:
            cached = self._cache.get(request)
            if cached is not _MISSING:
                self.last = cached
                return cached
        self.last = await self._fetch(url, parameters, headers, payload)
        if self._cache is not None:
            self._cache.put(request, self.last)
        return self.last

    async def _fetch(
        self, url: str, parameters: str, headers: dict[str, str], payload: dict[str, object] | None
    ) -> Any:
        policy, waited = self._policy, 0.0
        for attempt in range(1, policy.tries + 1):
            try:
                async with httpx.AsyncClient(timeout=self.timeout, transport=self._transport) as client:
                    response = await client.request(
                        "POST" if payload else "GET",
                        url,
                        params=parameters.lstrip("&"),
                        headers={**(headers or {}), **self._key},
                        json=payload,
                    )
            except httpx.TimeoutException:
                raise S2Unreachable(f"Semantic Scholar at {_root(url)} did not answer in {self.timeout:g} s") from None
            except httpx.TransportError as exc:
                reason = str(exc) or type(exc).__name__
                raise S2Unreachable(f"cannot reach Semantic Scholar at {_root(url)}: {reason}") from None
            status = response.status_code
            if status == 429 or status >= 500:
                wait = _retry_after(response) or policy.base * 2 ** (attempt - 1) * (1 + random.random() / 2)
                if attempt == policy.tries or waited + wait > policy.total_wait:
                    what = "is rate-limiting requests (429)" if status == 429 else f"answered {status}"
                    raise S2Unreachable(f"Semantic Scholar at {_root(url)} {what}; gave up after {attempt} tries")
                policy.notify(
                    f"Semantic Scholar answered {status}; waiting {wait:.0f} s (try {attempt} of {policy.tries})"
                )
                await policy.sleep(wait)
                waited += wait
                continue
            return _answer(response, url)
        raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises


def _answer(response: httpx.Response, url: str) -> Any:
    status = response.status_code
    try:
        data = response.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise S2BadResponse(f"Semantic Scholar sent a malformed answer ({status}) for {url}") from None
    if status == 200:
        if isinstance(data, dict) and set(data) == {"error"}:
            raise S2NotFound(str(data["error"]))
        return data
    message = data.get("error") or data.get("message") if isinstance(data, dict) else None
    if status == 404:
        raise S2NotFound(str(message or "not found"))
    if status == 403:
        raise S2Forbidden("Semantic Scholar refused the request (403): check S2_API_KEY")
    raise S2BadResponse(f"Semantic Scholar answered {status}: {message or response.text[:200]}")


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After", "")
    return float(value) if value.replace(".", "", 1).isdigit() else None


def _root(url: str) -> str:
    return url.split("/graph/")[0]


class S2Client:
    """Papers and their citations from Semantic Scholar, as paperhop records."""

    def __init__(
        self,
        *,
        api_url: str | None = None,
        api_key: str | None = None,
        timeout: float = 30.0,
        retry: Retry | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        page_size: int = 1000,
        cache: ResponseCache | None = None,
    ) -> None:
        from semanticscholar import AsyncSemanticScholar  # heavy: only commands that talk to S2 pay for it

        # Its warnings would print ids as they are asked; at DEBUG it would log the API key. Ours say it all.
        logging.getLogger("semanticscholar").setLevel(logging.ERROR)

        self.api_url = (api_url or os.environ.get("PAPERHOP_S2_API_URL") or DEFAULT_API_URL).rstrip("/")
        key = api_key if api_key is not None else os.environ.get("S2_API_KEY")
        self._api = AsyncSemanticScholar(api_url=self.api_url, api_key=key or None, timeout=int(timeout), retry=False)
        self.requester = _Requester(timeout, retry or Retry(), transport, key or None, cache)
        self.page_size = page_size  # references and citations asked a page at a time
        self._api._requester = self.requester

    def papers(self, ids: Iterable[str]) -> dict[str, dict[str, Any] | None]:
        """The raw S2 records of *ids* (as ``s2_id`` spells them), None where S2 has no such paper."""
        ids = list(dict.fromkeys(ids))
        found: dict[str, dict[str, Any] | None] = {}
        for start in range(0, len(ids), BATCH):
            chunk = ids[start : start + BATCH]
            _run(self._api.get_papers(chunk, fields=PAPER_FIELDS))
            answer = self.requester.last  # one entry per id asked, in order; null where unknown
            if not isinstance(answer, list) or len(answer) != len(chunk):
                raise S2BadResponse("Semantic Scholar's batch answer does not match the ids asked")
            for id_, raw in zip(chunk, answer, strict=True):
                if raw is not None and not (isinstance(raw, dict) and raw.get("paperId")):
                    raise S2BadResponse(f"Semantic Scholar answered with an empty paper for {id_}")
                found[id_] = raw
        return found

    def search(self, query: str, *, limit: int = 10) -> list[dict[str, Any]]:
        """The best matches for *query*, best first (the first page of S2's relevance search)."""

        async def first_page() -> list[dict[str, Any]]:
            results = await self._api.search_paper(query, fields=["paperId", *PAPER_FIELDS], limit=limit)
            return [item.raw_data for item in results.items]

        return _run(first_page())

    def links(self, paper_id: str, direction: str) -> list[dict[str, Any]]:
        """The papers *paper_id* cites (``references``) or that cite it (``citations``), with S2's evidence."""

        async def collect() -> list[dict[str, Any]]:
            get = self._api.get_paper_references if direction == "references" else self._api.get_paper_citations
            results = await get(paper_id, fields=LINK_FIELDS, limit=self.page_size)
            return [item.raw_data async for item in results]

        return _run(collect())


def _run(coroutine: Any) -> Any:
    """Run one of the package's calls; what it cannot read becomes an S2BadResponse, not a traceback."""
    try:
        return asyncio.run(coroutine)
    except S2Error:
        raise
    except (AttributeError, KeyError, TypeError, ValueError) as exc:
        raise S2BadResponse(f"Semantic Scholar sent an answer paperhop cannot read ({exc})") from None


def paper_record(raw: dict[str, Any], key: str) -> Paper:
    """A paperhop record from an S2 paper. Its year is the year it first appeared: an
    arXiv id's own year when that is earlier than S2's (which is often the venue's)."""
    ids = raw.get("externalIds") or {}
    year = first_year(raw)
    arxiv = ids.get("ArXiv")
    tldr = (raw.get("tldr") or {}).get("text")
    abstract = raw.get("abstract") or ""
    record = {
        "key": key,
        "title": raw.get("title"),
        "authors": [a["name"] for a in raw.get("authors") or [] if a.get("name")],
        "year": year,
        "venue": raw.get("venue") or None,
        "arxiv": arxiv,
        "doi": ids.get("DOI"),
        "s2_id": raw.get("paperId"),
        "corpus_id": ids.get("CorpusId"),
        "url": raw.get("url"),
        "pdf_url": (raw.get("openAccessPdf") or {}).get("url") or None,
        "citation_count": raw.get("citationCount"),
        "summary": tldr or (re.split(r"(?<=[.!?])\s", abstract.strip(), maxsplit=1)[0] or None),
    }
    record = {k: v for k, v in record.items() if v not in (None, "", [])}
    try:
        return Paper.model_validate(record)
    except ValidationError as exc:
        # A field S2 spells oddly is left out rather than losing the paper; title and year are required.
        bad = {str(e["loc"][0]) for e in exc.errors()} - {"key", "title", "year"}
        if not bad:
            raise S2BadResponse(f"Semantic Scholar's record of {raw.get('paperId')} lacks a title or year") from None
        return Paper.model_validate({k: v for k, v in record.items() if k not in bad})


def first_year(raw: dict[str, Any]) -> int | None:
    """The year a paper first appeared: its arXiv id's year when earlier than S2's (often the venue's)."""
    year = raw.get("year")
    arxiv = (raw.get("externalIds") or {}).get("ArXiv") or ""
    if re.fullmatch(r"\d{4}\.\d{4,5}", arxiv):
        return min(year or 9999, 2000 + int(arxiv[:2]))
    return year


def paper_key(raw: dict[str, Any], taken: set[str]) -> str:
    """A short readable key: first author's surname, year, first word of the title (ho2022imagen)."""

    def ascii_word(text: str) -> str:
        folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
        return re.sub(r"[^a-z0-9]", "", folded.lower())

    authors = raw.get("authors") or []
    surname = ascii_word(authors[0]["name"].split()[-1]) if authors and authors[0].get("name") else "anon"
    words = [ascii_word(w) for w in (raw.get("title") or "").split()]
    word = next((w for w in words if w and w not in {"a", "an", "the", "on", "of", "for", "and", "in"}), "paper")
    base = f"{surname}{first_year(raw) or ''}{word}"
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    return key


def evidence(link: dict[str, Any]) -> str | None:
    """S2's evidence for one citation, as an edge note: influential, intents, one context."""
    parts = []
    if link.get("isInfluential"):
        parts.append("influential")
    if link.get("intents"):
        parts.append("intents: " + ", ".join(link["intents"]))
    contexts = [c for c in link.get("contexts") or [] if c.strip()]
    if contexts:
        parts.append(f'context: "{contexts[0].strip()}"')
    return "; ".join(parts) or None
