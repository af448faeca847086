"""Referral zones as smooth fields on the skin: recipes, soft edges, sides, wire size, ranking."""

import base64

import numpy as np
import pytest

import atlas
from atlas.body.zones import FALLOFF_CM, ZoneBuilder
from atlas.content.catalog import load_catalogue
from atlas.data.problems import DataError
from atlas.data.shapes import Zone
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def a():
    return atlas.load()


def test_ql_tp1_essential_field_covers_the_iliac_crest_not_the_flank_square(a):
    tp = a.catalogue.points["quadratus_lumborum_tp1"]
    crest = a.body.landmarks["iliac_crest_r"].vertex
    ess = tp.essential_field["right"].dense(len(a.body.vertices))
    assert ess[crest] == pytest.approx(1.0)
    assert ess[a.body.landmarks["iliac_crest_l"].vertex] == 0  # the right point stays right
    assert ess[a.body.landmarks["twelfth_rib_r"].vertex] < 0.5  # a band, not the whole flank


def test_patch_has_a_soft_edge_of_about_the_falloff(a):
    zb = ZoneBuilder(a.body)
    f = zb.left_field(Zone(patch={"at": "greater_trochanter", "radius": 6}))
    d = zb._distance([zb.landmark_vertex("greater_trochanter")], 20)
    assert f[d < 6 - FALLOFF_CM].min() == 1.0 and f[(d > 6 + FALLOFF_CM) & np.isfinite(d)].max() == 0.0
    soft = (f > 0.05) & (f < 0.95)
    assert soft.sum() >= 5  # a ring of in-between values, not a hard step
    assert np.all(np.abs(d[soft] - 6) <= FALLOFF_CM)


def test_right_side_mirrors_and_midline_is_respected(a):
    zb = ZoneBuilder(a.body)
    z = Zone(band={"through": ["asis", "iliac_crest", "psis"], "width": 5})
    left = zb.left_field(z)
    assert np.allclose(zb.on_side(left, "right")[a.body.mirror], left)
    assert left[a.body.vertices[:, 0] < -1.0].max() == 0.0  # does not cross without cross_midline
    crossing = zb.left_field(Zone(patch={"at": "sacrum_mid", "radius": 6}, cross_midline=True))
    assert crossing[a.body.vertices[:, 0] < -2.0].max() > 0.5


def test_minus_cuts_and_spillover_never_overlaps_essential(a):
    zb = ZoneBuilder(a.body)
    whole = zb.left_field(Zone(regions=["lateral_hip"]))
    cut = zb.left_field(Zone(regions=["lateral_hip"],
                             minus={"patch": {"at": "greater_trochanter", "radius": 4}}))
    gt = zb.landmark_vertex("greater_trochanter")
    assert whole[gt] == 1.0 and cut[gt] == 0.0
    for tp in a.catalogue.points.values():
        for side in tp.sides:
            e = tp.essential_field[side].dense(len(a.body.vertices))
            s = tp.spillover_field[side].dense(len(a.body.vertices))
            assert np.all(e + s <= 1.0 + 1e-5), tp.id


def test_bad_landmark_in_a_recipe_is_reported_with_line_and_suggestion(a, tmp_path):
    import shutil

    for f in (ROOT / "points").glob("*.yaml"):
        shutil.copy(f, tmp_path / f.name)
    p = tmp_path / "quadratus_lumborum.yaml"
    p.write_text(p.read_text().replace("through: [asis, iliac_crest, psis]",
                                       "through: [asis, iliac_crst, psis]"))
    with pytest.raises(DataError) as exc:
        load_catalogue(a.body, tmp_path)
    msg = str(exc.value.problems[0])
    assert msg.startswith("quadratus_lumborum.yaml:") and "iliac_crst" in msg and "iliac_crest" in msg


