"""The one palette of the atlas.  Every renderer takes its colours from here: the 3D view in
the browser (through the body asset), the PNG charts and handout pictures, the HTML export and
the stylesheets (as CSS variables).  Change a colour here and it changes everywhere.

Zone colours follow the ColorBrewer RdBu hues (colour-blind friendly for red/blue), darkened
so that spillover stands at least 2:1 against skin and essential at least 2:1 against spillover
(WCAG relative-luminance contrast, :func:`contrast`; tests/test_charts.py checks both).
"""

from __future__ import annotations

ZONES = {
    "skin": "#e8d0be",
    "essential": "#8c1026",  # essential referral zone: pain nearly always felt here (6.4:1 on skin)
    "spillover": "#d96b4c",  # spillover zone: sometimes felt (2.3:1 on skin, 2.8:1 to essential)
    "spillover_edge": "#5c1a08",  # dashed edge of the spillover zone in PNG charts
    "far_side": "#5a5a5a",  # the faint X of a point the body hides (drawn at 45% opacity)
    "pain": "#2166ac",  # pain the user painted
    "pain_on_essential": "#762a83",
    "pain_on_spillover": "#9278be",
    "dimmed": "#bebebe",  # markers filtered out
    "selected": "#ffc400",  # halo round the selected marker; numbered dots in the handout
    "outline": "#0d3373",  # the muscle's outline
    "compare": "#14171f",  # hatching over a second point's zones when comparing two points
}

# One click away in the app: zones told apart by lightness alone (one orange ramp), so they
# read the same with any colour vision and in greyscale; painted pain stays blue.
COLOUR_BLIND = {
    "essential": "#7f2704",  # 6.5:1 on skin
    "spillover": "#e6550d",  # 2.5:1 on skin, 2.6:1 to essential
    "spillover_edge": "#3b1202",
    "pain": "#2171b5",
    "pain_on_essential": "#08306b",
    "pain_on_spillover": "#6baed6",
}
SCHEMES = ("standard", "colour_blind")


def zones(scheme: str = "standard") -> dict[str, str]:
    """The zone colours of a scheme ("standard" or "colour_blind")."""
    return {**ZONES, **COLOUR_BLIND} if scheme == "colour_blind" else dict(ZONES)


# Pain intensity 0-10 on painted skin: one blue ramp (ColorBrewer Blues), light (mild) to dark
# (worst), so it reads in greyscale and with any red-green colour vision, and never looks like
# the red/orange zones.  Even its light end stands 1.5:1 against skin (tests/test_paindrawing.py).
# The 3D view, the handout and the app's key all draw from intensity_rgb.
INTENSITY_LOW, INTENSITY_HIGH = "#6baed6", "#08306b"


def intensity_rgb(level: float) -> tuple[int, int, int]:
    """The colour of pain intensity ``level`` (0-10)."""
    t = min(max(float(level), 0.0), 10.0) / 10
    lo, hi = rgb(INTENSITY_LOW), rgb(INTENSITY_HIGH)
    return tuple(round(a + (b - a) * t) for a, b in zip(lo, hi))


# Two drawings compared on the body: three styles told apart by pattern and lightness, not hue
# alone: pain only in the earlier drawing is striped, pain in both is dark, new pain is light.
COMPARE = {
    "before_only": "#807dba",  # striped (purple): pain that has gone
    "after_only": "#41b6c4",  # solid light teal: pain that is new
    "both": "#253494",  # solid dark blue: pain in both drawings
}
COMPARE_LABELS = {"before_only": "Only before (striped)", "after_only": "Only now", "both": "Both"}
STRIPE_CM = 1.4  # width of the stripes of "only before" on the skin


def stripe(points) -> "np.ndarray":
    """True where skin at ``points`` (n, 3) in cm lies on a stripe of "only before": diagonal
    bands of STRIPE_CM, the same in the 3D view (body_view.js) and the PNG pictures."""
    import numpy as np

    p = np.asarray(points, dtype=np.float64)
    return np.floor((p[:, 0] + p[:, 1] + p[:, 2]) / STRIPE_CM).astype(np.int64) % 2 == 0


