"""Exports: the view-model they share, and each format's output."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from paperhop import load
from paperhop.cli import cli
from paperhop.export import build_view
from paperhop.export.graphml import render_graphml
from paperhop.export.html import render_html
from paperhop.export.json import render_json
from paperhop.export.mermaid import render_mermaid
from paperhop.graph import build_graph, edge_links, record
from paperhop.models import GraphData
from paperhop.queries.paths import reading_list

from .conftest import HOSTILE_SUMMARY, HOSTILE_TITLE, hostile_data


@pytest.fixture(scope="module")
def G() -> nx.DiGraph:
    return load()


def test_the_whole_graph_is_in_the_view(G: nx.DiGraph) -> None:
    view = build_view(G)
    assert sorted(n.id for n in view.nodes) == sorted(G)
    assert {(e.source, e.target) for e in view.edges} == set(G.edges)
    assert view.kinds == ["builds_on", "introduces", "uses", "cites"]


def test_styles_follow_kind_and_section(G: nx.DiGraph) -> None:
    view = build_view(G)
    nodes = {n.id: n for n in view.nodes}
    edges = {(e.source, e.target): e for e in view.edges}
    assert edges["vit", "vivit"].kind == "builds_on"  # the curated link styles an edge that is also a citation
    assert edges["vit", "sora"].kind == "cites"
    assert edges["vit", "patches"].kind == "introduces"
    assert nodes["patches"].shape == "diamond"
    assert nodes["vit"].shape == "dot"
    assert nodes["vit"].color == nodes["unet"].color != nodes["vivit"].color
    assert [s for s, _ in view.sections] == sorted(
        {record(G, k).section for k in G if k in nodes and G.nodes[k]["type"] == "paper"}
    )
    # size grows with how many papers build on a paper: ViT (ViViT, DiT, NaViT, CLIP, W.A.L.T, Sora) > Sora (none)
    assert nodes["vit"].size > nodes["sora"].size


def test_layout_runs_in_reading_order(G: nx.DiGraph) -> None:
    x = {n.id: n.x for n in build_view(G).nodes}
    assert all(x[u] < x[v] for u, v in G.edges)


def test_path_marks_exactly_its_nodes_and_edges(G: nx.DiGraph) -> None:
    view = build_view(G, path=("vit", "sora"))
    assert {n.id for n in view.nodes if n.highlighted} == {"vit", "vivit", "sora"}
    assert {(e.source, e.target) for e in view.edges if e.highlighted} == {("vit", "vivit"), ("vivit", "sora")}
    assert all(n.faded != n.highlighted for n in view.nodes)
    assert view.title == "Reading path from ViT to Sora"


def test_reading_list_is_numbered_in_reading_order(G: nx.DiGraph) -> None:
    view = build_view(G, reading_list_of="vivit")
    numbered = sorted((n.position, n.id) for n in view.nodes if n.position is not None)
    assert [key for _, key in numbered] == reading_list(G, "vivit") == ["transformer", "vit"]
    assert {n.id for n in view.nodes} == {"transformer", "vit", "vivit", "self-attention", "patches"}
    assert next(n for n in view.nodes if n.id == "vit").label == "2. ViT (2020)"


def test_focus_keeps_a_neighbourhood_and_concepts_can_go(G: nx.DiGraph) -> None:
    near = build_view(G, focus="vivit", depth=1)
    assert {n.id for n in near.nodes} == {"vivit", *G.predecessors("vivit"), *G.successors("vivit")}
    wider = build_view(G, focus="vivit", depth=2)
    assert len(wider.nodes) > len(near.nodes)
    papers = build_view(G, concepts=False)
    assert {n.type for n in papers.nodes} == {"paper"}
    assert len(papers.nodes) == 18


def test_tooltips_are_the_records_text(G: nx.DiGraph) -> None:
    view = build_view(build_graph(hostile_data()))
    evil = next(n for n in view.nodes if n.id == "evil")
    assert evil.tooltip.splitlines()[:2] == [HOSTILE_TITLE, "<b>Mallory</b>"]
    assert HOSTILE_SUMMARY.strip() in evil.tooltip


def test_no_record_text_reaches_the_page_as_markup() -> None:
    html = render_html(build_view(build_graph(hostile_data())))
    for raw in (HOSTILE_TITLE, "</script><script>", "<b>Mallory</b>", "<svg onload", "<i>section</i>"):
        assert raw not in html
    data = re.search(r'<script type="application/json" class="ph-data">(.*?)</script>', html, re.S)
    assert data is not None
    document = json.loads(data.group(1))
    nodes, keys = document["nodes"], document["reading"]["graph"]["keys"]  # columns: a node is a place in keys
    tooltips = {keys[k]: tooltip for k, tooltip in zip(nodes["key"], nodes["tooltip"], strict=True)}
    assert tooltips["evil"].splitlines()[0] == HOSTILE_TITLE
    assert html.count("</script>") == 2  # the data, and paperhop's script with vis-network inside


def without_vis(html: str) -> str:
    """The page less the inlined vis-network library: the markup and code paperhop writes."""
    ours, count = re.subn(r"\(function \(\) \{\n/\* vis-network .*?\nreturn vis;\n\}\)\(\)", "", html, flags=re.S)
    assert count == 1
    return ours


def test_the_page_is_self_contained(G: nx.DiGraph) -> None:
    html = render_html(build_view(G))
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", html)
    assert not re.search(r"url\((?!\s*[\"']?data:)", html)  # the style sheet's images are inline too
    assert "@import" not in html
    links, n = re.subn(r'<ol class="paperhop-list">.*?</ol>', "", without_vis(html), flags=re.S)
    assert n == 1  # the reading list links to the papers: links, which load nothing
    assert not re.search(r"\b(src|href)\s*=\s*[\"']?(https?:)?//", links)
    assert "vis.Network" in html
    assert html.startswith("<!DOCTYPE html>")


def test_a_fragment_is_namespaced(G: nx.DiGraph) -> None:
    fragment = without_vis(render_html(build_view(G), embed=True, theme="dark", height="400px", width="80%"))
    assert not re.search(r"<(html|head|body)\b", fragment)
    [root] = re.findall(
        r'^<div class="paperhop" id="(paperhop-[0-9a-f]{10})" style="max-width: 100%; width: 80%">', fragment
    )
    assert set(re.findall(r'\bid="([^"]+)"', fragment)) == {root, f"{root}-names"}
    own_rules = re.findall(r"^(#[\w-]+)", fragment, flags=re.M)
    assert own_rules
    assert set(own_rules) == {f"#{root}"}
    assert f"#{root} .ph-canvas {{ height: 400px; }}" in fragment
    assert render_html(build_view(G), embed=True, element_id="mine").count('id="mine"') == 2  # host and shadow root


def test_bad_sizes_are_refused(G: nx.DiGraph) -> None:
    from paperhop.errors import PaperhopError

    with pytest.raises(PaperhopError, match="CSS length"):
        render_html(build_view(G), height="1px; } body { display: none")


def shuffled(data: GraphData, seed: int) -> GraphData:
    rng = random.Random(seed)
    papers, edges = list(data.papers.items()), list(data.edges)
    rng.shuffle(papers)
    rng.shuffle(edges)
    return GraphData(data.name, dict(papers), data.concepts, edges)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_format_is_identical_for_shuffled_input(seed: int) -> None:
    from paperhop.store.folder import default_graph_path, load_graph

    data = load_graph(default_graph_path())
    G, H = build_graph(data), build_graph(shuffled(data, seed))
    for options in ({}, {"path": ("vit", "sora")}, {"reading_list_of": "sora"}):
        a, b = build_view(G, **options), build_view(H, **options)  # type: ignore[arg-type]
        assert render_html(a) == render_html(b)
        assert render_json(a) == render_json(b)
        assert render_graphml(a) == render_graphml(b)
        assert render_mermaid(a) == render_mermaid(b)


def test_json_loads_back_into_the_same_graph(G: nx.DiGraph) -> None:
    view = build_view(G, path=("vit", "sora"))
    back = nx.node_link_graph(json.loads(render_json(view)), edges="links")
    assert back.is_directed()
    assert set(back.nodes) == set(G.nodes)
    assert set(back.edges) == set(G.edges)
    assert back.nodes["vit"]["arxiv"] == "2010.11929"
    assert back.nodes["vit"]["highlighted"] is True
    assert back["vit"]["vivit"]["links"] == edge_links(G, "vit", "vivit")


def test_graphml_reads_back_with_networkx(G: nx.DiGraph, tmp_path: Path) -> None:
    path = tmp_path / "g.graphml"
    path.write_text(render_graphml(build_view(G)), encoding="utf-8")
    back = nx.read_graphml(path)
    assert set(back.nodes) == set(G.nodes)
    assert set(back.edges) == set(G.edges)
    assert back.nodes["vit"]["title"].startswith("An Image is Worth")
    assert back.nodes["vit"]["year"] == 2020
    assert back["vit"]["vivit"]["kinds"] == "builds_on,cites"


def test_mermaid_has_one_line_per_edge_and_escapes_labels() -> None:
    G = build_graph(hostile_data())
    text = render_mermaid(build_view(G))
    lines = text.splitlines()
    assert lines[0] == "```mermaid"
    assert lines[-1] == "```"
    edge_lines = [line for line in lines if re.fullmatch(r"  \w+ (==>|-\.->|-->) \w+", line)]
    assert len(edge_lines) == G.number_of_edges()
    assert "<" not in text
    assert '  evil["#lt;/script#gt; (2021)"]' in lines


def test_mermaid_draws_the_path_and_fades_the_rest() -> None:
    view = build_view(load(), path=("vit", "sora"))
    lines = render_mermaid(view).splitlines()
    edges = [line for line in lines if re.fullmatch(r"  \w+ (==>|-\.->|-->) \w+", line)]
    path = [str(i) for i, line in enumerate(edges) if line in ("  vit ==> vivit", "  vivit ==> sora")]
    assert len(path) == 2
    assert "  class sora,vit,vivit onpath" in lines
    assert f"  linkStyle {','.join(path)} stroke:#2f4b7c,stroke-width:4px" in lines
    faded = next(line for line in lines if line.startswith("  linkStyle") and "#d4d4d4" in line)
    assert len(faded.split()[1].split(",")) == len(edges) - 2
    plain = render_mermaid(build_view(load(), reading_list_of="vivit"))
    assert "classDef" not in plain
    assert "linkStyle" not in plain


def test_a_label_cannot_close_the_mermaid_fence() -> None:
    data = hostile_data()
    name = 'x\n```\n[click](javascript:alert(1)) ![t](https://evil.example/t.png) `#quot;"'
    data.papers["evil"] = data.papers["evil"].model_copy(update={"name": name})
    lines = render_mermaid(build_view(build_graph(data))).splitlines()
    assert [line for line in lines if line.startswith("```")] == ["```mermaid", "```"]
    assert (
        '  evil["x #96;#96;#96; [click](javascript:alert(1)) ![t](https://evil.example/t.png) #96;#35;quot;#quot; (2021)"]'
        in lines
    )


def test_graphml_of_control_characters_is_well_formed() -> None:
    data = hostile_data()
    summary = "a\x00b\x1b[31mc\x0bd\ufffee\nf\tg"
    data.papers["evil"] = data.papers["evil"].model_copy(update={"summary": summary, "name": "\x1b]0;x\x07"})
    data.name = "graph\x0c"
    G = build_graph(data)
    back = nx.parse_graphml(render_graphml(build_view(G)))
    assert back.nodes["evil"]["summary"] == "a\ufffdb\ufffd[31mc\ufffdd\ufffde\nf\tg"
    assert back.nodes["evil"]["label"] == "\ufffd]0;x\ufffd"
    assert back.graph["name"] == "graph\ufffd"


def test_export_commands_write_files_and_nothing_else(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PAPERHOP_GRAPH", raising=False)
    runner = CliRunner()
    result = runner.invoke(cli, ["export", "html", "--path", "vit", "sora"])
    assert result.exit_code == 0, result.output
    assert result.output == "wrote exports/road-to-sora.html\n"
    assert [p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")] == ["exports", "exports/road-to-sora.html"]
    assert runner.invoke(cli, ["export", "html", "--embed", "x.html"]).exit_code == 0
    assert "<html" not in (tmp_path / "x.html").read_text(encoding="utf-8")
    mermaid = runner.invoke(cli, ["export", "mermaid", "--reading-list", "vivit"]).output
    assert mermaid.startswith("```mermaid\nflowchart LR\n")
    assert "  vit ==> vivit\n" in mermaid
    doc = json.loads(runner.invoke(cli, ["export", "json", "--focus", "vivit", "--no-concepts"]).output)
    assert {n["id"] for n in doc["nodes"]} == {"vivit", "vit", "transformer", "sora", "navit", "sora-review"}
    assert runner.invoke(cli, ["export", "graphml", "g.graphml"]).exit_code == 0
    assert nx.read_graphml(tmp_path / "g.graphml").number_of_nodes() == 30


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["export", "html", "--height", "10px;"], 2),
        (["export", "html", "--id", "1bad id"], 2),
        (["export", "html", "--layout", "spiral"], 2),
        (["export", "json", "--focus", "nobody"], 1),
        (["export", "mermaid", "--path", "sora", "vit"], 1),
    ],
)
def test_export_errors_are_one_line(
    args: list[str], code: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == code
    assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []
