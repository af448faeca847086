"""A guided tour in the app: a link opens it at a step, Next and Previous move the camera and
change the details, choosing another point ends it."""

import atlas
from atlas.ui.app import AtlasApp


def test_a_tour_link_opens_at_its_step_and_steps_move_camera_and_details():
    tour = atlas.load().catalogue.tours["heel_pain"]
    app = AtlasApp({"tour": "heel_pain", "step": "2"})
    app.layout()
    s = app.session
    assert (s.tour, s.tour_step, s.point) == ("heel_pain", 1, tour.steps[1].point)
    assert app.tour_bar.visible and "step 2 of 4" in app.tour_card.object
    assert s.url_state()["tour"] == "heel_pain" and s.url_state()["step"] == "2"
    camera, html = dict(s.camera), app.details.object
    app.tour_next.clicks += 1
    assert s.tour_step == 2 and s.point == tour.steps[2].point
    assert s.camera != camera and app.details.object != html
    assert "step 3 of 4" in app.tour_card.object and tour.steps[2].text[:40] in app.tour_card.object
    app.tour_next.clicks += 1
    assert app.tour_next.disabled and not app.tour_prev.disabled
    app.tour_prev.clicks += 1
    assert s.tour_step == 2
    s.select("upper_trapezius_tp1")  # the user goes elsewhere: the tour steps aside
    assert s.tour == "" and not app.tour_bar.visible and "tour" not in s.url_state()


def test_the_tour_picker_starts_a_tour_and_bad_links_get_a_notice():
    app = AtlasApp({"tour": "heel", "step": "x"})
    app.layout()
    s = app.session
    assert s.tour == "" and any("no guided tour" in n for n in s.notices)
    assert any("step" in n for n in s.notices)
    app.tour_pick.value = "knee_pain"
    assert s.tour == "knee_pain" and s.tour_step == 0
    assert s.point == atlas.load().catalogue.tours["knee_pain"].steps[0].point
    app.tour_end.clicks += 1
    assert s.tour == "" and app.tour_pick.value == ""
    far = AtlasApp({"tour": "knee_pain", "step": "99"})
    assert far.session.tour_step == len(atlas.load().catalogue.tours["knee_pain"].steps) - 1
