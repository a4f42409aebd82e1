"""The floors of the house, checked: imports fall downward only, and only the CLI talks to the terminal.

    __init__, __main__       the package's door
    cli                      click glue: parse, call one library function, render
    export, render           output formats, pure functions of views and results
    reader                   the reading commands' answers, in memory or indexed
    queries                  questions asked of a graph, or of its index
    index                    the SQLite index, built from the checked graph
    load                     the one way in: files -> checked graph, and the one way to change them
    graph, store, sources,   records -> networkx; files <-> records; outside sources (Semantic Scholar, reading lists);
    curate                   changes a reader makes to records (links, concepts, papers dropped)
    engine                   the graph algorithms paperhop owns, over plain data
    errors, ids, models,     the vocabulary everything shares (records: its plain side, without pydantic)
    records, results

A module may import from its own part and from the floors below. Parts of one floor import each other only
where FORBIDDEN allows: graph, store and sources not at all, and render not export. And:

- graph and store build no results, and the index's format is its own (it imports no results);
- exporters take a graph or a view and give text or bytes: the CLI writes the file (no export imports store);
- only the way in loads: load, the index and reader that answer from it, the CLI and the package's door;
- no module imports another's private name;
- no function is over 60 lines, unless a reason is written beside it (LONG).
"""

from __future__ import annotations

import ast
import inspect
import re
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
    "curate": 2,
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
FORBIDDEN = {*permutations(("graph", "store", "sources", "curate"), 2), ("render", "export")}


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


# What each part may not import, whatever its floor: the rules of the module docstring.
RULES = {
    ("graph", "results"): "graph builds no results: queries do",
    ("store", "results"): "store reads and writes files: queries build results",
    ("index", "results"): "the index's format is its own: an output's change must not change it",
    ("export", "store"): "an exporter gives text or bytes: the CLI writes the file",
}
LOADERS = {"load", "index", "reader", "cli", "__init__"}  # the way in: everything else is given a graph


@pytest.mark.parametrize(("module", "path"), list(modules()), ids=[m or "paperhop" for m, _ in modules()])
def test_the_rules_of_the_house_hold(module: str, path: Path) -> None:
    here = part_of(module)
    broken = []
    for target, line in imports(module, path):
        there = part_of(target)
        if (here, there) in RULES:
            broken.append(f"{path.relative_to(PACKAGE)}:{line} imports {target}: {RULES[here, there]}")
        if there == "load" and here not in LOADERS:
            broken.append(f"{path.relative_to(PACKAGE)}:{line} imports load: only the way in loads a graph")
    assert broken == []


@pytest.mark.parametrize(("module", "path"), list(modules()), ids=[m or "paperhop" for m, _ in modules()])
def test_no_module_imports_a_private_name_of_another(module: str, path: Path) -> None:
    private = [
        f"{path.relative_to(PACKAGE)}:{node.lineno} imports {alias.name}"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").startswith("paperhop"))
        for alias in node.names
        if alias.name.startswith("_")
    ]
    assert private == []


# Functions over 60 lines, each with the reason it is one function.
LONG = {
    "engine.order": "Kahn's algorithm as one loop over flat arrays: its state is locals, the speed of a whole list",
    "engine._heads": "one pass that lays the nodes on a line, finds the blocks and runs Tarjan in each, over arrays",
}
MAX_LINES = 60


def functions() -> Iterator[tuple[str, int]]:
    """Every function of the package, by dotted name (module.function, module.Class.method), with its length in
    lines, its docstring left out."""
    for module, path in modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        todo: list[tuple[str, ast.AST]] = [(module, tree)]
        while todo:
            prefix, parent = todo.pop()
            for node in ast.iter_child_nodes(parent):
                if isinstance(node, ast.ClassDef):
                    todo.append((f"{prefix}.{node.name}", node))
                elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    body = node.body
                    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                        body = body[1:]
                    start = body[0].lineno if body else node.lineno
                    yield f"{prefix}.{node.name}".lstrip("."), (node.end_lineno or start) - start + 1
                    todo.append((f"{prefix}.{node.name}", node))


