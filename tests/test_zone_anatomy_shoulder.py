# Checked 2026-12-02 against Simons 1999 (ch 31 for the third brachialis point), Davies 2013, Donnelly 2019, Hwang 2005: cases for the upper-limb points.
"""Shoulder, upper arm and chest referral zones follow their textbook patterns.

Each case names landmarks the essential zone must cover (field >= 0.5 at the landmark's vertex on
the point's side) and landmarks where the sources put no pain (field == 0).  Patterns from
Simons, Travell & Simons 1999 (vol. 1), Davies 2013 and Chaitow & DeLany 2008, as listed on each
record.
"""

import numpy as np
import pytest

import atlas

# point id -> (essential covers these landmarks, essential stays off these landmarks)
CASES = {
    # rotator cuff: infraspinatus hurts at the FRONT of the shoulder, not over the blade
    "infraspinatus_tp1": (["bicipital_groove", "anterior_deltoid"], ["spine_of_scapula", "posterior_deltoid", "lateral_epicondyle"]),
    "infraspinatus_tp2": (["bicipital_groove", "anterior_deltoid"], ["spine_of_scapula", "medial_border_of_scapula"]),
    "infraspinatus_tp3": (["medial_border_of_scapula"], ["bicipital_groove", "acromion"]),
    "supraspinatus_tp1": (["acromion", "deltoid_tuberosity", "lateral_epicondyle"], ["bicipital_groove", "radial_styloid"]),
    "supraspinatus_tp2": (["deltoid_tuberosity"], ["lateral_epicondyle", "spine_of_scapula"]),
    "subscapularis_tp1": (["posterior_deltoid"], ["bicipital_groove", "olecranon", "thumb_web", "radial_styloid"]),
    "subscapularis_tp2": (["posterior_deltoid"], ["anterior_deltoid", "olecranon", "ulnar_styloid"]),
    "teres_minor_tp1": (["posterior_deltoid"], ["anterior_deltoid", "olecranon"]),
    "teres_major_tp1": (["posterior_deltoid", "triceps_belly"], ["inferior_angle_of_scapula", "olecranon"]),
    "teres_major_tp2": (["posterior_deltoid", "triceps_belly"], ["anterior_deltoid"]),
    # deltoid: pain stays at the part of the muscle that holds the point
    "deltoid_tp1": (["anterior_deltoid"], ["posterior_deltoid", "cubital_fossa"]),
    "deltoid_tp2": (["acromion", "deltoid_tuberosity"], ["bicipital_groove", "posterior_axillary_fold"]),
    "deltoid_tp3": (["posterior_deltoid"], ["anterior_deltoid", "olecranon"]),
    "deltoid_tp4": (["anterior_deltoid"], ["posterior_deltoid", "olecranon"]),
    "deltoid_tp5": (["posterior_deltoid"], ["anterior_deltoid", "cubital_fossa"]),
    "supraspinatus_tp3": (["acromion"], ["lateral_epicondyle", "bicipital_groove"]),
    "teres_major_tp3": (["posterior_deltoid"], ["anterior_deltoid"]),
    "subscapularis_tp3": (["posterior_deltoid"], ["anterior_deltoid", "bicipital_groove"]),
    # latissimus dorsi: the lower tip of the shoulder blade; the arm only as spillover
    "latissimus_dorsi_tp1": (["inferior_angle_of_scapula"], ["medial_epicondyle", "posterior_deltoid", "acromion"]),
    "latissimus_dorsi_tp2": (["bicipital_groove"], ["inferior_angle_of_scapula", "iliac_crest"]),
    "serratus_anterior_tp1": (["lateral_chest_wall", "inferior_angle_of_scapula"], ["nipple", "medial_epicondyle"]),
    "serratus_anterior_tp2": (["front_lower_ribs", "lower_lateral_ribs"],
                              ["nipple", "iliac_crest", "inferior_angle_of_scapula", "xiphoid_process"]),
    "rhomboids_tp1": (["medial_border_of_scapula", "superior_angle_of_scapula"], ["acromion", "c7_spinous_process"]),
    "rhomboids_tp2": (["medial_border_of_scapula", "inferior_angle_of_scapula"], ["acromion"]),
    # arm
    "coracobrachialis_tp1": (["bicipital_groove"], ["olecranon", "lateral_epicondyle"]),
    "biceps_brachii_tp1": (["bicipital_groove", "biceps_belly"], ["cubital_fossa", "triceps_belly"]),
    "biceps_brachii_tp2": (["bicipital_groove", "biceps_belly"], ["cubital_fossa"]),
    "brachialis_tp1": (["thumb_web"], ["cubital_fossa", "biceps_belly"]),
    "brachialis_tp2": (["thumb_web"], ["cubital_fossa"]),
    "brachialis_tp3": (["thumb_web"], ["cubital_fossa", "biceps_belly"]),
    "triceps_brachii_tp1": (["triceps_belly", "posterior_deltoid"], ["olecranon", "acromion"]),
    "triceps_brachii_tp2": (["lateral_epicondyle"], ["olecranon", "radial_styloid"]),
    "triceps_brachii_tp3": (["triceps_belly"], ["medial_epicondyle", "bicipital_groove"]),
    "triceps_brachii_tp4": (["olecranon"], ["lateral_epicondyle", "triceps_belly"]),
    "triceps_brachii_tp5": (["medial_epicondyle"], ["olecranon", "ulnar_styloid"]),
    # chest
    "pectoralis_minor_tp1": (["bicipital_groove", "anterior_deltoid"], ["nipple", "medial_epicondyle"]),
    "pectoralis_minor_tp2": (["bicipital_groove"], ["medial_epicondyle"]),
    "pectoralis_major_tp1": (["anterior_deltoid", "bicipital_groove"], ["nipple", "sternum_mid"]),
    "pectoralis_major_tp2": (["pectoral_mid", "nipple", "medial_epicondyle"], ["anterior_deltoid", "ulnar_styloid"]),
    "pectoralis_major_tp3": (["nipple"], ["anterior_deltoid", "sternum_mid", "clavicle_midpoint"]),
    "pectoralis_major_tp4": (["sternum_mid"], ["nipple", "anterior_deltoid"]),
    "sternalis_tp1": (["sternal_notch", "sternum_mid", "xiphoid_process"], ["anterior_deltoid", "nipple"]),
    "subclavius_tp1": (["clavicle_midpoint", "biceps_belly"], ["cubital_fossa", "radial_styloid"]),
    "intercostals_tp1": (["lateral_chest_wall"], ["nipple", "inferior_angle_of_scapula"]),
    "intercostals_tp2": (["pectoral_mid"], ["nipple", "clavicle_midpoint"]),
    "diaphragm_tp1": (["costal_margin", "xiphoid_process"], ["nipple", "acromion"]),
}


