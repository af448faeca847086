# Checked 2026-12-02 against travell1992 (vol 2) and standard anatomy texts: origin and insertion of each muscle.
"""Thigh, leg and foot muscle outlines (footprints) follow the muscles, checked at landmarks.

Each row names landmarks at the muscle's origin, belly and insertion that its footprint must
cover (field >= 0.5 on the left, where recipes are authored) and landmarks over neighbouring
muscles that it must leave out (field < 0.5).  The old footprints, unions of whole regions,
fail these rows: they covered most of a limb segment.
"""

import pytest

from tests.skin import landmark

ON_OFF = {
    # thigh
    "vastus_lateralis": (["greater_trochanter", "mid_lateral_thigh", "lateral_patellar_border"],
                         ["mid_front_thigh", "mid_back_thigh", "mid_inner_thigh", "medial_knee", "patella"]),
    "sartorius": (["asis", "anteromedial_mid_thigh", "pes_anserinus"],
                  ["mid_front_thigh", "mid_lateral_thigh", "patella", "popliteal_fossa"]),
    "rectus_femoris": (["aiis", "mid_front_thigh", "suprapatellar"],
                       ["anteromedial_mid_thigh", "mid_lateral_thigh", "patella", "patellar_tendon"]),
    "vastus_medialis": (["lower_inner_thigh", "medial_patellar_border"],
                        ["mid_front_thigh", "suprapatellar", "upper_inner_thigh", "lateral_patellar_border"]),
    "vastus_intermedius": (["upper_front_thigh", "mid_front_thigh", "lower_front_thigh"],
                           ["patella", "asis", "mid_inner_thigh", "mid_back_thigh", "mid_lateral_thigh"]),
    "biceps_femoris": (["ischial_tuberosity", "posterolateral_knee", "fibular_head"],
                       ["posteromedial_knee", "mid_lateral_thigh", "medial_knee", "patella"]),
    "semitendinosus": (["ischial_tuberosity", "posteromedial_thigh", "pes_anserinus"],
                       ["posterolateral_thigh", "posterolateral_knee", "fibular_head", "patella"]),
    "semimembranosus": (["ischial_tuberosity", "posteromedial_knee"],
                        ["posterolateral_thigh", "posterolateral_knee", "medial_knee", "medial_calf_point"]),
    "adductor_longus": (["inner_groin_crease", "upper_inner_thigh", "mid_inner_thigh"],
                        ["lower_inner_thigh", "mid_front_thigh", "medial_knee", "ischial_tuberosity"]),
    "adductor_brevis": (["inner_groin_crease", "upper_inner_thigh"],
                        ["mid_inner_thigh", "mid_front_thigh", "ischial_tuberosity"]),
    "adductor_magnus": (["ischial_tuberosity", "posteromedial_thigh", "adductor_tubercle"],
                        ["mid_front_thigh", "mid_lateral_thigh", "pes_anserinus", "medial_calf_point"]),
    "gracilis": (["medial_upper_thigh", "medial_mid_thigh", "pes_anserinus"],
                 ["anteromedial_mid_thigh", "lower_inner_thigh", "mid_back_thigh", "ischial_tuberosity"]),
    "pectineus": (["medial_femoral_triangle", "inner_groin_crease"],
                  ["femoral_triangle", "upper_front_thigh", "mid_inner_thigh", "asis"]),
    # lower leg
    "gastrocnemius": (["posteromedial_knee", "posterolateral_knee", "mid_calf"],
                      ["posterolateral_lower_leg", "lower_posteromedial_leg", "mid_medial_shin",
                       "achilles_tendon", "calcaneus"]),
    "tibialis_anterior": (["anterolateral_shin", "anterior_ankle", "medial_cuneiform"],
                          ["upper_anterolateral_leg", "mid_lateral_leg", "lateral_malleolus", "big_toe_top"]),
    "extensor_digitorum_longus": (["upper_anterolateral_leg", "lower_anterolateral_leg", "middle_toes_top"],
                                  ["anterolateral_shin", "mid_shin", "big_toe_top", "medial_malleolus"]),
    "extensor_hallucis_longus": (["lower_anterolateral_leg", "first_metatarsal_dorsum", "big_toe_top"],
                                 ["tibial_tuberosity", "fibular_head", "little_toe_top", "medial_malleolus"]),
    "fibularis_longus": (["fibular_head", "mid_lateral_leg", "retro_lateral_malleolus"],
                         ["lateral_calf_upper", "tibial_tuberosity", "mid_shin", "mid_calf"]),
    "fibularis_brevis": (["lower_lateral_leg", "retro_lateral_malleolus", "fifth_metatarsal_base"],
                         ["fibular_head", "lateral_calf_upper", "mid_shin", "big_toe_top"]),
    "fibularis_tertius": (["lower_anterolateral_leg", "fifth_metatarsal_base"],
                          ["mid_lateral_leg", "mid_shin", "anterior_ankle", "fibular_head"]),
    "soleus": (["lower_popliteal", "mid_calf", "achilles_tendon", "lower_posteromedial_leg", "posterolateral_lower_leg"],
               ["mid_lateral_leg", "mid_medial_shin", "popliteal_fossa", "calcaneus"]),
    "plantaris": (["posterolateral_knee", "popliteal_fossa"],
                  ["posteromedial_knee", "mid_calf", "achilles_tendon", "mid_back_thigh"]),
    "popliteus": (["posterolateral_knee", "posteromedial_upper_leg"],
                  ["mid_calf", "upper_popliteal", "patella", "tibial_tuberosity"]),
    "tibialis_posterior": (["mid_calf", "retro_medial_malleolus", "navicular_tuberosity"],
                           ["lateral_malleolus", "calcaneus", "mid_shin", "fibular_head"]),
    "flexor_digitorum_longus": (["medial_calf_point", "lower_posteromedial_leg", "retro_medial_malleolus"],
                                ["posterolateral_lower_leg", "popliteal_fossa", "mid_shin", "lateral_malleolus"]),
    "flexor_hallucis_longus": (["posterolateral_lower_leg", "achilles_tendon"],
                               ["mid_lateral_leg", "lateral_calf_upper", "medial_calf_point", "calcaneus"]),
    # foot
    "extensor_digitorum_brevis": (["lateral_dorsum", "forefoot_dorsum"],
                                  ["anterior_ankle", "lateral_malleolus", "big_toe_top", "plantar_heel"]),
    "extensor_hallucis_brevis": (["lateral_dorsum", "first_metatarsal_dorsum"],
                                 ["anterior_ankle", "little_toe_top", "medial_malleolus", "plantar_heel"]),
    "abductor_hallucis": (["medial_heel", "navicular_tuberosity", "first_metatarsal_head"],
                          ["medial_malleolus", "lateral_heel", "ball_of_foot", "mid_dorsum"]),
    "abductor_digiti_minimi_foot": (["lateral_plantar_heel", "lateral_midsole", "fifth_metatarsal_head"],
                                    ["plantar_heel", "medial_heel", "ball_of_foot", "first_metatarsal_plantar",
                                     "lateral_malleolus"]),
    "flexor_digitorum_brevis": (["plantar_heel", "midsole", "ball_of_foot"],
                                ["medial_heel", "lateral_heel", "big_toe_underside", "mid_dorsum"]),
    "quadratus_plantae": (["plantar_heel", "midsole"],
                          ["medial_heel", "ball_of_foot", "achilles_tendon", "mid_dorsum"]),
    "flexor_hallucis_brevis": (["first_metatarsal_plantar", "big_toe_underside"],
                               ["fifth_metatarsal_head", "plantar_heel", "big_toe_tip", "mid_dorsum"]),
    "adductor_hallucis": (["midsole", "ball_of_foot", "first_metatarsal_plantar"],
                          ["navicular_tuberosity", "plantar_heel", "medial_heel", "big_toe_tip", "mid_dorsum"]),
    "flexor_digiti_minimi_brevis_foot": (["lateral_midsole", "fifth_metatarsal_head"],
                                         ["ball_of_foot", "first_metatarsal_plantar", "plantar_heel", "lateral_heel"]),
    "lumbricals_foot": (["midsole", "ball_of_foot"],
                        ["first_metatarsal_plantar", "plantar_heel", "mid_dorsum", "big_toe_tip"]),
    "foot_interossei": (["forefoot_dorsum", "first_metatarsal_dorsum", "ball_of_foot"],
                        ["navicular_tuberosity", "fifth_metatarsal_base", "anterior_ankle", "plantar_heel"]),
}


