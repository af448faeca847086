"""Give every region the CHOIR body-map segments it covers; writes meshes/choir_codes.json.

The CHOIR body map (Scherrer et al., PAIN Reports 2021;6(1):e880) splits a front and a back
drawing into 74 numbered segments.  Its polygons (CHOIRBM, MIT licence) are in
choir_polygons.json, in the drawing's pixels (y down).  Each skin vertex is projected onto the
front drawing if its normal faces forward, else onto the back drawing:
- head, neck, trunk and pelvis: an orthographic projection scaled so the head top and the soles
  match the drawing;
- legs: the same, but measured from each leg's own axis (our A-pose spreads the legs wider than
  the drawing does);
- arms: by region name (upper arm -> "Bicep", elbow, forearm, wrist, hand), since the drawing's
  arms hang at a different angle from ours.
A region lists the segments that hold at least 15% of its area (largest first).

Run:  python meshes/choir.py        (after editing regions.yaml or landmarks.yaml)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from atlas.body.anatomy import load_body  # noqa: E402

OUT = HERE / "choir_codes.json"
TOP_PX, SOLE_PX = 13.0, 564.0
MIDLINE_PX = {"front": 140.5, "back": 146.5}
LEG_OFFSET_PX = 25.0
MIN_SHARE = 0.15
# Arm regions by CHOIR part name; hands show the palm on the front map and the back of the hand
# on the back map.
ARM_PART = {
    "front_of_upper_arm": "Bicep", "back_of_upper_arm": "Bicep", "lateral_upper_arm": "Bicep",
    "medial_upper_arm": "Bicep", "lateral_elbow": "Elbow", "medial_elbow": "Elbow",
    "back_of_elbow": "Elbow", "front_of_elbow": "Elbow", "forearm_dorsal": "Forearm",
    "forearm_palmar": "Forearm", "forearm_radial": "Forearm", "forearm_ulnar": "Forearm",
    "wrist_dorsal": "Wrist", "wrist_palmar": "Wrist",
}
HAND_VIEW = {"back_of_hand": "back", "thumb_web": "back", "wrist_dorsal": "back",
             "forearm_dorsal": "back", "back_of_elbow": "back", "back_of_upper_arm": "back",
             "knuckles": "back", "back_of_thumb": "back", "snuffbox": "back"}


def inside(points: np.ndarray, poly: np.ndarray) -> np.ndarray:
    """Even-odd point-in-polygon test for many points at once."""
    x, y = points[:, 0][:, None], points[:, 1][:, None]
    x0, y0 = poly[:, 0][None, :], poly[:, 1][None, :]
    x1, y1 = np.roll(poly[:, 0], -1)[None, :], np.roll(poly[:, 1], -1)[None, :]
    crosses = ((y0 > y) != (y1 > y)) & (x < (x1 - x0) * (y - y0) / np.where(y1 == y0, 1e-12, y1 - y0) + x0)
    return crosses.sum(axis=1) % 2 == 1


def leg_axis_x(body, y: np.ndarray) -> np.ndarray:
    """x of the left leg's axis (hip, knee, ankle joints) at height y."""
    joints = [body.joints[n] for n in ("l-ankle", "l-knee", "l-upper-leg")]
    ys = [float(j[1]) for j in joints]
    xs = [float(j[0]) for j in joints]
    return np.interp(y, ys, xs)


def project(body, areas: np.ndarray, view: str) -> np.ndarray:
    v = body.vertices.astype(np.float64)
    scale = (SOLE_PX - TOP_PX) / (v[:, 1].max() - v[:, 1].min())
    flip = 1.0 if view == "front" else -1.0
    x = v[:, 0].copy()
    legs = np.isin(areas, ["thigh", "leg", "foot"])
    side = np.sign(v[:, 0])
    axis = leg_axis_x(body, v[:, 1]) * side
    x[legs] = side[legs] * LEG_OFFSET_PX / scale + (v[legs, 0] - axis[legs])
    px = MIDLINE_PX[view] + flip * scale * x
    py = SOLE_PX - scale * (v[:, 1] - v[:, 1].min())
    return np.stack([px, py], axis=1)


def vertex_codes(body, segments) -> np.ndarray:
    areas = np.array([body.regions[i].area for i in body.region_of_vertex])
    bases = np.array([body.regions[i].base for i in body.region_of_vertex])
    sides = np.where(body.vertices[:, 0] >= 0, "left", "right")
    facing = np.where(body.normals[:, 2] >= 0, "front", "back")
    codes = np.zeros(len(body.vertices), dtype=int)
    for view in ("front", "back"):
        pts = project(body, areas, view)
        segs = [s for s in segments if s["view"] == view]
        todo = facing == view
        for s in segs:
            hit = todo & (codes == 0) & inside(pts, np.asarray(s["polygon"], dtype=float))
            codes[hit] = s["id"]
        left = np.flatnonzero(todo & (codes == 0))
        if len(left):  # small gaps between the drawing's polygons: nearest centroid, same side
            cents = np.array([s["centroid"] for s in segs])
            d = np.linalg.norm(pts[left][:, None, :] - cents[None], axis=2)
            same = np.array([[s["body_side"] == sides[i] for s in segs] for i in left])
            d[~same] = np.inf
            codes[left] = np.array([segs[k]["id"] for k in d.argmin(axis=1)])
    by_name = {(s["view"], s["body_side"], s["name"].split(" (")[0]): s["id"] for s in segments}
    for i in range(len(codes)):
        part = ARM_PART.get(bases[i]) or ("Hand" if areas[i] == "hand" else None)
        if part is None:
            continue
        view = HAND_VIEW.get(bases[i], "front" if areas[i] == "hand" else facing[i])
        codes[i] = by_name[(view, sides[i], part)]
    return codes


def region_codes(body, codes: np.ndarray) -> dict[str, list[int]]:
    out = {}
    for r in body.regions:
        vs = body.region_vertices[r.index]
        area = body.vertex_area[vs]
        ids, inv = np.unique(codes[vs], return_inverse=True)
        share = np.bincount(inv, weights=area) / area.sum()
        order = np.argsort(-share)
        keep = [int(ids[k]) for k in order if share[k] >= MIN_SHARE] or [int(ids[order[0]])]
        out[r.id] = keep
    return out


def compute() -> dict[str, list[int]]:
    body = load_body(HERE, with_choir=False)
    segments = json.loads((HERE / "choir_polygons.json").read_text())["segments"]
    return region_codes(body, vertex_codes(body, segments))


def main() -> int:
    data = compute()
    text = json.dumps(data, indent=1, sort_keys=True) + "\n"
    OUT.write_text(text)
    print(f"wrote {OUT} ({len(data)} regions)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
