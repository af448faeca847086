"""Slides: PNG charts with or without the other points' dots (never through the body), and
slide deck folders for a tour or a condition."""

import numpy as np
from PIL import Image

from atlas.cli import main
from atlas.exports import gallery
from atlas.images import charts

SIZE = (400, 540)


def _dot_at(a, shot, point, side="left"):
    """A picture of the shot with only ``point``'s grey dot drawn, and the bare picture."""
    v = a.catalogue.points[point].vertex[side]
    bare = Image.fromarray(shot.image.copy())
    dotted = bare.copy()
    charts._draw_dots(dotted, shot, [a.body.vertices[v] + a.body.normals[v] * 0.3], 6)
    return np.asarray(dotted).astype(int), np.asarray(bare).astype(int)


def test_other_points_are_drawn_only_where_the_view_sees_them(a, renderer):
    draw = lambda others: charts.chart(a.engine, a.scene, "masseter_tp1", "left", "front", SIZE,
                                       renderer=renderer, others=others).astype(int)
    shown, hidden = draw(True), draw(False)
    assert ((np.abs(shown - hidden).sum(axis=2)) > 60).sum() > 200  # the others' dots, or none
    shot = renderer.shot(None, a.scene.presets["front"], SIZE,
                         fields=a.scene.zone_fields("masseter_tp1", "left"))
    # infraspinatus sits on the shoulder blade: in a front view its dot is not drawn at all
    dotted, bare = _dot_at(a, shot, "infraspinatus_tp1")
    assert (dotted == bare).all()
    # a point on the front of the thigh is drawn
    dotted, bare = _dot_at(a, shot, "rectus_femoris_tp1")
    assert (np.abs(dotted - bare).sum(axis=2) > 60).sum() > 20


def test_png_hide_others_from_the_command_line(a, tmp_path, capsys):
    def export(name, *extra):
        out = tmp_path / name
        assert main(["export", "png", str(out), "--point", "masseter_tp1", "--view", "front",
                     "--size", "400x540", *extra]) == 0, capsys.readouterr().err
        return np.asarray(Image.open(out).convert("RGB")).astype(int)

    grey = np.array(charts.palette.rgb("dimmed"))

    def grey_dots(img):
        return int((np.abs(img - grey).sum(axis=2) < 12).sum())

    assert grey_dots(export("all.png")) > 5 * max(grey_dots(export("one.png", "--hide-others")), 20)


def test_a_tour_becomes_a_slide_deck_in_order(a, tmp_path, capsys):
    out = tmp_path / "deck"
    assert main(["export", "charts", str(out), "--tour", "tmj_disorder", "--size", "300x400"]) == 0
    tour = a.catalogue.tours["tmj_disorder"]
    names = [gallery.slide_file_name(i, gallery.Slide(s.point, s.side, s.text))
             for i, s in enumerate(tour.steps, 1)]
    assert sorted(p.name for p in out.iterdir()) == sorted([*names, "index.html"])
    index = (out / "index.html").read_text()
    at = [index.index(f'src="{n}"') for n in names]
    assert at == sorted(at)  # listed in step order
    assert all(s.text in index for s in tour.steps)
    # the step's words are the slide's caption: only the footer differs from a plain chart
    step = tour.steps[0]
    with charts.Renderer(a.body) as r:
        plain = charts.chart(a.engine, a.scene, step.point, step.side, "auto", (300, 400), renderer=r)
    slide = np.asarray(Image.open(out / names[0]).convert("RGB"))
    foot = 400 - max(70, 400 // 9)
    changed = np.abs(slide.astype(int) - plain.astype(int)).sum(axis=2) > 90
    assert changed[foot:].sum() > 100 and changed[:foot].mean() < 0.01
    assert list(tmp_path.iterdir()) == [out]  # nothing left beside it


def test_a_condition_deck_has_a_slide_per_point(a, tmp_path):
    out = tmp_path / "deck"
    cond = "achilles_pain"
    assert main(["export", "charts", str(out), "--condition", cond, "--size", "300x400"]) == 0
    pngs = sorted(p.name for p in out.glob("*.png"))
    assert len(pngs) == len(a.engine.points_for_condition(cond)) and pngs[0].startswith("01-")


def test_deck_index_escapes_its_text():
    page = gallery.deck_html("<Jaw> & co", "a <b>bold</b> claim",
                             [('x".png', "1. <i>M</i>", "<script>alert(1)</script>")])
    assert "<script>alert" not in page and "<b>bold" not in page and "<i>M" not in page
    assert "&lt;script&gt;" in page and 'src="x&quot;.png"' in page
