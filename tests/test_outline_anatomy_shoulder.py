# Checked 2026-12-02 against Simons 1999 (vol. 1), Davies 2013 and Chaitow & DeLany 2008: origin and insertion of each shoulder, arm, chest and upper-back muscle.
"""Shoulder, arm, chest and upper-back muscle outlines follow the anatomy.

Each muscle's footprint (where it lies under the skin; its outline is the field's half line)
must cover the landmarks of its origin and insertion (field >= 0.5 on the left side; >= 0.45
for a midline landmark, which a one-sided footprint meets at exactly one half) and stay off
named landmarks the muscle does not reach (field < 0.5).  The old footprints, unions of whole
regions, were blocky and failed these: the deltoid ran down the outer arm, the infraspinatus
onto the inner edge of the shoulder blade, the latissimus stopped short of the spine.
"""

import numpy as np
import pytest
import yaml
from scipy.sparse import csgraph

from tests.skin import footprint, landmark
from atlas.data.resources import points_dir

# muscle -> (landmarks inside the outline, landmarks outside it)
ANATOMY = {
    # cap of the shoulder: outer collarbone, shoulder tip and blade ridge to the outer arm
    "deltoid": (["lateral_clavicle", "acromion", "posterior_acromion", "anterior_deltoid",
                 "posterior_deltoid", "deltoid_tuberosity"],
                ["clavicle_midpoint", "scapular_spine_root", "axilla", "medial_arm", "upper_inner_arm",
                 "biceps_belly", "lateral_epicondyle", "infraspinous_fossa"]),
    # flat of the blade below the ridge to the back of the shoulder joint
    "infraspinatus": (["infraspinous_fossa", "medial_border_of_scapula", "posterior_deltoid"],
                      ["supraspinous_fossa", "scapular_spine_root", "superior_angle_of_scapula", "acromion",
                       "t6_spinous_process",
                       "lateral_chest_wall", "deltoid_tuberosity"]),
    # above the blade's ridge, under the shoulder tip
    "supraspinatus": (["superior_angle_of_scapula", "supraspinous_fossa", "acromion"],
                      ["infraspinous_fossa", "c7_spinous_process", "clavicle_midpoint", "lateral_clavicle",
                       "deltoid_tuberosity", "posterior_deltoid", "inferior_angle_of_scapula"]),
    # outer edge of the blade to the back of the shoulder joint
    "teres_minor": (["lateral_border_of_scapula", "posterior_deltoid"],
                    ["inferior_angle_of_scapula", "infraspinous_fossa", "medial_border_of_scapula", "axilla",
                     "acromion"]),
    # lower tip of the blade into the back fold of the armpit
    "teres_major": (["inferior_angle_of_scapula", "posterior_axillary_fold"],
                    ["infraspinous_fossa", "spine_of_scapula", "acromion", "medial_border_of_scapula",
                     "nipple", "biceps_belly"]),
    # front face of the blade, through the armpit to the front of the shoulder joint
    "subscapularis": (["infraspinous_fossa", "axilla", "bicipital_groove"],
                      ["acromion", "deltoid_tuberosity", "nipple", "t6_spinous_process",
                       "supraspinous_fossa"]),
    # lower thoracic and lumbar spines, hip crest and lower ribs to the back armpit fold
    "latissimus_dorsi": (["paraspinal_t12", "iliac_crest", "twelfth_rib", "inferior_angle_of_scapula",
                          "posterior_axillary_fold"],
                         ["infraspinous_fossa", "spine_of_scapula", "t3_spinous_process", "nipple",
                          "asis", "umbilicus", "mid_buttock"]),
    # C7 to T5 spines to the inner edge of the blade
    "rhomboids": (["paraspinal_t3", "scapular_spine_root", "medial_border_of_scapula"],
                  ["infraspinous_fossa", "spine_of_scapula", "acromion", "paraspinal_t9",
                   "superior_angle_of_scapula"]),
    # side of the ribs under the arm, round to the blade's lower tip
    "serratus_anterior": (["lateral_chest_wall", "lower_lateral_ribs", "inferior_angle_of_scapula"],
                          ["nipple", "sternum_mid", "spine_of_scapula", "mid_flank", "acromion"]),
    # ribs 3-5 near the nipple line to the coracoid
    "pectoralis_minor": (["coracoid_process", "pectoral_mid"],
                         ["clavicle_midpoint", "sternum_mid", "acromion", "axilla", "xiphoid_process"]),
    # coracoid to the inner mid-arm
    "coracobrachialis": (["coracoid_process", "upper_inner_arm", "medial_arm"],
                         ["biceps_belly", "triceps_belly", "cubital_fossa", "medial_epicondyle",
                          "acromion", "deltoid_tuberosity"]),
    # front of the shoulder to the elbow crease
    "biceps_brachii": (["coracoid_process", "bicipital_groove", "biceps_belly", "cubital_fossa"],
                       ["triceps_belly", "olecranon", "deltoid_tuberosity", "acromion",
                        "mid_forearm_palmar", "medial_epicondyle"]),
    # lower half of the front of the arm bone to just below the elbow crease
    "brachialis": (["lower_front_arm", "cubital_fossa", "biceps_belly"],
                   ["coracoid_process", "bicipital_groove", "acromion", "medial_arm", "triceps_belly", "olecranon",
                    "mid_forearm_palmar"]),
    # back of the arm from below the shoulder to the point of the elbow
    "triceps_brachii": (["posterior_axillary_fold", "triceps_belly", "olecranon"],
                        ["biceps_belly", "cubital_fossa", "acromion", "infraspinous_fossa",
                         "mid_forearm_dorsal"]),
    # inner collarbone, breastbone, upper rib cartilages to the front armpit fold
    "pectoralis_major": (["parasternal_mid", "pectoral_mid", "nipple", "anterior_axillary_fold",
                          "lower_pectoral"],
                         ["acromion", "lateral_chest_wall", "costal_margin", "umbilicus", "axilla",
                          "deltoid_tuberosity"]),
    # along the breastbone beside its midline
    "sternalis": (["parasternal_mid"],
                  ["nipple", "pectoral_mid", "clavicle_midpoint", "umbilicus", "costal_margin"]),
    # under the collarbone, inner half
    "subclavius": (["clavicle_midpoint"],
                   ["acromion", "coracoid_process", "pectoral_mid", "sternum_mid", "nipple"]),
    # the rim of the dome: lower rib margin all round
    "diaphragm": (["costal_margin", "lower_lateral_ribs", "twelfth_rib"],
                  ["nipple", "umbilicus", "iliac_crest", "sternal_notch", "inferior_angle_of_scapula"]),
    # between the ribs all round the rib cage
    "intercostals": (["parasternal_mid", "nipple", "lateral_chest_wall", "lower_lateral_ribs",
                      "medial_border_of_scapula", "twelfth_rib"],
                     ["acromion", "umbilicus", "iliac_crest", "deltoid_tuberosity", "c7_spinous_process"]),
    # T4-T12 spines up and out to the inner end of the blade's ridge
    "lower_trapezius": (["scapular_spine_root", "paraspinal_t9"],
                        ["acromion", "infraspinous_fossa", "c7_spinous_process", "l3_spinous_process",
                         "superior_angle_of_scapula", "lateral_border_of_scapula"]),
    # upper thoracic spines out along the blade's ridge to the shoulder tip
    "middle_trapezius": (["paraspinal_t3", "scapular_spine_root", "spine_of_scapula", "acromion"],
                         ["inferior_angle_of_scapula", "paraspinal_t9", "clavicle_midpoint",
                          "deltoid_tuberosity", "infraspinous_fossa"]),
    # the column over the rib angles
    "iliocostalis_thoracis": (["iliocostal_lower", "iliocostal_upper"],
                              ["t6_spinous_process", "infraspinous_fossa", "spine_of_scapula",
                               "l3_spinous_process", "iliac_crest", "lateral_border_of_scapula"]),
    # the deep groove beside the spines
    "rotatores": (["paraspinal_t3", "paraspinal_t9"],
                  ["medial_border_of_scapula", "iliocostal_lower", "sacrum_mid", "inferior_angle_of_scapula"]),
    # C7-T3 spines down and out to the upper ribs under the inner blade
    "serratus_posterior_superior": (["paraspinal_t3", "superior_angle_of_scapula"],
                                    ["inferior_angle_of_scapula", "paraspinal_t9", "acromion",
                                     "infraspinous_fossa", "spine_of_scapula"]),
}


