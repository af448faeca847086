"""The one palette of the atlas.  Every renderer takes its colours from here: the 3D view in
the browser (through the body asset), the PNG charts and handout pictures, the HTML export and
the stylesheets (as CSS variables).  Change a colour here and it changes everywhere.

Zone colours follow the ColorBrewer RdBu scheme (colour-blind friendly for red/blue).
"""

from __future__ import annotations

ZONES = {
    "skin": "#e8d0be",
    "essential": "#b2182b",  # essential referral zone: pain nearly always felt here
    "spillover": "#f4a582",  # spillover zone: sometimes felt
    "pain": "#2166ac",  # pain the user painted
    "pain_on_essential": "#762a83",
    "pain_on_spillover": "#9278be",
    "dimmed": "#bebebe",  # markers filtered out
    "selected": "#ffc400",  # halo round the selected marker; numbered dots in the handout
    "outline": "#0d3373",  # the muscle's outline
}

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
    """'#b2182b' (or a palette name) -> (178, 24, 43)."""
    colour = ZONES.get(colour) or AREAS.get(colour) or PAGE.get(colour) or colour
    colour = colour.lstrip("#")
    return tuple(int(colour[i:i + 2], 16) for i in (0, 2, 4))


def for_browser() -> dict[str, list[int]]:
    """Zone colours as RGB lists, for the 3D view (sent inside the body asset)."""
    return {name: list(rgb(c)) for name, c in ZONES.items()}


def css_variables(selector: str = ":host, :root") -> str:
    """Every colour as a CSS custom property: ``--atlas-essential``, ``--atlas-ink``, ..."""
    props = "; ".join(f"--atlas-{name.replace('_', '-')}: {c}"
                      for table in (ZONES, PAGE) for name, c in table.items())
    return f"{selector} {{ {props}; }}\n"
