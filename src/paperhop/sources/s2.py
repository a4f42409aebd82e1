"""Semantic Scholar, made safe for a command line: whatever the server answers, one typed error or good data.

Every HTTP exchange is ours, and so is the reading of every answer. The ``semanticscholar`` package (0.12.0) was
put back under our requester, endpoint by endpoint, and on each it breaks a hardening ``test_hostile_s2`` pins:

- batch: ``get_papers`` drops the nulls that say which id S2 does not know, and one record whose ``externalIds``
  is not an object (or whose ``authors`` hold a non-object) fails the whole batch, not that paper;
- search: ``search_paper`` builds a ``Paper`` of each match, which raises on an author that is not an object:
  one bad match loses them all, where it should be left out;
- references and citations: its paging takes the next offset from the ``offset`` the server answers (and sends
  the server's ``token`` back unescaped in the query), so a server can end it early or hold it on one page.

Making its client also configures the root logger (``logging.basicConfig``), so its warnings would reach the
terminal. So the package is not in the path, and:

- 429 and 5xx are retried with exponential backoff and jitter, honouring ``Retry-After``, bounded in tries and
  in total waiting, each wait announced; every other failure becomes one typed error;
- one pooled HTTP client and one event loop serve every request of an ``S2Client``, until ``close()`` (or the end
  of its ``with`` block): connections are reused;
- each exchange is bounded: a deadline for the whole of it (a server trickling bytes cannot hold it), a cap on
  the body's size, JSON no deeper than ``MAX_DEPTH``; paging stops at ``MAX_LINKS``;
- an id goes into a URL path only when it is one plain segment (``ids.in_url_path``); any other id travels in the
  batch request's JSON body, and the API key goes to the API's paper paths only;
- every answer is checked against the shape paperhop reads (the ``S2Paper``, ``S2Link`` models) before use.
  A malformed paper is an ``S2BadResponse`` naming the field, which ``grow`` reports as that paper's failure.

Only the fields paperhop uses are ever asked for. Its errors are ``errors.S2Error`` and its subclasses.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import os
import random
import re
import threading
import unicodedata
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Annotated, Any, Protocol, TypeVar
from urllib.parse import quote, quote_plus

import httpx
from pydantic import AfterValidator, BaseModel, ConfigDict, ValidationError, field_validator

from ..errors import PaperhopError, S2BadResponse, S2Error, S2Forbidden, S2NotFound, S2Unreachable
from ..ids import arxiv_year, in_url_path, request_ids, s2_paper_id, s2_request_id
from ..models import INTENTS, Paper, S2Evidence
from ..records import KEY_RE

__all__ = [
    "MAX_BYTES",
    "PAPER_FIELDS",
    "Responses",
    "S2BadResponse",
    "S2Client",
    "S2Error",
    "S2Forbidden",
    "S2Link",
    "S2NotFound",
    "S2Paper",
    "S2Unreachable",
    "evidence",
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
MAX_LINKS = 9999  # the references and citations endpoints answer offsets below 10,000 only
DEADLINE = 60.0  # seconds for one whole HTTP exchange, however slowly the bytes come
MAX_BYTES = 50 * 2**20  # a batch of 500 papers with abstracts is about 1 MB
MAX_DEPTH = 32  # what paperhop reads is nested five deep
_API_PATH = "/graph/v1/paper/"


def s2_id(text: str) -> str:
    """Any spelling a user may give of any id (``ids``) -> the id the API takes, or an error saying what ids are."""
    found = s2_request_id(text)
    if found is None:
        raise PaperhopError(f"{text.strip()[:200]!r} is not an arXiv id, DOI, Semantic Scholar id or CorpusId:N")
    return found


def _paper_id(value: str) -> str:
    """A paper id as S2 writes it, the canonical form: the one kind of id asked for in a URL path without a check."""
    if s2_paper_id(value) != value:
        raise ValueError("not a Semantic Scholar paper id")
    return value


_PaperId = Annotated[str, AfterValidator(_paper_id)]


# The shapes paperhop reads from S2's answers. Strict: "2020" is not a year, 1 is not an intent. Fields paperhop
# does not read are ignored, whatever they hold.


class _Shape(BaseModel):
    model_config = ConfigDict(extra="ignore", strict=True, frozen=True)


class S2Ids(_Shape):
    ArXiv: str | None = None
    DOI: str | None = None
    CorpusId: int | None = None


class S2Author(_Shape):
    name: str | None = None


class _Url(_Shape):
    url: str | None = None


class _Tldr(_Shape):
    text: str | None = None


class S2Summary(_Shape):
    """A paper as a reference or citation names it; paperId is null where S2 could not resolve it."""

    paperId: _PaperId | None = None
    externalIds: S2Ids | None = None
    citationCount: int | None = None

    def ids(self) -> list[str]:
        """Every id S2 lists for the paper, spelled as a graph's are (``ids.request_ids``): to find it in an index."""
        listed = self.externalIds or S2Ids()
        return request_ids(s2_id=self.paperId, arxiv=listed.ArXiv, doi=listed.DOI, corpus_id=listed.CorpusId)


