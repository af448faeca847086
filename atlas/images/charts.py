"""Trigger point charts as PNG images, rendered off-screen with PyVista in the style of a
classic chart: the point marked with an X, essential and spillover zones in two intensities,
a legend, a title with the muscle name and a caption with the source."""

from __future__ import annotations

import numpy as np

from atlas.body.zones import iso_line
from atlas.images import offscreen
from atlas.views import palette
from atlas.views.scene import outline_points

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


def zone_lookup(scheme: str = "standard", n: int = 64) -> np.ndarray:
    """The colour of skin at (essential, spillover) field values, as an (n, n, 3) uint8 image:
    row = spillover, column = essential, both 0..1.  Used as a texture with the two fields as
    texture coordinates, so each pixel picks its colour from the interpolated fields and a
    zone's edge is the smooth iso-line of its field (see palette.EDGE_RAMP)."""
    z = {k: np.asarray(palette.rgb(c), dtype=np.float64) for k, c in palette.zones(scheme).items()}
    w = np.array([palette.edge_weight(x) for x in np.linspace(0.0, 1.0, n)])
    spill = z["skin"] + (z["spillover"] - z["skin"]) * w[:, None]  # (n, 3), by spillover
    img = spill[:, None, :] + (z["essential"] - spill[:, None, :]) * w[None, :, None]
    return np.round(img).astype(np.uint8)


class Shot:
    """One rendered picture and what is needed to place marks on it."""

    def __init__(self, image: np.ndarray, world_to_pixel: np.ndarray, view: np.ndarray,
                 depth: np.ndarray, size):
        self.image = image
        self._proj, self._view, self._depth, self.size = world_to_pixel, view, depth, size

    def project(self, points) -> tuple[np.ndarray, np.ndarray]:
        """World points -> (pixel x/y array (n, 2), visible flags (n,)).  A point is visible
        when no skin lies in front of it at its pixel (the depth buffer, 1 cm of slack)."""
        pts = np.atleast_2d(np.asarray(points, dtype=np.float64))
        h4 = np.hstack([pts, np.ones((len(pts), 1))])
        ndc = h4 @ self._proj.T
        ndc = ndc[:, :3] / ndc[:, 3:4]
        w, h = self.size
        xy = np.stack([(ndc[:, 0] + 1) / 2 * w, (1 - (ndc[:, 1] + 1) / 2) * h], axis=1)
        dist = -(h4 @ self._view.T)[:, 2]  # distance in front of the camera, along its axis
        px = np.clip(np.round(xy[:, 0]).astype(int), 0, w - 1)
        py = np.clip(np.round(xy[:, 1]).astype(int), 0, h - 1)
        inside = (xy[:, 0] >= 0) & (xy[:, 0] < w) & (xy[:, 1] >= 0) & (xy[:, 1] < h)
        far = np.full(len(pts), -np.inf)
        for dy in (-1, 0, 1):  # the farthest skin in a 3x3 neighbourhood: lenient at edges
            for dx in (-1, 0, 1):
                d = self._depth[np.clip(py + dy, 0, h - 1), np.clip(px + dx, 0, w - 1)]
                far = np.maximum(far, np.where(np.isnan(d), np.inf, d))
        visible = inside & (dist <= far + 1.0 + 0.005 * dist)
        return xy, visible


def pyvista_lines(points, lines):
    """Line segments only (``pv.PolyData(points)`` alone would also draw every point)."""
    return offscreen._pyvista().PolyData(np.asarray(points, dtype=np.float32), lines=np.asarray(lines))


