"""What the browser draws, as plain data (no Panel): the packed body asset, trigger point markers,
zone states per region, footprint outlines and camera positions.

The packed asset is one binary blob: a 4-byte little-endian header length, a JSON header naming
each array (dtype, offset, length), then the arrays, each 8-byte aligned.  The server serves it
(cached, compressed) and the HTML export embeds it; the JS component reads both the same way.
"""

from __future__ import annotations

import base64
import json
import struct
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from atlas.body.zones import iso_line
from atlas.content.catalog import Catalogue
from atlas.data.vocabulary import BODY_AREAS
from atlas.views import palette

MARKER_LIFT_CM = 0.35
VIEW_ANGLE = 30.0
# The named views a plan chooses from: direction from the body toward the camera.
NAMED_VIEWS = {"front": (0.0, 0.0, 1.0), "back": (0.0, 0.0, -1.0),
               "left": (1.0, 0.0, 0.0), "right": (-1.0, 0.0, 0.0)}
WHOLE_ZONE_SHARE = 0.85  # the share of the essential zone (by area and field value) "whole" means
PAIR_GAIN = 0.1  # two views only when together they show this much more of the zone than one
FACING = 0.5  # skin is seen from a view when it faces it within 60 degrees (normal . direction)


def pack(arrays: dict[str, np.ndarray], meta: dict | None = None) -> bytes:
    """Pack named arrays into the asset format described in the module docstring."""
    header = {"arrays": {}, "meta": meta or {}}
    offset, chunks = 0, []
    for name, arr in arrays.items():
        arr = np.ascontiguousarray(arr)
        pad = (-offset) % 8
        chunks.append(b"\0" * pad)
        offset += pad
        header["arrays"][name] = {"dtype": arr.dtype.name, "offset": offset, "length": int(arr.size)}
        chunks.append(arr.tobytes())
        offset += arr.nbytes
    head = json.dumps(header, separators=(",", ":")).encode()
    head += b" " * ((-len(head) - 4) % 8)
    return struct.pack("<I", len(head)) + head + b"".join(chunks)


def unpack(blob: bytes) -> tuple[dict[str, np.ndarray], dict]:
    (n,) = struct.unpack_from("<I", blob, 0)
    header = json.loads(blob[4:4 + n])
    base = 4 + n
    out = {}
    for name, spec in header["arrays"].items():
        dt = np.dtype(spec["dtype"])
        out[name] = np.frombuffer(blob, dtype=dt, count=spec["length"], offset=base + spec["offset"])
    return out, header["meta"]


def quantise(vertices: np.ndarray):
    """Vertices as 16-bit steps inside their bounding box (under 0.03 mm for a 2 m body),
    stored per axis as wrapping differences so that gzip finds the repetition."""
    v = vertices.astype(np.float64)
    lo = v.min(axis=0)
    scale = np.maximum(v.max(axis=0) - lo, 1e-9) / 65535.0
    q = np.round((v - lo) / scale).astype(np.int64)
    delta = np.diff(q, axis=0, prepend=0) % 65536
    return lo, scale, delta.T.astype(np.uint16).ravel()


def dequantise(delta: np.ndarray, lo, scale, n: int) -> np.ndarray:
    q = np.cumsum(delta.reshape(3, n).astype(np.int64), axis=1) % 65536
    return q.T * np.asarray(scale) + np.asarray(lo)


def encode_faces(faces: np.ndarray) -> np.ndarray:
    """Per face: first index as a difference from the previous face's, then the other two
    relative to the first (int16; the skin has fewer than 32,768 vertices)."""
    f = faces.astype(np.int64)
    first = np.diff(f[:, 0], prepend=0)
    out = np.stack([first, f[:, 1] - f[:, 0], f[:, 2] - f[:, 0]], axis=1)
    if np.abs(out).max() > 32767:
        raise ValueError("mesh too large for 16-bit face encoding")
    return out.astype(np.int16).ravel()


def decode_faces(enc: np.ndarray) -> np.ndarray:
    e = enc.reshape(-1, 3).astype(np.int64)
    first = np.cumsum(e[:, 0])
    return np.stack([first, first + e[:, 1], first + e[:, 2]], axis=1)


@dataclass(frozen=True)
class ViewPlan:
    """Which view(s) show a point and its whole essential zone: one, or two side by side.

    ``views`` are named views ("front", "back", "left", "right"), the point's own first;
    ``directions`` the camera directions (body toward camera), ``shares`` the part of the
    essential zone each view shows, ``point_seen`` whether each view shows the point."""

    views: tuple[str, ...]
    directions: tuple[tuple[float, float, float], ...]
    shares: tuple[float, ...]
    point_seen: tuple[bool, ...]

    @property
    def two(self) -> bool:
        return len(self.views) == 2


