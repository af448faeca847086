"""Referral zones as smooth per-vertex fields on the skin (numpy/scipy only).

A zone recipe (:class:`atlas.data.shapes.Zone`, or a plain list of region ids) becomes a
*signed distance* over the skin: negative inside, positive outside, in cm along the surface.
Parts join by ``min`` (union) and ``minus`` cuts by ``max(s, -s_minus)``.  The field is then
``clip(0.5 - s / FALLOFF_CM, 0, 1)``: 1 well inside, 0 well outside and a soft edge about
FALLOFF_CM wide at the border, which the GPU interpolates smoothly between vertices.

Recipes are authored for the body's left side; the right side's field is the left one read
through the mirror map.  Fields are stored sparsely (vertex indices + float32 values).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.sparse import csgraph

from atlas.body.anatomy import Body, sided_id
from atlas.data.shapes import Band, Patch, Shape, Zone

FALLOFF_CM = 1.5
REACH_CM = 2.0 * FALLOFF_CM  # beyond this from the border the field is exactly 0 or 1


@dataclass(frozen=True)
class Field:
    """A sparse field over the skin: values in (0, 1] at ``index``, 0 elsewhere."""

    index: np.ndarray  # int32, sorted
    value: np.ndarray  # float32

    def dense(self, n: int) -> np.ndarray:
        out = np.zeros(n, dtype=np.float32)
        out[self.index] = self.value
        return out

    @staticmethod
    def from_dense(values: np.ndarray) -> Field:
        idx = np.flatnonzero(values > 1e-3).astype(np.int32)
        return Field(idx, values[idx].astype(np.float32))

    @property
    def empty(self) -> bool:
        return not len(self.index)


def as_zone(recipe) -> Zone | None:
    """A plain list of region ids is a recipe with ``regions`` only ([] is no zone)."""
    if isinstance(recipe, Zone):
        return recipe
    return Zone(regions=list(recipe)) if recipe else None


class ZoneBuilder:
    """Turns recipes into fields on one body; remembers each distinct recipe's field."""

    def __init__(self, body: Body):
        self.body = body
        self.n = len(body.vertices)
        self._cache: dict[str, np.ndarray] = {}
        self._segments: dict[tuple[int, int], list[int]] = {}

    # --- names -> vertices ------------------------------------------------------------------
    def landmark_vertex(self, base: str) -> int:
        lm = self.body.landmarks.get(sided_id(base, "left")) or self.body.landmarks[base]
        return lm.vertex

    def region_mask(self, bases) -> np.ndarray:
        mask = np.zeros(self.n, dtype=bool)
        for base in bases:
            r = self.body.region_index.get(sided_id(base, "left")) or self.body.region_index[base]
            mask[self.body.region_vertices[r.index]] = True
        return mask

    # --- signed distances ---------------------------------------------------------------------
    def _distance(self, sources, limit: float) -> np.ndarray:
        # The edge graph is symmetric, so the directed search gives the same distances without
        # scipy building the graph's transpose on every call.
        return csgraph.dijkstra(self.body.graph, directed=True, indices=sources, min_only=True,
                                limit=limit)

    def _mask_distance(self, mask: np.ndarray) -> np.ndarray:
        """Signed distance to the border half-way between inside and outside vertices."""
        if mask.all():
            return np.full(self.n, -REACH_CM)
        if not mask.any():
            return np.full(self.n, REACH_CM)
        # Any path between inside and outside crosses the border ring, so start from it only.
        g = self.body.graph
        touches_in = (g @ mask.astype(np.float64)) > 0
        touches_out = (g @ (~mask).astype(np.float64)) > 0
        out = self._distance(np.flatnonzero(mask & touches_out), 2 * REACH_CM)
        inside = self._distance(np.flatnonzero(~mask & touches_in), 2 * REACH_CM)
        out = np.minimum(np.where(mask, 0.0, out), 2 * REACH_CM)
        inside = np.minimum(np.where(mask, inside, 0.0), 2 * REACH_CM)
        return (out - inside) / 2.0

    def _patch(self, patch: Patch) -> np.ndarray:
        d = self._distance([self.landmark_vertex(patch.at)], patch.radius + REACH_CM)
        return np.minimum(d, patch.radius + REACH_CM) - patch.radius

    def band_path(self, band: Band) -> np.ndarray:
        """Vertices of the shortest skin path through the band's landmarks, in order."""
        stops = [self.landmark_vertex(b) for b in band.through]
        path = [stops[0]]
        for a, b in zip(stops, stops[1:]):
            path += self._segment(a, b)
        return np.asarray(path, dtype=np.int64)

    def _segment(self, a: int, b: int) -> list[int]:
        """The shortest skin path from vertex a to b (without a), searched once per pair: many
        recipes run bands between the same landmarks."""
        key = (a, b)
        if key not in self._segments:
            # Search only as far as a generous bound on the path's length (a skin path between
            # landmarks is rarely twice their straight distance); the whole body if that fails.
            v = self.body.vertices
            bound = 3.0 * float(np.linalg.norm(v[a] - v[b])) + 10.0
            for limit in (bound, np.inf):
                dist, pred = csgraph.dijkstra(self.body.graph, directed=True, indices=b,
                                              return_predecessors=True, limit=limit)
                if np.isfinite(dist[a]):
                    break
            steps, v = [], a
            while v != b and v >= 0:
                v = int(pred[v])
                steps.append(v)
            self._segments[key] = steps
        return self._segments[key]

    def _band(self, band: Band) -> np.ndarray:
        half = band.width / 2.0
        d = self._distance(self.band_path(band), half + REACH_CM)
        return np.minimum(d, half + REACH_CM) - half

    def _shape(self, shape: Shape, clip_midline: bool) -> np.ndarray:
        s = np.full(self.n, np.inf)
        for p in shape.patches:
            s = np.minimum(s, self._patch(p))
        for b in shape.bands:
            s = np.minimum(s, self._band(b))
        if clip_midline and np.isfinite(s).any():
            s = np.maximum(s, -self.body.vertices[:, 0].astype(np.float64))  # x > 0 is the left
        if shape.regions:
            s = np.minimum(s, self._mask_distance(self.region_mask(shape.regions)))
        return s

    def signed_distance(self, zone: Zone) -> np.ndarray:
        s = self._shape(zone, not zone.cross_midline)
        if zone.minus is not None:
            s = np.maximum(s, -self._shape(zone.minus, False))
        return s

    # --- fields ---------------------------------------------------------------------------------
    def left_field(self, recipe) -> np.ndarray:
        """Dense field for the left side (cached by recipe)."""
        zone = as_zone(recipe)
        if zone is None:
            return np.zeros(self.n, dtype=np.float32)
        key = zone.model_dump_json()
        if key not in self._cache:
            s = self.signed_distance(zone)
            field = np.clip(0.5 - s / FALLOFF_CM, 0.0, 1.0).astype(np.float32)
            if zone.both_sides:
                field = np.maximum(field, field[self.body.mirror])
            self._cache[key] = field
        return self._cache[key]

    def on_side(self, field: np.ndarray, side: str) -> np.ndarray:
        return field[self.body.mirror] if side == "right" else field

    def pair(self, essential, spillover, side: str) -> tuple[Field, Field]:
        """(essential, spillover) fields for one side; spillover = spillover minus essential."""
        e = self.on_side(self.left_field(essential), side)
        s = self.on_side(self.left_field(spillover), side)
        return Field.from_dense(e), Field.from_dense(np.clip(s - e, 0.0, 1.0))


def iso_line(faces: np.ndarray, values: np.ndarray, level: float = 0.5):
    """Where a per-vertex field crosses ``level``, triangle by triangle (marching triangles).

    Returns (a, b, t): int arrays (n, 2) and a float array (n, 2), one row per segment; each of
    its two ends lies on the mesh edge a->b at ``V[a] + (V[b] - V[a]) * t``.  The segments join
    into a smooth line through the triangles (the field is linear inside each)."""
    val = np.asarray(values, dtype=np.float64)
    above = val[faces] >= level
    tri = faces[above.any(axis=1) & ~above.all(axis=1)]  # each such triangle is cut twice
    if not len(tri):
        empty = np.zeros((0, 2), dtype=np.int64)
        return empty, empty.copy(), np.zeros((0, 2))
    ends = np.stack([tri[:, [0, 1]], tri[:, [1, 2]], tri[:, [2, 0]]], axis=1)  # (n, 3, 2)
    va, vb = val[ends[..., 0]], val[ends[..., 1]]
    cut = (va >= level) != (vb >= level)
    order = np.argsort(~cut, axis=1, kind="stable")[:, :2]  # the two cut edges of each triangle
    ends = np.take_along_axis(ends, order[:, :, None], axis=1)
    va, vb = np.take_along_axis(va, order, axis=1), np.take_along_axis(vb, order, axis=1)
    t = np.clip((level - va) / (vb - va), 0.0, 1.0)
    return ends[..., 0], ends[..., 1], t