class S2Paper(S2Summary):
    """A paper as the batch and the search answer it."""

    paperId: _PaperId
    title: str | None = None
    year: int | None = None
    authors: list[S2Author] = []
    venue: str | None = None
    url: str | None = None
    openAccessPdf: _Url | None = None
    tldr: _Tldr | None = None
    abstract: str | None = None

    @field_validator("authors", mode="before")
    @classmethod
    def _null_is_empty(cls, value: Any) -> Any:
        return [] if value is None else value

    @field_validator("authors")
    @classmethod
    def _named(cls, authors: list[S2Author]) -> list[S2Author]:
        """An author S2 lists with a blank name says nothing: left out, the others kept."""
        return [a for a in authors if a.name and a.name.strip()]


class S2Link(_Shape):
    """One reference or citation, with S2's evidence for it."""

    citedPaper: S2Summary | None = None
    citingPaper: S2Summary | None = None
    isInfluential: bool | None = None
    intents: list[str] | None = None
    contexts: list[str] | None = None


class _Cites(_Shape):
    """A paper as the batch answers it with ``fields=references.paperId``: what it cites."""

    references: list[S2Summary] = []

    @field_validator("references", mode="before")
    @classmethod
    def _null_is_empty(cls, value: Any) -> Any:
        return [] if value is None else value


class _Page(_Shape):
    data: list[Any]
    next: int | None = None


_Model = TypeVar("_Model", bound=_Shape)


def checked(model: type[_Model], raw: Any, label: str) -> _Model:
    """*raw* read as *model*, or an S2BadResponse naming the first field that is not of its shape."""
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        where = ".".join(str(part) for part in exc.errors()[0]["loc"])
        what = f"field {where}" if where else "not an object"
        raise S2BadResponse(f"Semantic Scholar answered a malformed record for {label}: {what}") from None


@dataclass
class Retry:
    """How long to keep trying a rate-limited or failing service."""

    tries: int = 5
    total_wait: float = 120.0  # seconds, at most, across all waits of one request
    base: float = 1.0
    sleep: Callable[[float], Any] = field(default=asyncio.sleep)  # async; tests pass their own
    notify: Callable[[str], None] = lambda message: None


def _decode(body: bytes) -> Any:
    """JSON no deeper than MAX_DEPTH and of valid Unicode, else ValueError. Deeper JSON would reach Python's
    recursion limit, here or in whatever walks the answer later; an unpaired surrogate could not be saved."""
    try:
        data = json.loads(body)
    except RecursionError:
        raise ValueError("nested too deep") from None
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, str):
            value.encode("utf-8")  # UnicodeEncodeError, a ValueError, on an unpaired surrogate
        elif isinstance(value, dict | list):
            if depth >= MAX_DEPTH:
                raise ValueError(f"nested deeper than {MAX_DEPTH}")
            items = [*value, *value.values()] if isinstance(value, dict) else value
            stack.extend((item, depth + 1) for item in items)
    return data


class Responses(Protocol):
    """Where answers are kept between runs (``store.responses.ResponseCache``, which the command line passes):
    ``get`` the bytes kept for a request, None if none are, ValueError if they cannot be read; ``put`` keeps them.
    ``offline``: ask nothing, answer from what is kept alone."""

    offline: bool

    def get(self, request: tuple[object, ...], max_bytes: int) -> bytes | None: ...

    def put(self, request: tuple[object, ...], answer: bytes) -> None: ...


