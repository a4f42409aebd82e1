"""Typed results: every one renders in every format, and its JSON is versioned."""

from __future__ import annotations

import importlib
import json
import pkgutil
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import paperhop.results
from paperhop import load
from paperhop.queries.records import node
from paperhop.reader import Reader
from paperhop.render import FORMATS, markdown, render, text
from paperhop.render import json as paperhop_json
from paperhop.results import Result
from paperhop.results.known import KnownList
from paperhop.results.lists import ReadingItem, ReadingList
from paperhop.results.nodes import PaperList


def result_classes() -> list[type[Result]]:
    for module in pkgutil.iter_modules(paperhop.results.__path__):
        importlib.import_module(f"paperhop.results.{module.name}")
    return sorted(Result.__subclasses__(), key=lambda c: c.__name__)


def test_every_result_has_a_text_and_a_markdown_renderer() -> None:
    names = {c.__name__ for c in result_classes()}
    assert len(names) == len(result_classes()) == 15
    assert set(text._BY_RESULT) == names
    assert set(markdown._BY_RESULT) == names


def test_rendering_something_that_is_no_result_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="no text for Node"):
        text.render(node(load(), "vit"))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="no format 'yaml'"):
        render(KnownList([]), "yaml")


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_result_renders_in_every_format(fmt: str) -> None:
    assert render(KnownList(["a", "b"]), fmt) == (
        '{\n  "known": [\n    "a",\n    "b"\n  ],\n  "paperhop_json": 1\n}\n' if fmt == "json" else "a\nb\n"
    )


# -- JSON written as it goes --------------------------------------------------------------------

# What a record's JSON holds: text of any characters (lone surrogates too), whole numbers of any
# size, booleans, None, and lists and objects of them. No floats: no record has one.
record_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(st.characters(exclude_categories=())),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(record_json)
def test_a_record_is_written_as_json_dumps_writes_it(record: object) -> None:
    expected = json.dumps(record, ensure_ascii=False, indent=2, sort_keys=True).replace("\n", "\n    ")
    assert paperhop_json._record(record) == expected


@settings(max_examples=100, deadline=None)
@given(st.lists(record_json, max_size=7))
def test_a_long_list_is_written_in_pieces_that_make_json_dumps_text(records: list[object]) -> None:
    with mock.patch.object(paperhop_json, "ROWS", 3):
        written = "".join(paperhop_json._rows(iter(records)))
    assert written == json.dumps(records, ensure_ascii=False, indent=2, sort_keys=True).replace("\n", "\n  ")


@pytest.mark.parametrize("command", ["reading-list sora", "plan sora dit", "list"])
def test_a_result_with_a_long_list_renders_as_its_whole_document(command: str) -> None:
    G = load()
    results = {
        "reading-list sora": lambda: Reader(G).reading_list("sora"),
        "plan sora dit": lambda: Reader(G).plan(["sora", "dit"]),
        "list": lambda: PaperList([node(G, k) for k in sorted(G)]),
    }
    result = results[command]()
    whole = paperhop_json.dumps(result.to_json())
    assert paperhop_json.render(result) == whole
    assert len(json.loads(whole)["papers" if command != "list" else "nodes"]) > 10


def test_to_json_gives_lists_and_lazy_gives_an_iterator_of_the_same_records() -> None:
    reading = ReadingList(node(load(), "sora"), [ReadingItem(1, node(load(), "vit"))])
    lazy = reading.to_json(lazy=True)["papers"]
    assert not isinstance(lazy, list)
    assert list(lazy) == reading.to_json()["papers"]
    assert reading.to_json()["papers"][0]["key"] == "vit"
