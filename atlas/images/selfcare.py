"""The self-care picture of one trigger point for the client handout, rendered from the body:
the muscle's outline, an arrow with a ring showing where to press (or a "therapist only" mark
for a point a client should leave alone), and a double arrow along the muscle showing which way
the stretch lengthens it.  The stretch direction is the muscle's fibre direction: the line
between the end landmarks of the first band of its footprint recipe (authored origin to
insertion, e.g. C7 to the root of the shoulder blade's ridge for the rhomboids), as seen in the
picture.  A footprint without a band, or whose band is seen end-on, falls back to the long axis
of the footprint (principal axis of its projected skin).  Either way it comes from the body, not
from a drawing made by hand."""

from __future__ import annotations

import numpy as np

from atlas.images import charts
from atlas.views import palette
from atlas.views.scene import VIEW_ANGLE, camera, outline_points

CARE_SIZE = (440, 330)  # pixels, 4:3; the handout prints it 44 mm wide
PRESS_WORDS, NO_PRESS_WORDS = "Press here", "Therapist only"
STRETCH_WORDS = "Stretch lengthens it this way"


def _unit(v) -> np.ndarray:
    v = np.asarray(v, dtype=np.float64)
    return v / (np.linalg.norm(v) or 1.0)


def care_camera(scene, point: str, side: str, aspect: float) -> dict:
    """Looking at the point from its own side, framing the muscle's footprint around it."""
    body = scene.body
    tp = scene.cat.points[point]
    muscle = scene.cat.muscles[tp.muscle]
    foot = muscle.footprint[side].dense(len(body.vertices))
    v = tp.vertex[side]
    normal = body.normals[v].astype(np.float64)
    inside = np.flatnonzero(foot >= 0.5)
    inside = inside[body.normals[inside] @ normal > 0.0]  # the skin that faces the same way
    pts = body.vertices[np.append(inside, v)].astype(np.float64)
    focal = (pts.min(axis=0) + pts.max(axis=0)) / 2
    direction = normal.copy()
    direction[1] *= 0.3  # from the side rather than from above or below
    radius = max(float(np.linalg.norm(pts - focal, axis=1).max()), 8.0)
    distance = radius * 1.2 / np.tan(np.radians(VIEW_ANGLE / 2)) / min(1.0, aspect)
    return camera(focal, _unit(direction), distance)


def _halo_line(d, xy, colour, width):
    d.line(xy, fill="white", width=width + 4)
    d.line(xy, fill=colour, width=width)


def _arrow_head(d, tip, back, colour, size):
    """A filled triangle at ``tip`` pointing away from ``back``."""
    t, b = np.asarray(tip, float), np.asarray(back, float)
    u = _unit(t - b)
    n = np.array([-u[1], u[0]])
    base = t - u * size
    tri = [tuple(t), tuple(base + n * size * 0.55), tuple(base - n * size * 0.55)]
    d.polygon(tri, fill="white")
    d.polygon([tuple(t - u * 1.5), tuple(base + n * size * 0.42), tuple(base - n * size * 0.42)], fill=colour)


def fibre_ends(body, muscle, side: str) -> np.ndarray | None:
    """(2, 3) skin points at the two ends of the first band of the muscle's footprint recipe
    (its fibre direction, origin to insertion) on ``side``, or None without a band."""
    from atlas.body.anatomy import sided_id
    from atlas.body.zones import as_zone

    zone = as_zone(muscle.spec.footprint) if muscle.spec is not None else None
    if zone is None or not zone.bands:
        return None
    ends = []
    for base in (zone.bands[0].through[0], zone.bands[0].through[-1]):
        lm = body.landmarks.get(sided_id(base, side)) or body.landmarks[base]
        ends.append(body.vertices[lm.vertex])
    return np.asarray(ends, dtype=np.float64)


def stretch_axis(shot, body, footprint: np.ndarray,
                 fibre: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray] | None:
    """(centre, half-axis vector) in pixels of the stretch arrow over the visible footprint, or
    None: along ``fibre`` (two world points, see :func:`fibre_ends`) as projected, else (or when
    the fibre is seen nearly end-on) along the footprint's long axis."""
    idx = np.flatnonzero(footprint >= 0.5)
    if len(idx) < 3:
        return None
    xy, visible = shot.project(body.vertices[idx] + body.normals[idx] * 0.1)
    xy = xy[visible]
    if len(xy) < 3:
        return None
    centre = xy.mean(axis=0)
    spread = xy - centre
    if fibre is not None:
        ends, _ = shot.project(fibre)
        along = ends[1] - ends[0]
        if np.linalg.norm(along) >= 15.0:  # pixels; shorter means seen end-on
            u = along / np.linalg.norm(along)
            return centre, u * 1.6 * np.sqrt(max(float(np.mean((spread @ u) ** 2)), 1.0))
    values, vectors = np.linalg.eigh(np.cov(spread.T))
    half = vectors[:, -1] * 1.6 * np.sqrt(max(values[-1], 1.0))
    return centre, half


