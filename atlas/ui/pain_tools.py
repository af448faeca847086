"""The "Where does it hurt?" tools of the app: the brush (size, intensity 0-10, qualities),
the drawing's date, label and symptoms, warning notes, the ranked sources, saving and loading
drawings, comparing two drawings, and the handout builder (client name, date and clinic typed
here and kept only in this session's memory; the 1-3 points worked on).

:class:`PainTools` is a Panel Viewer the app creates with its session; its widgets join the
page (``column``) the first time the pain mode is chosen; they are made then (or when first needed)."""

from __future__ import annotations

import datetime as dt
import html
import io
from functools import lru_cache

import panel as pn

from atlas.exports import fhir, handout, paindrawing
from atlas.exports.paindrawing import QUALITIES, SYMPTOMS, PainDrawing, PainDrawingError
from atlas.ui.upload import DrawingUpload
from atlas.views import html as details
from atlas.views import palette

PANEL_CSS = details.panel_css()
CHOOSE = "\u2014 choose \u2014"


@lru_cache(maxsize=4)
def region_name_index(engine) -> dict[str, str]:
    """Region display names (with side) -> region ids, built once per process."""
    return {r.name: r.id for r in engine.body.regions}


def intensity_legend_html() -> str:
    """The 0-10 colour scale the handout uses, as a small key."""
    cells = "".join(
        f'<span title="{i}" style="display:inline-block;width:8.5%;height:12px;'
        f'background:rgb{palette.intensity_rgb(i)}"></span>' for i in range(11))
    return (f'<div class="atlas-intensity-key" aria-hidden="true" style="width:100%">{cells}<br>'
            '<small>0 none \u2026 10 worst</small></div>')


def _change(value) -> str:
    return "\u2014" if value is None else f"{value:+.1f}"


def compare_html(c: dict) -> str:
    """Two drawings compared: the numbers, then a small table per CHOIR segment."""
    e = html.escape
    rows = "".join(
        f"<tr><td>{s['segment']}</td><td>{s['before_cm2']:.1f}</td><td>{s['after_cm2']:.1f}</td>"
        f"<td>{s['before_intensity']:.1f}</td><td>{s['after_intensity']:.1f}</td>"
        f"<td>{_change(s['intensity_change'])}</td></tr>" for s in c["segments"])
    return (
        f'<div class="atlas-compare"><p><b>Compared with {e(c["other"])}</b></p><ul>'
        f'<li>Painted area: <span class="cmp-area">{c["before_cm2"]:.1f} \u2192 {c["after_cm2"]:.1f} cm\u00b2</span> '
        f'({c["before_percent"]:.2f}% \u2192 {c["after_percent"]:.2f}% of the body)</li>'
        f'<li>Overlap (Jaccard): <span class="cmp-jaccard">{c["jaccard"]:.2f}</span></li>'
        f'<li>Mean intensity: <span class="cmp-intensity">{c["before_intensity"]:.1f} \u2192 '
        f'{c["after_intensity"]:.1f} ({c["intensity_change"]:+.1f})</span></li></ul>'
        '<table class="cmp-segments"><caption>Per CHOIR body-map segment (first = the loaded file, '
        'second = this drawing)</caption><tr><th>segment</th><th>cm\u00b2 first</th><th>cm\u00b2 now</th>'
        f'<th>intensity first</th><th>now</th><th>change</th></tr>{rows}</table></div>')


