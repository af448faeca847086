"""The 3D body as a Panel JSComponent on the vtk.js that Panel already serves.

Python owns the state (what is selected, zones, painting, camera); the browser only draws it
and reports clicks and paint strokes through ``send_msg``.  Messages from the browser are
untrusted: anything malformed or oversized is dropped and counted, never raised.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import param
from panel.custom import JSComponent

from atlas.views import palette

MAX_STROKE_VERTICES = 20000
ESM_PATH = Path(__file__).parent.parent / "views" / "js" / "body_view.js"
# named by content, so a browser never runs a stale copy after an upgrade
ESM_ROUTE = f"atlas-assets/body_view-{hashlib.sha256(ESM_PATH.read_bytes()).hexdigest()[:12]}.js"
CSS = (Path(__file__).parent.parent / "views" / "js" / "body_view.css").read_text()


class BodyView(JSComponent):
    """Interactive body: rotate, zoom, pan (mouse or touch); click to pick; paint in paint mode."""

    asset_url = param.String(default="", doc="URL of the packed body asset (server mode)")
    asset_b64 = param.String(default="", doc="The packed body asset inline (export mode)")
    asset_gzip = param.Boolean(default=False, doc="asset_b64 holds gzip-compressed bytes")
    zone = param.String(default="", doc="Selected point's fields, sparse and quantised "
                                        "(atlas.views.scene.Scene.zone_wire)")
    painted = param.List(default=[], doc="Skin vertices painted as pain")
    pain_levels = param.List(default=[], doc="Intensity 0-10 of each painted vertex, in `painted` "
                             "order (missing: 5); drawn with the intensity colour scale")
    brush_intensity = param.Integer(default=5, bounds=(0, 10), doc="Intensity a stroke shows while it is painted")
    compare_before = param.List(default=[], doc="Vertices of an earlier drawing: when set, the pain "
                                "layer shows only before / only now / both instead of intensity")
    pain_palette = param.Dict(default=palette.pain_for_browser(), doc="Intensity ramp and comparison "
                              "styles (atlas.views.palette.pain_for_browser)")
    marker_state = param.List(default=[], doc="Per-marker state: 1 shown, 0 dimmed (filtered out), -1 hidden")
    selected = param.Integer(default=-1, doc="Index of the selected marker, -1 for none")
    outline = param.String(default="", doc="Footprint outline, packed (Scene.outline_wire): per "
                           "segment end a mesh edge and a step along it")
    camera = param.Dict(default={}, doc="Camera target {position, focal, up, angle}; animated")
    second_camera = param.Dict(default={}, doc="A second view beside the first ({} for none), "
                               "when one view cannot show the point and its whole zone (Scene.view_plan)")
    view_labels = param.List(default=[], doc="Names of the two views (\"Back\", \"Front\")")
    compare_zone = param.String(default="", doc="A second point's fields to compare, drawn hatched "
                                "(same format as zone; '' for none)")
    compare_selected = param.Integer(default=-1, doc="Marker index of the compared point, kept in view")
    mode = param.Selector(default="explore", objects=["explore", "paint"], doc="Click picks or paints")
    erase = param.Boolean(default=False, doc="Paint strokes remove pain instead of adding it")
    brush_px = param.Number(default=18.0, bounds=(4.0, 80.0), doc="Brush radius in screen pixels")
    hide_dimmed = param.Boolean(default=False, doc="Dimmed markers cannot be picked")
    colours = param.Selector(default="standard", objects=["standard", "colour_blind"],
                             doc="Zone colour scheme (atlas.views.palette.SCHEMES)")
    show_all = param.Boolean(default=False, doc="Keep every dot visible while a point is "
                             "selected (otherwise the other dots step aside: focus mode)")
    alt_text = param.String(default="3D body", doc="Text alternative for the 3D view")
    inset_right = param.String(default="", doc="A CSS length the view's right edge is covered by "
                               "(an open drawer, e.g. 'min(360px, 46vw)'); the body is drawn centred in "
                               "the part left uncovered ('' for none)")

    n_vertices = param.Integer(default=0, doc="Skin vertex count, to check picks against")
    n_markers = param.Integer(default=0, doc="Marker count, to check picks against")
    rejected = param.Integer(default=0, doc="Malformed browser messages dropped so far")
    ready = param.Boolean(default=False, doc="True once the browser drew its first frame")
    pong = param.Integer(default=0, doc="Answer to the browser's heartbeat (connection check)")

    _esm = ESM_PATH

    @classmethod
    def use_served_module(cls) -> None:
        """Under `atlas serve` (which serves ESM_ROUTE) the browser imports the module from
        there, cached, instead of receiving 54 kB of source in every first document; its
        stylesheet is a shared file too (atlas.ui.shared_files).  Without it (notebooks,
        `panel serve`) both stay inline."""
        from atlas.ui.shared_files import serve_module

        serve_module(cls, "body_view")

    _stylesheets = [palette.css_variables() + CSS]

    def __init__(self, on_pick=None, on_stroke=None, on_escape=None, **params):
        super().__init__(**params)
        # The bounds picks are checked against belong to the server: the browser can sync the
        # n_vertices / n_markers params, so they are copied once here and never read again.
        self._max_vertices = int(self.n_vertices)
        self._max_markers = int(self.n_markers)
        self._on_pick = on_pick
        self._on_stroke = on_stroke
        self._on_escape = on_escape

    def _handle_msg(self, msg) -> None:
        """Check a browser message and pass it on; drop anything malformed."""
        event = self.parse_message(msg)
        if event is None:
            self.rejected += 1
            return
        kind = event["type"]
        if kind == "ready":
            self.ready = True
        elif kind == "ping":
            self.pong += 1
        elif kind == "pick" and self._on_pick:
            self._on_pick(event)
        elif kind == "stroke" and self._on_stroke:
            self._on_stroke(event)
        elif kind == "escape" and self._on_escape:
            self._on_escape()

    def parse_message(self, msg) -> dict | None:
        """Return a clean event dict, or None when the message is not one we understand."""
        if not isinstance(msg, dict) or not isinstance(msg.get("type"), str):
            return None
        kind = msg["type"]
        if kind in ("ready", "ping", "escape"):
            return {"type": kind}
        if kind == "pick":
            if msg.get("kind") == "marker" and _is_index(msg.get("index"), self._max_markers):
                return {"type": "pick", "kind": "marker", "index": int(msg["index"])}
            if msg.get("kind") == "skin" and _is_index(msg.get("vertex"), self._max_vertices):
                return {"type": "pick", "kind": "skin", "vertex": int(msg["vertex"])}
            return None
        if kind == "stroke":
            verts = msg.get("vertices")
            if not isinstance(verts, list) or not 0 < len(verts) <= MAX_STROKE_VERTICES:
                return None
            if not all(_is_index(v, self._max_vertices) for v in verts):
                return None
            return {"type": "stroke", "vertices": sorted(set(int(v) for v in verts)),
                    "erase": msg.get("erase") is True}
        return None


def _is_index(value, n: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < n
