"""Hostile Semantic Scholar answers, served by the local server, through every library function that reads them.

Whatever the server answers, each call (``add_papers``, ``link_papers``, ``refresh_papers``, ``import_list``,
``S2Client.search``) finishes within a deadline with a result or an S2Error, never another exception; when it
raised, the GraphData it was given is as it was; either way that data holds whole records only and builds.
A paper whose record is malformed is reported failed, and the rest go on. Ids reach URL paths only as one
plain segment, and the API key goes nowhere but the API's paper paths.
"""

from __future__ import annotations

import asyncio
import copy
import gzip
import json
import os
import re
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paperhop.errors import PaperhopError
from paperhop.graph import build_graph
from paperhop.models import GraphData, Paper
from paperhop.sources.grow import Growth, add_papers, import_list, link_papers, refresh_papers
from paperhop.sources.readinglists import parse_reading_list
from paperhop.sources.s2 import (
    MAX_BYTES,
    Retry,
    S2BadResponse,
    S2Client,
    S2Error,
    S2Paper,
    S2Unreachable,
    checked,
    paper_key,
    paper_record,
)
from paperhop.store.responses import ResponseCache

from .s2_server import PAPERS, Answer, Server, Trickle, serve

KEY = "k3y-for-tests"
CAP = 2**20  # the clients' size cap here
SLOW = 20.0  # no call may take longer, whatever the server does
VIT_DOI = "10.48550/arXiv.2010.11929"


@pytest.fixture
def server() -> Iterator[Server]:
    yield from serve()


@pytest.fixture(scope="module")
def shared_server() -> Iterator[Server]:
    """One server for the hypothesis tests, whose examples each set its hooks."""
    yield from serve()


async def _no_wait(seconds: float) -> None:
    return None


def client(server: Server, *, deadline: float = 5.0, cache: ResponseCache | None = None) -> S2Client:
    retry = Retry(tries=2, total_wait=1, sleep=_no_wait)
    return S2Client(api_url=server.url, api_key=KEY, retry=retry, deadline=deadline, max_bytes=CAP, cache=cache)


def graph() -> GraphData:
    """W.A.L.T by its S2 id, ViT by its DOI alone (linked through the batch), and a paper S2 does not know."""
    return GraphData(
        "g",
        {
            "walt": Paper(key="walt", title="W.A.L.T", year=2023, s2_id="d" * 40),
            "vit": Paper(key="vit", title="ViT", year=2020, doi=VIT_DOI),
            "notes": Paper(key="notes", title="My notes", year=2024),
        },
    )


READING = "# Video\n- https://arxiv.org/abs/2210.02303\n- https://doi.org/10.48550/arXiv.2010.11929\n"
CALLS: dict[str, Callable[[GraphData, S2Client], Any]] = {
    "add": lambda data, c: add_papers(data, c, ["2210.02303", "9999.99999"], follow=("references", "citations")),
    "link": link_papers,
    "refresh": refresh_papers,
    "import": lambda data, c: import_list(data, c, parse_reading_list(READING)),
    "search": lambda data, c: c.search("video"),
}


def outcome(call: Callable[[GraphData, S2Client], Any], data: GraphData, c: S2Client) -> Any:
    """Run *call* in a thread: it ends within SLOW seconds with a result or a one-line S2Error; when it raised,
    *data* is as it was; either way every record in *data* is whole and the graph builds."""
    before = copy.deepcopy(data)
    box: list[Any] = []

    def run() -> None:
        try:
            box.append(call(data, c))
        except BaseException as exc:
            box.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(SLOW)
    assert not thread.is_alive(), f"still running after {SLOW} s"
    [result] = box
    if isinstance(result, BaseException):
        assert isinstance(result, S2Error), f"{type(result).__name__}: {result}"
        assert str(result).isprintable(), repr(str(result))
        assert data == before
    for paper in data.papers.values():
        assert Paper.model_validate(paper.model_dump()) == paper
    build_graph(data)
    return result


def failures(result: Any) -> str:
    return " ".join(result.failed.values()) if isinstance(result, Growth) else str(result)


def nested(depth: int) -> Any:
    value: Any = 1
    for _ in range(depth):
        value = [value]
    return value