@dataclass(frozen=True)
class Marker:
    index: int
    point: str
    side: str
    vertex: int
    area: str


class Scene:
    """Shared, read-only drawing data for one catalogue (built once per process)."""

    def __init__(self, catalogue: Catalogue):
        self.cat = catalogue
        self.body = catalogue.body
        self._unhidden: dict[tuple, np.ndarray] = {}  # view direction -> Scene.unhidden

    @cached_property
    def markers(self) -> list[Marker]:
        out = []
        for tp in self.cat.points.values():
            area = self.cat.muscles[tp.muscle].area
            for side in tp.sides:
                out.append(Marker(len(out), tp.id, side, tp.vertex[side], area))
        return out

    def marker_name(self, m: Marker) -> str:
        """What hovering a dot says: "Quadratus lumborum - Superficial lateral point (right)"."""
        tp = self.cat.points[m.point]
        return f"{self.cat.muscles[tp.muscle].name} \u2013 {tp.name} ({m.side})"

    @cached_property
    def marker_index(self) -> dict[tuple[str, str], int]:
        return {(m.point, m.side): m.index for m in self.markers}

    @cached_property
    def asset(self) -> bytes:
        """The packed body + markers, identical for every session."""
        b = self.body
        verts = [m.vertex for m in self.markers]
        pos = b.vertices[verts] + b.normals[verts] * MARKER_LIFT_CM
        colours = np.array([palette.rgb(palette.AREAS[m.area]) for m in self.markers], dtype=np.uint8)
        lo, scale, qverts = quantise(b.vertices)
        arrays = {
            "vertices_q": qverts,
            "faces_rel": encode_faces(b.faces),
            "marker_positions": pos.astype(np.float32).ravel(),
            "marker_normals": np.round(b.normals[verts] * 127).astype(np.int8).ravel(),
            "marker_colours": colours.ravel(),
        }
        meta = {"regions": len(b.regions), "markers": len(self.markers), "vertices": len(b.vertices),
                "origin": [float(x) for x in lo], "scale": [float(x) for x in scale],
                "areas": {a: palette.AREAS[a] for a in BODY_AREAS},
                "marker_names": [self.marker_name(m) for m in self.markers],
                "marker_reference_distance": round(self._front_distance, 1),
                "palette": palette.for_browser(), "edge_ramp": list(palette.EDGE_RAMP),
                "palettes": {name: palette.for_browser(name) for name in palette.SCHEMES}}
        return pack(arrays, meta)

    # --- per-selection drawing data --------------------------------------------------------------
    def zone_fields(self, point: str, side: str) -> tuple[np.ndarray, np.ndarray]:
        """Dense (essential, spillover) fields in [0, 1] per skin vertex, for renderers."""
        tp = self.cat.points[point]
        n = len(self.body.vertices)
        return tp.essential_field[side].dense(n), tp.spillover_field[side].dense(n)

    def zone_wire(self, point: str, side: str) -> str:
        """The selection's fields for the browser, sparse and quantised, as base64 text.

        Layout: n uint16 vertex indices (little-endian), then n uint8 essential levels, then n
        uint8 spillover levels (0..255); n = bytes / 4.  About 5 bytes of text per vertex.
        """
        ess, spill = self.zone_fields(point, side)
        q_e = np.round(ess * 255).astype(np.uint8)
        q_s = np.round(spill * 255).astype(np.uint8)
        idx = np.flatnonzero((q_e > 0) | (q_s > 0))
        blob = idx.astype("<u2").tobytes() + q_e[idx].tobytes() + q_s[idx].tobytes()
        return base64.b64encode(blob).decode("ascii")

    def outline(self, footprint) -> list[int]:
        """A muscle's outline: the iso-line at one half of its footprint field (a sparse
        :class:`~atlas.body.zones.Field`), as polylines in one flat list of ints: for each
        polyline its point count ``n``, then ``a, b, q`` per point, the point lying on mesh edge
        a->b at ``V[a] + (V[b] - V[a]) * q / 255``.  A closed loop ends on its first point."""
        a, b, t = outline_segments(self.body, footprint)
        out: list[int] = []
        for line in _chain(a, b, t):
            out.append(len(line))
            out.extend(x for p in line for x in p)
        return out

    def outline_wire(self, footprint) -> str:
        """:meth:`outline` for the browser: the same ints as little-endian uint16, base64 text
        (about half the bytes of a JSON list; every int is a vertex index, a count or 0..255)."""
        ints = np.asarray(self.outline(footprint), dtype=np.int64)
        if len(ints) and ints.max() > 0xFFFF:
            raise ValueError("outline_wire packs vertex indices as uint16; this mesh has more vertices")
        return base64.b64encode(ints.astype("<u2").tobytes()).decode("ascii")

    # --- cameras -------------------------------------------------------------------------------
    @property
    def _front_distance(self) -> float:
        v = self.body.vertices
        return float((v[:, 1].max() - v[:, 1].min()) * 0.56 / np.tan(np.radians(VIEW_ANGLE / 2)))

    @cached_property
    def presets(self) -> dict[str, dict]:
        v = self.body.vertices
        lo, hi = v.min(axis=0), v.max(axis=0)
        centre = (lo + hi) / 2
        dist = self._front_distance
        head = np.array([0.0, hi[1] - 14.0, 4.0])
        cams = {
            "front": (centre, (0, 0, 1), dist), "back": (centre, (0, 0, -1), dist),
            "left": (centre, (1, 0, 0), dist), "right": (centre, (-1, 0, 0), dist),
            "head": (head, (0.45, 0.05, 1.0), 75.0),
        }
        return {name: camera(f, d, dd) for name, (f, d, dd) in cams.items()}

    def camera_for(self, point: str, side: str, painted_vertices=(), lead: str = "zone") -> dict:
        """A camera that frames the point and its whole referral zone (and any painted pain).

        ``lead="zone"`` (the app, exports) looks along :meth:`view_plan`'s single view when it
        has one: the zone's mean direction alone can look past the point (masseter TP1: the
        tooth regions inside the mouth face inward, and the cheek's point ended up out of
        sight); with two views, or ``lead="point"``, along :meth:`view_direction`."""
        plan = self.view_plan(point, side) if lead == "zone" else None
        direction = (plan.directions[0] if plan is not None and not plan.two
                     else self.view_direction(point, side, painted_vertices, lead))
        return self.camera_along(point, side, direction, painted_vertices)

    def view_direction(self, point: str, side: str, painted_vertices=(), lead: str = "zone") -> np.ndarray:
        """The direction (body toward camera) of the best single view of a point.

        ``lead="zone"`` (the app) looks at the essential zone and brings the point in when it
        faces the same way; ``lead="point"`` (charts, which add a second view when needed)
        looks from the point's side, leaning toward the zone.
        """
        b = self.body
        tp = self.cat.points[point]
        n_point = b.normals[tp.vertex[side]].astype(np.float64)
        if lead == "point":
            verts = self._zone_vertices(point, side, painted_vertices)
            return b.normals[verts].astype(np.float64).mean(axis=0) + 0.8 * n_point

        def facing(field) -> np.ndarray:  # the zone's area-weighted outward direction
            if field.empty:
                return np.zeros(3)
            w = field.value * b.vertex_area[field.index]
            d = (b.normals[field.index].astype(np.float64) * w[:, None]).sum(axis=0)
            return d / max(np.linalg.norm(d), 1e-9)

        # The essential zone is what the view must show; the point joins in when it faces the
        # same way, otherwise the view stays on the zone and the 3D view says where the point is.
        direction = facing(tp.essential_field[side]) + 0.3 * facing(tp.spillover_field[side])
        if n_point @ direction > -0.2 * np.linalg.norm(direction):
            direction = direction + 0.6 * n_point
        if np.linalg.norm(direction) < 1e-6:
            direction = n_point
        return direction

    def view_plan(self, point: str, side: str, also=()) -> ViewPlan:
        """One view when it frames the point and (nearly) its whole essential zone, else the
        two named views that do together: the point's own view and the one that shows most of
        the rest (e.g. infraspinatus TP1: back and front).  ``also`` adds skin vertices that
        must be seen too (a second point's zone when comparing).

        One view is tried along the app's and the charts' own directions, the four named views
        and the four diagonals between them.  Seen means facing the view within 60 degrees
        (normal . direction > FACING; skin seen more edge-on is too foreshortened to read), from the zone field and the
        skin normals only: cheap, no rendering; a limb in front of the torso is not counted
        (the PNG charts' depth buffer still marks a hidden point faintly)."""
        b = self.body
        tp = self.cat.points[point]
        field = tp.essential_field[side]
        idx = np.concatenate([field.index.astype(np.int64), np.asarray(list(also), dtype=np.int64)])
        weight = np.concatenate([field.value.astype(np.float64), np.ones(len(also))]) * b.vertex_area[idx]
        normals = b.normals[idx].astype(np.float64)
        n_point = b.normals[tp.vertex[side]].astype(np.float64)

        def seen(direction) -> np.ndarray:
            d = np.asarray(direction, dtype=np.float64)
            return (normals @ (d / np.linalg.norm(d)) > FACING) & self.unhidden(d)[idx]

        def point_faces(direction) -> bool:
            d = np.asarray(direction, dtype=np.float64)
            return bool(n_point @ (d / np.linalg.norm(d)) > FACING)

        single = {"zone": self.view_direction(point, side, lead="zone"),
                  "point": self.view_direction(point, side, lead="point"), **NAMED_VIEWS,
                  **{f"{a}-{b}": np.add(NAMED_VIEWS[a], NAMED_VIEWS[b]) for a in ("front", "back")
                     for b in ("left", "right")}}
        # the zone's skin that some view can see at all (not the inside of the mouth, say)
        seeable = np.zeros(len(idx), dtype=bool)
        for d in single.values():
            seeable |= seen(d)
        weight = np.where(seeable, weight, 0.0)
        total = max(float(weight.sum()), 1e-9)
        best = max(single, key=lambda k: (point_faces(single[k]), float(weight[seen(single[k])].sum())))
        share = float(weight[seen(single[best])].sum()) / total
        if point_faces(single[best]) and share >= WHOLE_ZONE_SHARE:
            d = tuple(float(x) for x in single[best])
            return ViewPlan((nearest_view(d),), (d,), (share,), (True,))
        first = max((k for k in NAMED_VIEWS), key=lambda k: float(n_point @ NAMED_VIEWS[k]))
        rest = ~seen(NAMED_VIEWS[first])
        second = max((k for k in NAMED_VIEWS if k != first),
                     key=lambda k: float(weight[rest & seen(NAMED_VIEWS[k])].sum()))
        union = float(weight[seen(NAMED_VIEWS[first]) | seen(NAMED_VIEWS[second])].sum()) / total
        if point_faces(single[best]) and union < share + PAIR_GAIN:  # a second view adds little
            d = tuple(float(x) for x in single[best])
            return ViewPlan((nearest_view(d),), (d,), (share,), (True,))
        views = (first, second)
        return ViewPlan(views, tuple(NAMED_VIEWS[v] for v in views),
                        tuple(float(weight[seen(NAMED_VIEWS[v])].sum()) / total for v in views),
                        tuple(point_faces(NAMED_VIEWS[v]) for v in views))

    def unhidden(self, direction, cell_cm: float = 1.0, slack_cm: float = 1.5) -> np.ndarray:
        """Per skin vertex: not hidden behind other skin from ``direction`` (cached)."""
        key = tuple(round(float(x), 4) for x in direction)
        if key not in self._unhidden:  # the named views and diagonals come back every time
            if len(self._unhidden) > 64:
                self._unhidden.clear()
            self._unhidden[key] = self._depth_test(np.asarray(direction, dtype=np.float64), cell_cm, slack_cm)
        return self._unhidden[key]

    def _depth_test(self, d, cell_cm, slack_cm) -> np.ndarray:
        """Per skin vertex: True unless other skin lies in front of it, looking along
        ``-direction`` (an orthographic depth test over ``cell_cm`` squares: skin inside the
        mouth or the far side of a limb is hidden)."""
        d = d / np.linalg.norm(d)
        u = np.cross(d, [0.0, 1.0, 0.0] if abs(d[1]) < 0.9 else [1.0, 0.0, 0.0])
        u /= np.linalg.norm(u)
        w = np.cross(d, u)
        v = self.body.vertices.astype(np.float64)
        cells = np.floor(np.stack([v @ u, v @ w], axis=1) / cell_cm).astype(np.int64)
        cells -= cells.min(axis=0)
        key = cells[:, 0] * (cells[:, 1].max() + 1) + cells[:, 1]
        depth = v @ d
        front = np.full(key.max() + 1, -np.inf)
        np.maximum.at(front, key, depth)
        return depth >= front[key] - slack_cm

    def plan_cameras(self, plan: ViewPlan, point: str, side: str, painted_vertices=(),
                     aspect: float = 1.0) -> list[dict]:
        """One camera per view of ``plan``, each framing the point and its whole zone."""
        return [self.camera_along(point, side, d, painted_vertices, aspect=aspect) for d in plan.directions]

    def _zone_vertices(self, point: str, side: str, painted_vertices=()) -> np.ndarray:
        tp = self.cat.points[point]
        zone = np.concatenate([tp.essential_field[side].index, tp.spillover_field[side].index])
        parts = [zone.astype(np.int64), np.asarray([tp.vertex[side]]),
                 np.asarray(list(painted_vertices), dtype=np.int64)]
        return np.concatenate(parts).astype(np.int64)

    def camera_along(self, point: str, side: str, direction, painted_vertices=(),
                     min_radius: float = 12.0, aspect: float = 1.0) -> dict:
        """A camera looking along ``direction`` (from the body toward the camera) that frames the
        point and its whole referral zone; charts use it for a second view or a fixed side.
        ``aspect`` is the picture's width / height: a narrow picture needs the camera farther."""
        pts = self.body.vertices[self._zone_vertices(point, side, painted_vertices)].astype(np.float64)
        focal = (pts.min(axis=0) + pts.max(axis=0)) / 2
        direction = np.asarray(direction, dtype=np.float64).copy()
        direction[1] *= 0.3  # prefer looking from the side rather than from above or below
        if np.linalg.norm(direction) < 1e-6:
            direction = np.array([0.0, 0.0, 1.0])
        radius = max(float(np.linalg.norm(pts - focal, axis=1).max()), min_radius)
        fit = radius * 1.25 / min(1.0, aspect)
        return camera(focal, direction, fit / np.tan(np.radians(VIEW_ANGLE / 2)))

