"""The command line, run in-process. Output is asserted exactly where it is short."""

from __future__ import annotations

import json
import re
import shlex
import textwrap
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from paperhop.cli import cli
from paperhop.store.folder import save_graph

from .conftest import tiny_data

README = Path(__file__).parents[1] / "README.md"


def run(runner: CliRunner, *args: str, code: int = 0) -> str:
    result = runner.invoke(cli, list(args))
    assert result.exit_code == code, result.output + result.stderr
    return result.stdout if code == 0 else result.stderr


def test_path_reads_vit_then_vivit_then_sora(runner: CliRunner) -> None:
    assert run(runner, "path", "vit", "sora") == textwrap.dedent("""\
        Reading path from ViT to Sora (3 steps)
         1. ViT (2020) An Image is Worth 16x16 Words: Transformers for Image Recognition at Scale
            https://arxiv.org/abs/2010.11929
         2. ViViT (2021) ViViT: A Video Vision Transformer
            https://arxiv.org/abs/2103.15691
            why: ViViT builds on ViT: ViViT cuts video into spatio-temporal tokens the way ViT cut images into patches. (ViViT also cites it.)
         3. Sora (2024) Video generation models as world simulators
            https://openai.com/research/video-generation-models-as-world-simulators
            why: Sora builds on ViViT: Sora cuts compressed video into spacetime patches, the tokenization ViViT used for video. (Sora also cites it.)
        """)


def test_path_through_a_concept_reads_naturally(runner: CliRunner) -> None:
    out = run(runner, "path", "transformer", "sora", "--via", "concepts")
    assert "why: Sora uses self-attention, which Transformer introduced." in out


def test_path_accepts_ids_urls_and_titles(runner: CliRunner) -> None:
    assert run(runner, "path", "https://arxiv.org/pdf/2010.11929v2.pdf", "world simulators") == run(
        runner, "path", "vit", "sora"
    )


def test_path_alternatives_and_formats(runner: CliRunner) -> None:
    out = run(runner, "path", "vit", "sora", "-k", "2", "--format", "markdown")
    assert out.startswith("### Reading path from ViT to Sora, option 1 of 2\n\n1. **ViT** (2020): [An Image")
    assert "option 2 of 2\n\n1. **ViT** (2020)" in out
    assert "   Sora cites ViT.\n" in out
    doc = json.loads(run(runner, "path", "vit", "sora", "--format", "json"))
    [only] = doc["paths"]
    assert [n["key"] for n in only["nodes"]] == ["vit", "vivit", "sora"]
    assert only["edges"][0] == {
        "source": "vit",
        "target": "vivit",
        "links": {
            "builds_on": "ViViT cuts video into spatio-temporal tokens the way ViT cut images into patches.",
            "cites": None,
        },
        "evidence": {
            "reference": {"number": 17, "source": None, "text": only["edges"][0]["evidence"]["reference"]["text"]},
            "s2": None,
        },
    }
    assert only["edges"][0]["evidence"]["reference"]["text"].startswith("Alexey Dosovitskiy, Lucas Beyer, ")
    assert only["cost"] == 2.0


def test_no_path_is_one_line_exit_1_and_names_the_reverse(runner: CliRunner) -> None:
    assert (
        run(runner, "path", "sora", "vit", code=1)
        == "Error: no reading path from sora to vit; there is one the other way: paperhop path vit sora\n"
    )
    assert run(runner, "path", "clip", "unet", code=1) == "Error: no reading path from clip to unet\n"


def test_unknown_and_ambiguous_papers(runner: CliRunner) -> None:
    assert (
        run(runner, "show", "vivt", code=1)
        == "Error: no paper or concept matches 'vivt'; did you mean navit or vit or vivit?\n"
    )
    assert run(runner, "path", "vit", "video", code=1).startswith(
        "Error: 'video' matches several: align-your-latents, imagen-video, make-a-video, sora,"
    )


@pytest.mark.parametrize(
    "args",
    [
        ["path", "vit"],
        ["path", "vit", "sora", "-k", "0"],
        ["reading-list"],
        ["list", "--format", "yaml"],
        ["nosuchcommand"],
        ["reading-list", "sora", "--depth", "x"],
    ],
)
def test_usage_errors_exit_2(runner: CliRunner, args: list[str]) -> None:
    result = runner.invoke(cli, args)
    assert result.exit_code == 2
    assert "Traceback" not in result.output + result.stderr


