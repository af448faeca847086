"""A take-home PDF a therapist hands to a client: at most two pages for up to three points.

Client pages: who it is for (name, date, clinic: typed by the therapist, never stored), the pain
drawing zoomed to the painted area with its intensity colours, the chosen trigger points with
their zones, one self-pressure step and one stretch per point in plain words, when to stop and
see a clinician, and the disclaimer.  Clinical terms (the neuromuscular therapy causes, the
recorded pressure technique, cautions for the therapist) go to an optional last page marked for
the therapist.  Built in memory (bytes); nothing is stored on the server."""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from atlas.body.anatomy import label_list
from atlas.data.vocabulary import DISCLAIMER, GENERAL_CONTRAINDICATIONS, NMT_LABELS
from atlas.exports.paindrawing import QUALITIES, PainDrawing, compare, nerve_cautions, red_flags
from atlas.images import charts, selfcare
from atlas.views import palette
from atlas.views.record import point_view
from atlas.views.scene import VIEW_ANGLE, camera

MAX_POINTS = 3  # a client takes home what was worked on, not a list
TITLE = "Your self-care plan"
THERAPIST_HEADING = "For the therapist (keep this page)"

# The neuromuscular therapy causes in the words a client would use.
PLAIN_CAUSES = {
    "ischemia": "holding the muscle tense or still for a long time",
    "trigger_points": "other tight spots in nearby muscles",
    "nerve_entrapment_compression": "pressure on a nerve nearby",
    "postural_distortion": "how you sit, stand or sleep",
    "biomechanical_dysfunction": "the way you move or use this area, such as a repeated task",
}

# Points a client should not press on their own, from the point's own record: what lies under
# it (its contraindications) or how it is reached (from inside the mouth or the body).
NOT_FOR_SELF_PRESSURE = {
    "abdominal_organs": "the belly", "carotid_sinus": "the front of the neck",
    "lung_apex": "the root of the neck", "internal_only_by_clinician": "the body",
}
INSIDE = {"intraoral": "the mouth", "internal": "the body"}
NO_SELF_PRESS = ("Do not press this muscle yourself: it lies close to delicate structures in "
                 "{where}. Leave pressing it to your therapist.")
STOP_RULES = [
    "Stop pressing or stretching if the pain turns sharp, spreads, or makes you hold your breath.",
    "Some soreness for a day is normal. If it lasts longer or gets worse, stop and tell your therapist.",
    "See a clinician if pain is new, severe, getting worse, wakes you at night, or comes with "
    "fever, weight loss, weakness, numbness, chest pain, or changes in bladder or bowel control.",
]


@dataclass(frozen=True)
class Client:
    """What the therapist types on the page for this handout only; printed, never stored."""

    name: str = ""
    date: str = ""
    clinic: str = ""

    def clean(self) -> Client:
        def c(s, n=80):
            return re.sub(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]", " ", str(s or "")).strip()[:n]
        return Client(c(self.name), c(self.date, 40) or f"{dt.date.today():%d %B %Y}", c(self.clinic))


def self_care(engine, point: str, side: str) -> tuple[str, str]:
    """(self-pressure steps, stretch steps) for a point in plain words, from the muscle's
    ``self_care``; a point near delicate structures gets "do not press" instead."""
    tp = engine.cat.points[point]
    care = engine.cat.muscles[tp.muscle].spec.self_care
    where = _not_for_self_pressure(tp.spec)
    press = NO_SELF_PRESS.format(where=where) if where else " ".join(care.self_pressure)
    return press, " ".join(care.stretch)


def _not_for_self_pressure(spec) -> str | None:
    """Where the delicate structures are, if the client should leave this point alone."""
    if spec.palpation in INSIDE:
        return INSIDE[spec.palpation]
    return next((NOT_FOR_SELF_PRESSURE[c] for c in spec.contraindications
                 if c in NOT_FOR_SELF_PRESSURE), None)


def _matplotlib_fonts() -> str:
    """matplotlib (installed with PyVista) ships DejaVu Sans: a Unicode font on every install."""
    import importlib.util

    spec = importlib.util.find_spec("matplotlib")
    return str(Path(spec.origin).parent / "mpl-data" / "fonts" / "ttf") if spec and spec.origin else ""


def _font_paths():
    for folder in filter(None, ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu",
                                _matplotlib_fonts())):
        regular, bold = Path(folder) / "DejaVuSans.ttf", Path(folder) / "DejaVuSans-Bold.ttf"
        if regular.exists() and bold.exists():
            return regular, bold
    return None