@pytest.mark.parametrize("muscle", sorted(ON_OFF))
def test_footprint_covers_origin_and_insertion_and_leaves_neighbours_out(a, muscle):
    field = a.catalogue.muscles[muscle].footprint["left"].dense(len(a.body.vertices))
    on, off = ON_OFF[muscle]
    for base in on:
        assert field[landmark(a, base).vertex] >= 0.5, (muscle, base)
    for base in off:
        assert field[landmark(a, base).vertex] < 0.5, (muscle, base)


@pytest.mark.parametrize("muscle", sorted(ON_OFF))
def test_footprint_is_a_shaped_recipe_not_a_region_union(a, muscle):
    import os
    from pathlib import Path

    import yaml

    from tests.conftest import ROOT

    folder = Path(os.environ.get("ATLAS_POINTS") or ROOT / "points")
    footprint = yaml.safe_load((folder / f"{muscle}.yaml").read_text())["footprint"]
    assert footprint.get("band") or footprint.get("patch"), muscle


def test_every_muscle_of_the_area_is_listed(a):
    legs = {m.id for m in a.catalogue.muscles.values() if m.area in ("thigh", "leg", "foot")}
    assert legs <= set(ON_OFF), sorted(legs - set(ON_OFF))


def test_the_short_toe_extensor_points_sit_on_the_top_of_the_foot(a):
    for pid in ("extensor_digitorum_brevis_tp1", "extensor_hallucis_brevis_tp1"):
        region = a.body.regions[a.body.region_of_vertex[a.catalogue.points[pid].vertex["left"]]]
        assert region.base == "dorsum_of_foot", (pid, region.base)


