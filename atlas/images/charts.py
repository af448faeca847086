"""Trigger point charts as PNG images, rendered off-screen with PyVista in the style of a
classic chart: the point marked with an X, essential and spillover zones in two intensities,
a legend, a title with the muscle name and a caption with the source."""

from __future__ import annotations

import numpy as np

from atlas.images import offscreen
from atlas.views import palette

SKIN = palette.rgb("skin")
ESSENTIAL = palette.rgb("essential")
SPILLOVER = palette.rgb("spillover")
PAIN = palette.rgb("pain")
VIEW_NAMES = ("auto", "front", "back", "left", "right")
MIN_SIZE = (200, 260)


def _blend(a, b, t: np.ndarray) -> np.ndarray:
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return a + (b - a) * t[:, None]


def zone_colours(body, fields=None, painted=()) -> np.ndarray:
    """Per-vertex RGB: skin blended toward spillover, then essential, by field value (the
    renderer interpolates between vertices, so zone edges come out soft).  ``fields`` is an
    (essential, spillover) pair of per-vertex arrays in [0, 1], or None for bare skin."""
    n = len(body.vertices)
    ess, spill = fields if fields is not None else (np.zeros(n), np.zeros(n))
    ess, spill = np.asarray(ess, dtype=np.float64), np.asarray(spill, dtype=np.float64)
    colours = _blend(_blend(SKIN, SPILLOVER, spill), ESSENTIAL, ess)
    if len(painted):
        p = np.asarray(painted, dtype=np.int64)
        on = _blend(_blend(PAIN, palette.rgb("pain_on_spillover"), spill[p]),
                    palette.rgb("pain_on_essential"), ess[p])
        colours[p] = on
    return np.round(colours).astype(np.uint8)


def _camera(scene, point, side, view):
    if view == "auto":
        return scene.camera_for(point, side)
    return scene.presets[view]


def plot(body, colours, cam, size, outline=None):
    """Render with a given camera; returns (image, world->pixel function)."""
    pv = offscreen._pyvista()
    pl = pv.Plotter(off_screen=True, window_size=list(size))
    pl.set_background("white")
    mesh = offscreen.polydata(body)
    mesh.point_data["rgb"] = colours
    pl.add_mesh(mesh, scalars="rgb", rgb=True, smooth_shading=True, ambient=0.3, diffuse=0.75,
                specular=0.05)
    if outline:
        e = np.asarray(outline).reshape(-1, 2)
        pts = (body.vertices + body.normals * 0.2).astype(np.float32)
        lines = np.hstack([np.full((len(e), 1), 2), e]).ravel()
        pl.add_mesh(pv.PolyData(pts, lines=lines), color=palette.ZONES["outline"], line_width=3)
    pl.camera.position = cam["position"]
    pl.camera.focal_point = cam["focal"]
    pl.camera.up = cam["up"]
    pl.camera.view_angle = cam.get("angle", 30.0)
    pl.renderer.ResetCameraClippingRange()
    img = pl.screenshot(return_img=True)
    ren = pl.renderer
    h = size[1]

    def to_pixel(p):
        ren.SetWorldPoint(float(p[0]), float(p[1]), float(p[2]), 1.0)
        ren.WorldToDisplay()
        x, y, _ = ren.GetDisplayPoint()
        return x, h - y

    # the caller projects its points with to_pixel, then closes the plotter
    return img, to_pixel, pl


def font(size):
    from PIL import ImageFont

    for name in ("DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"):
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


def _wrap(draw, text, font, width):
    words, lines, line = text.split(), [], ""
    for w in words:
        trial = (line + " " + w).strip()
        if draw.textlength(trial, font=font) <= width:
            line = trial
        else:
            lines.append(line)
            line = w
    if line:
        lines.append(line)
    return lines


def chart(engine, scene, point: str, side: str | None = None, view: str = "auto",
          size=(900, 1200)) -> np.ndarray:
    """One trigger point chart as an RGB image of exactly ``size`` (width, height)."""
    from PIL import Image, ImageDraw

    tp = engine.cat.points[point]
    side = side if side in tp.sides else tp.sides[0]
    muscle = engine.cat.muscles[tp.muscle]
    w, h = size
    if w < MIN_SIZE[0] or h < MIN_SIZE[1]:
        raise ValueError(f"a chart must be at least {MIN_SIZE[0]}x{MIN_SIZE[1]} pixels, not {w}x{h}")
    head, foot = max(60, h // 12), max(70, h // 9)
    body_h = h - head - foot
    colours = zone_colours(scene.body, scene.zone_fields(point, side))
    outline = scene.outline(muscle.footprint[side])
    img, to_pixel, pl = plot(scene.body, colours, _camera(scene, point, side, view), (w, body_h), outline)
    x, y = to_pixel(scene.body.vertices[tp.vertex[side]] + scene.body.normals[tp.vertex[side]] * 0.3)
    pl.close()
    canvas = Image.new("RGB", (w, h), "white")
    canvas.paste(Image.fromarray(img), (0, head))
    d = ImageDraw.Draw(canvas)
    r = max(8, w // 70)
    cx, cy = x, y + head
    for width, colour in ((max(5, w // 150), "white"), (max(3, w // 300), "black")):
        d.line([(cx - r, cy - r), (cx + r, cy + r)], fill=colour, width=width)
        d.line([(cx - r, cy + r), (cx + r, cy - r)], fill=colour, width=width)
    title_font, small = font(max(14, w // 30)), font(max(10, w // 70))
    d.text((w // 40, head // 5), f"{muscle.name}", fill=(20, 30, 50), font=title_font)
    d.text((w // 40, head // 5 + title_font.size + 4), f"{tp.name} \u2013 {side} side",
           fill=(70, 80, 100), font=small)
    # legend
    lx, ly = w // 40, head + body_h - 4 * (small.size + 8)
    for colour, label in ((ESSENTIAL, "Essential zone"), (SPILLOVER, "Spillover zone")):
        d.rectangle([lx, ly, lx + small.size, ly + small.size], fill=colour, outline=(80, 80, 80))
        d.text((lx + small.size + 8, ly - 2), label, fill=(30, 30, 30), font=small)
        ly += small.size + 8
    d.text((lx, ly - 2), "X  Trigger point", fill=(30, 30, 30), font=small)
    ly += small.size + 8
    d.line([(lx, ly + small.size // 2), (lx + small.size, ly + small.size // 2)], fill=palette.rgb("outline"), width=3)
    d.text((lx + small.size + 8, ly - 2), "Muscle outline", fill=(30, 30, 30), font=small)
    # caption
    src = engine.cat.sources.get(tp.sources[0])
    cite = src.citation if src else tp.sources[0]
    caption = f"Source: {cite}  \u2022  Trigger Point Atlas \u2022 for education only, not diagnosis or treatment advice."
    cy0 = head + body_h + 6
    for line in _wrap(d, caption, small, w - w // 20)[:4]:
        d.text((w // 40, cy0), line, fill=(60, 60, 60), font=small)
        cy0 += small.size + 4
    return np.asarray(canvas)
