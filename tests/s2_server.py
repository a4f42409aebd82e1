"""A local stand-in for the Semantic Scholar Graph API, answering in its exact shapes.

Papers, references and citations are this module's own fixtures, written after the real
API's answers (batch: one entry per id asked, in order, null where unknown; pages:
offset, next and data; errors: {"error": ...}). ``script`` queues answers to give
first, for the failure cases: (status, headers, body). For hostile answers, ``intercept``
may answer any request instead, and ``edit`` changes any JSON answer before it is sent;
a ``Trickle`` body is sent a piece at a time. Like a real server it decodes the path;
``requests`` keeps each request line as sent, ``keys`` the API key each carried.

It binds 127.0.0.1 only, and every body is finite: nothing it does outlasts a test by more
than a ``Trickle``'s few seconds.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

PAPERS: dict[str, dict[str, Any]] = {
    "ccc1": {
        "paperId": "c" * 40,
        "title": "Imagen Video: High Definition Video Generation with Diffusion Models",
        "year": 2022,
        "venue": "arXiv.org",
        "authors": [{"authorId": "1", "name": "Jonathan Ho"}, {"authorId": "2", "name": "William Chan"}],
        "externalIds": {"ArXiv": "2210.02303", "CorpusId": 252715883, "DBLP": "journals/corr/abs-2210-02303"},
        "url": "https://www.semanticscholar.org/paper/" + "c" * 40,
        "openAccessPdf": {"url": "https://arxiv.org/pdf/2210.02303", "status": "GREEN"},
        "citationCount": 1500,
        "tldr": {"model": "tldr@v2.0.0", "text": "Imagen Video makes videos from text."},
        "abstract": "We present Imagen Video. It is good.",
    },
    "ddd1": {
        "paperId": "d" * 40,
        "title": "Photorealistic Video Generation with Diffusion Models",
        "year": 2023,
        "venue": "",
        "authors": [{"authorId": "3", "name": "Agrim Gupta"}],
        "externalIds": {"ArXiv": "2312.06662", "CorpusId": 266163109},
        "url": "https://www.semanticscholar.org/paper/" + "d" * 40,
        "openAccessPdf": None,
        "citationCount": 200,
        "tldr": None,
        "abstract": "We present W.A.L.T, a transformer-based approach. More follows.",
    },
    "eee1": {
        "paperId": "e" * 40,
        "title": "An Image is Worth 16x16 Words",
        "year": 2021,
        "venue": "ICLR",
        "authors": [{"authorId": "4", "name": "Alexey Dosovitskiy"}],
        "externalIds": {"ArXiv": "2010.11929", "DOI": "10.48550/arXiv.2010.11929", "CorpusId": 225039882},
        "url": "https://www.semanticscholar.org/paper/" + "e" * 40,
        "openAccessPdf": None,
        "citationCount": 40000,
        "tldr": None,
        "abstract": None,
    },
}


def by_id(papers: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Each paper under every id a request may name it by: its paperId and each external id, lower-cased."""
    found = {}
    for raw in papers.values():
        found[raw["paperId"]] = raw
        for kind, value in raw["externalIds"].items():
            found[f"{'ARXIV' if kind == 'ArXiv' else kind}:{value}".lower()] = raw
    return found


BY_ID = by_id(PAPERS)

# Who cites whom, by paperId: W.A.L.T cites Imagen Video and ViT; Imagen Video cites ViT.
CITES = {"d" * 40: ["c" * 40, "e" * 40], "c" * 40: ["e" * 40]}


@dataclass
class Trickle:
    """A body sent a piece at a time, *pause* seconds apart; *length* is the Content-Length it declares."""

    pieces: list[bytes]
    pause: float = 0.0
    length: int | None = None


Answer = tuple[int, dict[str, str], "bytes | Trickle"]


def _summary(raw: dict[str, Any]) -> dict[str, Any]:
    return {"paperId": raw["paperId"], "externalIds": raw["externalIds"], "citationCount": raw["citationCount"]}


