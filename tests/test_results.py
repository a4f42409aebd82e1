"""Typed results: every one renders in every format, and its JSON is versioned."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import paperhop.results
from paperhop import load
from paperhop.graph import node
from paperhop.render import FORMATS, markdown, render, text
from paperhop.results import Result
from paperhop.results.known import KnownList


def result_classes() -> list[type[Result]]:
    for module in pkgutil.iter_modules(paperhop.results.__path__):
        importlib.import_module(f"paperhop.results.{module.name}")
    return sorted(Result.__subclasses__(), key=lambda c: c.__name__)


def test_every_result_has_a_text_and_a_markdown_renderer() -> None:
    names = {c.__name__ for c in result_classes()}
    assert len(names) == len(result_classes()) == 14
    assert set(text._BY_RESULT) == names
    assert set(markdown._BY_RESULT) == names


def test_rendering_something_that_is_no_result_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="no text for Node"):
        text.render(node(load(), "vit"))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="no format 'yaml'"):
        render(KnownList([]), "yaml")


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_result_renders_in_every_format(fmt: str) -> None:
    assert render(KnownList(["a", "b"]), fmt) == ('{\n  "known": [\n    "a",\n    "b"\n  ],\n  "paperhop_json": 1\n}\n' if fmt == "json" else "a\nb\n")
