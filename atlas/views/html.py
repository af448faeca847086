"""HTML for the details panel, the legend and the candidate list.  Every piece of text from
data files or URLs goes through ``html.escape``; nothing here trusts its input."""

from __future__ import annotations

from functools import lru_cache
from html import escape
from pathlib import Path

from atlas.body.anatomy import label_list
from atlas.data.vocabulary import AREA_LABELS, DISCLAIMER, GENERAL_CONTRAINDICATIONS
from atlas.views import palette
from atlas.views.record import PointView, point_view

ESSENTIAL_CSS = "var(--atlas-essential)"
SPILLOVER_CSS = "var(--atlas-spillover)"
PAIN_CSS = "var(--atlas-pain)"


@lru_cache(maxsize=1)
def panel_css() -> str:
    """Stylesheet for the details, legend and notices (shared by the app and HTML exports)."""
    return palette.css_variables() + (Path(__file__).parent / "panels.css").read_text()


def disclaimer_html() -> str:
    """The disclaimer once per page: one short line, always visible, that opens to the full text."""
    return ('<details class="atlas-disclaimer" role="note"><summary><b>For education only</b>: '
            "not diagnosis or treatment advice. <span class=\"more\">More</span></summary>"
            f"<p>{escape(DISCLAIMER)}</p></details>")


def legend_html(pain: bool = True) -> str:
    """The key to every colour the body shows: zones, painted pain where it meets a zone, the
    outline, and the dots' colours by body area.  ``pain=False`` leaves out the painted-pain
    colours (a page with no painting, such as most single-file exports)."""
    sw = lambda c, label, cls="sw": (  # noqa: E731
        f'<span class="item"><span class="{cls}" style="background:{c}"></span>{escape(label)}</span>')
    dots = "".join(sw(c, AREA_LABELS[a], "dot") for a, c in palette.AREAS.items())
    return ('<div class="atlas-legend" aria-label="Colour legend">'
            + sw(ESSENTIAL_CSS, "Essential zone (pain nearly always felt here)")
            + sw(SPILLOVER_CSS, "Spillover zone (sometimes felt)")
            + (sw(PAIN_CSS, "Your painted pain")
               + sw("var(--atlas-pain-on-essential)", "Your pain inside an essential zone")
               + sw("var(--atlas-pain-on-spillover)", "Your pain inside a spillover zone") if pain else "")
            + '<span class="item"><span class="sw outline"></span>Muscle outline</span>'
            + f'<details class="dots"><summary>Dot colours (body areas)</summary>{dots}</details>'
            + "</div>")


def _list(items) -> str:
    return "<ul>" + "".join(f"<li>{escape(str(i))}</li>" for i in items) + "</ul>" if items else "<p>None recorded.</p>"


def _links(pairs, side: str) -> str:
    """Links to other points (deep links, so they work in the app, an export and a new tab)."""
    return ", ".join(f'<a href="?point={escape(pid)}&amp;side={escape(side)}" data-point="{escape(pid)}">'
                     f"{escape(name)}</a>" for pid, name in pairs)


def _related_html(v: PointView) -> str:
    parts = []
    if v.satellite_of:
        parts.append(f"<p><b>Often set off by:</b> {_links(v.satellite_of, v.side)}</p>")
    if v.key_for:
        parts.append(f"<p><b>Often sets off:</b> {_links(v.key_for, v.side)}</p>")
    return "<h3>Related points</h3>" + "".join(parts) if parts else ""


def _self_care_html(m) -> str:
    care = m.self_care
    if care is None:
        return ""
    steps = lambda items: "<ol>" + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ol>"  # noqa: E731
    avoid = f"<p><b>Avoid:</b></p>{_list(care.avoid)}" if care.avoid else ""
    return (f"<h3>Self-care for the {escape(m.name.lower())}</h3>"
            f"<p><b>Stretch</b></p>{steps(care.stretch)}"
            f"<p><b>Self-pressure</b></p>{steps(care.self_pressure)}{avoid}"
            f"<p class=\"muted\">{escape(care.how_often)}</p>")


def _safety_html(v: PointView) -> str:
    here = "".join(f"<li>{escape(c)}</li>" for c in (*v.contraindications, *v.cautions))
    general = "".join(f"<li>{escape(c)}</li>" for c in GENERAL_CONTRAINDICATIONS)
    return (f"<h3>Cautions</h3><ul>{here or '<li>No special cautions recorded for this point.</li>'}</ul>"
            f"<details class=\"general-safety\"><summary>When not to press any trigger point</summary>"
            f"<ul>{general}</ul></details>")


def _factors_html(v: PointView) -> str:
    html = f"<h3>What keeps it going</h3>{_list(v.perpetuating_factors)}"
    if v.structural_factors:
        html += f"<p><b>Body build and habits:</b></p>{_list(v.structural_factors)}"
    if v.systemic_factors:
        html += f"<p><b>Body-wide factors:</b></p>{_list(v.systemic_factors)}"
    return html