def test_fields_build_quickly_for_every_point_side(a):
    zb = ZoneBuilder(a.body)
    import yaml

    refs = [tp["referral"] for f in sorted((ROOT / "points").glob("*.yaml"))
            if isinstance(d := yaml.safe_load(f.read_text()), dict) and "trigger_points" in d
            for tp in d["trigger_points"]]
    def recipe(value):
        return Zone(**value) if isinstance(value, dict) else value

    built = 0
    for r in refs:
        for side in ("left", "right"):
            ess, spill = zb.pair(recipe(r["essential"]), recipe(r.get("spillover", [])), side)
            built += 1
    assert len(refs) == len(a.catalogue.points) and built == 2 * len(refs)
    # how fast is measured in bench/, never asserted here


def test_one_selection_update_is_under_10_kb(a):
    sizes = [len(a.scene.zone_wire(tp.id, s)) for tp in a.catalogue.points.values() for s in tp.sides]
    assert max(sizes) < 10_000
    blob = base64.b64decode(a.scene.zone_wire("quadratus_lumborum_tp1", "right"))
    n = len(blob) // 4
    idx = np.frombuffer(blob[:2 * n], "<u2")
    assert a.body.landmarks["iliac_crest_r"].vertex in idx


def test_right_side_painting_ranks_right_ql_in_the_top_3(a):
    eng = a.engine
    pain, _ = eng.pain_from_words(["right low back", "right buttock", "right side of hip"])
    top = eng.reverse_muscles(pain, limit=3)
    ql = [m for m in top if m.muscle == "quadratus_lumborum"]
    assert ql and ql[0].points[0].side == "right"
    assert "right side" in ql[0].points[0].why(eng.region_names)
    # a left point may follow only through spillover that crosses the midline (deep QL, sacrum)
    assert all(p.kind == "spillover" for p in ql[0].points if p.side == "left")


def test_pain_along_the_right_iliac_crest_and_hip_puts_right_ql_first(a):
    eng = a.engine
    pain, _ = eng.pain_from_words(["right iliac crest", "right side of hip"])
    first = eng.reverse_muscles(pain, limit=1)[0]
    assert first.muscle == "quadratus_lumborum" and {p.side for p in first.points} == {"right"}


def test_painting_both_sides_lists_both_sides(a):
    eng = a.engine
    pain, _ = eng.pain_from_words(["side of the hip"])
    ql = next(m for m in eng.reverse_muscles(pain, limit=20) if m.muscle == "quadratus_lumborum")
    assert {p.side for p in ql.points} == {"left", "right"}


def test_order_follows_the_numbers_shown(a):
    from atlas.query.engine import rank_score

    eng = a.engine
    pain, _ = eng.pain_from_words(["right low back", "right buttock"])
    ranked = eng.reverse(pain, limit=40)
    for kind in ("essential", "spillover"):
        # the percentages shown, whole numbers; equal ones are broken by how common a point is
        shown = [float(rank_score(round(m.explained, 2), round(m.marked, 2)))
                 for m in ranked if m.kind == kind]
        assert shown == sorted(shown, reverse=True)


def test_reverse_lookup_of_a_2000_vertex_painting_ranks_by_its_numbers(a):
    """Its speed is measured in bench/ (never asserted in a test)."""
    eng = a.engine
    rng = np.random.default_rng(1)
    verts = rng.choice(len(a.body.vertices), 2000, replace=False)
    pain = eng.pain_from_vertices(verts)
    ranked = eng.reverse(pain, limit=10)
    assert len(ranked) == 10 and all(0 < m.explained <= 1 for m in ranked)
    assert len(eng.reverse_muscles(pain)) > 0


