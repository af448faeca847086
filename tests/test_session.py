"""The app's state as plain objects: selections, zones, camera, painting, URL round trips."""

import base64
import re
import shutil

import numpy as np
import pytest

import atlas
from atlas.ui.body_view import BodyView
from atlas.ui.session import Session


@pytest.fixture
def session():
    return Session(atlas.load().engine, atlas.load().scene)


def test_selecting_a_point_paints_its_zones_outlines_its_muscle_and_moves_the_camera(session):
    before = dict(session.camera)
    assert session.select("upper_trapezius_tp1", "left")
    body = session.body
    ess, spill = session.scene.zone_fields(session.point, session.side)
    assert ess[body.landmarks["temple_l"].vertex] >= 0.5  # the question mark ends at the temple
    assert ess[body.landmarks["temple_r"].vertex] == 0 and spill[body.landmarks["temple_r"].vertex] == 0
    assert session.zone_wire()
    outline = np.frombuffer(base64.b64decode(session.outline_wire()), "<u2").tolist()
    assert outline and outline[0] >= 2 and len(outline) >= 1 + 3 * outline[0]  # polylines of points
    assert session.camera != before and session.camera["position"][0] > 0  # looks from the left
    marker = session.scene.markers[session.selected_marker()]
    assert (marker.point, marker.side) == ("upper_trapezius_tp1", "left")


def test_the_right_side_mirrors(session):
    session.select("upper_trapezius_tp1", "right")
    ess, _ = session.scene.zone_fields(session.point, session.side)
    assert ess[session.body.landmarks["temple_r"].vertex] >= 0.5
    assert session.camera["position"][0] < 0


def test_unknown_point_leaves_a_notice_and_changes_nothing(session):
    assert not session.select("nope_tp9")
    assert session.point == "" and "nope_tp9" in session.notices[-1]


def test_painting_undo_clear_and_candidates(session):
    calf = session.body.region_vertices[session.body.region_index["calf_l"].index]
    session.paint([int(v) for v in calf])
    names = [session.engine.cat.points[c.point].muscle for c in session.candidates()]
    assert "soleus" in names[:5] or "gastrocnemius" in names[:5]
    assert session.painted_regions() == ["calf_l"]
    session.paint([int(v) for v in calf[:10]], erase=True)
    assert len(session.painted) == len(calf) - 10
    session.undo()
    assert len(session.painted) == len(calf)
    session.clear_pain()
    assert session.painted == [] and session.candidates() == []
    session.undo()
    assert len(session.painted) == len(calf)


def test_filters_dim_markers(session):
    session.condition = "tmj_disorder"
    shown = [m.point for m, s in zip(session.scene.markers, session.marker_state()) if s]
    assert shown and all("tmj_disorder" in session.engine.cat.points[p].conditions for p in shown)
    session.area = "head"
    assert set(session.visible_points()) <= {p for p in shown}


def test_url_round_trip(session):
    session.select("masseter_tp1", "right")
    session.mode = "pain"
    session.area = "head"
    session.paint_regions(["temple_l"])
    url = session.url_state()
    assert url == {"point": "masseter_tp1", "side": "right", "mode": "pain", "area": "head",
                   "pain": "temple_l"}
    again = Session(atlas.load().engine, atlas.load().scene)
    again.apply_url(url)
    assert (again.point, again.side, again.mode, again.area) == ("masseter_tp1", "right", "pain", "head")
    assert again.painted_regions() == ["temple_l"] and again.notices == []


@pytest.mark.parametrize("args", [
    {"point": "<script>alert(1)</script>"}, {"mode": "\x00\xff"}, {"view": "sideways"},
    {"pain": "temple_l,../../etc/passwd"}, {"area": "x" * 5000}, {"side": "up", "point": "masseter_tp1"},
    {"condition": "' OR 1=1 --"}, {"\u202e": "1"}, {"point": ["a", "b"]}, {"pain": ","},
])
def test_hostile_url_values_are_ignored_with_a_notice(session, args):
    session.apply_url(args)  # never raises
    assert session.mode in ("explore", "pain") and session.view in ("front", "back", "left", "right", "head")
    assert session.notices  # every ignored setting is said, including side=up and pain=,


