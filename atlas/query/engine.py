"""Questions asked of the catalogue: by muscle, condition, region, free text, and the reverse
lookup "it hurts here: which trigger points could refer pain there?".  Pure Python + numpy.

Reverse lookup works on region areas: a pain drawing (regions or skin vertices) becomes the
painted area per region; each trigger point side has an essential and a spillover membership
row over regions, precomputed once.  Ranking: any essential overlap ranks above spillover-only
overlap; within each group, by the share of the pain the zone explains, weighted toward zones
that are specific to the pain (a zone covering half the body explains everything and nothing).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from atlas.content.catalog import Catalogue, TriggerPoint, zone_arrays
from atlas.query.names import region_lexicon, resolve_region
from atlas.data.problems import suggest
from atlas.query.names import Entry, Lexicon, UnknownName, normalise

SPILLOVER_WEIGHT = 0.5


@dataclass(frozen=True)
class PointMatch:
    point: str
    side: str
    kind: str  # "essential" | "spillover"
    score: float
    explained: float  # share of the painted area inside this zone (0..1)
    essential_regions: tuple[str, ...]
    spillover_regions: tuple[str, ...]

    def why(self, names: dict[str, str]) -> str:
        parts = []
        if self.essential_regions:
            parts.append("essential zone covers " + ", ".join(names[r] for r in self.essential_regions))
        if self.spillover_regions:
            parts.append("spillover zone covers " + ", ".join(names[r] for r in self.spillover_regions))
        return "; ".join(parts) + f" ({self.explained:.0%} of the painted area)"


@dataclass(frozen=True)
class MuscleMatch:
    muscle: str
    kind: str
    score: float
    points: tuple[PointMatch, ...]


@dataclass(frozen=True)
class SearchHit:
    kind: str  # muscle | point | region | condition
    id: str
    title: str
    subtitle: str
    score: float


class Engine:
    """All queries over one catalogue; build once per process and share between sessions."""

    def __init__(self, catalogue: Catalogue):
        self.cat = catalogue
        self.body = catalogue.body
        self.keys, self._ess, self._spill = zone_arrays(catalogue)
        area = self.body.region_area
        self._zone_area = self._ess @ area + SPILLOVER_WEIGHT * (self._spill @ area)
        self.region_names = {r.id: r.name for r in self.body.regions}

    # --- lexicons ---------------------------------------------------------------------------
    @cached_property
    def regions(self) -> Lexicon:
        return region_lexicon(self.body)

    @cached_property
    def conditions(self) -> Lexicon:
        return Lexicon(Entry(c.id, c.id, c.name, c.synonyms) for c in self.cat.conditions.values())

    @cached_property
    def muscles(self) -> Lexicon:
        return Lexicon(Entry(m.id, m.id, m.name, m.synonyms) for m in self.cat.muscles.values())

    # --- direct lookups ---------------------------------------------------------------------
    def point(self, pid: str) -> TriggerPoint:
        tp = self.cat.points.get(pid)
        if tp is None:
            hint = suggest(re.sub(r"\s+", "_", pid.lower()), self.cat.points, cutoff=0.5)
            raise UnknownName(f"no trigger point {pid!r}{hint}")
        return tp

    def find_condition(self, text: str):
        return _find(self.conditions, self.cat.conditions, "condition", text)

    def find_muscle(self, text: str):
        return _find(self.muscles, self.cat.muscles, "muscle", text)

    def points_for_condition(self, cid: str) -> list[TriggerPoint]:
        return [tp for tp in self.cat.points.values() if cid in tp.conditions]

    def points_in_area(self, area: str) -> list[TriggerPoint]:
        return [tp for tp in self.cat.points.values() if self.cat.muscles[tp.muscle].area == area]

    def points_of_muscle(self, mid: str) -> list[TriggerPoint]:
        return [self.cat.points[p] for p in self.cat.muscles[mid].points]

    # --- reverse lookup -----------------------------------------------------------------------
    def pain_from_regions(self, region_ids) -> np.ndarray:
        """Painted area per region when whole regions are chosen."""
        p = np.zeros(len(self.body.regions))
        for rid in region_ids:
            r = self.body.region_index[rid]
            p[r.index] = self.body.region_area[r.index]
        return p

    def pain_from_vertices(self, vertices) -> np.ndarray:
        """Painted area per region from painted skin vertices."""
        v = np.unique(np.asarray(list(vertices), dtype=np.int64))
        v = v[(v >= 0) & (v < len(self.body.vertices))]
        return np.bincount(self.body.region_of_vertex[v], weights=self.body.vertex_area[v],
                           minlength=len(self.body.regions))

    def pain_from_words(self, phrases) -> tuple[np.ndarray, list]:
        """Resolve plain words to regions (raises UnknownRegion) and paint them whole."""
        matches = [resolve_region(self.body, self.regions, text) for text in phrases]
        ids = [r.id for m in matches for r in m.regions]
        return self.pain_from_regions(ids), matches

    def reverse(self, pain: np.ndarray, limit: int = 25) -> list[PointMatch]:
        """Trigger point sides ranked by how well their zones explain the painted area."""
        total = float(pain.sum())
        if total <= 0:
            return []
        e = self._ess @ pain
        s = self._spill @ pain
        hit = np.flatnonzero((e > 0) | (s > 0))
        if not len(hit):
            return []
        covered = e[hit] + SPILLOVER_WEIGHT * s[hit]
        explained = (e[hit] + s[hit]) / total
        precision = covered / np.maximum(self._zone_area[hit], 1e-9)
        score = (covered / total) * (0.35 + 0.65 * np.sqrt(np.minimum(precision, 1.0)))
        order = np.lexsort((-score, -(e[hit] > 0).astype(np.int8)))[:limit]
        painted = np.flatnonzero(pain > 0)
        out = []
        for j in order:
            k = hit[j]
            pid, side = self.keys[k]
            ess_r = tuple(self.body.regions[i].id for i in painted if self._ess[k, i])
            spill_r = tuple(self.body.regions[i].id for i in painted if self._spill[k, i])
            out.append(PointMatch(pid, side, "essential" if e[k] > 0 else "spillover",
                                  float(score[j]), float(explained[j]), ess_r, spill_r))
        return out

    def reverse_points(self, pain: np.ndarray, limit: int = 25) -> list[PointMatch]:
        """Like :meth:`reverse`, but each trigger point once, its two sides added together."""
        merged: dict[str, PointMatch] = {}
        for pm in self.reverse(pain, limit=len(self.keys)):
            old = merged.get(pm.point)
            if old is None:
                merged[pm.point] = pm
                continue
            merged[pm.point] = PointMatch(
                pm.point, "both", "essential" if "essential" in (old.kind, pm.kind) else "spillover",
                old.score + pm.score, old.explained + pm.explained,
                old.essential_regions + pm.essential_regions,
                old.spillover_regions + pm.spillover_regions)
        ranked = sorted(merged.values(), key=lambda m: (m.kind == "essential", m.score), reverse=True)
        return ranked[:limit]

    def reverse_muscles(self, pain: np.ndarray, limit: int = 15) -> list[MuscleMatch]:
        """Muscles ranked by their best trigger point (essential before spillover-only)."""
        by_muscle: dict[str, list[PointMatch]] = {}
        for pm in self.reverse_points(pain, limit=len(self.keys)):
            by_muscle.setdefault(self.cat.points[pm.point].muscle, []).append(pm)
        ranked = sorted(by_muscle.items(),
                        key=lambda kv: (kv[1][0].kind == "essential", kv[1][0].score), reverse=True)
        return [MuscleMatch(mid, pms[0].kind, pms[0].score, tuple(pms)) for mid, pms in ranked[:limit]]

    # --- free text search ---------------------------------------------------------------------
    @cached_property
    def _documents(self) -> list[tuple[SearchHit, dict[str, float]]]:
        docs = []
        cat = self.cat
        cond_names = {c.id: c.name for c in cat.conditions.values()}
        for m in cat.muscles.values():
            docs.append((SearchHit("muscle", m.id, m.name, f"{m.area.replace('_', ' ')} muscle, "
                                   f"{len(m.points)} trigger point(s)", 0),
                         _weights((m.name, 3.0), (" ".join(m.synonyms), 2.5),
                                  (m.actions + " " + m.innervation, 0.5))))
        for tp in cat.points.values():
            m = cat.muscles[tp.muscle]
            zones = " ".join(self.region_names[self.body.regions[i].id]
                             for i in tp.essential[tp.sides[0]] + tp.spillover[tp.sides[0]])
            docs.append((SearchHit("point", tp.id, tp.name, m.name, 0),
                         _weights((tp.name, 2.5), (m.name + " " + " ".join(m.synonyms), 1.5),
                                  (tp.referral + " " + zones, 1.0),
                                  (" ".join(cond_names[c] for c in tp.conditions), 1.0),
                                  (tp.location + " " + " ".join(tp.symptoms), 0.6),
                                  (" ".join(tp.cautions) + " " + tp.pressure_notes, 0.3))))
        seen = set()
        for r in self.body.regions:
            if r.base in seen:
                continue
            seen.add(r.base)
            docs.append((SearchHit("region", r.base, r.label, f"body region ({r.area.replace('_', ' ')})", 0),
                         _weights((r.label, 2.5), (" ".join(r.synonyms), 2.0))))
        for c in cat.conditions.values():
            docs.append((SearchHit("condition", c.id, c.name, c.description, 0),
                         _weights((c.name, 3.0), (" ".join(c.synonyms), 2.5), (c.description, 0.5))))
        return docs

    def search(self, text: str, limit: int = 20, kinds: tuple[str, ...] | None = None) -> list[SearchHit]:
        """Rank everything against the words typed; the last word may be a prefix (as you type)."""
        words = normalise(text).split()
        if not words:
            return []
        hits = []
        for hit, weights in self._documents:
            if kinds and hit.kind not in kinds:
                continue
            score = 0.0
            for i, w in enumerate(words):
                best = weights.get(w, 0.0)
                if not best and i == len(words) - 1 and len(w) >= 2:
                    best = 0.6 * max((v for t, v in weights.items() if t.startswith(w)), default=0.0)
                if not best and len(w) >= 4:
                    best = 0.4 * max((v for t, v in weights.items() if t.startswith(w[:-1]) and
                                      abs(len(t) - len(w)) <= 2), default=0.0)
                score += best
            if score > 0:
                matched = sum(1 for w in words if any(t.startswith(w[:3]) for t in weights))
                hits.append(SearchHit(hit.kind, hit.id, hit.title, hit.subtitle,
                                      score * matched / len(words)))
        hits.sort(key=lambda h: (-h.score, h.kind, h.title))
        return hits[:limit]


def _find(lexicon: Lexicon, table: dict, kind: str, text: str) -> list:
    """Records whose name or synonym matches ``text``; UnknownName with suggestions if none."""
    m = lexicon.find(text)
    if m is None:
        raise UnknownName(f"no {kind} matches {text!r}{lexicon.suggest(text)}")
    return [table[k] for k in m.keys]


def _weights(*fields: tuple[str, float]) -> dict[str, float]:
    """Best weight of each token across the fields it appears in."""
    out: dict[str, float] = {}
    for text, w in fields:
        for tok in normalise(text).split():
            if len(tok) > 1 and out.get(tok, 0.0) < w:
                out[tok] = w
    return out
