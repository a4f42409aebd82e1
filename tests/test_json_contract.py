"""The JSON contract: every command's --format json shape, pinned, and docs/json.md's examples, checked.

Each shape below lists the exact keys at every level and the type of every value. A change to
one is a change to the contract: update docs/json.md with it, and raise "paperhop_json" if a
script reading the old shape would break (a field removed, renamed or given another type).
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner

from paperhop.cli import cli
from paperhop.models import GraphData
from paperhop.store.folder import default_graph_path, save_graph

from .conftest import tiny_data

DOC = Path(__file__).parents[1] / "docs" / "json.md"
EXAMPLE = re.compile(r"^`(paperhop [^`\n]+)` prints:\n\n```json\n(.*?)^```$", re.M | re.S)

# -- a small language for shapes ------------------------------------------------------------
# A dict is an object with exactly those keys; [shape] a list of items of that shape; a type a
# scalar of that type; None null; a tuple any one of its shapes; MapOf an object with any keys; Maybe a key that
# may be absent; Node a paper or a concept node (by its "type") with some keys more.


@dataclass(frozen=True)
class MapOf:
    value: Any


@dataclass(frozen=True)
class Maybe:
    value: Any  # a key that may be absent


@dataclass(frozen=True)
class Node:
    extra: Any  # the keys a node carries here beyond its own


def mismatches(value: Any, shape: Any, where: str = "$") -> Iterator[str]:
    if isinstance(shape, Node):
        node = PAPER if isinstance(value, dict) and value.get("type") == "paper" else CONCEPT
        yield from mismatches(value, {**node, **shape.extra}, where)
    elif isinstance(shape, dict):
        if not isinstance(value, dict):
            yield f"{where}: {type(value).__name__}, not an object"
            return
        required = {k for k, v in shape.items() if not isinstance(v, Maybe)}
        if not required <= set(value) <= set(shape):
            yield f"{where}: keys {sorted(value)} != {sorted(shape)}"
        for key in sorted(set(value) & set(shape)):
            inner = shape[key].value if isinstance(shape[key], Maybe) else shape[key]
            yield from mismatches(value[key], inner, f"{where}.{key}")
    elif isinstance(shape, MapOf):
        if not isinstance(value, dict):
            yield f"{where}: {type(value).__name__}, not an object"
            return
        for key, item in value.items():
            yield from mismatches(item, shape.value, f"{where}.{key}")
    elif isinstance(shape, list):
        if not isinstance(value, list):
            yield f"{where}: {type(value).__name__}, not a list"
            return
        for i, item in enumerate(value):
            yield from mismatches(item, shape[0], f"{where}[{i}]")
    elif isinstance(shape, tuple):
        if all(list(mismatches(value, alternative, where)) for alternative in shape):
            yield f"{where}: {value!r} is none of {shape}"
    elif shape is None:
        if value is not None:
            yield f"{where}: {value!r} is not null"
    elif not isinstance(value, shape) or (isinstance(value, bool) and shape not in (bool, object)):
        yield f"{where}: {value!r} is not {shape.__name__}"


TEXT = (str, None)
PAPER = {
    "type": str,
    "key": str,
    "label": str,
    "link": TEXT,
    "name": TEXT,
    "title": str,
    "authors": [str],
    "year": int,
    "venue": TEXT,
    "arxiv": TEXT,
    "doi": TEXT,
    "s2_id": TEXT,
    "corpus_id": (int, None),
    "url": TEXT,
    "pdf_url": TEXT,
    "citation_count": (int, None),
    "summary": TEXT,
    "aliases": [str],
    "section": TEXT,
    "references_read": (bool, None),
    "reason": TEXT,
}
CONCEPT = {"type": str, "key": str, "label": str, "name": str, "description": str, "aliases": [str]}
NODE = Node({})
LINKS = MapOf(TEXT)
EVIDENCE = (
    {
        "reference": ({"number": (int, None), "text": str, "source": (str, None)}, None),
        "s2": ({"influential": bool, "intents": [str], "contexts": [str]}, None),
    },
    None,
)
PATH = {
    "cost": (int, float),
    "nodes": [NODE],
    "edges": [{"source": str, "target": str, "links": LINKS, "evidence": EVIDENCE}],
    "steps": [{"key": str, "why": TEXT}],
}
CHANGES = {"added": MapOf(MapOf(object)), "removed": MapOf(MapOf(object)), "changed": MapOf(MapOf([object]))}
V = {"paperhop_json": int}

SHAPES: dict[str, Any] = {
    "path": {**V, "source": str, "target": str, "via": str, "paths": [PATH], "complete": bool},
    "why": {**V, "source": str, "target": str, "paths": [PATH], "complete": bool},
    "main-path": {
        **V,
        "target": str,
        "search": str,
        "search_paths": int,
        "set_aside": int,
        "path": PATH,
        "weights": [int],
    },
    "reading-list": {**V, "target": NODE, "papers": [Node({"position": int})]},
    "plan": {
        **V,
        "targets": [str],
        "papers": [Node({"position": int, "needed_by": [str], "target": bool})],
        "left_out": [str],
    },
    "next": {**V, "target": NODE, "papers": [NODE]},
    "concept show": Node({**V, "introduced_by": [str], "used_by": [str], "read_first": [str]}),
    "show": Node(
        {
            **V,
            "before": [{"key": str, "links": LINKS, "evidence": EVIDENCE}],
            "after": [{"key": str, "links": LINKS, "evidence": EVIDENCE}],
        }
    ),
    "search": {**V, "nodes": [NODE]},
    "list": {**V, "nodes": [NODE]},
    "stats": {
        **V,
        "name": str,
        "papers": int,
        "concepts": int,
        "edges": MapOf(int),
        "years": ([int], None),
        "sections": int,
    },
    "validate": {**V, "problems": [{"severity": str, "location": str, "message": str}]},
    "doctor": {**V, "findings": [{"check": str, "key": str, "message": str}]},
    "diff": {
        **V,
        "papers": CHANGES,
        "concepts": CHANGES,
        "edges": CHANGES,
        "reading_list": ({"old": [str], "new": [str]}, None),
    },
    "known list": {**V, "known": [str]},
    "export json": {
        **V,
        "directed": bool,
        "multigraph": bool,
        "graph": {"name": str, "title": str},
        "nodes": [Node({"id": str, "highlighted": bool, "position": Maybe(int)})],
        "links": [{"source": str, "target": str, "links": LINKS, "highlighted": bool}],
    },
}


def test_the_shape_language_catches_what_it_should() -> None:
    node = {**dict.fromkeys(PAPER), "type": "paper", "key": "k", "label": "K", "title": "T", "year": 1}
    node |= {"authors": [], "aliases": []}
    assert list(mismatches(node, NODE)) == []
    assert list(mismatches({**node, "year": "1"}, NODE)) == ["$.year: '1' is not int"]
    assert next(iter(mismatches({**node, "extra": 1}, NODE))).startswith("$: keys")
    assert list(mismatches({"paperhop_json": True}, V)) == ["$.paperhop_json: True is not int"]
    assert list(mismatches({"a": [1, "x"]}, MapOf([int]))) == ["$.a[1]: 'x' is not int"]
    assert list(mismatches({"a": 1}, {"a": int, "b": Maybe(int)})) == []
    assert list(mismatches({"b": 1}, {"a": int, "b": Maybe(int)})) == ["$: keys ['b'] != ['a', 'b']"]


# -- the commands, run ----------------------------------------------------------------------------

# Every command that takes --format json, as run on the shipped graph (or the folders made below).
RUNS = {
    "path": [["path", "vit", "sora", "-k", "3"], ["path", "transformer", "sora", "--via", "concepts"]],
    "why": [["why", "unet", "--for", "sora"]],
    "main-path": [["main-path", "sora"], ["main-path", "vivit", "--search", "local"]],
    "reading-list": [["reading-list", "sora"], ["reading-list", "spacetime patches"]],
    "plan": [["plan", "sora", "dit", "--max", "4"]],
    "next": [["next", "sora", "--known", "unet,transformer,vqvae"]],
    "concept show": [["concept", "spacetime patches"], ["concept", "show", "spacetime patches"]],
    "show": [["show", "vivit"], ["show", "patches"], ["show", "dalle3"]],
    "search": [["search", "patch"]],
    "list": [["list"], ["list", "--concepts"]],
    "stats": [["stats"], ["stats", "--graph", "empty"]],  # years: null
    "validate": [["validate"], ["validate", "broken"]],
    "doctor": [["doctor"], ["doctor", "--graph", "tiny"]],
    "diff": [["diff", "old", "new"], ["diff", "old", "new", "--target", "sora"]],
    "known list": [["known", "list"], ["known", "list", "--known-file", "known.txt"]],
}


def make_examples(folder: Path) -> None:
    """The folders and files docs/json.md's examples use, in *folder* (the working directory):
    broken/ (an edge to a missing paper, a citation cycle), old/ and new/ (the shipped graph, and
    it without ViT's venue and the ViViT -> Sora edges), and known.txt (vit and clip); and
    for the other runs tiny/ and empty/ (a graph of nothing)."""
    broken = folder / "broken"
    save_graph(tiny_data(), broken)
    with (broken / "edges.jsonl").open("a") as handle:
        handle.write('{"source": "gamma", "target": "beta", "kind": "cites"}\n')
        handle.write('{"source": "beta", "target": "ghost", "kind": "cites"}\n')
    save_graph(tiny_data(), folder / "tiny")
    save_graph(GraphData("empty"), folder / "empty")
    old, new = folder / "old", folder / "new"
    shutil.copytree(default_graph_path(), old)
    shutil.copytree(default_graph_path(), new)
    papers = new / "papers.jsonl"
    papers.write_text(papers.read_text().replace('"venue": "ICLR 2021", ', ""))
    edges = new / "edges.jsonl"
    lines = edges.read_text().splitlines(keepends=True)
    edges.write_text("".join(line for line in lines if '"source": "vivit", "target": "sora"' not in line))
    assert CliRunner().invoke(cli, ["known", "add", "vit", "clip", "--known-file", "known.txt"]).exit_code == 0


@pytest.fixture
def examples(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.chdir(tmp_path)
    make_examples(tmp_path)
    return runner


def run(runner: CliRunner, args: list[str]) -> str:
    result = runner.invoke(cli, args)
    assert result.exit_code in (0, 1), result.output + result.stderr
    assert not result.stderr, result.stderr
    return result.output


def command_name(args: list[str]) -> str:
    if args[0] == "concept":  # `concept NAME` is `concept show NAME`
        return "concept show"
    return " ".join(args[:2]) if args[0] in ("known", "export") else args[0]


def commands_with_json(group: click.Group, prefix: str = "") -> Iterator[str]:
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            yield from commands_with_json(command, f"{prefix}{name} ")
        elif any(getattr(p, "name", None) == "fmt" for p in command.params):
            yield f"{prefix}{name}"


def test_every_command_with_json_output_has_a_pinned_shape_and_a_run() -> None:
    assert set(commands_with_json(cli)) == set(RUNS)
    assert set(SHAPES) == {*RUNS, "export json"}


@pytest.mark.parametrize("args", [a for runs in RUNS.values() for a in runs], ids=" ".join)
def test_each_command_prints_its_pinned_shape(examples: CliRunner, args: list[str]) -> None:
    text = run(examples, [*args, "--format", "json"])
    document = json.loads(text)
    assert document["paperhop_json"] == 1
    assert list(mismatches(document, SHAPES[command_name(args)])) == []
    assert text == json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"  # sorted, stable
    assert run(examples, [*args, "--format", "json"]) == text


@pytest.mark.parametrize(
    "args", [["export", "json"], ["export", "json", "--reading-list", "sora", "--path", "vit", "sora"]], ids=" ".join
)
def test_export_json_has_its_pinned_shape(examples: CliRunner, args: list[str]) -> None:
    document = json.loads(run(examples, args))
    assert list(mismatches(document, SHAPES["export json"])) == []


def test_nodes_look_the_same_in_every_document(examples: CliRunner) -> None:
    listed = json.loads(run(examples, ["list", "--format", "json"]))["nodes"]
    vit = next(n for n in listed if n["key"] == "vit")
    path = json.loads(run(examples, ["path", "vit", "sora", "--format", "json"]))
    exported = json.loads(run(examples, ["export", "json"]))
    assert path["paths"][0]["nodes"][0] == vit
    shown = json.loads(run(examples, ["show", "vit", "--format", "json"]))
    assert {k: shown[k] for k in vit} == vit
    node = next(n for n in exported["nodes"] if n["id"] == "vit")
    assert {k: node[k] for k in vit} == vit


# -- docs/json.md -----------------------------------------------------------------------------------


def doc_examples() -> list[tuple[str, str]]:
    return EXAMPLE.findall(DOC.read_text(encoding="utf-8"))


def test_the_doc_shows_every_command() -> None:
    shown = {command_name(shlex.split(command)[1:]) for command, _ in doc_examples()}
    assert shown == set(SHAPES)
    for name in SHAPES:
        assert f"\n## {name}" in DOC.read_text(encoding="utf-8") or name in ("search", "list"), name


@pytest.mark.parametrize(("command", "printed"), doc_examples(), ids=[c for c, _ in doc_examples()])
def test_each_doc_example_is_what_the_command_prints(examples: CliRunner, command: str, printed: str) -> None:
    args = shlex.split(command)[1:]
    assert run(examples, args) == printed
    assert list(mismatches(json.loads(printed), SHAPES[command_name(args)])) == []
