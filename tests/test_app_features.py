"""App features as plain objects: handout download, pain drawing save/load, notebook view."""


import atlas
from atlas.exports import paindrawing
from atlas.ui.app import AtlasApp


def test_handout_is_made_in_the_session_and_not_stored(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = AtlasApp({"point": "masseter_tp1"})
    app.layout()
    data = app._handout_bytes().getvalue()
    assert data.startswith(b"%PDF") and len(data) > 10_000
    assert list(tmp_path.iterdir()) == []  # nothing written on the server


def test_handout_needs_pain_or_a_point():
    app = AtlasApp({})
    app.layout()
    assert app._handout_bytes() is None and "Paint where it hurts" in app.session.notices[-1]


def test_pain_drawing_saves_and_loads_back_identically():
    body = atlas.load().body
    app = AtlasApp({"mode": "pain", "pain": "temple_l,calf_r"})
    app.layout()
    saved = app._pain_file("json").getvalue()
    other = AtlasApp({})
    other.layout()
    other.pain_load.value = saved.encode()
    assert other.session.mode == "pain"
    assert other.session.painted == app.session.painted
    assert other._pain_file("json").getvalue() == saved
    csv_text = app._pain_file("csv").getvalue()
    assert paindrawing.from_text(csv_text, body).vertices == tuple(app.session.painted)


def test_a_bad_pain_file_gets_a_notice():
    app = AtlasApp({})
    app.layout()
    app.pain_load.value = b"\xff\xfe not json"
    assert "could not be loaded" in app.session.notices[-1]
    assert app.session.painted == []


def test_share_gives_a_link_and_an_iframe():
    app = AtlasApp({"point": "masseter_tp1"})
    app.layout()
    app._on_share()
    assert app.share_dialog.visible and "point=masseter_tp1" in app.share_link.value
    code = app.share_code.value
    assert "point=masseter_tp1" in code and "<iframe" in code and "embed=true" in code
    assert 'width="800" height="600"' in code
    app.share_size.value = "560 \u00d7 420"
    app.share_options["legend"].value = "off"
    app.share_options["details"].value = "off"
    code = app.share_code.value
    assert 'width="560" height="420"' in code and "legend=off" in code and "details=off" in code
    embedded = AtlasApp({"embed": "true", "point": "masseter_tp1", "legend": "off", "details": "off"})
    embedded.layout()
    assert not embedded.legend.visible and not embedded.controls.offer_drawer
    assert embedded.session.notices == []
    assert AtlasApp({"markers": "some"}).session.notices[-1].endswith("ignored: markers.")


def test_an_embeds_key_names_painted_pain_only_when_there_is_some():
    """An embed has no painting tools: its key leaves out the painted-pain colours, unless
    the link (or a notebook's ``atlas.show(pain=...)``) brought painted pain."""
    assert "Your painted pain" in AtlasApp({"point": "masseter_tp1"}).legend.object
    embedded = AtlasApp({"embed": "true", "point": "masseter_tp1"})
    embedded.layout()
    assert "Essential zone" in embedded.legend.object and "Your painted pain" not in embedded.legend.object
    assert "Your painted pain" in atlas.show(pain="left temple").atlas_app.legend.object
    # the drawer is open for the chosen point: the body is drawn beside it, and back when closed
    assert embedded._drawer.visible and embedded.view.inset_right
    embedded.controls.drawer = False
    assert not embedded._drawer.visible and embedded.view.inset_right == ""


def test_an_embed_keeps_its_layout_when_a_point_is_chosen_in_it():
    """Choosing a point switches a full page's panels; an embed has none, and its body (what
    sizes the view in the frame, layout.css) kept being restyled as the page's columns."""
    embedded = AtlasApp({"embed": "true"})
    embedded.layout()
    embedded.session.select("masseter_tp1")
    embedded.session.mode = "pain"
    assert embedded._view_area.css_classes == ["atlas-embed-body"]


def test_notebook_show_opens_the_requested_view():
    view = atlas.show(point="masseter_tp1")
    assert view.atlas_app.session.point == "masseter_tp1" and view.atlas_app.embed
    view = atlas.show(pain="left temple, calf")
    assert set(view.atlas_app.session.painted_regions()) == {"temple_l", "calf_l", "calf_r"}
    view = atlas.show(condition="TMJ disorder")
    assert view.atlas_app.session.condition == "tmj_disorder"
    assert view.atlas_app.view.asset_b64  # no server route in a notebook: the body is inline


def enter(app, text):
    """Type into the search box and press Enter."""
    app.search.value_input = text
    app.search.param.trigger("enter_pressed")


def test_search_opens_muscles_regions_and_conditions():
    app = AtlasApp({})
    app.layout()
    enter(app, "Masseter (muscle)")
    assert app.session.point == "masseter_tp1"
    assert app.search.value_input == "" and not app.results.visible  # the box clears after a choice
    enter(app, "Temple (body region)")
    assert app.session.mode == "pain" and app.session.painted_regions() == ["temple_l"]
    enter(app, "tension headache")  # free text: the best hit
    assert app.session.condition == "tension_type_headache"
    enter(app, "qqqzzz")
    assert "Nothing in the atlas matches" in app.session.notices[-1]


def test_one_search_list_grouped_by_kind_with_abbreviations():
    app = AtlasApp({})
    app.search.value_input = "TMJ"
    labels = [k for k in app.results.options if k != "\u2014 choose \u2014"]
    assert labels[0] == "Condition \u00b7 Temporomandibular disorder"
    app.search.value_input = "masseter"
    labels = list(app.results.options)
    kinds = [label.split(" \u00b7 ")[0] for label in labels[1:]]
    assert kinds == sorted(kinds, key=["Condition", "Muscle", "Point", "Body region"].index)
    assert "Point \u00b7 Masseter, upper front of the outer layer" in labels  # its muscle once
    for abbreviation, muscle in (("QL", "Quadratus lumborum"), ("SCM", "Sternocleidomastoid"),
                                 ("ITB", "Tensor fasciae latae")):
        app.search.value_input = abbreviation
        assert any(label.startswith(f"Muscle \u00b7 {muscle}") for label in app.results.options), abbreviation
    app.results.value = app.results.options["Muscle \u00b7 Tensor fasciae latae"]
    assert app.session.point.startswith("tensor_fasciae_latae") and app.search.value_input == ""


def test_colour_blind_colours_are_one_click_away_and_change_every_key():
    from atlas.views import palette

    app = AtlasApp({"point": "infraspinatus_tp1"})
    app.controls.colour_blind = True
    assert app.view.colours == "colour_blind"
    cb = palette.COLOUR_BLIND["essential"]
    app.session.paint_regions(["temple_l"])
    for pane in (app.legend, app.details, app.candidates_text):
        assert cb in pane.object
    app.controls.colour_blind = False
    assert app.view.colours == "standard" and cb not in app.legend.object and cb not in app.details.object


def test_the_view_buttons_turn_the_body_and_ignore_anything_else():
    """The buttons above the view are one browser component: a click sends a view or Present;
    the side and the toggles are synced values.  A message a browser should never send does
    nothing (no camera move, no error)."""
    app = AtlasApp({"point": "infraspinatus_tp1"})
    app.layout()
    s, controls = app.session, app.controls
    seq = s.camera_seq
    controls._handle_msg({"view": "back"})
    assert s.view == "back" and s.camera_seq == seq + 1
    for junk in ({"view": "up"}, {"view": 3}, {"view": ["front"]}, "front", None, {"present": "yes"}, {}):
        controls._handle_msg(junk)
    assert s.view == "back" and s.camera_seq == seq + 1 and not app.present_exit.visible
    assert controls.show_side and controls.side == s.side == "left"
    controls.side = "right"  # the browser's "Right side"
    assert s.point == "infraspinatus_tp1" and s.side == "right"
    controls.show_all = True
    assert app.view.show_all
    controls._handle_msg({"present": True})
    assert app.present_exit.visible and not controls.visible
    embedded = AtlasApp({"embed": "true"})
    embedded.layout()
    embedded.controls._handle_msg({"present": True})  # an embed has no Present
    assert not embedded.present_exit.visible and not embedded.controls.offer_present
