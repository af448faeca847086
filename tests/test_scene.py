"""The packed body asset the browser draws: exact faces, sub-millimetre vertices, compact."""

import gzip

import numpy as np

import atlas
from atlas.views.scene import decode_faces, dequantise, unpack


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


def test_outline_is_the_border_of_the_footprint():
    scene = atlas.load().scene
    body = scene.body
    foot = atlas.load().catalogue.muscles["masseter"].footprint["left"]
    edges = np.asarray(scene.outline(foot)).reshape(-1, 2)
    assert len(edges) > 20
    inside = np.isin(body.region_of_vertex, foot)
    # every border edge touches the footprint, and none lies on the far side of the body
    assert inside[edges].any(axis=1).all()
    assert (body.vertices[edges.ravel(), 0] >= 0).all()


def test_cameras_frame_the_point_and_its_zone():
    scene = atlas.load().scene
    cam = scene.camera_for("soleus_tp1", "left")
    focal, pos = np.array(cam["focal"]), np.array(cam["position"])
    tp = scene.cat.points["soleus_tp1"]
    assert np.linalg.norm(scene.body.vertices[tp.vertex["left"]] - focal) < 60
    assert pos[2] < focal[2]  # a calf point is seen from behind
    assert set(scene.presets) == {"front", "back", "left", "right", "head"}
