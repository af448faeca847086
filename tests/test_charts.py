"""PNG charts and contact sheets: soft zone edges, no X through the body, two views when one
cannot show the pattern, spillover visible without colour and against skin, render-zones."""

import dataclasses

import numpy as np
import pytest

from atlas.images import charts
from atlas.views import palette

SMALL = (300, 400)


def _redness(img):
    """(R - G) / (R + G + B): lighting scales all channels, so this barely depends on it."""
    img = img.astype(float)
    return (img[..., 0] - img[..., 1]) / np.maximum(img.sum(axis=2), 1.0)


def _transition_pixels(img) -> tuple[int, int]:
    """(pixels between skin and essential colour, essential pixels) on the body."""
    red = _redness(img)
    body = img.min(axis=2) < 250  # not the white background
    skin, zone = _redness(np.array([[palette.rgb("skin")]]))[0, 0], _redness(np.array([[palette.rgb("essential")]]))[0, 0]
    lo, hi = skin + 0.2 * (zone - skin), skin + 0.8 * (zone - skin)
    return int((body & (red > lo) & (red < hi)).sum()), int((body & (red >= hi)).sum())


def test_zone_edges_are_soft(a, renderer):
    """Rendered with its field (looked up per pixel), a zone's border has a band of in-between
    colours, wider than the same zone cut hard at 0.5 (where the lookup turns within part of
    one triangle).  Measured: about 1.6 times as many pixels; tolerance 1.3."""
    scene, body = a.scene, a.scene.body
    point, side = "quadratus_lumborum_tp1", "left"
    ess, _ = scene.zone_fields(point, side)
    none = np.zeros_like(ess)
    cam = scene.camera_along(point, side, (0, 0, -1))
    soft = renderer.shot(None, cam, SMALL, fields=(ess, none)).image
    hard = renderer.shot(None, cam, SMALL, fields=((ess >= 0.5).astype(float), none)).image
    soft_mid, soft_zone = _transition_pixels(soft)
    hard_mid, hard_zone = _transition_pixels(hard)
    assert soft_zone > 200 and hard_zone > 200  # the zone is in the picture
    assert soft_mid > 1.3 * hard_mid
    assert soft_mid > 0.15 * soft_zone


def test_zone_edge_follows_the_field_not_the_mesh(a, renderer):
    """Per-pixel lookup: the colour a pixel gets is the lookup of the field interpolated there,
    so a zone's edge is a smooth line through triangles, not a blend fanned from vertices.
    Seen as fewer in-between pixels than the old per-vertex blend of the same field."""
    scene, body = a.scene, a.scene.body
    point, side = "quadratus_lumborum_tp1", "left"
    ess, _ = scene.zone_fields(point, side)
    none = np.zeros_like(ess)
    cam = scene.camera_along(point, side, (0, 0, -1))
    looked_up = renderer.shot(None, cam, SMALL, fields=(ess, none)).image
    blended = renderer.shot(charts.zone_colours(body, (ess, none)), cam, SMALL).image
    mid_lookup, zone_lookup = _transition_pixels(looked_up)
    mid_blend, _ = _transition_pixels(blended)
    assert zone_lookup > 200
    assert mid_lookup < 0.8 * mid_blend
    lut = charts.zone_lookup()
    assert tuple(lut[0, 0]) == palette.rgb("skin") and tuple(lut[0, -1]) == palette.rgb("essential")
    assert tuple(lut[-1, 0]) == palette.rgb("spillover")


