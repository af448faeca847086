# Checked 2026-12-02 against travell1992 (vol 2, ch 14, 15, 17, 20, 26, 27): cases for the second points and the per-toe foot lumbricals.
"""Leg and foot referral zones match their textbook patterns, checked at named landmarks.

Each row names landmarks the essential zone must cover (field >= 0.5 at the landmark's vertex
on the point's side) and landmarks where the sources put no essential pain (field == 0).
"""

import numpy as np
import pytest

import atlas

ON_OFF = {
    # thigh
    "adductor_longus_tp1": (["upper_inner_thigh", "medial_knee"], ["lateral_knee_condyle", "popliteal_fossa"]),
    "adductor_brevis_tp1": (["upper_inner_thigh", "medial_knee"], ["lateral_knee_condyle", "ischial_tuberosity"]),
    "adductor_longus_tp2": (["medial_knee"], ["lateral_knee_condyle", "ischial_tuberosity", "upper_front_thigh"]),
    "adductor_magnus_tp1": (["upper_inner_thigh", "mid_inner_thigh"], ["medial_knee", "mid_lateral_thigh"]),
    "adductor_magnus_tp2": (["pubic_symphysis", "genital_root", "perineum"],
                            ["medial_knee", "mid_inner_thigh", "inner_groin_crease", "greater_trochanter"]),
    "biceps_femoris_tp1": (["posterolateral_knee", "popliteal_fossa"], ["patella", "ischial_tuberosity"]),
    "biceps_femoris_tp2": (["posterolateral_knee", "popliteal_fossa"], ["patella", "medial_knee"]),
    "gracilis_tp1": (["mid_inner_thigh"], ["mid_lateral_thigh", "lateral_knee_condyle"]),
    "gracilis_tp2": (["mid_inner_thigh", "lower_inner_thigh"], ["mid_lateral_thigh", "lateral_knee_condyle"]),
    "semitendinosus_tp1": (["ischial_tuberosity"], ["popliteal_fossa", "patella"]),
    "semimembranosus_tp1": (["ischial_tuberosity", "posteromedial_thigh"], ["posterolateral_knee", "medial_calf_point"]),
    "pectineus_tp1": (["inner_groin_crease"], ["medial_knee", "mid_inner_thigh"]),
    "rectus_femoris_tp1": (["patella", "patellar_tendon"], ["popliteal_fossa", "upper_front_thigh"]),
    "rectus_femoris_tp2": (["patella"], ["popliteal_fossa", "mid_front_thigh"]),
    "sartorius_tp1": (["asis", "anteromedial_upper_thigh"], ["medial_knee"]),
    "sartorius_tp2": (["anteromedial_mid_thigh"], ["popliteal_fossa", "medial_knee"]),
    "sartorius_tp3": (["medial_knee"], ["lateral_knee_condyle", "asis"]),
    "vastus_intermedius_tp1": (["mid_front_thigh", "upper_front_thigh"], ["patella", "mid_back_thigh"]),
    "vastus_intermedius_tp2": (["mid_front_thigh", "lower_front_thigh"], ["patella", "mid_back_thigh", "asis"]),
    "vastus_lateralis_tp1": (["lateral_patellar_border", "lateral_knee_condyle"], ["medial_knee", "greater_trochanter"]),
    "vastus_lateralis_tp2": (["lateral_knee_condyle", "posterolateral_knee"], ["medial_knee", "patella"]),
    "vastus_lateralis_tp3": (["upper_lateral_thigh", "mid_lateral_thigh", "lower_lateral_thigh"], ["mid_inner_thigh", "medial_knee"]),
    "vastus_lateralis_tp4": (["greater_trochanter", "upper_lateral_thigh"], ["lateral_knee_condyle"]),
    "vastus_lateralis_tp5": (["lower_lateral_thigh", "lateral_knee_condyle"], ["medial_knee", "greater_trochanter"]),
    "vastus_medialis_tp1": (["medial_patellar_border"], ["lateral_patellar_border", "popliteal_fossa"]),
    "vastus_medialis_tp2": (["medial_knee"], ["lateral_knee_condyle", "popliteal_fossa"]),
    # lower leg
    "extensor_digitorum_longus_tp1": (["mid_dorsum", "middle_toes_top"], ["plantar_heel", "calcaneus"]),
    "extensor_hallucis_longus_tp1": (["first_metatarsal_dorsum", "big_toe_top"], ["plantar_heel", "lateral_malleolus"]),
    "fibularis_longus_tp1": (["lateral_malleolus"], ["medial_malleolus", "anteromedial_ankle"]),
    "fibularis_brevis_tp1": (["lateral_malleolus"], ["medial_malleolus", "big_toe_top"]),
    "fibularis_brevis_tp2": (["lateral_malleolus"], ["medial_malleolus", "big_toe_top"]),
    "fibularis_tertius_tp1": (["anterolateral_ankle", "lateral_malleolus"], ["medial_malleolus", "plantar_heel"]),
    "flexor_digitorum_longus_tp1": (["ball_of_foot"], ["calcaneus", "anterior_ankle"]),
    "flexor_hallucis_longus_tp1": (["first_metatarsal_plantar", "big_toe_underside"], ["calcaneus", "big_toe_top"]),
    "gastrocnemius_tp1": (["navicular_tuberosity"], ["popliteal_fossa", "patella"]),
    "gastrocnemius_tp2": (["lateral_calf_upper"], ["calcaneus", "popliteal_fossa"]),
    "gastrocnemius_tp3": (["popliteal_fossa", "lower_popliteal"], ["calcaneus", "patella"]),
    "gastrocnemius_tp4": (["popliteal_fossa", "lower_popliteal"], ["calcaneus", "patella"]),
    "plantaris_tp1": (["popliteal_fossa"], ["achilles_tendon", "patella"]),
    "popliteus_tp1": (["popliteal_fossa"], ["patella", "mid_calf"]),
    "popliteus_tp2": (["popliteal_fossa"], ["patella", "mid_calf"]),
    "soleus_tp1": (["calcaneus", "plantar_heel", "achilles_tendon"], ["popliteal_fossa", "ball_of_foot"]),
    "soleus_tp2": (["lower_popliteal", "mid_calf"], ["calcaneus", "patella"]),
    "soleus_tp3": (["sacroiliac_joint"], ["calcaneus", "popliteal_fossa", "upper_sacrum", "greater_trochanter"]),
    "tibialis_anterior_tp1": (["anteromedial_ankle", "big_toe_top"], ["calcaneus", "lateral_malleolus"]),
    "tibialis_posterior_tp1": (["achilles_tendon"], ["ball_of_foot", "patella"]),
    # foot
    "abductor_digiti_minimi_foot_tp1": (["fifth_metatarsal_head"], ["calcaneus", "first_metatarsal_plantar"]),
    "abductor_digiti_minimi_foot_tp2": (["fifth_metatarsal_head"], ["calcaneus", "first_metatarsal_plantar"]),
    "abductor_hallucis_tp1": (["medial_heel"], ["lateral_heel", "ball_of_foot"]),
    "abductor_hallucis_tp2": (["medial_heel"], ["lateral_heel", "ball_of_foot"]),
    "abductor_hallucis_tp3": (["medial_heel"], ["lateral_heel", "ball_of_foot"]),
    "extensor_digitorum_brevis_tp1": (["lateral_dorsum"], ["plantar_heel", "big_toe_tip"]),
    "extensor_hallucis_brevis_tp1": (["mid_dorsum"], ["plantar_heel", "calcaneus"]),
    "flexor_digitorum_brevis_tp1": (["ball_of_foot"], ["plantar_heel", "mid_dorsum"]),
    "flexor_digitorum_brevis_tp2": (["ball_of_foot"], ["plantar_heel", "mid_dorsum"]),
    "foot_interossei_tp1": (["second_toe"], ["calcaneus", "plantar_heel"]),
    "foot_interossei_tp2": (["second_toe"], ["calcaneus", "plantar_heel"]),
    "foot_interossei_tp4": (["middle_toes_top"], ["calcaneus", "little_toe_top"]),
    "foot_interossei_tp5": (["fourth_toe_top"], ["calcaneus", "big_toe_top"]),
    "foot_interossei_tp6": (["fourth_toe_top"], ["calcaneus", "big_toe_top"]),
    "foot_interossei_tp7": (["little_toe_top"], ["calcaneus", "big_toe_top"]),
    "foot_interossei_tp3": (["middle_toes_top"], ["calcaneus", "plantar_heel"]),
    "flexor_hallucis_brevis_tp1": (["first_metatarsal_plantar", "first_metatarsal_head"], ["calcaneus", "fifth_metatarsal_head"]),
    "flexor_hallucis_brevis_tp2": (["first_metatarsal_plantar"], ["calcaneus", "fifth_metatarsal_head"]),
    "adductor_hallucis_tp1": (["ball_of_foot", "first_metatarsal_plantar"], ["plantar_heel", "mid_dorsum"]),
    "adductor_hallucis_tp2": (["ball_of_foot"], ["plantar_heel", "mid_dorsum"]),
    "flexor_digiti_minimi_brevis_foot_tp1": (["fifth_metatarsal_head"], ["first_metatarsal_plantar", "plantar_heel"]),
    "lumbricals_foot_tp1": (["ball_of_foot", "second_toe"], ["plantar_heel", "little_toe_top"]),
    "lumbricals_foot_tp2": (["ball_of_foot", "middle_toes_top"], ["plantar_heel", "little_toe_top"]),
    "lumbricals_foot_tp3": (["fourth_toe_top"], ["plantar_heel", "second_toe"]),
    "lumbricals_foot_tp4": (["little_toe_top"], ["plantar_heel", "second_toe", "big_toe_top"]),
    "quadratus_plantae_tp1": (["plantar_heel"], ["ball_of_foot", "achilles_tendon"]),
}