def test_reading_list_of_sora(runner: CliRunner) -> None:
    out = run(runner, "reading-list", "sora")
    assert out.startswith(
        "Reading list for Sora: 17 papers, each after what it builds on\n\n"
        " 1. U-Net (2015) U-Net: Convolutional Networks for Biomedical Image Segmentation\n"
    )
    known = run(runner, "reading-list", "sora", "--known", "ViT,unet")
    assert "15 papers" in known
    assert "ViT (2020)" not in known
    assert "U-Net (2015)" not in known
    assert "ViViT (2021)" in known  # ViViT still leads to Sora
    assert run(runner, "reading-list", "vivit", "--depth", "1") == textwrap.dedent("""\
        Reading list for ViViT: 2 papers, each after what it builds on

         1. Transformer (2017) Attention Is All You Need
            https://arxiv.org/abs/1706.03762
         2. ViT (2020) An Image is Worth 16x16 Words: Transformers for Image Recognition at Scale
            https://arxiv.org/abs/2010.11929
        """)


def test_reading_list_markdown_is_numbered_in_reading_order_with_section_tags(runner: CliRunner) -> None:
    out = run(runner, "reading-list", "sora", "--format", "markdown")
    assert out.startswith(
        "## Reading list for Sora\n\nRead 17 papers, in this order, before "
        "*Video generation models as world simulators*.\n\n"
        "1. **U-Net** (2015): [U-Net: Convolutional Networks for Biomedical Image "
        "Segmentation](https://arxiv.org/abs/1505.04597), Olaf Ronneberger et al. *Background Papers*  \n"
        "   An encoder-decoder convolutional network"
    )
    numbers = [int(n) for n in re.findall(r"^(\d+)\. ", out, flags=re.M)]
    assert numbers == list(range(1, 18))


def test_reading_list_markdown_by_section_keeps_reading_order_numbers(runner: CliRunner) -> None:
    out = run(runner, "reading-list", "sora", "--format", "markdown", "--by-section")
    assert "\n### Background Papers\n\n- **1.** **U-Net** (2015): [U-Net" in out
    sections = re.findall(r"^### (.+)$", out, flags=re.M)
    assert sections == ["Background Papers", "Video Generation Papers", "Sora", "Vision-Language Understanding"]


def test_one_paper_and_one_step_are_singular(runner: CliRunner) -> None:
    assert run(runner, "reading-list", "vit").startswith("Reading list for ViT: 1 paper, each")
    assert run(runner, "path", "vit", "vivit").startswith("Reading path from ViT to ViViT (2 steps)")
    assert "(1 step)" in run(runner, "path", "vit", "vit")


def test_reading_list_json_is_positioned_records(runner: CliRunner) -> None:
    doc = json.loads(run(runner, "reading-list", "vivit", "--format", "json"))
    assert doc["target"]["key"] == "vivit"
    assert [(p["position"], p["key"], p["year"]) for p in doc["papers"]] == [(1, "transformer", 2017), (2, "vit", 2020)]
    assert doc["papers"][1]["link"] == "https://arxiv.org/abs/2010.11929"


def test_show_lists_both_directions(runner: CliRunner) -> None:
    out = run(runner, "show", "ViViT")
    assert out.startswith("ViViT (2021) ViViT: A Video Vision Transformer\n\n  authors:          Anurag Arnab,")
    assert (
        "Read before it:\n  Image patches as tokens (uses)\n  Transformer (cites)\n    evidence: reference [67] " in out
    )
    assert '\n  Sora (builds_on, cites)\n    evidence: reference [16] Arnab, Anurag, et al. "Vivit: A' in out
    assert out.endswith("arXiv:2103.15691, 2021.\n  Spacetime patches (introduces)\n")
    doc = json.loads(run(runner, "show", "2103.15691", "--format", "json"))
    assert doc["arxiv"] == "2103.15691"
    assert [b["key"] for b in doc["before"]] == ["patches", "transformer", "vit"]
    assert doc["before"][0]["evidence"] is None  # a concept link
    assert doc["before"][2]["evidence"]["reference"]["number"] == 17
    markdown = run(runner, "show", "vivit", "--format", "markdown")
    assert "\n- ViT (builds_on, cites)  \n  *Evidence:* reference \\[17\\] Alexey Dosovitskiy, " in markdown