class _Pdf:
    """fpdf2 with a Unicode font when one is installed, else Latin-1 text.  No automatic page
    breaks: every block is measured first and starts a page itself when it would not fit."""

    BOTTOM = 14  # mm kept free at the foot of a page

    def __init__(self):
        from fpdf import FPDF

        self.pdf = FPDF(format="A4", unit="mm")
        self.pdf.set_auto_page_break(False)
        self.pdf.set_margins(14, 14, 14)
        self.pdf.set_title("Trigger Point Atlas handout")
        self.pdf.set_creator("Trigger Point Atlas")
        fonts = _font_paths()
        if fonts:
            self.pdf.add_font("Body", "", str(fonts[0]))
            self.pdf.add_font("Body", "B", str(fonts[1]))
            self.family, self.unicode = "Body", True
        else:
            self.family, self.unicode = "Helvetica", False

    def text(self, s: str) -> str:
        if self.unicode:
            return s
        table = {"\u2013": "-", "\u2014": "-", "\u2018": "'", "\u2019": "'", "\u201c": '"',
                 "\u201d": '"', "\u2022": "-", "\u2026": "..."}
        s = "".join(table.get(c, c) for c in s)
        return s.encode("latin-1", "replace").decode("latin-1")

    @property
    def room(self) -> float:
        return self.pdf.h - self.BOTTOM - self.pdf.get_y()

    def para(self, s: str, size=10, bold=False, x=None, w=0, dry=False, gap=1.0) -> float:
        """Write (or with ``dry`` only measure) a paragraph; returns its height in mm."""
        pdf = self.pdf
        pdf.set_font(self.family, "B" if bold else "", size)
        lh = size * 0.45
        if dry:
            lines = pdf.multi_cell(w or pdf.epw, lh, self.text(s), dry_run=True, output="LINES")
            return len(lines) * lh + gap
        if x is not None:
            pdf.set_x(x)
        pdf.multi_cell(w or pdf.epw, lh, self.text(s), new_x="LEFT" if x is not None else "LMARGIN",
                       new_y="NEXT")
        pdf.ln(gap)
        return 0.0

    def heading(self, s: str, size=15):
        self.para(s, size, bold=True, gap=1.5)


def build(engine, scene, drawing=(), points: list[tuple[str, str]] | None = None, *,
          client: Client | None = None, therapist_page: bool = False, ranked=None,
          compare_with: PainDrawing | None = None) -> bytes:
    """The handout as PDF bytes.  ``drawing`` is a PainDrawing (or painted vertices); ``points``
    the (point, side) pairs worked on, at most three.  Without points, the best match of each of
    the top three muscles for the drawing is shown.  ``compare_with`` (an earlier drawing) turns
    the pain picture into a comparison: only before, only now, both."""
    if not isinstance(drawing, PainDrawing):
        drawing = PainDrawing(tuple(sorted({int(v) for v in drawing})))
    points = list(points or [])[:MAX_POINTS] or _best_points(engine, drawing, ranked)
    client = (client or Client()).clean()
    doc = _Pdf()
    doc.pdf.add_page()
    _header(doc, client, drawing)
    numbered = list(enumerate(points, 1))
    if drawing.vertices:
        _pain_picture(doc, scene, drawing, numbered, compare_with)
    _stop_box(doc, drawing, scene.body)
    with charts.Renderer(scene.body) as renderer:
        for n, (point, side) in numbered:
            _point_block(doc, engine, scene, renderer, n, point, side)
    _closing(doc, engine, points)
    if therapist_page:
        _therapist(doc, engine, scene.body, drawing, points)
    return bytes(doc.pdf.output())


def _best_points(engine, drawing: PainDrawing, ranked) -> list[tuple[str, str]]:
    if not drawing.vertices:
        return []
    if ranked is None:
        ranked = engine.reverse_muscles(engine.pain_from_vertices(*drawing.weights()), limit=MAX_POINTS)
    return [(m.points[0].point, m.points[0].side) for m in ranked[:MAX_POINTS]]


def _header(doc: _Pdf, client: Client, drawing: PainDrawing) -> None:
    doc.heading(TITLE, 18)
    who = [f"For: {client.name}" if client.name else "", f"Date: {client.date}",
           f"Clinic: {client.clinic}" if client.clinic else ""]
    doc.para("     ".join(w for w in who if w), 11, bold=True)
    doc.para(DISCLAIMER, 8.5)


PAIN_MAX_H = 74  # mm: the pain picture leaves room on page 1 for the first point