def nearest_view(direction) -> str:
    """The named view (front, back, left, right) nearest to a direction (body toward camera)."""
    d = np.asarray(direction, dtype=np.float64)
    d = d / (np.linalg.norm(d) or 1.0)
    return max(NAMED_VIEWS, key=lambda v: float(np.dot(NAMED_VIEWS[v], d)))


def outline_segments(body, footprint):
    """(a, b, t) of the footprint's 0.5 iso-line, see :func:`atlas.body.zones.iso_line`."""
    return iso_line(body.faces, footprint.dense(len(body.vertices)), 0.5)


def _chain(a, b, t) -> list[list[tuple[int, int, int]]]:
    """Join iso-line segments that share a crossing point into polylines of (a, b, q) points."""
    def key(i, k):
        return (min(a[i, k], b[i, k]), max(a[i, k], b[i, k]))

    ends: dict[tuple, list[int]] = {}
    for i in range(len(a)):
        for k in (0, 1):
            ends.setdefault(key(i, k), []).append(i)
    used = np.zeros(len(a), dtype=bool)

    def point(i, k):  # the same crossing written the same way from either triangle
        p, q, f = int(a[i, k]), int(b[i, k]), float(t[i, k])
        return (p, q, int(round(f * 255))) if p < q else (q, p, int(round((1 - f) * 255)))

    def walk(i, k) -> list:  # from end k of segment i, along unused segments
        out = []
        while True:
            out.append(point(i, k))
            nxt = [j for j in ends[key(i, k)] if not used[j]]
            if not nxt:
                return out
            j = nxt[0]
            used[j] = True
            i, k = j, 1 if key(j, 0) == key(i, k) else 0

    lines = []
    for i in range(len(a)):
        if used[i]:
            continue
        used[i] = True
        forward = walk(i, 1)  # ends with the point where the line stops (or the loop closes)
        back = walk(i, 0)
        lines.append(back[::-1] + forward)
    return lines


