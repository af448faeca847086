# Checked 2026-12-02 against Simons 1999, Davies 2013 and standard anatomy: origin and insertion of
# each forearm and hand muscle, and the skin it does not lie under.
"""Forearm and hand muscle outlines follow the muscles (issue 10, item 3).

Each muscle's footprint (its outline is the field's 0.5 iso-line) must cover the landmarks of its
origin and insertion (field >= 0.5 at the landmark's vertex, left side) and stay off named
landmarks the muscle does not reach (field < 0.5).  The coarse region unions these replaced
(e.g. the pronator teres over the whole palm side of the forearm and the front of the elbow)
fail these rows.
"""

import pytest

from tests.skin import footprint, landmark

# muscle -> (landmarks the outline covers, landmarks it stays off)
OUTLINES = {
    "pronator_teres": (["medial_epicondyle", "forearm_upper_palmar_radial", "mid_forearm_radial"],
                       ["forearm_lower_palmar", "palmar_wrist_center", "mid_forearm_ulnar", "olecranon"]),
    "supinator": (["lateral_epicondyle", "radial_head", "forearm_upper_radial"],
                  ["mid_forearm_radial", "forearm_lower_dorsal", "radial_styloid", "mid_forearm_dorsal"]),
    "brachioradialis": (["lateral_supracondylar_ridge", "mid_forearm_radial", "radial_styloid"],
                        ["mid_forearm_dorsal", "mid_forearm_palmar", "dorsal_wrist_center", "olecranon"]),
    "extensor_carpi_radialis_longus": (["lateral_supracondylar_ridge", "mid_forearm_dorsoradial",
                                        "index_metacarpal_base"],
                                       ["forearm_lower_dorsoulnar", "ulnar_styloid", "mid_forearm_palmar",
                                        "medial_epicondyle"]),
    "extensor_carpi_radialis_brevis": (["lateral_epicondyle", "mid_forearm_dorsoradial", "middle_metacarpal_base"],
                                       ["forearm_lower_dorsoulnar", "mid_forearm_palmar", "ulnar_styloid"]),
    "extensor_carpi_ulnaris": (["lateral_epicondyle", "mid_forearm_dorsoulnar", "ulnar_styloid",
                                "little_metacarpal_base"],
                               ["radial_styloid", "mid_forearm_dorsoradial", "forearm_lower_radial"]),
    "extensor_digitorum": (["lateral_epicondyle", "mid_forearm_dorsal", "dorsal_wrist_center", "middle_knuckle",
                            "index_knuckle", "little_knuckle"],
                           ["mid_forearm_radial", "mid_forearm_ulnar", "palmar_wrist_center", "middle_finger_back"]),
    "extensor_indicis": (["forearm_lower_dorsal", "dorsal_wrist_center", "index_knuckle"],
                         ["lateral_epicondyle", "forearm_upper_dorsal", "little_knuckle"]),
    "extensor_digiti_minimi": (["lateral_epicondyle", "forearm_lower_dorsoulnar", "little_knuckle"],
                               ["forearm_lower_dorsoradial", "index_knuckle", "radial_styloid"]),
    "extensor_pollicis_longus": (["mid_forearm_dorsal", "snuffbox", "thumb_knuckle"],
                                 ["lateral_epicondyle", "forearm_upper_dorsal", "ulnar_styloid"]),
    "extensor_pollicis_brevis": (["forearm_lower_dorsoradial", "snuffbox", "thumb_knuckle"],
                                 ["forearm_upper_dorsal", "ulnar_styloid", "mid_forearm_ulnar"]),
    "abductor_pollicis_longus": (["mid_forearm_dorsoradial", "radial_styloid", "thumb_metacarpal_radial"],
                                 ["lateral_epicondyle", "ulnar_styloid", "thumb_tip"]),
    "anconeus": (["lateral_epicondyle", "olecranon"], ["mid_forearm_dorsal", "forearm_upper_radial"]),
    "flexor_carpi_radialis": (["medial_epicondyle", "mid_forearm_palmar_radial", "palmar_wrist_radial"],
                              ["palmar_wrist_ulnar", "mid_forearm_ulnar", "forearm_lower_palmar_ulnar"]),
    "flexor_carpi_ulnaris": (["medial_epicondyle", "mid_forearm_palmar_ulnar", "palmar_wrist_ulnar"],
                             ["palmar_wrist_radial", "mid_forearm_palmar_radial", "mid_forearm_radial"]),
    "flexor_digitorum_superficialis": (["medial_epicondyle", "mid_forearm_palmar", "palmar_wrist_center"],
                                       ["mid_forearm_dorsal", "palm_center", "lateral_epicondyle", "thenar_eminence",
                                        "hypothenar_eminence"]),
    "flexor_digitorum_profundus": (["mid_forearm_palmar_ulnar", "forearm_lower_palmar_ulnar", "palmar_wrist_center"],
                                   ["mid_forearm_radial", "forearm_lower_palmar_radial", "palm_center",
                                    "thenar_eminence"]),
    "flexor_pollicis_longus": (["mid_forearm_palmar_radial", "palmar_wrist_radial", "thumb_base_palmar"],
                               ["medial_epicondyle", "mid_forearm_palmar_ulnar", "palmar_wrist_ulnar"]),
    "palmaris_longus": (["medial_epicondyle", "palmar_wrist_center", "palm_center"],
                        ["palmar_wrist_radial", "palmar_wrist_ulnar", "forearm_lower_palmar_ulnar",
                         "forearm_lower_palmar_radial"]),
    "pronator_quadratus": (["forearm_distal_palmar", "forearm_distal_palmar_radial", "forearm_distal_palmar_ulnar"],
                           ["mid_forearm_palmar", "palm_center", "dorsal_wrist_center"]),
    "adductor_pollicis": (["palm_center", "thumb_base_palmar"],
                          ["hypothenar_eminence", "palmar_wrist_center", "thumb_tip", "dorsal_hand_center"]),
    "opponens_pollicis": (["palmar_wrist_radial", "thumb_metacarpal_radial"], ["palm_center", "thumb_tip"]),
    "abductor_pollicis_brevis": (["palmar_wrist_radial", "thumb_side"],
                                 ["palm_center", "hypothenar_eminence", "palmar_wrist_center"]),
    "flexor_pollicis_brevis": (["thenar_eminence", "thumb_base_palmar"], ["thumb_tip", "palm_center"]),
    "abductor_digiti_minimi_hand": (["palmar_wrist_ulnar", "ulnar_border_of_hand", "little_finger_base_ulnar"],
                                    ["palm_center", "little_fingertip", "ring_finger_base"]),
    "flexor_digiti_minimi_hand": (["hypothenar_eminence", "little_finger_base"],
                                  ["palm_center", "ring_finger_base", "little_fingertip"]),
    "opponens_digiti_minimi": (["palmar_wrist_ulnar", "hypothenar_eminence"],
                               ["palm_center", "little_finger_base", "ring_finger_base"]),
    "dorsal_interossei_hand": (["thumb_web", "dorsal_hand_center", "index_knuckle", "little_knuckle",
                                "middle_metacarpal_base", "little_metacarpal_base"],
                               ["dorsal_wrist_center", "palm_center", "middle_finger_back"]),
    "palmar_interossei": (["palm_center", "index_finger_base", "ring_finger_base", "little_finger_base"],
                          ["thenar_eminence", "dorsal_hand_center", "palmar_wrist_center"]),
    "hand_lumbricals": (["palm_center", "index_finger_base", "middle_finger_base", "ring_finger_base",
                         "little_finger_base"],
                        ["thenar_eminence", "dorsal_hand_center", "palmar_wrist_center"]),
}


