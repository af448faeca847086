"""The browser app: layout and wiring between widgets, the session state and the 3D view.

``create_app()`` builds one fresh session per browser tab; the data (engine, scene) is loaded
once per process by :mod:`atlas.store` and shared read-only.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from urllib.parse import parse_qs, urlencode

import panel as pn
from panel.io.resources import get_env

import atlas
from atlas.data.vocabulary import DISCLAIMER
from atlas.views import html as details
from atlas.views import palette
from atlas.views.record import point_view
from atlas.ui.body_view import BodyView
from atlas.ui.upload import DrawingUpload
from atlas.ui.session import Session
from atlas.data.vocabulary import AREA_LABELS, BODY_AREAS

HERE = Path(__file__).parent
APP_CSS = palette.css_variables() + (HERE / "style.css").read_text()
LAYOUT_CSS = (HERE / "layout.css").read_text()
# A focus ring keyboard users can see (2 px, well over 3:1 against the page), in every widget.
FOCUS_CSS = palette.css_variables() + (
    ":host *:focus-visible { outline: 2px solid var(--atlas-outline) !important; "
    "outline-offset: 2px !important; box-shadow: 0 0 0 4px #ffffff !important; }")
# Phones and tablets lay the page out at their own width only with a viewport tag.
PAGE_TEMPLATE = get_env().from_string(
    '{% extends "base.html" %}{% block preamble %}{{ super() }}'
    '<meta name="viewport" content="width=device-width, initial-scale=1">{% endblock %}')
PANEL_CSS = details.panel_css()
# Served as files by atlas.ui.server (``share_css``): one cached download per browser instead
# of a copy inside every widget of every session's first document (about 30 kB a session).
SHARED_CSS = {f"atlas-assets/{name}-{hashlib.sha256(css.encode()).hexdigest()[:12]}.css": css
              for name, css in (("focus", FOCUS_CSS), ("details", PANEL_CSS))}
SHARED_CSS_URL = {css: url for url, css in SHARED_CSS.items()}
CHOOSE = "\u2014 choose \u2014"


def _truthy(value) -> bool:
    if isinstance(value, (list, tuple)):
        value = value[0] if value else b""
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    return str(value).lower() in ("1", "true", "yes", "on")


def _session_args() -> dict[str, str]:
    """URL query values of this session as plain strings (first value of each key)."""
    out = {}
    for key, values in (pn.state.session_args or {}).items():
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


SEARCH_GROUPS = (("condition", "Condition"), ("muscle", "Muscle"), ("point", "Point"),
                 ("region", "Body region"))


def search_labels(hits) -> dict[str, str]:
    """Search hits as list entries, grouped Conditions / Muscles / Points / Regions (best first
    within each); a point names its muscle."""
    out = {}
    for kind, label in SEARCH_GROUPS:
        for h in (h for h in hits if h.kind == kind):
            title = f"{h.subtitle}: {h.title}" if kind == "point" else h.title
            out[f"{label} · {title}"] = f"{h.kind}:{h.id}"
    return out


@lru_cache(maxsize=4)
def region_name_index(engine) -> dict[str, str]:
    """Region display names (with side) -> region ids, built once per process."""
    return {r.name: r.id for r in engine.body.regions}


class AtlasApp(pn.viewable.Viewer):
    """Widgets + layout for one session; all state lives in ``self.session``.  A Panel Viewer:
    display it, serve it or put it in a layout like any Panel object."""

    def __init__(self, args: dict[str, str] | None = None, asset_url: str = "", share_css: bool = False):
        super().__init__()
        self._layout = None
        self.asset_url = asset_url  # where the server serves the body; "" sends it inline
        self.share_css = share_css  # the server serves SHARED_CSS; else every copy is inline
        self.engine = atlas.load().engine
        self.scene = atlas.load().scene
        self.session = Session(self.engine, self.scene)
        args = args or {}
        self.embed = _truthy(args.get("embed", ""))
        self._failing = False
        self._build_widgets()
        self._style_widgets()
        self._wire()
        self._last_hash = ""
        self.session.apply_url(args)
        self._refresh_all()
        self._watch_fragment()

    # --- widgets ----------------------------------------------------------------------------
    def _build_widgets(self) -> None:
        eng, s = self.engine, self.session
        asset = {"asset_url": self.asset_url} if self.asset_url else {"asset_b64": _b64(self.scene.asset)}
        self.view = BodyView(
            **asset, camera=s.camera, n_vertices=len(self.scene.body.vertices),
            n_markers=len(self.scene.markers), on_pick=lambda e: self._guard(self._on_pick, e),
            on_stroke=lambda e: self._guard(self._on_stroke, e),
            sizing_mode="stretch_both", min_height=300, alt_text=details.alt_text(eng, s))
        # One box, one list: the results below it (grouped by kind) are the only suggestions.
        self._search_index = search_index(self.engine)
        self.search = pn.widgets.TextInput(
            name="Search", placeholder="Muscle, point, body region or condition",
            sizing_mode="stretch_width")
        self.results = pn.widgets.Select(name="Search results (best first)", options={}, size=8,
                                         sizing_mode="stretch_width", visible=False)
        # bound to the session's params both ways by Panel
        self.area = pn.widgets.Select.from_param(
            s.param.area, name="Body area", sizing_mode="stretch_width",
            options={"All areas": "", **{AREA_LABELS[a]: a for a in BODY_AREAS}})
        conds = sorted(eng.cat.conditions.values(), key=lambda c: c.name.lower())
        self.condition = pn.widgets.Select(name="Condition", options={"All conditions": "", **{
            c.name: c.id for c in conds}}, sizing_mode="stretch_width")
        self.points = pn.widgets.Select(name="Trigger points (use arrow keys)", options={}, size=14,
                                        sizing_mode="stretch_width")
        self.mode = pn.widgets.RadioButtonGroup.from_param(
            s.param.mode, name="", options={"Explore": "explore", "Where does it hurt?": "pain"},
            button_type="primary", button_style="outline")
        self.view_buttons = [pn.widgets.Button(name=label, button_type="default", width=62, margin=(5, 3))
                             for label in ("Front", "Back", "Left", "Right", "Head")]
        self.side = pn.widgets.RadioButtonGroup(options={"Left side": "left", "Right side": "right"},
                                                value="left", visible=False)
        # Focus mode: with a point selected the other dots step aside; this brings them back.
        self.show_all = pn.widgets.Toggle(name="Show all points", value=False, button_type="default",
                                          margin=(5, 3))
        self.show_all.link(self.view, value="show_all")
        self.colour_blind = pn.widgets.Toggle(name="Colour-blind colours", value=False,
                                              button_type="default", margin=(5, 3))
        # pain tools
        region_names = region_name_index(self.engine)
        self.region_pick = pn.widgets.AutocompleteInput(
            name="Add a painful region by name", options=sorted(region_names), case_sensitive=False,
            search_strategy="includes", min_characters=2, restrict=True, sizing_mode="stretch_width",
            placeholder="e.g. Temple (left)")
        self._region_names = region_names
        self.brush = pn.widgets.IntSlider(name="Brush size", start=6, end=60, value=18, step=2)
        self.erase = pn.widgets.Toggle(name="Eraser", button_type="default")
        self.undo = pn.widgets.Button(name="Undo", button_type="default", disabled=True)
        self.clear = pn.widgets.Button(name="Clear", button_type="default")
        self.candidates = pn.widgets.Select(name="Likely sources (best first)", options={}, size=8,
                                            sizing_mode="stretch_width")
        self.candidates_text = pn.pane.HTML("", sizing_mode="stretch_width", stylesheets=[PANEL_CSS])
        self.details = pn.pane.HTML(details.empty_html(), sizing_mode="stretch_width", stylesheets=[PANEL_CSS])
        self.legend = pn.pane.HTML(details.legend_html(), sizing_mode="stretch_width", stylesheets=[PANEL_CSS])
        self.notices = pn.pane.HTML("", sizing_mode="stretch_width", stylesheets=[PANEL_CSS])
        self.share = pn.widgets.Button(name="Share", button_type="light")
        self.share_box = pn.widgets.TextAreaInput(name="Link and embed code", rows=4, visible=False,
                                                  sizing_mode="stretch_width")
        self.handout = pn.widgets.FileDownload(
            callback=self._handout_bytes, filename="trigger-point-handout.pdf", label="Download handout",
            button_type="primary", sizing_mode="stretch_width")
        self.pain_json = pn.widgets.FileDownload(callback=lambda: self._pain_file("json"),
                                                 filename="pain-drawing.json", label="Save pain drawing (JSON)")
        self.pain_csv = pn.widgets.FileDownload(callback=lambda: self._pain_file("csv"),
                                                filename="pain-drawing.csv", label="Save as CSV")
        self.pain_load = DrawingUpload(on_refused=lambda size: self._guard(self._refuse_drawing, size),
                                       label="Load a pain drawing")
        self.handout_explore = pn.widgets.FileDownload(
            callback=self._handout_bytes, filename="trigger-point-handout.pdf", label="Handout (PDF)",
            button_type="light")
        self.explore_tools = pn.Column(self.area, self.condition, self.points, sizing_mode="stretch_width")
        # The pain tools join the page the first time "Where does it hurt?" is chosen: most
        # visits only explore, and a page build is mostly the browser models of its widgets
        # (a burst of new sessions holds the server's event loop for that long).
        self._pain_tool_items = [
            pn.pane.HTML("<p>Paint where it hurts: drag on the body (shift-drag or two fingers "
                         "turns it), or add regions by name.</p>", stylesheets=[PANEL_CSS]),
            self.region_pick, pn.Row(self.undo, self.clear, self.erase), self.brush,
            self.candidates, self.candidates_text, self.handout, pn.Row(self.pain_json, self.pain_csv),
            pn.pane.HTML("<p>Load a saved drawing:</p>", stylesheets=[PANEL_CSS]), self.pain_load]
        self.pain_tools = pn.Column(sizing_mode="stretch_width", visible=False)

    # --- wiring -------------------------------------------------------------------------------
    def _watch(self, obj, fn, names) -> None:
        """Watch ``names`` on ``obj`` with ``fn`` guarded (see :meth:`_guard`)."""
        obj.param.watch(lambda *events: self._guard(fn, *events), names)

    def _style_widgets(self) -> None:
        focus = SHARED_CSS_URL[FOCUS_CSS] if self.share_css else FOCUS_CSS
        for widget in vars(self).values():
            if isinstance(widget, pn.widgets.Widget):
                widget.stylesheets = [*widget.stylesheets, focus]
        for button in self.view_buttons:
            button.stylesheets = [*button.stylesheets, focus]

    def _wire(self) -> None:
        s = self.session
        self._watch(s, self._on_selection, ["point", "side"])
        self._watch(s, self._on_painted, ["painted"])
        self._watch(s, self._on_filters, ["area", "condition"])
        self._watch(s, self._on_camera, ["camera_seq"])
        self._watch(s, self._on_mode, ["mode"])
        self._watch(s, lambda *e: self._show_notices(), ["notices"])
        self._watch(s, lambda *e: self._push_url(), ["point", "side", "mode", "area", "condition", "view", "painted"])
        self._watch(self.search, self._on_search, ["value"])
        self._watch(self.search, self._on_typing, ["value_input"])
        self._watch(self.results, self._on_result, ["value"])
        self._watch(self.condition, lambda e: setattr(s, "condition", e.new or ""), ["value"])
        self._watch(self.points, self._on_list_pick, ["value"])
        for button in self.view_buttons:
            button.on_click(lambda e, name=button.name.lower(): self._guard(s.show_view, name))
        self._watch(self.side, lambda e: s.point and s.select(s.point, e.new), ["value"])
        self._watch(self.region_pick, self._on_region_pick, ["value"])
        self._watch(self.brush, lambda e: setattr(self.view, "brush_px", float(e.new)), ["value"])
        self._watch(self.erase, lambda e: setattr(self.view, "erase", bool(e.new)), ["value"])
        self.undo.on_click(lambda e: self._guard(s.undo))
        self.clear.on_click(lambda e: self._guard(s.clear_pain))
        self._watch(self.candidates, self._on_candidate, ["value"])
        self.share.on_click(lambda e: self._guard(self._on_share))
        self._watch(self.pain_load, self._on_pain_load, ["value"])
        self._watch(self.colour_blind, self._on_colours, ["value"])

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
    def _on_pick(self, event) -> None:
        def run():
            if event["kind"] == "marker":
                if self.session.mode == "pain":
                    self.session.mode = "explore"
                self.session.pick_marker(event["index"])
            elif self.session.mode == "pain":
                ring = self.scene.body.region_vertices[self.scene.body.region_of_vertex[event["vertex"]]]
                self.session.paint([int(v) for v in ring])
            else:
                r = self.scene.body.regions[self.scene.body.region_of_vertex[event["vertex"]]]
                self.session.notify(f"You clicked the skin at: {r.name}. Switch to \u201cWhere does it hurt?\u201d "
                                    "to find trigger points that refer pain here.")
        run()

    def _on_stroke(self, event) -> None:
        self.session.paint(event["vertices"], event["erase"])

    # session -> widgets and view
    def _on_selection(self, *_):
        s, v = self.session, self.view
        with pn.io.hold():
            v.zone = s.zone_wire()
            v.outline = s.outline()
            v.selected = s.selected_marker()
            v.alt_text = details.alt_text(self.engine, s)
            if s.point:
                self.details.object = self._keyed(details.point_html(point_view(self.engine, s.point, s.side)))
                tp = self.engine.cat.points[s.point]
                self.side.visible = len(tp.sides) == 2
                self.side.value = s.side
                if s.point in self.points.options.values():
                    self.points.value = s.point
            else:
                self.details.object = details.empty_html()
                self.side.visible = False

    def _on_painted(self, *_):
        s = self.session
        with pn.io.hold():
            self.view.painted = list(s.painted)
            self.undo.disabled = not s.can_undo
            muscles = s.candidate_muscles()
            self.candidates.options = {CHOOSE: "", **details.candidate_options(self.engine, muscles)}
            self.candidates.value = ""
            self.candidates_text.object = self._keyed(details.candidates_html(self.engine, muscles))
            self.view.alt_text = details.alt_text(self.engine, s)

    def _on_filters(self, *_):
        s = self.session
        with pn.io.hold():
            self.view.marker_state = s.marker_state()
            self.view.hide_dimmed = bool(s.area or s.condition)
            self.condition.value = s.condition
            self._fill_points()

    def _fill_points(self):
        cat = self.engine.cat
        self.points.options = {CHOOSE: "", **{
            f"{cat.muscles[cat.points[p].muscle].name} \u2013 {cat.points[p].name}": p
            for p in self.session.visible_points()}}
        self.points.value = self.session.point if self.session.point in self.points.options.values() else ""

    def _on_camera(self, *_):
        self.view.camera = dict(self.session.camera, seq=self.session.camera_seq)

    def _on_colours(self, *_):
        """Switch the zone colours everywhere on the page: the 3D view and every colour key."""
        with pn.io.hold():
            self.view.colours = self._scheme()
            self.legend.object = self._keyed(details.legend_html())
            self._on_selection()
            self._on_painted()

    def _scheme(self) -> str:
        return "colour_blind" if self.colour_blind.value else "standard"

    def _keyed(self, html: str) -> str:
        """HTML whose colour keys follow the chosen scheme (a style scoped to its pane)."""
        if self._scheme() == "standard":
            return html
        return f"<style>{palette.css_variables(scheme=self._scheme())}</style>{html}"

    def _on_mode(self, *_):
        pain = self.session.mode == "pain"
        self.view.mode = "paint" if pain else "explore"
        if pain and not self.pain_tools.objects:
            self.pain_tools.objects = self._pain_tool_items
        self.pain_tools.visible = pain
        self.explore_tools.visible = not pain

    def _show_notices(self):
        self.notices.object = details.notices_html(self.session.notices[-3:])

    # widgets -> session
    def _on_search(self, event):
        text = (event.new or "").strip()
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

    def _on_region_pick(self, event):
        rid = self._region_names.get(event.new or "")
        if rid:
            self.session.paint_regions([rid])
            self.region_pick.value = ""

    def _on_candidate(self, event):
        if event.new:
            point, _, side = event.new.partition(":")
            self.session.select(point, side or None)

    def _handout_bytes(self):
        """Made in this session and sent to the browser; the server keeps nothing."""
        import io

        from atlas.exports import handout

        s = self.session
        if s.painted:
            data = handout.build(self.engine, self.scene, s.painted)
        elif s.point:
            data = handout.build(self.engine, self.scene, points=[(s.point, s.side)])
        else:
            s.notify("Paint where it hurts or choose a point first; the handout explains those points.")
            return None
        return io.BytesIO(data)

    def _pain_file(self, kind: str):
        import io

        from atlas.exports import paindrawing

        drawing = paindrawing.PainDrawing(tuple(self.session.painted))
        text = (paindrawing.to_json if kind == "json" else paindrawing.to_csv)(drawing, self.engine.body)
        return io.StringIO(text)

    def _on_pain_load(self, event):
        from atlas.exports import paindrawing

        if not event.new:
            return
        if len(event.new) > paindrawing.MAX_DRAWING_BYTES:
            self._refuse_drawing(len(event.new))
            return
        try:
            text = event.new.decode("utf-8") if isinstance(event.new, bytes) else str(event.new)
            drawing = paindrawing.from_text(text, self.engine.body)
        except (UnicodeDecodeError, paindrawing.PainDrawingError) as exc:
            reason = exc.args[0] if isinstance(exc, paindrawing.PainDrawingError) else "not a text file"
            self.session.notify(f"That file could not be loaded as a pain drawing: {reason}.")
            return
        self.session.mode = "pain"
        self.session.clear_pain()
        self.session.paint(list(drawing.vertices))

    def _refuse_drawing(self, size: int) -> None:
        from atlas.exports import paindrawing

        self.session.notify("That file could not be loaded as a pain drawing: "
                            f"{paindrawing.too_large(size)}.")

    def _on_share(self, *_):
        url = self._share_url()
        page, _, fragment = url.partition("#")
        embed_url = page + ("&" if "?" in page else "?") + "embed=true" + ("#" + fragment if fragment else "")
        self.share_box.value = (f"{url}\n\n<iframe src=\"{embed_url}\" width=\"800\" height=\"600\" "
                                f"title=\"Trigger Point Atlas\" style=\"border:0\"></iframe>")
        self.share_box.visible = not self.share_box.visible

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

    # --- layout -------------------------------------------------------------------------------
    def __panel__(self):
        return self.layout()

    def layout(self):
        """The page, built once per session."""
        if self._layout is None:
            self._layout = self._build_layout()
            self._share_stylesheets([self._layout, *self._pain_tool_items])
        return self._layout

    def _share_stylesheets(self, roots) -> None:
        """Swap each big stylesheet for its URL (see SHARED_CSS) when the server serves them."""
        if not self.share_css:
            return
        for root in roots:
            for obj in root.select():
                sheets = getattr(obj, "stylesheets", None)
                if sheets and any(s in SHARED_CSS_URL for s in sheets):
                    obj.stylesheets = [SHARED_CSS_URL.get(s, s) for s in sheets]

    def _build_layout(self):
        """One column on narrow screens (the body first), three columns on wide ones; the
        breakpoints live in layout.css."""
        view_area = pn.Column(
            pn.FlexBox(*self.view_buttons, self.side, self.show_all, self.colour_blind,
                       sizing_mode="stretch_width"),
            self.view, self.legend, sizing_mode="stretch_both", min_height=320,
            css_classes=["atlas-body-column"])
        if self.embed:
            note = pn.pane.HTML(details.disclaimer_html(), sizing_mode="stretch_width",
                                stylesheets=[PANEL_CSS])
            return pn.Column(note, self.notices, view_area, self.details, sizing_mode="stretch_both",
                             stylesheets=[PANEL_CSS])
        header = pn.pane.HTML(
            '<div class="atlas-header"><h1>Trigger Point Atlas</h1>'
            '<span class="tag">Referred pain from myofascial trigger points, on a 3D body</span></div>'
            + details.disclaimer_html(), sizing_mode="stretch_width", stylesheets=[PANEL_CSS, APP_CSS])
        sidebar = pn.Column(self.mode, self.search, self.results, self.explore_tools, self.pain_tools,
                            sizing_mode="stretch_both", scroll=True, css_classes=["atlas-find-column"])
        right = pn.Column(pn.FlexBox(self.share, self.handout_explore), self.share_box, self.details,
                          sizing_mode="stretch_both", scroll=True, css_classes=["atlas-details-column"])
        columns = pn.FlexBox(sidebar, view_area, right, flex_wrap="wrap", sizing_mode="stretch_both",
                             css_classes=["atlas-columns"], stylesheets=[LAYOUT_CSS])
        return pn.Column(header, self.notices, columns, sizing_mode="stretch_both",
                         stylesheets=[PANEL_CSS, LAYOUT_CSS])


def _b64(data: bytes) -> str:
    import base64

    return base64.b64encode(data).decode("ascii")


def create_app(asset_url: str = "", on_session_closed=None, share_css: bool = False):
    """A fresh app for one browser session (what the server calls per page load).

    ``asset_url`` is where the server serves the body asset (else it is sent inline);
    ``on_session_closed`` is called when the browser session ends; ``share_css``: the server
    serves SHARED_CSS, so widgets link to it instead of carrying copies."""
    pn.extension("vtk", notifications=False)
    if pn.state.curdoc is not None:
        pn.state.curdoc.template = PAGE_TEMPLATE
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
    return page

