"""The exceptions paperhop raises; the CLI (``paperhop.cli``) turns each into one line on stderr.

::

    PaperhopError
     ├── GraphDataError        a graph's files are unreadable or break a rule (.problems)
     ├── ReadError             some other file cannot be read (.path, .reason); also an OSError
     ├── WriteError            a file cannot be written (.path, .reason); also an OSError
     ├── NodeNotFound          no paper or concept matches the text (.suggestions)
     ├── AmbiguousNode         several match (.candidates)
     ├── NoPath                no reading path between two nodes (.reverse)
     └── S2Error               Semantic Scholar could not give what was asked
          ├── S2Unreachable    no connection, no whole answer in time, or offline and not cached
          ├── S2NotFound       no paper has the id asked for
          ├── S2Forbidden      the API key was refused, or is no API key at all
          └── S2BadResponse    malformed JSON, too large or too deep, or not of the shape asked for
"""

from __future__ import annotations

import os
from dataclasses import dataclass


class PaperhopError(Exception):
    """Base class of every error paperhop raises on purpose."""


@dataclass(frozen=True, order=True)
class Problem:
    """One finding about a graph's data: where it is and what is wrong."""

    location: str  # "papers.jsonl:3" or a node key
    message: str
    severity: str = "error"  # "error" or "warning"

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


class GraphDataError(PaperhopError):
    """A graph cannot be used: its files are missing, malformed or inconsistent."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        first = str(problems[0]) if problems else "invalid graph data"
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        super().__init__(first + more)


class NodeNotFound(PaperhopError):
    """No paper or concept in the graph matches the text given."""

    def __init__(self, text: str, suggestions: list[str]) -> None:
        self.text = text
        self.suggestions = suggestions
        hint = f"; did you mean {' or '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"no paper or concept matches {text!r}{hint}")


class AmbiguousNode(PaperhopError):
    """The text matches several papers or concepts."""

    def __init__(self, text: str, candidates: list[str]) -> None:
        self.text = text
        self.candidates = candidates
        super().__init__(f"{text!r} matches several: {', '.join(candidates)}; name one")


class NoPath(PaperhopError):
    """There is no reading path from source to target."""

    def __init__(self, source: str, target: str, *, reverse: bool) -> None:
        self.source = source
        self.target = target
        self.reverse = reverse
        msg = f"no reading path from {source} to {target}"
        if reverse:
            msg += f"; there is one the other way: paperhop path {target} {source}"
        super().__init__(msg)


class _FileError(PaperhopError, OSError):
    """A file paperhop needs cannot be used, and why, in one line.

    Also an OSError (errno and strerror set when the system gave them), so that
    code which treats such a file as a mere miss, such as a cache that cannot be
    written, keeps doing so.
    """

    verb = "use"

    def __init__(self, path: str | os.PathLike[str], reason: str, errno: int | None = None) -> None:
        if errno is None:
            super().__init__(reason)
        else:
            super().__init__(errno, reason)
        self.path = os.fspath(path)
        self.reason = reason

    def __str__(self) -> str:
        return f"cannot {self.verb} {self.path}: {self.reason}"


class ReadError(_FileError):
    """A file cannot be read: missing, unreadable, not a regular file, or not UTF-8 text."""

    verb = "read"


class WriteError(_FileError):
    """A file cannot be written (permission, full disk, read-only, bad name, not a regular file).

    Whoever raises it leaves no temporary file behind and the old file, if any, whole.
    """

    verb = "write"


class S2Error(PaperhopError):
    """Semantic Scholar could not give what was asked (``sources.s2``)."""


class S2Unreachable(S2Error):
    """No connection, no whole answer within the deadline, retries spent, or offline without the answer cached."""


class S2NotFound(S2Error):
    """Semantic Scholar has no paper with the id asked for (404)."""


class S2Forbidden(S2Error):
    """Semantic Scholar refused the API key (403), or the key holds characters no API key has."""


class S2BadResponse(S2Error):
    """An answer paperhop cannot use: malformed JSON, too large or too deep, or not of the shape asked for."""
