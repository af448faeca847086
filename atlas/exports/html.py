"""Single-file HTML export: the interactive 3D body, zones and details in one file that works
from file:// with no server and no internet.  It inlines the vtk.js that Panel ships, the same
3D component the app uses (atlas/ui/body_view.js) and the data for the chosen points; a small
script stands in for Panel, so clicking a point shows its details without Python."""

from __future__ import annotations

import base64
import gzip
import json
from html import escape
from pathlib import Path

from atlas.data.vocabulary import DISCLAIMER

HERE = Path(__file__).parent
BODY_VIEW_JS = HERE.parent / "views" / "js" / "body_view.js"
BODY_VIEW_CSS = HERE.parent / "views" / "js" / "body_view.css"


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


def point_payload(engine, scene, point: str, side: str) -> dict:
    """What the page needs to show one point: its view as HTML plus what the 3D view draws."""
    from atlas.views.html import point_html
    from atlas.views.record import point_view

    v = point_view(engine, point, side)
    return {
        "id": point, "side": side, "muscle": v.muscle.name, "name": v.name,
        "marker": scene.marker_index[(point, side)],
        "zone": scene.zone_wire(point, side),
        "outline": scene.outline(engine.cat.muscles[v.muscle.id].footprint[side]),
        "camera": scene.camera_for(point, side),
        "html": point_html(v),
    }


def build(engine, scene, points: list[tuple[str, str]], title: str, selected: tuple[str, str] | None = None,
          painted=(), intro: str = "", highlight_only: bool = True) -> str:
    """The whole page as one string. ``points`` are the (point, side) pairs whose details are
    included; other markers are dimmed when ``highlight_only``."""
    from atlas.views.html import legend_html, panel_css

    keyed = {f"{p}:{s}": point_payload(engine, scene, p, s) for p, s in points}
    included = {v["marker"] for v in keyed.values()}
    markers = [1 if (not highlight_only or m.index in included) else 0 for m in scene.markers]
    first = keyed.get(f"{selected[0]}:{selected[1]}") if selected else None
    config = {
        "asset_b64": base64.b64encode(gzip.compress(scene.asset, 9, mtime=0)).decode("ascii"),
        "points": keyed,
        "marker_keys": [f"{m.point}:{m.side}" for m in scene.markers],
        "marker_state": markers,
        "painted": list(painted),
        "selected": f"{selected[0]}:{selected[1]}" if selected else "",
        "camera": first["camera"] if first else scene.presets["front"],
        "presets": scene.presets,
    }
    body_view = BODY_VIEW_JS.read_text()
    boot = (HERE / "standalone.js").read_text()
    listing = "".join(
        f'<li><button type="button" data-key="{escape(k)}">{escape(v["muscle"])} \u2013 {escape(v["name"])}'
        f" ({escape(v['side'])})</button></li>" for k, v in keyed.items())
    start_html = first["html"] if first else (
        f"<article class=\"atlas-details\"><h2>{escape(title)}</h2><p>{escape(intro)}</p>"
        "<p>Click a coloured dot on the body or a name in the list.</p></article>")
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)} \u2013 Trigger Point Atlas</title>
<style>
body {{ margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: var(--atlas-ink); }}
header {{ padding: 8px 14px; border-bottom: 1px solid var(--atlas-rule); }}
header h1 {{ font-size: 1.2em; margin: 0.2em 0; }}
.layout {{ display: flex; flex-wrap: wrap; height: calc(100vh - 118px); min-height: 480px; }}
#view {{ flex: 1 1 480px; min-width: 320px; height: 100%; position: relative; }}
#side {{ flex: 0 1 380px; overflow: auto; height: 100%; padding: 0 14px; box-sizing: border-box; }}
.views button, #points button {{ margin: 2px; padding: 4px 10px; border: 1px solid #bbb; background: #fff; border-radius: 4px; cursor: pointer; }}
#points {{ list-style: none; padding: 0; }} #points button {{ text-align: left; width: 100%; }}
{BODY_VIEW_CSS.read_text()}
.disclaimer-bar {{ background: var(--atlas-note-bg); border: 1px solid var(--atlas-note-border); padding: 6px 10px; font-size: .9em; margin: 6px 0; border-radius: 6px; }}
{panel_css()}
</style></head>
<body>
<header><h1>{escape(title)}</h1>
<div class="disclaimer-bar" role="note">{escape(DISCLAIMER)}</div>
<div class="views">{''.join(f'<button type="button" data-view="{v}">{v.title()}</button>' for v in scene.presets)}</div>
</header>
<div class="layout">
  <div id="view"></div>
  <aside id="side">{legend_html()}<div id="details">{start_html}</div>
  <h3>Points in this file</h3><ul id="points">{listing}</ul></aside>
</div>
<script>{_inline_script(vtk_js_path().read_text())}</script>
<script id="atlas-config" type="application/json">{_json_for_script(config)}</script>
<script type="module">
{_inline_script(body_view)}
{_inline_script(boot)}
</script>
</body></html>
"""
