"""Problems found in data files, reported as ``file:line: message`` a person can act on."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one place in one data file."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class DataError(Exception):
    """Raised when data files are invalid; carries every problem found, not just the first."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def suggest(word: str, choices: Iterable[str], n: int = 3, cutoff: float = 0.6) -> str:
    """A ``; did you mean 'a', 'b'?`` suffix, or '' when nothing is close.

    The one "did you mean" of the atlas: data files, names typed on the command line and in
    the app, links and ids all use it."""
    close = difflib.get_close_matches(str(word), list(choices), n=n, cutoff=cutoff)
    if not close:
        return ""
    return "; did you mean " + ", ".join(repr(c) for c in close) + "?"