# Whole answers of the wrong kind, given to every request.
WHOLE: dict[str, Answer] = {
    "truncated JSON": (200, {}, b'[{"paperId": "dd'),
    "not UTF-8": (200, {}, b"\xff\xfe\x00["),
    "empty": (200, {}, b""),
    "null": (200, {}, b"null"),
    "infinite number": (200, {}, b"1e999999"),
    "5000-digit integer": (200, {}, b"9" * 5000),
    "unpaired surrogate": (200, {}, b'["\\ud800"]'),
    "arrays 100,000 deep": (200, {}, b"[" * 100_000 + b"]" * 100_000),
    "objects 50,000 deep": (200, {}, b'{"a":' * 50_000 + b"1" + b"}" * 50_000),
    "nested 40 deep": (200, {}, json.dumps(nested(40)).encode()),
    "a paper nested 40 deep": (200, {}, json.dumps([{"paperId": "c" * 40, "title": nested(40)}]).encode()),
    "error object of junk": (200, {}, b'{"error": {"x": [1, "\\u001b[31m"]}}'),
    "a string": (200, {}, b'"data"'),
    "data not a list": (200, {}, b'{"data": "x", "next": 1}'),
    "next not a number": (200, {}, b'{"data": [], "next": "1"}'),
    "a list of junk": (200, {}, b'[1, "x", [], true]'),
    "HTML": (502, {}, b"<html>502 Bad Gateway</html>"),
    "400 with a deep body": (400, {}, b"[" * 50_000),
    "404 with junk": (404, {}, b'{"error": ["\\u0000"]}'),
    "redirect elsewhere": (307, {"Location": "/elsewhere?key=1"}, b""),
    "teapot": (418, {}, b"\x1b]0;title\x07"),
    "no content": (204, {}, b""),
    "gzip bomb": (200, {"Content-Encoding": "gzip"}, gzip.compress(b" " * (8 * CAP))),
    "declares 2 GB": (200, {}, Trickle([b"[]"], length=2 * 10**9)),
    "streams past the cap": (200, {}, Trickle([b"[" + b" " * (2**16 - 1)] + [b" " * 2**16] * 40)),
}


@pytest.mark.parametrize("call", CALLS.values(), ids=CALLS.keys())
@pytest.mark.parametrize("answer", WHOLE.values(), ids=WHOLE.keys())
def test_whole_answers_of_the_wrong_kind(server: Server, answer: Answer, call: Callable[..., Any]) -> None:
    server.intercept = lambda request: answer
    result = outcome(call, graph(), client(server))
    assert isinstance(result, S2Error) or failures(result) or result == [], result
    assert not any("elsewhere" in r for r in server.requests)


def test_a_huge_answer_is_refused_without_reading_it(server: Server) -> None:
    server.intercept = lambda request: WHOLE["declares 2 GB"]
    with pytest.raises(S2BadResponse, match="larger than 1 MB"):
        client(server).papers(["d" * 40])
    server.intercept = lambda request: WHOLE["streams past the cap"]
    with pytest.raises(S2BadResponse, match="larger than 1 MB"):
        client(server).papers(["d" * 40])
    server.intercept = lambda request: WHOLE["gzip bomb"]
    with pytest.raises(S2BadResponse, match="larger than 1 MB"):
        client(server).papers(["d" * 40])
    assert MAX_BYTES == 50 * 2**20  # the default, for real answers


def test_a_server_that_trickles_is_given_up_on_at_the_deadline(server: Server) -> None:
    server.intercept = lambda request: (200, {}, Trickle([b"["] + [b" "] * 40, pause=0.1))
    start = time.monotonic()
    result = outcome(CALLS["add"], graph(), client(server, deadline=1.0))
    assert isinstance(result, S2Unreachable)
    assert str(result) == f"Semantic Scholar at {server.url} did not finish answering in 1 s"
    assert time.monotonic() - start < 3.0


def test_a_server_slow_to_answer_at_all_is_given_up_on_at_the_deadline(server: Server) -> None:
    server.delay = 2.0
    start = time.monotonic()
    with pytest.raises(S2Unreachable, match=r"did not finish answering in 0\.5 s"):
        client(server, deadline=0.5).search("video")
    assert time.monotonic() - start < 1.5


