"""Single-file HTML export: the interactive 3D body, zones and details in one file that works
from file:// with no server and no internet.  It inlines the vtk.js that Panel ships, the same
3D component the app uses (atlas/views/js/body_view.js) and the data for the chosen points; a
small script stands in for Panel, so clicking a point shows its details without Python.

:func:`page` is the shell every single-file export shares (this one and the lessons in
:mod:`atlas.exports.lesson`): header with the disclaimer, the 3D view, a side panel whose
details scroll on their own (so they stay in view), and the scripts."""

from __future__ import annotations

import base64
import gzip
import json
from html import escape
from pathlib import Path

import numpy as np

from atlas.views.scene import camera

HERE = Path(__file__).parent
BODY_VIEW_JS = HERE.parent / "views" / "js" / "body_view.js"
BODY_VIEW_CSS = HERE.parent / "views" / "js" / "body_view.css"
MAX_BYTES = 4_000_000  # a course platform must be able to host the file


def vtk_js_path() -> Path:
    import importlib.util

    spec = importlib.util.find_spec("panel")  # finds the installed package without importing it
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("Panel is not installed")
    dist = Path(spec.submodule_search_locations[0]) / "dist" / "bundled" / "abstractvtkplot"
    found = sorted(dist.glob("vtk.js@*/vtk.js"))
    if not found:
        raise FileNotFoundError("vtk.js not found in the installed Panel package")
    return found[-1]


def _inline_script(text: str) -> str:
    return text.replace("</script", "<\\/script")


def _json_for_script(obj) -> str:
    """JSON safe inside <script>: no closing tags or HTML comments can appear."""
    return (json.dumps(obj, separators=(",", ":"))
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def point_payload(engine, scene, point: str, side: str, details: bool = True) -> dict:
    """What the page needs to show one point: its view as HTML plus what the 3D view draws."""
    from atlas.views.html import point_html
    from atlas.views.record import point_view

    v = point_view(engine, point, side)
    out = {
        "id": point, "side": side, "muscle": v.muscle.name, "name": v.name,
        "marker": scene.marker_index[(point, side)],
        "zone": scene.zone_wire(point, side),
        "outline": scene.outline_wire(engine.cat.muscles[v.muscle.id].footprint[side]),
        "camera": scene.camera_for(point, side),
    }
    if details:
        out["html"] = point_html(v)
    return out


def best_view(scene, points: list[tuple[str, str]]) -> dict:
    """A camera that frames every chosen point's dot, looking from the side most of them face
    (the front when they face every way, e.g. points on the front and the back)."""
    if not points:
        return scene.presets["front"]
    if len(points) == 1:
        return scene.camera_for(*points[0])
    body = scene.body
    verts = np.array([scene.cat.points[p].vertex[s] for p, s in points])
    pts = body.vertices[verts].astype(np.float64)
    facing = body.normals[verts].astype(np.float64).sum(axis=0)
    if np.linalg.norm(facing) < 0.3 * len(points):
        facing = np.array([0.0, 0.0, 1.0])
    facing[1] *= 0.3  # look from the side rather than from above or below
    focal = (pts.min(axis=0) + pts.max(axis=0)) / 2
    radius = max(float(np.linalg.norm(pts - focal, axis=1).max()), 14.0)
    view_angle = scene.presets["front"]["angle"]
    return camera(focal, facing, radius * 1.35 / np.tan(np.radians(view_angle / 2)))


def base_config(scene, markers_on: set[int] | None, camera_: dict) -> dict:
    """What every single-file page gives the 3D view: the body, which dots are lit, the camera."""
    state = [1 if markers_on is None or m.index in markers_on else 0 for m in scene.markers]
    return {
        "asset_b64": base64.b64encode(gzip.compress(scene.asset, 9, mtime=0)).decode("ascii"),
        "marker_keys": [f"{m.point}:{m.side}" for m in scene.markers],
        "marker_state": state,
        "camera": camera_,
        "presets": scene.presets,
        "points": {},
        "painted": [],
        "selected": "",
    }


PAGE_CSS = """
* { box-sizing: border-box; }
html, body { height: 100%; }
body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
  color: var(--atlas-ink); display: flex; flex-direction: column; height: 100vh; height: 100dvh; }
header { padding: 4px 12px; border-bottom: 1px solid var(--atlas-rule); flex: none; }
header h1 { font-size: 1.15em; margin: 0.15em 0; }
.views { display: flex; flex-wrap: wrap; gap: 4px; margin: 4px 0; }
button { font: inherit; min-height: 32px; padding: 4px 10px; border: 1px solid #767676; background: #fff;
  color: var(--atlas-ink); border-radius: 4px; cursor: pointer; }
button:focus-visible, summary:focus-visible { outline: 3px solid var(--atlas-outline, #1d3b8a); outline-offset: 1px; }
button[aria-pressed="true"], button.current { background: var(--atlas-ink); color: #fff; }
.layout { flex: 1 1 auto; min-height: 0; display: flex; }
#view { flex: 1 1 60%; min-width: 0; position: relative; }
#side { flex: 0 0 400px; max-width: 45%; display: flex; flex-direction: column; min-height: 0;
  border-left: 1px solid var(--atlas-rule); }
#side > .top { flex: none; padding: 6px 12px; max-height: 45%; overflow: auto; border-bottom: 1px solid var(--atlas-rule); }
#details { flex: 1 1 auto; overflow: auto; padding: 0 12px 12px; min-height: 0; }
#points { list-style: none; padding: 0; margin: 4px 0; display: flex; flex-wrap: wrap; gap: 4px; }
#points button { text-align: left; }
.sides { display: inline-flex; gap: 4px; align-items: center; margin: 2px 0; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.colour-key > summary { cursor: pointer; min-height: 24px; font-size: 13px; }
@media (max-width: 760px) {
  header h1 { font-size: 1em; }
  .views button { min-height: 40px; padding: 2px 10px; }
  .layout { flex-direction: column; }
  .on-wide { display: none; }
  #view { flex: 0 0 42%; min-height: 240px; }
  #side { flex: 1 1 auto; max-width: none; border-left: 0; border-top: 1px solid var(--atlas-rule); }
  #side > .top { max-height: 55%; }
  button { min-height: 44px; }
  .atlas-view { min-height: 0; }
}
"""


def _colour_key(legend: str) -> str:
    """The legend, folded away on a phone (standalone.js closes it there)."""
    if not legend:
        return ""
    return f'<details class="colour-key" open><summary>Colour key</summary>{legend}</details>'


def page(title: str, config: dict, top_html: str, details_html: str, *, legend: str = "",
         extra_js: str = "", extra_css: str = "") -> str:
    """The whole single-file page: ``top_html`` sits above the details, which scroll on their
    own; ``extra_js`` runs after the stand-in for Panel (it can use ``model`` and ``showPoint``)."""
    from atlas.views.html import disclaimer_html, panel_css

    views = "".join(f'<button type="button" data-view="{escape(v)}">{escape(v.title())}</button>'
                    for v in config["presets"])
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)} \u2013 Trigger Point Atlas</title>
<style>
{panel_css()}
{BODY_VIEW_CSS.read_text()}
{PAGE_CSS}
{extra_css}
</style></head>
<body>
<header><h1>{escape(title)}</h1>
{disclaimer_html()}
<div class="views" role="group" aria-label="Turn the body to a view">{views}</div>
</header>
<main class="layout">
  <div id="view"></div>
  <aside id="side" aria-label="Lesson and points">
    <div class="top">{top_html}{_colour_key(legend)}</div>
    <div id="details" tabindex="0" role="region" aria-label="Details">{details_html}</div>
  </aside>