def test_a_mistyped_point_id_in_a_link_gets_the_near_ids(session):
    """An educator's link with an old or mistyped id: the notice names the ids close to it, so
    the link can be mended; a hostile value gets none of its own text back as a suggestion."""
    session.apply_url({"point": "sternocleidomastoid_tp1"})
    assert session.point == ""
    note = session.notices[-1]
    assert "not in the atlas" in note and "did you mean 'sternocleidomastoid_sternal_tp1'" in note
    session.apply_url({"point": "<script>alert(1)</script>"})
    assert "did you mean" not in session.notices[-1]


def test_view_presets(session):
    for name in ("front", "back", "left", "right", "head"):
        session.show_view(name)
        assert session.view == name and session.camera == session.scene.presets[name]


# --- browser messages are untrusted -------------------------------------------------------


@pytest.fixture
def view():
    return BodyView(n_vertices=100, n_markers=10)


@pytest.mark.parametrize("msg", [
    None, 5, "pick", {}, {"type": 3}, {"type": "pick"}, {"type": "pick", "kind": "marker", "index": 10},
    {"type": "pick", "kind": "marker", "index": -1}, {"type": "pick", "kind": "marker", "index": True},
    {"type": "pick", "kind": "skin", "vertex": "7"}, {"type": "stroke", "vertices": []},
    {"type": "stroke", "vertices": list(range(20001))}, {"type": "stroke", "vertices": [1, 2, 100]},
    {"type": "stroke", "vertices": "1,2"}, {"type": "unknown"},
])
def test_malformed_messages_are_rejected_and_counted(view, msg):
    view._handle_msg(msg)
    assert view.rejected == 1


def test_good_messages_reach_the_handlers(view):
    got = []
    view._on_pick, view._on_stroke = got.append, got.append
    view._handle_msg({"type": "pick", "kind": "marker", "index": 3})
    view._handle_msg({"type": "stroke", "vertices": [5, 5, 2], "erase": "yes"})
    assert got == [{"type": "pick", "kind": "marker", "index": 3},
                   {"type": "stroke", "vertices": [2, 5], "erase": False}]
    assert view.rejected == 0


# --- text from data files is shown as text --------------------------------------------------


def test_html_in_data_files_is_escaped_in_details(tmp_path):
    from atlas.content.catalog import load_catalogue
    from atlas.query.engine import Engine
    from atlas.views.html import alt_text, point_html
    from atlas.views.record import point_view
    from tests.conftest import ROOT

    folder = tmp_path / "points"
    folder.mkdir()
    for name in ("conditions.yaml", "sources.yaml"):
        shutil.copy(ROOT / "points" / name, folder / name)
    alone = re.sub(r"\n    (key_for|satellite_of): \[[^\]]*\]", "",  # links to other files' points
                   (ROOT / "points" / "upper_trapezius.yaml").read_text())
    text = alone.replace(
        "name: Upper trapezius\n", "name: Upper <script>alert('x')</script> trapezius\n").replace(
        "In the free front edge", "<img src=x onerror=alert(1)> In the free front edge")
    (folder / "upper_trapezius.yaml").write_text(text)
    eng = Engine(load_catalogue(atlas.load().body, folder))
    html = point_html(point_view(eng, "upper_trapezius_tp1", "left"))
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<img" not in html and "&lt;img src=x" in html
    sess = Session(eng, atlas.load().scene)
    sess.point = "upper_trapezius_tp1"
    assert "<script>" in alt_text(eng, sess)  # plain text; the browser sets it as an attribute


def test_painted_pain_travels_in_the_fragment_not_the_query(monkeypatch):
    """The link's query string reaches servers and their logs; the fragment never does."""

    from atlas.ui.app import AtlasApp

    app = AtlasApp({"pain": "temple_l", "point": "masseter_tp1"})  # an old link is still accepted
    assert app.session.painted_regions() == ["temple_l"]
    query, fragment = app._link_parts()
    assert "pain" not in query and "point=masseter_tp1" in query
    assert fragment == "#pain=temple_l"
    fresh = AtlasApp({})
    fresh._on_fragment("#pain=temple_l%2Cnot_a_region")
    assert fresh.session.painted_regions() == ["temple_l"] and fresh.session.mode == "pain"
    assert any("pain" in n for n in fresh.session.notices)
