"""Head and neck muscle outlines follow the anatomy, not the old blocks of regions.

Each muscle's footprint (where it lies under the skin; its outline is the field's iso-line at
one half) must cover the landmarks of its origin and insertion (field >= 0.5) and leave out named
landmarks the muscle does not reach (field < 0.5), on both sides (the right side is the left
recipe read through the mirror map).  The old footprints, unions of whole regions such as
"side of the neck" or "cheek", fail these checks.  Midline landmarks lie on the edge of a
one-sided footprint (a field of 0.5 at most), so they are checked with a margin.
"""

import pytest

from tests.skin import landmark

# muscle -> (landmarks inside the footprint, landmarks outside it)
OUTLINES = {
    "buccinator": (["mouth_corner", "mid_cheek", "inner_cheek"], ["cheekbone", "body_of_mandible"]),
    "digastric": (["mastoid_process", "below_angle_of_mandible", "hyoid", "under_chin"],
                  ["side_of_neck_mid", "mental_protuberance"]),
    "lateral_pterygoid": (["tmj"], ["cheekbone", "anterior_temple", "angle_of_mandible"]),
    "medial_pterygoid": (["angle_of_mandible", "below_angle_of_mandible"],
                         ["zygomatic_arch", "body_of_mandible", "mid_cheek"]),
    "occipitofrontalis": (["frontal_eminence", "supraorbital_ridge", "back_of_head", "superior_nuchal_line"],
                          ["vertex_of_skull", "crown_side", "parietal_eminence", "temple"]),
    "orbicularis_oculi": (["upper_eyelid", "lower_eyelid", "lateral_orbit", "supraorbital_ridge"],
                          ["temple", "side_of_nose", "mid_forehead"]),
    "superior_oblique": (["trochlea"], ["lateral_orbit", "supraorbital_ridge", "frontal_eminence"]),
    "zygomaticus_major": (["zygomatic_bone", "mouth_corner"], ["lower_eyelid", "tmj", "side_of_nose"]),
    "upper_trapezius": (["superior_nuchal_line", "back_of_neck_mid", "nape_lower", "angle_of_neck", "acromion"],
                        ["side_of_neck_mid", "spine_of_scapula", "mastoid_process"]),
    "sternocleidomastoid_sternal": (["sternoclavicular_joint", "scm_midpoint", "mastoid_process"],
                                    ["thyroid_cartilage", "clavicle_midpoint", "supraclavicular_fossa"]),
    "sternocleidomastoid_clavicular": (["medial_clavicle", "side_of_neck_mid", "mastoid_process"],
                                       ["sternoclavicular_joint", "clavicle_midpoint", "hyoid"]),
    "scalene_anterior": (["upper_side_of_neck", "medial_clavicle"],
                         ["angle_of_neck", "back_of_neck_mid", "clavicle_midpoint", "angle_of_mandible"]),
    "scalene_middle": (["upper_side_of_neck", "supraclavicular_fossa"],
                       ["back_of_neck_mid", "sternoclavicular_joint", "clavicle_midpoint", "angle_of_mandible"]),
    "scalene_posterior": (["side_of_neck_mid", "lateral_neck_base"],
                          ["medial_clavicle", "spine_of_scapula", "nape_lower"]),
    "scalenus_minimus": (["medial_clavicle"], ["clavicle_midpoint", "side_of_neck_mid"]),
    "levator_scapulae": (["upper_side_of_neck", "angle_of_neck", "superior_angle_of_scapula"],
                         ["nape_lower", "spine_of_scapula", "suprascapular_notch"]),
    "splenius_capitis": (["nape_lower", "back_of_neck_mid", "mastoid_process"],
                         ["angle_of_mandible", "back_of_head", "scm_midpoint", "nape_upper"]),
    "splenius_cervicis": (["upper_back_paraspinal", "angle_of_neck", "upper_side_of_neck"],
                          ["spine_of_scapula", "superior_angle_of_scapula", "mastoid_process"]),
    "semispinalis_capitis": (["superior_nuchal_line", "nape_upper", "nape_lower", "upper_back_paraspinal"],
                             ["back_of_head", "mastoid_process"]),
    "semispinalis_cervicis": (["nape_upper", "back_of_neck_mid", "upper_back_paraspinal"],
                              ["angle_of_neck", "base_of_neck_back", "superior_nuchal_line"]),
    "cervical_multifidi": (["nape_upper", "nape_lower"], ["angle_of_neck", "superior_nuchal_line"]),
    "longissimus_capitis": (["mastoid_process", "back_of_neck_mid", "angle_of_neck"],
                            ["nape_lower", "side_of_neck_mid"]),
    "suboccipitals": (["suboccipital_hollow", "superior_nuchal_line"], ["back_of_head", "nape_lower"]),
    "longus_capitis": (["beside_larynx", "below_angle_of_mandible"],
                       ["thyroid_cartilage", "upper_side_of_neck", "sternal_notch"]),
    "longus_colli": (["beside_larynx", "beside_trachea"], ["side_of_neck_mid", "scm_midpoint"]),
    "omohyoid": (["hyoid", "scm_midpoint", "clavicle_midpoint", "suprascapular_notch"],
                 ["sternoclavicular_joint", "beside_trachea", "angle_of_neck"]),
    "platysma": (["body_of_mandible", "lower_premolars", "scm_midpoint", "clavicle_midpoint"],
                 ["back_of_neck_mid", "angle_of_neck", "mastoid_process", "cheekbone"]),
    "sternohyoid": (["sternoclavicular_joint", "beside_trachea", "beside_larynx"],
                    ["clavicle_midpoint", "medial_clavicle", "sternal_notch"]),
    "stylohyoid": (["mastoid_process", "below_angle_of_mandible", "hyoid"], ["scm_midpoint", "side_of_neck_mid"]),
}

