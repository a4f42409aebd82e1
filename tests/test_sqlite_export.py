"""render_sqlite and `paperhop export sqlite`: the documented tables, full-text search, the same bytes for the same
graph, atomic writes.

The file is read here by the tools docs/sqlite.md names: sqlite-utils (its CLI, in-process) and Datasette
(a real server on a free loopback port, stopped after the tests).
"""

from __future__ import annotations

import json
import os
import random
import re
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import networkx as nx
import pytest

from paperhop.errors import WriteError
from paperhop.export.sqlite import PAPER_COLUMNS, render_sqlite
from paperhop.graph import build_graph, edge_evidence, edge_links, paper
from paperhop.load import load
from paperhop.models import Concept, Edge, GraphData, Paper, Reference, S2Evidence
from paperhop.store.files import write_bytes_atomic
from paperhop.store.folder import default_graph_path, load_graph


def write_sqlite(graph: Path | nx.DiGraph, out: Path) -> Path:
    """What `paperhop export sqlite OUT` does: the graph (a folder is loaded) rendered, and written atomically."""
    write_bytes_atomic(out, render_sqlite(graph if isinstance(graph, nx.DiGraph) else load(graph)))
    return out


HEPTH = Path(__file__).parent / "fixtures" / "cit-hepth-sample"


def mentions(word: str) -> set[str]:
    """The shipped papers whose title or summary has *word* (any case): what a search for it must find."""
    G = load()
    found = re.compile(rf"\b{word}\b", re.IGNORECASE).search
    return {k for k in G if G.nodes[k]["type"] == "paper" and found(f"{paper(G, k).title} {paper(G, k).summary}")}


def evidence_graph() -> GraphData:
    """Two papers, a concept, and a citation with both kinds of evidence; text that looks like numbers or SQL."""
    papers = {
        "1706": Paper(key="1706", title="0042", year=2017, summary="NULL"),
        "later": Paper(key="later", name="Later", title="<b>Diffusion</b> & 'quotes'", year=2020),
    }
    concepts = {"idea": Concept(key="idea", name="The idea", description="1e3")}
    cites = Edge(
        source="1706",
        target="later",
        kind="cites",
        reference=Reference(number=7, text="0042", source="0043"),
        s2=S2Evidence(influential=True, intents=["methodology", "background"], contexts=["As [7] shows, x."]),
    )
    edges = [
        cites,
        Edge(source="1706", target="idea", kind="introduces"),
        Edge(source="idea", target="later", kind="uses"),
    ]
    return GraphData("evidence", papers, concepts, edges)


def test_tables_hold_the_graph(tmp_path: Path) -> None:
    G = load()
    db = sqlite3.connect(write_sqlite(default_graph_path(), tmp_path / "out.db"))
    assert db.execute("PRAGMA user_version").fetchone() == (2,)  # docs/sqlite.md promises this version
    columns = [row[1] for row in db.execute("PRAGMA table_info(papers)")]
    assert columns == PAPER_COLUMNS
    papers = {k for (k,) in db.execute("SELECT key FROM papers")}
    concepts = {k for (k,) in db.execute("SELECT key FROM concepts")}
    assert papers | concepts == set(G)
    assert paper(G, "vit").title == db.execute("SELECT title FROM papers WHERE key = 'vit'").fetchone()[0]
    rows = {(u, v, kind): note for u, v, kind, note in db.execute("SELECT source, target, kind, note FROM edges")}
    expected = {(u, v, kind): note for u, v in G.edges for kind, note in edge_links(G, u, v).items()}
    assert rows == expected
    hits = db.execute(
        "SELECT p.key FROM papers_fts JOIN papers p ON p.rowid = papers_fts.rowid WHERE papers_fts MATCH 'transformers'"
    ).fetchall()
    assert ("vit",) in hits


@pytest.mark.parametrize("source", [default_graph_path(), HEPTH])
def test_same_graph_same_bytes(tmp_path: Path, source: Path) -> None:
    a = write_sqlite(source, tmp_path / "a.db").read_bytes()
    b = write_sqlite(load(source), tmp_path / "b.db").read_bytes()
    assert a == b


def test_replaces_a_regular_file_only(tmp_path: Path) -> None:
    out = tmp_path / "out.db"
    out.write_bytes(b"old")
    out.chmod(0o640)
    write_sqlite(default_graph_path(), out)
    assert out.read_bytes()[:16] == b"SQLite format 3\x00"
    assert out.stat().st_mode & 0o777 == 0o640
    elsewhere = tmp_path / "elsewhere"
    elsewhere.write_bytes(b"keep")
    link = tmp_path / "link.db"
    link.symlink_to(elsewhere)
    folder = tmp_path / "folder.db"
    folder.mkdir()
    fifo = tmp_path / "fifo.db"
    os.mkfifo(fifo)
    for bad in (link, folder, fifo):
        with pytest.raises(WriteError):
            write_sqlite(default_graph_path(), bad)
    assert elsewhere.read_bytes() == b"keep"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["elsewhere", "fifo.db", "folder.db", "link.db", "out.db"]