@pytest.mark.parametrize("muscle", sorted(ANATOMY))
def test_outline_covers_origin_and_insertion_and_stays_off_the_rest(a, muscle):
    inside, outside = ANATOMY[muscle]
    for side in ("left", "right"):
        f = footprint(a, muscle, side)
        for base in inside:
            lm = landmark(a, base, side)
            v, midline = lm.vertex, lm.side == "midline"
            assert f[v] >= (0.45 if midline else 0.5), (muscle, side, "should cover", base, f[v])
        for base in outside:
            v = landmark(a, base, side).vertex
            assert f[v] < 0.5, (muscle, side, "should stay off", base, f[v])


@pytest.mark.parametrize("muscle", sorted(ANATOMY))
def test_each_trigger_point_lies_well_inside_its_outline(a, muscle):
    for tp in a.catalogue.points.values():
        if tp.muscle == muscle:
            for side in tp.sides:
                assert footprint(a, muscle, side)[tp.vertex[side]] >= 0.5, (tp.id, side)


def test_outlines_are_drawn_from_landmarks_not_region_unions():
    """Each footprint is bands and patches through landmarks; whole regions are not used."""
    for muscle in ANATOMY:
        spec = yaml.safe_load((points_dir() / f"{muscle}.yaml").read_text(encoding="utf-8"))["footprint"]
        assert isinstance(spec, dict) and ("band" in spec or "patch" in spec), muscle
        assert "regions" not in spec, muscle


@pytest.mark.parametrize("muscle", sorted(ANATOMY))
def test_outline_is_one_piece_without_holes(a, muscle):
    """One connected area inside the half line and one outside it: no islands, no holes."""
    f = footprint(a, muscle)
    for where, mask in (("inside", f >= 0.5), ("outside", f < 0.5)):
        idx = np.flatnonzero(mask)
        pieces, _ = csgraph.connected_components(a.body.graph[idx][:, idx], directed=False)
        assert pieces == 1, (muscle, where, pieces)