class Renderer:
    """One off-screen PyVista plotter, reused for many pictures of the same body (creating a
    plotter costs far more than rendering with it).  Use as a context manager or call close()."""

    def __init__(self, body):
        pv = offscreen._pyvista()
        self.pv, self.body = pv, body
        self.pl = pv.Plotter(off_screen=True, window_size=[400, 400])
        self.pl.set_background("white")
        mesh = offscreen.polydata(body)
        mesh.point_data["rgb"] = np.zeros((len(body.vertices), 3), dtype=np.uint8)
        mesh.point_data["Normals"] = body.normals.astype(np.float32)
        mesh.point_data.active_normals_name = "Normals"
        # the body's own normals, so nothing is recomputed when the colours change
        actor = self.pl.add_mesh(mesh, scalars="rgb", rgb=True, smooth_shading=False, ambient=0.3,
                                 diffuse=0.75, specular=0.05, render=False)
        actor.prop.interpolation = "gouraud"
        self._surface = actor.mapper.dataset
        self._surface.active_texture_coordinates = np.zeros((len(body.vertices), 2), np.float32)
        self._skin, self._textures = actor, {}
        self._lifted = (body.vertices + body.normals * 0.25).astype(np.float32)
        self._outline = pyvista_lines(self._lifted[:2], [2, 0, 1])
        self._dashes = pyvista_lines(self._lifted, [2, 0, 1])
        self._outline_actor = self.pl.add_mesh(self._outline, color=palette.ZONES["outline"],
                                               line_width=3, render=False)
        self._dashes_actor = self.pl.add_mesh(self._dashes, color=palette.ZONES["spillover_edge"],
                                              line_width=2, render=False)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self) -> None:
        if self.pl is not None:
            self.pl.close()
            self.pl = None

    @staticmethod
    def _set_lines(poly, actor, points, pairs) -> None:
        e = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
        actor.SetVisibility(bool(len(e)))
        if not len(e):
            return
        lines = np.hstack([np.full((len(e), 1), 2), e]).ravel()
        poly.shallow_copy(pyvista_lines(points, lines))

    def dashed_edges(self, field: np.ndarray, level: float = 0.5, dash_cm: float = 1.6) -> np.ndarray:
        """Segments (n, 2, 3) of the iso-line ``field == level`` on the skin, every other dash
        kept (dashes follow a 3D checker of ``dash_cm``), lifted a little off the skin."""
        a, b, t = iso_line(self.body.faces, field, level)
        v = self._lifted.astype(np.float64)
        segs = v[a] + (v[b] - v[a]) * t[..., None]
        mid = segs.mean(axis=1)
        keep = np.floor(mid / dash_cm).astype(int).sum(axis=1) % 2 == 0
        return segs[keep]

    def _texture(self, scheme: str):
        if scheme not in self._textures:
            tex = self.pv.Texture(zone_lookup(scheme)[::-1])  # VTK images start at the bottom row
            tex.interpolate = True
            tex.repeat = False
            tex.SetEdgeClamp(True)
            self._textures[scheme] = tex
        return self._textures[scheme]

    def _colour_skin(self, colours, fields, scheme) -> None:
        """Per-vertex colours, or (with ``fields``) the zone lookup picked per pixel."""
        mapper, surface = self._skin.mapper, self._surface
        if fields is None:
            rgb = surface.point_data["rgb"]
            rgb[:] = np.asarray(colours, dtype=np.uint8)
            rgb.VTKObject.Modified()
            mapper.ScalarVisibilityOn()
            self._skin.texture = None
            return
        tc = surface.active_texture_coordinates
        tc[:, 0], tc[:, 1] = fields
        surface.GetPointData().GetTCoords().Modified()
        mapper.ScalarVisibilityOff()
        self._skin.prop.color = "white"
        self._skin.texture = self._texture(scheme)

    def shot(self, colours, cam, size, outline=None, dashed=None, fields=None,
             scheme: str = "standard") -> Shot:
        """Render the skin with ``cam``: per-vertex uint8 RGB ``colours``, or ``fields`` (an
        (essential, spillover) pair of per-vertex arrays in [0, 1]) looked up per pixel.
        ``outline`` (the muscle) and ``dashed`` (the spillover edge) are (n, 2, 3) arrays of
        segments.  One render per picture: colour and depth are read from it."""
        from vtkmodules.util.numpy_support import vtk_to_numpy
        from vtkmodules.vtkRenderingCore import vtkWindowToImageFilter

        pl = self.pl
        self._colour_skin(colours, fields, scheme)
        for poly, actor, segs in ((self._outline, self._outline_actor, outline),
                                  (self._dashes, self._dashes_actor, dashed)):
            segs = np.zeros((0, 2, 3)) if segs is None else np.asarray(segs)
            self._set_lines(poly, actor, segs.reshape(-1, 3).astype(np.float32),
                            np.arange(2 * len(segs)).reshape(-1, 2))
        w, h = int(size[0]), int(size[1])
        win = pl.render_window
        win.SetSize(w, h)
        c = pl.camera
        c.position, c.focal_point, c.up = cam["position"], cam["focal"], cam["up"]
        c.view_angle = cam.get("angle", 30.0)
        pl.renderer.ResetCameraClippingRange()
        if "clip" in cam:  # a close view: skin nearer the camera than this (the thigh) is cut away
            c.clipping_range = cam["clip"]
        win.Render()

        def grab(zbuffer: bool) -> np.ndarray:
            f = vtkWindowToImageFilter()
            f.SetInput(win)
            f.ReadFrontBufferOff()
            f.ShouldRerenderOff()  # read the frame just rendered
            if zbuffer:
                f.SetInputBufferTypeToZBuffer()
            else:
                f.SetInputBufferTypeToRGB()
            f.Update()
            out = f.GetOutput()
            arr = vtk_to_numpy(out.GetPointData().GetScalars())
            return arr.reshape(h, w, -1)[::-1]

        img = grab(False)[:, :, :3].copy()
        z = grab(True)[:, :, 0].astype(np.float64)
        near, far = c.clipping_range
        with np.errstate(divide="ignore", invalid="ignore"):
            dist = 2 * near * far / (far + near - (2 * z - 1) * (far - near))
        dist[z >= 1.0] = np.nan  # background
        proj = c.GetCompositeProjectionTransformMatrix(w / h, -1, 1)
        view = c.GetViewTransformMatrix()
        m = lambda t: np.array([[t.GetElement(i, j) for j in range(4)] for i in range(4)])
        return Shot(img, m(proj), m(view), dist, (w, h))

