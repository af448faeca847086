"""Questions asked of the catalogue: by muscle, condition, region, free text, and the reverse
lookup "it hurts here: which trigger points could refer pain there?".  Pure Python + numpy.

Reverse lookup works vertex by vertex: a pain drawing becomes the painted skin area per vertex;
each trigger point side has an essential and a spillover field over the skin (atlas.body.zones),
stored as sparse rows and multiplied with the pain in one go.  When the drawing says how much it
hurts, each vertex's area is weighted by its intensity relative to the strongest painted.  Two numbers come out of it and are
shown with every match (see "How the ranking works" in README.md):

- **explains**: the share of the painted area the zone accounts for, essential counting fully
  and spillover at SPILLOVER_WEIGHT;
- **marked**: the share of the zone (weighted the same way) that the painting covers.

Matches whose essential zone meets the pain come before spillover-only ones; within each group
the order is ``explains * (0.35 + 0.65 * sqrt(marked))``, so a zone must explain the pain *and*
be specific to it (a zone covering half the body explains everything and nothing).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
from scipy import sparse

from atlas.body.anatomy import label_list
from atlas.content.catalog import Catalogue, TriggerPoint, zone_arrays
from atlas.query.names import region_lexicon, resolve_region
from atlas.data.problems import suggest
from atlas.data.vocabulary import COMMONNESS_RANK
from atlas.query.names import Entry, Lexicon, UnknownName, normalise

SPILLOVER_WEIGHT = 0.5
MIN_ESSENTIAL_SHARE = 0.03  # essential overlap below this share of pain and of zone is a graze
TIE_DECIMALS = 2  # matches whose shown percentages are equal tie; how often a point is the source breaks it
MIN_REGION_SHARE = 0.2  # a painted region is named in "why" when the zone covers this much of it


def rank_score(explains, marked):
    """The order within a group: explains the pain, and is specific to it."""
    return explains * (0.35 + 0.65 * np.sqrt(np.minimum(marked, 1.0)))


@dataclass(frozen=True)
class PointMatch:
    point: str
    side: str
    kind: str  # "essential" | "spillover"
    score: float
    explained: float  # share of the painted area this zone explains (spillover weighted)
    marked: float  # share of this zone (spillover weighted) that the painting covers
    _names: _RegionNamer = field(repr=False, compare=False)
    _row: int = field(repr=False, compare=False)

    @property
    def essential_regions(self) -> tuple[str, ...]:
        """Painted regions the essential field covers well (named when first asked for)."""
        return self._names.names(self._row)[0]

    @property
    def spillover_regions(self) -> tuple[str, ...]:
        return self._names.names(self._row)[1]

    def why(self, names: dict[str, str]) -> str:
        parts = []
        for kind, found in (("essential", self.essential_regions), ("spillover", self.spillover_regions)):
            if found:
                parts.append(f"{kind} zone covers " + label_list((names[r] for r in found), False))
        if not parts:
            parts.append(f"{self.kind} zone touches the painted area")
        return (f"{self.side} side: " + "; ".join(parts)
                + f" (explains {self.explained:.0%} of your pain; you marked {self.marked:.0%} of this zone)")


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
        area = self.body.vertex_area
        self._ess_area = self._ess @ area
        self._zone_area = self._ess_area + SPILLOVER_WEIGHT * (self._spill @ area)
        # how often the sources find each point behind its pattern: breaks near-ties in ranking
        self._rarity = np.array([COMMONNESS_RANK.get(catalogue.points[pid].spec.commonly_involved, 1)
                                 for pid, _ in self.keys], dtype=np.int8)
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
    # A pain vector is the painted skin area per vertex (cm^2), zero where nothing is painted.
    def pain_from_regions(self, region_ids) -> np.ndarray:
        """Painted area per vertex when whole regions are chosen."""
        verts = [self.body.region_vertices[self.body.region_index[rid].index] for rid in region_ids]
        return self.pain_from_vertices(np.concatenate(verts) if verts else [])

    def pain_from_vertices(self, vertices, intensity=None) -> np.ndarray:
        """Painted area per vertex from painted skin vertices.

        With ``intensity`` (0-10, one per vertex) each vertex's area is weighted by its
        intensity relative to the strongest painted: the strongest pain counts fully, a 2 where
        the worst is 8 counts a quarter.  Equal intensities rank exactly as no intensity."""
        v = np.asarray(vertices if isinstance(vertices, np.ndarray) else list(vertices), dtype=np.int64)
        w = np.ones(len(v)) if intensity is None else np.asarray(list(intensity), dtype=float)
        if len(w) != len(v):
            raise ValueError("one intensity per painted vertex")
        keep = (v >= 0) & (v < len(self.body.vertices))
        v, w = v[keep], np.clip(w[keep], 0, None)
        top = w.max() if len(w) else 0.0
        w = w / top if top > 0 else np.ones(len(w))  # all zero: where, without how much
        pain = np.zeros(len(self.body.vertices))
        pain[v] = self.body.vertex_area[v] * w
        return pain

    def pain_by_region(self, pain: np.ndarray) -> np.ndarray:
        """Painted area per region."""
        return np.bincount(self.body.region_of_vertex, weights=pain, minlength=len(self.body.regions))

    def pain_from_words(self, phrases) -> tuple[np.ndarray, list]:
        """Resolve plain words to regions (raises UnknownRegion) and paint them whole."""
        matches = [resolve_region(self.body, self.regions, text) for text in phrases]
        ids = [r.id for m in matches for r in m.regions]
        return self.pain_from_regions(ids), matches

    def _rank(self, pain: np.ndarray):
        """Rows (point sides) in rank order, with their kind and the two numbers."""
        total = float(pain.sum())
        if total <= 0:
            return np.zeros(0, dtype=np.int64), None
        e, s = self._ess @ pain, self._spill @ pain
        covered = e + SPILLOVER_WEIGHT * s
        explains = covered / total
        marked = covered / np.maximum(self._zone_area, 1e-9)
        essential = (e / total >= MIN_ESSENTIAL_SHARE) | (e / np.maximum(self._ess_area, 1e-9)
                                                          >= MIN_ESSENTIAL_SHARE)
        listed = essential | (explains >= MIN_ESSENTIAL_SHARE) | (marked >= MIN_ESSENTIAL_SHARE)
        hit = np.flatnonzero(listed & (covered > 0))
        score = rank_score(explains[hit], marked[hit])
        shown = rank_score(*(np.round(x[hit], TIE_DECIMALS) for x in (explains, marked)))
        order = np.lexsort((-score, self._rarity[hit], -shown, ~essential[hit]))
        return hit[order], (essential, explains, marked)

    def _matches(self, pain: np.ndarray, rows: np.ndarray, numbers) -> list[PointMatch]:
        if not len(rows):
            return []
        essential, explains, marked = numbers
        names = _RegionNamer(self, pain, rows)  # naming waits until a match's regions are shown
        score = rank_score(explains[rows], marked[rows]).tolist()
        kinds = np.where(essential[rows], "essential", "spillover").tolist()
        return [PointMatch(*self.keys[k], kind, sc, ex, mk, names, k)
                for k, kind, sc, ex, mk in zip(rows.tolist(), kinds, score, explains[rows].tolist(),
                                               marked[rows].tolist())]

    def reverse(self, pain: np.ndarray, limit: int = 25) -> list[PointMatch]:
        """Trigger point sides ranked by how well their fields explain the painted area."""
        rows, numbers = self._rank(pain)
        return self._matches(pain, rows[:limit], numbers)

    def reverse_points(self, pain: np.ndarray, limit: int = 25) -> list[PointMatch]:
        """Trigger point sides, best first: a point painted on both sides is listed per side."""
        return self.reverse(pain, limit=limit)

    def reverse_muscles(self, pain: np.ndarray, limit: int = 15) -> list[MuscleMatch]:
        """Muscles ranked by their best trigger point side, with the matching points underneath."""
        rows, numbers = self._rank(pain)
        muscle_ids, row_muscle = self._row_muscle
        codes = row_muscle[rows]  # rows are in rank order, so a muscle's first row is its best
        _, first = np.unique(codes, return_index=True)
        top = codes[np.sort(first)][:limit]
        shown = np.isin(codes, top)
        groups: dict[int, list[PointMatch]] = {int(c): [] for c in top}
        for code, match in zip(codes[shown].tolist(), self._matches(pain, rows[shown], numbers)):
            groups[code].append(match)
        return [MuscleMatch(muscle_ids[c], pms[0].kind, pms[0].score, tuple(pms))
                for c, pms in groups.items()]

    @cached_property
    def _row_muscle(self) -> tuple[list[str], np.ndarray]:
        """Muscle ids, and per zone row (point side) the index of its muscle among them."""
        ids = list(self.cat.muscles)
        index = {m: i for i, m in enumerate(ids)}
        return ids, np.array([index[self.cat.points[p].muscle] for p, _ in self.keys], dtype=np.int64)

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
            m, spec = cat.muscles[tp.muscle], tp.spec
            zones = " ".join(self.region_names[self.body.regions[i].id]
                             for i in tp.essential[tp.sides[0]] + tp.spillover[tp.sides[0]])
            docs.append((SearchHit("point", tp.id, tp.name, m.name, 0),
                         _weights((tp.name, 2.5), (m.name + " " + " ".join(m.synonyms), 1.5),
                                  (spec.referral.description + " " + zones, 1.0),
                                  (" ".join(cond_names[c] for c in tp.conditions), 1.0),
                                  (spec.location.description + " " + " ".join(spec.symptoms), 0.6),
                                  (" ".join(spec.cautions) + " " + spec.pressure.notes, 0.3))))
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


class _RegionNamer:
    """Names the painted regions each match's fields cover well, for one painting, when first
    asked: a lookup whose matches are only ranked (or only counted) never pays for naming,
    and the first match shown names all of its result's matches in one sparse product."""

    def __init__(self, engine: Engine, pain: np.ndarray, rows: np.ndarray):
        self.engine, self.pain, self.rows = engine, pain, rows

    @cached_property
    def _names(self) -> dict[int, tuple[tuple[str, ...], tuple[str, ...]]]:
        body, pain, rows = self.engine.body, self.pain, self.rows
        painted = np.flatnonzero(pain > 0)
        by_region = self.engine.pain_by_region(pain)
        cols = np.flatnonzero(by_region > 0)  # only painted regions can be named
        col_of = np.full(len(body.regions), -1)
        col_of[cols] = np.arange(len(cols))
        # vertex -> painted-region matrix weighted by painted area: one sparse product per kind
        spread = sparse.csr_matrix((pain[painted], (painted, col_of[body.region_of_vertex[painted]])),
                                   shape=(len(pain), len(cols)))
        need = MIN_REGION_SHARE * by_region[cols]
        ids = [body.regions[i].id for i in cols]

        def names(matrix):
            overlap = (matrix @ spread).toarray()[rows]  # all rows at once beats row slicing
            good = (overlap > 0) & (overlap >= need)
            order = np.argsort(-overlap, axis=1, kind="stable")
            return [tuple(ids[c] for c in order[j] if good[j, c]) for j in range(len(rows))]

        ess, spill = names(self.engine._ess), names(self.engine._spill)
        return {int(k): (ess[j], spill[j]) for j, k in enumerate(rows)}

    def names(self, row: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(essential, spillover) painted region ids for one row, best covered first."""
        return self._names[row]


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
