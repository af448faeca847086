"""Pain drawings as a clinical instrument: intensity, qualities, date and label in JSON, CSV and
FHIR; bad files refused by name; warning signs; comparing two drawings; intensity in the ranking."""

import json
import re

import numpy as np
import pytest

import atlas
from atlas.exports import fhir, paindrawing
from atlas.exports.paindrawing import PainDrawing, PainDrawingError
from atlas.views import palette


@pytest.fixture(scope="module")
def body():
    return atlas.load().body


def _region(body, rid):
    return [int(v) for v in body.region_vertices[body.region_index[rid].index]]


@pytest.fixture(scope="module")
def drawing(body):
    temple, jaw = _region(body, "temple_l"), _region(body, "angle_of_jaw_l")
    # the second stroke paints over part of the first: there, the later one wins
    return PainDrawing.layered([(temple + jaw[:5], 3, ["aching"]), (jaw, 8, ["sharp", "burning"])],
                               date="2026-11-30", label="before session 1", symptoms=["fever"])


@pytest.mark.parametrize("kind", ["json", "csv"])
def test_intensity_qualities_date_and_label_round_trip_byte_identical(drawing, body, kind):
    write = paindrawing.to_json if kind == "json" else paindrawing.to_csv
    text = write(drawing, body)
    back = paindrawing.from_text(text, body)
    assert back == drawing and write(back, body) == text
    assert [(s.intensity, s.qualities) for s in back.strokes] == [(3, ("aching",)), (8, ("burning", "sharp"))]
    assert back.date == "2026-11-30" and back.label == "before session 1" and back.symptoms == ("fever",)
    rows = {r["region"]: r for r in back.rows(body)}
    assert rows["angle_of_jaw_l"]["max_intensity"] == 8 and rows["temple_l"]["mean_intensity"] == 3.0
    assert rows["angle_of_jaw_l"]["qualities"] == ["burning", "sharp"]


def test_cli_writes_json_csv_and_fhir_by_the_file_name(tmp_path, body, capsys):
    """The `atlas export pain` entry point, in-process (the CLI test runs it as a process)."""
    from fhir.resources.R4B.bundle import Bundle

    from atlas.cli import main

    args = ["--pain", "left temple, calf", "--intensity", "7", "--quality", "burning",
            "--quality", "tingling", "--date", "2026-11-30", "--label", "Zoë before"]
    for name in ("p.json", "p.csv", "p.fhir.json"):
        assert main(["export", "pain", str(tmp_path / name), *args]) == 0, capsys.readouterr().err
    assert main(["export", "pain", str(tmp_path / "bad.json"), "--pain", "temple", "--intensity", "11"]) == 2
    assert "intensity 11 is not a whole number from 0 to 10" in capsys.readouterr().err
    assert not (tmp_path / "bad.json").exists()
    for name in ("p.json", "p.csv"):
        d = paindrawing.from_text((tmp_path / name).read_text(), body)
        assert d.label == "Zoë before" and {s.intensity for s in d.strokes} == {7}
    doc = json.loads((tmp_path / "p.fhir.json").read_text())
    Bundle.model_validate(doc)  # raises on anything FHIR does not allow
    obs = [e["resource"] for e in doc["entry"]]
    regional = [o for o in obs if "bodySite" in o]
    assert {o["bodySite"]["coding"][0]["code"] for o in regional} == {"temple_l", "calf_l", "calf_r"}
    temple = next(o for o in regional if o["bodySite"]["coding"][0]["code"] == "temple_l")
    assert temple["valueInteger"] == 7 and temple["code"]["coding"][0]["code"] == "72514-3"
    assert any(c["system"] == fhir.CHOIR_SYSTEM for c in temple["bodySite"]["coding"])
    qualities = [c["valueCodeableConcept"]["coding"][0]["code"] for c in temple["component"]
                 if "valueCodeableConcept" in c]
    assert qualities == ["burning", "tingling"]
    assert all(o["effectiveDateTime"] == "2026-11-30" and "subject" not in o for o in obs)
    assert (tmp_path / "p.fhir.json").read_text() == fhir.to_fhir_json(
        paindrawing.from_text((tmp_path / "p.json").read_text(), body), body)