# Occasional extensions the spillover zone must reach (drawn minus essential).
SPILL_ON = {
    "adductor_magnus_tp2": ["inner_groin_crease"],
    "adductor_longus_tp1": ["mid_medial_shin"],
    "biceps_femoris_tp1": ["mid_back_thigh"],
    "semitendinosus_tp1": ["posteromedial_knee"],
    "rectus_femoris_tp1": ["suprapatellar"],
    "vastus_lateralis_tp1": ["mid_lateral_thigh"],
    "vastus_lateralis_tp3": ["greater_trochanter", "lateral_knee_condyle"],
    "gastrocnemius_tp1": ["medial_calf_point", "popliteal_fossa"],
    "tibialis_posterior_tp1": ["midsole", "ball_of_foot", "plantar_heel"],
    "tibialis_anterior_tp1": ["mid_shin"],
    "fibularis_longus_tp1": ["mid_lateral_leg", "outer_foot_edge"],
    "abductor_hallucis_tp1": ["navicular_tuberosity"],
    "extensor_digitorum_longus_tp1": ["anterior_ankle"],
    "popliteus_tp1": ["lower_popliteal"],
    "popliteus_tp2": ["lower_popliteal"],
    "vastus_intermedius_tp2": ["suprapatellar"],
    "abductor_digiti_minimi_foot_tp2": ["outer_foot_edge"],
    "adductor_longus_tp2": ["mid_medial_shin"],
    "flexor_hallucis_brevis_tp1": ["big_toe_underside"],
    "foot_interossei_tp5": ["ball_of_foot"],
}