def _at(a, field, base):
    return float(field[landmark(a, base).vertex])


@pytest.mark.parametrize("muscle", sorted(OUTLINES))
def test_outline_covers_origin_and_insertion_and_stays_off_the_rest(a, muscle):
    field = footprint(a, muscle)
    on, off = OUTLINES[muscle]
    for lm in on:
        assert _at(a, field, lm) >= 0.5, (muscle, lm, _at(a, field, lm))
    for lm in off:
        assert _at(a, field, lm) < 0.5, (muscle, lm, _at(a, field, lm))


@pytest.mark.parametrize("muscle", sorted(OUTLINES))
def test_each_trigger_point_lies_inside_its_outline(a, muscle):
    field = footprint(a, muscle)
    points = [p for p in a.catalogue.points.values() if p.muscle == muscle]
    assert points
    for p in points:
        assert field[p.vertex["left"]] >= 0.5, p.id


def test_the_right_side_outline_mirrors_the_left(a):
    mu = a.catalogue.muscles["flexor_carpi_ulnaris"]
    left = mu.footprint["left"].dense(len(a.body.vertices))
    right = mu.footprint["right"].dense(len(a.body.vertices))
    assert float(right[a.body.landmarks["palmar_wrist_ulnar_r"].vertex]) >= 0.5
    assert float(left[a.body.landmarks["palmar_wrist_ulnar_r"].vertex]) == 0