def test_the_fhir_bundle_of_a_rich_drawing_validates(drawing, body):
    from fhir.resources.R4B.bundle import Bundle

    bundle = Bundle.model_validate(fhir.bundle(drawing, body))
    assert len(bundle.entry) == 1 + len(drawing.rows(body))


V2 = {"format": paindrawing.FORMAT, "version": 2, "date": "2026-11-30", "label": "",
      "strokes": [{"intensity": 4, "qualities": ["aching"], "vertices": [10, 11]}]}


def _v2(**change):
    doc = json.loads(json.dumps(V2))
    for key, value in change.items():
        if key in ("intensity", "qualities", "vertices"):
            doc["strokes"][0][key] = value
        else:
            doc[key] = value
    return json.dumps(doc)


@pytest.mark.parametrize("text, reason", [
    (_v2(intensity=11), "intensity 11 is not a whole number from 0 to 10"),
    (_v2(intensity=True), "intensity True"),
    (_v2(intensity="7"), "intensity '7'"),
    (_v2(qualities=["itchy"]), "unknown pain quality 'itchy'"),
    (_v2(qualities="aching"), "qualities must be a list"),
    (_v2(date="yesterday"), "not a date like 2026-03-01"),
    (_v2(date="2026-02-30"), "not a real calendar date"),
    (_v2(label="=HYPERLINK(\"http://x\")"), "may not start with"),
    (_v2(label="a\x00b"), "control characters"),
    (_v2(label="x" * 200), "longer than"),
    (_v2(symptoms=["dizzy"]), "unknown symptom 'dizzy'"),
    (_v2(vertices=[10, 10**9]), "vertex numbers must be whole numbers"),
    (_v2(version=9), "unsupported pain drawing version"),
    ("region,name\n\n# stroke,12,aching,1 2 3\n", "line 3: intensity 12"),
    ("region,name\n\n# stroke,3,hot,1 2 3\n", "unknown pain quality 'hot'"),
])
def test_bad_drawings_are_refused_by_name(text, reason, body):
    with pytest.raises(PainDrawingError) as exc:
        paindrawing.from_text(text, body)
    assert reason in str(exc.value)


def test_a_version_1_file_still_reads_at_the_default_intensity(body):
    d = paindrawing.from_text(json.dumps({"format": paindrawing.FORMAT, "version": 1,
                                          "vertices": [5, 3, 3]}), body)
    assert d.vertices == (3, 5) and d.strokes[0].intensity == paindrawing.DEFAULT_INTENSITY


def test_warning_signs_say_see_a_clinician(body, drawing):
    eng = atlas.load().engine
    assert paindrawing.red_flags(PainDrawing.from_regions(body, ["temple_l"]), body) == []
    chest = PainDrawing.layered([(_region(body, "upper_chest_l"), 6, ["tingling"])], symptoms=["weakness"])
    notes = paindrawing.red_flags(chest, body)
    assert len(notes) == 3 and "chest" in notes[0] and "weakness" in notes[1] and "nerve" in notes[2]
    assert "fever" in paindrawing.red_flags(drawing, body)[0]
    arm = PainDrawing.layered([(_region(body, "lateral_elbow_r") + _region(body, "forearm_dorsal_r"),
                                5, ["numbness"])])
    matches = eng.reverse_points(eng.pain_from_vertices(*arm.weights()), limit=15)
    cautions = paindrawing.nerve_cautions(eng, arm, matches)
    assert cautions and all("nerve" in c.lower() or "numb" in c.lower() or "tingl" in c.lower()
                            for _, c in cautions)
    assert paindrawing.nerve_cautions(eng, PainDrawing(arm.vertices), matches) == []


