"""Resolving plain words to regions, in Python and through `atlas regions`."""

import json

import pytest

from atlas.query.names import UnknownRegion, resolve_region
from tests.conftest import run_cli


def test_every_name_and_synonym_resolves_to_its_region(body, lexicon):
    for r in body.regions:
        plain = r.name.rsplit(" (", 1)[0] if r.side != "midline" else r.name
        for text in (plain, *r.synonyms):
            m = resolve_region(body, lexicon, text)
            assert r.base in {x.base for x in m.regions}, (text, r.id, [x.id for x in m.regions])


def test_side_words_pick_one_side(body, lexicon):
    m = resolve_region(body, lexicon, "left temple")
    assert [r.id for r in m.regions] == ["temple_l"]
    m = resolve_region(body, lexicon, "back of the knee (right)")
    assert [r.id for r in m.regions] == ["back_of_knee_r"]


def test_order_is_exact_then_synonym_then_fuzzy(body, lexicon):
    assert resolve_region(body, lexicon, "Temple").how in ("id", "name")
    assert resolve_region(body, lexicon, "popliteal fossa").how == "synonym"
    fuzzy = resolve_region(body, lexicon, "temmple")
    assert fuzzy.how == "fuzzy" and fuzzy.regions[0].base == "temple"


def test_unknown_text_suggests(body, lexicon):
    with pytest.raises(UnknownRegion, match=r"no region matches 'xyzzy'; did you mean"):
        resolve_region(body, lexicon, "xyzzy")


def test_cli_regions_resolves_and_fails_cleanly():
    ok = run_cli("regions", "behind the knee", "--json")
    assert ok.returncode == 0
    data = json.loads(ok.stdout)
    assert {r["id"] for r in data[0]["regions"]} == {"back_of_knee_l", "back_of_knee_r"}
    bad = run_cli("regions", "xyz")
    assert bad.returncode == 2
    assert "no region matches 'xyz'; did you mean" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_cli_stats_json():
    out = run_cli("stats", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["landmarks"] >= 60 and data["regions"] >= 120 and data["vertices"] == 13380


def test_a_general_word_covers_every_region_it_names(body, lexicon):
    m = resolve_region(body, lexicon, "buttock")
    assert m.how == "partial"
    assert {r.base for r in m.regions} == {"upper_buttock", "lower_buttock"}
    assert {r.base for r in resolve_region(body, lexicon, "left ankle").regions} >= {
        "lateral_ankle", "medial_ankle", "front_of_ankle"}


def test_cli_render_regions_writes_four_views(tmp_path):
    from PIL import Image

    out = tmp_path / "review" / "regions"
    res = run_cli("render-regions", str(out), "--size", "200x300")
    assert res.returncode == 0, res.stderr
    names = sorted(p.name for p in out.iterdir())
    assert names == ["regions-back.png", "regions-front.png", "regions-left.png", "regions-right.png"]
    img = Image.open(out / "regions-front.png")
    assert img.size == (200, 300) and len(set(img.convert("RGB").getdata())) > 20  # many colours