def pain_for_browser() -> dict:
    """The pain layer's colours for the 3D view: the intensity ramp (index = level) and the
    comparison styles with their legend words."""
    return {"intensity": [list(intensity_rgb(i)) for i in range(11)],
            "compare": {k: list(rgb(c)) for k, c in COMPARE.items()},
            "compare_labels": dict(COMPARE_LABELS), "stripe_cm": STRIPE_CM}


# The handout's self-care pictures: the press mark is the "selected" yellow ring with a black
# arrow; the stretch arrow is green, told apart from it by shape (double-headed) as well.
SELF_CARE = {"stretch": "#1b7837"}


# Marker colours by body area (distinct, mid-saturation so zones stay readable).
AREAS = {
    "head": "#7b3294", "neck": "#c2185b", "shoulder": "#1565c0", "arm": "#00838f",
    "forearm": "#2e7d32", "hand": "#558b2f", "chest": "#ef6c00", "abdomen": "#8d6e63",
    "upper_back": "#3949ab", "low_back": "#5e35b1", "pelvis": "#00695c", "thigh": "#ad1457",
    "leg": "#6d4c41", "foot": "#37474f",
}

# Page colours (text, notes, notices).
PAGE = {
    "ink": "#1d2433", "muted": "#4a5568", "heading": "#1f3a5f", "accent": "#1f5fa8",
    "background": "#f6f7f9", "rule": "#dddddd",
    "note_bg": "#fff4ce", "note_border": "#e0c060", "note_ink": "#3d3000",
    "notice_bg": "#e8f1fb", "notice_border": "#8bb3e0", "notice_ink": "#12355b",
    "alert_bg": "#fde8e8", "alert_border": "#c0392b", "alert_ink": "#5b0f0f",
    "on_spillover": "#3a1a05",
}


def rgb(colour: str) -> tuple[int, int, int]:
    """'#8c1026' (or a palette name) -> (140, 16, 38)."""
    colour = ZONES.get(colour) or AREAS.get(colour) or PAGE.get(colour) or colour
    colour = colour.lstrip("#")
    return tuple(int(colour[i:i + 2], 16) for i in (0, 2, 4))


def luminance(colour: str) -> float:
    """WCAG relative luminance of a colour (hex or palette name), 0 (black) to 1 (white)."""
    def lin(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (lin(c) for c in rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio between two colours, 1 (same) to 21 (black on white)."""
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


# A zone's edge on screen: the field (0..1, soft over about 1.5 cm) is interpolated per pixel
# and turns from skin to zone colour between these two values, so the edge follows the field's
# iso-line smoothly instead of stepping from vertex to vertex.  The browser (body_view.js) and
# the PNG charts (images/charts.py) both build their colour lookup from it.
EDGE_RAMP = (0.3, 0.7)


def edge_weight(x: float) -> float:
    """How much of a zone's colour shows at field value ``x`` (smoothstep over EDGE_RAMP)."""
    lo, hi = EDGE_RAMP
    t = min(max((x - lo) / (hi - lo), 0.0), 1.0)
    return t * t * (3 - 2 * t)


def for_browser(scheme: str = "standard") -> dict[str, list[int]]:
    """Zone colours as RGB lists, for the 3D view (sent inside the body asset)."""
    return {name: list(rgb(c)) for name, c in zones(scheme).items()}


def css_variables(selector: str = ":host, :root", scheme: str = "standard") -> str:
    """Every colour as a CSS custom property: ``--atlas-essential``, ``--atlas-ink``, ..."""
    props = "; ".join(f"--atlas-{name.replace('_', '-')}: {c}"
                      for table in (zones(scheme), PAGE) for name, c in table.items())
    return f"{selector} {{ {props}; }}\n"
