"""Results -> JSON: each result's own ``to_json()``, printed the one way paperhop prints JSON.

Keys sorted, two-space indents, non-ASCII text as itself (UTF-8), a final newline:
the same graph always gives the same bytes. The shapes are in docs/json.md.

A result's long list of records (a reading list of 90,000 papers) is written a
thousand records at a time (``pieces``), each record by orjson: 9x faster than
``json.dumps`` here, and byte for byte the same, since the two differ only on
floats below 1e-4 and a record holds none (only text, whole numbers, booleans
and lists). What orjson refuses (a number past 64 bits, a lone surrogate) goes
to ``json.dumps``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from itertools import islice
from typing import Any

import orjson

from ..results import Result

__all__ = ["dumps", "pieces", "render"]

ROWS = 1000  # records to a piece: few writes, little held


def dumps(document: Mapping[str, Any]) -> str:
    """*document* as paperhop prints JSON."""
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def render(result: Result) -> str:
    """*result* as JSON."""
    return "".join(pieces(result))


def pieces(result: Result) -> Iterator[str]:
    """*result* as JSON, in pieces to write one after the other: together ``dumps(result.to_json())``."""
    document = result.to_json(lazy=True)
    yield "{"
    for n, key in enumerate(sorted(document)):
        value = document[key]
        yield ("," if n else "") + "\n  " + json.dumps(key, ensure_ascii=False) + ": "
        if isinstance(value, Iterator):
            yield from _rows(value)
        else:
            yield json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True).replace("\n", "\n  ")
    yield "\n}\n"


def _rows(records: Iterator[Any]) -> Iterator[str]:
    """A list of records at depth 1, as ``dumps`` indents it."""
    first = True
    while batch := list(islice(records, ROWS)):
        yield ("[\n    " if first else ",\n    ") + ",\n    ".join(_record(r) for r in batch)
        first = False
    yield "[]" if first else "\n  ]"


def _record(record: Any) -> str:
    try:
        text = orjson.dumps(record, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS).decode()
    except TypeError:
        text = json.dumps(record, ensure_ascii=False, indent=2, sort_keys=True)
    return text.replace("\n", "\n    ")
