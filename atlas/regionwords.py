"""Plain words -> body regions ("behind the knee", "left temple", "TMJ")."""

from __future__ import annotations

from dataclasses import dataclass

from atlas.anatomy import Body, Region
from atlas.words import Entry, Lexicon, Match, split_side


class UnknownRegion(LookupError):
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
            plain = r.name.rsplit(" (", 1)[0] if r.side in ("left", "right") else r.name
            seen[r.base] = Entry(key=r.base, id=r.base, name=plain, synonyms=r.synonyms)
    return Lexicon(seen.values())


def resolve_region(body: Body, lexicon: Lexicon, text: str) -> RegionMatch:
    """Resolve one phrase; raise UnknownRegion with 'did you mean' suggestions."""
    direct = body.region_index.get(text.strip().lower())
    if direct is not None:
        return RegionMatch(text, (direct,), "id", direct.id)
    side, rest = split_side(text)
    match: Match | None = lexicon.find(rest) if rest else None
    if match is None:
        tips = lexicon.suggestions(rest or text)
        hint = f"; did you mean {', '.join(repr(t) for t in tips)}?" if tips else ""
        raise UnknownRegion(f"no region matches {text!r}{hint}")
    regions = []
    for base in match.keys:
        for r in body.regions:
            if r.base == base and (side is None or r.side in (side, "midline")):
                regions.append(r)
    return RegionMatch(text, tuple(regions), match.how, match.matched)
