"""Head, jaw and neck referral zones follow their textbook patterns on the skin.

For every re-authored trigger point: the essential field covers the landmarks its pattern
names (value >= 0.5 at the landmark on the point's own side) and is exactly 0 at landmarks
where the sources put no essential pain.  Both sides are checked (the right side is the
left recipe read through the mirror map).  Plus: the new head/neck phrases resolve.
"""

import numpy as np
import pytest

import atlas

# trigger point -> (landmarks inside the essential zone, landmarks outside it)
PATTERNS = {
    "buccinator_tp1": (["cheekbone", "upper_premolars"], ["temple", "mastoid_process"]),
    "digastric_tp1": (["mastoid_process", "angle_of_mandible"], ["temple", "lower_incisors"]),
    "digastric_tp2": (["lower_incisors"], ["upper_incisors", "angle_of_mandible"]),
    "lateral_pterygoid_tp1": (["tmj", "cheekbone"], ["angle_of_mandible", "mastoid_process"]),
    "lateral_pterygoid_tp2": (["tmj", "cheekbone"], ["angle_of_mandible", "lower_incisors"]),
    "masseter_tp1": (["upper_premolars", "cheekbone"], ["lower_incisors", "temple"]),
    "masseter_tp2": (["lower_premolars", "body_of_mandible"], ["upper_incisors", "temple"]),
    "masseter_tp3": (["angle_of_mandible", "body_of_mandible"], ["supraorbital_ridge", "temple"]),
    "masseter_tp4": (["tmj", "tragus"], ["upper_incisors", "lower_premolars"]),
    "medial_pterygoid_tp1": (["tmj", "angle_of_mandible", "tragus"], ["upper_incisors", "temple"]),
    "occipitofrontalis_tp1": (["frontal_eminence", "supraorbital_ridge"], ["temple", "back_of_head"]),
    "occipitofrontalis_tp2": (["back_of_head", "lateral_orbit"], ["tmj", "frontal_eminence"]),
    "orbicularis_oculi_tp1": (["supraorbital_ridge", "side_of_nose", "upper_incisors"],
                              ["tragus", "temple"]),
    "temporalis_tp1": (["anterior_temple", "lateral_orbit", "supraorbital_ridge"],
                       ["mastoid_process", "upper_incisors"]),
    "temporalis_tp2": (["temple", "parietal_eminence"], ["upper_premolars", "mastoid_process"]),
    "temporalis_tp3": (["above_the_ear", "parietal_eminence"], ["lateral_orbit", "upper_incisors"]),
    "temporalis_tp4": (["above_the_ear", "parietal_eminence", "back_of_head"], ["lateral_orbit", "tmj"]),
    "zygomaticus_major_tp1": (["side_of_nose", "glabella", "mid_forehead"], ["tmj", "mental_protuberance"]),
    "levator_scapulae_tp1": (["angle_of_neck", "superior_angle_of_scapula"],
                             ["mastoid_process", "inferior_angle_of_scapula"]),
    "levator_scapulae_tp2": (["angle_of_neck", "superior_angle_of_scapula"],
                             ["mastoid_process", "inferior_angle_of_scapula"]),
    "platysma_tp1": (["angle_of_mandible", "body_of_mandible", "lower_premolars"], ["temple", "sternal_notch"]),
    "scalene_anterior_tp1": (["anterior_axillary_fold", "cubital_fossa", "medial_border_of_scapula",
                              "olecranon", "thumb_tip", "index_fingertip"],  # back of the arm, thumb, index (T&S)
                             ["mastoid_process", "radial_styloid"]),
    "scalene_middle_tp1": (["anterior_axillary_fold", "cubital_fossa", "olecranon", "medial_border_of_scapula"],
                           ["nipple", "radial_styloid"]),
    "scalene_posterior_tp1": (["superior_angle_of_scapula", "medial_border_of_scapula", "olecranon"],
                              ["cubital_fossa", "nipple"]),
    "semispinalis_capitis_tp2": (["superior_nuchal_line", "back_of_head"], ["temple", "crown_side"]),
    "semispinalis_capitis_tp3": (["temple", "supraorbital_ridge", "frontal_eminence"],
                                 ["back_of_head", "mastoid_process"]),
    "splenius_capitis_tp1": (["crown_side"], ["back_of_head", "temple"]),
    "splenius_cervicis_tp1": (["lateral_orbit", "supraorbital_ridge"], ["back_of_head", "angle_of_neck"]),
    "splenius_cervicis_tp2": (["angle_of_neck"], ["superior_nuchal_line", "mastoid_process"]),
    "sternocleidomastoid_clavicular_tp1": (["frontal_eminence"], ["tragus", "temple"]),
    "sternocleidomastoid_clavicular_tp2": (["tragus", "mastoid_process"], ["frontal_eminence", "cheekbone"]),
    "sternocleidomastoid_sternal_tp1": (["sternal_notch", "sternum_mid"], ["xiphoid_process", "mastoid_process"]),
    "sternocleidomastoid_sternal_tp2": (["cheekbone", "supraorbital_ridge", "lateral_orbit"],
                                        ["mastoid_process", "mental_protuberance"]),
    "sternocleidomastoid_sternal_tp3": (["mastoid_process", "superior_nuchal_line", "crown_side"],
                                        ["cheekbone", "supraorbital_ridge"]),
    "suboccipitals_tp1": (["superior_nuchal_line", "back_of_head", "above_the_ear"], ["lateral_orbit", "tmj"]),
    # added with the new head and neck muscles (content-head)
    "semispinalis_cervicis_tp1": (["superior_nuchal_line", "mastoid_process"], ["crown_side", "temple"]),
    "sternocleidomastoid_sternal_tp4": (["mental_protuberance"], ["sternal_notch", "mastoid_process"]),
    "scalenus_minimus_tp1": (["deltoid_tuberosity", "lateral_epicondyle", "middle_knuckle"],
                             ["olecranon", "palm_center", "mastoid_process"]),
    "cervical_multifidi_tp1": (["superior_nuchal_line"], ["temple", "angle_of_neck"]),
    "cervical_multifidi_tp2": (["superior_nuchal_line", "back_of_neck_mid"], ["temple", "superior_angle_of_scapula"]),
    "cervical_multifidi_tp3": (["back_of_neck_mid", "angle_of_neck", "superior_angle_of_scapula"],
                               ["superior_nuchal_line", "inferior_angle_of_scapula"]),
    "stylohyoid_tp1": (["mastoid_process", "angle_of_mandible"], ["temple", "lower_incisors"]),
    "omohyoid_tp1": (["clavicle_midpoint", "scm_midpoint"], ["angle_of_mandible", "acromion"]),
    "sternohyoid_tp1": (["sternal_notch", "thyroid_cartilage"], ["mastoid_process", "clavicle_midpoint"]),
    "longus_colli_tp1": (["scm_midpoint"], ["tragus", "lateral_orbit"]),
    "longus_capitis_tp1": (["hyoid"], ["tragus", "mastoid_process", "sternal_notch"]),
    "longissimus_capitis_tp1": (["mastoid_process", "tragus"], ["lateral_orbit", "back_of_neck_mid"]),
    "superior_oblique_tp1": (["supraorbital_ridge"], ["frontal_eminence", "temple"]),
    "upper_trapezius_tp2": (["angle_of_neck", "back_of_neck_mid", "mastoid_process"], ["temple", "glabella"]),
    "upper_trapezius_tp1": (["angle_of_neck", "mastoid_process", "above_the_ear", "temple"],
                            ["angle_of_mandible", "mental_protuberance", "glabella"]),
}