def care_picture(engine, scene, point: str, side: str, press: bool = True, size=CARE_SIZE,
                 renderer: charts.Renderer | None = None) -> np.ndarray:
    """The self-care picture of a point (RGB array of ``size``): where to press (``press``
    False: a point the client leaves to the therapist) and the stretch direction, with a key."""
    from PIL import Image, ImageDraw

    body = scene.body
    tp = engine.cat.points[point]
    muscle = engine.cat.muscles[tp.muscle]
    w, h = size
    key_h = 62  # two lines of key under the picture
    pic = (w, h - key_h)
    cam = care_camera(scene, point, side, pic[0] / pic[1])
    skin = np.tile(np.asarray(palette.rgb("skin"), dtype=np.uint8), (len(body.vertices), 1))
    outline = outline_points(body, scene.outline(muscle.footprint[side]), 0.25)
    with charts._maybe_renderer(renderer, body) as r:
        shot = r.shot(skin, cam, pic, outline=outline)
    canvas = Image.new("RGB", size, "white")
    canvas.paste(Image.fromarray(shot.image), (0, 0))
    d = ImageDraw.Draw(canvas)
    small = charts.font(22)
    stretch_rgb, press_rgb = palette.rgb(palette.SELF_CARE["stretch"]), palette.rgb("selected")
    axis = stretch_axis(shot, body, muscle.footprint[side].dense(len(body.vertices)),
                        fibre_ends(body, muscle, side))
    if axis is not None:
        centre, half = axis
        a, b = centre - half, centre + half
        _halo_line(d, [tuple(a), tuple(b)], stretch_rgb, 5)
        _arrow_head(d, b, a, stretch_rgb, 20)
        _arrow_head(d, a, b, stretch_rgb, 20)
    (xy,), (seen,) = shot.project([body.vertices[tp.vertex[side]] + body.normals[tp.vertex[side]] * 0.3])
    x, y = float(xy[0]), float(xy[1])
    r_ring = 11
    if press:  # an arrow from outside the body onto a ring at the point
        away = _unit(np.array([x, y]) - np.array(pic) / 2 + np.array([1e-3, -1e-3]))
        if np.linalg.norm(np.array([x, y]) - np.array(pic) / 2) < 20:
            away = _unit(np.array([1.0, -1.0]))
        tail = np.array([x, y]) + away * 80
        tail = np.clip(tail, 8, np.array(pic) - 8)
        tip = np.array([x, y]) + _unit(tail - np.array([x, y])) * (r_ring + 3)
        _halo_line(d, [tuple(tail), tuple(tip)], (20, 20, 20), 5)
        _arrow_head(d, tip, tail, (20, 20, 20), 18)
        d.ellipse([x - r_ring, y - r_ring, x + r_ring, y + r_ring], fill=press_rgb, outline=(0, 0, 0), width=3)
    else:  # no arrow: a ring with a bar, "leave it to your therapist"
        d.ellipse([x - r_ring - 3, y - r_ring - 3, x + r_ring + 3, y + r_ring + 3], outline=(255, 255, 255), width=7)
        d.ellipse([x - r_ring, y - r_ring, x + r_ring, y + r_ring], outline=(40, 40, 40), width=3)
        d.line([(x - r_ring * 0.7, y + r_ring * 0.7), (x + r_ring * 0.7, y - r_ring * 0.7)], fill=(40, 40, 40), width=3)
    if not seen:
        d.text((6, 4), charts.far_side_label(body.normals[tp.vertex[side]], side).capitalize(),
               fill=(60, 60, 60), font=small)
    _care_key(d, 6, h - key_h + 4, small, press, stretch_rgb, press_rgb, axis is not None)
    return np.asarray(canvas)


def _care_key(d, x, y, font, press, stretch_rgb, press_rgb, stretch):
    """Two lines under the picture: the press mark and the stretch arrow, in words."""
    s = font.size
    if press:
        d.ellipse([x, y, x + s, y + s], fill=press_rgb, outline=(0, 0, 0), width=2)
    else:
        d.ellipse([x, y, x + s, y + s], outline=(40, 40, 40), width=2)
        d.line([(x + 3, y + s - 3), (x + s - 3, y + 3)], fill=(40, 40, 40), width=2)
    label = PRESS_WORDS if press else NO_PRESS_WORDS
    d.text((x + s + 5, y - 1), label, fill=(30, 30, 30), font=font)
    if not stretch:
        return
    y += s + 8
    x += 4
    d.line([(x, y + s / 2), (x + 26, y + s / 2)], fill=stretch_rgb, width=4)
    _arrow_head(d, (x + 30, y + s / 2), (x, y + s / 2), stretch_rgb, 10)
    _arrow_head(d, (x - 4, y + s / 2), (x + 26, y + s / 2), stretch_rgb, 10)
    d.text((x + 38, y - 1), STRETCH_WORDS, fill=(30, 30, 30), font=font)