def test_chart_zone_border_has_intermediate_colours(a):
    from atlas.images import charts
    from atlas.views import palette

    img = charts.chart(a.engine, a.scene, "quadratus_lumborum_tp1", "right", "right", (420, 560))
    px = img.reshape(-1, 3).astype(float)
    skin, ess = np.array(palette.rgb("skin"), float), np.array(palette.rgb("essential"), float)
    # Project each pixel on the skin->essential line; count pixels close to that line half-way.
    axis = ess - skin
    t = (px - skin) @ axis / (axis @ axis)
    off = np.linalg.norm(px - (skin + np.outer(t, axis)), axis=1)
    near_line = off < 25
    assert (near_line & (t > 0.85)).sum() > 50  # the zone itself is drawn
    assert (near_line & (t > 0.3) & (t < 0.7)).sum() > 30  # and its border blends softly


def test_temporalis_tp1_reaches_the_upper_front_teeth_on_its_own_side(a):
    tp = a.catalogue.points["temporalis_tp1"]
    n = len(a.body.vertices)
    for side, other in (("left", "right"), ("right", "left")):
        spill = tp.spillover_field[side].dense(n)
        assert spill[a.body.landmarks[f"upper_incisors_{side[0]}"].vertex] > 0.9
        assert spill[a.body.landmarks[f"upper_incisors_{other[0]}"].vertex] < 0.5


def test_the_cli_and_the_app_rank_the_same_painting_the_same(a, tmp_path):
    """A drawing painted in the app and saved, then ranked by `atlas lookup --drawing`."""
    import json
    import subprocess
    import sys

    from atlas.ui.session import Session

    s = Session(a.engine, a.scene)
    body = a.body
    rng = np.random.default_rng(3)
    for rid in ("lumbar_r", "upper_buttock_r", "lateral_hip_r"):
        verts = body.region_vertices[body.region_index[rid].index]
        s.paint([int(v) for v in rng.choice(verts, size=max(1, len(verts) * 2 // 3), replace=False)])
    from atlas.exports.paindrawing import PainDrawing, to_json

    path = tmp_path / "drawing.json"
    path.write_text(to_json(PainDrawing(tuple(sorted(s.painted))), body))
    out = subprocess.run([sys.executable, "-m", "atlas", "lookup", "--drawing", str(path), "--json",
                          "--limit", "8"], capture_output=True, text=True, check=True).stdout
    cli = [(m["muscle"], [(p["id"], p["side"]) for p in m["points"]]) for m in json.loads(out)["muscles"]]
    app = [(m.muscle, [(p.point, p.side) for p in m.points]) for m in s.candidate_muscles(limit=8)]
    assert cli == app and cli[0][1][0][1] == "right"


def test_lookup_drawing_that_cannot_be_read_gets_a_plain_reason(tmp_path):
    import subprocess
    import sys

    bad = tmp_path / "drawing.json"
    bad.write_text('{"vertices": [1, "x"]}')
    r = subprocess.run([sys.executable, "-m", "atlas", "lookup", "--drawing", str(bad)],
                       capture_output=True, text=True)
    assert r.returncode == 2 and "drawing.json: cannot read the pain drawing" in r.stderr
    assert "Traceback" not in r.stderr


def test_both_sides_covers_the_mirror_image_in_full(a):
    """``both_sides: true`` draws the zone on both halves: the rectus abdominis band over the
    sacroiliac joints covers the left and the right joint fully, whichever side the point is on;
    without it the same recipe stays (mostly) on its own side."""
    b, zb = a.body, ZoneBuilder(a.body)
    left, right = b.landmarks["sacroiliac_joint_l"].vertex, b.landmarks["sacroiliac_joint_r"].vertex
    tp = a.catalogue.points["rectus_abdominis_tp3"]
    for side in tp.sides:
        e = tp.essential_field[side].dense(len(b.vertices))
        assert e[left] >= 0.5 and e[right] >= 0.5 and abs(e[left] - e[right]) < 0.05, side
    one = Zone(band={"through": ["psis", "upper_sacrum"], "width": 7})
    f = zb.left_field(one)
    both = zb.left_field(Zone(band={"through": ["psis", "upper_sacrum"], "width": 7}, both_sides=True))
    assert f[right] < 0.5 <= both[right] and np.allclose(both, both[b.mirror])