def outline_points(body, outline: list[int], lift: float = 0.0) -> np.ndarray:
    """The (n, 2, 3) segment ends of an outline as :meth:`Scene.outline` writes it."""
    v = body.vertices.astype(np.float64) + body.normals * lift
    segs, i, o = [], 0, list(outline)
    while i < len(o):
        n = o[i]
        p = np.asarray(o[i + 1:i + 1 + 3 * n], dtype=np.int64).reshape(-1, 3)
        pts = v[p[:, 0]] + (v[p[:, 1]] - v[p[:, 0]]) * (p[:, 2:3] / 255.0)
        segs.extend(np.stack([pts[:-1], pts[1:]], axis=1))
        i += 1 + 3 * n
    return np.asarray(segs).reshape(-1, 2, 3)


def camera(focal, direction, distance) -> dict:
    d = np.asarray(direction, dtype=np.float64)
    d = d / np.linalg.norm(d)
    focal = np.asarray(focal, dtype=np.float64)
    pos = focal + d * float(distance)
    up = np.array([0.0, 1.0, 0.0])
    if abs(d @ up) > 0.95:
        up = np.array([0.0, 0.0, -1.0 if d[1] > 0 else 1.0])
    r = lambda a: [round(float(x), 3) for x in a]  # noqa: E731
    return {"position": r(pos), "focal": r(focal), "up": r(up), "angle": VIEW_ANGLE}
