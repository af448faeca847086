"""Guided tours: data files checked like the rest, listed by `atlas tours`."""

import json
import shutil

import atlas
from atlas.content.catalog import load_catalogue
from atlas.data.problems import DataError
from tests.conftest import ROOT

TOPICS = {"tension_type_headache", "tmj_disorder", "neck_pain", "shoulder_pain", "tennis_elbow",
          "carpal_tunnel_like", "low_back_pain", "sciatica_like", "knee_pain", "heel_pain"}


def tour_problems(tmp_path, name: str, text: str):
    folder = tmp_path / f"points{len(list(tmp_path.iterdir()))}"
    shutil.copytree(ROOT / "points", folder, ignore=shutil.ignore_patterns("tours"))
    (folder / "tours").mkdir()
    (folder / "tours" / name).write_text(text)
    try:
        load_catalogue(atlas.load().body, folder)
    except DataError as exc:
        return [str(p) for p in exc.problems]
    return []


def test_the_ten_tours_load_and_every_step_names_a_real_point_side():
    cat = atlas.load().catalogue
    assert TOPICS <= set(cat.tours)
    for tour in cat.tours.values():
        assert len(tour.steps) >= 4, tour.id
        for step in tour.steps:
            assert step.side in cat.points[step.point].sides
        assert tour.condition in cat.conditions
        # a tour about a complaint shows points linked to it, not a random walk
        linked = [s for s in tour.steps if tour.condition in cat.points[s.point].conditions]
        assert len(linked) >= len(tour.steps) // 2, tour.id


def test_atlas_tours_lists_ids_and_titles_and_shows_one(capsys):
    from atlas.cli import main

    assert main(["tours", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert {t["id"] for t in listed} >= TOPICS and all(t["title"] for t in listed)
    assert main(["tours", "heel_pain"]) == 0
    out = capsys.readouterr().out
    assert "Heel pain" in out and "1. Soleus" in out
    assert main(["tours", "heel"]) == 2
    assert "did you mean 'heel_pain'" in capsys.readouterr().err


def test_a_bad_step_gets_file_line_and_a_suggestion(tmp_path):
    good = (ROOT / "points" / "tours" / "heel_pain.yaml").read_text()
    bad = good.replace("point: soleus_tp1", "point: soleus_tp9").replace(
        "condition: plantar_heel_pain", "condition: heel_ache")
    lines = bad.splitlines()
    at = lambda word: next(i for i, l in enumerate(lines, 1) if word in l)  # noqa: E731
    problems = tour_problems(tmp_path, "heel_pain.yaml", bad)
    assert any(p.startswith(f"tours/heel_pain.yaml:{at('soleus_tp9')}: unknown trigger point "
                            "'soleus_tp9'; did you mean") and "'soleus_tp1'" in p
               for p in problems), problems
    assert any(p.startswith(f"tours/heel_pain.yaml:{at('heel_ache')}: unknown condition")
               for p in problems), problems
    one_step = good.split("  - point: quadratus_plantae_tp1")[0] + "sources: [travell1992]\n"
    [short] = tour_problems(tmp_path, "heel_pain.yaml", one_step)
    assert short.startswith("tours/heel_pain.yaml:") and "at least 2" in short
