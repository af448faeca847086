"""Off-screen images of the body with PyVista: region maps, zones, charts.  No Panel here."""

from __future__ import annotations

import numpy as np

VIEWS = {
    # name: (camera direction from the body towards the camera, view-up)
    "front": ((0, 0, 1), (0, 1, 0)),
    "back": ((0, 0, -1), (0, 1, 0)),
    "left": ((1, 0, 0), (0, 1, 0)),
    "right": ((-1, 0, 0), (0, 1, 0)),
}


def _pyvista():
    import pyvista as pv

    pv.OFF_SCREEN = True
    try:  # VTK tries an X display first and warns when there is none; off-screen works anyway
        from vtkmodules.vtkCommonCore import vtkLogger

        vtkLogger.SetStderrVerbosity(vtkLogger.VERBOSITY_ERROR)
    except ImportError:
        pass
    return pv


def polydata(body):
    pv = _pyvista()
    faces = np.hstack([np.full((len(body.faces), 1), 3), body.faces]).astype(np.int64).ravel()
    return pv.PolyData(body.vertices.astype(np.float32), faces)


def region_colours(n: int, seed: int = 7) -> np.ndarray:
    """Distinct-looking colours for n regions (stable between runs)."""
    rng = np.random.default_rng(seed)
    hues = (np.arange(n) * 0.61803398875) % 1.0
    sat = 0.45 + 0.35 * rng.random(n)
    val = 0.75 + 0.2 * rng.random(n)
    return (_hsv_to_rgb(hues, sat, val) * 255).astype(np.uint8)


def _hsv_to_rgb(h, s, v):
    i = np.floor(h * 6).astype(int) % 6
    f = h * 6 - np.floor(h * 6)
    p, q, t = v * (1 - s), v * (1 - f * s), v * (1 - (1 - f) * s)
    table = [(v, t, p), (q, v, p), (p, v, t), (p, q, v), (t, p, v), (v, p, q)]
    out = np.zeros((len(h), 3))
    for k, (r, g, b) in enumerate(table):
        m = i == k
        out[m] = np.stack([r[m], g[m], b[m]], axis=1)
    return out


def render_view(body, colours: np.ndarray, view: str, size=(800, 1000), points=None,
                point_colour="black", focus=None, zoom: float = 1.0, labels=None):
    """Render the skin coloured per vertex (uint8 RGB) from a named view; returns an RGB array."""
    pv = _pyvista()
    pl = pv.Plotter(off_screen=True, window_size=list(size))
    pl.set_background("white")
    mesh = polydata(body)
    mesh.point_data["rgb"] = colours
    pl.add_mesh(mesh, scalars="rgb", rgb=True, smooth_shading=True, ambient=0.35, diffuse=0.7,
                specular=0.05)
    if points is not None and len(points):
        pl.add_points(np.asarray(points, dtype=np.float32), color=point_colour,
                      point_size=max(6, size[0] // 90), render_points_as_spheres=True)
        if labels:
            pl.add_point_labels(np.asarray(points, dtype=np.float32), labels, font_size=9,
                                point_size=1, shape_opacity=0.5, always_visible=False)
    direction, up = VIEWS[view]
    lo, hi = body.vertices.min(axis=0), body.vertices.max(axis=0)
    centre = np.asarray(focus if focus is not None else (lo + hi) / 2, dtype=float)
    pl.camera.focal_point = centre
    pl.camera.position = centre + np.asarray(direction) * 500
    pl.camera.up = up
    pl.camera.parallel_projection = True
    aspect = size[0] / size[1]
    width = (hi - lo)[0] if view in ("front", "back") else (hi - lo)[2]
    pl.camera.parallel_scale = 0.53 * max((hi - lo)[1], width / aspect) / zoom
    pl.camera.clipping_range = (1, 1000)
    img = pl.screenshot(return_img=True)
    pl.close()
    return img
