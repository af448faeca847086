"""Trigger point content: coverage, references, placement, and the lookup engine's answers."""

import json
import re
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

import atlas
from atlas.data.schema import schema_text
from tests.conftest import ROOT, run_cli


@pytest.fixture(scope="module")
def cat():
    return atlas.load().catalogue


@pytest.fixture(scope="module")
def eng():
    return atlas.load().engine


GROUPS = {  # issue coverage group -> body areas, minimum muscles
    "head/face": (("head",), 8), "neck": (("neck",), 8), "shoulder girdle": (("shoulder",), 10),
    "arm/forearm/hand": (("arm", "forearm", "hand"), 12),
    "trunk": (("chest", "abdomen", "upper_back", "low_back"), 12), "hip/pelvis": (("pelvis",), 8),
    "thigh": (("thigh",), 8), "leg/foot": (("leg", "foot"), 9),
}

REQUIRED_MUSCLES = """upper_trapezius middle_trapezius lower_trapezius levator_scapulae
sternocleidomastoid_sternal sternocleidomastoid_clavicular splenius_capitis splenius_cervicis
suboccipitals masseter temporalis lateral_pterygoid medial_pterygoid digastric occipitofrontalis
scalene_anterior scalene_middle scalene_posterior supraspinatus infraspinatus teres_minor
teres_major subscapularis rhomboids pectoralis_major pectoralis_minor serratus_anterior
latissimus_dorsi deltoid biceps_brachii triceps_brachii brachialis brachioradialis supinator
extensor_carpi_radialis_longus extensor_carpi_ulnaris extensor_digitorum flexor_carpi_radialis
flexor_digitorum_superficialis pronator_teres adductor_pollicis dorsal_interossei_hand palmar_interossei
flexor_digitorum_profundus pronator_quadratus hand_lumbricals
quadratus_lumborum iliopsoas iliocostalis_lumborum longissimus_thoracis multifidus
rectus_abdominis external_oblique internal_oblique gluteus_maximus gluteus_medius gluteus_minimus
piriformis tensor_fasciae_latae rectus_femoris vastus_medialis vastus_lateralis
vastus_intermedius biceps_femoris semitendinosus semimembranosus adductor_longus adductor_brevis adductor_magnus
gastrocnemius soleus tibialis_anterior tibialis_posterior fibularis_longus fibularis_brevis
extensor_digitorum_longus extensor_hallucis_longus flexor_digitorum_longus flexor_hallucis_longus
abductor_hallucis flexor_digitorum_brevis""".split()

REQUIRED_CONDITIONS = """tension_type_headache tmj_disorder jaw_pain sciatica_like_pain
carpal_tunnel_like_symptoms hand_tingling_numbness thoracic_outlet_like_symptoms low_back_pain
upper_back_pain neck_pain whiplash calf_cramps tendonitis knee_pain hip_pain
frozen_shoulder_like_pain tennis_elbow golfers_elbow plantar_heel_pain fibromyalgia""".split()

DEEP = """lateral_pterygoid medial_pterygoid scalene_anterior scalene_middle scalene_posterior
subscapularis iliopsoas piriformis soleus tibialis_posterior quadratus_lumborum multifidus
supinator obturator_internus popliteus""".split()


def test_coverage_meets_the_minimums(cat):
    assert len(cat.muscles) >= 75 and len(cat.points) >= 120
    areas = Counter(m.area for m in cat.muscles.values())
    for group, (members, minimum) in GROUPS.items():
        assert sum(areas[a] for a in members) >= minimum, group


def test_the_classic_muscles_are_all_there(cat):
    missing = [m for m in REQUIRED_MUSCLES if m not in cat.muscles]
    assert not missing


def test_conditions_vocabulary(cat):
    assert len(cat.conditions) >= 30
    assert not [c for c in REQUIRED_CONDITIONS if c not in cat.conditions]
    assert cat.conditions["fibromyalgia"].coexisting
    for c in cat.conditions.values():
        assert c.synonyms and c.description and "\n" not in c.description.strip()


def test_every_condition_is_used_by_a_point_or_is_coexisting(cat):
    used = {c for tp in cat.points.values() for c in tp.conditions}
    unused = [c.id for c in cat.conditions.values() if c.id not in used and not c.coexisting]
    assert len(unused) <= 3, unused


def test_schema_json_is_in_sync_with_the_models():
    assert (ROOT / "points" / "schema.json").read_text() == schema_text(), \
        "run: atlas schema --write"


def test_every_record_has_sources_that_resolve(cat):
    for tp in cat.points.values():
        assert tp.sources
        for s in tp.sources:
            assert s in cat.sources or s.startswith(("https://", "http://")), (tp.id, s)
    assert cat.cited_sources() & set(cat.sources)


def test_points_lie_on_the_skin_inside_their_footprint_and_mirror(cat, body):
    for tp in cat.points.values():
        m = cat.muscles[tp.muscle]
        for side in tp.sides:
            v = tp.vertex[side]
            assert m.footprint[side].dense(len(body.vertices))[v] > 0, (tp.id, side)
        if tp.sides == ("left", "right"):
            left, right = body.vertices[tp.vertex["left"]], body.vertices[tp.vertex["right"]]
            assert np.allclose(left * [-1, 1, 1], right, atol=0.01), tp.id
            assert left[0] >= 0 >= right[0]