def _pain_picture(doc: _Pdf, scene, drawing: PainDrawing, numbered, compare_with=None) -> None:
    """The pain drawing zoomed to what was painted (front, back or both) with an intensity
    legend (or, comparing, the three comparison styles), and one line in words under it."""
    pdf = doc.pdf
    images = pain_views(scene, drawing, numbered, compare_with=compare_with)
    y, gap = pdf.get_y(), 4
    width = (pdf.epw - gap * (len(images) - 1)) / len(images)
    width = min(width, PAIN_MAX_H * images[0].shape[1] / images[0].shape[0])
    heights = []
    for i, img in enumerate(images):
        h = width * img.shape[0] / img.shape[1]
        x = pdf.l_margin + i * (width + gap) + (pdf.epw - width) / 2 * (len(images) == 1)
        x += (pdf.epw - len(images) * width - gap * (len(images) - 1)) / 2 * (len(images) > 1)
        pdf.image(_png(img), x=x, y=y, w=width, h=h)
        heights.append(h)
    pdf.set_y(y + max(heights) + 2)
    body = scene.body
    feel = ", ".join(QUALITIES[q] for q in drawing.qualities())
    words = (f"Where you marked pain ({drawing.percent_of_body(body):.1f}% of your body, strongest "
             f"{max(s.intensity for s in drawing.strokes)} out of 10"
             + (f"; it feels {feel}" if feel else "") + f"). Drawing of {drawing.date}"
             + (f", {drawing.label}" if drawing.label else "") + ". Numbered dots: the points below.")
    if compare_with is not None:
        c = compare(compare_with, drawing, body)
        words += (f" Compared with the drawing of {compare_with.date}"
                  + (f" ({compare_with.label})" if compare_with.label else "")
                  + f": painted area {c['before_cm2']:.0f} \u2192 {c['after_cm2']:.0f} cm\u00b2, average pain "
                  f"{c['before_intensity']:.1f} \u2192 {c['after_intensity']:.1f} out of 10; "
                  f"{100 * c['jaccard']:.0f}% of the painted skin is the same.")
    doc.para(words, 9.5)


def pain_views(scene, drawing: PainDrawing, numbered, size=(520, 560),
               compare_with: PainDrawing | None = None) -> list[np.ndarray]:
    """Pictures of the pain drawing framed on the painted skin: front and/or back, whichever
    the painted area faces, each with the chosen points numbered and an intensity legend.
    With ``compare_with``: pain only in that earlier drawing (striped), only now, and in both."""
    from PIL import Image, ImageDraw

    body = scene.body
    colours = charts.zone_colours(body)
    if compare_with is None:
        verts = np.asarray(drawing.vertices, dtype=np.int64)
        inten = drawing.intensity_of(len(body.vertices))
        for level in np.unique(inten[verts]):
            colours[verts[inten[verts] == level]] = palette.intensity_rgb(level)
    else:
        verts = _compare_colours(body, colours, compare_with, drawing)
    legend = _with_legend if compare_with is None else _with_compare_legend
    out = []
    with charts.Renderer(body) as renderer:
        for view, direction in _views_for(body, verts):
            mine = verts[body.normals[verts] @ direction > -0.2]
            pts = body.vertices[mine if len(mine) else verts].astype(np.float64)
            focal = (pts.min(axis=0) + pts.max(axis=0)) / 2
            radius = max(float(np.linalg.norm(pts - focal, axis=1).max()), 14.0)
            cam = camera(focal, direction, radius * 1.2 / np.tan(np.radians(VIEW_ANGLE / 2)))
            shot = renderer.shot(colours, cam, size)
            im = Image.fromarray(shot.image)
            d = ImageDraw.Draw(im)
            for n, (point, side) in numbered:
                v = scene.cat.points[point].vertex[side]
                xy, visible = shot.project([body.vertices[v]])
                if visible[0]:
                    x, y = xy[0]
                    d.ellipse([x - 12, y - 12, x + 12, y + 12], fill=palette.rgb("selected"),
                              outline=(0, 0, 0), width=2)
                    d.text((x, y), str(n), fill=(0, 0, 0), font=charts.font(16), anchor="mm")
            d.text((10, 8), view.capitalize(), fill=(40, 40, 40), font=charts.font(22))
            out.append(np.asarray(legend(im)))
    return out


def _compare_colours(body, colours, before: PainDrawing, after: PainDrawing) -> np.ndarray:
    """Colour the comparison styles into ``colours``; returns every vertex painted in either."""
    a, b = set(before.vertices), set(after.vertices)
    both, now = sorted(a & b), sorted(b - a)
    gone = np.asarray(sorted(a - b), dtype=np.int64)
    gone = gone[palette.stripe(body.vertices[gone])] if len(gone) else gone
    for name, vs in (("both", both), ("after_only", now), ("before_only", gone)):
        if len(vs):
            colours[np.asarray(vs, dtype=np.int64)] = palette.rgb(palette.COMPARE[name])
    return np.asarray(sorted(a | b), dtype=np.int64)