# Spillover that the sources name and the essential zone leaves out.
SPILLOVER = {
    "temporalis_tp1": ["upper_incisors"],
    "temporalis_tp2": ["upper_premolars"],
    "masseter_tp3": ["supraorbital_ridge"],
    "digastric_tp2": ["mental_protuberance"],
    "stylohyoid_tp1": ["beside_larynx"],
    "temporalis_tp3": ["upper_molar_cheek"],
    "sternocleidomastoid_clavicular_tp2": ["cheekbone"],
    "upper_trapezius_tp1": ["angle_of_mandible"],
    "scalene_anterior_tp1": ["radial_styloid"],
    "longus_colli_tp1": ["tragus", "lateral_orbit"],
    "omohyoid_tp1": ["angle_of_mandible"],
    "superior_oblique_tp1": ["frontal_eminence"],
    "scalenus_minimus_tp1": ["mid_forearm_dorsal"],
    "sternocleidomastoid_sternal_tp4": ["sternal_notch"],
}

SIDES = (("left", "l"), ("right", "r"))


@pytest.fixture(scope="module")
def a():
    return atlas.load()


def vertex(a, base, s):
    lms = a.body.landmarks
    return (lms.get(f"{base}_{s}") or lms[base]).vertex


def test_every_head_point_is_covered_here(a):
    ours = {tp for tp in a.catalogue.points
            if a.catalogue.points[tp].muscle in {p.rsplit("_tp", 1)[0] for p in PATTERNS}}
    assert ours == set(PATTERNS)


