"""The client handout: at most two pages for three points, no words over pictures, the client's
name and the chosen sides printed, clinical notes only on the therapist page."""

import json

import pytest

import atlas
from atlas.exports import handout, paindrawing

pytestmark = pytest.mark.slow

CHOSEN = ["masseter_tp1:left", "iliopsoas_tp1:right", "upper_trapezius_tp1:right"]


@pytest.fixture(scope="module")
def pdf(tmp_path_factory):
    """One handout built through `atlas export handout` (in-process), with a therapist page."""
    from atlas.cli import main

    folder = tmp_path_factory.mktemp("handout")
    body = atlas.load().body
    region = lambda r: [int(v) for v in body.region_vertices[body.region_index[r].index]]  # noqa: E731
    drawing = paindrawing.PainDrawing.layered(
        [(region("temple_l"), 7, ["aching"]), (region("angle_of_jaw_l"), 4, ["tingling"])],
        date="2026-11-30", label="before")
    (folder / "d.json").write_text(paindrawing.to_json(drawing, body))
    out = folder / "h.pdf"
    assert main(["export", "handout", str(out), "--drawing", str(folder / "d.json"), "--point", *CHOSEN,
                 "--client", "Zoë Ångström", "--clinic", "Harbour Clinic", "--therapist-page"]) == 0
    return out


_read = {}


def _pages(path):
    """(text, words, images) per page, read once."""
    import pdfplumber

    if path not in _read:
        with pdfplumber.open(path) as doc:
            _read[path] = [(p.extract_text() or "", p.extract_words(), p.images) for p in doc.pages]
    return _read[path]


def test_three_points_fit_two_client_pages_and_the_therapist_page_follows(pdf):
    pages = _pages(pdf)
    client = [t for t, _, _ in pages if handout.THERAPIST_HEADING not in t]
    assert len(client) == 2 and len(pages) == 3 and handout.THERAPIST_HEADING in pages[2][0]
    text = "\n".join(client)
    assert "For: Zoë Ångström" in text and "Clinic: Harbour Clinic" in text
    for heading in ("Masseter, upper front of the outer layer (left side)",
                    "Psoas, through the abdominal wall (right side)"):
        assert heading in text.replace("\n", " ")
    assert "(right side)" in text and "(left side)" in text
    assert "not diagnosis or treatment advice" in text and "When to stop and see a clinician" in text
    assert "numbness or tingling" in text  # the drawing's tingling raises the nerve note
    assert "strongest 7 out of 10" in text and "before" in text
    assert "blood thinners" in text and "osteoporosis" in text.lower()  # when not to press at all


def test_no_clinical_text_on_the_client_pages(pdf):
    eng = atlas.load().engine
    client = " ".join(t for t, _, _ in _pages(pdf)[:2]).replace("\n", " ")
    for label in ("Postural distortion", "Biomechanical dysfunction", "Nerve entrapment", "NMT",
                  "Technique as recorded", "gloved thumb inside the cheek", "therapist page"):
        assert label not in client, label
    psoas_notes = eng.cat.points["iliopsoas_tp1"].spec.pressure.notes
    assert psoas_notes[:40] not in client and "Do not press this muscle yourself" in client
    therapist = _pages(pdf)[2][0].replace("\n", " ")
    assert "Postural distortion" in therapist and psoas_notes[:30] in therapist


def test_no_words_overlap_a_picture(pdf):
    overlaps = []
    for n, (_, words, images) in enumerate(_pages(pdf), 1):
        assert n > 2 or images, "every client page has a picture"
        for img in images:
            for w in words:
                if (w["x0"] < img["x1"] - 0.5 and w["x1"] > img["x0"] + 0.5
                        and w["top"] < img["bottom"] - 0.5 and w["bottom"] > img["top"] + 0.5):
                    overlaps.append((n, w["text"]))
    assert overlaps == []


def test_bad_handout_requests_get_a_plain_reason(tmp_path, capsys):
    from atlas.cli import main

    out = tmp_path / "h.pdf"
    assert main(["export", "handout", str(out), "--point", *CHOSEN, "temporalis_tp1"]) == 2
    assert "choose at most 3 points" in capsys.readouterr().err
    assert main(["export", "handout", str(out), "--point", "iliopsoas_tp1:middle"]) == 2
    assert "has no middle side" in capsys.readouterr().err
    bad = tmp_path / "d.json"
    bad.write_text(json.dumps({"format": paindrawing.FORMAT, "version": 2, "date": "2026-01-01",
                               "strokes": [{"intensity": 11, "qualities": [], "vertices": [1]}]}))
    assert main(["export", "handout", str(out), "--drawing", str(bad)]) == 2
    assert "intensity 11" in capsys.readouterr().err
    assert not out.exists()


def test_self_care_never_sends_a_client_deep_into_the_belly_or_the_front_of_the_neck():
    eng = atlas.load().engine
    leave_alone = {"abdominal_organs", "carotid_sinus", "lung_apex", "internal_only_by_clinician"}
    for point, tp in eng.cat.points.items():
        press, stretch = handout.self_care(eng, point, tp.sides[0])
        assert press and stretch
        care = eng.cat.muscles[tp.muscle].spec.self_care
        if leave_alone & set(tp.spec.contraindications) or tp.spec.palpation in ("intraoral", "internal"):
            assert press.startswith("Do not press this muscle yourself"), point
        else:
            assert press == " ".join(care.self_pressure), point
    for muscle in ("iliopsoas", "scalene_anterior", "longus_colli", "levator_ani"):
        point = eng.cat.muscles[muscle].points[0]
        assert handout.self_care(eng, point, "left")[0].startswith("Do not press"), muscle


def test_every_point_has_a_self_care_picture_beside_its_words(pdf):
    """Per chosen point a zone chart and a self-care picture (press mark, stretch arrow)."""
    client = _pages(pdf)[:2]
    assert sum(len(images) for _, _, images in client) == 1 + 2 * len(CHOSEN)  # + the pain map
    text = " ".join(t for t, _, _ in client).replace("\n", " ")
    assert "Press (the yellow ring in the picture):" in text  # masseter: the client may press it
    assert text.count("Stretch (the green arrow") == len(CHOSEN)


def test_the_self_care_picture_marks_where_to_press_and_the_stretch():
    import numpy as np

    from atlas.images import selfcare
    from atlas.views import palette

    a = atlas.load()
    yellow, green = np.asarray(palette.rgb("selected")), np.asarray(palette.rgb(palette.SELF_CARE["stretch"]))

    def count(img, colour):
        return int((np.abs(img[:-62].astype(int) - colour).sum(axis=2) < 30).sum())  # above the key

    press = selfcare.care_picture(a.engine, a.scene, "masseter_tp1", "left", press=True)
    leave = selfcare.care_picture(a.engine, a.scene, "iliopsoas_tp1", "right", press=False)
    assert press.shape == leave.shape == (selfcare.CARE_SIZE[1], selfcare.CARE_SIZE[0], 3)
    assert count(press, yellow) > 150 and count(leave, yellow) == 0  # the ring only where to press
    assert count(press, green) > 300 and count(leave, green) > 300  # the stretch arrow on both
    # the masseter lengthens up and down (cheekbone to jaw): its arrow is more tall than wide
    ys, xs = np.nonzero(np.abs(press[:-62].astype(int) - green).sum(axis=2) < 30)
    assert np.ptp(ys) > np.ptp(xs)


def test_the_stretch_arrow_follows_the_fibres_not_the_outline_s_long_axis():
    """The rhomboids' outline is tall (C7 to T5 down to the blade's lower tip) but their fibres
    run down and out from the spine to the blade: the arrow is wider than tall, its spine end
    higher.  Without a band in the recipe the long axis is used (the temporalis fan)."""
    import numpy as np

    from atlas.images import selfcare
    from atlas.views import palette

    a = atlas.load()
    green = np.asarray(palette.rgb(palette.SELF_CARE["stretch"]))
    muscle = a.catalogue.muscles["rhomboids"]
    ends = selfcare.fibre_ends(a.body, muscle, "left")
    assert ends[0][0] < ends[1][0] and ends[0][1] > ends[1][1]  # from the spine down and out
    assert selfcare.fibre_ends(a.body, a.catalogue.muscles["temporalis"], "left") is None
    right = selfcare.fibre_ends(a.body, muscle, "right")
    assert np.allclose(right * [-1, 1, 1], ends, atol=0.01)
    img = selfcare.care_picture(a.engine, a.scene, "rhomboids_tp1", "left")
    ys, xs = np.nonzero(np.abs(img[:-62].astype(int) - green).sum(axis=2) < 30)
    assert np.ptp(xs) > 1.3 * np.ptp(ys)


def test_a_comparison_prints_its_three_styles_and_numbers(tmp_path):
    import numpy as np
    import pdfplumber

    from atlas.views import palette

    a = atlas.load()
    body = a.body
    region = lambda r: [int(v) for v in body.region_vertices[body.region_index[r].index]]  # noqa: E731
    before = paindrawing.PainDrawing.layered([(region("temple_l"), 8, ["aching"])], date="2026-11-01",
                                             label="first")
    now = paindrawing.PainDrawing.layered([(region("temple_l")[:40] + region("angle_of_jaw_l"), 3, [])],
                                          date="2026-11-30")
    views = handout.pain_views(a.scene, now, [], compare_with=before)
    pixels = np.concatenate([v.reshape(-1, 3) for v in views]).astype(int)
    for name, colour in palette.COMPARE.items():  # each style is drawn (and its legend swatch)
        assert (np.abs(pixels - palette.rgb(colour)).sum(axis=1) < 30).sum() > 150, name
    data = handout.build(a.engine, a.scene, now, [("masseter_tp1", "left")], compare_with=before)
    (tmp_path / "c.pdf").write_bytes(data)
    with pdfplumber.open(tmp_path / "c.pdf") as doc:
        text = " ".join((p.extract_text() or "") for p in doc.pages).replace("\n", " ")
        assert len(doc.pages) <= 2
    c = paindrawing.compare(before, now, body)
    assert f"Compared with the drawing of 2026-11-01 (first): painted area {c['before_cm2']:.0f}" in text
    assert f"average pain {c['before_intensity']:.1f} \u2192 {c['after_intensity']:.1f}" in text