class Server:
    """The API over a corpus: *papers* (by any name), who *cites* whom (by paperId), and S2's *evidence* for a
    citation, by (citing, cited) (else: influential, for its method, "as in prior work")."""

    def __init__(
        self,
        papers: dict[str, dict[str, Any]] | None = None,
        cites: dict[str, list[str]] | None = None,
        evidence: dict[tuple[str, str], dict[str, Any]] | None = None,
    ) -> None:
        self.by_id = BY_ID if papers is None else by_id(papers)
        self.papers = PAPERS if papers is None else papers
        self.cites = CITES if cites is None else cites
        self.evidence = evidence or {}
        self.script: list[Answer] = []
        self.requests: list[str] = []
        self.connections: set[tuple[str, int]] = set()  # the client's (host, port) of each connection
        self.keys: list[str | None] = []
        self.delay = 0.0  # seconds before each answer
        self.intercept: Callable[[str], Answer | None] = lambda request: None
        self.edit: Callable[[str, Any], Any] = lambda path, data: data
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keeps a connection open for the next request, as the real API does

            def log_message(self, *args: Any) -> None:  # quiet
                pass

            def do_GET(self) -> None:
                server.answer(self, None)

            def do_POST(self) -> None:
                body = self.rfile.read(min(int(self.headers.get("Content-Length", 0)), 2**20))
                server.answer(self, json.loads(body))

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=lambda: self.httpd.serve_forever(poll_interval=0.02), daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def answer(self, handler: BaseHTTPRequestHandler, payload: Any) -> None:
        request = f"{handler.command} {handler.path}"
        self.requests.append(request)
        self.connections.add(handler.client_address)
        self.keys.append(handler.headers.get("x-api-key"))
        time.sleep(self.delay)
        scripted = self.script.pop(0) if self.script else self.intercept(request)
        if scripted is not None:
            status, headers, body = scripted
            return self.send(handler, status, body, headers)
        parts = urlsplit(handler.path)
        query = parse_qs(parts.query)
        path = unquote(parts.path.removeprefix("/graph/v1/paper/"))
        if path == "batch":
            found = [self.by_id.get(i.lower()) for i in payload["ids"]]
            if "references.paperId" in query.get("fields", [""])[0]:  # what each cites, as the real API nests it
                found = [
                    raw
                    and {
                        "paperId": raw["paperId"],
                        "references": [{"paperId": p} for p in self.cites.get(raw["paperId"], [])],
                    }
                    for raw in found
                ]
            return self.send(handler, 200, self.json(path, found))
        if path == "search":
            words = query["query"][0].lower().split()
            hits = [raw for raw in self.papers.values() if all(w in raw["title"].lower() for w in words)]
            limit = int(query.get("limit", ["100"])[0])
            page = {"total": len(hits), "offset": 0, "data": hits[:limit]}
            return self.send(handler, 200, self.json(path, page))
        paper_id, _, direction = path.partition("/")
        raw = self.by_id.get(paper_id.lower())
        if raw is None:
            return self.send(handler, 404, json.dumps({"error": f"Paper with id {paper_id} not found"}).encode())
        if direction in ("references", "citations"):
            if direction == "references":
                said = {"isInfluential": True, "intents": ["methodology"], "contexts": ["as in prior work"]}
                items = [
                    {"citedPaper": _summary(self.by_id[p]), **self.evidence.get((raw["paperId"], p), said)}
                    for p in self.cites.get(raw["paperId"], [])
                ]
            else:
                items = [
                    {"citingPaper": _summary(self.by_id[p]), "isInfluential": False, "intents": [], "contexts": []}
                    for p, cited in self.cites.items()
                    if raw["paperId"] in cited
                ]
            offset, limit = int(query.get("offset", ["0"])[0]), int(query.get("limit", ["100"])[0])
            page = {"offset": offset, "data": items[offset : offset + limit]}
            if offset + limit < len(items):
                page["next"] = offset + limit
            return self.send(handler, 200, self.json(path, page))
        return self.send(handler, 200, self.json(path, raw))

    def json(self, path: str, data: Any) -> bytes:
        return json.dumps(self.edit(path, data)).encode()

    @staticmethod
    def send(
        handler: BaseHTTPRequestHandler, status: int, body: bytes | Trickle, headers: dict[str, str] | None = None
    ) -> None:
        # The client went away (killed, or gave up on a slow or huge answer): a test of that.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            handler.send_response(status)
            handler.send_header("Content-Type", "application/json")
            length = len(body) if isinstance(body, bytes) else body.length
            if length is not None:
                handler.send_header("Content-Length", str(length))
            for name, value in (headers or {}).items():
                handler.send_header(name, value)
            if not isinstance(body, bytes):  # a trickle may send other than it declares: the connection ends with it
                handler.send_header("Connection", "close")
                handler.close_connection = True
            handler.end_headers()
            for piece in [body] if isinstance(body, bytes) else body.pieces:
                handler.wfile.write(piece)
                handler.wfile.flush()
                if isinstance(body, Trickle):
                    time.sleep(body.pause)


def serve(**corpus: Any) -> Iterator[Server]:
    server = Server(**corpus)
    try:
        yield server
    finally:
        server.close()