def test_deep_muscles_are_flagged_deep(cat):
    assert [m for m in DEEP if cat.muscles[m].depth != "deep"] == []
    assert cat.muscles["upper_trapezius"].depth == "superficial"


def test_essential_and_spillover_zones_never_overlap(cat):
    for tp in cat.points.values():
        for side in tp.sides:
            assert not set(tp.essential[side]) & set(tp.spillover[side]), tp.id
            assert tp.essential[side], tp.id


def _textbook_pain() -> list[tuple[str, set[str]]]:
    """Pain locations from classic referral patterns (tests/textbook_pain/*.yaml, one file per
    body area): pain where -> muscles that must be in the top 10."""
    import yaml

    rows = []
    for path in sorted((Path(__file__).parent / "textbook_pain").glob("*.yaml")):
        rows += [(r["where"], set(r["muscles"])) for r in yaml.safe_load(path.read_text())]
    return rows


REVERSE = _textbook_pain()


@pytest.mark.parametrize("where,expected", REVERSE, ids=[w for w, _ in REVERSE])
def test_reverse_lookup_finds_the_textbook_muscles(eng, where, expected):
    pain, _ = eng.pain_from_words([where])
    top = [m.muscle for m in eng.reverse_muscles(pain, limit=10)]
    assert expected <= set(top), (where, top)


def test_essential_matches_rank_above_spillover_only(eng):
    for where, _ in REVERSE:
        pain, _ = eng.pain_from_words([where])
        kinds = [p.kind for p in eng.reverse(pain, limit=100)]
        assert kinds == sorted(kinds, key=lambda k: k != "essential"), where
        mk = [m.kind for m in eng.reverse_muscles(pain, limit=100)]
        assert mk == sorted(mk, key=lambda k: k != "essential"), where


def test_each_result_says_why(eng):
    pain, _ = eng.pain_from_words(["temple"])
    best = eng.reverse(pain)[0]
    why = best.why(eng.region_names)
    # inside the sentence the place reads in lower case: "essential zone covers temple (left)"
    assert re.search(r"(essential|spillover) zone covers [^;]*\btemple \((left|right)\)", why), why
    assert "%" in why


def test_painting_vertices_agrees_with_choosing_regions(eng, body):
    region = body.region_index["calf_l"]
    by_region = eng.reverse_muscles(eng.pain_from_regions([region.id]))
    by_vertex = eng.reverse_muscles(eng.pain_from_vertices(body.region_vertices[region.index]))
    assert [m.muscle for m in by_region] == [m.muscle for m in by_vertex]


def test_lookup_by_muscle_condition_and_search(eng):
    assert eng.find_muscle("SCM")[0].id.startswith("sternocleidomastoid")
    tmj = eng.find_condition("TMJ disorder")[0]
    assert {"masseter", "lateral_pterygoid"} <= {p.muscle for p in eng.points_for_condition(tmj.id)}
    hits = eng.search("tension headache")
    assert hits and hits[0].kind == "condition" and hits[0].id == "tension_type_headache"
    assert any(h.kind == "point" and h.id.startswith("temporalis") for h in eng.search("temporalis"))
    assert eng.search("masset")[0].id == "masseter"  # as-you-type prefix


def test_cli_validate_lookup_show_condition(capsys):
    """Two runs as a user would (a fresh process each); the rest in this process, where the
    atlas is already loaded, through the same entry point."""
    from atlas.cli import main

    def cli(*args):
        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    ok = run_cli("validate")
    assert ok.returncode == 0 and ok.stdout.startswith("ok:"), ok.stdout + ok.stderr
    unknown = run_cli("show", "upper_trapezius_tp9")
    assert unknown.returncode == 2 and "did you mean" in unknown.stderr and "'upper_trapezius_tp1'" in unknown.stderr
    _, out, _ = cli("lookup", "behind the knee", "--json")
    data = json.loads(out)
    assert set(data["regions"]) == {"back_of_knee_l", "back_of_knee_r"}
    assert data["muscles"][0]["kind"] == "essential" and data["muscles"][0]["points"][0]["why"]
    _, two, _ = cli("lookup", "temple", "angle of jaw")
    assert "Temple" in two and "Angle of the jaw" in two
    _, show, _ = cli("show", "upper_trapezius_tp1")
    assert "Essential zone" in show and "Spillover zone" in show
    assert "Sources" in show and "not diagnosis" in show
    _, cond, _ = cli("condition", "TMJ", "disorder")
    assert "masseter_tp1" in cond
    code, _, err = cli("lookup", "qwzx")
    assert code == 2 and "did you mean" in err and "Traceback" not in err
    stats = json.loads(cli("stats", "--json")[1])
    assert stats["muscles"] >= 75 and stats["trigger_points"] >= 120
    assert stats["conditions"] >= 30 and stats["sources"] >= 5