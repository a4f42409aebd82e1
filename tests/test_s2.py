"""Semantic Scholar against a local server that answers like the real API: no network."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

import pytest
from click.testing import CliRunner

from paperhop.cli import cli
from paperhop.load import load
from paperhop.sources.s2 import (
    Retry,
    S2BadResponse,
    S2Client,
    S2Forbidden,
    S2NotFound,
    S2Paper,
    S2Unreachable,
    checked,
    paper_key,
    paper_record,
)

from .s2_server import PAPERS, Server, serve


@pytest.fixture
def server() -> Iterator[Server]:
    yield from serve()


class Clock:
    """Records the waits instead of waiting."""

    def __init__(self) -> None:
        self.waits: list[float] = []
        self.messages: list[str] = []

    async def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        await asyncio.sleep(0)

    def retry(self, **options: float) -> Retry:
        return Retry(sleep=self.sleep, notify=self.messages.append, **options)  # type: ignore[arg-type]


def client(server: Server, clock: Clock | None = None, **options: float) -> S2Client:
    return S2Client(api_url=server.url, api_key="secret", retry=(clock or Clock()).retry(**options), page_size=1)


def test_a_batch_finds_each_id_form_and_reports_unknown_ones(server: Server) -> None:
    found = client(server).papers(["ARXIV:2210.02303", "DOI:10.48550/arXiv.2010.11929", "d" * 40, "ARXIV:9999.99999"])
    assert found["ARXIV:2210.02303"]["paperId"] == "c" * 40
    assert found["DOI:10.48550/arXiv.2010.11929"]["paperId"] == "e" * 40
    assert found["d" * 40]["title"].startswith("Photorealistic")
    assert found["ARXIV:9999.99999"] is None
    [request] = server.requests
    assert unquote(request) == (
        "POST /graph/v1/paper/batch?fields=title,authors,year,venue,externalIds,url,"
        "openAccessPdf,citationCount,tldr,abstract"
    )  # only what paperhop uses


def test_a_client_asks_everything_over_one_connection(server: Server) -> None:
    with client(server) as s2:
        s2.papers(["ARXIV:2210.02303"])
        s2.search("video")
        s2.links("d" * 40, "references")  # a page a request: two pages
    assert len(server.requests) == 4
    assert len(server.connections) == 1  # one pooled client, for the client's life


def test_a_closed_client_asks_again_on_a_new_connection(server: Server) -> None:
    s2 = client(server)
    s2.papers(["ARXIV:2210.02303"])
    s2.close()
    s2.papers(["ARXIV:2210.02303"])
    s2.close()
    assert len(server.connections) == 2


def test_records_carry_true_metadata_and_first_appearance_year() -> None:
    vit, imagen, walt = (checked(S2Paper, PAPERS[name], name) for name in ("eee1", "ccc1", "ddd1"))
    vit_record = paper_record(vit, "dosovitskiy2020image")
    assert (vit_record.year, vit_record.venue, vit_record.arxiv, vit_record.corpus_id) == (
        2020,
        "ICLR",
        "2010.11929",
        225039882,
    )
    imagen_record = paper_record(imagen, "k")
    assert imagen_record.summary == "Imagen Video makes videos from text."
    assert imagen_record.pdf_url == "https://arxiv.org/pdf/2210.02303"
    assert imagen_record.citation_count == 1500
    walt_record = paper_record(walt, "k")
    assert walt_record.summary == "We present W.A.L.T, a transformer-based approach."
    assert walt_record.venue is None
    assert paper_key(imagen, set()) == "ho2022imagen"
    assert paper_key(imagen, {"ho2022imagen"}) == "ho2022imagen-2"


def test_references_and_citations_follow_next(server: Server) -> None:
    links = client(server).links("d" * 40, "references")
    assert [link.citedPaper.paperId for link in links if link.citedPaper] == ["c" * 40, "e" * 40]
    assert sum("/references" in r for r in server.requests) == 2  # two pages of one


def test_429_waits_as_told_then_succeeds(server: Server) -> None:
    clock = Clock()
    server.script = [
        (429, {"Retry-After": "7"}, b'{"message": "Too Many Requests"}'),
        (503, {}, b""),
    ]
    found = client(server, clock).papers(["d" * 40])
    assert found["d" * 40] is not None
    assert clock.waits[0] == 7.0
    assert 1.0 <= clock.waits[1] <= 3.0  # backoff with jitter: base 1 s x 2 x up to 1.5
    assert clock.messages[0] == "Semantic Scholar answered 429; waiting 7 s (try 1 of 5)"


def test_retries_are_bounded_in_tries_and_total_wait(server: Server) -> None:
    server.script = [(503, {}, b"")] * 10
    with pytest.raises(S2Unreachable, match=r"answered 503; gave up after 3 tries"):
        client(server, tries=3).papers(["d" * 40])
    server.script = [(429, {"Retry-After": "100"}, b"{}")]
    with pytest.raises(S2Unreachable, match="rate-limiting"):
        client(server, total_wait=60).papers(["d" * 40])


def test_every_failure_is_one_clear_error(server: Server) -> None:
    with pytest.raises(S2NotFound, match=f"Paper with id {'f' * 40} not found"):
        client(server).links("f" * 40, "references")
    server.script = [(403, {}, b'{"message": "Forbidden"}')]
    with pytest.raises(S2Forbidden, match="S2_API_KEY"):
        client(server).papers(["d" * 40])
    server.script = [(200, {}, b'[{"paperId": "dd')]
    with pytest.raises(S2BadResponse, match="malformed answer"):
        client(server).papers(["d" * 40])
    server.script = [(200, {}, b"{}")]
    with pytest.raises(S2BadResponse, match="does not match the ids asked"):
        client(server).papers(["d" * 40])


def test_a_server_that_is_down(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    down = S2Client(api_url=f"http://127.0.0.1:{port}", retry=Clock().retry())
    with pytest.raises(S2Unreachable, match=f"cannot reach Semantic Scholar at http://127.0.0.1:{port}"):
        down.papers(["d" * 40])


def test_the_api_key_is_sent_and_never_shown(server: Server, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    seen: list[str] = []
    original = server.answer

    def spy(handler, payload):
        seen.append(handler.headers.get("x-api-key", ""))
        return original(handler, payload)

    monkeypatch.setattr(server, "answer", spy)
    monkeypatch.setenv("PAPERHOP_S2_API_URL", server.url)
    result = CliRunner().invoke(cli, ["add", "2312.06662", "--graph", str(tmp_path / "g"), "--api-key", "s3cret"])
    assert result.exit_code == 0, result.output
    assert seen
    assert set(seen) == {"s3cret"}
    assert "s3cret" not in result.output


def test_add_makes_records_and_links_them_both_ways(
    server: Server, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PAPERHOP_S2_API_URL", server.url)
    graph = tmp_path / "mine"
    runner = CliRunner()
    first = runner.invoke(cli, ["add", "arXiv:2010.11929", "--graph", str(graph)])
    assert first.exit_code == 0, first.output
    assert first.output == "added 1 papers, 0 citations\n"
    second = runner.invoke(
        cli, ["add", "https://arxiv.org/abs/2312.06662v1", "2210.02303", "9999.99999", "--graph", str(graph)]
    )
    assert second.exit_code == 0, second.output
    assert second.output == "added 2 papers, 3 citations; 1 failed: 9999.99999 (not found)\n"
    G = load(graph)
    assert sorted(G) == ["dosovitskiy2020image", "gupta2023photorealistic", "ho2022imagen"]
    assert sorted(G.edges) == [
        ("dosovitskiy2020image", "gupta2023photorealistic"),
        ("dosovitskiy2020image", "ho2022imagen"),
        ("ho2022imagen", "gupta2023photorealistic"),
    ]
    again = runner.invoke(cli, ["add", "2210.02303", "--graph", str(graph)])
    assert again.output == "added 0 papers, 0 citations; 1 already there (ho2022imagen)\n"


def test_link_fills_in_citations_among_the_papers_there(
    server: Server, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from paperhop.models import GraphData, Paper
    from paperhop.store.folder import save_graph

    monkeypatch.setenv("PAPERHOP_S2_API_URL", server.url)
    papers = {
        "vit": Paper(key="vit", title="ViT", year=2020, arxiv="2010.11929"),
        "walt": Paper(key="walt", title="W.A.L.T", year=2023, arxiv="2312.06662"),
    }
    save_graph(GraphData("g", papers), tmp_path)
    result = CliRunner().invoke(cli, ["link", "--graph", str(tmp_path)])
    assert result.output == "added 0 papers, 1 citations\n"
    [edge] = (tmp_path / "edges.jsonl").read_text().splitlines()
    assert edge == (
        '{"source": "vit", "target": "walt", "kind": "cites", '
        '"s2": {"influential": true, "intents": ["methodology"], "contexts": ["as in prior work"]}}'
    )


def test_writing_needs_a_named_graph_and_nothing_is_lost_on_failure(
    server: Server, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PAPERHOP_S2_API_URL", server.url)
    monkeypatch.delenv("PAPERHOP_GRAPH", raising=False)
    refused = CliRunner().invoke(cli, ["add", "2210.02303"])
    assert refused.exit_code == 2
    assert "name it with --graph DIR" in refused.output
    graph = tmp_path / "g"
    assert CliRunner().invoke(cli, ["add", "2010.11929", "--graph", str(graph)]).exit_code == 0
    before = {p.name: p.read_bytes() for p in graph.iterdir()}
    server.script = [(503, {}, b"")] * 10
    monkeypatch.setattr("paperhop.cli.write._s2_client", lambda *args: client(server, tries=2))
    failed = CliRunner().invoke(cli, ["add", "2210.02303", "--graph", str(graph)])
    assert failed.exit_code == 1
    assert failed.output == (
        f"Error: Semantic Scholar at {server.url} answered 503; gave up after 2 tries; the graph was not changed\n"
    )
    assert {p.name: p.read_bytes() for p in graph.iterdir()} == before


def test_init_makes_an_empty_graph(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["init", str(tmp_path / "new")])
    assert result.exit_code == 0
    assert load(tmp_path / "new").number_of_nodes() == 0
    again = CliRunner().invoke(cli, ["init", str(tmp_path / "new")])
    assert again.exit_code == 1
    assert "exists and is not empty" in again.output


def test_answers_are_cached_and_offline_runs_from_the_cache(
    server: Server, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PAPERHOP_S2_API_URL", server.url)
    cache = ["--cache-dir", str(tmp_path / "answers")]
    runner = CliRunner()
    first = runner.invoke(cli, ["add", "2312.06662", "2210.02303", "--graph", str(tmp_path / "a"), *cache])
    assert first.exit_code == 0, first.output
    asked = len(server.requests)
    assert asked > 0
    second = runner.invoke(cli, ["add", "2312.06662", "2210.02303", "--graph", str(tmp_path / "b"), *cache])
    assert second.output == first.output
    assert len(server.requests) == asked  # the second run asked nothing
    server.close()
    offline = runner.invoke(
        cli, ["add", "2312.06662", "2210.02303", "--graph", str(tmp_path / "c"), *cache, "--offline"]
    )
    assert offline.output == first.output
    assert (tmp_path / "c" / "edges.jsonl").read_bytes() == (tmp_path / "a" / "edges.jsonl").read_bytes()
    missing = runner.invoke(cli, ["add", "2010.11929", "--graph", str(tmp_path / "d"), *cache, "--offline"])
    assert missing.exit_code == 1
    assert missing.output.startswith("Error: offline, and not in the cache: POST ")
    assert not any(p.suffix == ".json" and "s3cret" in p.read_text() for p in (tmp_path / "answers").iterdir())


def test_search_lists_matches_and_first_adds_the_best(
    server: Server, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PAPERHOP_S2_API_URL", server.url)
    runner = CliRunner()
    listed = runner.invoke(cli, ["add", "--search", "video generation", "--graph", str(tmp_path / "g")])
    assert listed.exit_code == 0, listed.output
    assert listed.output == (
        " 1. Imagen Video: High Definition Video Generation with Diffusion Models (2022), Jonathan Ho et al.\n"
        "    paperhop add arXiv:2210.02303\n"
        " 2. Photorealistic Video Generation with Diffusion Models (2023), Agrim Gupta\n"
        "    paperhop add arXiv:2312.06662\n"
    )
    assert not (tmp_path / "g").exists()  # listing writes nothing
    added = runner.invoke(cli, ["add", "--search", "video generation", "--first", "--graph", str(tmp_path / "g")])
    assert added.output == "added 1 papers, 0 citations\n"
    assert "ho2022imagen" in load(tmp_path / "g")
    none = runner.invoke(cli, ["add", "--search", "no such words", "--graph", str(tmp_path / "g")])
    assert none.exit_code == 1
    assert none.output == "Error: Semantic Scholar has no match for 'no such words'\n"
    assert runner.invoke(cli, ["add", "--graph", str(tmp_path / "g")]).exit_code == 2


def test_refresh_updates_fetched_fields_and_never_what_a_person_wrote(
    server: Server, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from paperhop.models import Edge, GraphData, Paper
    from paperhop.store.folder import load_graph, save_graph

    monkeypatch.setenv("PAPERHOP_S2_API_URL", server.url)
    mine = Paper(
        key="imagen",
        name="Imagen Video",
        title="Imagen Video (my spelling)",
        year=2022,
        arxiv="2210.02303",
        summary="My own words.",
        aliases=["IV"],
        section="Video",
        citation_count=3,
    )
    offline = Paper(key="notes", title="My notes", year=2024)
    edges = [Edge(source="notes", target="imagen", kind="builds_on", note="I wrote this.")]
    save_graph(GraphData("g", {"imagen": mine, "notes": offline}, {}, edges), tmp_path)
    result = CliRunner().invoke(cli, ["refresh", "--graph", str(tmp_path)])
    assert result.output == "refreshed 1 papers\n"
    data = load_graph(tmp_path)
    imagen = data.papers["imagen"]
    assert (imagen.citation_count, imagen.pdf_url) == (1500, "https://arxiv.org/pdf/2210.02303")
    assert (imagen.s2_id, imagen.corpus_id, imagen.venue) == ("c" * 40, 252715883, "arXiv.org")
    assert (imagen.title, imagen.summary, imagen.aliases, imagen.section, imagen.name) == (
        "Imagen Video (my spelling)",
        "My own words.",
        ["IV"],
        "Video",
        "Imagen Video",
    )
    assert data.papers["notes"] == offline
    assert data.edges == edges


def test_import_adds_the_linked_papers_in_their_sections(
    server: Server, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from paperhop.store.folder import load_graph

    monkeypatch.setenv("PAPERHOP_S2_API_URL", server.url)
    reading = tmp_path / "list.md"
    reading.write_text(
        "# Road to video\n## Images\n- [ViT](https://arxiv.org/abs/2010.11929)\n- DALL-E 3\n"
        "## Video\n- [Imagen Video](https://arxiv.org/abs/2210.02303v1)\n- [W.A.L.T](https://arxiv.org/abs/2312.06662)\n"
        "- [Lost](https://arxiv.org/abs/9999.99999)\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["import", str(reading), "--graph", str(tmp_path / "g")])
    assert result.exit_code == 0, result.output
    assert result.output == (
        "named without a link (add them by id): DALL-E 3\n"
        "added 3 papers, 3 citations; 1 failed: ARXIV:9999.99999 (not found)\n"
    )
    papers = load_graph(tmp_path / "g").papers
    assert {k: p.section for k, p in papers.items()} == {
        "dosovitskiy2020image": "Images",
        "ho2022imagen": "Video",
        "gupta2023photorealistic": "Video",
    }
    empty = tmp_path / "empty.txt"
    empty.write_text("nothing here\n")
    refused = CliRunner().invoke(cli, ["import", str(empty), "--graph", str(tmp_path / "g")])
    assert refused.exit_code == 1
    assert refused.output == f"Error: {empty} links no paper (arXiv, DOI or Semantic Scholar)\n"


def test_references_add_the_most_cited_papers_it_cites_to_a_depth(
    server: Server, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PAPERHOP_S2_API_URL", server.url)
    runner = CliRunner()
    one = runner.invoke(cli, ["add", "2312.06662", "--references", "--limit", "1", "--graph", str(tmp_path / "a")])
    assert one.output == "added 2 papers, 1 citations\n"
    assert sorted(load(tmp_path / "a")) == ["dosovitskiy2020image", "gupta2023photorealistic"]  # ViT: most cited
    deep = runner.invoke(cli, ["add", "2312.06662", "--references", "--depth", "2", "--graph", str(tmp_path / "b")])
    assert deep.output == "added 3 papers, 3 citations\n"
    cited_by = runner.invoke(cli, ["add", "2010.11929", "--citations", "--graph", str(tmp_path / "c")])
    assert cited_by.output == "added 3 papers, 3 citations\n"


def test_a_second_writer_is_refused(server: Server, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from paperhop.store.folder import graph_lock

    monkeypatch.setenv("PAPERHOP_S2_API_URL", server.url)
    with graph_lock(tmp_path):
        result = CliRunner().invoke(cli, ["add", "2210.02303", "--graph", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output == f"Error: {tmp_path}: another paperhop is writing this graph; try again after it\n"
    assert CliRunner().invoke(cli, ["add", "2210.02303", "--graph", str(tmp_path)]).exit_code == 0


def test_an_import_killed_midway_leaves_a_valid_graph_and_a_rerun_finishes(server: Server, tmp_path: Path) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    graph, answers = tmp_path / "g", tmp_path / "answers"
    reading = tmp_path / "list.txt"
    reading.write_text(
        "https://arxiv.org/abs/2010.11929\nhttps://arxiv.org/abs/2210.02303\nhttps://arxiv.org/abs/2312.06662\n"
    )
    env = {**os.environ, "PAPERHOP_S2_API_URL": server.url}
    command = [
        sys.executable,
        "-m",
        "paperhop",
        "import",
        str(reading),
        "--graph",
        str(graph),
        "--cache-dir",
        str(answers),
    ]
    assert subprocess.run([*command[:3], "init", str(graph)], env=env, capture_output=True).returncode == 0
    server.delay = 0.3
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while len(server.requests) < 3 and process.poll() is None:
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert load(graph).number_of_nodes() == 0  # as it was: nothing half-written
    server.delay = 0.0
    asked = len(server.requests)
    finished = subprocess.run(command, env=env, capture_output=True, text=True)
    assert finished.returncode == 0, finished.stderr
    assert finished.stdout == "added 3 papers, 3 citations\n"
    assert len(server.requests) - asked < 7  # what the killed run got was cached
    assert load(graph).number_of_nodes() == 3


def test_progress_is_passed_in_and_a_terminal_still_gets_every_paper(
    server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    import io
    import sys

    from paperhop.cli.write import _progress_bar
    from paperhop.models import GraphData, Paper
    from paperhop.sources.grow import add_papers

    seen: list[tuple[str, list[str]]] = []

    def progress(items: list[Paper], label: str) -> list[Paper]:
        seen.append((label, [paper.key for paper in items]))
        return items

    add_papers(GraphData("g"), client(server), ["2312.06662", "2210.02303"], progress=progress)
    assert seen == [("linking new papers", ["gupta2023photorealistic", "ho2022imagen"])]

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert list(_progress_bar(["a", "b"], "linking")) == ["a", "b"]  # too few for a bar, but each one still
    assert list(_progress_bar(["a", "b", "c"], "linking")) == ["a", "b", "c"]
    assert "linking" in terminal.getvalue()


def test_the_fields_asked_for_are_ones_the_api_knows() -> None:
    """The ``semanticscholar`` package's field lists are the API's vocabulary: a field paperhop asked for outside
    them would be a 400, "Unrecognized or unsupported fields"."""
    from semanticscholar.BaseReference import BaseReference
    from semanticscholar.Paper import Paper as PackagePaper

    from paperhop.sources.s2 import LINK_FIELDS, PAPER_FIELDS

    assert set(PAPER_FIELDS) <= set(PackagePaper.FIELDS)
    assert set(LINK_FIELDS) <= set(BaseReference.FIELDS) | set(PackagePaper.SEARCH_FIELDS)
