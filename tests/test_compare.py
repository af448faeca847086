"""Two views when one cannot show a point and its whole zone, and comparing two points."""

import pytest

import atlas
from atlas.ui.session import Session


@pytest.fixture(scope="module")
def a():
    return atlas.load()


def test_a_point_on_the_back_with_pain_at_the_front_needs_front_and_back(a):
    plan = a.scene.view_plan("infraspinatus_tp1", "left")
    assert plan.two and set(plan.views) == {"front", "back"}
    assert plan.views[0] == "back" and plan.point_seen[0]  # the point's own view first


def test_a_masseter_point_needs_one_view(a):
    plan = a.scene.view_plan("masseter_tp2", "left")
    assert not plan.two and plan.shares[0] >= 0.85


def test_session_shows_two_views_and_a_compare_link_round_trips(a):
    s = Session(a.engine, a.scene)
    s.apply_url({"point": "infraspinatus_tp1", "compare": "teres_minor_tp1"})
    assert s.compare == "teres_minor_tp1" and s.view_labels == ["Back", "Front"] and s.second_camera
    assert s.url_state()["compare"] == "teres_minor_tp1" and s.compare_wire()
    s.end_compare()
    assert s.compare == "" and "compare" not in s.url_state()
    alone = dict(s.camera)
    assert s.start_compare("quadratus_lumborum_tp1") and s.camera != alone  # framed for both
    s.end_compare()
    assert s.camera == alone and s.view_labels == ["Back", "Front"]  # exiting restores the view


def test_bad_compare_ids_get_a_friendly_notice(a):
    s = Session(a.engine, a.scene)
    s.apply_url({"point": "masseter_tp2", "compare": "<b>nope</b>"})
    assert s.compare == "" and "not in the atlas" in s.notices[-1]
    t = Session(a.engine, a.scene)
    t.apply_url({"compare": "masseter_tp2"})
    assert t.compare == "" and "names only one" in t.notices[-1]


@pytest.mark.slow
def test_the_png_chart_draws_two_panels_when_two_views_are_needed(a):
    from atlas.images import charts

    with charts.Renderer(a.scene.body) as r:
        assert charts.chart_panels(a.engine, a.scene, "infraspinatus_tp1", "left", "auto", (300, 400), r) == 2
        assert charts.chart_panels(a.engine, a.scene, "masseter_tp2", "left", "auto", (300, 400), r) == 1