class PainTools(pn.viewable.Viewer):
    """The pain drawing tools for one session (``app``: the AtlasApp that owns them)."""

    def __init__(self, app, **params):
        super().__init__(**params)
        self.app = app
        self.session, self.engine = app.session, app.engine
        self._compare_with: PainDrawing | None = None
        self._compare_name = ""
        self._last: PainDrawing | None = None  # the last drawing loaded, compared or saved
        self.column = pn.Column(sizing_mode="stretch_width", visible=False)
        self._built = False  # the widgets are made on first use (see __getattr__)

    def __getattr__(self, name):
        """The widgets are made the first time any of them is needed (the pain mode opened, a
        stroke in a quiz, a handout asked for): most visits only explore, and making them is a
        quarter of a session's build."""
        if name.startswith("_") or self.__dict__.get("_built", True):
            raise AttributeError(name)
        self.ensure()
        return object.__getattribute__(self, name)

    def ensure(self) -> None:
        if self._built:
            return
        self._built = True
        self._build()
        self._wire()
        self.app._focus_ring(list(vars(self).values()))
        self.app._share_stylesheets(self.items)
        self.refresh()

    def __panel__(self):
        return self.column

    # --- widgets ------------------------------------------------------------------------------
    def _build(self) -> None:
        region_names = self._region_names = region_name_index(self.engine)
        self.region_pick = pn.widgets.AutocompleteInput(
            label="Add a painful region by name", options=sorted(region_names), case_sensitive=False,
            search_strategy="includes", min_characters=2, restrict=True, sizing_mode="stretch_width",
            placeholder="e.g. Temple (left)")
        self.brush = pn.widgets.IntSlider(label="Brush size", start=6, end=60, value=18, step=2)
        self.intensity = pn.widgets.IntSlider(label="How much it hurts (0-10)", start=0, end=10,
                                              value=paindrawing.DEFAULT_INTENSITY, step=1)
        self.intensity.sizing_mode = "stretch_width"
        self.qualities = pn.widgets.CheckBoxGroup(
            label="What it feels like", options={words: q for q, words in QUALITIES.items()},
            value=[], inline=False, sizing_mode="stretch_width")
        self.symptoms = pn.widgets.CheckBoxGroup(
            label="Also noticed", options={w: s for s, w in SYMPTOMS.items()}, value=[], inline=True)
        self.erase = pn.widgets.Toggle(label="Eraser", color="default")
        self.undo = pn.widgets.Button(label="Undo", color="default", disabled=True)
        self.clear = pn.widgets.Button(label="Clear", color="default")
        self.date = pn.widgets.DatePicker(label="Date of this drawing", value=dt.date.today())
        self.label = pn.widgets.TextInput(label="Label (optional)", placeholder="e.g. before",
                                          max_length=paindrawing.MAX_LABEL)
        self.flags = pn.pane.HTML("", sizing_mode="stretch_width", stylesheets=[PANEL_CSS])
        self.candidates = pn.widgets.Select(label="Likely sources (best first)", options={}, size=8,
                                            sizing_mode="stretch_width")
        self.candidates_text = pn.pane.HTML("", sizing_mode="stretch_width", stylesheets=[PANEL_CSS])
        self.save_json = pn.widgets.FileDownload(callback=lambda: self.file("json"),
                                                 filename="pain-drawing.json", label="Save pain drawing (JSON)")
        self.save_csv = pn.widgets.FileDownload(callback=lambda: self.file("csv"),
                                                filename="pain-drawing.csv", label="Save as CSV")
        self.save_fhir = pn.widgets.FileDownload(callback=lambda: self.file("fhir"),
                                                 filename="pain-drawing.fhir.json", label="Save as FHIR")
        self.load = DrawingUpload(on_refused=lambda size: self.app._guard(self._refuse, size),
                                  label="Load a pain drawing")
        self.compare = DrawingUpload(on_refused=lambda size: self.app._guard(self._refuse, size),
                                     label="Compare with a saved drawing")
        self.compare_table = pn.pane.HTML("", sizing_mode="stretch_width", stylesheets=[PANEL_CSS])
        # a one-box group: its box and words are one <label>, so it is named for screen readers
        self.compare_on_body = pn.widgets.CheckBoxGroup(options={"Show the comparison on the body": "on"},
                                                        value=["on"], disabled=True)
        self.start_from_last = pn.widgets.Button(label="Start from the last drawing", color="default",
                                                 disabled=True)
        # the handout: typed for this session only, never stored on the server
        self.client_name = pn.widgets.TextInput(label="Client name (printed, not stored)", max_length=80)
        self.client_date = pn.widgets.TextInput(label="Date printed", value=f"{dt.date.today():%d %B %Y}",
                                                max_length=40)
        self.clinic = pn.widgets.TextInput(label="Clinic", max_length=80)
        self.chosen = pn.widgets.MultiChoice(label="Points worked on (1-3, with side)", options={},
                                             max_items=handout.MAX_POINTS, sizing_mode="stretch_width")
        self.therapist_page = pn.widgets.Checkbox(label="Add a therapist page (clinical notes)")
        self.handout = pn.widgets.FileDownload(
            callback=self.app._handout_bytes, filename="trigger-point-handout.pdf",
            label="Download handout", color="primary", sizing_mode="stretch_width")
        self.items = [
            pn.pane.HTML("<p>Paint where it hurts: drag on the body (shift-drag or two fingers "
                         "turns it), or add regions by name. Set how much it hurts and what it "
                         "feels like before each stroke.</p>", stylesheets=[PANEL_CSS]),
            self.region_pick, pn.Row(self.undo, self.clear, self.erase), self.brush,
            self.intensity, pn.pane.HTML(intensity_legend_html(), sizing_mode="stretch_width",
                                         stylesheets=[PANEL_CSS]),
            pn.pane.HTML("<p>What it feels like (this brush):</p>", stylesheets=[PANEL_CSS]), self.qualities,
            pn.pane.HTML("<p>Noticed with the pain:</p>", stylesheets=[PANEL_CSS]), self.symptoms, self.flags,
            self.candidates, self.candidates_text,
            self.date, self.label, self.save_json, pn.Row(self.save_csv, self.save_fhir),
            pn.pane.HTML("<p>Load a saved drawing:</p>", stylesheets=[PANEL_CSS]), self.load,
            self.start_from_last, self.compare, self.compare_on_body, self.compare_table,
            pn.pane.HTML("<p><b>Handout</b></p>", stylesheets=[PANEL_CSS]),
            self.client_name, self.client_date, self.clinic, self.chosen, self.therapist_page,
            self.handout]

    def _wire(self) -> None:
        app, s = self.app, self.session
        app._watch(self.region_pick, self._on_region_pick, ["value"])
        app._watch(self.brush, lambda e: setattr(app.view, "brush_px", float(e.new)), ["value"])
        app._watch(self.intensity, lambda e: setattr(app.view, "brush_intensity", int(e.new)), ["value"])
        app._watch(self.compare_on_body, lambda e: self._show_overlay(), ["value"])
        app._watch(self.erase, lambda e: setattr(app.view, "erase", bool(e.new)), ["value"])
        self.undo.on_click(lambda e: app._guard(s.undo))
        self.clear.on_click(lambda e: app._guard(s.clear_pain))
        app._watch(self.candidates, self._on_candidate, ["value"])
        app._watch(self.load, self._on_load, ["value"])
        app._watch(self.compare, self._on_compare, ["value"])
        app._watch(self.symptoms, lambda e: self.refresh(), ["value"])
        self.start_from_last.on_click(lambda e: app._guard(self._on_start_from_last))

    def show(self, visible: bool) -> None:
        if visible and not self.column.objects:
            self.ensure()
            self.column.objects = self.items
        self.column.visible = visible

    # --- painting -----------------------------------------------------------------------------
    @property
    def level(self) -> tuple[int, tuple[str, ...]]:
        """What the brush paints now: (intensity, qualities)."""
        return int(self.intensity.value), paindrawing.check_qualities(list(self.qualities.value))

    def stroke(self, vertices, erase: bool = False) -> None:
        self.session.paint(vertices, erase, level=self.level)

    def _on_region_pick(self, event):
        rid = self._region_names.get(event.new or "")
        if rid:
            body = self.engine.body
            self.stroke([int(v) for v in body.region_vertices[body.region_index[rid].index]])
            self.region_pick.value = ""

    def _on_candidate(self, event):
        if event.new:
            point, _, side = event.new.partition(":")
            self.session.select(point, side or None)

    def refresh(self) -> None:
        """After the painting changed: candidates, warning notes, comparison, handout choices."""
        s = self.session
        self.app.view.pain_levels = s.intensities()  # the 3D view colours each vertex by it
        if not self._built:  # nothing else to show yet
            return
        self.undo.disabled = not s.can_undo
        muscles = s.candidate_muscles()
        options = details.candidate_options(self.engine, muscles)
        self.candidates.options = {CHOOSE: "", **options}
        self.candidates.value = ""
        self.candidates_text.object = self.app._keyed(details.candidates_html(self.engine, muscles))
        self._fill_chosen(options)
        drawing = self.drawing(quiet=True)
        self.flags.object = self._flags_html(drawing, muscles) if drawing else ""
        if self._compare_with is not None and drawing is not None:
            self._show_compare(drawing)

    def _fill_chosen(self, options: dict) -> None:
        keep = [v for v in self.chosen.value if v in options.values()]
        self.chosen.options = {label: value for label, value in options.items() if ":" in value}
        self.chosen.value = keep

    def _flags_html(self, drawing: PainDrawing, muscles) -> str:
        notes = paindrawing.red_flags(drawing, self.engine.body)
        matches = [p for m in muscles for p in m.points]
        cautions = paindrawing.nerve_cautions(self.engine, drawing, matches)[:3]
        if not notes:
            return ""
        items = "".join(f"<li>{html.escape(n)}</li>" for n in notes)
        items += "".join(f"<li>{html.escape(m)}: {html.escape(c)}</li>" for m, c in cautions)
        return f'<div class="atlas-alert" role="alert"><b>See a clinician</b><ul>{items}</ul></div>'

    # --- the drawing as a file ------------------------------------------------------------------
    def drawing(self, quiet: bool = False) -> PainDrawing | None:
        """This session's drawing with its date, label and symptoms (None with a notice when the
        label cannot be used)."""
        s = self.session
        default = (paindrawing.DEFAULT_INTENSITY, ())
        groups: dict = {}
        for v in s.painted:
            groups.setdefault(s.levels.get(v, default), []).append(v)
        date = self.date.value.isoformat() if isinstance(self.date.value, dt.date) else ""
        try:
            return PainDrawing.layered([(vs, i, q) for (i, q), vs in groups.items()], date=date,
                                       label=self.label.value or "", symptoms=list(self.symptoms.value))
        except PainDrawingError as exc:
            if not quiet:
                s.notify(f"The drawing could not be saved: {exc}.")
            return None

    def file(self, kind: str):
        """The drawing as JSON, CSV or FHIR, made for this download only."""
        drawing = self.drawing()
        if drawing is None:
            return None
        body = self.engine.body
        write = {"json": paindrawing.to_json, "csv": paindrawing.to_csv, "fhir": fhir.to_fhir_json}[kind]
        if drawing.vertices:  # a saved drawing is the one to start from next time
            self._last = drawing
            self.start_from_last.disabled = False
        return io.StringIO(write(drawing, body))

    def _read(self, data) -> PainDrawing | None:
        if not data:
            return None
        if len(data) > paindrawing.MAX_DRAWING_BYTES:
            self._refuse(len(data))
            return None
        try:
            text = data.decode("utf-8") if isinstance(data, bytes) else str(data)
            return paindrawing.from_text(text, self.engine.body)
        except (UnicodeDecodeError, PainDrawingError) as exc:
            reason = exc.args[0] if isinstance(exc, PainDrawingError) else "not a text file"
            self.session.notify(f"That file could not be loaded as a pain drawing: {reason}.")
            return None

    def _on_load(self, event):
        drawing = self._read(event.new)
        if drawing is not None:
            self._last = drawing
            self.start_from_last.disabled = False
            self._apply(drawing)

    def _apply(self, drawing: PainDrawing, keep_date: bool = True) -> None:
        s = self.session
        s.mode = "pain"
        with pn.io.hold():
            if keep_date:
                self.date.value = dt.date.fromisoformat(drawing.date)
                self.label.value = drawing.label
            self.symptoms.value = list(drawing.symptoms)
            s.replace_pain(drawing.vertices, {v: (st.intensity, st.qualities)
                                              for st in drawing.strokes for v in st.vertices})

    def _on_start_from_last(self):
        """A new drawing for today that starts as a copy of the last one loaded or saved."""
        if self._last is None:
            self.session.notify("Load or save a drawing first; this copies it as today's starting point.")
            return
        self.date.value = dt.date.today()
        self.label.value = ""
        self._apply(self._last, keep_date=False)
        self.session.notify(f"Started from the drawing of {self._last.date}: paint the changes.")

    def _on_compare(self, event):
        other = self._read(event.new)
        if other is None:
            return
        self._compare_with, self._last = other, other
        self._compare_name = other.date + (f" ({other.label})" if other.label else "")
        self.start_from_last.disabled = False
        self.compare_on_body.disabled = False
        self._show_overlay()
        drawing = self.drawing()
        if drawing is not None:
            self._show_compare(drawing)

    def _show_overlay(self) -> None:
        """The compared drawing on the body (only before / only now / both), when asked for."""
        shown = self._compare_with is not None and "on" in self.compare_on_body.value
        self.app.view.compare_before = list(self._compare_with.vertices) if shown else []

    def _show_compare(self, drawing: PainDrawing) -> None:
        c = paindrawing.compare(self._compare_with, drawing, self.engine.body)
        self.compare_table.object = compare_html({**c, "other": self._compare_name})

    def _refuse(self, size: int) -> None:
        self.session.notify(f"That file could not be loaded as a pain drawing: {paindrawing.too_large(size)}.")

    # --- the handout ----------------------------------------------------------------------------
    def handout_bytes(self):
        """Made in this session and sent to the browser; the server keeps nothing."""
        s = self.session
        chosen = [tuple(v.split(":", 1)) for v in self.chosen.value][:handout.MAX_POINTS]
        if not chosen and s.point:
            chosen = [(s.point, s.side)]
        if not s.painted and not chosen:
            s.notify("Paint where it hurts or choose a point first; the handout explains those points.")
            return None
        drawing = self.drawing() if s.painted else PainDrawing()
        if drawing is None:
            return None
        client = handout.Client(self.client_name.value, self.client_date.value, self.clinic.value)
        compare = self._compare_with if "on" in self.compare_on_body.value and drawing.vertices else None
        data = handout.build(self.engine, self.app.scene, drawing, chosen or None, client=client,
                             therapist_page=bool(self.therapist_page.value), compare_with=compare)
        return io.BytesIO(data)
