# Checked 2026-12-02 against Simons 1999, Davies 2013, Donnelly 2019, Hwang 2005: cases for the upper-limb points, one per finger for the long finger flexors, extensor digitorum and lumbricals.
"""Forearm and hand referral zones follow their textbook patterns (Simons 1999, Davies 2013).

Each row names landmarks the essential zone must cover (field >= 0.5 at the landmark's vertex on
the point's side) and landmarks it must stay off (field exactly 0), taken from where the sources
draw the pain and where they say it does not go (e.g. extensor digitorum never reaches the
fingertip; the long finger flexors stay on the palm side of the finger).
"""

import numpy as np
import pytest

import atlas
from atlas.query.names import resolve_region

# point id -> (essential covers, essential stays off)
PATTERNS = {
    "anconeus_tp1": (["lateral_epicondyle"], ["radial_styloid", "cubital_fossa"]),
    "brachioradialis_tp1": (["snuffbox", "thumb_web"], ["lateral_epicondyle", "palm_center"]),
    "extensor_carpi_radialis_longus_tp1": (["lateral_epicondyle", "snuffbox"],
                                           ["palm_center", "ulnar_styloid"]),
    "extensor_carpi_radialis_brevis_tp1": (["dorsal_wrist_center"],
                                           ["lateral_epicondyle", "palm_center", "middle_fingertip"]),
    "extensor_carpi_ulnaris_tp1": (["ulnar_styloid"], ["radial_styloid", "lateral_epicondyle"]),
    "extensor_digitorum_tp1": (["mid_forearm_dorsal", "dorsal_wrist_center", "middle_knuckle",
                                "middle_finger_back"],
                               ["middle_fingertip", "middle_finger_end_joint", "palm_center"]),
    "extensor_digitorum_tp2": (["ring_knuckle", "ring_finger_back"],
                               ["ring_fingertip", "ring_finger_end_joint", "palm_center"]),
    "extensor_indicis_tp1": (["dorsal_wrist_center"], ["palm_center", "lateral_epicondyle"]),
    "flexor_carpi_radialis_tp1": (["palmar_wrist_radial"], ["dorsal_wrist_center", "palm_center"]),
    "flexor_carpi_ulnaris_tp1": (["palmar_wrist_ulnar"], ["palmar_wrist_radial", "dorsal_wrist_center"]),
    "flexor_digitorum_superficialis_tp1": (["middle_finger_base", "middle_fingertip"],
                                           ["middle_finger_back", "dorsal_wrist_center"]),
    "flexor_digitorum_superficialis_tp2": (["ring_finger_base", "ring_fingertip"],
                                           ["ring_finger_back", "middle_fingertip", "little_fingertip"]),
    "flexor_digitorum_superficialis_tp3": (["index_finger_base", "index_fingertip"],
                                           ["index_finger_back", "middle_fingertip", "dorsal_wrist_center"]),
    "flexor_digitorum_superficialis_tp4": (["little_finger_base", "little_fingertip"],
                                           ["little_finger_back", "ring_fingertip", "thumb_tip"]),
    "flexor_pollicis_longus_tp1": (["thumb_base_palmar", "thumb_tip"], ["thumb_knuckle", "palm_center"]),
    "palmaris_longus_tp1": (["palm_center"], ["dorsal_wrist_center", "middle_fingertip"]),
    "pronator_teres_tp1": (["palmar_wrist_radial", "mid_forearm_radial"],
                           ["dorsal_wrist_center", "palm_center"]),
    "supinator_tp1": (["lateral_epicondyle", "thumb_web"], ["palm_center", "dorsal_wrist_center"]),
    "abductor_digiti_minimi_hand_tp1": (["little_finger_side"], ["thumb_web", "palm_center"]),
    "adductor_pollicis_tp1": (["thumb_side"], ["dorsal_wrist_center", "little_fingertip"]),
    "dorsal_interossei_hand_tp1": (["index_finger_side"], ["little_fingertip", "middle_fingertip"]),
    "dorsal_interossei_hand_tp2": (["middle_finger_index_side"], ["palm_center", "ring_finger_middle_side"]),
    "dorsal_interossei_hand_tp3": (["middle_finger_ring_side"],
                                   ["palm_center", "dorsal_wrist_center", "index_finger_side"]),
    "dorsal_interossei_hand_tp4": (["ring_finger_little_side"], ["palm_center", "index_finger_side"]),
    "palmar_interossei_tp1": (["index_finger_middle_side"], ["thumb_tip", "little_fingertip"]),
    "palmar_interossei_tp2": (["ring_finger_middle_side"], ["index_finger_side", "thumb_tip"]),
    "palmar_interossei_tp3": (["little_finger_ring_side"], ["thumb_tip", "index_finger_side"]),
    "hand_lumbricals_tp1": (["index_finger_side"], ["middle_finger_index_side", "little_fingertip"]),
    "hand_lumbricals_tp2": (["ring_finger_middle_side"], ["little_finger_ring_side", "thumb_tip"]),
    "hand_lumbricals_tp3": (["middle_finger_index_side"], ["index_finger_side", "ring_finger_middle_side"]),
    "hand_lumbricals_tp4": (["little_finger_ring_side"], ["ring_finger_middle_side", "thumb_tip"]),
    "flexor_digiti_minimi_hand_tp1": (["little_fingertip"], ["thumb_tip", "dorsal_wrist_center"]),
    "flexor_pollicis_brevis_tp1": (["thumb_base_palmar"], ["little_fingertip", "dorsal_wrist_center"]),
    "abductor_pollicis_brevis_tp1": (["thenar_eminence"], ["little_fingertip", "dorsal_wrist_center"]),
    "flexor_digitorum_profundus_tp1": (["index_finger_base", "index_fingertip"],
                                       ["index_finger_back", "middle_fingertip", "dorsal_wrist_center"]),
    "flexor_digitorum_profundus_tp2": (["ring_finger_base", "ring_fingertip"],
                                       ["ring_finger_back", "little_fingertip", "thumb_tip"]),
    "flexor_digitorum_profundus_tp3": (["middle_finger_base", "middle_fingertip"],
                                       ["middle_finger_back", "index_fingertip", "ring_fingertip"]),
    "flexor_digitorum_profundus_tp4": (["little_finger_base", "little_fingertip"],
                                       ["little_finger_back", "ring_fingertip", "thumb_tip"]),
    "pronator_quadratus_tp1": (["palmar_wrist_ulnar", "mid_forearm_ulnar"],
                               ["palmar_wrist_radial", "lateral_epicondyle"]),
    "abductor_pollicis_longus_tp1": (["radial_styloid"], ["ulnar_styloid", "palm_center"]),
    "extensor_pollicis_longus_tp1": (["snuffbox"], ["ulnar_styloid", "palm_center"]),
    "extensor_pollicis_brevis_tp1": (["snuffbox", "radial_styloid"], ["ulnar_styloid", "palm_center"]),
    "extensor_digitorum_tp3": (["little_knuckle", "little_finger_back"], ["palm_center", "thumb_tip"]),
    "extensor_digitorum_tp4": (["index_knuckle", "index_finger_back"],
                               ["index_fingertip", "palm_center", "little_knuckle"]),
    "extensor_digiti_minimi_tp1": (["little_finger_back"], ["palm_center", "thumb_tip"]),
    "opponens_digiti_minimi_tp1": (["hypothenar_eminence"], ["thumb_tip", "dorsal_wrist_center"]),
    "adductor_pollicis_tp2": (["thumb_side"], ["dorsal_wrist_center", "little_fingertip"]),
    "opponens_pollicis_tp1": (["thumb_tip", "palmar_wrist_radial"], ["dorsal_wrist_center"]),
}


