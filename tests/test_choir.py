"""CHOIR body-map codes: every region has them, on the right view and side, and they are current."""

import json
import sys

from tests.conftest import ROOT


def test_every_region_has_choir_codes_on_its_own_side(body):
    for r in body.regions:
        assert r.choir, r.id
        for code in r.choir:
            assert 101 <= code <= 136 or 201 <= code <= 238
    segs = {s["id"]: s for s in json.loads((ROOT / "meshes/choir_polygons.json").read_text())["segments"]}
    for r in body.regions:
        if r.side in ("left", "right"):
            assert segs[r.choir[0]]["body_side"] == r.side, (r.id, r.choir)


def test_known_regions_land_in_the_expected_segments(body):
    idx = body.region_index
    assert idx["calf_l"].choir[0] == 233            # back, left lower leg
    assert idx["front_of_thigh_r"].choir[0] == 126  # front, right upper leg
    assert idx["between_shoulder_blades_l"].choir[0] == 208
    assert idx["lumbar_r"].choir[0] == 219
    assert idx["palm_l"].choir[0] == 128
    assert idx["forehead_l"].choir[0] in (102, 104)


def test_committed_codes_match_the_recipe():
    sys.path.insert(0, str(ROOT / "meshes"))
    try:
        import choir
    finally:
        sys.path.pop(0)
    committed = json.loads((ROOT / "meshes/choir_codes.json").read_text())
    assert choir.compute() == committed, "run: python meshes/choir.py"