class _Requester:
    """Requests to the API: each cached, retried as ``Retry`` says, each exchange bounded in time and size, all
    through one pooled client on one event loop (made at the first exchange, until ``close``).

    An answer read back from the cache is decoded as one from the network is; one that cannot be is damaged:
    ignored, asked again and overwritten, or, offline, reported."""

    def __init__(
        self,
        api_url: str,
        timeout: float,
        retry: Retry,
        api_key: str | None = None,
        cache: Responses | None = None,
        deadline: float = DEADLINE,
        max_bytes: int = MAX_BYTES,
    ) -> None:
        self.api = httpx.URL(api_url + _API_PATH)
        self.timeout = timeout
        self.deadline = deadline
        self.max_bytes = max_bytes
        self._cache = cache
        self._key = {"x-api-key": api_key} if api_key else {}
        self._policy = retry
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._client: httpx.AsyncClient | None = None
        self._lock = threading.Lock()  # the loop is made, and taken down, once, whichever thread asks
        self.sent = 0  # requests sent to the API (a retry is one more; an answer from the cache is none)

    def run(self, url: str, parameters: str, payload: dict[str, object] | None = None) -> Any:
        """``get``, run on this requester's event loop. The loop runs in a thread of its own, so that ``close``
        works from anywhere, even from a finalizer called inside another event loop."""
        with self._lock:
            if self._loop is None:
                self._loop = asyncio.new_event_loop()
                self._thread = threading.Thread(target=_serve, args=(self._loop,), name="paperhop-s2", daemon=True)
                self._thread.start()
            loop = self._loop
        future = asyncio.run_coroutine_threadsafe(self.get(url, parameters, payload), loop)
        try:
            return future.result()
        except BaseException:
            future.cancel()  # interrupted (Ctrl-C): the request stops too
            raise

    def close(self, *, wait: bool = True) -> None:
        """Close the pooled client and stop the loop (a later request makes new ones); unless *wait*, in the
        loop's own thread, without waiting for it: a finalizer may run while this thread holds a lock (an import's)
        that closing needs."""
        with self._lock:
            loop, thread, client = self._loop, self._thread, self._client
            self._loop = self._thread = self._client = None
        if loop is None or thread is None:
            return

        async def shut() -> None:
            if client is not None:
                await client.aclose()
            loop.stop()

        asyncio.run_coroutine_threadsafe(shut(), loop)
        if wait:
            thread.join()

    async def get(self, url: str, parameters: str, payload: dict[str, object] | None = None) -> Any:
        method = "POST" if payload else "GET"
        request = (method, url, parameters, payload)
        if self._cache is not None:
            try:
                kept = self._cache.get(request, self.max_bytes)
                if kept is not None:
                    return _decode(kept)
                why = "not in the cache"
            except ValueError:
                why = "its cached answer is damaged"
            if self._cache.offline:
                raise S2Unreachable(f"offline, and {why}: {method} {url}?{parameters}")
        data = await self._fetch(url, parameters, payload)
        if self._cache is not None:
            self._cache.put(request, json.dumps(data).encode())
        return data

    async def _fetch(self, url: str, parameters: str, payload: dict[str, object] | None) -> Any:
        policy, waited = self._policy, 0.0
        for attempt in range(1, policy.tries + 1):
            try:
                self.sent += 1
                status, retry_after, body = await self._exchange(url, parameters, payload)
            except TimeoutError:
                raise S2Unreachable(
                    f"Semantic Scholar at {_root(url)} did not finish answering in {self.deadline:g} s"
                ) from None
            except httpx.TimeoutException:
                raise S2Unreachable(f"Semantic Scholar at {_root(url)} did not answer in {self.timeout:g} s") from None
            except httpx.DecodingError:
                raise S2BadResponse(f"Semantic Scholar sent a malformed answer for {url}") from None
            except (httpx.TransportError, httpx.InvalidURL) as exc:
                reason = str(exc) or type(exc).__name__
                raise S2Unreachable(f"cannot reach Semantic Scholar at {_root(url)}: {reason}") from None
            if status == 429 or status >= 500:
                wait = _retry_after(retry_after) or policy.base * 2 ** (attempt - 1) * (1 + random.random() / 2)
                if attempt == policy.tries or waited + wait > policy.total_wait:
                    what = "is rate-limiting requests (429)" if status == 429 else f"answered {status}"
                    raise S2Unreachable(f"Semantic Scholar at {_root(url)} {what}; gave up after {attempt} tries")
                policy.notify(
                    f"Semantic Scholar answered {status}; waiting {wait:.0f} s (try {attempt} of {policy.tries})"
                )
                await policy.sleep(wait)
                waited += wait
                continue
            return _answer(status, body, url)
        raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises

    async def _exchange(self, url: str, parameters: str, payload: dict[str, object] | None) -> tuple[int, str, bytes]:
        """One whole exchange, within the deadline (TimeoutError): status, Retry-After and at most max_bytes."""
        if self._client is None:
            self._client = httpx.AsyncClient(timeout=self.timeout)
        client = self._client
        async with asyncio.timeout(self.deadline):
            request = client.build_request(
                "POST" if payload else "GET", url, params=parameters, headers=self._key, json=payload
            )
            where = request.url
            if (where.scheme, where.host, where.port) != (self.api.scheme, self.api.host, self.api.port) or not (
                where.raw_path.startswith(self.api.raw_path)
            ):  # the API key goes to the API's paper paths, nowhere else
                raise S2Error(f"paperhop asks Semantic Scholar for papers only, not for {where}")
            response = await client.send(request, stream=True)
            try:
                body = bytearray()
                declared = response.headers.get("Content-Length", "")
                if not (declared.isdigit() and int(declared) > self.max_bytes):
                    async for chunk in response.aiter_bytes():
                        body += chunk
                        if len(body) > self.max_bytes:
                            break
                if len(body) > self.max_bytes or (declared.isdigit() and int(declared) > self.max_bytes):
                    raise S2BadResponse(
                        f"Semantic Scholar's answer for {url} is larger than {self.max_bytes // 2**20 or 1} MB"
                    )
            finally:
                await response.aclose()
            return response.status_code, response.headers.get("Retry-After", ""), bytes(body)


def _serve(loop: asyncio.AbstractEventLoop) -> None:
    """A requester's thread: its loop, until ``close`` stops it."""
    loop.run_forever()
    loop.close()


def _answer(status: int, body: bytes, url: str) -> Any:
    try:
        data = _decode(body)
    except ValueError:
        if status == 200:
            raise S2BadResponse(f"Semantic Scholar sent a malformed answer ({status}) for {url}") from None
        data = None  # an error page: its status says enough
    if status == 200:
        if isinstance(data, dict) and set(data) == {"error"}:
            raise S2NotFound(_said(data["error"]))
        return data
    message = data.get("error") or data.get("message") if isinstance(data, dict) else None
    if status == 404:
        raise S2NotFound(_said(message or "not found"))
    if status == 403:
        raise S2Forbidden("Semantic Scholar refused the request (403): check S2_API_KEY")
    said = _said(message or body[:200].decode("utf-8", "replace")).strip()
    raise S2BadResponse(f"Semantic Scholar answered {status}" + (f": {said}" if said else ""))


def _said(message: object) -> str:
    """What the server said, as one short printable line."""
    return "".join(c if c.isprintable() else " " for c in str(message)[:200])


def _retry_after(value: str) -> float | None:
    return float(value) if value.replace(".", "", 1).isdigit() else None


def _root(url: str) -> str:
    return url.split("/graph/")[0]


