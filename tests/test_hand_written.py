"""A graph written by hand, from docs/format.md alone: every mistake gets an error that says what to do."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

from click.testing import CliRunner

from paperhop.cli import cli
from paperhop.load import load, read_graph
from paperhop.models import Paper

TRANSFORMER = {"key": "transformer", "title": "Attention Is All You Need", "year": 2017, "arxiv": "1706.03762"}
VIT = {"key": "vit", "name": "ViT", "title": "An Image is Worth 16x16 Words", "year": 2020, "arxiv": "2010.11929"}
BUILDS_ON = {"source": "transformer", "target": "vit", "kind": "builds_on", "note": "ViT applies it to patches."}


def write(folder: Path, name: str, *lines: object) -> None:
    """Write *lines* to the graph file *name*: a dict as one line of JSON, a string as it is."""
    folder.mkdir(exist_ok=True)
    text = "".join((json.dumps(line) if isinstance(line, dict) else str(line)) + "\n" for line in lines)
    (folder / name).write_text(text, encoding="utf-8")


def validate(folder: Path) -> str:
    result = CliRunner().invoke(cli, ["validate", str(folder)])
    assert result.exit_code == (1 if "error:" in result.output else 0), result.output
    return result.output


def test_a_record_spread_over_several_lines_is_told_once(tmp_path: Path) -> None:
    write(tmp_path, "papers.jsonl", TRANSFORMER, json.dumps(VIT, indent=2))
    write(tmp_path, "edges.jsonl", BUILDS_ON)
    assert validate(tmp_path) == textwrap.dedent("""\
        error: papers.jsonl:2 (vit): a record spread over lines 2-8; each record must be one line of JSON
        1 errors, 0 warnings
        """)  # and no "Extra data" for each of its lines, nor "no paper 'vit'" for its edge


def test_every_spread_record_is_told_at_its_first_line_even_with_a_fault_inside(tmp_path: Path) -> None:
    spread = json.dumps(VIT, indent=2).replace('"2010.11929"', '"2010.11929",')  # a trailing comma as well
    write(tmp_path, "papers.jsonl", "[", json.dumps(TRANSFORMER, indent=4) + ",", spread, "]")
    write(tmp_path, "edges.jsonl", json.dumps(BUILDS_ON, indent=2))
    assert validate(tmp_path) == textwrap.dedent("""\
        error: edges.jsonl:1 (transformer -> vit): a record spread over lines 1-6; each record must be one line of JSON
        error: papers.jsonl:1: not valid JSON: Expecting value at column 2
        error: papers.jsonl:2 (transformer): a record spread over lines 2-7; each record must be one line of JSON
        error: papers.jsonl:8 (vit): a record spread over lines 8-14; each record must be one line of JSON
        error: papers.jsonl:15: not valid JSON: Expecting value at column 1
        5 errors, 0 warnings
        """)


def test_a_line_left_open_is_not_taken_for_a_spread_record(tmp_path: Path) -> None:
    write(tmp_path, "papers.jsonl", TRANSFORMER, '{"key": "vit", "title"', json.dumps(VIT))
    assert validate(tmp_path) == textwrap.dedent("""\
        error: papers.jsonl:2: not valid JSON: Expecting ':' delimiter at column 23
        1 errors, 0 warnings
        """)


def test_an_unknown_field_names_the_one_meant_and_every_field(tmp_path: Path) -> None:
    write(tmp_path, "papers.jsonl", {**TRANSFORMER, "summry": "Attention only."}, {**VIT, "colour": "red"})
    write(tmp_path, "edges.jsonl", {"source": "transformer", "target": "vit", "knd": "cites"})
    fields = "key, name, title, authors, year, venue, arxiv, doi, s2_id, corpus_id, url, pdf_url, citation_count, "
    fields += "summary, aliases, section, references_read, reason"
    edge_fields = "source, target, kind, note, reference, s2"
    assert validate(tmp_path) == textwrap.dedent(f"""\
        error: edges.jsonl:1 (transformer -> vit): kind: Field required
        error: edges.jsonl:1 (transformer -> vit): knd: unknown field; did you mean kind? (edge fields: {edge_fields})
        error: papers.jsonl:1 (transformer): summry: unknown field; did you mean summary? (paper fields: {fields})
        error: papers.jsonl:2 (vit): colour: unknown field (paper fields: {fields})
        4 errors, 0 warnings
        """)


def test_an_unknown_key_in_an_edge_names_the_key_meant(tmp_path: Path) -> None:
    write(tmp_path, "papers.jsonl", TRANSFORMER, VIT)
    write(tmp_path, "edges.jsonl", {**BUILDS_ON, "source": "transformr"}, {**BUILDS_ON, "target": "gpt3"})
    assert validate(tmp_path) == textwrap.dedent("""\
        error: edges.jsonl:1 (transformr -> vit): no paper or concept 'transformr'; did you mean transformer?
        error: edges.jsonl:2 (transformer -> gpt3): no paper or concept 'gpt3'
        2 errors, 0 warnings
        """)


def test_every_edge_error_carries_its_line(tmp_path: Path) -> None:
    cites = {"source": "transformer", "target": "vit", "kind": "cites"}
    concept = {"key": "patches", "name": "Patches", "description": "Image patches as tokens."}
    write(tmp_path, "papers.jsonl", TRANSFORMER, VIT)
    write(tmp_path, "concepts.jsonl", concept)
    lines: list[object] = [BUILDS_ON, cites, *[{**cites, "target": "transformer"}] * 7, cites]
    lines += [{"source": "patches", "target": "vit", "kind": "introduces"}, {**cites, "target": "patches"}]
    write(tmp_path, "edges.jsonl", *lines)
    assert validate(tmp_path) == textwrap.dedent("""\
        error: edges.jsonl:3 (transformer -> transformer): edge from transformer to itself
        error: edges.jsonl:4 (transformer -> transformer): duplicate edge (first at edges.jsonl:3)
        error: edges.jsonl:10 (transformer -> vit): duplicate edge (first at edges.jsonl:2)
        error: edges.jsonl:11 (patches -> vit): a introduces edge goes paper -> concept, not concept -> paper
        error: edges.jsonl:12 (transformer -> patches): a cites edge goes paper -> paper, not paper -> concept
        5 errors, 0 warnings
        """)


def test_a_refused_paper_is_not_reported_again_for_each_of_its_edges(tmp_path: Path) -> None:
    gpt3 = {"key": "gpt3", "title": "Language Models are Few-Shot Learners", "year": "2020"}
    write(tmp_path, "papers.jsonl", TRANSFORMER, VIT, gpt3)
    cites = {"source": "transformer", "target": "gpt3", "kind": "cites"}
    typo = {**BUILDS_ON, "source": "transformr", "target": "gpt3"}  # a fault of its own, told
    edges = [BUILDS_ON, {**BUILDS_ON, "target": "gpt3"}, {**BUILDS_ON, "source": "gpt3"}, cites, typo]
    write(tmp_path, "edges.jsonl", *edges, {**cites, "source": "transformr"})
    assert validate(tmp_path) == textwrap.dedent("""\
        error: edges.jsonl:5 (transformr -> gpt3): no paper or concept 'transformr'; did you mean transformer?
        error: edges.jsonl:6 (transformr -> gpt3): no paper or concept 'transformr'; did you mean transformer?
        error: papers.jsonl:3 (gpt3): year: Input should be a valid integer
        3 errors, 0 warnings
        """)


def test_problems_come_line_by_line(tmp_path: Path) -> None:
    write(
        tmp_path, "papers.jsonl", *[{**TRANSFORMER, "key": f"p{i}", "title": f"T{i}", "year": "x"} for i in range(11)]
    )
    assert [p.location for p in read_graph(tmp_path)[1]][8:] == [
        "papers.jsonl:9 (p8)",
        "papers.jsonl:10 (p9)",
        "papers.jsonl:11 (p10)",
    ]


def test_a_doi_org_url_is_accepted_and_stored_bare(tmp_path: Path) -> None:
    doi = "10.1007/978-3-319-24574-4_28"
    unet = {"key": "unet", "title": "U-Net", "year": 2015, "doi": f"https://doi.org/{doi}"}
    write(tmp_path, "papers.jsonl", unet, {**TRANSFORMER, "doi": f"doi:{doi.replace('28', '29')}"})
    G = load(tmp_path)
    assert (G.nodes["unet"]["doi"], G.nodes["transformer"]["doi"]) == (doi, doi.replace("28", "29"))
    assert Paper.model_validate({**unet, "doi": f"http://dx.doi.org/{doi}"}).doi == doi
