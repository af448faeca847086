"""One view of a trigger point: the CLI text, the details HTML and the handout all say the same."""

import json
import subprocess
import sys
from html import unescape

import pytest

import atlas
from atlas.body.anatomy import label_list
from atlas.views.html import point_html
from atlas.views.record import point_view
from atlas.views.text import point_text


@pytest.fixture(scope="module")
def eng():
    return atlas.load().engine


@pytest.mark.parametrize("point", ["infraspinatus_tp1", "quadratus_lumborum_tp1", "temporalis_tp1"])
def test_text_and_details_show_every_part_of_the_view(eng, point):
    v = point_view(eng, point, "right")
    text, html = point_text(v), unescape(point_html(v))
    for part in (v.muscle.name, v.location, v.referral, *v.symptoms, *v.cautions, *v.sources,
                 label_list(v.essential), label_list(v.spillover), *v.conditions):
        assert part in text and part in html, part
    assert "right side" in html


def test_places_inside_a_list_read_as_part_of_the_sentence(eng):
    """A zone over several places reads "Back of the neck, base of the skull", not a capital
    mid-list; a proper name or a spinal level keeps its capital."""
    many = next(point_view(eng, p, s) for p, tp in eng.cat.points.items() for s in tp.sides
                if len(point_view(eng, p, s).essential) >= 3)
    shown = unescape(point_html(many)).split("Essential zone:</b>", 1)[1].split("<br>", 1)[0].strip()
    first, *rest = shown.split(", ")
    assert first == many.essential[0] and rest and all(r[0].islower() for r in rest), shown
    assert label_list(["Calf", "Achilles tendon", "C7 spinous process", "Side of the head"]) == (
        "Calf, Achilles tendon, C7 spinous process, side of the head")
    assert label_list(["Temple (left)", "Eyebrow (left)"], capital_first=False) == "temple (left), eyebrow (left)"


def test_a_view_is_per_side_and_keeps_the_zones_apart(eng):
    left, right = point_view(eng, "quadratus_lumborum_tp1", "left"), point_view(eng, "quadratus_lumborum_tp1", "right")
    assert left.side == "left" and right.side == "right"
    assert all("(left)" in r for r in left.essential if "(" in r)
    assert all("(right)" in r for r in right.essential if "(" in r)
    assert not set(left.essential) & set(left.spillover)


def test_show_json_is_the_view(eng):
    out = subprocess.run([sys.executable, "-m", "atlas", "show", "masseter_tp1", "--json"],
                         capture_output=True, text=True, check=True).stdout
    data = json.loads(out)
    v = point_view(eng, "masseter_tp1")
    assert data["referral"]["essential"] == list(v.essential)
    assert data["pressure"]["hold_seconds"] == list(v.hold_seconds)
    assert data["muscle"]["name"] == v.muscle.name and data["side"] == v.side


def test_a_drawn_spillover_zone_is_never_called_none():
    """Where the spillover only rims the essential zone (masseter TP1's cheek), the details say
    so instead of 'Spillover zone: none' beside an orange rim on the body."""
    a = atlas.load()
    for pid, tp in a.catalogue.points.items():
        for side in tp.sides:
            if not tp.spillover_field[side].empty:
                assert point_view(a.engine, pid, side).spillover, (pid, side)
    assert point_view(a.engine, "masseter_tp1").spillover == ("around the essential zone",)