# Fields of a paper's record, and values of the wrong shape for them. DELETE removes the field.
DELETE = object()
PAPER_VALUES: list[tuple[tuple[Any, ...], Any]] = [
    (("year",), "2020"),
    (("year",), 2020.0),
    (("year",), True),
    (("year",), -5),
    (("year",), 10**30),
    (("year",), DELETE),
    (("authors",), "Jonathan Ho"),
    (("authors",), {"name": "Jonathan Ho"}),
    (("authors",), [None]),
    (("authors",), ["Jonathan Ho"]),
    (("authors", 0), {"name": 5}),
    (("authors", 0), {"name": ["Ho"]}),
    (("title",), None),
    (("title",), 5),
    (("title",), "   "),
    (("title",), {"text": "x"}),
    (("title",), DELETE),
    (("tldr",), "Imagen Video makes videos."),
    (("tldr",), {"text": 5}),
    (("tldr",), [{"text": "x"}]),
    (("externalIds",), "ArXiv:2210.02303"),
    (("externalIds",), []),
    (("externalIds", "ArXiv"), 2210.02303),
    (("externalIds", "ArXiv"), "../../x?y#z"),
    (("externalIds", "DOI"), ["10.1/x"]),
    (("externalIds", "DOI"), "10.1234/../../graph/v1/paper/batch?x#y"),
    (("externalIds", "CorpusId"), "252715883"),
    (("externalIds", "CorpusId"), -1),
    (("url",), 5),
    (("url",), "javascript:alert(1)"),
    (("url",), "https://example.org/\n[x](javascript:alert(1))"),
    (("openAccessPdf",), "https://arxiv.org/pdf/2210.02303"),
    (("openAccessPdf", "url"), {"href": "x"}),
    (("citationCount",), "1500"),
    (("citationCount",), -1),
    (("citationCount",), 1.5),
    (("abstract",), ["We present."]),
    (("venue",), 5),
    (("paperId",), None),
    (("paperId",), "../../../x"),
    (("paperId",), "C" * 40),
    (("paperId",), DELETE),
]
# A record of the wrong shape is refused, naming the field; these keep the paper, without what they spoil.
KEPT = {"url", "externalIds.ArXiv.../../x?y#z", "externalIds.DOI", "externalIds.CorpusId.-1", "citationCount.-1"}


def put(record: Any, place: tuple[Any, ...], value: Any) -> None:
    """Set (or with DELETE remove) *value* at *place* in *record*, where the record has such a place."""
    for step in place[:-1]:
        if (isinstance(record, dict) and step in record) or (isinstance(record, list) and step < len(record)):
            record = record[step]
        else:
            return
    last = place[-1]
    if (isinstance(record, list) and last < len(record)) or isinstance(record, dict):
        if value is not DELETE:
            record[last] = value
        elif isinstance(record, list) or last in record:
            del record[last]


def papers_edited(place: tuple[Any, ...], value: Any) -> Callable[[str, Any], Any]:
    """An ``edit`` that sets *value* at *place* in every paper of batch and search answers."""

    def edit(path: str, data: Any) -> Any:
        data = copy.deepcopy(data)  # the server's fixtures stay as they are
        items = data if path == "batch" else data.get("data", []) if path == "search" else []
        for item in items:
            put(item, place, value)
        return data

    return edit


def label(place: tuple[Any, ...], value: Any) -> str:
    return ".".join(map(str, place)) + "=" + ("DELETE" if value is DELETE else repr(value)[:30])


@pytest.mark.parametrize("call", CALLS.values(), ids=CALLS.keys())
@pytest.mark.parametrize(("place", "value"), PAPER_VALUES, ids=[label(p, v) for p, v in PAPER_VALUES])
def test_a_paper_record_of_the_wrong_shape(server: Server, place: tuple[Any, ...], value: Any, call: Any) -> None:
    server.edit = papers_edited(place, value)
    data = graph()
    result = outcome(call, data, client(server))
    assert not isinstance(result, BaseException), result  # one malformed paper never fails a whole command
    if call is CALLS["add"] and "imagen" not in " ".join(data.papers):
        assert "2210.02303" in result.failed


def test_the_failure_names_the_paper_and_the_field(server: Server) -> None:
    server.edit = papers_edited(("year",), "2020")
    growth = add_papers(data := graph(), client(server), ["2210.02303"])
    assert growth.failed == {
        "2210.02303": "Semantic Scholar answered a malformed record for 2210.02303: field year",
    }
    assert data == graph()
    server.edit = papers_edited(("authors",), "Jonathan Ho")
    assert add_papers(graph(), client(server), ["2210.02303"]).failed == {
        "2210.02303": "Semantic Scholar answered a malformed record for 2210.02303: field authors",
    }
    server.edit = papers_edited(("externalIds", "CorpusId"), "1")
    assert refresh_papers(graph(), client(server)).failed == {
        key: f"Semantic Scholar answered a malformed record for {key}: field externalIds.CorpusId"
        for key in ("vit", "walt")
    }