def plot(body, colours, cam, size, outline=None):
    """Render with a given camera; returns (image, world->pixel function, closer).  Kept for
    one-off pictures (the handout's pain map); charts reuse a :class:`Renderer`."""
    r = Renderer(body)
    shot = r.shot(colours, cam, size, outline)

    def to_pixel(p):
        xy, _ = shot.project([p])
        return float(xy[0, 0]), float(xy[0, 1])

    return shot.image, to_pixel, r


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


def far_side_label(normal, side: str = "left") -> str:
    """Where a point hidden from the camera is: 'on the back', 'on the front', or, for skin
    facing sideways, 'on the left side' (its own side, facing out) or 'on the inner side'
    (facing the midline, e.g. the thumb web); the body's left is +x."""
    n = np.asarray(normal, dtype=np.float64)
    if abs(n[0]) > 1.5 * abs(n[2]):
        outward = n[0] > 0 if side == "left" else n[0] < 0
        return f"on the {side} side" if outward else "on the inner side"
    return "on the front" if n[2] > 0 else "on the back"


def _other_dots(scene, point: str, side: str) -> np.ndarray:
    """Where the other trigger points sit (world positions, just off the skin): the chart's
    context, as the app's grey dots; ``--hide-others`` leaves them out."""
    body = scene.body
    verts = [m.vertex for m in scene.markers if (m.point, m.side) != (point, side)]
    return body.vertices[verts] + body.normals[verts] * 0.3


def _draw_dots(canvas, shot, points, r: int) -> None:
    """Small grey dots for the other trigger points the camera sees; a dot the body hides is
    not drawn at all (never through the body)."""
    from PIL import ImageDraw

    if not len(points):
        return
    xy, seen = shot.project(points)
    d = ImageDraw.Draw(canvas)
    fill, edge = palette.rgb("dimmed"), (90, 90, 90)
    for (x, y), ok in zip(xy, seen):
        if ok:
            d.ellipse([x - r, y - r, x + r, y + r], fill=fill, outline=edge)


