"""The browser app: layout and wiring between widgets, the session state and the 3D view.

``create_app()`` builds one fresh session per browser tab; the data (engine, scene) is loaded
once per process by :mod:`atlas.store` and shared read-only.
"""

from __future__ import annotations

import logging
import re
import time
from functools import lru_cache
from html import escape as html_escape
from pathlib import Path
from urllib.parse import parse_qs, urlencode

import panel as pn
from markupsafe import Markup
from panel.io.resources import get_env

import atlas
from atlas.data.vocabulary import DISCLAIMER
from atlas.views import html as details
from atlas.views import palette
from atlas.views.record import point_view
from atlas.ui.body_view import BodyView
from atlas.ui.listbox import ListBox
from atlas.ui.pain_tools import PainTools
from atlas.ui.view_controls import ViewControls
from atlas.ui.compare_points import PointCompare
from atlas.ui.quiz_mode import QuizMode
from atlas.ui.session import EMBED_OPTIONS, Session
from atlas.ui import shared_files
from atlas.data.vocabulary import AREA_LABELS, BODY_AREAS

HERE = Path(__file__).parent
# The server's own time per click on the body (the handler and sending its update), logged at
# DEBUG; `atlas serve` shows it with ATLAS_TIMING=1 (bench/run.py splits a click with it).
TIMING_LOG = logging.getLogger("atlas.timing")
APP_CSS = palette.css_variables() + (HERE / "style.css").read_text()
LAYOUT_CSS = (HERE / "layout.css").read_text()
# Embedded: compact buttons, disclaimer and key where the pointer is a mouse (a finger still
# gets 44 px targets); the drawer's width, which the 3D view draws the body beside.
EMBED_CSS = (HERE / "embed.css").read_text()
EMBED_DRAWER_INSET = "calc(min(360px, 46vw) + 6px)"
# A focus ring keyboard users can see (2 px, well over 3:1 against the page), in every widget.
FOCUS_CSS = palette.css_variables() + (
    ":host *:focus-visible { outline: 2px solid var(--atlas-outline) !important; "
    "outline-offset: 2px !important; box-shadow: 0 0 0 4px #ffffff !important; }"
    # Fingers need room: 44 px targets on touch screens and narrow windows (WCAG 2.5.5).
    "@media (pointer: coarse), (max-width: 900px) { :host button, :host input:not([type=range]), "
    ":host select:not([size]), :host .bk-btn { min-height: 44px !important; } }")
# Phones and tablets lay the page out at their own width only with a viewport tag.
# Under atlas serve the page also asks at once for what its parts fetch only once they are
# built (the body, the shared modules and stylesheets): they download while the page's big
# scripts are still being parsed, instead of one after the other (shared_files.preloads).
# With atlas_first_frame (under atlas serve), the body's bare skin is drawn by a worker before
# the page's scripts have run: the page starts with that canvas and its script
# (atlas/ui/first_frame.js), and Bokeh's scripts move from the head to just after them.
PAGE_TEMPLATE = get_env().from_string(
    '{% extends "base.html" %}{% block preamble %}{{ super() }}'
    '<meta name="viewport" content="width=device-width, initial-scale=1">'
    '{% for href, kind in atlas_preloads or [] %}<link rel="preload" href="{{ href }}" as="{{ kind }}"'
    '{% if kind == "fetch" %} crossorigin="anonymous"{% endif %}>{% endfor %}{% endblock %}'
    '{% block js_resources %}{% if not atlas_first_frame %}{{ super() }}{% endif %}{% endblock %}'
    '{% block inner_body %}{% if atlas_first_frame %}'
    '<style>#atlas-first-frame { position: absolute; z-index: 5; pointer-events: none; background: #fff; }'
    ' #atlas-first-frame canvas { display: block; width: 100%; height: 100%; }</style>'
    '<div id="atlas-first-frame" aria-hidden="true"><canvas></canvas></div>'
    '<script id="atlas-first-frame-config" type="application/json">{{ atlas_first_frame | tojson }}</script>'
    '<script>{{ atlas_first_frame_js }}</script>{{ bokeh_js }}{% endif %}{{ super() }}{% endblock %}')
FIRST_FRAME_JS = Markup((HERE / "first_frame.js").read_text())
PANEL_CSS = details.panel_css()
# A short window (a phone on its side, 200% zoom): the view may be lower than its usual 320 px,
# so it and its buttons fit under the title (layout.css gives it the height).
SHORT_VIEW_CSS = ("@media (max-width: 900px) and (max-height: 500px) { .atlas-view, .body-view { "
                  "min-height: 200px !important; } }")
# Served as files by atlas.ui.server (``share_css``, atlas/ui/shared_files.py): one cached
# download per browser instead of a copy inside every widget of every session's first document
# (the layout alone was 6 copies, 18 kB, a session).
for _name, _css in (("focus", FOCUS_CSS), ("details", PANEL_CSS), ("layout", LAYOUT_CSS), ("app", APP_CSS)):
    shared_files.register(_name, _css)
CHOOSE = "\u2014 choose \u2014"
# Share dialog: iframe sizes a course page can choose from.
EMBED_SIZES = {"560 \u00d7 420": ("560", "420"), "800 \u00d7 600": ("800", "600"),
               "Full width": ("100%", "600")}
# The Share dialog's preview: the embed at its real size (a full-width frame as 800 wide),
# shrunk to this many CSS px wide, which fits the dialog in every layout (its column is 280 px
# at the narrowest desktop width and a 320 px phone leaves 300).
PREVIEW_WIDTH = 260
# Copy buttons: the clipboard where the page is a secure context (https, this machine), else
# the old select-and-copy; the button says what happened for a moment.
COPY_JS = """
const done = (ok) => { source.label = ok ? 'Copied' : 'Select the text and copy it';
  setTimeout(() => { source.label = name; }, 2500); };
const fallback = () => { const t = document.createElement('textarea'); t.value = src.value;
  document.body.appendChild(t); t.select(); let ok = false;
  try { ok = document.execCommand('copy'); } catch (e) { ok = false; } t.remove(); return ok; };
if (navigator.clipboard && window.isSecureContext) {
  navigator.clipboard.writeText(src.value).then(() => done(true), () => done(fallback()));
} else { done(fallback()); }
"""