def test_blank_author_names_are_dropped_and_a_null_list_is_no_authors(server: Server) -> None:
    server.edit = papers_edited(("authors",), [{"name": "  "}, {"name": None}, {}, {"name": "Jonathan Ho"}])
    data = graph()
    assert add_papers(data, client(server), ["2210.02303"]).added == ["ho2022imagen"]
    assert data.papers["ho2022imagen"].authors == ["Jonathan Ho"]
    server.edit = papers_edited(("authors",), None)
    data = graph()
    assert add_papers(data, client(server), ["2210.02303"]).added == ["anon2022imagen"]
    assert data.papers["anon2022imagen"].authors == []


LINK_VALUES: list[tuple[tuple[Any, ...], Any]] = [
    (("intents",), [1]),
    (("intents",), "methodology"),
    (("contexts",), [None]),
    (("contexts",), "as in prior work"),
    (("isInfluential",), "yes"),
    (("citedPaper",), "c" * 40),
    (("citedPaper", "paperId"), 5),
    (("citedPaper", "paperId"), "../../x"),
    (("citedPaper", "externalIds"), "x"),
    (("citedPaper", "citationCount"), "many"),
    (("citingPaper",), [None]),
    (("citingPaper", "externalIds", "ArXiv"), ["x"]),
]


def links_edited(place: tuple[Any, ...], value: Any) -> Callable[[str, Any], Any]:
    def edit(path: str, data: Any) -> Any:
        data = copy.deepcopy(data)
        if path.endswith(("/references", "/citations")):
            for item in data["data"]:
                put(item, place, value)
        return data

    return edit


@pytest.mark.parametrize("call", [CALLS["add"], CALLS["link"]], ids=["add", "link"])
@pytest.mark.parametrize(("place", "value"), LINK_VALUES, ids=[label(p, v) for p, v in LINK_VALUES])
def test_a_link_of_the_wrong_shape(server: Server, place: tuple[Any, ...], value: Any, call: Any) -> None:
    server.edit = links_edited(place, value)
    result = outcome(call, graph(), client(server))
    assert isinstance(result, Growth)


def test_a_malformed_link_page_fails_that_paper_only(server: Server) -> None:
    server.edit = links_edited(("contexts",), [None])
    growth = link_papers(data := graph(), client(server))
    assert growth.failed == {
        "walt": f"references: Semantic Scholar answered a malformed record for the references of {'d' * 40}: "
        "field contexts.0",
        "notes": "not found",
    } or growth.failed == {
        "walt": f"references: Semantic Scholar answered a malformed record for the references of {'d' * 40}: "
        "field contexts.0",
    }
    assert not data.edges or all(e.source != "walt" and e.target != "walt" for e in data.edges)


def test_paging_is_bounded_whatever_next_says(server: Server) -> None:
    def forever(request: str) -> Answer | None:
        if "/references" not in request:
            return None
        query = parse_qs(urlsplit(request.split(" ", 1)[1]).query)
        offset, limit = int(query["offset"][0]), int(query["limit"][0])
        return 200, {}, json.dumps({"offset": 0, "next": offset + limit, "data": []}).encode()

    server.intercept = forever
    assert client(server).links("d" * 40, "references") == []
    assert sum("/references" in r for r in server.requests) == 10  # 9,999 links, a thousand a page


# Ids: never a request to another path, and the key nowhere else.
REQUEST = re.compile(
    r"POST /graph/v1/paper/batch\?fields=[\w%]+"
    r"|GET /graph/v1/paper/search\?query=[^#]*"
    r"|GET /graph/v1/paper/(?:[0-9a-f]{40}|ARXIV:[0-9]{4}\.[0-9]{4,5}|CorpusId:[0-9]+)/(?:references|citations)\?[\w%=&]+"
)
HOSTILE_DOIS = [
    "10.1234/../../../graph/v1/paper/batch?fields=abstract#x",
    "10.1234/%2e%2e%2f%2e%2e%2fauthor",
    "10.1234/..",
    "10.1234/ü/../ÿ?#",
    "10.1234/a\\..\\b",
]


def assert_only_paper_paths(server: Server) -> None:
    assert server.requests
    for request in server.requests:
        assert REQUEST.fullmatch(request), request
    assert set(server.keys) == {KEY}