class S2Client:
    """Papers and their citations from Semantic Scholar, in the shapes paperhop reads.

    Its requests share one pooled connection: close it (``close()``, or use it in a ``with`` block) when done;
    one that is collected unclosed closes itself."""

    def __init__(
        self,
        *,
        api_url: str | None = None,
        api_key: str | None = None,
        timeout: float = 30.0,
        retry: Retry | None = None,
        page_size: int = 1000,
        cache: Responses | None = None,
        deadline: float = DEADLINE,
        max_bytes: int = MAX_BYTES,
    ) -> None:
        self.api_url = (api_url or os.environ.get("PAPERHOP_S2_API_URL") or DEFAULT_API_URL).rstrip("/")
        try:
            root = httpx.URL(self.api_url)
        except httpx.InvalidURL:
            root = httpx.URL()
        if root.scheme not in ("http", "https") or not root.host or root.query or root.fragment:
            raise S2Error(f"{self.api_url[:200]!r} is not an http(s) URL for Semantic Scholar (PAPERHOP_S2_API_URL)")
        key = (api_key if api_key is not None else os.environ.get("S2_API_KEY")) or None
        if key is not None and not re.fullmatch(r"[\x21-\x7e]{1,200}", key):
            raise S2Forbidden("the Semantic Scholar API key holds characters no API key has: check S2_API_KEY")
        self.requester = _Requester(self.api_url, timeout, retry or Retry(), key, cache, deadline, max_bytes)
        self.page_size = page_size  # references and citations asked a page at a time
        weakref.finalize(self, functools.partial(self.requester.close, wait=False))

    def close(self) -> None:
        """Close its connections; a later request opens new ones."""
        self.requester.close()

    def __enter__(self) -> S2Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def papers(self, ids: Iterable[str]) -> dict[str, Any]:
        """The raw S2 records of *ids* (as ``s2_id`` spells them), None where S2 has no such paper: an id in
        another form is never sent. Each record is as S2 sent it: check it with ``checked(S2Paper, ...)``."""
        given = list(dict.fromkeys(ids))
        found: dict[str, Any] = {id_: None for id_ in given if s2_request_id(id_) != id_}
        asked = [id_ for id_ in given if id_ not in found]
        for start in range(0, len(asked), BATCH):
            chunk = asked[start : start + BATCH]
            answer = self._get(_API_PATH + "batch", "fields=" + ",".join(PAPER_FIELDS), {"ids": chunk})
            if not isinstance(answer, list) or len(answer) != len(chunk):  # one entry per id, in order
                raise S2BadResponse("Semantic Scholar's batch answer does not match the ids asked")
            found.update(zip(chunk, answer, strict=True))
        return found

    @property
    def requests(self) -> int:
        """How many requests it has sent to the API: retries count, answers from the cache do not."""
        return self.requester.sent

    def references_of(self, ids: Iterable[str]) -> dict[str, list[str]]:
        """The paperIds each paper of *ids* (Semantic Scholar paper ids) cites, by the batch endpoint: 500 papers
        a request, where the references endpoint would take one each. No evidence comes with them (``links``
        gives it). A paper S2 does not know is left out, and so is a reference it could not resolve."""
        asked = [id_ for id_ in dict.fromkeys(ids) if s2_request_id(id_) == id_]
        found: dict[str, list[str]] = {}
        for start in range(0, len(asked), BATCH):
            chunk = asked[start : start + BATCH]
            answer = self._get(_API_PATH + "batch", "fields=references.paperId", {"ids": chunk})
            if not isinstance(answer, list) or len(answer) != len(chunk):
                raise S2BadResponse("Semantic Scholar's batch answer does not match the ids asked")
            for id_, raw in zip(chunk, answer, strict=True):
                if raw is not None:
                    cites = checked(_Cites, raw, f"the references of {id_}").references
                    found[id_] = list(dict.fromkeys(c.paperId for c in cites if c.paperId))
        return found

    def search(self, query: str, *, limit: int = 10) -> list[dict[str, Any]]:
        """The best matches for *query*, best first (the first page of S2's relevance search), each in the
        S2 paper shape; a malformed match is left out."""
        fields = ",".join(["paperId", *PAPER_FIELDS])
        text = quote_plus(query, errors="replace")
        page = checked(_Page, self._get(_API_PATH + "search", f"query={text}&fields={fields}&limit={limit}"), "search")
        matches = []
        for item in page.data:
            with contextlib.suppress(S2BadResponse):
                matches.append(checked(S2Paper, item, "search").model_dump())
        return matches

    def links(self, paper_id: str, direction: str) -> list[S2Link]:
        """The papers *paper_id* cites (``references``) or that cite it (``citations``), with S2's evidence.
        *paper_id* must be one plain path segment (``ids.in_url_path``)."""
        if direction not in ("references", "citations") or not in_url_path(paper_id):
            raise S2Error(f"paperhop asks for links by paper id only, not by {paper_id[:200]!r}")
        # Already one plain segment; encoded all the same, ":" kept as the API writes it.
        path, label = f"{_API_PATH}{quote(paper_id, safe=':')}/{direction}", f"the {direction} of {paper_id}"
        links: list[S2Link] = []
        for offset in range(0, MAX_LINKS, self.page_size):  # bounded, whatever "next" the server answers
            limit = min(self.page_size, MAX_LINKS - offset)
            answer = self._get(path, f"fields={','.join(LINK_FIELDS)}&offset={offset}&limit={limit}")
            page = checked(_Page, answer, label)
            links += [checked(S2Link, item, label) for item in page.data]
            if page.next != offset + limit:
                break
        return links

    def _get(self, path: str, parameters: str, payload: dict[str, object] | None = None) -> Any:
        return self.requester.run(self.api_url + path, parameters, payload)