SIDES = ("left", "right")


@pytest.mark.parametrize("muscle", sorted(OUTLINES))
def test_footprint_covers_origin_and_insertion_and_not_the_rest(a, muscle):
    inside, outside = OUTLINES[muscle]
    n = len(a.body.vertices)
    for side in SIDES:
        foot = a.catalogue.muscles[muscle].footprint[side].dense(n)
        for base in inside:
            lm = landmark(a, base, side)
            need = 0.45 if lm.side == "midline" else 0.5  # a midline landmark sits on the edge
            assert foot[lm.vertex] >= need, (muscle, side, base, float(foot[lm.vertex]))
        for base in outside:
            lm = landmark(a, base, side)
            assert foot[lm.vertex] < 0.5, (muscle, side, base, float(foot[lm.vertex]))


@pytest.mark.parametrize("muscle", sorted(OUTLINES))
def test_every_trigger_point_lies_well_inside_its_muscle(a, muscle):
    n = len(a.body.vertices)
    tps = [tp for tp in a.catalogue.points.values() if tp.muscle == muscle]
    assert tps
    for tp in tps:
        for side in tp.vertex:
            foot = a.catalogue.muscles[muscle].footprint[side].dense(n)
            assert foot[tp.vertex[side]] > 0.0, (tp.id, side)


def test_footprints_are_muscle_sized(a):
    # a strap or small muscle of the head and neck is well under the size of a whole region block
    area = a.body.vertex_area
    n = len(a.body.vertices)
    for muscle in OUTLINES:
        foot = a.catalogue.muscles[muscle].footprint["left"].dense(n)
        assert 3 < area[foot >= 0.5].sum() < 200, muscle


def test_the_two_heads_of_the_sternocleidomastoid_start_apart_and_meet_behind_the_ear(a):
    n = len(a.body.vertices)
    sternal = a.catalogue.muscles["sternocleidomastoid_sternal"].footprint["left"].dense(n)
    clavicular = a.catalogue.muscles["sternocleidomastoid_clavicular"].footprint["left"].dense(n)
    lms = a.body.landmarks
    assert sternal[lms["sternoclavicular_joint_l"].vertex] >= 0.5 > clavicular[lms["sternoclavicular_joint_l"].vertex]
    assert clavicular[lms["medial_clavicle_l"].vertex] >= 0.5 > sternal[lms["medial_clavicle_l"].vertex]
    mastoid = lms["mastoid_process_l"].vertex
    assert sternal[mastoid] >= 0.5 and clavicular[mastoid] >= 0.5


@pytest.mark.parametrize("phrase, landmark_id", [
    ("sternoclavicular joint", "sternoclavicular_joint"),
    ("corner of the mouth", "mouth_corner"),
    ("hollow above the collarbone", "supraclavicular_fossa"),
])
def test_new_landmarks_resolve_by_their_plain_names(a, phrase, landmark_id):
    hits = [lm for lm in a.body.landmarks.values() if lm.id.startswith(landmark_id)]
    assert hits
    names = {lm.label.lower() for lm in hits} | {syn.lower() for lm in hits for syn in lm.synonyms}
    assert any(phrase in x for x in names)