def test_compare_two_drawings(body):
    temple, jaw = _region(body, "temple_l"), _region(body, "angle_of_jaw_l")
    before = PainDrawing.layered([(temple, 8, ["aching"]), (jaw, 6, [])])
    after = PainDrawing.layered([(temple, 3, ["aching"])])
    c = paindrawing.compare(before, after, body)
    area = body.vertex_area
    assert c["after_cm2"] == round(float(area[temple].sum()), 1) < c["before_cm2"]
    assert c["jaccard"] == round(float(area[temple].sum() / area[sorted(set(temple) | set(jaw))].sum()), 3)
    assert c["after_intensity"] == 3.0 and c["intensity_change"] < -3
    assert c["segments"] and all(s["after_intensity"] <= s["before_intensity"] for s in c["segments"])
    gone = [s for s in c["segments"] if not s["after_cm2"]]  # the jaw: painted before only
    assert gone and all(s["intensity_change"] is None for s in gone)
    same = paindrawing.compare(before, before, body)
    assert same["jaccard"] == 1.0 and same["intensity_change"] == 0


def test_intensity_weights_the_ranking_and_equal_intensity_changes_nothing(body):
    eng = atlas.load().engine
    temple, calf = _region(body, "temple_l"), _region(body, "calf_r")
    verts = temple + calf
    plain = eng.reverse_muscles(eng.pain_from_vertices(verts), limit=6)
    equal = eng.reverse_muscles(eng.pain_from_vertices(verts, [4] * len(verts)), limit=6)
    assert [(m.muscle, m.score) for m in plain] == [(m.muscle, m.score) for m in equal]
    head = eng.reverse_muscles(eng.pain_from_vertices(verts, [9] * len(temple) + [1] * len(calf)), limit=3)
    leg = eng.reverse_muscles(eng.pain_from_vertices(verts, [1] * len(temple) + [9] * len(calf)), limit=3)
    head_area = {eng.cat.muscles[m.muscle].area for m in head}
    leg_area = {eng.cat.muscles[m.muscle].area for m in leg}
    assert head_area != leg_area and head[0].muscle != leg[0].muscle
    assert head[0].points[0].side == "left" and leg[0].points[0].side == "right"  # still side-aware
    pain = eng.pain_from_vertices(verts, [9] * len(temple) + [1] * len(calf))
    assert np.isclose(pain[calf].sum(), body.vertex_area[calf].sum() / 9)