</main>
<script>{_inline_script(vtk_js_path().read_text())}</script>
<script id="atlas-config" type="application/json">{_json_for_script(config)}</script>
<script type="module">
{_inline_script(BODY_VIEW_JS.read_text())}
{_inline_script((HERE / "standalone.js").read_text())}
{_inline_script(extra_js)}
</script>
</body></html>
"""


def build(engine, scene, points: list[tuple[str, str]], title: str, selected: tuple[str, str] | None = None,
          painted=(), intro: str = "", highlight_only: bool = True) -> str:
    """The HTML export as one string. ``points`` are the (point, side) pairs whose details are
    included (one button per point, with a left/right toggle); other markers are dimmed when
    ``highlight_only``.  It opens on the best view for the points (or the selected one)."""
    from atlas.views.html import legend_html

    keyed = {f"{p}:{s}": point_payload(engine, scene, p, s) for p, s in points}
    lit = {v["marker"] for v in keyed.values()} if highlight_only else None
    first = keyed.get(f"{selected[0]}:{selected[1]}") if selected else None
    config = base_config(scene, lit, first["camera"] if first else best_view(scene, points))
    config.update(points=keyed, painted=[int(v) for v in painted],
                  selected=f"{selected[0]}:{selected[1]}" if selected else "")
    sides = sorted({s for _, s in points})
    start_side = selected[1] if selected else sides[0] if sides else "left"
    buttons = {}
    for v in keyed.values():  # one button per point, in the order given
        buttons.setdefault(v["id"], f'<li><button type="button" data-point="{escape(v["id"])}">'
                                    f'{escape(v["muscle"])} \u2013 {escape(v["name"])}</button></li>')
    toggle = ""
    if len(sides) > 1:
        toggle = ('<div class="sides" role="group" aria-label="Side of the body">Side: ' + "".join(
            f'<button type="button" data-side="{s}" aria-pressed="{"true" if s == start_side else "false"}">'
            f"{s.title()}</button>" for s in sides) + "</div>")
    top = (f'<h2 class="visually-hidden">Points in this file</h2>{toggle}'
           f'<ul id="points" aria-label="Points in this file">{"".join(buttons.values())}</ul>')
    config["side"] = start_side
    start_html = first["html"] if first else (
        f"<article class=\"atlas-details\"><h2>{escape(title)}</h2><p>{escape(intro)}</p>"
        "<p>Click a coloured dot on the body or a name in the list.</p></article>")
    return page(title, config, top, start_html, legend=legend_html(pain=bool(len(painted))))