@pytest.fixture(scope="module")
def a():
    return atlas.load()


def _field(a, tp, kind, side):
    return getattr(tp, f"{kind}_field")[side].dense(len(a.body.vertices))


def _at(a, field, landmark, side):
    return float(field[a.body.landmarks[f"{landmark}_{side[0]}"].vertex])


@pytest.mark.parametrize("point", sorted(PATTERNS))
def test_essential_zone_covers_its_landmarks_and_stays_off_the_others(a, point):
    tp = a.catalogue.points[point]
    on, off = PATTERNS[point]
    for side in tp.sides:
        ess = _field(a, tp, "essential", side)
        for lm in on:
            assert _at(a, ess, lm, side) >= 0.5, (point, side, lm)
        for lm in off:
            assert _at(a, ess, lm, side) == 0, (point, side, lm)


def test_spillover_adds_the_occasional_extensions(a):
    cases = [("extensor_digitorum_tp1", "lateral_epicondyle"), ("brachioradialis_tp1", "lateral_epicondyle"),
             ("palmaris_longus_tp1", "thenar_eminence"), ("flexor_digitorum_superficialis_tp1", "palm_center"),
             ("supinator_tp1", "mid_forearm_dorsal")]
    for point, lm in cases:
        tp = a.catalogue.points[point]
        assert _at(a, _field(a, tp, "spillover", "left"), lm, "left") >= 0.5, (point, lm)


def test_extensor_digitorum_stays_on_the_back_of_the_middle_finger(a):
    tp = a.catalogue.points["extensor_digitorum_tp1"]
    ess = _field(a, tp, "essential", "right")
    finger = a.body.region_vertices[a.body.region_index["middle_finger_r"].index]
    normals = a.body.normals[finger] * [-1, 1, 1]  # mirror the right hand's normals to the left
    back = normals @ np.array([0.86, 0.46, 0.22]) > 0.5
    palm = normals @ np.array([0.86, 0.46, 0.22]) < -0.5
    assert ess[finger[back]].mean() > 4 * max(ess[finger[palm]].mean(), 0.01)


@pytest.mark.parametrize("phrase,base", [
    ("knuckles", "knuckles"), ("fingertips", "fingertips"), ("tips of the fingers", "fingertips"),
    ("back of the thumb", "back_of_thumb"), ("anatomical snuffbox", "snuffbox"),
    ("back of the wrist behind the thumb", "snuffbox"), ("thumb pad", "thumb"),
    ("back of the wrist", "wrist_dorsal"), ("palm side of the wrist", "wrist_palmar"),
    ("outer elbow", "lateral_elbow"),
])
def test_hand_phrases_resolve(a, phrase, base):
    assert a.regions[phrase].base == base
    assert a.regions[f"left {phrase}"].id == f"{base}_l"


def test_new_landmarks_have_both_sides_and_sit_in_the_expected_regions(a):
    where = {"snuffbox": "snuffbox", "index_knuckle": "knuckles", "middle_knuckle": "knuckles",
             "thumb_knuckle": "back_of_thumb", "little_fingertip": "fingertips",
             "palm_center": "palm", "dorsal_wrist_center": "wrist_dorsal",
             "palmar_wrist_center": "wrist_palmar", "thumb_tip": "thumb", "radial_head": "lateral_elbow",
             "index_finger_base": "index_finger"}
    for lm, region in where.items():
        for s in "lr":
            v = a.body.landmarks[f"{lm}_{s}"].vertex
            assert a.body.regions[a.body.region_of_vertex[v]].id == f"{region}_{s}", (lm, s)