@pytest.fixture(scope="module")
def a():
    return atlas.load()


def _lm(a, base, side="left"):
    lms = a.body.landmarks
    return (lms.get(f"{base}_{'l' if side == 'left' else 'r'}") or lms[base]).vertex


def _fields(a, pid, side="left"):
    tp = a.catalogue.points[pid]
    n = len(a.body.vertices)
    return tp.essential_field[side].dense(n), tp.spillover_field[side].dense(n)


@pytest.mark.parametrize("pid", sorted(CASES))
def test_essential_zone_covers_its_landmarks_and_stays_off_others(a, pid):
    covers, off = CASES[pid]
    for side in ("left", "right"):
        ess, _ = _fields(a, pid, side)
        for base in covers:
            assert ess[_lm(a, base, side)] >= 0.5, (pid, side, "should cover", base)
        for base in off:
            assert ess[_lm(a, base, side)] == 0, (pid, side, "should stay off", base)


def test_every_shoulder_point_is_a_recipe_with_distinct_spillover(a):
    for pid in CASES:
        tp = a.catalogue.points[pid]
        ess, spill = _fields(a, pid)
        assert ess.sum() > 0 and not np.any((ess >= 0.5) & (spill >= 0.5)), pid


def test_spillover_runs_where_the_sources_put_it(a):
    spill = lambda pid, base: _fields(a, pid)[1][_lm(a, base)]  # noqa: E731
    assert spill("infraspinatus_tp1", "biceps_belly") >= 0.5  # down the front of the arm
    assert spill("infraspinatus_tp1", "deltoid_tuberosity") >= 0.5  # and the outer arm
    assert spill("infraspinatus_tp1", "snuffbox") >= 0.5  # on to the thumb side of the hand
    assert spill("infraspinatus_tp1", "index_knuckle") >= 0.5
    assert spill("latissimus_dorsi_tp1", "medial_arm") >= 0.5  # down the inner arm
    assert spill("latissimus_dorsi_tp1", "posterior_deltoid") >= 0.5
    assert spill("serratus_anterior_tp1", "medial_arm") >= 0.5
    assert spill("pectoralis_major_tp2", "medial_arm") >= 0.5
    assert spill("subscapularis_tp1", "triceps_belly") >= 0.5
    assert spill("coracobrachialis_tp1", "triceps_belly") >= 0.5
    assert spill("coracobrachialis_tp1", "olecranon") == 0  # skips the elbow
    assert spill("subclavius_tp1", "cubital_fossa") == 0  # skips the elbow too
    assert spill("serratus_anterior_tp2", "inferior_angle_of_scapula") >= 0.5
    assert spill("latissimus_dorsi_tp2", "iliac_crest") >= 0.5  # side of the trunk above the hip bone
    assert spill("latissimus_dorsi_tp2", "mid_flank") >= 0.5
    assert spill("latissimus_dorsi_tp2", "twelfth_rib") == 0
    for pid in ("teres_major_tp1", "teres_major_tp2", "triceps_brachii_tp1"):
        assert spill(pid, "mid_forearm_dorsal") >= 0.5, pid  # now and then the back of the forearm
        assert spill(pid, "olecranon") == 0, pid  # jumping past the elbow
    assert spill("triceps_brachii_tp1", "angle_of_neck") >= 0.5  # top of the shoulder near the neck
    assert spill("triceps_brachii_tp1", "acromion") >= 0.5
    for base in ("mid_forearm_dorsal", "ring_fingertip", "little_fingertip"):
        assert spill("triceps_brachii_tp3", base) >= 0.5, base
    assert spill("triceps_brachii_tp3", "thumb_tip") == 0 and spill("triceps_brachii_tp3", "index_fingertip") == 0


