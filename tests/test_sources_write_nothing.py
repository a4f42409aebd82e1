"""Sources return records and write nothing: no module under sources/ imports store/, load or anything above
them; ids.py, the one id grammar, imports nothing of paperhop but errors. Read from the code itself (ast), every
import counted, those inside functions too."""

from __future__ import annotations

import ast
from pathlib import Path

import paperhop

SRC = Path(paperhop.__file__).parent


def imported(path: Path) -> set[str]:
    """The paperhop modules *path* imports, named from the package down ("store.folder", "errors")."""
    package = path.relative_to(SRC).parent.parts
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = list(package[: len(package) - node.level + 1])
            names = [node.module] if node.module else [alias.name for alias in node.names]
            found |= {".".join([*base, name]) for name in names}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("paperhop."):
            found.add(node.module.removeprefix("paperhop."))  # type: ignore[union-attr]
        elif isinstance(node, ast.Import):
            found |= {a.name.removeprefix("paperhop.") for a in node.names if a.name.startswith("paperhop.")}
    return found


def test_sources_import_neither_store_nor_load() -> None:
    for path in sorted((SRC / "sources").glob("*.py")):
        above = {name for name in imported(path) if name.split(".")[0] in ("store", "load", "export", "render", "cli")}
        assert not above, f"sources/{path.name} imports {sorted(above)}"


def test_the_id_grammar_imports_nothing_of_paperhop_but_errors() -> None:
    assert imported(SRC / "ids.py") <= {"errors"}
    assert "ids" in imported(SRC / "models.py")  # and models read it: no grammar of their own