def test_ids_given_travel_in_the_batch_body_only(server: Server) -> None:
    result = outcome(lambda data, c: add_papers(data, c, [*HOSTILE_DOIS, "hep-th/9901001"]), graph(), client(server))
    assert set(result.failed) == {*HOSTILE_DOIS, "hep-th/9901001"}
    assert_only_paper_paths(server)


def test_ids_in_the_graph_travel_in_the_batch_body_only(server: Server) -> None:
    data = graph()
    for n, doi in enumerate(HOSTILE_DOIS):
        data.papers[f"p{n}"] = Paper(key=f"p{n}", title="Hostile", year=2020, doi=doi)
    data.papers["old"] = Paper(key="old", title="Old style", year=1999, arxiv="hep-th/9901001")
    growth = outcome(link_papers, data, client(server))
    assert growth.citations == 1  # W.A.L.T cites ViT, found by its DOI through the batch
    assert growth.failed == dict.fromkeys(["old", *(f"p{n}" for n in range(len(HOSTILE_DOIS)))], "not found")
    assert_only_paper_paths(server)
    with pytest.raises(ValueError, match="control character"):  # such an id never reaches a graph
        Paper(key="nul", title="NUL", year=2020, doi="10.1234/\x00")


def test_ids_no_paper_has_are_refused_before_any_request(server: Server) -> None:
    for text in ("10.1234/\x00", "10.1234/\udcff", "10.1234/\u202eevil", "10.1234/" + "x" * 1000, "../../x", "ARXIV:x"):
        with pytest.raises(PaperhopError, match="is not an arXiv id"):
            add_papers(graph(), client(server), [text])
    for paper_id in ("../../x", "DOI:10.1/x", "c" * 39 + "/", "ARXIV:hep-th/9901001", ""):
        with pytest.raises(S2Error, match="by paper id only"):
            client(server).links(paper_id, "references")
    assert server.requests == []


def test_the_search_text_stays_in_the_query(server: Server) -> None:
    text = "video ../../author?x=1&fields=abstract#frag % ü \u202e"
    assert client(server).search(text) == []
    [request] = server.requests
    method, target = request.split(" ", 1)
    assert (method, urlsplit(target).path) == ("GET", "/graph/v1/paper/search")
    assert parse_qs(urlsplit(target).query)["query"] == [text]
    assert_only_paper_paths(server)


def test_no_url_outside_the_papers_is_ever_asked(server: Server) -> None:
    c = client(server)
    for url in (
        f"{server.url}/graph/v1/paper/../../../elsewhere",
        f"{server.url}/graph/v1/author/1",
        server.url.replace("127.0.0.1", "localhost") + "/graph/v1/paper/batch",
    ):
        with pytest.raises(S2Error, match="for papers only"):
            asyncio.run(c.requester.get(url, "fields=title"))
    assert server.requests == []


def test_a_redirect_is_not_followed(server: Server) -> None:
    server.intercept = lambda request: (302, {"Location": f"{server.url}/elsewhere"}, b"")
    with pytest.raises(S2BadResponse, match=r"^Semantic Scholar answered 302$"):
        client(server).papers(["d" * 40])
    assert server.requests == [server.requests[0]]
    assert_only_paper_paths(server)


def test_a_call_that_raises_midway_leaves_the_data_as_it_was(server: Server) -> None:
    batches = 0

    def second_batch_fails(request: str) -> Answer | None:
        nonlocal batches
        batches += "/batch" in request
        return (503, {}, b"") if "/batch" in request and batches > 1 else None

    server.intercept = second_batch_fails
    data = GraphData("g", {"notes": graph().papers["notes"]})
    call = lambda data, c: add_papers(data, c, ["2312.06662"], follow=("references",))  # noqa: E731
    result = outcome(call, data, client(server))  # W.A.L.T is added, then the batch of its references fails
    assert isinstance(result, S2Unreachable)
    assert batches == 2
    assert data == GraphData("g", {"notes": graph().papers["notes"]})


# The on-disk cache: a damaged entry is ignored and asked again; offline, it is reported.


def damage(folder: Path, how: str) -> None:
    for entry in folder.glob("*.json"):
        entry.rmdir() if entry.is_dir() else entry.unlink()
        if how == "deep":
            entry.write_bytes(b"[" * 200_000 + b"]" * 200_000)
        elif how == "fifo":
            os.mkfifo(entry)
        elif how == "huge":
            with entry.open("wb") as file:
                file.truncate(MAX_BYTES + 1)  # sparse: no disk used
        elif how == "directory":
            entry.mkdir()
        else:
            entry.write_bytes(b"\xff\x00 not JSON")


