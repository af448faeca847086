"""Compare two trigger points in the app: "Compare with..." in the details picks a second
point; the 3D view draws its zones hatched over the first point's colours (so the two read
apart without colour), a key under the view says which is which, and the link holds both
(``?point=A&compare=B``).  The state lives in the :class:`~atlas.ui.session.Session`
(``compare``, ``compare_side``); this module holds only the widgets and their words.

The buttons are made when a point is first chosen, the choice list (every point) the first
time "Compare with..." is pressed: most visits never compare, and the first page stays small."""

from __future__ import annotations

from html import escape

import panel as pn

from atlas.views import html as details
from atlas.views import palette
from atlas.views.record import point_view

PANEL_CSS = details.panel_css()
CHOOSE = "\u2014 choose a second point \u2014"
INK = palette.ZONES["compare"]
# Hatched swatches drawn like the 3D view: dense lines and an edge (essential), sparse the
# other way (spillover).
ESSENTIAL_HATCH = (f"background:repeating-linear-gradient(45deg,{INK} 0 2px,transparent 2px 5px);"
                   f"border:2px solid {INK}")
SPILLOVER_HATCH = (f"background:repeating-linear-gradient(-45deg,{INK} 0 1.5px,transparent 1.5px 9px);"
                   "border:1px solid #9aa0aa")


def point_label(engine, point: str, side: str | None = None) -> str:
    """"Infraspinatus - Infraspinatus, below the ridge (outer)", with the side when given."""
    tp = engine.cat.points[point]
    label = f"{engine.cat.muscles[tp.muscle].name} \u2013 {tp.name}"
    return f"{label} ({side})" if side else label


def compare_legend_html(engine, first: str, first_side: str, second: str, second_side: str) -> str:
    """The key for two points at once: which point is coloured and which is hatched."""
    sw = lambda style: f'<span class="sw" style="{style}"></span>'  # noqa: E731
    a = point_label(engine, first, first_side)
    b = point_label(engine, second, second_side)
    return ('<div class="atlas-legend atlas-point-compare-key" aria-label="Key for the two points">'
            f'<span class="item">{sw("background:" + details.ESSENTIAL_CSS)}{sw("background:" + details.SPILLOVER_CSS)}'
            f'<b>Coloured:</b>&nbsp;{escape(a)}</span>'
            f'<span class="item">{sw(ESSENTIAL_HATCH)}{sw(SPILLOVER_HATCH)}'
            f'<b>Hatched:</b>&nbsp;{escape(b)} (dense with an edge: essential; sparse: spillover)</span>'
            "</div>")


class PointCompare:
    """The "Compare with..." button, the choice list, "Stop comparing" and the key."""

    def __init__(self, app):
        self.app, self.session, self.engine = app, app.session, app.engine
        self.start = self.stop = None  # the buttons, made when a point is first chosen
        self.pick = None  # the choice list, made on first use
        self.note = pn.pane.HTML("", sizing_mode="stretch_width", stylesheets=[PANEL_CSS], visible=False)
        # the buttons above the first point's details; the second point's note and details below
        self.column = pn.Column(sizing_mode="stretch_width", visible=False, css_classes=["atlas-point-compare"])

    def _build_buttons(self) -> None:
        if self.start is not None:
            return
        app = self.app
        self.start = pn.widgets.Button(label="Compare with\u2026", color="default", margin=(5, 3),
                                       description="Show a second trigger point's zones with this one")
        self.stop = pn.widgets.Button(label="Stop comparing", color="primary", margin=(5, 3),
                                      visible=False)
        self.start.on_click(lambda e: app._guard(self._open))
        self.stop.on_click(lambda e: app._guard(self.session.end_compare))
        app._focus_ring([self.start, self.stop])
        self.column.objects = [pn.Row(self.start, self.stop)]

    def _open(self) -> None:
        if self.pick is None:
            cat = self.engine.cat
            options = sorted(((point_label(self.engine, p), p) for p in cat.points), key=lambda kv: kv[0].lower())
            self.pick = pn.widgets.Select(label="Compare with\u2026", options={CHOOSE: "", **dict(options)},
                                          sizing_mode="stretch_width")
            self.pick.param.watch(lambda e: e.new and self.app._guard(self._chosen, e.new), "value")
            self.app._focus_ring([self.pick])
            self.app._share_stylesheets([self.pick])
            self.column.insert(1, self.pick)
        self.pick.visible = True

    def _chosen(self, point: str) -> None:
        self.session.start_compare(point)
        self.pick.value = ""
        self.pick.visible = False

    def refresh(self) -> None:
        """Follow the session: shown with a selected point; the note names the second point."""
        s = self.session
        self.column.visible = bool(s.point)
        if not s.point and self.start is None:
            return
        self._build_buttons()
        self.start.visible = bool(s.point)
        comparing = bool(s.compare and s.point)
        self.stop.visible = comparing
        self.note.visible = comparing
        if comparing:
            b = point_label(self.engine, s.compare, s.compare_side)
            self.note.object = (f'<p class="atlas-point-compare-note">Comparing with <b>{escape(b)}</b> '
                                "(hatched in the 3D view). Its details:</p>"
                                + details.point_html(point_view(self.engine, s.compare, s.compare_side)))
        elif self.pick is not None:
            self.pick.visible = False

    def legend(self) -> str:
        """The extra key under the view while comparing ('' otherwise)."""
        s = self.session
        if not (s.compare and s.point):
            return ""
        return compare_legend_html(self.engine, s.point, s.side, s.compare, s.compare_side)