def _truthy(value) -> bool:
    if isinstance(value, (list, tuple)):
        value = value[0] if value else b""
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    return str(value).lower() in ("1", "true", "yes", "on")


def _session_args() -> dict[str, str]:
    """URL query values of this session as plain strings (first value of each key)."""
    return link_args(pn.state.session_args or {})


# Links whose page is laid out otherwise than a plain one (or shows two views): no early body.
_OWN_LAYOUT = ("embed", "present", "tour", "quiz", "compare")


def opening_camera(args: dict[str, str]) -> dict | None:
    """The camera a link's 3D view opens with, for the early picture of the body drawn before
    the page's scripts run (atlas/ui/first_frame.js); None where that picture would not match
    what follows: an embed, presentation, tour, quiz or comparison, or two views side by side."""
    if any(args.get(key) for key in _OWN_LAYOUT) or args.get("mode") == "quiz":
        return None
    session = Session(atlas.load().engine, atlas.load().scene)
    session.apply_url(args)
    return None if session.second_camera else dict(session.camera)


# The layouts sessions are built ahead for (atlas/ui/warm_sessions.py), each with the link it
# is built from: every link opens on one of them, its settings applied on top (follow_link).
LAYOUTS = {"page": {}, "embed": {"embed": [b"true"]}}


def layout_of(arguments: dict) -> str:
    """The layout a link's page has: an embed's differs from every other link's page."""
    return "embed" if _truthy(link_args(arguments).get("embed", "")) else "page"


def follow_link(doc, arguments: dict) -> None:
    """Apply a link's settings to the session built ahead in ``doc`` for its layout."""
    app = getattr(doc, "atlas_app", None)
    args = link_args(arguments)
    if app is not None and args:
        app.follow_link(args)


def link_args(arguments: dict) -> dict[str, str]:
    """A request's query arguments (bytes or text, lists of values) as plain strings."""
    out = {}
    for key, values in arguments.items():
        try:
            k = key.decode("utf-8", "replace") if isinstance(key, bytes) else str(key)
            v = values[0] if isinstance(values, (list, tuple)) and values else values
            out[k[:64]] = v.decode("utf-8", "replace") if isinstance(v, bytes) else str(v)
        except Exception:  # noqa: BLE001 - a hostile key is simply skipped
            continue
    return out


@lru_cache(maxsize=4)
def search_index(engine) -> dict[str, tuple[str, str]]:
    """Search box entries -> (kind, id); the same for every session, so built once."""
    index = {}
    for m in engine.cat.muscles.values():
        index[f"{m.name} (muscle)"] = ("muscle", m.id)
    for tp in engine.cat.points.values():
        index[f"{tp.name} (trigger point)"] = ("point", tp.id)
    for c in engine.cat.conditions.values():
        index[f"{c.name} (condition)"] = ("condition", c.id)
    for r in engine.body.regions:
        index.setdefault(f"{r.label} (body region)", ("region", r.base))
    return index


@lru_cache(maxsize=4)
def point_list_labels(engine) -> dict[str, str]:
    """Point id -> its entry in the points list ("Muscle · short name"): the list groups the
    points under their muscle, so the muscle's name is left out of the point's.  The same for
    every session, so made once."""
    cat = engine.cat
    out = {}
    for p, tp in cat.points.items():
        muscle = cat.muscles[tp.muscle].name
        out[p] = f"{muscle} \u00b7 {_short_name(tp.name, muscle)}"
    return out


SEARCH_GROUPS = (("condition", "Condition"), ("muscle", "Muscle"), ("point", "Point"),
                 ("region", "Body region"))


def search_labels(hits) -> dict[str, str]:
    """Search hits as list entries, grouped Conditions / Muscles / Points / Regions (best first
    within each); a point names its muscle."""
    out = {}
    for kind, label in SEARCH_GROUPS:
        for h in (h for h in hits if h.kind == kind):
            title = _with_muscle(h.title, h.subtitle) if kind == "point" else h.title
            out[f"{label} · {title}"] = f"{h.kind}:{h.id}"
    return out


def _short_name(point: str, muscle: str) -> str:
    """A point's name without its muscle's at the start ("Masseter, upper front" under
    "Masseter" reads "upper front"); a name that does not start with it is kept whole."""
    base = muscle.split(" (")[0]
    if point.lower().startswith(base.lower()):
        return point[len(base):].lstrip(" ,:-\u2013") or point
    return point


def _with_muscle(point: str, muscle: str) -> str:
    """A point's name with its muscle's, once: most point names already start with it."""
    short = _short_name(point, muscle)
    return point if short != point else f"{muscle}: {point}"