def test_no_function_is_long_without_a_reason() -> None:
    long = {name: lines for name, lines in functions() if lines > MAX_LINES}
    assert {name: lines for name, lines in long.items() if name not in LONG} == {}
    assert set(LONG) <= set(long)  # a reason for a function that is short again goes


def test_the_cli_package_only_builds_the_group() -> None:
    """The shared options live in cli/options.py, the commands in read, write and export: cli/__init__ makes the
    group and adds them, so nothing imports it back."""
    source = (PACKAGE / "cli" / "__init__.py").read_text(encoding="utf-8")
    assert "click.option(" not in source
    assert "@click.command" not in source
    for module in ("options", "read", "write", "export"):
        assert [t for t, _ in imports(f"cli.{module}", PACKAGE / "cli" / f"{module}.py") if t == "cli"] == []


# JavaScript functions over 60 lines, each with the reason it is one function: closures whose helpers share state.
LONG_JS = {
    "(anonymous)": "the page's one closure: its parts (assets/page/*.js, by feature) are joined inside it, so that "
    "a page defines no global and two fragments on one host never meet",
    "makeReading": "the reading guide's one state: the list, its heading and the graph are drawn from it by the "
    "functions it holds (STYLE.md, one state)",
    "bigGraph": "the large graph's own renderer: its helpers draw on the one canvas, with the view it keeps",
}


def js_functions(code: str) -> list[tuple[str, int, int]]:
    """(name, first line, lines) of every function of *code*: its braces matched, skipping strings, regular
    expressions and comments (enough for the page's own code, which uses no template strings)."""
    out: list[tuple[str, int, int]] = []
    stack: list[tuple[str | None, int]] = []
    pending: str | None = None  # a function's name, until its body's brace
    i, line, n = 0, 1, len(code)
    while i < n:
        c = code[i]
        if c == "\n":
            line += 1
        elif code.startswith("//", i):
            i = code.find("\n", i) if "\n" in code[i:] else n
            continue
        elif c == "/" and re.search(r"(^|[(,=:\[!&|?{};]|return)\s*$", code[max(0, i - 12) : i]):
            i = _regex_end(code, i)
            continue
        elif c in "\"'":
            j = i + 1
            while j < n and code[j] != c:
                j += 2 if code[j] == "\\" else 1
            i = j + 1
            continue
        elif (found := re.match(r"function\s*([\w$]*)\s*\(", code[i : i + 80])) and not (
            i and (code[i - 1].isalnum() or code[i - 1] in "_$")
        ):
            pending = found.group(1) or "(anonymous)"
        elif c == "{":
            stack.append((pending, line))
            pending = None
        elif c == "}":
            name, start = stack.pop()
            if name is not None:
                out.append((name, start, line - start + 1))
        i += 1
    assert not stack
    return out


def _regex_end(code: str, i: int) -> int:
    """Where the regular expression literal that starts at *i* ends: past its closing slash (one in a [...] class
    does not close it)."""
    j, in_class = i + 1, False
    while j < len(code) and (code[j] != "/" or in_class):
        if code[j] == "\\":
            j += 1
        elif code[j] in "[]":
            in_class = code[j] == "["
        j += 1
    return j + 1


def test_no_javascript_function_is_long_without_a_reason() -> None:
    from paperhop.export.html import _page_script

    scripts = [_page_script(), (PACKAGE / "export" / "assets" / "embed.js").read_text(encoding="utf-8")]
    long = {name: lines for code in scripts for name, _, lines in js_functions(code) if lines > MAX_LINES}
    assert {name: lines for name, lines in long.items() if name not in LONG_JS} == {}
    assert set(LONG_JS) <= set(long)