def _draw_x(canvas, x, y, r, visible, label, small):
    """The trigger point's X: bold with a white halo when visible; faint grey with a label
    ('on the back') when skin lies between it and the camera, so it never shows through."""
    from PIL import Image, ImageDraw

    if visible:
        d = ImageDraw.Draw(canvas)
        for width, colour in ((max(5, r // 2), "white"), (max(3, r // 4), "black")):
            d.line([(x - r, y - r), (x + r, y + r)], fill=colour, width=width)
            d.line([(x - r, y + r), (x + r, y - r)], fill=colour, width=width)
        return
    layer = Image.new("RGBA", canvas.size, (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    faint = (*palette.rgb("far_side"), 115)
    width = max(2, r // 5)
    d.line([(x - r, y - r), (x + r, y + r)], fill=faint, width=width)
    d.line([(x - r, y + r), (x + r, y - r)], fill=faint, width=width)
    tw = d.textlength(label, font=small)
    tx = min(max(2, x - tw / 2), canvas.size[0] - tw - 2)
    ty = y + r + 3 if y + r + 3 + small.size < canvas.size[1] else y - r - 3 - small.size
    d.rectangle([tx - 2, ty - 1, tx + tw + 2, ty + small.size + 3], fill=(255, 255, 255, 170))
    d.text((tx, ty), label, fill=(60, 60, 60, 255), font=small)
    canvas.paste(Image.alpha_composite(canvas.convert("RGBA"), layer).convert(canvas.mode))


class _Subject:
    """One trigger point side, with everything its pictures need (computed once)."""

    def __init__(self, renderer, engine, scene, point, side, others: bool = False):
        self.tp = tp = engine.cat.points[point]
        self.side = side if side in tp.sides else tp.sides[0]
        self.others = _other_dots(scene, point, self.side) if others else np.zeros((0, 3))
        self.muscle = engine.cat.muscles[tp.muscle]
        self.scene = scene
        body = scene.body
        ess, spill = scene.zone_fields(point, self.side)
        self.fields = (ess, spill)
        self.outline = outline_points(body, scene.outline(self.muscle.footprint[self.side]), 0.25)
        self.dashed = renderer.dashed_edges(spill)
        v = tp.vertex[self.side]
        self.here = body.vertices[v] + body.normals[v] * 0.3
        self.normal = body.normals[v]
        field = tp.essential_field[self.side]
        self.ess_index, self.ess_weight = field.index, field.value.astype(np.float64)

    def panel(self, renderer, cam, size, small, heading=None):
        """(PIL image of one view with the X, share of the essential zone it shows, point shown)."""
        from PIL import Image, ImageDraw

        shot = renderer.shot(None, cam, size, self.outline, self.dashed, fields=self.fields)
        share = 1.0
        if len(self.ess_index):
            body = self.scene.body
            pts = body.vertices[self.ess_index] + body.normals[self.ess_index] * 0.1
            _, vis = shot.project(pts)
            share = float((self.ess_weight * vis).sum() / max(self.ess_weight.sum(), 1e-9))
        (xy,), (seen,) = shot.project([self.here])
        im = Image.fromarray(shot.image)
        r = max(6, min(size) // 40)
        _draw_dots(im, shot, self.others, max(2, r // 3))
        _draw_x(im, float(xy[0]), float(xy[1]), r, bool(seen), far_side_label(self.normal, self.side), small)
        if heading:
            ImageDraw.Draw(im).text((6, 4), heading, fill=(70, 80, 100), font=small)
        return im, share, bool(seen), shot


def _views(renderer, subject, view, size, small):
    """The panels of a chart: one named view, or for 'auto' the view(s) the scene's plan picks
    (:meth:`atlas.views.scene.Scene.view_plan`): one when it frames the point and its whole
    essential zone, else two side by side, each headed with its name ("Back", "Front")."""
    scene, tp, side = subject.scene, subject.tp, subject.side
    if view != "auto":
        return [subject.panel(renderer, scene.presets[view], size, small)[0]]
    plan = scene.view_plan(tp.id, side)
    if not plan.two:
        cam = scene.camera_along(tp.id, side, plan.directions[0], aspect=size[0] / size[1])
        return [subject.panel(renderer, cam, size, small)[0]]
    half = (max(1, size[0] // 2), size[1])
    cams = scene.plan_cameras(plan, tp.id, side, aspect=half[0] / half[1])
    return [subject.panel(renderer, c, half, small, name.title())[0] for c, name in zip(cams, plan.views)]


def chart_panels(engine, scene, point: str, side: str | None = None, view: str = "auto",
                 size=(600, 800), renderer=None) -> int:
    """How many views the chart of a point shows (1, or 2 for 'auto' when one cannot do)."""
    with _maybe_renderer(renderer, scene.body) as r:
        subject = _Subject(r, engine, scene, point, side)
        return len(_views(r, subject, view, size, font(10)))


class _maybe_renderer:
    def __init__(self, renderer, body):
        self.given, self.body, self.own = renderer, body, None

    def __enter__(self):
        if self.given is not None:
            return self.given
        self.own = Renderer(self.body)
        return self.own

    def __exit__(self, *exc):
        if self.own is not None:
            self.own.close()


def _fit_labels(d, small, width):
    """Labels for a one-line legend: shorter ones when the long ones do not fit ``width``."""
    for labels in (("Essential", "Spillover (dashed edge)", "Trigger point", "On the far side", "Muscle outline"),
                   ("Essential", "Spillover (dashed)", "Point", "Far side", "Outline")):
        total = sum(small.size + 20 + d.textlength(t, font=small) for t in labels)
        if total <= width - 10:
            break
    return labels


def _legend(canvas, d, x, y, small, step, horizontal=False, width=None):
    """Essential and spillover swatches (spillover with its dashed edge), X, muscle outline."""
    from PIL import Image

    s = small.size
    items = []

    def swatch(colour, dashed=False):
        def draw(px, py):
            d.rectangle([px, py, px + s, py + s], fill=colour, outline=(80, 80, 80))
            if dashed:
                for k in range(0, s, 4):
                    d.line([(px + k, py + s // 2), (px + min(k + 2, s), py + s // 2)],
                           fill=palette.rgb("spillover_edge"), width=2)
        return draw

    def cross(px, py):
        d.line([(px + 2, py + 2), (px + s - 2, py + s - 2)], fill="black", width=2)
        d.line([(px + 2, py + s - 2), (px + s - 2, py + 2)], fill="black", width=2)

    def faint(px, py):
        grey = tuple(int(c + (255 - c) * 0.55) for c in palette.rgb("far_side"))
        d.line([(px + 2, py + 2), (px + s - 2, py + s - 2)], fill=grey, width=1)
        d.line([(px + 2, py + s - 2), (px + s - 2, py + 2)], fill=grey, width=1)

    def line(px, py):
        d.line([(px, py + s // 2), (px + s, py + s // 2)], fill=palette.rgb("outline"), width=3)

    if not horizontal:  # a light veil behind the legend, which sits over the picture
        widest = max(int(d.textlength(t, font=small)) for t in ("Trigger point on the far side",
                                                                 "Spillover zone (dashed edge)"))
        box = (max(0, x - 4), max(0, y - 4), x + s + 10 + widest, y + 5 * step - 2)
        region = canvas.crop(box)
        canvas.paste(Image.blend(region, Image.new("RGB", region.size, "white"), 0.72), box[:2])
    labels = (_fit_labels(d, small, width or 10**6) if horizontal else ("Essential zone", "Spillover zone (dashed edge)", "Trigger point",
                                  "Trigger point on the far side", "Muscle outline"))
    items = list(zip((swatch(ESSENTIAL), swatch(SPILLOVER, True), cross, faint, line), labels))
    for draw, label in items:
        draw(x, y)
        d.text((x + s + 6, y - 2), label, fill=(30, 30, 30), font=small)
        if horizontal:
            x += s + 6 + int(d.textlength(label, font=small)) + 14
        else:
            y += step


def chart(engine, scene, point: str, side: str | None = None, view: str = "auto",
          size=(900, 1200), renderer: Renderer | None = None, caption: str = "",
          others: bool = False) -> np.ndarray:
    """One trigger point chart as an RGB image of exactly ``size`` (width, height).  Pass a
    :class:`Renderer` to reuse its plotter across charts (much faster for many).  ``caption`` is
    the educator's own words for a slide (up to 3 lines), printed above the source; ``others``
    also marks the other trigger points the view shows, as small grey dots."""
    from PIL import Image, ImageDraw

    w, h = size
    if w < MIN_SIZE[0] or h < MIN_SIZE[1]:
        raise ValueError(f"a chart must be at least {MIN_SIZE[0]}x{MIN_SIZE[1]} pixels, not {w}x{h}")
    head, foot = max(60, h // 12), max(70, h // 9)
    body_h = h - head - foot
    title_font, small = font(max(14, w // 30)), font(max(10, w // 70))
    with _maybe_renderer(renderer, scene.body) as r:
        subject = _Subject(r, engine, scene, point, side, others)
        panels = _views(r, subject, view, (w, body_h), small)
    tp, muscle, side = subject.tp, subject.muscle, subject.side
    canvas = Image.new("RGB", (w, h), "white")
    x0 = 0
    for im in panels:
        canvas.paste(im, (x0, head))
        x0 += im.size[0]
    d = ImageDraw.Draw(canvas)
    if len(panels) > 1:
        d.line([(panels[0].size[0], head + 4), (panels[0].size[0], head + body_h - 4)],
               fill=palette.rgb("rule"), width=1)
    d.text((w // 40, head // 5), f"{muscle.name}", fill=(20, 30, 50), font=title_font)
    d.text((w // 40, head // 5 + title_font.size + 4), f"{tp.name} \u2013 {side} side",
           fill=(70, 80, 100), font=small)
    step = small.size + 8
    _legend(canvas, d, w // 40, head + body_h - 5 * step, small, step)
    # caption
    src = engine.cat.sources.get(tp.sources[0])
    cite = src.citation if src else tp.sources[0]
    source = f"Source: {cite}  \u2022  Trigger Point Atlas \u2022 for education only, not diagnosis or treatment advice."
    cy0 = head + body_h + 6
    lines = [(t, (20, 30, 50)) for t in _caption_lines(d, caption, small, w - w // 20)]
    lines += [(t, (60, 60, 60)) for t in _wrap(d, source, small, w - w // 20)]
    room = max(1, (foot - 6) // (small.size + 4))
    for line, colour in lines[:room]:
        d.text((w // 40, cy0), line, fill=colour, font=small)
        cy0 += small.size + 4
    return np.asarray(canvas)


CAPTION_LINES = 3


def _caption_lines(d, caption: str, small, width) -> list[str]:
    """A slide's caption wrapped to at most CAPTION_LINES lines; cut text ends with an ellipsis."""
    lines = _wrap(d, caption.strip(), small, width) if caption.strip() else []
    if len(lines) <= CAPTION_LINES:
        return lines
    last = lines[CAPTION_LINES - 1]
    while last and d.textlength(last + " …", font=small) > width:
        last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
    return lines[:CAPTION_LINES - 1] + [last + " …"]


SHEET_SIZE = (1200, 620)
SHEET_MIN = (360, 200)


# Close views for the sheets: the palm of the hand and the sole of the foot, which the front,
# back and side views show edge-on.  Direction (body toward camera) for the left side; the body's
# left is +x, so the right side mirrors x.  The palm of the hanging left hand faces about
# [-0.81, -0.57, -0.1] (see the hand landmarks); the sole faces down.
CLOSE_VIEWS = {
    "palm": ((-0.81, -0.57, -0.1), ("hand", "hand-2", "hand-3", "finger-")),
    "sole": ((0.0, -1.0, 0.0), ()),
}


_PARTS: dict[int, tuple[object, dict]] = {}  # id(body) -> (weak ref to it, {(part, side): vertices})


def part_vertices(body, part: str, side: str) -> np.ndarray:
    """The skin vertices of the hand ('palm') or foot ('sole') of one side: for the hand those
    whose nearest joint is a hand or finger joint, for the foot those below the ankle joint.
    Remembered per body (every sheet asks)."""
    import weakref

    held = _PARTS.get(id(body))
    if held is None or held[0]() is not body:
        for k in [k for k, (ref, _) in _PARTS.items() if ref() is None]:
            del _PARTS[k]  # bodies gone since
        held = _PARTS[id(body)] = (weakref.ref(body), {})
    key = (part, side)
    if key not in held[1]:
        held[1][key] = _part_vertices(body, part, side)
    return held[1][key]


def _part_vertices(body, part: str, side: str) -> np.ndarray:
    prefix = {"left": "l-", "right": "r-"}[side]
    v = body.vertices.astype(np.float64)
    if part == "sole":
        ankle = body.joints[prefix + "ankle"]
        own = v[:, 0] * ankle[0] > 0
        return np.flatnonzero(own & (v[:, 1] <= ankle[1]))
    names = sorted(body.joints)
    pos = np.array([body.joints[n] for n in names], dtype=np.float64)
    mine = np.array([any(n == prefix + k or (k.endswith("-") and n.startswith(prefix + k))
                         for k in CLOSE_VIEWS[part][1]) for n in names])
    nearest = np.empty(len(v), dtype=np.int64)
    for lo in range(0, len(v), 4096):  # in blocks: vertices x joints distances stay small
        chunk = v[lo:lo + 4096]
        nearest[lo:lo + 4096] = ((chunk[:, None, :] - pos[None]) ** 2).sum(axis=2).argmin(axis=1)
    return np.flatnonzero(mine[nearest])


def close_camera(body, part: str, side: str, aspect: float = 1.0) -> dict:
    """A close camera on one hand from the palm side, or one foot from below, framing the whole
    hand or foot; skin between it and the camera (the thigh beside the palm) is clipped away."""
    from atlas.views.scene import VIEW_ANGLE, camera

    pts = body.vertices[part_vertices(body, part, side)].astype(np.float64)
    focal = (pts.min(axis=0) + pts.max(axis=0)) / 2
    direction = np.array(CLOSE_VIEWS[part][0], dtype=np.float64)
    if side == "right":
        direction[0] = -direction[0]
    radius = float(np.linalg.norm(pts - focal, axis=1).max())
    distance = radius * 0.95 / min(1.0, aspect) / np.tan(np.radians(VIEW_ANGLE / 2))
    cam = camera(focal, direction, distance)
    cam["clip"] = (max(0.5, distance - 1.5 * radius), distance + 1.5 * radius)
    return cam


def close_views(body, fields, footprint, side: str) -> list[tuple[str, str]]:
    """The close views a sheet adds, as (part, side) pairs: the palm when the point's zones
    (either field >= 0.5) or its muscle's footprint reach a hand, the sole when they reach a
    foot; the point's own side first, the other side's only when its own is not reached."""
    n = len(body.vertices)
    reach = np.zeros(n, dtype=bool)
    for f in (*fields, footprint):
        reach |= np.asarray(f, dtype=np.float64)[:n] >= 0.5
    out = []
    for part in CLOSE_VIEWS:
        for s in (side, "right" if side == "left" else "left"):
            if s in ("left", "right") and reach[part_vertices(body, part, s)].any():
                out.append((part, s))
                break
    return out


def sheet_views(engine, scene, point: str, side: str | None = None) -> list[str]:
    """The panel names of a point's contact sheet: front, back, its side, then 'palm' and/or
    'sole' (with 'left palm' style names when the other side's hand or foot is shown)."""
    tp = engine.cat.points[point]
    side = side if side in tp.sides else tp.sides[0]
    muscle = engine.cat.muscles[tp.muscle]
    body = scene.body
    extra = close_views(body, scene.zone_fields(point, side),
                        muscle.footprint[side].dense(len(body.vertices)), side)
    return ["front", "back", side] + [p if s == side else f"{s} {p}" for p, s in extra]


def contact_sheet(engine, scene, point: str, side: str | None = None, size=SHEET_SIZE,
                  renderer: Renderer | None = None) -> np.ndarray:
    """A review sheet for one trigger point side: front, back and the point's side view tiled
    in one image, each framing the point and both zones, with the X (faint with 'on the back'
    where the body hides it), the zones, the dashed spillover edge and the muscle outline.
    When the zones or the muscle's footprint reach a hand or a foot, a close view of the palm
    or the sole is added beside them (:func:`sheet_views`)."""
    from PIL import Image, ImageDraw

    w, h = size
    if w < SHEET_MIN[0] or h < SHEET_MIN[1]:
        raise ValueError(f"a sheet must be at least {SHEET_MIN[0]}x{SHEET_MIN[1]} pixels, not {w}x{h}")
    title_font, small = font(max(13, min(w // 55, h // 28))), font(max(10, min(w // 95, h // 45)))
    head = title_font.size + small.size + 14
    foot = small.size + 12
    names = sheet_views(engine, scene, point, side)
    pw, ph = w // len(names), h - head - foot
    with _maybe_renderer(renderer, scene.body) as r:
        subject = _Subject(r, engine, scene, point, side)
        panels = []
        for view in names:
            if view.split()[-1] in CLOSE_VIEWS:
                part, s = view.split()[-1], (view.split()[0] if " " in view else subject.side)
                cam = close_camera(scene.body, part, s, aspect=pw / ph)
            else:
                cam = scene.camera_along(subject.tp.id, subject.side, offscreen.VIEWS[view][0],
                                         min_radius=12.0, aspect=pw / ph)
            panels.append(subject.panel(r, cam, (pw, ph), small, view.title())[0])
    canvas = Image.new("RGB", (w, h), "white")
    d = ImageDraw.Draw(canvas)
    for i, im in enumerate(panels):
        canvas.paste(im, (i * pw, head))
        if i:
            d.line([(i * pw, head + 4), (i * pw, head + ph - 4)], fill=palette.rgb("rule"), width=1)
    d.text((8, 4), subject.muscle.name, fill=(20, 30, 50), font=title_font)
    d.text((8, 8 + title_font.size), f"{subject.tp.name} \u2013 {subject.side} side  ({subject.tp.id})",
           fill=(70, 80, 100), font=small)
    _legend(canvas, d, 8, head + ph + 6, small, 0, horizontal=True, width=w)
    return np.asarray(canvas)