class AtlasApp(pn.viewable.Viewer):
    """Widgets + layout for one session; all state lives in ``self.session``.  A Panel Viewer:
    display it, serve it or put it in a layout like any Panel object."""

    def __init__(self, args: dict[str, str] | None = None, asset_url: str = "", share_css: bool = False):
        super().__init__()
        self._layout = None
        self.asset_url = asset_url  # where the server serves the body; "" sends it inline
        self.share_css = share_css  # the server serves the shared files; else every copy is inline
        self.engine = atlas.load().engine
        self.scene = atlas.load().scene
        self.session = Session(self.engine, self.scene)
        args = args or {}
        self.embed = _truthy(args.get("embed", ""))
        self._present_at_start = _truthy(args.get("present", ""))
        self._failing = False
        self._build_widgets()
        self._style_widgets()
        self._wire()
        self._last_hash = ""
        self.session.apply_url(args)
        self._refresh_all()
        self._watch_fragment()

    def follow_link(self, args: dict[str, str]) -> None:
        """A link's settings on a page built ahead for its layout (LAYOUTS): the same page as
        one built from the link (tests/test_warm_sessions.py compares the two)."""
        self._guard(self.session.apply_url, args)  # the watchers (_wire) redraw what it changes
        if _truthy(args.get("present", "")) and not self.embed:  # an embed has no presentation
            self._set_present(True)

    # --- widgets ----------------------------------------------------------------------------
    def _build_widgets(self) -> None:
        eng, s = self.engine, self.session
        asset = {"asset_url": self.asset_url} if self.asset_url else {"asset_b64": _b64(self.scene.asset)}
        self.view = BodyView(
            **asset, camera=s.camera, n_vertices=len(self.scene.body.vertices),
            n_markers=len(self.scene.markers), on_pick=self._timed_pick,
            on_stroke=lambda e: self._guard(self._on_stroke, e),
            on_escape=lambda: self._guard(self._set_present, False),
            sizing_mode="stretch_both", min_height=300, alt_text=details.alt_text(eng, s),
            css_classes=["atlas-3d"], stylesheets=[SHORT_VIEW_CSS])
        # One box, one list: the results below it (grouped by kind) are the only suggestions.
        self._search_index = search_index(self.engine)
        self.search = pn.widgets.TextInput(
            label="Search", placeholder="Muscle, point, body region or condition",
            sizing_mode="stretch_width")
        self.results = ListBox(name="Search results (best first)", grouped=True, rows=9,
                               sizing_mode="stretch_width", visible=False)
        # bound to the session's params both ways by Panel
        self.area = pn.widgets.Select.from_param(
            s.param.area, label="Body area", sizing_mode="stretch_width", description=None,
            options={"All areas": "", **{AREA_LABELS[a]: a for a in BODY_AREAS}})
        conds = sorted(eng.cat.conditions.values(), key=lambda c: c.name.lower())
        self.condition = pn.widgets.Select(label="Condition", options={"All conditions": "", **{
            c.name: c.id for c in conds}}, sizing_mode="stretch_width")
        # Deep or superficial muscles only (the muscle's `depth`), for the dots and the list.
        self.depth = pn.widgets.RadioButtonGroup.from_param(
            s.param.depth, label="Depth", options={"All": "", "Superficial points": "superficial",
                                                  "Deep points": "deep"},
            color="default", sizing_mode="stretch_width", description=None)
        self.points = ListBox(name="Trigger points (use arrow keys)", grouped=True, rows=14,
                              sizing_mode="stretch_width")
        self.mode = pn.widgets.RadioButtonGroup.from_param(
            s.param.mode, label="", options={"Explore": "explore", "Where does it hurt?": "pain", "Quiz": "quiz"},
            color="primary", variant="outline", description=None)
        # Views, side, focus mode ("Show all points": with a point chosen the other dots step
        # aside), colours, Present (the body full screen for a client; Escape or one tap back)
        # and, embedded, the Details drawer: one browser component (atlas/ui/view_controls.py).
        self.controls = ViewControls(
            on_view=lambda name: self._guard(s.show_view, name),
            on_present=lambda: self._guard(self._set_present, True),
            offer_drawer=self.embed, offer_present=not self.embed, compact=self.embed,
            sizing_mode="stretch_width", css_classes=["atlas-view-buttons"])
        self.present_exit = pn.widgets.Button(label="Back to the atlas (Esc)", color="primary",
                                              margin=(5, 3), visible=False)
        # Narrow screens: the body on top, then one of these panels at a time.
        self.tabs = pn.widgets.RadioButtonGroup(
            label="Panels", options={"Find": "find", "Details": "details", "Where does it hurt?": "pain",
                                    "Quiz": "quiz"},
            value="find", color="primary", variant="outline",
            sizing_mode="stretch_width", css_classes=["atlas-tabs"], margin=(6, 4),
            stylesheets=[":host .bk-btn-group { width: 100%; } :host .bk-btn { flex: 1 1 0; }"])
        self.details = pn.pane.HTML(details.empty_html(), sizing_mode="stretch_width", stylesheets=[PANEL_CSS])
        self.legend = pn.pane.HTML(self._legend_html(), sizing_mode="stretch_width", stylesheets=[PANEL_CSS])
        self.notices = pn.pane.HTML("", sizing_mode="stretch_width", stylesheets=[PANEL_CSS], visible=False)
        self.share = pn.widgets.Button(label="Share", color="default")
        # Filled the first time Share is pressed (_build_share_dialog): most visits never share,
        # and each hidden widget would still be a browser model in every first document.
        self.share_dialog = pn.Column(visible=False, sizing_mode="stretch_width", css_classes=["atlas-share"],
                                      stylesheets=[LAYOUT_CSS])
        self.handout_explore = pn.widgets.FileDownload(
            callback=self._handout_bytes, filename="trigger-point-handout.pdf", label="Handout (PDF)",
            color="light")
        self._build_tour_widgets()
        self.point_compare = PointCompare(self)  # "Compare with..." (atlas/ui/compare_points.py)
        # the explore mode's filters and list (shown in that mode; no column of their own:
        # each layout is a browser model in every first document)
        self.explore_tools = [self.area, self.condition, self.depth, self.tour_pick, self.points]
        # The pain tools (atlas/ui/pain_tools.py) are made and join the page the first time
        # "Where does it hurt?" is chosen (or a stroke or a handout needs them): most visits only
        # explore, and a page build holds the server's event loop (a burst of new sessions).
        self.pain = PainTools(self)
        self.pain_tools = self.pain.column
        self.quiz = QuizMode(self)  # atlas/ui/quiz_mode.py; made and joins the page when first opened

    @property
    def pain_load(self):
        return self.pain.load

    @property
    def candidates_text(self):
        return self.pain.candidates_text

    def _build_tour_widgets(self) -> None:
        """Guided tours: a picker, and while one is open a card with Previous / Next / End."""
        tours = sorted(self.engine.cat.tours.values(), key=lambda t: t.title)
        self.tour_pick = pn.widgets.Select(label="Guided tours", sizing_mode="stretch_width",
                                           options={"Choose a tour": "", **{t.title: t.id for t in tours}})
        # the card and its buttons are made when a tour first opens (_build_tour_bar)
        self.tour_bar = pn.Column(visible=False, sizing_mode="stretch_width", css_classes=["atlas-tour-bar"])

    def _build_tour_bar(self) -> None:
        if self.tour_bar.objects:
            return
        s = self.session
        self.tour_card = pn.pane.HTML("", sizing_mode="stretch_width", stylesheets=[PANEL_CSS])
        self.tour_prev = pn.widgets.Button(label="\u2190 Previous", color="default")
        self.tour_next = pn.widgets.Button(label="Next \u2192", color="primary")
        self.tour_end = pn.widgets.Button(label="End the tour", color="light")
        self.tour_prev.on_click(lambda e: self._guard(s.go_to_step, s.tour_step - 1))
        self.tour_next.on_click(lambda e: self._guard(s.go_to_step, s.tour_step + 1))
        self.tour_end.on_click(lambda e: self._guard(s.end_tour))
        items = [self.tour_card, pn.FlexBox(self.tour_prev, self.tour_next, self.tour_end)]
        self._focus_ring([self.tour_prev, self.tour_next, self.tour_end])
        self._share_stylesheets(items)
        self.tour_bar.objects = items

    def _on_tour(self, *_):
        s = self.session
        if not s.tour:
            self.tour_bar.visible = False
            self.tour_pick.value = ""
            return
        tour = self.engine.cat.tours[s.tour]
        name = self.engine.cat.points[tour.steps[s.tour_step].point].name
        self._build_tour_bar()
        self.tour_card.object = details.tour_step_html(tour, s.tour_step, name)
        self.tour_prev.disabled = s.tour_step == 0
        self.tour_next.disabled = s.tour_step >= len(tour.steps) - 1
        self.tour_pick.value = s.tour
        self.tour_bar.visible = True

    def _build_share_dialog(self) -> None:
        """Share: the link and the iframe code, each with a Copy button; size presets and the
        embed options change the code as they are chosen.  Built on first use, into the
        placeholder ``share_dialog``."""
        if self.share_dialog.objects:
            return
        wide = {"sizing_mode": "stretch_width"}
        self.share_link = pn.widgets.TextInput(label="Link to this view", **wide)
        self.share_code = pn.widgets.TextAreaInput(label="Code to embed in a web page", rows=4, **wide)
        self.share_size = pn.widgets.RadioButtonGroup(
            label="Size", options=list(EMBED_SIZES), value="800 \u00d7 600", color="default")
        self.share_options = {
            "details": pn.widgets.Select(label="Details", options={"In a drawer over the view": "drawer",
                                                                  "None": "off"}, **wide),
            "markers": pn.widgets.Select(label="Dots", options={"Only the chosen point's": "selected",
                                                               "All": "all"}, **wide),
            "legend": pn.widgets.Select(label="Colour key", options={"Shown": "on", "Hidden": "off"}, **wide),
            "controls": pn.widgets.Select(label="View buttons", options={"Shown": "on", "Hidden": "off"},
                                          **wide)}
        # ``source`` is the clicked button in Panel's JS namespace.  Never pass the button in
        # ``args``: Panel keeps each callback in a WeakKeyDictionary keyed by its button, and a
        # value that refers to its own key keeps both (and the widgets) alive after the session.
        self.copy_link = pn.widgets.Button(label="Copy link", color="primary")
        self.copy_code = pn.widgets.Button(label="Copy code", color="primary")
        for button, text in ((self.copy_link, self.share_link), (self.copy_code, self.share_code)):
            button.js_on_click(args={"src": text, "name": button.label}, code=COPY_JS)
        self.share_close = pn.widgets.Button(label="Close", color="default")
        # filled only while the dialog is open: the preview is a session of its own
        self.share_preview = pn.pane.HTML("", sizing_mode="stretch_width", stylesheets=[PANEL_CSS])
        items = [pn.pane.HTML("<h2>Share this view</h2>", stylesheets=[PANEL_CSS]),
                 self.share_link, self.copy_link, self.share_code, self.copy_code,
                 pn.pane.HTML("<p>Embedded size and look:</p>", stylesheets=[PANEL_CSS]), self.share_size,
                 *self.share_options.values(), self.share_preview, self.share_close]
        self._focus_ring(items)
        self._share_stylesheets(items)
        self.share_close.on_click(lambda e: self._guard(self._show_share, False))
        for widget in (self.share_size, *self.share_options.values()):
            self._watch(widget, lambda *e: self._fill_share(), ["value"])
        self.share_dialog.objects = items

    # --- wiring -------------------------------------------------------------------------------
    def _watch(self, obj, fn, names) -> None:
        """Watch ``names`` on ``obj`` with ``fn`` guarded (see :meth:`_guard`)."""
        obj.param.watch(lambda *events: self._guard(fn, *events), names)

    def _style_widgets(self) -> None:
        """The focus ring on the widgets made with the page; the parts made on first use (share
        dialog, tour controls, compare buttons, pain tools, quiz) get it as they are made."""
        self.focus_sheet = shared_files.sheet(FOCUS_CSS) if self.share_css else FOCUS_CSS
        self._focus_ring(list(vars(self).values()))

    def _focus_ring(self, widgets) -> None:
        for widget in widgets:
            if isinstance(widget, pn.widgets.Widget) and self.focus_sheet not in widget.stylesheets:
                widget.stylesheets = [*widget.stylesheets, self.focus_sheet]

    def _wire(self) -> None:
        s = self.session
        self._watch(s, self._on_selection, ["point", "side"])
        self._watch(s, self._on_painted, ["painted"])
        self._watch(s, self._on_filters, ["area", "condition", "depth"])
        self._watch(s, self._on_camera, ["camera_seq"])
        self._watch(s, self._on_mode, ["mode"])
        self._watch(s, lambda *e: self._show_notices(), ["notices"])
        self._watch(s, lambda *e: self._push_url(), ["point", "side", "mode", "area", "condition", "depth", "view",
                                                     "painted", "tour", "tour_step", "compare"])
        self._watch(s, lambda *e: self._on_compare(), ["compare", "compare_side"])
        # Enter runs the search; leaving the box (a tap elsewhere) does not
        self._watch(self.search, self._on_search, ["enter_pressed"])
        self._watch(self.search, self._on_typing, ["value_input"])
        self._watch(self.results, self._on_result, ["value"])
        self._watch(self.condition, lambda e: setattr(s, "condition", e.new or ""), ["value"])
        self._watch(self.points, self._on_list_pick, ["value"])
        c = self.controls
        self._watch(c, lambda e: s.point and e.new != s.side and s.select(s.point, e.new), ["side"])
        self._watch(c, lambda e: setattr(self.view, "show_all", e.new), ["show_all"])
        self.share.on_click(lambda e: self._guard(self._on_share))
        self._watch(c, self._on_colours, ["colour_blind"])
        self._watch(s, self._on_tour, ["tour", "tour_step"])
        self._watch(self.tour_pick, lambda e: e.new and e.new != s.tour and s.start_tour(e.new), ["value"])
        self.present_exit.on_click(lambda e: self._guard(self._set_present, False))
        self._watch(self.tabs, self._on_tab, ["value"])
        self._watch(s, self._on_look, ["details", "markers", "legend", "controls"])
        self._watch(c, self._on_look, ["drawer"])

    def _guard(self, fn, *args) -> None:
        """Run a callback as one batch of browser updates; a failure becomes a friendly notice
        and the session carries on."""
        try:
            with pn.io.hold():
                fn(*args)
        except Exception:  # noqa: BLE001
            import logging

            logging.getLogger("atlas").exception("callback failed")
            if not self._failing:  # never loop if showing the notice fails too
                self._failing = True
                try:
                    self.session.notify("Something went wrong with that action; the atlas is "
                                        "still working. Please try again.")
                finally:
                    self._failing = False

    # browser events
    def _timed_pick(self, event) -> None:
        t0 = time.perf_counter()
        self._guard(self._on_pick, event)
        TIMING_LOG.debug("pick handled in %.2f ms", 1000 * (time.perf_counter() - t0))

    def _on_pick(self, event) -> None:
        def run():
            if self.session.mode == "quiz":
                self.quiz.pick(event)
            elif event["kind"] == "marker":
                if self.session.mode == "pain":
                    self.session.mode = "explore"
                self.session.pick_marker(event["index"])
            elif self.session.mode == "pain":
                ring = self.scene.body.region_vertices[self.scene.body.region_of_vertex[event["vertex"]]]
                self.pain.stroke([int(v) for v in ring])
            else:
                r = self.scene.body.regions[self.scene.body.region_of_vertex[event["vertex"]]]
                self.session.notify(f"You clicked the skin at: {r.name}. Switch to \u201cWhere does it hurt?\u201d "
                                    "to find trigger points that refer pain here.")
        run()

    def _on_stroke(self, event) -> None:
        self.pain.stroke(event["vertices"], event["erase"])

    # session -> widgets and view
    def _on_selection(self, *_):
        s, v = self.session, self.view
        with pn.io.hold():
            v.zone = s.zone_wire()
            v.outline = s.outline_wire()
            v.selected = s.selected_marker()
            v.alt_text = details.alt_text(self.engine, s)
            if s.tour and s.point != self.engine.cat.tours[s.tour].steps[s.tour_step].point:
                s.end_tour()  # the user chose another point: the tour steps aside
            if s.point:
                self.tabs.value = "details"  # on a phone, the chosen point's details come up
                self.controls.drawer = True  # embedded: the drawer opens
                self.details.object = self._keyed(details.point_html(point_view(self.engine, s.point, s.side)))
                tp = self.engine.cat.points[s.point]
                self.controls.param.update(show_side=len(tp.sides) == 2, side=s.side)
                if s.point in self.points.options.values():
                    self.points.value = s.point
            else:
                self.details.object = details.empty_html()
                self.controls.show_side = False
            self._on_compare()

    def _on_compare(self, *_):
        """A second point to compare: hatched in the view, named in the key and the details."""
        s, v, c = self.session, self.view, self.point_compare
        with pn.io.hold():
            v.compare_zone = s.compare_wire()
            v.compare_selected = s.compare_marker()
            c.refresh()
            self.legend.object = self._keyed(self._legend_html() + c.legend())

    def _legend_html(self) -> str:
        """The colour key; an embed has no painting tools, so its key names painted pain only
        when its link brought some."""
        return details.legend_html(pain=not self.embed or bool(self.session.painted))

    def _on_painted(self, *_):
        s = self.session
        with pn.io.hold():
            self.view.painted = list(s.painted)
            if self.embed:
                self.legend.object = self._keyed(self._legend_html() + self.point_compare.legend())
            self.pain.refresh()
            self.view.alt_text = details.alt_text(self.engine, s)

    def _on_filters(self, *_):
        s = self.session
        with pn.io.hold():
            self.view.marker_state = s.marker_state()
            self.view.hide_dimmed = s.filtered
            self.condition.value = s.condition
            self._fill_points()

    def _fill_points(self):
        label = point_list_labels(self.engine)
        self.points.options = {CHOOSE: "", **{label[p]: p for p in self.session.visible_points()}}
        self.points.value = self.session.point if self.session.point in self.points.options.values() else ""

    def _on_camera(self, *_):
        s = self.session
        with pn.io.hold():  # one view or two (Session.frame), in one update
            self.view.second_camera, self.view.view_labels = s.second_camera, s.view_labels
            self.view.camera = dict(s.camera, seq=s.camera_seq)

    def _on_colours(self, *_):
        """Switch the zone colours everywhere on the page: the 3D view and every colour key."""
        with pn.io.hold():
            self.view.colours = self._scheme()
            self._on_selection()  # the colour key too (_on_compare)
            self._on_painted()

    def _scheme(self) -> str:
        return "colour_blind" if self.controls.colour_blind else "standard"

    def _keyed(self, html: str) -> str:
        """HTML whose colour keys follow the chosen scheme (a style scoped to its pane)."""
        if self._scheme() == "standard":
            return html
        return f"<style>{palette.css_variables(scheme=self._scheme())}</style>{html}"

    def _on_mode(self, *_):
        mode = self.session.mode
        pain = mode == "pain"
        self.view.mode = "paint" if self.session.paints() else "explore"
        self.pain.show(pain)
        self.quiz.show(mode == "quiz")
        for widget in self.explore_tools:
            widget.visible = mode == "explore"
        if self.tabs.value != "details" or mode != "explore":
            self.tabs.value = {"pain": "pain", "quiz": "quiz"}.get(mode, "find")

    def _on_tab(self, event):
        """Narrow screens show one panel under the body; the tab also switches the mode."""
        if event.new in ("find", "pain", "quiz"):
            self.session.mode = {"pain": "pain", "quiz": "quiz"}.get(event.new, "explore")
        if self._layout is not None and not self.embed:  # an embed has no panels to switch
            self._columns.css_classes = ["atlas-columns", f"atlas-show-{event.new}"]

    def _on_look(self, *_):
        """The link options of an embedded view: details drawer, dots, colour key, buttons."""
        s = self.session
        if s.markers == "all":  # every dot stays: the focus-mode switch has nothing to do
            self.controls.show_all = True
        self.controls.offer_show_all = s.markers != "all"
        self.legend.visible = s.legend == "on"
        if self._layout is None:
            return
        self.controls.visible = s.controls == "on" and not self.present_exit.visible
        if self.embed:
            self.controls.offer_drawer = s.details == "drawer"
            self._drawer.visible = open_ = s.details == "drawer" and self.controls.drawer
            # the body is drawn beside the open drawer, not under it (layout.css: its width)
            self.view.inset_right = EMBED_DRAWER_INSET if open_ else ""

    def _set_present(self, on: bool) -> None:
        """Presentation mode: only the body and its colour key, large, until Escape or Back."""
        if self._layout is None or on == self.present_exit.visible:
            return  # not built yet, or already so (Escape pressed outside presentation)
        for part in self._chrome:
            part.visible = not on
        self.present_exit.visible = on
        if not self.embed:
            self.header.object = self._header_html(title=not on)
        self._show_notices()
        self._on_look()
        cls = ["atlas-present"] if on else []
        self._layout.css_classes = cls
        self._view_area.css_classes = ["atlas-body-column", *cls]
        self.legend.css_classes = cls

    def _show_notices(self):
        """The last notices under the title; the pane joins the page with the first one."""
        notices = self.session.notices[-3:]
        self.notices.object = details.notices_html(notices)
        self.notices.visible = bool(notices) and not self.present_exit.visible

    @staticmethod
    def _header_html(title: bool = True) -> str:
        head = ('<div class="atlas-header"><h1>Trigger Point Atlas</h1><span class="tag">Referred pain '
                'from myofascial trigger points, on a 3D body</span></div>') if title else ""
        return head + details.disclaimer_html()

    # widgets -> session
    def _on_search(self, *_):
        text = (self.search.value_input or "").strip()
        if not text:
            return
        hit = self._search_index.get(text)
        if hit is None:
            found = self.engine.search(text, limit=1)
            if not found:
                self.session.notify(f"Nothing in the atlas matches \u201c{text[:60]}\u201d.")
                return
            hit = (found[0].kind, found[0].id)
        self._open(*hit)
        self._clear_search()

    def _on_typing(self, event):
        text = (event.new or "").strip()
        if len(text) < 2:
            self.results.visible = False
            return
        hits = self.engine.search(text, limit=12)
        self.results.options = {CHOOSE: "", **search_labels(hits)}
        self.results.value = ""
        self.results.visible = bool(hits)

    def _on_result(self, event):
        if event.new:
            kind, _, ident = event.new.partition(":")
            self._open(kind, ident)
            self._clear_search()

    def _clear_search(self):
        """After a choice the box is empty again, ready for the next search."""
        self.search.value = ""
        self.search.value_input = ""
        self.results.visible = False

    def _open(self, kind: str, ident: str):
        s = self.session
        if kind == "point":
            s.mode = "explore"
            s.select(ident)
        elif kind == "muscle":
            s.mode = "explore"
            s.select(self.engine.cat.muscles[ident].points[0])
        elif kind == "condition":
            s.condition = ident
        elif kind == "region":
            s.mode = "pain"
            ids = [r.id for r in self.engine.body.regions if r.base == ident]
            s.paint_regions(ids[:1])

    def _on_list_pick(self, event):
        if event.new and event.new != self.session.point:
            self.session.select(event.new)

    def _handout_bytes(self):
        """Made in this session and sent to the browser; the server keeps nothing."""
        return self.pain.handout_bytes()

    def _pain_file(self, kind: str):
        return self.pain.file(kind)

    def _on_share(self, *_):
        self._show_share(not self.share_dialog.visible)

    def _show_share(self, on: bool) -> None:
        if on:
            self._build_share_dialog()
        self.share_dialog.visible = on
        self._fill_share()

    def _fill_share(self):
        """The link, the iframe code and the preview for the chosen size and options."""
        if not self.share_dialog.objects:
            return
        url = self._share_url()
        self.share_link.value = url
        page, _, fragment = url.partition("#")
        page = re.sub(r"([?&])(details|markers|legend|controls|embed|present)=[^&]*", r"\1", page)
        page = re.sub(r"[?&]+$", "", re.sub(r"&&+", "&", page)).replace("?&", "?")
        look = {k: w.value for k, w in self.share_options.items() if w.value != EMBED_OPTIONS[k][0]}
        query = urlencode({"embed": "true", **look})
        embed_url = page + ("&" if "?" in page else "?") + query + ("#" + fragment if fragment else "")
        width, height = EMBED_SIZES[self.share_size.value]
        self.share_code.value = (f'<iframe src="{html_escape(embed_url)}" width="{width}" '
                                 f'height="{height}" title="Trigger Point Atlas" style="border:0; '
                                 f'max-width:100%"></iframe>')
        self.share_preview.object = _preview_html(embed_url, width, height) if self.share_dialog.visible else ""

    def _link_parts(self) -> tuple[str, str]:
        """(query, fragment) of the link to this view.  Painted pain goes in the fragment
        (``#pain=...``): browsers never send it to a server, so it stays out of access logs."""
        state = self.session.url_state()
        pain = state.pop("pain", "")
        query = urlencode(state)
        return ("?" + query if query else ""), ("#" + urlencode({"pain": pain}) if pain else "")

    def _share_url(self) -> str:
        loc = pn.state.location
        base = ""
        if loc is not None and loc.href:
            base = loc.href.split("?")[0].split("#")[0]
        query, fragment = self._link_parts()
        return base + query + fragment

    def _push_url(self):
        loc = pn.state.location
        if loc is None:
            return
        query, fragment = self._link_parts()
        if self.embed:
            query += ("&" if query else "?") + "embed=true"
        loc.search = query
        self._last_hash = fragment
        loc.hash = fragment

    def _watch_fragment(self):
        """Painted pain arrives in the link's fragment once the browser reports it."""
        loc = pn.state.location
        if loc is None:
            return
        loc.param.watch(lambda e: self._guard(self._on_fragment, e.new), ["hash"])
        if loc.hash:
            self._guard(self._on_fragment, loc.hash)

    def _on_fragment(self, fragment: str) -> None:
        if not fragment or fragment == self._last_hash:
            return
        self._last_hash = fragment
        args = {k: v for k, v in parse_qs(fragment.lstrip("#")[:4000]).items() if k == "pain"}
        if not args:
            return
        self.session.apply_url({"pain": args["pain"][0]})
        if self.session.painted:
            self.session.mode = "pain"

    def _refresh_all(self):
        self._on_mode()
        self._on_filters()
        self._on_selection()
        self._on_painted()
        self._show_notices()
        self._on_camera()
        self._on_tour()

    # --- layout -------------------------------------------------------------------------------
    def __panel__(self):
        return self.layout()

    def layout(self):
        """The page, built once per session."""
        if self._layout is None:
            self._lazy_parts: list = []
            self._layout = self._build_layout()
            # the waiting parts too (they join when first shown); the parts made later share theirs then
            self._share_stylesheets([self._layout, *self._lazy_parts])
        return self._layout

    def _share_stylesheets(self, roots) -> None:
        """Swap each big stylesheet for its URL (atlas.ui.shared_files) when the server serves them."""
        if self.share_css:
            shared_files.link_stylesheets(roots)

    def _build_layout(self):
        """One column on narrow screens (the body first, then one panel at a time chosen by the
        tabs), three columns on wide ones; the breakpoints live in layout.css."""
        buttons = self.controls
        if self.embed:
            return self._build_embed(buttons)
        self._view_area = view_area = pn.Column(
            sizing_mode="stretch_both", min_height=320, css_classes=["atlas-body-column"],
            stylesheets=[LAYOUT_CSS])
        self._lay_out(view_area, [self.present_exit, buttons, self.view, self.legend], lazy=[self.present_exit])
        # the title and the disclaimer in one pane; presentation keeps only the disclaimer
        self.header = pn.pane.HTML(self._header_html(), sizing_mode="stretch_width",
                                   stylesheets=[PANEL_CSS, APP_CSS], margin=(5, 10, 0, 10))
        self.mode.css_classes = ["atlas-mode"]
        sidebar = pn.Column(sizing_mode="stretch_both", scroll=True, css_classes=["atlas-find-column"],
                            stylesheets=[LAYOUT_CSS])
        self._lay_out(sidebar, [self.mode, self.search, self.results, *self.explore_tools, self.pain_tools,
                                self.quiz.column], lazy=[self.results, self.pain_tools, self.quiz.column])
        right = pn.Column(sizing_mode="stretch_both", scroll=True, css_classes=["atlas-details-column"])
        compare = self.point_compare
        self._lay_out(right, [pn.Row(self.share, self.handout_explore), self.share_dialog, self.tour_bar,
                              compare.column, self.details, compare.note],
                      lazy=[self.share_dialog, self.tour_bar, compare.column, compare.note])
        # a Row whose children wrap (layout.css): pn.FlexBox draws the same with two browser
        # models and a template per session
        self._columns = pn.Row(
            self.tabs, sidebar, view_area, right, sizing_mode="stretch_both",
            css_classes=["atlas-columns", f"atlas-show-{self.tabs.value}"], stylesheets=[LAYOUT_CSS])
        self._chrome = [sidebar, right, buttons, self.tabs]
        self._layout = pn.Column(sizing_mode="stretch_both", stylesheets=[PANEL_CSS, LAYOUT_CSS])
        self._lay_out(self._layout, [self.header, self.notices, self._columns], lazy=[self.notices])
        if self._present_at_start:
            self._set_present(True)
        self._on_look()
        return self._layout

    def _lay_out(self, layout, parts: list, lazy: list) -> None:
        """``layout`` holds ``parts`` in this order, but each of ``lazy`` (made on first use and
        hidden till then) joins only when it is first shown: a hidden, empty placeholder is still
        a browser model in every session's first document, and most visits never open it."""

        def placed(part) -> bool:
            return any(p is part for p in layout.objects)

        def join(part) -> None:
            if not placed(part):
                layout.objects = [p for p in parts if p is part or placed(p)]

        layout.objects = [p for p in parts if not any(p is q for q in lazy) or p.visible]
        self._lazy_parts += [part for part in lazy if not placed(part)]
        for part in lazy:
            part.param.watch(lambda event, part=part: event.new and join(part), "visible")

    def _build_embed(self, buttons):
        """A course page's iframe: the body with its buttons; the details in a drawer over it.
        The view takes the height the other parts leave (layout.css); the buttons, the
        disclaimer and the key are compact where the pointer is a mouse (EMBED_CSS)."""
        note = pn.pane.HTML(details.disclaimer_html(), sizing_mode="stretch_width",
                            stylesheets=[PANEL_CSS, EMBED_CSS], margin=(2, 5))
        # a 560 x 420 frame leaves the body under 300 px of height: let it shrink to fit
        self.view.min_height, self.view.margin = 180, (0, 5)
        self.view.stylesheets = [*self.view.stylesheets, ".atlas-view.atlas-view, .body-view.body-view { min-height: 180px !important; }"]
        self.legend.stylesheets = [*self.legend.stylesheets, EMBED_CSS]
        self.notices.margin = (0, 10)
        close = pn.widgets.Button(label="Close the details", color="default", margin=(8, 0, 0, 0),
                                  stylesheets=[FOCUS_CSS, EMBED_CSS])
        close.on_click(lambda e: setattr(self.controls, "drawer", False))
        self._drawer = pn.Column(css_classes=["atlas-drawer"], scroll=True, visible=False,
                                 stylesheets=[LAYOUT_CSS])
        self._lay_out(self._drawer, [close, self.tour_bar, self.details], lazy=[self.tour_bar])
        # the drawer covers the view only, never the buttons above it or the key below
        stage = pn.Column(self.view, self._drawer, sizing_mode="stretch_both", margin=0,
                          css_classes=["atlas-embed-stage"], stylesheets=[LAYOUT_CSS])
        self._view_area = pn.Column(
            buttons, stage, self.legend, sizing_mode="stretch_both", min_height=260,
            css_classes=["atlas-embed-body"], stylesheets=[LAYOUT_CSS], margin=0)
        self._chrome = [buttons]
        self._columns = self._view_area
        self._layout = pn.Column(sizing_mode="stretch_both", stylesheets=[PANEL_CSS])
        self._lay_out(self._layout, [note, self.notices, self._view_area], lazy=[self.notices])
        self._on_look()
        return self._layout