@pytest.mark.browser
def test_paint_two_intensities_save_reload_load_and_compare_in_the_browser(live_server, offline_page, body,
                                                                           tmp_path):
    """Real Chromium: two strokes with different intensities and qualities, saved as JSON, the
    page reloaded, the file loaded back, then compared with a second drawing."""
    from playwright.sync_api import expect

    op = offline_page
    op.page.goto(live_server + "/atlas?mode=pain&view=back")
    op.wait_ready()
    view = op.page.locator(".atlas-view")
    intensity = op.page.get_by_role("slider").nth(1)
    expect(intensity).to_have_attribute("aria-valuenow", "5.0", timeout=20000)

    def set_intensity(n):
        intensity.focus()
        now = round(float(intensity.get_attribute("aria-valuenow")))
        for _ in range(abs(n - now)):
            intensity.press("ArrowRight" if n > now else "ArrowLeft")
        expect(intensity).to_have_attribute("aria-valuenow", f"{n}.0")

    def stroke(rid):
        verts = body.region_vertices[body.region_index[rid].index]
        seen = verts[body.normals[verts] @ np.asarray((0, 0, -1.0)) > 0.3]
        centre = body.vertices[seen].mean(axis=0)
        v = int(seen[np.argmin(np.linalg.norm(body.vertices[seen] - centre, axis=1))])
        op.wait_still()
        start = view.evaluate(f"el => el.atlas.vertexScreen({v})")
        op.page.mouse.move(start["x"], start["y"] - 15)
        op.page.mouse.down()
        for dy in range(-15, 16, 5):
            op.page.mouse.move(start["x"], start["y"] + dy)
        op.page.mouse.up()
        return v, start

    def shown_colour(v, level):
        """The pain layer's colour at ``v`` once the server's levels arrived (None if never)."""
        want = list(palette.intensity_rgb(level))
        op.page.wait_for_function("([el, v, want]) => JSON.stringify(el.atlas.painColour(v)) === want",
                                  arg=[view.element_handle(), v, json.dumps(want, separators=(",", ":"))],
                                  timeout=20000)
        return want

    def pixel(at):
        """The rendered colour on screen at a vertex (a 3x3 mean), read from a screenshot."""
        from PIL import Image
        import io

        shot = Image.open(io.BytesIO(op.page.screenshot(clip={"x": at["x"] - 1, "y": at["y"] - 1,
                                                               "width": 3, "height": 3})))
        return np.asarray(shot.convert("RGB"), dtype=float).reshape(-1, 3).mean(axis=0)

    set_intensity(8)
    op.page.get_by_label("burning").check()
    hard, hard_at = stroke("calf_l")
    candidates = op.page.get_by_label("Likely sources (best first)")
    expect(candidates).to_contain_text(re.compile("Soleus|Gastrocnemius"), timeout=20000)
    set_intensity(2)
    op.page.get_by_label("burning").uncheck()
    op.page.get_by_label("aching").check()
    mild, mild_at = stroke("calf_r")
    expect(candidates).to_contain_text("(right,", timeout=20000)
    # the body shows each stroke in its intensity colour (no point selected: no zone tint), with the key
    shown_colour(hard, 8), shown_colour(mild, 2)
    op.wait_still()
    dark, light = pixel(hard_at), pixel(mild_at)
    assert dark[2] > dark[0] and light[2] > light[0]  # blue, not skin
    assert dark.sum() < light.sum() - 60  # 8 out of 10 is drawn darker than 2
    key = op.page.locator(".atlas-pain-legend")
    expect(key).to_be_visible()
    expect(key).to_contain_text("How much it hurts")
    assert key.locator("span").count() == 11
    op.page.get_by_label("Label (optional)").fill("before")
    op.page.get_by_label("Label (optional)").press("Enter")
    with op.page.expect_download() as download:
        op.page.get_by_role("button", name="Save pain drawing (JSON)").click()
    saved = tmp_path / "saved.json"
    download.value.save_as(saved)
    drawing = paindrawing.from_text(saved.read_text(), body)
    assert [(s.intensity, s.qualities) for s in drawing.strokes] == [(2, ("aching",)), (8, ("burning",))]
    assert drawing.label == "before"
    x = body.vertices[:, 0]  # +x is the body's left
    assert (x[list(drawing.strokes[1].vertices)] > 0).all() and (x[list(drawing.strokes[0].vertices)] < 0).all()

    op.page.reload()
    op.wait_ready()
    op.page.get_by_label("Load a pain drawing", exact=True).set_input_files(str(saved))
    expect(candidates).to_contain_text(re.compile("Soleus|Gastrocnemius"), timeout=20000)
    second = PainDrawing.layered([(_region(body, "calf_l"), 4, ["cramping"])], date="2026-11-01")
    (tmp_path / "second.json").write_text(paindrawing.to_json(second, body))
    op.page.get_by_label("Compare with a saved drawing").set_input_files(str(tmp_path / "second.json"))
    c = paindrawing.compare(second, drawing, body)
    jaccard = op.page.locator(".cmp-jaccard")
    expect(jaccard).to_have_text(f"{c['jaccard']:.2f}", timeout=20000)
    expect(op.page.locator(".cmp-area")).to_have_text(f"{c['before_cm2']:.1f} \u2192 {c['after_cm2']:.1f} cm\u00b2")
    expect(op.page.locator(".cmp-intensity")).to_contain_text(f"({c['intensity_change']:+.1f})")
    assert op.page.locator(".cmp-segments tr").count() == 1 + len(c["segments"])
    # ... and on the body: only before (striped), only now, both, each with its key
    for label in palette.COMPARE_LABELS.values():
        expect(key).to_contain_text(label)
    a, b = set(second.vertices), set(drawing.vertices)
    striped = int(palette.stripe(body.vertices[sorted(a - b)]).sum())
    op.page.wait_for_function("el => el.atlas.compareCounts() !== null", arg=view.element_handle(), timeout=20000)
    counts = view.evaluate("el => el.atlas.compareCounts()")
    assert (counts["after_only"], counts["both"]) == (len(b - a), len(a & b))
    assert abs(counts["before_only"] - striped) <= 0.05 * striped + 3  # the view's vertices are quantised
    assert 0.3 < striped / len(a - b) < 0.7  # every other stripe
    assert view.evaluate(f"el => el.atlas.painColour({hard})") == list(palette.rgb(palette.COMPARE["both"]))
    op.page.get_by_label("Show the comparison on the body").uncheck()
    op.page.wait_for_function("el => el.atlas.compareCounts() === null", arg=view.element_handle())
    expect(key).to_contain_text("How much it hurts")
    assert op.blocked == [] and op.errors == []