def test_search_list_and_stats(runner: CliRunner) -> None:
    assert run(runner, "search", "Peebles") == (
        "dit                  DiT (2022) Scalable Diffusion Models with Transformers\n"
        "sora                 Sora (2024) Video generation models as world simulators\n"
    )
    assert run(runner, "search", "zzzz", code=1) == "Error: nothing matches 'zzzz'\n"
    listed = run(runner, "list").splitlines()
    assert len(listed) == 18
    assert listed[0].startswith("unet ")
    assert len(run(runner, "list", "--concepts").splitlines()) == 12
    assert json.loads(run(runner, "stats", "--format", "json")) == {
        "paperhop_json": 1,
        "name": "road-to-sora",
        "papers": 18,
        "concepts": 12,
        "sections": 4,
        "years": [2015, 2024],
        "edges": {"builds_on": 19, "cites": 67, "introduces": 11, "uses": 27},
    }


def test_an_empty_graph_folder_is_an_empty_graph(runner: CliRunner, tmp_path: Path) -> None:
    graph = tmp_path / "g"
    assert run(runner, "init", str(graph)) == f"made an empty graph in {graph}\n"
    assert run(runner, "stats", "--graph", str(graph)) == (
        "name:      g\npapers:    0\nconcepts:  0\nedges:     none\nyears:     none\nsections:  0\n"
    )
    assert run(runner, "path", "a", "b", "--graph", str(graph), code=1) == "Error: no paper or concept matches 'a'\n"


