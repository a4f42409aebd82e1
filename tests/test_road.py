"""The road to any paper (``paperhop road``): a graph built from Semantic Scholar for one target, ranked and
explained, against the local server (tests/s2_server.py) answering in the real API's shapes."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from paperhop import load
from paperhop.cli import cli
from paperhop.graph import record
from paperhop.queries.paths import reading_list
from paperhop.sources.road import build_road
from paperhop.sources.s2 import Retry, S2Client

from .s2_server import Server, serve


def paper_id(name: str) -> str:
    return hashlib.sha1(name.encode()).hexdigest()


def raw_paper(name: str, year: int, citations: int, arxiv: str | None = None) -> dict[str, Any]:
    ids: dict[str, Any] = {"CorpusId": int(paper_id(name)[:6], 16)}
    if arxiv:
        ids["ArXiv"] = arxiv
    return {
        "paperId": paper_id(name),
        "title": name,
        "year": year,
        "venue": "",
        "authors": [{"authorId": "1", "name": f"Author of {name}"}],
        "externalIds": ids,
        "url": f"https://www.semanticscholar.org/paper/{paper_id(name)}",
        "openAccessPdf": None,
        "citationCount": citations,
        "tldr": None,
        "abstract": None,
    }


def client_of(server: Server) -> S2Client:
    return S2Client(api_url=server.url, retry=Retry(tries=1))


# A field of eight papers (A, 2014 ... H, 2021) that cite their elders, a foundation they all stand on (Origin,
# 2012, cited by the target only through them), and two papers everyone cites that no one builds on: an optimiser
# and a dataset, each cited a hundred times more than the field's papers. Made up, to test the ranking.
FIELD = [("A", 2014), ("B", 2015), ("C", 2016), ("D", 2017), ("E", 2018), ("F", 2019), ("G", 2020), ("H", 2021)]


@pytest.fixture
def field_server() -> Iterator[Server]:
    papers = {name: raw_paper(f"Paper {name}", year, 1_000 + 100 * i) for i, (name, year) in enumerate(FIELD)}
    papers["origin"] = raw_paper("Origin", 2012, 3_000)
    papers["adam"] = raw_paper("An optimiser", 2014, 150_000)
    papers["imagenet"] = raw_paper("A dataset", 2009, 60_000)
    papers["target"] = raw_paper("The target", 2023, 10, arxiv="2301.00001")
    pid = {name: raw["paperId"] for name, raw in papers.items()}
    cites: dict[str, list[str]] = {}
    names = [name for name, _ in FIELD]
    for i, name in enumerate(names):
        cites[pid[name]] = [pid[n] for n in names[max(0, i - 2) : i]] + [pid["origin"], pid["adam"], pid["imagenet"]]
    cites[pid["target"]] = [pid[n] for n in names] + [pid["adam"], pid["imagenet"]]
    nothing = {"isInfluential": False, "intents": ["background"], "contexts": []}
    evidence = {(pid["target"], pid[n]): nothing for n in [*names, "adam", "imagenet"]}
    evidence[(pid["target"], pid["H"])] = {
        "isInfluential": True,
        "intents": ["methodology"],
        "contexts": ["We extend H."],
    }
    yield from serve(papers=papers, cites=cites, evidence=evidence)


def test_a_road_keeps_what_the_target_stands_on_and_holds_back_what_everyone_cites(field_server: Server) -> None:
    with client_of(field_server) as client:
        road = build_road(client, "ARXIV:2301.00001", max_papers=6, depth=2)
    kept = [c.paper.title for c in road.kept]
    assert "An optimiser" not in kept
    assert "A dataset" not in kept
    assert kept[:2] == ["Origin", "Paper H"]
    # Origin: not cited by the target, but by every paper of the field it stands on; H: the one paper the target
    # cites as influential, for its method
    # every paper of the neighbourhood cites the optimiser: its co-citation alone would have put it first
    adam = next(c for c in road.ranked if c.paper.title == "An optimiser")
    assert adam.cited_by == max(c.cited_by for c in road.ranked)
    h = next(k for k, p in road.data.papers.items() if p.title == "Paper H")
    assert (
        road.reasons[h]
        == "cited by 0 of the 10 papers The target builds on; The target cites it for its method, as influential; on the main path"
    )


def test_a_road_asks_few_requests_and_none_again_from_the_cache(field_server: Server, tmp_path: Path) -> None:
    from paperhop.store.responses import ResponseCache

    with S2Client(api_url=field_server.url, retry=Retry(tries=1), cache=ResponseCache(tmp_path)) as client:
        road = build_road(client, "ARXIV:2301.00001", max_papers=6, depth=2)
    assert (
        road.requests == len(field_server.requests) == 4 + 6
    )  # target, its references, what they cite, records; a request per kept paper
    offline = ResponseCache(tmp_path, offline=True)
    with S2Client(api_url=field_server.url, retry=Retry(tries=1), cache=offline) as client:
        again = build_road(client, "ARXIV:2301.00001", max_papers=6, depth=2)
    assert again.requests == 0
    assert again.data == road.data


def test_the_road_writes_a_graph_the_reading_commands_read_at_once(field_server: Server, tmp_path: Path) -> None:
    runner = CliRunner()
    env = {"PAPERHOP_S2_API_URL": field_server.url, "PAPERHOP_CACHE_DIR": str(tmp_path / "cache")}
    folder = tmp_path / "road"
    done = runner.invoke(cli, ["road", "ARXIV:2301.00001", "--graph", str(folder), "--max", "5"], env=env)
    assert done.exit_code == 0, done.output
    assert done.stdout.startswith(
        "The road to The target: kept 5 of 10 papers ranked (10 cited by The target); 9 requests"
    )
    assert done.stderr.startswith("asking Semantic Scholar for the target\n")
    G = load(folder)
    target = next(k for k in G if G.nodes[k]["title"] == "The target")
    assert set(reading_list(G, target)) == {k for k in G if k != target}
    assert record(G, target).reason is None
    assert all(record(G, k).reason for k in G if k != target)
    shown = runner.invoke(cli, ["show", target, "--graph", str(folder), "--format", "json"], env=env)
    assert json.loads(shown.output)["before"]
    again = runner.invoke(cli, ["road", "ARXIV:2301.00001", "--graph", str(folder)], env=env)
    assert again.exit_code == 1
    assert again.stderr.endswith("is not empty\n")
    bad = runner.invoke(cli, ["road", "no id", "--graph", str(tmp_path / "other")], env=env)
    assert bad.exit_code == 1
    assert not (tmp_path / "other").exists() or not any((tmp_path / "other").iterdir())


def test_the_road_to_sora_from_the_shipped_graphs_own_citations(tmp_path: Path) -> None:
    """The shipped graph's citations were read from the papers' reference lists: served as Semantic Scholar would
    (no evidence: it has none for them), how much of Sora's reading list does `road sora` find?"""
    G = load()
    papers = {}
    for key in G:
        if G.nodes[key]["type"] == "paper":
            rec = record(G, key)
            papers[key] = raw_paper(rec.title, rec.year, rec.citation_count or 100, arxiv=rec.arxiv)
            papers[key]["paperId"] = paper_id(key)
    cites: dict[str, list[str]] = {}
    for u, v, kinds in G.edges(data="kinds", default="cites"):
        if "cites" in kinds.split():
            cites.setdefault(paper_id(v), []).append(paper_id(u))
    said = {"isInfluential": None, "intents": [], "contexts": []}
    evidence = {(citing, cited): said for citing, all_cited in cites.items() for cited in all_cited}
    with contextmanager(serve)(papers=papers, cites=cites, evidence=evidence) as server, client_of(server) as client:
        road = build_road(client, paper_id("sora"), max_papers=20, depth=2)
    wanted = set(reading_list(G, "sora", via="cites"))
    found = {key for key in G if paper_id(key) in {c.paper.paperId for c in road.kept}}
    assert found <= wanted
    assert found == wanted  # every paper Sora's citations reach, within two steps here