def test_a_failed_write_leaves_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from paperhop.export import sqlite as module

    out = tmp_path / "out.db"
    out.write_bytes(b"old")

    def dies(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(module, "_fill", dies)
    with pytest.raises(KeyboardInterrupt):
        write_sqlite(default_graph_path(), out)
    assert out.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.db"]


def test_the_export_command_writes_the_database(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from paperhop.cli import cli

    result = CliRunner().invoke(cli, ["export", "sqlite", str(tmp_path / "sora.db")])
    assert result.exit_code == 0, result.output + result.stderr
    db = sqlite3.connect(tmp_path / "sora.db")
    assert db.execute("SELECT count(*) FROM papers").fetchone() == (18,)
    hits = db.execute("SELECT rowid FROM papers_fts WHERE papers_fts MATCH 'patches'").fetchall()
    assert hits


def test_the_same_graph_read_in_any_order_gives_the_same_bytes(tmp_path: Path) -> None:
    data = load_graph(default_graph_path())
    shuffled = random.Random(1).sample
    mixed = GraphData(
        data.name,
        dict(shuffled(sorted(data.papers.items()), len(data.papers))),
        dict(shuffled(sorted(data.concepts.items()), len(data.concepts))),
        shuffled(data.edges, len(data.edges)),
    )
    assert list(mixed.papers) != sorted(mixed.papers)
    a = write_sqlite(build_graph(data), tmp_path / "a.db").read_bytes()
    b = write_sqlite(build_graph(mixed), tmp_path / "b.db").read_bytes()
    assert a == b


def test_edges_and_evidence_link_to_the_node_tables(tmp_path: Path) -> None:
    db = sqlite3.connect(write_sqlite(default_graph_path(), tmp_path / "out.db"))
    links = {
        table: {(*row[3:5], row[2]) for row in db.execute(f"PRAGMA foreign_key_list({table})")}
        for table in ("edges", "evidence")
    }
    assert links == {
        "edges": {
            ("source_paper", "key", "papers"),
            ("source_concept", "key", "concepts"),
            ("target_paper", "key", "papers"),
            ("target_concept", "key", "concepts"),
        },
        "evidence": {("source", "key", "papers"), ("target", "key", "papers")},
    }
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    # Each end is in the link column of its own table; the other one is NULL.
    ends = db.execute(
        "SELECT e.kind, p1.key IS NOT NULL, c1.key IS NOT NULL, p2.key IS NOT NULL, c2.key IS NOT NULL FROM edges e"
        " LEFT JOIN papers p1 ON p1.key = e.source_paper LEFT JOIN concepts c1 ON c1.key = e.source_concept"
        " LEFT JOIN papers p2 ON p2.key = e.target_paper LEFT JOIN concepts c2 ON c2.key = e.target_concept"
    ).fetchall()
    assert {kind: (sp, sc, tp, tc) for kind, sp, sc, tp, tc in ends} == {
        "cites": (1, 0, 1, 0),
        "builds_on": (1, 0, 1, 0),
        "introduces": (1, 0, 0, 1),
        "uses": (0, 1, 1, 0),
    }
    assert len(ends) == db.execute("SELECT count(*) FROM edges").fetchone()[0]


def test_evidence_of_the_shipped_citations(tmp_path: Path) -> None:
    G = load()
    db = sqlite3.connect(write_sqlite(G, tmp_path / "out.db"))
    rows = {
        (u, v): (n, text)
        for u, v, n, text in db.execute("SELECT source, target, reference_number, reference_text FROM evidence")
    }
    expected = {}
    for u, v in G.edges:
        cites = edge_evidence(G, u, v)
        if cites is not None and cites.reference is not None:
            expected[(u, v)] = (cites.reference.number, cites.reference.text)
    assert rows == expected
    assert len(rows) == 67  # every reference entry of edges.jsonl
    assert rows[("unet", "ldm")][1].startswith("Olaf Ronneberger, Philipp Fischer, and Thomas Brox. U-net:")
    orphans = db.execute(
        "SELECT count(*) FROM evidence v LEFT JOIN edges e ON (e.source, e.target, e.kind) = (v.source, v.target, 'cites')"
        " WHERE e.kind IS NULL"
    ).fetchone()
    assert orphans == (0,)


def test_evidence_and_text_are_stored_as_given(tmp_path: Path) -> None:
    db = sqlite3.connect(write_sqlite(build_graph(evidence_graph()), tmp_path / "out.db"))
    cursor = db.execute("SELECT * FROM evidence")
    (row,) = cursor.fetchall()
    assert dict(zip([c[0] for c in cursor.description], row, strict=True)) == {
        "source": "1706",
        "target": "later",
        "reference_number": 7,
        "reference_text": "0042",
        "reference_source": "0043",
        "s2_influential": 1,
        "s2_intents": '["methodology","background"]',
        "s2_contexts": '["As [7] shows, x."]',
    }
    kinds = db.execute(
        "SELECT typeof(key), typeof(title), typeof(summary), title, summary FROM papers WHERE key = '1706'"
    ).fetchone()
    assert kinds == ("text", "text", "text", "0042", "NULL")
    types = db.execute("SELECT typeof(reference_text), typeof(reference_source), typeof(source) FROM evidence")
    assert types.fetchone() == ("text", "text", "text")
    assert db.execute("SELECT description FROM concepts").fetchone() == ("1e3",)
    assert db.execute("SELECT title FROM papers WHERE key = 'later'").fetchone() == ("<b>Diffusion</b> & 'quotes'",)
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_sqlite_utils_finds_and_searches_the_index(tmp_path: Path) -> None:
    import sqlite_utils
    from click.testing import CliRunner
    from sqlite_utils.cli import cli as sqlite_utils_cli

    out = write_sqlite(default_graph_path(), tmp_path / "out.db")
    assert sqlite_utils.Database(out)["papers"].detect_fts() == "papers_fts"
    # The command docs/sqlite.md shows.
    result = CliRunner().invoke(sqlite_utils_cli, ["search", str(out), "papers", "diffusion", "-c", "key"])
    assert result.exit_code == 0, result.output
    assert {row["key"] for row in json.loads(result.output)} == mentions("diffusion")
    assert len(mentions("diffusion")) >= 5


def test_the_index_follows_edits_as_sqlite_utils_would(tmp_path: Path) -> None:
    """The triggers sqlite-utils makes: a row edited later (in Datasette, sqlite-utils) is found by its new text."""
    out = write_sqlite(default_graph_path(), tmp_path / "out.db")
    with sqlite3.connect(out) as db:
        db.execute("UPDATE papers SET summary = 'about wombats' WHERE key = 'vit'")
        db.execute("INSERT INTO papers_fts (papers_fts, rank) VALUES ('integrity-check', 1)")  # raises if out of step
        hits = db.execute(
            "SELECT p.key FROM papers_fts f JOIN papers p ON p.rowid = f.rowid WHERE papers_fts MATCH 'wombats'"
        )
        assert hits.fetchall() == [("vit",)]


@pytest.fixture(scope="module")
def datasette(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    """`datasette sora.db` on a free port of 127.0.0.1, as docs/sqlite.md says; always stopped."""
    folder = tmp_path_factory.mktemp("datasette")
    out = write_sqlite(default_graph_path(), folder / "sora.db")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with (folder / "datasette.log").open("wb") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "datasette", "serve", str(out), "--host", "127.0.0.1", "--port", str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    # trust_env=False: no proxy from the environment stands between the test and the loopback server.
    client = httpx.Client(base_url=f"http://127.0.0.1:{port}", trust_env=False, timeout=20)
    try:
        deadline = time.monotonic() + 60
        while True:
            if server.poll() is not None:
                pytest.fail(f"datasette exited: {(folder / 'datasette.log').read_text()}")
            try:
                client.get("/-/versions.json").raise_for_status()
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    pytest.fail("datasette did not answer within 60 s")
                time.sleep(0.2)
        yield client
    finally:
        client.close()
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)


def test_datasette_offers_a_search_box(datasette: httpx.Client) -> None:
    page = datasette.get("/sora/papers")
    assert page.status_code == 200
    assert re.search(r'<input id="_search" type="search" name="_search"', page.text)
    assert '<input id="_search"' not in datasette.get("/sora/concepts").text  # only papers is indexed


def test_datasette_searches_titles_and_summaries(datasette: httpx.Client) -> None:
    page = datasette.get("/sora/papers", params={"_search": "diffusion"})
    assert page.status_code == 200
    shown = set(re.findall(r'<td class="col-key type-pk"><a href="/sora/papers/([^"]+)">', page.text))
    assert shown == mentions("diffusion")
    rows = datasette.get("/sora/papers.json", params={"_search": "diffusion", "_shape": "array"}).json()
    assert {row["key"] for row in rows} == mentions("diffusion")
    # A word only in a summary is found too ("spacetime" is in no title).
    rows = datasette.get("/sora/papers.json", params={"_search": "spacetime", "_shape": "array"}).json()
    assert {row["key"] for row in rows} == mentions("spacetime")
    assert rows
    assert not any(re.search(r"\bspacetime\b", row["title"], re.IGNORECASE) for row in rows)


def test_datasette_links_edges_and_evidence_to_their_papers(datasette: httpx.Client) -> None:
    edges = datasette.get(
        "/sora/edges.json", params={"_labels": "on", "_shape": "array", "source": "unet", "target": "ldm"}
    ).json()
    assert [(e["kind"], e["source_paper"], e["target_paper"]) for e in edges] == [
        ("builds_on", {"value": "unet", "label": "U-Net"}, {"value": "ldm", "label": "LDM"}),
        ("cites", {"value": "unet", "label": "U-Net"}, {"value": "ldm", "label": "LDM"}),
    ]
    html = datasette.get("/sora/evidence", params={"source": "unet", "target": "ldm"}).text
    assert '<a href="/sora/papers/unet">U-Net</a>' in html
    assert datasette.get("/sora/papers/unet").status_code == 200  # where that link goes