def test_the_app_brush_paints_intensity_and_undo_restores_it(body):
    """The pain tools as plain objects: what the brush says travels into the saved file."""
    from atlas.ui.app import AtlasApp

    app = AtlasApp({"mode": "pain"})
    app.layout()
    tools = app.pain
    temple = _region(body, "temple_l")
    tools.intensity.value, tools.qualities.value = 8, ["burning"]
    app._on_stroke({"vertices": temple, "erase": False})
    tools.intensity.value, tools.qualities.value = 3, []
    app._on_stroke({"vertices": temple[:10], "erase": False})  # repaint: only the level changes
    saved = paindrawing.from_text(app._pain_file("json").getvalue(), body)
    assert [(s.intensity, len(s.vertices)) for s in saved.strokes] == [(3, 10), (8, len(temple) - 10)]
    app.session.undo()
    saved = paindrawing.from_text(app._pain_file("json").getvalue(), body)
    assert [(s.intensity, s.qualities) for s in saved.strokes] == [(8, ("burning",))]
    assert tools.chosen.options  # the handout can pick from the ranked points
    tools.label.value = "=cmd|' /C calc'!A0"
    assert app._pain_file("csv") is None and "may not start with" in app.session.notices[-1]
    tools.label.value = "before"
    other = AtlasApp({})
    other.layout()
    other.pain_load.value = app._pain_file("json").getvalue().encode()
    other.session.clear_pain()
    other.pain.start_from_last.clicks += 1  # a copy of the last drawing, dated today
    again = paindrawing.from_text(other._pain_file("json").getvalue(), body)
    assert again.strokes == saved.strokes and again.label == ""


def test_the_intensity_scale_reads_without_colour_and_never_looks_like_a_zone():
    """Light (mild) to dark (worst) in one blue hue: lightness alone orders it, its light end
    still stands out on skin, and no step is the red/orange of a referral zone."""
    ramp = ["#%02x%02x%02x" % palette.intensity_rgb(i) for i in range(11)]
    lum = [palette.luminance(c) for c in ramp]
    assert all(a > b for a, b in zip(lum, lum[1:]))  # strictly darker as it hurts more
    assert palette.contrast(ramp[0], "skin") >= 1.5 and palette.contrast(ramp[0], ramp[-1]) >= 4.5
    for c in ramp:
        r, g, b = palette.rgb(c)
        assert b > r and b > g  # blue, never the red or orange of a zone
    assert palette.pain_for_browser()["intensity"] == [list(palette.intensity_rgb(i)) for i in range(11)]


def test_the_comparison_styles_differ_by_lightness_and_pattern(body):
    styles = palette.COMPARE
    assert palette.contrast(styles["both"], styles["after_only"]) >= 3  # dark vs light
    assert palette.contrast(styles["both"], "skin") >= 3 and palette.contrast(styles["after_only"], "skin") >= 1.5
    on = palette.stripe(body.vertices)
    assert 0.4 < on.mean() < 0.6  # "only before" covers every other stripe