def test_right_footprint_is_the_mirror(a):
    right = a.catalogue.muscles["sartorius"].footprint["right"].dense(len(a.body.vertices))
    assert right[a.body.landmarks["pes_anserinus_r"].vertex] >= 0.5
    assert right[a.body.landmarks["pes_anserinus_l"].vertex] < 0.5


@pytest.mark.parametrize("muscle", sorted(ON_OFF))
def test_footprint_is_one_piece_without_holes_and_of_muscle_size(a, muscle):
    from scipy.sparse import csgraph

    field = a.catalogue.muscles[muscle].footprint["left"].dense(len(a.body.vertices))
    for part, mask in (("pieces", field >= 0.5), ("holes", field < 0.5)):
        count, _ = csgraph.connected_components(a.body.graph[mask][:, mask], directed=False)
        assert count == 1, f"{muscle} outline has {count} {part}"
    area = float(a.body.vertex_area[field >= 0.5].sum())
    assert 20 < area < 500, f"{muscle}: {area:.0f} cm2"  # the old region unions were up to 1,161 cm2


def test_new_leg_landmarks_sit_where_their_names_say(a):
    v = lambda base: a.body.vertices[landmark(a, base).vertex]  # noqa: E731  x: out (left), y: up, z: front
    assert v("aiis")[1] < v("asis")[1] - 2 and v("aiis")[2] > 8
    assert v("pes_anserinus")[1] < v("medial_knee")[1] and v("pes_anserinus")[0] < v("tibial_tuberosity")[0] - 1
    assert v("adductor_tubercle")[1] > v("medial_knee")[1] + 2
    assert v("posterolateral_thigh")[2] < 0 and v("posterolateral_thigh")[0] > v("mid_back_thigh")[0]
    assert v("medial_mid_thigh")[0] < v("mid_inner_thigh")[0] + 1
    assert v("retro_lateral_malleolus")[2] < v("lateral_malleolus")[2] - 1
    assert v("retro_medial_malleolus")[2] < v("medial_malleolus")[2] - 1
    assert v("upper_anterolateral_leg")[0] > v("anterolateral_shin")[0] + 2
    assert v("lateral_plantar_heel")[0] > v("plantar_heel")[0] + 1 and v("lateral_plantar_heel")[1] < 1.5
    assert v("lateral_midsole")[1] < 1.5 and v("forefoot_dorsum")[1] > 2.5
