"""Results -> JSON: each result's own ``to_json()``, printed the one way paperhop prints JSON.

Keys sorted, two-space indents, non-ASCII text as itself (UTF-8), a final newline:
the same graph always gives the same bytes. The shapes are in docs/json.md.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from ..results import Result

__all__ = ["dumps", "render"]


def dumps(document: Mapping[str, Any]) -> str:
    """*document* as paperhop prints JSON."""
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def render(result: Result) -> str:
    """*result* as JSON."""
    return dumps(result.to_json())
