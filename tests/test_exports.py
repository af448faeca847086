"""Exports: offline HTML, PNG charts, PDF handouts, pain drawings; all written atomically."""

import json

import numpy as np
import pytest
from playwright.sync_api import expect

import atlas
from atlas.exports import paindrawing
from atlas.images.charts import ESSENTIAL, chart
from tests.conftest import run_cli


@pytest.fixture(scope="module")
def eng():
    return atlas.load().engine


@pytest.mark.browser
def test_html_export_works_from_file_with_no_network(tmp_path, offline_page):
    out = tmp_path / "masseter.html"
    res = run_cli("export", "html", str(out), "--point", "masseter_tp1")
    assert res.returncode == 0, res.stderr
    assert out.stat().st_size <= 3_000_000
    op = offline_page
    op.page.goto(out.as_uri())
    op.wait_ready()
    from tests.test_browser_app import screenshot_is_not_blank

    assert screenshot_is_not_blank(op.page) > 0.05
    expect(op.page.locator(".atlas-details h2")).to_have_text("Masseter")
    assert op.blocked == [] and op.errors == []


@pytest.mark.browser
def test_html_export_all_points_are_clickable_without_python(tmp_path, offline_page):
    out = tmp_path / "all.html"
    assert run_cli("export", "html", str(out), "--all").returncode == 0
    op = offline_page
    op.page.goto(out.as_uri())
    op.wait_ready()
    scene = atlas.load().scene
    from tests.test_browser_app import _lonely_front_marker

    marker, pos = _lonely_front_marker(op)
    op.page.mouse.click(pos["x"], pos["y"])
    muscle = scene.cat.muscles[scene.cat.points[marker.point].muscle].name
    expect(op.page.locator(".atlas-details h2")).to_have_text(muscle, timeout=10000)
    assert op.blocked == []


def test_png_chart_has_the_size_and_the_zone_where_expected(eng, tmp_path):
    from PIL import Image

    out = tmp_path / "c.png"
    res = run_cli("export", "png", str(out), "--point", "soleus_tp1", "--view", "back", "--size", "400x560")
    assert res.returncode == 0, res.stderr
    img = np.asarray(Image.open(out).convert("RGB")).astype(int)
    assert img.shape == (560, 400, 3)
    red = (np.abs(img - np.array(ESSENTIAL)).sum(axis=2) < 60)
    assert red.sum() > 50
    ys, xs = np.nonzero(red)
    # soleus refers to the heel: essential pixels sit low in the image, on the body's left
    # (which is the image's left in a back view)
    assert ys.mean() > 0.6 * 560 and xs.mean() < 200


def test_two_renders_of_a_chart_are_similar(eng):
    scene = atlas.load().scene
    a = chart(eng, scene, "masseter_tp1", "left", "auto", (300, 400)).astype(float)
    b = chart(eng, scene, "masseter_tp1", "left", "auto", (300, 400)).astype(float)
    assert np.abs(a - b).mean() < 2.0


def test_charts_folder_has_a_gallery(eng, tmp_path, monkeypatch):
    from atlas.exports import gallery

    few = dict(list(eng.cat.points.items())[:2])
    monkeypatch.setattr(eng.cat, "points", few)
    written = gallery.write_charts(eng, atlas.load().scene, tmp_path / "charts", size=(200, 260))
    index = (tmp_path / "charts" / "index.html").read_text()
    assert len(written) == 3 and all(p.exists() for p in written)
    assert all(f'src="{p.name}"' in index for p in written[:2])


def test_handout_pdf_for_pain_in_words_shows_the_best_three_points(tmp_path):
    from pypdf import PdfReader

    out = tmp_path / "h.pdf"
    res = run_cli("export", "handout", str(out), "--pain", "left temple, left angle of jaw",
                  "--client", "Ana", "--date", "1 March 2026")
    assert res.returncode == 0, res.stderr
    reader = PdfReader(out)
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert len(reader.pages) <= 2
    assert "Your self-care plan" in text and "not diagnosis or treatment advice" in text
    assert "For: Ana" in text and "Date: 1 March 2026" in text
    headings = [line for line in text.splitlines() if line[:3] in {f"{n}. " for n in range(1, 10)}]
    assert [h[:3] for h in headings] == ["1. ", "2. ", "3. "]
    assert "(left side)" in text and "(right side)" not in text
    assert ("Press:" in text or "Press (" in text) and "Stretch (" in text


@pytest.mark.parametrize("suffix", [".json", ".csv"])
def test_pain_drawing_round_trips(tmp_path, suffix):
    body = atlas.load().body
    out = tmp_path / f"pain{suffix}"
    assert run_cli("export", "pain", str(out), "--pain", "left temple, calf").returncode == 0
    drawing = paindrawing.from_text(out.read_text(), body)
    again = tmp_path / f"again{suffix}"
    text = paindrawing.to_json(drawing, body) if suffix == ".json" else paindrawing.to_csv(drawing, body)
    again.write_text(text)
    assert again.read_text() == out.read_text()
    regions = {r["region"] for r in drawing.rows(body)}
    assert regions == {"temple_l", "calf_l", "calf_r"}
    if suffix == ".json":
        doc = json.loads(out.read_text())
        assert 0 < doc["percent_body_surface"] < 10 and 233 in doc["choir_codes"]


@pytest.mark.parametrize("text", ["", "{", '{"format": "x"}', "region\nnope_l\n",
                                  '{"format": "trigger-point-atlas/pain-drawing", "version": 1, "vertices": [-1]}'])
def test_bad_pain_files_get_a_plain_reason(text):
    with pytest.raises(paindrawing.PainDrawingError):
        paindrawing.from_text(text, atlas.load().body)


def test_exports_are_atomic_and_fail_clearly(tmp_path):
    missing = tmp_path / "no" / "such" / "folder" / "x.html"
    res = run_cli("export", "html", str(missing), "--point", "masseter_tp1")
    assert res.returncode == 1 and "does not exist" in res.stderr and "Traceback" not in res.stderr
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    res = run_cli("export", "png", str(blocker / "x.png"), "--point", "masseter_tp1")
    assert res.returncode == 1 and "Traceback" not in res.stderr
    res = run_cli("export", "png", str(tmp_path / "tiny.png"), "--point", "masseter_tp1", "--size", "100x100")
    assert res.returncode == 2 and "at least 200x260" in res.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]  # nothing partial left behind


def test_write_atomic_replaces_whole_or_not_at_all(tmp_path, monkeypatch):
    from atlas.exports import files

    target = tmp_path / "out.txt"
    target.write_text("old")

    def boom(*a):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "replace", boom)
    with pytest.raises(files.ExportError, match="No space left"):
        files.write_atomic(target, b"new")
    assert target.read_text() == "old" and [p.name for p in tmp_path.iterdir()] == ["out.txt"]