def test_graph_option_and_environment_variable(
    runner: CliRunner, tiny_graph_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert "papers:    3" in run(runner, "stats", "--graph", str(tiny_graph_dir))
    monkeypatch.setenv("PAPERHOP_GRAPH", str(tiny_graph_dir))
    assert run(runner, "path", "first", "gamma").startswith("Reading path from Alpha to gamma (2 steps)")
    assert "why: gamma uses the idea, which Alpha introduced." in run(runner, "path", "alpha", "gamma")


def test_a_broken_graph_names_file_line_and_field(runner: CliRunner, tiny_graph_dir: Path) -> None:
    papers = tiny_graph_dir / "papers.jsonl"
    papers.write_text(papers.read_text().replace('"arxiv": "1501.00001"', '"arxiv": "arXiv:1501.00001"'))
    assert run(runner, "path", "alpha", "beta", "--graph", str(tiny_graph_dir), code=1) == (
        "Error: papers.jsonl:1 (alpha): arxiv: 'arXiv:1501.00001' is not an arXiv id without version "
        "(like '2010.11929')\n"  # and not again for each of alpha's edges
    )
    assert (
        run(runner, "stats", "--graph", str(tiny_graph_dir / "missing"), code=1)
        == f"Error: {tiny_graph_dir / 'missing'}: no such graph folder\n"
    )


def test_validate_reports_every_problem(runner: CliRunner, tiny_graph_dir: Path) -> None:
    assert run(runner, "validate") == "0 errors, 0 warnings\n"
    with (tiny_graph_dir / "edges.jsonl").open("a") as handle:
        handle.write('{"source": "gamma", "target": "beta", "kind": "cites"}\n')
        handle.write('{"source": "beta", "target": "ghost", "kind": "cites"}\n')
    result = CliRunner().invoke(cli, ["validate", str(tiny_graph_dir)])
    assert result.exit_code == 1
    assert result.output == textwrap.dedent("""\
        error: edges.jsonl:7 (beta -> ghost): no paper or concept 'ghost'
        warning: cites cycle: among beta, gamma
        warning: edge gamma -> beta (cites): beta (2018) cites the later gamma (2020)
        1 errors, 2 warnings
        """)
    with (tiny_graph_dir / "papers.jsonl").open("a") as handle:
        handle.write('{"key": "delta", "title": "D", "year": 2020, "colour": "red"}\n')
    assert (
        "papers.jsonl:4 (delta): colour: unknown field (paper fields: key, name, title, authors, year, venue, arxiv, "
        "doi, s2_id, corpus_id, url, pdf_url, citation_count, summary, aliases, section, references_read, reason)"
        in CliRunner().invoke(cli, ["validate", str(tiny_graph_dir)]).output
    )


def test_validate_rejects_evidence_of_the_wrong_shape(runner: CliRunner, tiny_graph_dir: Path) -> None:
    edges = tiny_graph_dir / "edges.jsonl"
    lines = [
        '{"source": "beta", "target": "gamma", "kind": "cites", "s2": {"influential": true, "contexts": [3]}}',
        '{"source": "beta", "target": "gamma", "kind": "cites", "s2": {"influential": false, "intents": ["fun"]}}',
        '{"source": "beta", "target": "gamma", "kind": "cites", "reference": {"number": 0, "text": "B. 2018."}}',
        '{"source": "beta", "target": "gamma", "kind": "cites", "reference": {"number": "4", "text": "B. 2018."}}',
        '{"source": "beta", "target": "gamma", "kind": "cites", "reference": {"number": 4}}',
        '{"source": "alpha", "target": "beta", "kind": "builds_on", "note": "N.", "reference": {"text": "A."}}',
        '{"source": "beta", "target": "gamma", "kind": "cites", "s2": {"influential": true, "source": "x"}}',
    ]
    edges.write_text("".join(line + "\n" for line in lines))
    result = runner.invoke(cli, ["validate", str(tiny_graph_dir)])
    assert result.exit_code == 1
    assert result.output == textwrap.dedent("""\
        error: edges.jsonl:1 (beta -> gamma): s2.contexts.0: Input should be a valid string
        error: edges.jsonl:2 (beta -> gamma): s2.intents.0: Input should be 'background', 'methodology' or 'result'
        error: edges.jsonl:3 (beta -> gamma): reference.number: Input should be greater than or equal to 1
        error: edges.jsonl:4 (beta -> gamma): reference.number: Input should be a valid integer
        error: edges.jsonl:5 (beta -> gamma): reference.text: Field required
        error: edges.jsonl:6 (alpha -> beta): record: reference and s2 are a citation's evidence: only a cites edge {}
        error: edges.jsonl:7 (beta -> gamma): s2.source: unknown field (s2 fields: influential, intents, contexts)
        7 errors, 0 warnings
        """).format("has them, not builds_on")


def test_schema_is_json_schema_of_the_three_records(runner: CliRunner) -> None:
    doc = json.loads(run(runner, "schema"))
    assert set(doc["$defs"]) == {"paper", "concept", "edge"}
    paper = doc["$defs"]["paper"]
    assert paper["additionalProperties"] is False
    assert set(paper["required"]) == {"key", "title", "year"}
    assert doc["$defs"]["edge"]["properties"]["kind"]["enum"] == ["cites", "builds_on", "introduces", "uses"]
    evidence = doc["$defs"]["edge"]["$defs"]
    assert evidence["Reference"]["properties"]["number"]["anyOf"][0] == {
        "minimum": 1,
        "maximum": 2**53 - 1,
        "type": "integer",
    }
    assert evidence["S2Evidence"]["properties"]["intents"]["items"]["enum"] == ["background", "methodology", "result"]
    assert evidence["S2Evidence"]["properties"]["contexts"]["maxItems"] == 3
    assert evidence["S2Evidence"]["additionalProperties"] is False
    assert paper["properties"]["references_read"]["anyOf"][0] == {"const": True, "type": "boolean"}


def test_every_command_has_help_with_an_example_and_is_in_the_readme(runner: CliRunner) -> None:
    readme = README.read_text(encoding="utf-8")
    commands = [([name], command) for name, command in cli.commands.items()]
    for words, command in commands:
        if isinstance(command, click.Group):
            commands += [([*words, name], sub) for name, sub in command.commands.items()]
    assert len(commands) > len(cli.commands)
    for words, command in commands:
        name = " ".join(words)
        assert "Example:" in (command.help or ""), name
        assert run(runner, *words, "--help").startswith(f"Usage: cli {name}")
        assert f"paperhop {name}" in readme, f"README does not show paperhop {name}"


def test_python_dash_m_runs_the_cli() -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "paperhop", "path", "vit", "sora"], capture_output=True, text=True, check=True
    )
    assert result.stdout.startswith("Reading path from ViT to Sora")


