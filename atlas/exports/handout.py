"""A take-home PDF for a client: their pain drawing from the front and back with the likely
trigger points numbered, a plain-language page per point, general self-care notes and the
disclaimer.  Built in memory (bytes); nothing is stored on the server."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import numpy as np

from atlas.data.vocabulary import DISCLAIMER
from atlas.images import charts
from atlas.views import palette
from atlas.views.record import point_view

MAX_MUSCLES = 5  # muscles explained for a pain drawing, best first
MAX_POINTS_PER_MUSCLE = 2
MAX_POINTS = 6  # points explained when they are chosen one by one
SELF_CARE = [
    "Press a tender spot gently with fingers, a knuckle or a ball. Hold steady pressure for about "
    "10 to 30 seconds, until the tenderness eases a little, then let go.",
    "Pressure should feel like a 'good hurt'. Stop if pain is sharp, spreading or makes you hold "
    "your breath.",
    "A few short sessions a day are better than one long, hard one. Leave bruised or inflamed skin alone.",
    "Warmth, gentle stretching after pressure, and regular breaks from one position often help.",
    "Notice what keeps the pain going: long sitting, a bag on one shoulder, clenching the jaw, "
    "poor sleep or stress. Small changes to these can matter more than the pressure itself.",
    "See a health professional if pain is new, severe or getting worse, wakes you at night, or "
    "comes with fever, weight loss, weakness, numbness, or changes in bladder or bowel control.",
]


def _font_paths():
    for folder in ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu"):
        regular, bold = Path(folder) / "DejaVuSans.ttf", Path(folder) / "DejaVuSans-Bold.ttf"
        if regular.exists() and bold.exists():
            return regular, bold
    return None


class _Pdf:
    """fpdf2 with a Unicode font when one is installed, else Latin-1 text."""

    def __init__(self):
        from fpdf import FPDF

        self.pdf = FPDF(format="A4", unit="mm")
        self.pdf.set_auto_page_break(True, margin=15)
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

    def heading(self, s: str, size=16):
        self.pdf.set_font(self.family, "B", size)
        self.pdf.multi_cell(0, size * 0.5, self.text(s), new_x="LMARGIN", new_y="NEXT")
        self.pdf.ln(1.5)

    def para(self, s: str, size=10.5, bold=False):
        self.pdf.set_font(self.family, "B" if bold else "", size)
        self.pdf.multi_cell(0, size * 0.48, self.text(s), new_x="LMARGIN", new_y="NEXT")
        self.pdf.ln(1.2)

    def bullets(self, items, size=10.5):
        for item in items:
            self.para("\u2022 " + item, size)


def _pain_views(scene, painted, numbered) -> list[np.ndarray]:
    """Front and back images of the pain drawing with the numbered candidate points."""
    from PIL import Image, ImageDraw

    body = scene.body
    colours = charts.zone_colours(body, None, painted)
    out = []
    for view in ("front", "back"):
        img, to_pixel, pl = charts.plot(body, colours, scene.presets[view], (520, 820))
        marks = []
        for n, (point, side) in numbered:
            v = scene.cat.points[point].vertex[side]
            facing = body.normals[v] @ np.asarray(scene.presets[view]["position"]) - body.normals[v] @ np.asarray(scene.presets[view]["focal"])
            if facing > 0:
                marks.append((n, to_pixel(body.vertices[v])))
        pl.close()
        im = Image.fromarray(img)
        d = ImageDraw.Draw(im)
        font = charts.font(16)
        for n, (x, y) in marks:
            d.ellipse([x - 11, y - 11, x + 11, y + 11], fill=palette.rgb("selected"), outline=(0, 0, 0), width=2)
            d.text((x, y), str(n), fill=(0, 0, 0), font=font, anchor="mm")
        d.text((10, 10), view.title(), fill=(40, 40, 40), font=charts.font(20))
        # the legend: the colours this picture uses (painted pain, numbered points)
        y = im.size[1] - 52
        d.rectangle([10, y, 26, y + 16], fill=palette.rgb("pain"), outline=(80, 80, 80))
        d.text((32, y - 1), "Your pain (as painted)", fill=(30, 30, 30), font=font)
        d.ellipse([10, y + 24, 26, y + 40], fill=palette.rgb("selected"), outline=(0, 0, 0), width=2)
        d.text((32, y + 23), "Possible trigger point (number)", fill=(30, 30, 30), font=font)
        out.append(np.asarray(im))
    return out


def _groups(engine, painted, points, ranked):
    """[(muscle id, [(point, side, match or None), ...])] in the order the handout explains them.

    From a pain drawing: the ranked muscles (``ranked``, or the reverse lookup), each with its
    best matching points.  From chosen points: those points, grouped by muscle in order."""
    if points is None:
        if ranked is None:
            ranked = engine.reverse_muscles(engine.pain_from_vertices(painted), limit=MAX_MUSCLES)
        return [(mm.muscle, [(pm.point, pm.side, pm) for pm in mm.points[:MAX_POINTS_PER_MUSCLE]])
                for mm in ranked[:MAX_MUSCLES]]
    groups: dict[str, list] = {}
    for point, side in points[:MAX_POINTS]:
        groups.setdefault(engine.cat.points[point].muscle, []).append((point, side, None))
    return list(groups.items())


def build(engine, scene, painted=(), points: list[tuple[str, str]] | None = None,
          title: str = "Your pain map and possible trigger points", ranked=None) -> bytes:
    """The handout as PDF bytes, one section per muscle with its points underneath.  With a pain
    drawing the muscles come from the reverse lookup (or ``ranked``: muscle matches the caller
    already has); with ``points``, exactly those are explained."""
    painted = list(painted)
    groups = _groups(engine, painted, points, ranked)
    numbered = [(n, (point, side)) for n, (_, pts) in enumerate(groups, 1) for point, side, _ in pts]
    doc = _Pdf()
    pdf = doc.pdf
    pdf.add_page()
    doc.heading(title, 18)
    doc.para(f"Trigger Point Atlas \u2022 {dt.date.today():%d %B %Y}", 9)
    doc.para(DISCLAIMER, 9.5, bold=True)
    if painted:
        percent = 100 * scene.body.vertex_area[np.asarray(painted)].sum() / scene.body.vertex_area.sum()
        doc.para(f"Blue shows where you marked pain ({percent:.1f}% of the body surface). "
                 "Numbered dots are trigger points that can send pain to those places.", 10)
    else:
        doc.para("Numbered dots show the trigger points explained in this handout.", 10)
    front, back = _pain_views(scene, painted, numbered)
    y = pdf.get_y()
    pdf.image(_png(front), x=15, y=y, w=85)
    pdf.image(_png(back), x=108, y=y, w=85)
    pdf.set_y(y + 85 * 820 / 520 + 4)
    with charts.Renderer(scene.body) as renderer:  # one plotter for every chart
        for n, (muscle, pts) in enumerate(groups, 1):
            pdf.add_page()
            doc.heading(f"{n}. {engine.cat.muscles[muscle].name}", 15)
            for point, side, match in pts:
                _point_section(doc, engine, scene, renderer, point, side, match)
    pdf.add_page()
    doc.heading("General self-care notes", 15)
    doc.bullets(SELF_CARE)
    doc.para(DISCLAIMER, 10, bold=True)
    sources = sorted({s for _, pts in groups for p, _, _ in pts for s in engine.cat.points[p].sources})
    doc.para("Sources", 11, bold=True)
    doc.bullets([engine.cat.sources[s].citation if s in engine.cat.sources else s for s in sources], 8.5)
    return bytes(pdf.output())


def _point_section(doc, engine, scene, renderer, point, side, match) -> None:
    """One trigger point under its muscle: where it is, where it sends pain, what helps."""
    pdf = doc.pdf
    v = point_view(engine, point, side)
    if pdf.get_y() > pdf.h - 120:  # keep the point's heading, chart and text together
        pdf.add_page()
    doc.para(f"{v.name} ({v.side} side)", 11.5, bold=True)
    if match is not None:
        doc.para("Why it is listed: " + match.why(engine.region_names), 9.5)
    chart = charts.chart(engine, scene, point, side, "auto", (420, 540), renderer=renderer)
    top = pdf.get_y()
    pdf.image(_png(chart), x=pdf.w - 15 - 62, y=top, w=62)
    pdf.set_right_margin(pdf.w - (pdf.w - 15 - 66))
    doc.para("Where it is", 11, bold=True)
    doc.para(v.location)
    doc.para("Where the pain can be felt", 11, bold=True)
    doc.para(v.referral)
    doc.para(f"Nearly always: {', '.join(v.essential)}. "
             f"Sometimes: {', '.join(v.spillover) or 'none'}.", 10)
    pdf.set_right_margin(15)
    pdf.set_y(max(pdf.get_y(), top + 62 * 540 / 420 + 2))
    doc.para("What you might notice", 11, bold=True)
    doc.bullets(v.symptoms)
    doc.para("What can keep it going", 11, bold=True)
    doc.bullets(v.perpetuating_factors)
    if v.pressure_notes:
        doc.para("Pressing it", 11, bold=True)
        doc.para(v.pressure_notes)
    if v.cautions:
        doc.para("Take care", 11, bold=True)
        doc.bullets(v.cautions)


def _png(rgb: np.ndarray) -> io.BytesIO:
    from PIL import Image

    buf = io.BytesIO()
    Image.fromarray(rgb).save(buf, format="PNG")
    buf.seek(0)
    return buf