def paper_record(paper: S2Paper, key: str) -> Paper:
    """A paperhop record from an S2 paper. Its year is the year it first appeared: an
    arXiv id's own year when that is earlier than S2's (which is often the venue's).

    A value of the right type that paperhop's rules refuse (a URL that is not http(s), a DOI of another form)
    is left out rather than losing the paper; a paper without a usable title or year is an S2BadResponse."""
    ids = paper.externalIds or S2Ids()
    tldr = paper.tldr.text if paper.tldr else None
    abstract = paper.abstract or ""
    record = {
        "key": key,
        "title": paper.title,
        "authors": [a.name for a in paper.authors],
        "year": first_year(paper),
        "venue": paper.venue or None,
        "arxiv": ids.ArXiv,
        "doi": ids.DOI,
        "s2_id": paper.paperId,
        "corpus_id": ids.CorpusId,
        "url": paper.url,
        "pdf_url": paper.openAccessPdf.url if paper.openAccessPdf else None,
        "citation_count": paper.citationCount,
        "summary": tldr or (re.split(r"(?<=[.!?])\s", abstract.strip(), maxsplit=1)[0] or None),
    }
    record = {k: v for k, v in record.items() if v not in (None, "", [])}
    try:
        return Paper.model_validate(record)
    except ValidationError as exc:
        bad = {str(e["loc"][0]) for e in exc.errors()}
        if "key" in bad and not KEY_RE.fullmatch(key):
            raise PaperhopError(f"{key[:200]!r} is not a key: lower-case letters and digits, joined by '-'") from None
        if missing := bad & {"title", "year"}:
            raise S2BadResponse(
                f"Semantic Scholar's record of {paper.paperId} lacks a usable {' and '.join(sorted(missing))}"
            ) from None
        return Paper.model_validate({k: v for k, v in record.items() if k not in bad})


def first_year(paper: S2Paper) -> int | None:
    """The year a paper first appeared: its arXiv id's year when earlier than S2's (often the venue's)."""
    given = arxiv_year((paper.externalIds and paper.externalIds.ArXiv) or "")
    return min(paper.year or 9999, given) if given else paper.year


def paper_key(paper: S2Paper, taken: set[str]) -> str:
    """A short readable key: first author's surname, year, first word of the title (ho2022imagen)."""

    def ascii_word(text: str) -> str:
        folded = unicodedata.normalize("NFKD", text[:100]).encode("ascii", "ignore").decode()
        return re.sub(r"[^a-z0-9]", "", folded.lower())[:20]

    surname = ascii_word(paper.authors[0].name.split()[-1]) if paper.authors and paper.authors[0].name else "anon"
    words = [ascii_word(w) for w in (paper.title or "").split()[:50]]
    word = next((w for w in words if w and w not in {"a", "an", "the", "on", "of", "for", "and", "in"}), "paper")
    base = f"{surname}{first_year(paper) or ''}{word}"
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    return key


def evidence(link: S2Link) -> S2Evidence | None:
    """S2's evidence for one citation, as an edge's ``s2`` field: isInfluential, the intents paperhop knows
    (``models.INTENTS``), up to three non-blank contexts; None if S2 says nothing about it."""
    intents = [i for i in INTENTS if i in (link.intents or [])]
    contexts = [c for c in link.contexts or [] if c.strip()][:3]
    if link.isInfluential is None and not intents and not contexts:
        return None
    return S2Evidence(influential=bool(link.isInfluential), intents=intents, contexts=contexts)