def _x_window(a, renderer, point, side, view, size):
    """The chart of ``point`` seen from ``view`` and the pixels round where its X goes."""
    w, h = size
    head, foot = max(60, h // 12), max(70, h // 9)
    img = charts.chart(a.engine, a.scene, point, side, view, size, renderer=renderer)
    shot = renderer.shot(np.zeros((len(a.body.vertices), 3), np.uint8), a.scene.presets[view], (w, h - head - foot))
    v = a.catalogue.points[point].vertex[side]
    (xy,), (seen,) = shot.project([a.body.vertices[v] + a.body.normals[v] * 0.3])
    x, y = int(xy[0]), int(xy[1]) + head
    return img[y - 6:y + 7, x - 6:x + 7], bool(seen)


def test_far_side_point_is_not_drawn_through_the_body(a, renderer):
    # infraspinatus sits on the shoulder blade: hidden from the front, seen from the back
    front, seen_front = _x_window(a, renderer, "infraspinatus_tp1", "left", "front", (400, 540))
    back, seen_back = _x_window(a, renderer, "infraspinatus_tp1", "left", "back", (400, 540))
    assert not seen_front and seen_back
    # darkest pixel by its brightest channel (the essential zone's red is dark but not black)
    assert back.max(axis=2).min() < 40  # a full-strength black X
    assert front.max(axis=2).min() > 60  # only a faint grey one


def test_far_side_labels():
    assert charts.far_side_label((0, 0, -1)) == "on the back"
    assert charts.far_side_label((0.2, 0, 0.9)) == "on the front"
    assert charts.far_side_label((1, 0, 0.1), "left") == "on the left side"
    assert charts.far_side_label((1, 0, 0.1), "right") == "on the inner side"


def test_auto_view_shows_two_panels_when_one_cannot(a, renderer):
    # infraspinatus: point on the back, essential zone at the front of the shoulder
    assert charts.chart_panels(a.engine, a.scene, "infraspinatus_tp1", "left", "auto", SMALL, renderer) == 2
    assert charts.chart_panels(a.engine, a.scene, "masseter_tp1", "left", "auto", SMALL, renderer) == 1
    assert charts.chart_panels(a.engine, a.scene, "infraspinatus_tp1", "left", "back", SMALL, renderer) == 1


def test_spillover_stands_out_from_skin_and_from_essential():
    assert palette.contrast("spillover", "skin") >= 2.0
    assert palette.contrast("essential", "spillover") >= 2.0
    assert palette.contrast("essential", "skin") >= 4.5
    assert palette.contrast("on_spillover", "spillover") >= 4.5  # text on spillover tags
    assert abs(palette.contrast("#000000", "#ffffff") - 21.0) < 1e-6


def test_spillover_has_a_dashed_edge(a, renderer):
    _, spill = a.scene.zone_fields("gluteus_minimus_tp1", "left")
    dashes = renderer.dashed_edges(spill)
    assert len(dashes) > 20
    # each piece of a dash crosses one triangle of the skin (a few cm at most)
    lengths = np.linalg.norm(dashes[:, 0] - dashes[:, 1], axis=1)
    assert 0 < lengths.max() < 5.0


def test_render_zones_writes_a_sheet_per_point_and_an_escaped_index(a, tmp_path, monkeypatch, capsys):
    from PIL import Image

    from atlas.cli import main

    muscle = a.catalogue.muscles["masseter"]
    monkeypatch.setitem(a.catalogue.muscles, "masseter", dataclasses.replace(muscle, name='Mass<eter> & "co"'))
    out = tmp_path / "zones"
    rc = main(["render-zones", str(out), "--point", "masseter_tp1", "temporalis_tp1", "--side", "left",
               "--size", "480x240"])
    assert rc == 0, capsys.readouterr().err
    files = sorted(p.name for p in out.iterdir())
    assert files == ["index.html", "masseter_tp1_left.png", "temporalis_tp1_left.png"]
    assert Image.open(out / "masseter_tp1_left.png").size == (480, 240)
    index = (out / "index.html").read_text()
    assert "Mass&lt;eter&gt; &amp; &quot;co&quot;" in index and "Mass<eter>" not in index
    assert "<title>Referral zones for review</title>" in index
    assert 'src="masseter_tp1_left.png"' in index and "(left side)" in index
    assert "contact sheets" in capsys.readouterr().out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["zones"]  # no temp folder left


def test_sheets_add_a_palm_view_for_the_hand_and_a_sole_view_for_the_foot(a):
    """The front, back and side views show a palm or a sole edge-on, so a sheet adds a close
    view of it when the point's zones or footprint reach the hand or the foot, and only then."""
    e, s = a.engine, a.scene
    assert charts.sheet_views(e, s, "masseter_tp1", "left") == ["front", "back", "left"]
    assert charts.sheet_views(e, s, "adductor_pollicis_tp1", "left") == ["front", "back", "left", "palm"]
    assert charts.sheet_views(e, s, "adductor_pollicis_tp1", "right") == ["front", "back", "right", "palm"]
    assert charts.sheet_views(e, s, "abductor_hallucis_tp1", "left") == ["front", "back", "left", "sole"]


def test_the_palm_and_sole_views_show_the_zone_close_up(a, renderer):
    """The palm camera sees the thumb-web point of adductor pollicis and its essential zone
    fills many pixels; the sole camera sees the heel zone of abductor hallucis.  Each close view
    frames only its own hand or foot, and its clipping range keeps only skin about as far away
    as that hand or foot."""
    scene, body = a.scene, a.scene.body
    for point, part in (("adductor_pollicis_tp1", "palm"), ("abductor_hallucis_tp1", "sole")):
        ess, spill = scene.zone_fields(point, "left")
        cam = charts.close_camera(body, part, "left", aspect=0.6)
        shot = renderer.shot(None, cam, (240, 400), fields=(ess, spill))
        _, zone = _transition_pixels(shot.image)
        assert zone > 300, (point, zone)
        tp = a.catalogue.points[point]
        v = tp.vertex["left"]
        _, seen = shot.project([body.vertices[v] + body.normals[v] * 0.3])
        assert seen[0], point
        other = body.vertices[charts.part_vertices(body, part, "right")]
        xy, _ = shot.project(other)
        inside = (xy[:, 0] >= 0) & (xy[:, 0] < 240) & (xy[:, 1] >= 0) & (xy[:, 1] < 400)
        assert not inside.any(), point  # the other hand or foot is out of the picture
        near, far = cam["clip"]
        dist = np.linalg.norm(body.vertices[charts.part_vertices(body, part, "left")] - cam["position"], axis=1)
        assert near < dist.min() and dist.max() < far and far - near < 60, point
    hand, foot = charts.part_vertices(body, "palm", "left"), charts.part_vertices(body, "sole", "left")
    assert len(hand) > 200 and len(foot) > 200 and not set(hand) & set(foot)
    assert (body.vertices[hand, 0] > 0).all() and (body.vertices[foot, 0] > 0).all()


def test_a_sheet_with_a_palm_view_keeps_its_size(a, renderer):
    img = charts.contact_sheet(a.engine, a.scene, "adductor_pollicis_tp1", "left", size=(800, 300),
                               renderer=renderer)
    assert img.shape == (300, 800, 3)


def test_render_zones_unknown_point_is_a_usage_error(tmp_path, capsys):
    from atlas.cli import main

    assert main(["render-zones", str(tmp_path / "z"), "--point", "masseter_tp9"]) == 2
    assert "did you mean 'masseter_tp" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_render_zones_leaves_nothing_behind_on_failure(a, tmp_path, monkeypatch):
    from atlas.exports import gallery

    out = tmp_path / "zones"
    out.mkdir()
    (out / "old.png").write_bytes(b"old")
    real, calls = charts.contact_sheet, []

    def fail_second(*args, **kw):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("disk on fire")
        return real(*args, **kw)

    monkeypatch.setattr(charts, "contact_sheet", fail_second)
    with pytest.raises(RuntimeError):
        gallery.write_zone_sheets(a.engine, a.scene, out, [("masseter_tp1", "left"), ("temporalis_tp1", "left")],
                                  size=(480, 240))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["zones"]
    assert sorted(p.name for p in out.iterdir()) == ["old.png"]  # the old folder is untouched


def test_the_colour_blind_scheme_tells_zones_apart_by_lightness():
    z = palette.zones("colour_blind")
    assert palette.contrast(z["spillover"], z["skin"]) >= 2.0
    assert palette.contrast(z["essential"], z["spillover"]) >= 2.0
    assert palette.contrast(z["pain_on_essential"], z["pain_on_spillover"]) >= 2.0
    assert palette.luminance(z["essential"]) < palette.luminance(z["spillover"]) < palette.luminance(z["skin"])


def test_a_slide_png_takes_the_head_view_and_a_caption(a, tmp_path, capsys):
    from PIL import Image

    from atlas.cli import main

    def export(name, *extra):
        out = tmp_path / name
        rc = main(["export", "png", str(out), "--point", "temporalis_tp1", "--view", "head",
                   "--size", "600x800", *extra])
        assert rc == 0, capsys.readouterr().err
        return np.asarray(Image.open(out).convert("RGB")).astype(int)

    plain = export("plain.png")
    slide = export("slide.png", "--caption", "Slide 3: the temple headache from the jaw")
    assert plain.shape == slide.shape == (800, 600, 3)
    changed = np.flatnonzero(np.abs(plain - slide).sum(axis=(1, 2)))
    foot = 800 - max(70, 800 // 9)
    assert len(changed) and changed.min() >= foot  # the caption goes in the footer, nothing else moves
    # the head view is a close-up: skin fills most of the picture between title and footer
    body = plain[max(60, 800 // 12):foot]
    assert (np.abs(body - 255).sum(axis=2) > 30).mean() > 0.35