@pytest.mark.parametrize(
    "references",
    ["not a list", [{"paperId": 7}], [{"paperId": "x" * 10_000}], None],
    ids=["a string", "a number for an id", "an id no paper has", "null"],
)
def test_a_malformed_answer_writes_nothing_and_says_so_in_one_line(
    field_server: Server, tmp_path: Path, references: object
) -> None:
    """What each reference cites comes from the batch endpoint's nested answer: any shape that is not a list of
    papers with ids is refused in one line, and no folder is written; null is no references."""

    def nested(path: str, data: Any) -> Any:
        if path == "batch" and isinstance(data, list) and data and data[0] and "references" in data[0]:
            return [{**paper, "references": references} for paper in data]
        return data

    field_server.edit = nested
    env = {"PAPERHOP_S2_API_URL": field_server.url, "PAPERHOP_CACHE_DIR": str(tmp_path / "cache")}
    folder = tmp_path / "road"
    done = CliRunner().invoke(cli, ["road", "ARXIV:2301.00001", "--graph", str(folder)], env=env)
    if references is None:
        assert done.exit_code == 0, done.output
        return
    assert done.exit_code == 1, done.output
    *progress, said = done.stderr.splitlines()
    assert all(line.startswith("asking Semantic Scholar for ") for line in progress)
    assert said.startswith("Error: Semantic Scholar")
    assert said.endswith("; nothing was written")
    assert not folder.exists() or not any(folder.iterdir())