@pytest.fixture(scope="module")
def a():
    return atlas.load()


def _fields(a, pid, side="left"):
    tp = a.catalogue.points[pid]
    n = len(a.body.vertices)
    return tp.essential_field[side].dense(n), tp.spillover_field[side].dense(n)


def _vertex(a, base, side="left"):
    lm = a.body.landmarks.get(f"{base}_{side[0]}") or a.body.landmarks[base]
    return lm.vertex


@pytest.mark.parametrize("pid", sorted(ON_OFF))
def test_essential_zone_covers_its_landmarks_and_not_the_others(a, pid):
    on, off = ON_OFF[pid]
    for side in a.catalogue.points[pid].sides:
        ess, _ = _fields(a, pid, side)
        for base in on:
            assert ess[_vertex(a, base, side)] >= 0.5, (pid, side, base)
        for base in off:
            assert ess[_vertex(a, base, side)] == 0, (pid, side, base)


@pytest.mark.parametrize("pid", sorted(SPILL_ON))
def test_spillover_reaches_the_occasional_extension(a, pid):
    _, spill = _fields(a, pid)
    for base in SPILL_ON[pid]:
        assert spill[_vertex(a, base)] >= 0.5, (pid, base)


def test_every_leg_point_is_a_recipe_not_a_region_list():
    import os
    from pathlib import Path

    import yaml

    from tests.conftest import ROOT

    folder = Path(os.environ.get("ATLAS_POINTS") or ROOT / "points")
    seen = set()
    for muscle in {pid.rsplit("_tp", 1)[0] for pid in ON_OFF}:
        for tp in yaml.safe_load((folder / f"{muscle}.yaml").read_text())["trigger_points"]:
            assert isinstance(tp["referral"]["essential"], dict), tp["id"]
            seen.add(tp["id"])
    assert seen == set(ON_OFF)


def test_soleus_tp3_is_a_small_patch_over_the_sacroiliac_joint(a):
    ess, _ = _fields(a, "soleus_tp3")
    assert ess[_vertex(a, "sacroiliac_joint", "left")] >= 0.5
    near = a.body.vertices[ess >= 0.5] - a.body.vertices[_vertex(a, "sacroiliac_joint", "left")]
    assert np.linalg.norm(near, axis=1).max() < 6  # one spot, not the whole low back
    assert ess[a.body.vertices[:, 0] < 0].max() == 0  # the same side only


def test_right_side_is_the_mirror(a):
    ess, _ = _fields(a, "soleus_tp1", "right")
    assert ess[_vertex(a, "calcaneus", "right")] >= 0.5
    assert ess[_vertex(a, "calcaneus", "left")] == 0


@pytest.mark.parametrize("phrase, base", [
    ("above the kneecap", "suprapatellar"),
    ("quadriceps tendon", "suprapatellar"),
    ("below the kneecap", "infrapatellar"),
    ("patellar tendon", "infrapatellar"),
    ("upper back of the knee", "upper_back_of_knee"),
    ("above the knee crease", "upper_back_of_knee"),
    ("lower back of the knee", "lower_back_of_knee"),
    ("below the knee crease", "lower_back_of_knee"),
    ("ball of the foot", "ball_of_foot"),
    ("bottom of the heel", "plantar_heel"),
    ("heel pad", "plantar_heel"),
    ("outer edge of the foot", "lateral_foot"),
    ("front of the ankle", "front_of_ankle"),
    ("behind the knee", "back_of_knee"),
])
def test_new_leg_phrases_resolve(a, phrase, base):
    assert a.regions[phrase].base == base


def test_side_words_pick_the_side(a):
    assert a.regions["left ball of the foot"].id == "ball_of_foot_l"
    assert a.regions["right bottom of the heel"].id == "plantar_heel_r"
