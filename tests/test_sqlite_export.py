"""write_sqlite: the documented tables, full-text search, the same bytes for the same graph, atomic writes."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from paperhop.errors import WriteError
from paperhop.export.sqlite import PAPER_COLUMNS, write_sqlite
from paperhop.graph import edge_links, paper
from paperhop.load import load
from paperhop.store.folder import default_graph_path

HEPTH = Path(__file__).parent / "fixtures" / "cit-hepth-sample"


def test_tables_hold_the_graph(tmp_path: Path) -> None:
    G = load()
    db = sqlite3.connect(write_sqlite(default_graph_path(), tmp_path / "out.db"))
    assert db.execute("PRAGMA user_version").fetchone() == (1,)
    columns = [row[1] for row in db.execute("PRAGMA table_info(papers)")]
    assert columns == PAPER_COLUMNS
    papers = {k for (k,) in db.execute("SELECT key FROM papers")}
    concepts = {k for (k,) in db.execute("SELECT key FROM concepts")}
    assert papers | concepts == set(G)
    assert paper(G, "vit").title == db.execute("SELECT title FROM papers WHERE key = 'vit'").fetchone()[0]
    rows = {(u, v, kind): note for u, v, kind, note in db.execute("SELECT * FROM edges")}
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
