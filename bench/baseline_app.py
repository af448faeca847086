"""Benchmark baseline: the same body mesh and markers shown through pn.pane.VTK from a PyVista
plotter, served by Panel.  It cannot pick; a 'Repaint' button recolours a zone so the bench can
measure what one repaint costs when the whole scene is synchronised from Python.

Run:  python bench/baseline_app.py PORT [--num-procs N]
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def build_plotter():
    import pyvista as pv

    import atlas
    from atlas.images.offscreen import polydata

    pv.OFF_SCREEN = True
    scene = atlas.load().scene
    body = scene.body
    mesh = polydata(body)
    mesh.point_data["rgb"] = np.tile(np.array([232, 208, 190], dtype=np.uint8), (len(body.vertices), 1))
    centres = np.array([body.vertices[m.vertex] + body.normals[m.vertex] * 0.35 for m in scene.markers])
    markers = pv.PolyData(centres).glyph(geom=pv.Sphere(radius=0.6, theta_resolution=8, phi_resolution=6),
                                         scale=False, orient=False)
    pl = pv.Plotter(off_screen=True)
    pl.set_background("white")
    actor = pl.add_mesh(mesh, scalars="rgb", rgb=True, smooth_shading=True)
    pl.add_mesh(markers, color="#c2185b")
    pl.camera_position = "xy"
    return pl, actor.mapper.dataset, body  # the dataset the plotter really draws


def create():
    import panel as pn

    pn.extension("vtk")
    pl, mesh, body = build_plotter()
    pane = pn.pane.VTK(pl.ren_win, sizing_mode="stretch_both", min_height=600)
    state = {"k": 0}

    def repaint(_):
        state["k"] += 1
        region = body.regions[(state["k"] * 7) % len(body.regions)]
        rgb = np.tile(np.array([232, 208, 190], dtype=np.uint8), (len(body.vertices), 1))
        rgb[body.region_of_vertex == region.index] = [178, 24, 43]
        mesh.point_data["rgb"] = rgb
        mesh.Modified()
        pl.render()
        pane.synchronize()

    button = pn.widgets.Button(name="Repaint")
    button.on_click(repaint)
    return pn.Column(button, pane, sizing_mode="stretch_both")


if __name__ == "__main__":
    import panel as pn

    import argparse

    ap = argparse.ArgumentParser()
    ap.add_argument("port", type=int, nargs="?", default=5099)
    ap.add_argument("--num-procs", type=int, default=1)
    args = ap.parse_args()
    print(f"baseline running at http://127.0.0.1:{args.port}/baseline", flush=True)
    pn.serve({"baseline": create}, port=args.port, address="127.0.0.1", show=False,
             num_procs=args.num_procs, websocket_origin=[f"127.0.0.1:{args.port}", f"localhost:{args.port}"])