def test_subscapularis_wraps_a_spillover_band_round_the_wrist(a):
    """Essential at the back of the shoulder; spillover down the back of the arm and in a band
    all round the wrist (T&S)."""
    ess, spill = _fields(a, "subscapularis_tp1")
    j = a.body.joints
    hand, elbow = np.asarray(j["l-hand"]), np.asarray(j["l-elbow"])
    axis = (hand - elbow) / np.linalg.norm(hand - elbow)
    v = a.body.vertices - hand
    t = v @ axis
    ring = (np.abs(t + 1) < 0.5) & (np.linalg.norm(v - np.outer(t, axis), axis=1) < 6)
    assert ring.sum() > 10
    assert (spill[ring] >= 0.5).mean() >= 0.9  # all the way round, as spillover
    assert (ess[ring] == 0).all()


def test_sternalis_crosses_the_midline_but_pectoralis_major_does_not(a):
    ess_st, _ = _fields(a, "sternalis_tp1")
    ess_pm, _ = _fields(a, "pectoralis_major_tp4")
    x = a.body.vertices[:, 0]
    assert ess_st[x < -1.5].max() >= 0.5
    assert ess_pm[x < -1.0].max() == 0


REGION_PHRASES = {
    "medial border of the scapula": "medial_scapular_border",
    "inferior angle": "inferior_angle",
    "inferior angle of the scapula": "inferior_angle",
    "lower tip of the shoulder blade": "inferior_angle",
    "anterior deltoid": "anterior_deltoid",
    "front of the shoulder cap": "anterior_deltoid",
    "posterior deltoid": "posterior_deltoid",
    "rear deltoid": "posterior_deltoid",
    "anterior axillary fold": "front_armpit_fold",
    "posterior axillary fold": "back_armpit_fold",
    "back fold of the armpit": "back_armpit_fold",
    "front of the shoulder": "front_of_shoulder",
    "armpit": "armpit",
}


@pytest.mark.parametrize("phrase", sorted(REGION_PHRASES))
def test_region_phrases_resolve(a, phrase):
    r = a.regions[phrase]
    assert r.base == REGION_PHRASES[phrase], (phrase, r.id)
    assert a.regions[f"left {phrase}"].id == f"{REGION_PHRASES[phrase]}_l"


def test_new_landmarks_sit_where_their_names_say(a):
    p = lambda base: a.body.vertices[_lm(a, base)]  # noqa: E731
    assert p("bicipital_groove")[2] > p("acromion")[2] + 3  # front of the shoulder
    assert p("anterior_deltoid")[2] > 3 > p("posterior_deltoid")[2]
    assert p("triceps_belly")[2] < p("biceps_belly")[2]
    assert p("lateral_border_of_scapula")[0] > p("medial_border_of_scapula")[0]
    assert p("costal_margin")[1] < p("nipple")[1] - 5
    assert p("lateral_chest_wall")[0] > p("nipple")[0] + 3


# painted words -> muscles that must rank in the top 6 (textbook shoulder and chest pain maps)
REVERSE = [
    ("left inferior angle", {"latissimus_dorsi", "serratus_anterior"}),
    ("left anterior deltoid", {"deltoid", "infraspinatus", "pectoralis_major"}),
    ("left front of the shoulder", {"infraspinatus", "pectoralis_minor", "biceps_brachii"}),
    ("left posterior deltoid", {"deltoid", "teres_minor", "subscapularis", "teres_major"}),
    ("left breast", {"pectoralis_major"}),
    ("left side of the chest", {"serratus_anterior", "intercostals"}),
]


@pytest.mark.parametrize("where,expected", REVERSE, ids=[w for w, _ in REVERSE])
def test_shoulder_pain_words_find_the_textbook_muscles(a, where, expected):
    pain, _ = a.engine.pain_from_words([where])
    top = [m.muscle for m in a.engine.reverse_muscles(pain, limit=10)]
    assert expected <= set(top), (where, top)
