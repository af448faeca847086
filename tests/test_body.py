"""The body: mesh asset, landmarks and region map behave as the README promises."""

import hashlib
import json
import subprocess
import sys

import numpy as np
import pytest
import trimesh

from atlas.body import geometry
from tests.conftest import ROOT

MM = 0.1  # cm


def test_asset_is_compact_and_has_provenance():
    asset = ROOT / "meshes" / "body.npz"
    assert asset.stat().st_size < 1.5e6
    prov = json.loads((ROOT / "meshes" / "PROVENANCE.json").read_text())
    assert prov["asset_sha256"] == hashlib.sha256(asset.read_bytes()).hexdigest()
    assert prov["source"]["licence"] == "CC0-1.0"
    assert prov["source"]["wheel_sha256"].startswith("bad70bdc")


def test_mesh_is_skin_only_watertight_in_cm(body):
    mesh = trimesh.Trimesh(body.vertices, body.faces, process=False)
    assert mesh.is_watertight and mesh.is_winding_consistent
    assert mesh.volume > 0  # outward normals
    height = body.vertices[:, 1].max() - body.vertices[:, 1].min()
    assert 150 < height < 190  # centimetres, a standing adult
    assert body.vertices[:, 1].min() == pytest.approx(0.0)  # feet on the floor
    # +z is the front: the nose is the most forward point of the head
    head = body.vertices[:, 1] > 140
    assert body.vertices[head, 2].max() > 12


def test_mirror_map_is_an_exact_left_right_reflection(body):
    m = body.mirror
    assert np.array_equal(m[m], np.arange(len(m)))
    reflected = body.vertices[m] * np.array([-1, 1, 1])
    assert np.abs(reflected - body.vertices).max() < MM


def test_at_least_60_landmarks_all_on_skin(body):
    assert len(body.landmarks) >= 60
    mesh = trimesh.Trimesh(body.vertices, body.faces, process=False)
    pts = np.array([body.vertices[lm.vertex] for lm in body.landmarks.values()])
    _, dist, _ = trimesh.proximity.closest_point(mesh, pts)
    assert dist.max() <= MM


def test_bilateral_landmarks_mirror_within_1cm(body):
    pairs = 0
    for lid, lm in body.landmarks.items():
        if lm.side == "left":
            right = body.landmarks[lid[:-2] + "_r"]
            a = body.vertices[lm.vertex] * np.array([-1, 1, 1])
            assert np.linalg.norm(a - body.vertices[right.vertex]) < 1.0, lid
            pairs += 1
    assert pairs >= 30


def _joint(body, name):
    return np.asarray(body.joints[name], dtype=float)


# landmark -> (nearest joint it must be close to, max distance cm, axis, sign vs joint)
PLACEMENT = {
    "lateral_epicondyle_l": ("l-elbow", 8, 0, +1),   # outer side of the left elbow
    "medial_epicondyle_l": ("l-elbow", 8, 0, -1),
    "olecranon_l": ("l-elbow", 8, 2, -1),           # behind the elbow
    "cubital_fossa_l": ("l-elbow", 8, 2, +1),
    "lateral_malleolus_l": ("l-ankle", 7, 0, +1),
    "medial_malleolus_l": ("l-ankle", 7, 0, -1),
    "calcaneus_l": ("l-ankle", 10, 2, -1),
    "patella_l": ("l-knee", 9, 2, +1),
    "popliteal_fossa_l": ("l-knee", 9, 2, -1),
    "fibular_head_l": ("l-knee", 10, 0, +1),
    "acromion_l": ("l-shoulder", 9, 1, +1),
    "greater_trochanter_l": ("l-upper-leg", 12, 0, +1),
    "ischial_tuberosity_l": ("l-upper-leg", 14, 2, -1),
    "asis_l": ("l-upper-leg", 12, 2, +1),
    "psis_l": ("pelvis", 12, 2, -1),
    "mastoid_process_l": ("head", 12, 2, -1),
    "tmj_l": ("head", 12, 2, +1),
    "external_occipital_protuberance": ("head", 12, 2, -1),
    "c7_spinous_process": ("neck", 10, 2, -1),
    "sternal_notch": ("neck", 12, 2, +1),
    "radial_styloid_r": ("r-hand", 6, 0, +1),  # thumb side of the right wrist points medially
    "ulnar_styloid_r": ("r-hand", 6, 0, -1),
}


@pytest.mark.parametrize("lid", sorted(PLACEMENT))
def test_landmark_lies_where_its_name_says(body, lid):
    joint, max_dist, axis, sign = PLACEMENT[lid]
    p = body.vertices[body.landmarks[lid].vertex]
    j = _joint(body, joint)
    assert np.linalg.norm(p - j) < max_dist
    assert np.sign(p[axis] - j[axis]) == sign


def test_left_landmarks_are_on_the_left(body):
    for lm in body.landmarks.values():
        x = body.vertices[lm.vertex, 0]
        if lm.side == "left":
            assert x > 0, lm.id
        elif lm.side == "right":
            assert x < 0, lm.id
        else:
            assert abs(x) < 1.0, lm.id


def test_every_vertex_has_exactly_one_region_none_empty(body):
    assert len(body.regions) >= 120
    assert body.region_of_vertex.shape == (len(body.vertices),)
    counts = np.bincount(body.region_of_vertex, minlength=len(body.regions))
    assert counts.min() > 0


def test_each_region_is_one_connected_patch(body):
    for r in body.regions:
        comp = geometry.components(body.graph, body.region_of_vertex == r.index)
        assert len(np.unique(comp[comp >= 0])) == 1, r.id


def test_left_and_right_regions_mirror(body):
    for v in range(0, len(body.vertices), 7):
        if body.mirror[v] == v:  # on the midline: a midline region or the left copy
            assert body.regions[body.region_of_vertex[v]].side in ("midline", "left")
            continue
        r = body.regions[body.region_of_vertex[v]]
        mr = body.regions[body.region_of_vertex[body.mirror[v]]]
        assert body.mirrored_region(r).id == mr.id


def test_region_areas_sum_to_mesh_area(body):
    mesh = trimesh.Trimesh(body.vertices, body.faces, process=False)
    assert body.region_area.sum() == pytest.approx(mesh.area, rel=1e-6)


def test_regions_cover_every_body_area_with_synonyms(body):
    from atlas.data.vocabulary import BODY_AREAS

    assert {r.area for r in body.regions} == set(BODY_AREAS)
    assert all(r.synonyms for r in body.regions)


def test_build_is_reproducible_without_network(tmp_path):
    """Running the recipe's writer twice on the same arrays gives identical bytes."""
    sys.path.insert(0, str(ROOT / "meshes"))
    try:
        import build_body
    finally:
        sys.path.pop(0)
    with np.load(ROOT / "meshes" / "body.npz") as d:
        arrays = {k: d[k] for k in d.files}
    a, b = tmp_path / "a.npz", tmp_path / "b.npz"
    build_body.write_npz(a, arrays)
    build_body.write_npz(b, arrays)
    assert a.read_bytes() == b.read_bytes() == (ROOT / "meshes" / "body.npz").read_bytes()


def test_runtime_never_imports_anny_or_torch():
    code = ("import sys, atlas; atlas.load().body; "
            "print(any(m.split('.')[0] in ('anny', 'torch') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.strip() == "False", out.stderr


def test_importing_atlas_has_no_side_effects():
    code = ("import sys, atlas; print(sorted(m for m in sys.modules "
            "if m.split('.')[0] in ('panel', 'bokeh', 'pyvista', 'vtk', 'trimesh', 'scipy')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr
