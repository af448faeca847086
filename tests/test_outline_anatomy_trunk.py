"""Trunk and pelvis muscle outlines follow the muscles' anatomy, not coarse region unions.

For each muscle, the landmarks of its origin and insertion lie inside its footprint (field >= 0.5
on the left side) and named landmarks it does not reach lie outside (field < 0.5).  Shapes after
standard anatomy (origin to insertion, as in Travell & Simons 1992 and Chaitow & DeLany 2011).
"""

import pytest
from scipy.sparse import csgraph

from tests.skin import footprint, landmark


# muscle -> (landmarks inside: origin, insertion, belly; landmarks outside)
OUTLINE = {
    "gluteus_medius": (["iliac_crest", "iliac_tubercle", "posterior_iliac_crest", "greater_trochanter"],
                       ["psis", "asis", "mid_buttock", "sacrum_mid", "gluteal_fold", "mid_flank"]),
    "gluteus_maximus": (["psis", "lateral_sacrum", "mid_buttock", "gluteal_tuberosity"],
                        ["iliac_crest", "asis", "greater_trochanter", "mid_back_thigh"]),
    "gluteus_minimus": (["greater_trochanter"], ["iliac_crest", "asis", "psis", "mid_buttock", "gluteal_fold"]),
    "piriformis": (["lateral_sacrum", "greater_trochanter"], ["psis", "iliac_crest", "gluteal_fold", "coccyx_tip"]),
    "tensor_fasciae_latae": (["asis", "upper_lateral_thigh"],
                             ["greater_trochanter", "mid_lateral_thigh", "femoral_triangle", "psis"]),
    "quadratus_lumborum": (["posterior_iliac_crest", "lumbar_lateral", "twelfth_rib"],
                           ["l3_spinous_process", "iliac_crest", "psis", "mid_flank", "t9_spinous_process"]),
    "iliocostalis_lumborum": (["psis", "iliocostal_lumbar", "lower_rib_angles"],
                              ["l3_spinous_process", "iliac_crest", "mid_flank", "medial_border_of_scapula"]),
    "longissimus_thoracis": (["paraspinal_l5", "paraspinal_l3", "paraspinal_t12", "paraspinal_t4"],
                             ["twelfth_rib", "lumbar_lateral", "iliac_crest", "coccyx_tip", "medial_border_of_scapula"]),
    "multifidus": (["lateral_sacrum", "paraspinal_l5", "paraspinal_l3", "paraspinal_t12", "paraspinal_t4"],
                   ["twelfth_rib", "lumbar_lateral", "iliac_crest", "coccyx_tip", "inferior_angle_of_scapula"]),
    "serratus_posterior_inferior": (["paraspinal_l1", "lower_ribs_back"],
                                    ["l3_spinous_process", "iliac_crest", "inferior_angle_of_scapula", "costal_margin"]),
    "rectus_abdominis": (["upper_rectus", "mid_rectus", "pubic_tubercle"],
                         ["nipple", "semilunar_line", "inguinal_midpoint", "asis", "mid_flank"]),
    "external_oblique": (["lateral_chest_wall", "lower_lateral_ribs", "mid_flank", "iliac_crest", "semilunar_line"],
                         ["umbilicus", "mid_rectus", "nipple", "lumbar_lateral", "pubic_symphysis"]),
    "internal_oblique": (["iliac_crest", "asis", "inguinal_midpoint", "lower_lateral_ribs", "semilunar_line"],
                         ["umbilicus", "xiphoid_process", "nipple", "lateral_chest_wall", "psis"]),
    "transversus_abdominis": (["costal_margin", "mid_flank", "iliac_crest", "semilunar_line"],
                              ["nipple", "lateral_chest_wall", "umbilicus", "mid_rectus", "psis"]),
    "pyramidalis": (["pubic_tubercle", "pyramidalis_apex"], ["umbilicus", "mid_rectus", "inguinal_midpoint", "asis"]),
    "iliopsoas": (["psoas_upper", "psoas_mid", "iliac_fossa", "inguinal_midpoint", "femoral_triangle"],
                  ["asis", "umbilicus", "l3_spinous_process", "mid_front_thigh", "greater_trochanter"]),
    "psoas_minor": (["psoas_upper", "psoas_mid", "iliopubic_eminence"],
                    ["umbilicus", "asis", "femoral_triangle", "l3_spinous_process"]),
    "obturator_internus": (["ischiorectal_fossa", "ischial_spine"],
                           ["greater_trochanter", "gluteal_fold", "anus", "psis", "mid_buttock"]),
    "obturator_externus": (["obturator_foramen", "femoral_triangle"],
                           ["inguinal_midpoint", "mid_inner_thigh", "greater_trochanter", "asis"]),
    "gemellus_superior": (["ischial_spine"], ["mid_buttock", "psis", "ischial_tuberosity", "gluteal_fold"]),
    "gemellus_inferior": (["upper_ischial_tuberosity", "back_of_hip_joint"],
                          ["mid_buttock", "psis", "gluteal_fold", "sacrum_mid"]),
    "quadratus_femoris": (["ischial_tuberosity"], ["mid_buttock", "gluteal_fold", "mid_back_thigh", "greater_trochanter"]),
    "coccygeus": (["ischial_spine", "coccyx_side"], ["ischial_tuberosity", "anus", "sacrum_mid", "psis"]),
    "levator_ani": (["urogenital_front", "ischiorectal_fossa"],
                    ["ischial_tuberosity", "sacrum_mid", "gluteal_fold", "mid_buttock", "pubic_symphysis"]),
    "bulbospongiosus": (["urogenital_front"], ["anus", "ischial_tuberosity", "ischiorectal_fossa", "pubic_symphysis"]),
    "ischiocavernosus": (["perineal_side", "urogenital_front"], ["anus", "pubic_symphysis", "coccyx_tip"]),
    "superficial_transverse_perineal": (["perineal_side"], ["anus", "urogenital_front", "coccyx_tip"]),
    "external_anal_sphincter": ([], ["perineum", "coccyx_tip", "ischiorectal_fossa", "ischial_tuberosity"]),
}

# the broad sheets of the belly wall
BROAD = {"external_oblique", "internal_oblique", "transversus_abdominis"}

# the pelvic floor, tiny on this mesh (the perineum is about 2 cm a side)
SMALL = {"coccygeus", "levator_ani", "bulbospongiosus", "ischiocavernosus", "superficial_transverse_perineal",
         "external_anal_sphincter"}

# midline landmarks a one-sided footprint meets at its edge (field about 0.5 there)
MIDLINE_EDGE = {"multifidus": ["l3_spinous_process", "l5_spinous_process", "t12_spinous_process"],
                "rectus_abdominis": ["xiphoid_process", "umbilicus", "pubic_symphysis"],
                "pyramidalis": ["pubic_symphysis"],
                "levator_ani": ["perineum", "anus", "coccyx_tip"],
                "bulbospongiosus": ["perineum"],
                "superficial_transverse_perineal": ["perineum"],
                "external_anal_sphincter": ["anus"]}


@pytest.mark.parametrize("muscle", sorted(MIDLINE_EDGE))
def test_spine_hugging_outline_reaches_the_spinous_processes(a, muscle):
    field = footprint(a, muscle)
    for base in MIDLINE_EDGE[muscle]:
        assert field[landmark(a, base).vertex] >= 0.45, f"{muscle} footprint stops short of {base}"


@pytest.mark.parametrize("muscle", sorted(OUTLINE))
def test_outline_runs_origin_to_insertion_and_no_further(a, muscle):
    inside, outside = OUTLINE[muscle]
    field = footprint(a, muscle)
    for base in inside:
        assert field[landmark(a, base).vertex] >= 0.5, f"{muscle} footprint misses {base}"
    for base in outside:
        assert field[landmark(a, base).vertex] < 0.5, f"{muscle} footprint reaches {base}"


@pytest.mark.parametrize("muscle", sorted(OUTLINE))
def test_outline_is_one_piece_of_plausible_size(a, muscle):
    """A real muscle outline: much smaller than the old unions of whole body parts."""
    field = footprint(a, muscle)
    area = float(a.body.vertex_area[field >= 0.5].sum())
    assert (5 if muscle in SMALL else 30) < area < (600 if muscle in BROAD else 400), f"{muscle}: {area:.0f} cm2"


@pytest.mark.parametrize("muscle", sorted(OUTLINE))
def test_outline_is_one_closed_piece_without_holes(a, muscle):
    field = footprint(a, muscle)
    for part, mask in (("pieces", field >= 0.5), ("holes", field < 0.5)):
        count, _ = csgraph.connected_components(a.body.graph[mask][:, mask], directed=False)
        assert count == 1, f"{muscle} outline has {count} {part}"


def test_new_pelvis_landmarks_sit_where_their_names_say(a):
    v = a.body.vertices
    crest, psis, post = v[landmark(a, "iliac_crest").vertex], v[landmark(a, "psis").vertex], v[landmark(a, "posterior_iliac_crest").vertex]
    assert post[2] < crest[2] and post[2] > psis[2] - 3  # between the side of the crest and the PSIS
    assert v[landmark(a, "gluteal_tuberosity").vertex][1] < v[landmark(a, "greater_trochanter").vertex][1] - 5
    assert v[landmark(a, "lateral_sacrum").vertex][0] > 1.5 and v[landmark(a, "lateral_sacrum").vertex][2] < -5
    t12, t9, l3 = (v[a.body.landmarks[n].vertex][1] for n in
                   ("t12_spinous_process", "t9_spinous_process", "l3_spinous_process"))
    assert 5 < t9 - t12 < 9 and 7 < t12 - l3 < 12  # T12 three vertebrae below T9, three above L3
    rib = v[landmark(a, "twelfth_rib").vertex]
    assert rib[1] < t12 and rib[0] > 6  # the lowest rib slopes down and out from T12