def point_html(v: PointView) -> str:
    """The whole story of one trigger point, in plain words."""
    m = v.muscle
    sources = "".join(f"<li>{escape(s)}</li>" for s in v.sources)
    latin = f'<p class="muted">Latin: <i lang="la">{escape(m.latin)}</i></p>' if m.latin else ""
    nerve = f"<h3>Nerve it can press on</h3><p>{escape(v.nerve)}</p>" if v.nerve else ""
    common = (f"<p class=\"muted\">How often it is the source: {escape(v.commonly_involved)}.</p>"
              if v.commonly_involved else "")
    differential = (f"<h3>What else it could be</h3><p class=\"muted\">Other causes of this pain a "
                    f"clinician would rule out:</p>{_list(v.differential)}" if v.differential else "")
    return f"""
<article class="atlas-details" aria-live="polite">
  <h2>{escape(m.name)}</h2>
  <p class="sub">{escape(v.name)} &middot; {escape(v.side)} side &middot;
     {escape(m.area_words)} &middot; {escape(m.depth)} muscle</p>
  {latin}
  <h3>Where it is</h3><p>{escape(v.location)}</p>
  <p class="muted">Near: {escape(label_list(v.landmarks))}</p>
  <h3>Finding and pressing it</h3>
  <p>Found by <b>{escape(v.palpation_words)}</b>.
     Pressure with {escape(', '.join(v.tools))}, usually held for {escape(v.hold_words)}.</p>
  {f"<p>{escape(v.pressure_notes)}</p>" if v.pressure_notes else ''}
  <h3>Where the pain is felt</h3><p>{escape(v.referral)}</p>
  <p><span class="sw" style="background:{ESSENTIAL_CSS}"></span><b>Essential zone:</b> {escape(label_list(v.essential))}<br>
     <span class="sw" style="background:{SPILLOVER_CSS}"></span><b>Spillover zone:</b> {escape(label_list(v.spillover) or 'none')}</p>
  <h3>Symptoms</h3>{_list(v.symptoms)}
  {common}
  <h3>Linked conditions</h3>{_list(v.conditions)}
  {differential}
  {_related_html(v)}
  {nerve}
  {_factors_html(v)}
  {_safety_html(v)}
  {_self_care_html(m)}
  <h3>The muscle</h3><p>{escape(m.actions)}</p><p class="muted">Nerve: {escape(m.innervation)}</p>
  <h3>Sources</h3><ol class="sources">{sources}</ol>
</article>"""


def empty_html() -> str:
    return (
        '<article class="atlas-details"><h2>Trigger Point Atlas</h2>'
        "<p>Click a coloured dot on the body, pick a point from the list, or search. "
        "Switch to <b>Where does it hurt?</b> to paint pain on the body and see which trigger "
        "points could refer pain there.</p>"
        "<p>Drag to turn the body, scroll or pinch to zoom, shift-drag or two fingers to move it.</p>"
        "</article>")


def _numbers(pm) -> str:
    return f"explains {pm.explained:.0%} of your pain, {pm.marked:.0%} of zone marked"


def candidate_options(engine, muscles) -> dict[str, str]:
    """Labels -> "point:side" for the clickable list, grouped by muscle, in rank order."""
    out = {}
    for rank, mm in enumerate(muscles, 1):
        name = engine.cat.muscles[mm.muscle].name
        for pm in mm.points:
            tp = engine.cat.points[pm.point]
            out[f"{rank}. {name} – {tp.name} ({pm.side}, {pm.kind}; {_numbers(pm)})"] = \
                f"{pm.point}:{pm.side}"
    return out


def candidates_html(engine, muscles) -> str:
    """The ranked 'where does it hurt' list, one entry per muscle with its points underneath."""
    if not muscles:
        return "<p>Paint on the body, or add a region by name, to see likely trigger points.</p>"
    rows = []
    for mm in muscles:
        name = engine.cat.muscles[mm.muscle].name
        points = "".join(
            f"<li>{escape(engine.cat.points[pm.point].name)} &middot; {escape(pm.side)} side "
            f'<span class="tag {pm.kind}">{escape(pm.kind)}</span> {escape(_numbers(pm))}<br>'
            f'<span class="muted">{escape(pm.why(engine.region_names))}</span></li>'
            for pm in mm.points)
        rows.append(f'<li><b>{escape(name)}</b> <span class="tag {mm.kind}">{escape(mm.kind)}</span>'
                    f"<ul>{points}</ul></li>")
    return '<ol class="atlas-candidates">' + "".join(rows) + "</ol>"


def notices_html(notices) -> str:
    return "".join(f'<div class="atlas-notice" role="status">{escape(n)}</div>' for n in notices)


def alt_text(engine, session) -> str:
    """A text alternative for the 3D view that says what it currently shows."""
    parts = ["3D human body with trigger point markers"]
    if session.point:
        v = point_view(engine, session.point, session.side)
        spill = label_list(v.spillover, False) or "none"
        parts.append(f"showing {v.muscle.name} ({v.side}); essential zone: "
                     f"{label_list(v.essential, False)}; spillover zone: {spill}")
    if session.painted:
        names = [engine.region_names[r] for r in session.painted_regions(0.05)]
        parts.append("painted pain at " + label_list(names[:12], False))
    return "; ".join(parts)


def tour_step_html(tour, step: int, point_name: str) -> str:
    """The card of one guided tour step: where we are, the point, the one thing worth knowing."""
    here = tour.steps[step]
    return (f'<section class="atlas-tour" aria-live="polite"><p class="muted">Guided tour: '
            f"{escape(tour.title)} &middot; step {step + 1} of {len(tour.steps)}</p>"
            f"<h3>{escape(point_name)} ({escape(here.side)} side)</h3><p>{escape(here.text)}</p>"
            "</section>")