def _preview_html(url: str, width: str, height: str) -> str:
    """The embed at its real size, shrunk to PREVIEW_WIDTH: a picture of what the course page
    will show (``inert``: not a second atlas to Tab through)."""
    w, h = (800 if width.endswith("%") else int(width)), int(height)
    scale = min(1.0, PREVIEW_WIDTH / w)
    return (f'<p class="atlas-preview-label">Preview ({w} \u00d7 {h}, shown at {round(scale * 100)}%):</p>'
            f'<div class="atlas-preview" inert style="width:{round(w * scale)}px; height:{round(h * scale)}px; '
            'overflow:hidden; border:1px solid #8a94a6; border-radius:4px">'
            f'<iframe src="{html_escape(url)}" width="{w}" height="{h}" title="Preview of the embedded atlas" '
            f'style="border:0; transform:scale({scale:.4f}); transform-origin:0 0"></iframe></div>')


def _b64(data: bytes) -> str:
    import base64

    return base64.b64encode(data).decode("ascii")


# Panel's vtk.js (the 3D view draws with it) and our Panel settings; no browser-info model.
EXTENSION_ARGS = ("vtk",)
EXTENSION_SETTINGS = {"notifications": False, "browser_info": False}
_PROCESS_WIDE = {"extension": False}


def load_extension_once() -> None:
    """Load the extension for every session of this process (``atlas serve``, before the first
    one): per session it was 3 ms of each page build.  Elsewhere (a notebook, ``panel serve``)
    :func:`create_app` loads it per session, as Panel expects."""
    if pn.state.curdoc is None:
        pn.extension(*EXTENSION_ARGS, **EXTENSION_SETTINGS)
        _PROCESS_WIDE["extension"] = True