@pytest.mark.parametrize("how", ["deep", "fifo", "huge", "directory", "junk"])
def test_a_damaged_cache_entry_is_asked_again_or_reported_offline(server: Server, tmp_path: Path, how: str) -> None:
    answers = tmp_path / "answers"
    first = outcome(CALLS["add"], graph(), client(server, cache=ResponseCache(answers)))
    asked = len(server.requests)
    damage(answers, how)
    again = outcome(CALLS["add"], graph(), client(server, cache=ResponseCache(answers)))
    assert again.added == first.added
    assert len(server.requests) >= 2 * asked  # every damaged answer asked again
    asked = len(server.requests)
    damage(answers, how)
    offline = outcome(CALLS["add"], graph(), client(server, cache=ResponseCache(answers, offline=True)))
    assert isinstance(offline, S2Unreachable)
    assert str(offline).startswith("offline, and its cached answer is damaged: POST ")
    assert len(server.requests) == asked


# Hypothesis: any JSON value anywhere in a record -> a whole paper, or that paper's clean failure.

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
PAPER_PLACES = [
    *((name,) for name in ("paperId", "title", "authors", "year", "venue", "externalIds", "url")),
    *((name,) for name in ("openAccessPdf", "citationCount", "tldr", "abstract")),
    ("authors", 0),
    ("authors", 0, "name"),
    ("externalIds", "ArXiv"),
    ("externalIds", "DOI"),
    ("externalIds", "CorpusId"),
    ("tldr", "text"),
    ("openAccessPdf", "url"),
]
LINK_PLACES = [
    ("citedPaper",),
    ("citedPaper", "paperId"),
    ("citedPaper", "externalIds"),
    ("citedPaper", "externalIds", "ArXiv"),
    ("citedPaper", "citationCount"),
    ("isInfluential",),
    ("intents",),
    ("intents", 0),
    ("contexts",),
    ("contexts", 0),
]


@given(place=st.sampled_from(PAPER_PLACES), value=JSON | st.just(DELETE))
def test_any_value_anywhere_in_a_record_gives_a_whole_paper_or_a_clean_failure(
    place: tuple[Any, ...], value: Any
) -> None:
    raw = copy.deepcopy(PAPERS["ccc1"])
    put(raw, place, value)
    try:
        s2 = checked(S2Paper, raw, "x")
        paper = paper_record(s2, paper_key(s2, set()))
    except S2BadResponse as exc:
        why = str(exc)
        assert why.startswith(("Semantic Scholar answered a malformed record for x: ", "Semantic Scholar's"))
        return
    assert Paper.model_validate(paper.model_dump()) == paper
    assert paper.s2_id == raw["paperId"]
    assert all(name.strip() for name in paper.authors)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    where=st.sampled_from([("paper", p) for p in PAPER_PLACES] + [("link", p) for p in LINK_PLACES]),
    value=JSON | st.just(DELETE),
)
def test_any_value_served_anywhere_gives_a_whole_graph_or_a_clean_failure(
    shared_server: Server, where: tuple[str, tuple[Any, ...]], value: Any
) -> None:
    kind, place = where
    shared_server.edit = papers_edited(place, value) if kind == "paper" else links_edited(place, value)
    try:
        result = outcome(CALLS["add"], graph(), client(shared_server))
    finally:
        shared_server.edit = lambda path, data: data
    assert isinstance(result, Growth)


@pytest.mark.parametrize("url", ["not a url", "ftp://x", "http://h\nx", "http://h/?x=1", "http://[", "http://h:99999"])
def test_a_bad_api_url_is_one_clean_error(url: str) -> None:
    with pytest.raises(S2Error):
        S2Client(api_url=url, retry=Retry(tries=1), deadline=2.0).papers(["d" * 40])


@pytest.mark.parametrize("key", ["s3cret\nX-Other: 1", "clé", "a b", "x" * 201])
def test_an_api_key_no_api_has_is_refused_unshown(key: str) -> None:
    with pytest.raises(S2Error, match="check S2_API_KEY") as refused:
        S2Client(api_url="http://127.0.0.1:9", api_key=key)
    assert key not in str(refused.value)