def test_the_command_skips_teardown_but_not_its_output_or_its_exit_status(runner: CliRunner, tmp_path: Path) -> None:
    """``main`` ends with ``os._exit``: every byte is still written, and the status is click's."""
    import subprocess
    import sys

    def command(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "paperhop", *args], capture_output=True, text=True)

    long = command("reading-list", "sora", "--format", "json")
    assert (long.returncode, long.stdout) == (
        0,
        runner.invoke(cli, ["reading-list", "sora", "--format", "json"]).stdout,
    )
    assert len(long.stdout) > 8192  # more than one buffer: the last one is flushed before the exit
    unknown = command("show", "no-such-paper")
    assert (unknown.returncode, unknown.stderr) == (1, "Error: no paper or concept matches 'no-such-paper'\n")
    assert command("path", "--no-such-option").returncode == 2
    chain = tmp_path / "chain"  # a reading list far longer than a pipe holds (64 KB)
    chain.mkdir()
    papers = [{"key": f"p{i}", "title": f"Paper {i}", "year": 2000} for i in range(5000)]
    (chain / "papers.jsonl").write_text("".join(json.dumps(p) + "\n" for p in papers))
    (chain / "concepts.jsonl").write_text("")
    edges = [{"source": f"p{i}", "target": f"p{i + 1}", "kind": "cites"} for i in range(4999)]
    (chain / "edges.jsonl").write_text("".join(json.dumps(e) + "\n" for e in edges))
    gone = subprocess.run(  # the reader reads one line and leaves: no traceback, no complaint
        f"{sys.executable} -m paperhop reading-list p4999 --graph {chain} | head -n 1",
        shell=True,
        capture_output=True,
        text=True,
    )
    assert gone.stdout.startswith("Reading list for p4999: 4999 papers")
    assert gone.stderr == ""


def test_the_readme_terminal_sessions_are_real(runner: CliRunner) -> None:
    readme = README.read_text(encoding="utf-8")
    sessions = re.findall(r"```console\n(.*?)```", readme, flags=re.S)
    assert sessions
    for session in sessions:
        for command, expected in re.findall(r"^\$ paperhop (.+)\n((?:(?!\$ ).*\n)*)", session, flags=re.M):
            result = runner.invoke(cli, shlex.split(command))
            assert result.output == expected, command  # stdout and stderr, as a terminal shows them


def test_path_influential_only_follows_the_citations_s2_marks(runner: CliRunner, tmp_path: Path) -> None:
    from paperhop.export.view import build_view
    from paperhop.graph import build_graph
    from paperhop.models import Edge, S2Evidence

    assert run(runner, "path", "vit", "sora", "--via", "cites", "--influential-only", code=1) == (
        "Error: no citation of this graph has Semantic Scholar's evidence, so none is marked influential "
        "(paperhop link fetches it)\n"
    )
    data = tiny_data()
    data.edges = [e for e in data.edges if e.kind != "cites"] + [
        Edge(source="alpha", target="beta", kind="cites", s2=S2Evidence(influential=True, intents=["result"])),
        Edge(source="beta", target="gamma", kind="cites", s2=S2Evidence(influential=False)),
        Edge(source="alpha", target="gamma", kind="cites"),
    ]
    save_graph(data, tmp_path)
    where = ["--graph", str(tmp_path)]
    assert "(2 steps)" in run(runner, "path", "alpha", "gamma", "--via", "cites", *where)
    assert run(runner, "path", "alpha", "gamma", "--via", "cites", "--influential-only", *where, code=1).startswith(
        "Error: no reading path from alpha to gamma"
    )
    assert "(2 steps)" in run(runner, "path", "alpha", "beta", "--via", "cites", "--influential-only", *where)
    assert run(runner, "path", "alpha", "beta", "--influential-only", *where, code=1) == (
        "Error: --influential-only follows citations: use it with --via cites\n"
    )
    view = build_view(build_graph(data))
    said = {(e.source, e.target): e.evidence for e in view.edges}
    assert said[("alpha", "beta")] == "Semantic Scholar: influential; intents: result"
    assert said[("alpha", "gamma")] is None