@pytest.mark.parametrize("tid", sorted(PATTERNS))
def test_essential_zone_covers_the_named_landmarks_and_not_the_others(a, tid):
    inside, outside = PATTERNS[tid]
    tp = a.catalogue.points[tid]
    n = len(a.body.vertices)
    for side, s in SIDES:
        ess = tp.essential_field[side].dense(n)
        for base in inside:
            assert ess[vertex(a, base, s)] >= 0.5, (tid, side, base)
        for base in outside:
            assert ess[vertex(a, base, s)] == 0, (tid, side, base)


@pytest.mark.parametrize("tid", sorted(SPILLOVER))
def test_spillover_reaches_what_the_sources_name(a, tid):
    tp = a.catalogue.points[tid]
    n = len(a.body.vertices)
    for side, s in SIDES:
        spill = tp.spillover_field[side].dense(n)
        for base in SPILLOVER[tid]:
            assert spill[vertex(a, base, s)] >= 0.5, (tid, side, base)


def test_one_sided_patterns_stay_on_their_side(a):
    n = len(a.body.vertices)
    tp = a.catalogue.points["temporalis_tp1"]
    spill = tp.spillover_field["left"].dense(n)
    assert spill[a.body.landmarks["upper_incisors_r"].vertex] < 0.5
    ess = a.catalogue.points["upper_trapezius_tp1"].essential_field["right"].dense(n)
    assert ess[a.body.landmarks["temple_l"].vertex] == 0


def test_lower_incisor_pain_crosses_the_midline(a):
    # the anterior digastric refers to all four lower incisors
    ess = a.catalogue.points["digastric_tp2"].essential_field["left"].dense(len(a.body.vertices))
    assert ess[a.body.landmarks["lower_incisors_r"].vertex] >= 0.5


def test_severe_clavicular_scm_forehead_pain_reaches_the_other_side(a):
    tp = a.catalogue.points["sternocleidomastoid_clavicular_tp1"]
    n = len(a.body.vertices)
    ess, spill = tp.essential_field["left"].dense(n), tp.spillover_field["left"].dense(n)
    other = a.body.landmarks["frontal_eminence_r"].vertex
    assert ess[other] == 0 and spill[other] >= 0.5


@pytest.mark.parametrize("phrase, region", [
    ("upper front teeth", "upper_incisors"),
    ("upper incisors", "upper_incisors"),
    ("upper premolars", "upper_premolars"),
    ("upper bicuspids", "upper_premolars"),
    ("lower premolars", "lower_premolars"),
    ("lower front teeth", "lower_incisors"),
    ("throat", "throat"),
    ("pharynx", "throat"),
    ("angle of the neck", "angle_of_neck"),
    ("where the neck meets the shoulder", "angle_of_neck"),
    ("angle of the jaw", "angle_of_jaw"),
    ("neck-shoulder angle", "angle_of_neck"),
    ("masseter area", "side_of_jaw"),
    ("left upper front teeth", "upper_incisors"),
])
def test_head_and_neck_phrases_resolve(a, phrase, region):
    assert a.regions[phrase].base == region


def test_new_regions_are_bilateral_and_hold_skin(a):
    for base in ("upper_incisors", "upper_premolars", "lower_incisors", "lower_premolars",
                 "throat", "angle_of_neck", "side_of_jaw"):
        for s in ("l", "r"):
            r = a.body.region_index[f"{base}_{s}"]
            assert len(a.body.region_vertices[r.index]) >= 5, (base, s)


def test_teeth_landmarks_sit_in_their_own_regions(a):
    for base in ("upper_incisors", "upper_premolars", "lower_incisors", "lower_premolars"):
        for s in ("l", "r"):
            v = a.body.landmarks[f"{base}_{s}"].vertex
            assert a.body.regions[a.body.region_of_vertex[v]].id == f"{base}_{s}"


def test_upper_masseter_spillover_rims_the_cheek_not_the_lower_jaw(a):
    """Simons 1999 ch 8: the upper outer masseter refers to the upper back teeth and the upper jaw
    below the cheekbone; its spillover is a rim on the cheek round that, never the lower jaw."""
    tp = a.catalogue.points["masseter_tp1"]
    n = len(a.body.vertices)
    spill = tp.spillover_field["left"].dense(n)
    assert (spill >= 0.5).sum() > 10
    cheek = a.body.vertices[vertex(a, "cheekbone", "l")]
    assert np.linalg.norm(a.body.vertices[spill >= 0.5] - cheek, axis=1).max() < 5
    for base in ("body_of_mandible", "lower_premolars", "angle_of_mandible", "temple"):
        assert spill[vertex(a, base, "l")] == 0, base
