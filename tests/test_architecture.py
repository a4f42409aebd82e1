"""The floors of the house, checked: imports fall downward only, and only the CLI talks to the terminal.

    __init__, __main__       the package's door
    cli                      click glue: parse, call one library function, render
    export, render           output formats, pure functions of views and results
    reader                   the reading commands' answers, in memory or indexed
    queries                  questions asked of a graph, or of its index
    index                    the SQLite index, built from the checked graph
    load                     the one way in: files -> checked graph, and the one way to change them
    graph, store, sources    records -> networkx; files <-> records; outside sources (Semantic Scholar, reading lists)
    engine                   the graph algorithms paperhop owns, over plain data
    errors, ids, models,     the vocabulary everything shares (records: its plain side, without pydantic)
    records, results

A module may import from its own part and from the floors below. Parts of one floor import each other only
where FORBIDDEN allows: graph, store and sources not at all, and render not export.
"""

from __future__ import annotations

import ast
import inspect
from collections.abc import Iterator
from itertools import permutations
from pathlib import Path

import click
import pytest

import paperhop
from paperhop.cli import cli

PACKAGE = Path(paperhop.__file__).parent
FLOORS = {
    "errors": 0,
    "ids": 0,
    "models": 0,
    "records": 0,
    "results": 0,
    "engine": 1,
    "graph": 2,
    "store": 2,
    "sources": 2,
    "load": 3,
    "index": 4,
    "queries": 5,
    "reader": 6,
    "export": 7,
    "render": 7,
    "cli": 8,
    "__main__": 9,
    "__init__": 9,  # the package's own door: re-exports the library
}
FORBIDDEN = {*permutations(("graph", "store", "sources"), 2), ("render", "export")}


def part_of(module: str) -> str:
    """The top-level part of paperhop that *module* (dotted, without 'paperhop.') belongs to."""
    return module.split(".")[0] or "__init__"


def modules() -> Iterator[tuple[str, Path]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).with_suffix("")
        parts = [p for p in rel.parts if p != "__init__"]
        yield ".".join(parts), path


def imports(module: str, path: Path) -> Iterator[tuple[str, int]]:
    """Every paperhop module that *module* imports, at any depth of the code (lazy imports too)."""
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
                if node.module is None:  # "from . import x": x may be a module
                    for alias in node.names:
                        yield f"{target}.{alias.name}".lstrip("."), node.lineno
                    continue
                yield target, node.lineno
            elif node.module and node.module.startswith("paperhop"):
                yield node.module.removeprefix("paperhop").lstrip("."), node.lineno
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("paperhop."):
                    yield alias.name.removeprefix("paperhop."), node.lineno


def test_every_part_has_a_floor() -> None:
    assert {part_of(m) for m, _ in modules()} <= set(FLOORS)


@pytest.mark.parametrize(("module", "path"), list(modules()), ids=[m or "paperhop" for m, _ in modules()])
def test_imports_fall_downward_only(module: str, path: Path) -> None:
    here = part_of(module)
    wrong = []
    for target, line in imports(module, path):
        there = part_of(target)
        if there == here:
            continue
        if FLOORS[there] > FLOORS[here] or (here, there) in FORBIDDEN:
            wrong.append(f"{path.relative_to(PACKAGE)}:{line} imports {target} ({here} -> {there})")
    assert wrong == []


TERMINAL = {"print", "input", "exit", "quit", "breakpoint"}
TERMINAL_ATTRS = {("sys", "exit"), ("click", "echo"), ("click", "secho"), ("click", "prompt"), ("click", "confirm")}


@pytest.mark.parametrize(
    ("module", "path"),
    [(m, p) for m, p in modules() if part_of(m) not in ("cli", "__main__")],
    ids=[m or "paperhop" for m, _ in modules() if part_of(m) not in ("cli", "__main__")],
)
def test_nothing_below_the_cli_prints_exits_or_prompts(module: str, path: Path) -> None:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id in TERMINAL:
                found.append(f"{func.id}() at line {node.lineno}")
            if (
                isinstance(func, ast.Attribute)
                and isinstance(func.value, ast.Name)
                and (func.value.id, func.attr) in TERMINAL_ATTRS
            ):
                found.append(f"{func.value.id}.{func.attr}() at line {node.lineno}")
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            if "click" in names:
                found.append(f"imports click at line {node.lineno}")
    assert found == []


def commands(group: click.Group, prefix: str = "") -> Iterator[tuple[str, click.Command]]:
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            yield from commands(command, f"{prefix}{name} ")
        else:
            yield f"{prefix}{name}", command


def body_lines(function: object) -> int:
    """Lines of a function's body: its docstring, blank lines and comments left out."""
    while hasattr(function, "__wrapped__"):
        function = function.__wrapped__
    tree = ast.parse(inspect.cleandoc("\n" + inspect.getsource(function)))  # type: ignore[arg-type]
    [definition] = tree.body
    assert isinstance(definition, ast.FunctionDef)
    body = definition.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]
    lines = set()
    for statement in body:
        lines.update(range(statement.lineno, (statement.end_lineno or statement.lineno) + 1))
    return len(lines)


@pytest.mark.parametrize(("name", "command"), list(commands(cli)), ids=[n for n, _ in commands(cli)])
def test_every_command_is_glue(name: str, command: click.Command) -> None:
    """A command parses, calls one library function and renders: 15 lines at most."""
    assert command.callback is not None
    assert body_lines(command.callback) <= 15