def create_app(asset_url: str = "", on_session_closed=None, share_css: bool = False):
    """A fresh app for one browser session (what the server calls per page load).

    ``asset_url`` is where the server serves the body asset (else it is sent inline);
    ``on_session_closed`` is called when the browser session ends; ``share_css``: the server
    serves atlas.ui.shared_files, so widgets link to it instead of carrying copies."""
    if not _PROCESS_WIDE["extension"]:
        pn.extension(*EXTENSION_ARGS, **EXTENSION_SETTINGS)
    if pn.state.curdoc is not None:
        pn.state.curdoc.template = PAGE_TEMPLATE
        if share_css:
            variables = pn.state.curdoc.template_variables
            variables["atlas_preloads"] = shared_files.preloads(asset_url)
            variables["atlas_first_frame"] = shared_files.first_frame(asset_url, atlas.load().scene.presets["front"])
            variables["atlas_first_frame_js"] = FIRST_FRAME_JS
    if on_session_closed is not None:
        pn.state.on_session_destroyed(on_session_closed)
    try:
        app = AtlasApp(_session_args(), asset_url=asset_url, share_css=share_css)
        page = app.layout()
    except Exception:  # noqa: BLE001 - the user gets a page, the log gets the details
        import logging

        logging.getLogger("atlas").exception("could not build the page")
        return pn.pane.HTML(
            "<h2>Trigger Point Atlas</h2><p>Sorry, this page could not be prepared. Please reload; "
            "if it keeps happening, open the atlas without the extra settings in the link.</p>"
            f"<p>{DISCLAIMER}</p>")
    page.atlas_app = app  # for tests and debugging
    if pn.state.curdoc is not None:
        pn.state.curdoc.atlas_app = app  # a session built ahead follows its link (follow_link)
    return page

