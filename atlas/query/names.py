"""Names of things and the words people use for them: one lexicon type, one ``suggest()``.

Resolve plain words to named things: exact id or name first, then synonym, then partial word
match, then fuzzy match.  Regions are resolved with a side ("left temple") as well.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from atlas.body.anatomy import Body, Region
from atlas.data.problems import suggest

_SIDE_WORDS = {"left": "left", "l": "left", "right": "right", "r": "right"}
_FILLER = {"the", "my", "a", "of", "in", "on", "at"}


def normalise(text: str) -> str:
    """Lower-case, punctuation to spaces, single spaces."""
    text = text.lower().replace("'", "")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def _core(text: str) -> str:
    """Normalised text without filler words, for forgiving comparisons."""
    return " ".join(w for w in normalise(text).split() if w not in _FILLER)


def split_side(text: str) -> tuple[str | None, str]:
    """'left temple' -> ('left', 'temple'); 'temple (right)' -> ('right', 'temple')."""
    words = normalise(text).split()
    if words and words[0] in ("left", "right"):
        return words[0], " ".join(words[1:])
    if words and words[-1] in ("left", "right"):
        return words[-1], " ".join(words[:-1])
    return None, " ".join(words)


@dataclass(frozen=True)
class Entry:
    """One nameable thing: a key the caller understands, its id, name and synonyms."""

    key: str
    id: str
    name: str
    synonyms: tuple[str, ...] = ()


@dataclass(frozen=True)
class Match:
    keys: tuple[str, ...]
    how: str  # id | name | synonym | fuzzy
    matched: str


class Lexicon:
    """A word index over entries; several entries may share a name (left and right copies)."""

    def __init__(self, entries: Iterable[Entry]):
        self.entries = list(entries)
        self._by = {"id": {}, "name": {}, "synonym": {}}
        for e in self.entries:
            self._add("id", normalise(e.id.replace("_", " ")), e.key)
            self._add("name", _core(e.name), e.key)
            for s in e.synonyms:
                self._add("synonym", _core(s), e.key)

    def _add(self, kind: str, text: str, key: str) -> None:
        keys = self._by[kind].setdefault(text, [])
        if key not in keys:
            keys.append(key)

    def vocabulary(self) -> list[str]:
        words = set(self._by["name"]) | set(self._by["synonym"])
        return sorted(words)

    def find(self, text: str, fuzzy_cutoff: float = 0.78) -> Match | None:
        """Best match for ``text`` or None."""
        raw = normalise(text.replace("_", " "))
        core = _core(text)
        if raw in self._by["id"]:
            return Match(tuple(self._by["id"][raw]), "id", raw)
        for kind in ("name", "synonym"):
            if core in self._by[kind]:
                return Match(tuple(self._by[kind][core]), kind, core)
        partial = self._partial(core)
        if partial:
            return Match(partial, "partial", core)
        close = difflib.get_close_matches(core, self.vocabulary(), n=1, cutoff=fuzzy_cutoff)
        if close:
            word = close[0]
            keys = self._by["name"].get(word) or self._by["synonym"][word]
            return Match(tuple(keys), "fuzzy", word)
        return None

    def _partial(self, core: str, limit: int = 8) -> tuple[str, ...]:
        """Entries whose name or a synonym contains every word of ``core`` ("knee", "finger")."""
        words = set(core.split())
        if not words:
            return ()
        keys: list[str] = []
        for kind in ("name", "synonym"):
            for text, ks in self._by[kind].items():
                tokens = set(text.split()) | {w.rstrip("s") for w in text.split()}
                if words <= tokens:
                    keys.extend(k for k in ks if k not in keys)
        return tuple(keys) if 0 < len(keys) <= limit else ()

    def suggest(self, text: str, n: int = 3) -> str:
        """``; did you mean ...?`` with the closest names (always some, however far)."""
        return suggest(_core(text), self.vocabulary(), n=n, cutoff=0.0)


class UnknownName(LookupError):
    """A name that matches nothing; the message carries suggestions."""



class UnknownRegion(UnknownName):
    """No region matches the text; the message carries suggestions."""


@dataclass(frozen=True)
class RegionMatch:
    text: str
    regions: tuple[Region, ...]
    how: str
    matched: str


def region_lexicon(body: Body) -> Lexicon:
    """One entry per region *base*, so 'temple' means both temples unless a side is given."""
    seen: dict[str, Entry] = {}
    for r in body.regions:
        if r.base not in seen:
            seen[r.base] = Entry(key=r.base, id=r.base, name=r.label, synonyms=r.synonyms)
    return Lexicon(seen.values())


def resolve_region(body: Body, lexicon: Lexicon, text: str) -> RegionMatch:
    """Resolve one phrase; raise UnknownRegion with 'did you mean' suggestions."""
    direct = body.region_index.get(text.strip().lower())
    if direct is not None:
        return RegionMatch(text, (direct,), "id", direct.id)
    side, rest = split_side(text)
    match: Match | None = lexicon.find(rest) if rest else None
    if match is None:
        raise UnknownRegion(f"no region matches {text!r}{lexicon.suggest(rest or text)}")
    regions = []
    for base in match.keys:
        for r in body.regions:
            if r.base == base and (side is None or r.side in (side, "midline")):
                regions.append(r)
    return RegionMatch(text, tuple(regions), match.how, match.matched)