def _with_room_below(im, extra: int = 58):
    """A white canvas holding the picture with ``extra`` pixels under it, and a pen for that strip."""
    from PIL import Image, ImageDraw

    w, h = im.size
    canvas = Image.new("RGB", (w, h + extra), (255, 255, 255))
    canvas.paste(im, (0, 0))
    return canvas, ImageDraw.Draw(canvas), w, h


def _with_compare_legend(im):
    """The picture with the three comparison styles named under it, inside the same image."""
    from PIL import Image

    canvas, d, w, h = _with_room_below(im)
    f = charts.font(21)
    x, y = 10, h + 12
    for name, label in palette.COMPARE_LABELS.items():
        colour = palette.rgb(palette.COMPARE[name])
        sw = 20
        if x > 10 and x + sw + 6 + d.textlength(label, font=f) > w - 6:  # next line
            x, y = 10, y + 26
        if name == "before_only":  # stripes, as on the body
            i, j = np.mgrid[0:sw, 0:sw]
            stripes = ((i + j) // 4) % 2 == 0
            tile = np.where(stripes[..., None], np.asarray(colour, np.uint8), np.uint8(255)).astype(np.uint8)
            canvas.paste(Image.fromarray(tile), (x, y))
            d.rectangle([x, y, x + sw, y + sw], outline=(90, 90, 90))
        else:
            d.rectangle([x, y, x + sw, y + sw], fill=colour, outline=(90, 90, 90))
        d.text((x + sw + 6, y - 2), label, fill=(30, 30, 30), font=f)
        x += sw + 6 + int(d.textlength(label, font=f)) + 18
    return canvas


VIEW_DIRECTIONS = {"front": (0, 0, 1), "back": (0, 0, -1), "left side": (1, 0, 0), "right side": (-1, 0, 0)}


def _views_for(body, verts) -> list[tuple[str, np.ndarray]]:
    """The one or two views the painted skin faces most: a temple spot is seen from its side,
    pain on the front and the back of the body from the front and the back."""
    normals, area = body.normals[verts].astype(np.float64), body.vertex_area[verts]
    score = {name: float((np.clip(normals @ np.asarray(d, float), 0, None) * area).sum())
             for name, d in VIEW_DIRECTIONS.items()}
    best = sorted(score, key=score.get, reverse=True)
    views = [best[0]] + [v for v in best[1:2] if score[v] >= 0.6 * score[best[0]]]
    views.sort(key=list(VIEW_DIRECTIONS).index)
    return [(v, np.asarray(VIEW_DIRECTIONS[v], dtype=np.float64)) for v in views]


def _with_legend(im):
    """The picture with an intensity scale (0-10) drawn under it, inside the same image."""
    canvas, d, w, h = _with_room_below(im)
    f = charts.font(15)
    d.text((10, h + 4), "How much it hurts (0 = none, 10 = worst)", fill=(30, 30, 30), font=f)
    step = (w - 20) / 11
    for i in range(11):
        x = 10 + i * step
        d.rectangle([x, h + 26, x + step - 3, h + 40], fill=palette.intensity_rgb(i), outline=(90, 90, 90))
        d.text((x + (step - 3) / 2, h + 49), str(i), fill=(30, 30, 30), font=charts.font(12), anchor="mm")
    return canvas


def _stop_box(doc: _Pdf, drawing: PainDrawing, body) -> None:
    flags = red_flags(drawing, body) if drawing.vertices else []
    doc.para("When to stop and see a clinician", 11.5, bold=True, gap=0.5)
    for line in flags:
        doc.para("\u2022 " + line, 9.5, bold=True, gap=0.4)
    for line in STOP_RULES:
        doc.para("\u2022 " + line, 9.5, gap=0.4)
    doc.para("Ask first, or do not press at all: " + " ".join(GENERAL_CONTRAINDICATIONS), 8.5, gap=0.4)
    doc.pdf.ln(2)


CHART_W = 44  # mm; the chart beside each point's words, the self-care picture under it
CHART_SIZE = (420, 540)
CARE_GAP = 2  # mm between the chart and the self-care picture


def _point_block(doc: _Pdf, engine, scene, renderer, n, point, side) -> None:
    """One chosen point: its chart on the left, the words on the right, kept on one page."""
    pdf = doc.pdf
    v = point_view(engine, point, side)
    press, stretch = self_care(engine, point, side)
    care_press = _not_for_self_pressure(engine.cat.points[point].spec) is None
    causes = [PLAIN_CAUSES[c] for c in engine.cat.points[point].spec.perpetuating_factors if c in PLAIN_CAUSES]
    chart_h = CHART_W * CHART_SIZE[1] / CHART_SIZE[0]
    care_h = CHART_W * selfcare.CARE_SIZE[1] / selfcare.CARE_SIZE[0]
    pictures_h = chart_h + CARE_GAP + care_h
    x_text, w_text = pdf.l_margin + CHART_W + 5, pdf.epw - CHART_W - 5
    parts = [
        (f"{n}. {v.name} ({v.side} side)", 11, True),
        (f"You may feel it nearly always at: {label_list(v.essential, False)}"
         + (f"; sometimes at: {label_list(v.spillover, False)}." if v.spillover else "."), 9.5, False),
        (("Press (the yellow ring in the picture): " if care_press else "Press: ") + press, 9.5, False),
        ("Stretch (the green arrow shows the way the muscle lengthens): " + stretch, 9.5, False),
    ]
    if causes:
        parts.append(("It can be kept going by " + "; ".join(causes) + ".", 9, False))
    text_h = sum(doc.para(s, size, bold, w=w_text, dry=True) for s, size, bold in parts)
    block = max(text_h, pictures_h) + 4
    if block > doc.room:
        pdf.add_page()
    top = pdf.get_y()
    img = charts.chart(engine, scene, point, side, "auto", CHART_SIZE, renderer=renderer)
    pdf.image(_png(img), x=pdf.l_margin, y=top, w=CHART_W, h=chart_h)
    care = selfcare.care_picture(engine, scene, point, side, press=care_press, renderer=renderer)
    pdf.image(_png(care), x=pdf.l_margin, y=top + chart_h + CARE_GAP, w=CHART_W, h=care_h)
    pdf.set_y(top)
    for s, size, bold in parts:
        doc.para(s, size, bold, x=x_text, w=w_text)
    pdf.set_y(top + block)


def _closing(doc: _Pdf, engine, points) -> None:
    sources = sorted({s for p, _ in points for s in engine.cat.points[p].sources})
    cites = [engine.cat.sources[s].citation if s in engine.cat.sources else s for s in sources]
    text = "Sources: " + " ".join(cites)
    need = doc.para(DISCLAIMER, 9.5, True, dry=True) + doc.para(text, 7, dry=True) + 4
    if need > doc.room:
        doc.pdf.add_page()
    doc.para(DISCLAIMER, 9.5, bold=True)
    doc.para(text, 7)


def _therapist(doc: _Pdf, engine, body, drawing: PainDrawing, points) -> None:
    """Clinical notes: the recorded technique, the causes in NMT terms, cautions, why listed."""
    doc.pdf.add_page()
    doc.heading(THERAPIST_HEADING, 14)
    doc.para("Clinical notes for the points in this handout. Not part of the client's pages.", 9)
    if drawing.vertices:
        matches = engine.reverse_points(engine.pain_from_vertices(*drawing.weights()), limit=25)
        by_key = {(m.point, m.side): m for m in matches}
        for name, caution in nerve_cautions(engine, drawing, matches):
            doc.para(f"Nerve caution ({name}): {caution}", 9, bold=True)
    else:
        by_key = {}
    for n, (point, side) in enumerate(points, 1):
        v = point_view(engine, point, side)
        doc.para(f"{n}. {v.name} ({v.side} side), {v.id}", 10.5, bold=True, gap=0.5)
        if (point, side) in by_key:
            doc.para("Ranking: " + by_key[(point, side)].why(engine.region_names), 8.5)
        doc.para(f"Palpation: {v.palpation}; tools: {', '.join(v.tools)}; hold {v.hold_words}. "
                 f"Technique as recorded: {v.pressure_notes}", 8.5)
        doc.para("Perpetuating factors (NMT): " + ", ".join(NMT_LABELS[c] for c in
                 engine.cat.points[point].spec.perpetuating_factors), 8.5)
        if v.cautions:
            doc.para("Cautions: " + " ".join(v.cautions), 8.5)
        if doc.room < 30:
            doc.pdf.add_page()


def _png(rgb: np.ndarray) -> io.BytesIO:
    from PIL import Image

    buf = io.BytesIO()
    Image.fromarray(np.asarray(rgb, dtype=np.uint8)).save(buf, format="PNG")
    buf.seek(0)
    return buf
