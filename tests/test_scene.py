"""The packed body asset the browser draws: exact faces, sub-millimetre vertices, compact."""

import gzip

import numpy as np

import atlas
from atlas.views.scene import decode_faces, dequantise, outline_points, unpack


def test_asset_round_trips_and_is_compact():
    scene = atlas.load().scene
    arrays, meta = unpack(scene.asset)
    body = scene.body
    verts = dequantise(arrays["vertices_q"], meta["origin"], meta["scale"], meta["vertices"])
    assert np.abs(verts - body.vertices).max() < 0.01  # under 0.1 mm
    assert np.array_equal(decode_faces(arrays["faces_rel"]), body.faces)
    assert len(meta["marker_names"]) == meta["markers"] and "(right)" in meta["marker_names"][1]
    assert meta["markers"] == len(scene.markers) == sum(len(tp.sides) for tp in scene.cat.points.values())
    assert len(gzip.compress(scene.asset)) < 200_000


def _outline(muscle, side="left"):
    a = atlas.load()
    foot = a.catalogue.muscles[muscle].footprint[side]
    return a.scene.outline(foot), foot


def test_outline_is_the_half_line_of_the_footprint_field_in_closed_loops():
    scene = atlas.load().scene
    body = scene.body
    wire, foot = _outline("masseter")
    segs = outline_points(body, wire)
    assert len(segs) > 20
    # each end sits where the field, read linearly along its mesh edge, is one half
    field = foot.dense(len(body.vertices))
    i = 0
    while i < len(wire):
        n = wire[i]
        pts = np.asarray(wire[i + 1:i + 1 + 3 * n]).reshape(-1, 3)
        t = pts[:, 2] / 255
        assert np.allclose(field[pts[:, 0]] + (field[pts[:, 1]] - field[pts[:, 0]]) * t, 0.5, atol=0.01)
        assert tuple(pts[0]) == tuple(pts[-1])  # a closed loop round the muscle
        i += 1 + 3 * n
    assert (segs[..., 0] > 0).all()  # all on the muscle's own (left) side


def test_masseter_outline_stays_on_the_jaw_and_temporalis_leaves_the_brow_out():
    """The old region unions ran the masseter into the neck and up to the temple, and took the
    brow into the temporalis; the footprint recipes keep each on its muscle."""
    body = atlas.load().body
    lm = lambda name: body.vertices[body.landmarks[name].vertex]  # noqa: E731
    wire, foot = _outline("masseter")
    ys = outline_points(body, wire)[..., 1]
    assert ys.min() >= lm("angle_of_mandible_l")[1] - 0.5  # not below the jaw angle: no neck
    assert ys.max() < lm("temple_l")[1] - 0.5  # stops at the cheekbone arch, below the temple
    field = foot.dense(len(body.vertices))
    assert field[body.landmarks["tmj_l"].vertex] > 0.5 and field[body.landmarks["body_of_mandible_l"].vertex] > 0.5
    wire, foot = _outline("temporalis")
    field = foot.dense(len(body.vertices))
    assert field[body.landmarks["supraorbital_ridge_l"].vertex] == 0  # no brow
    assert field[body.landmarks["anterior_temple_l"].vertex] > 0.5 and field[body.landmarks["above_the_ear_l"].vertex] > 0.5
    assert (outline_points(body, wire)[..., 2] < lm("lateral_orbit_l")[2]).all()  # behind the eye socket
    # the right side is the mirror image
    right = outline_points(body, _outline("masseter", "right")[0])
    left = outline_points(body, _outline("masseter")[0])
    assert (right[..., 0] < 0).all() and abs(len(right) - len(left)) <= 0.1 * len(left)


def test_cameras_frame_the_point_and_its_zone():
    scene = atlas.load().scene
    cam = scene.camera_for("soleus_tp1", "left")
    focal, pos = np.array(cam["focal"]), np.array(cam["position"])
    tp = scene.cat.points["soleus_tp1"]
    assert np.linalg.norm(scene.body.vertices[tp.vertex["left"]] - focal) < 60
    assert pos[2] < focal[2]  # a calf point is seen from behind
    assert set(scene.presets) == {"front", "back", "left", "right", "head"}


def test_every_dot_sits_on_outer_skin_that_some_view_sees():
    """A point resolved onto the inside of the mouth or the eye socket would be a dot nobody can
    see or click (buccinator and orbicularis oculi once were)."""
    import itertools

    scene = atlas.load().scene
    body = scene.body
    dirs = [np.array(d, float) / np.linalg.norm(d) for d in itertools.product((-1, 0, 1), repeat=3) if any(d)]
    unseen = []
    for pid, tp in scene.cat.points.items():
        for side in tp.sides:
            v = tp.vertex[side]
            n = body.normals[v].astype(float) / np.linalg.norm(body.normals[v].astype(float))
            if not any(n @ d > 0.2 and scene.unhidden(d)[v] for d in dirs):
                unseen.append((pid, side))
    assert unseen == []


def test_a_point_shown_in_one_view_faces_the_camera():
    """When one view can show a point and its essential zone, the app's camera is that view: the
    dot is in sight, with no 'out of sight' note (masseter TP1 was seen from the wrong cheek,
    its zone's tooth regions inside the mouth pulling the view round)."""
    scene = atlas.load().scene
    body = scene.body
    away = []
    for pid, tp in scene.cat.points.items():
        for side in tp.sides:
            if scene.view_plan(pid, side).two:
                continue
            cam = scene.camera_for(pid, side)
            v = tp.vertex[side]
            if body.normals[v].astype(float) @ np.subtract(cam["position"], body.vertices[v]) <= 0:
                away.append((pid, side))
    assert away == []
    masseter = scene.camera_for("masseter_tp1", "left")
    assert masseter["position"][0] > masseter["focal"][0]  # the left cheek is seen from the left


def test_the_outline_sent_to_the_browser_is_the_outline_packed():
    import base64

    scene = atlas.load().scene
    foot = scene.cat.muscles["trapezius" if "trapezius" in scene.cat.muscles else "upper_trapezius"].footprint["left"]
    ints = scene.outline(foot)
    wire = scene.outline_wire(foot)
    assert np.frombuffer(base64.b64decode(wire), dtype="<u2").tolist() == ints
    assert len(wire) < 0.6 * len(",".join(map(str, ints)))  # about half a JSON list's bytes
