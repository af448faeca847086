"""Plain text of one trigger point (``atlas show``), rendered from its :class:`PointView`."""

from __future__ import annotations

from atlas.data.vocabulary import DISCLAIMER
from atlas.views.record import PointView


def point_text(v: PointView) -> str:
    m = v.muscle
    pressure = f"{', '.join(v.tools)}, held {v.hold_seconds[0]}-{v.hold_seconds[1]} s"
    lines = [f"{v.name}  [{v.id}]",
             f"Muscle: {m.name} ({m.area_words}, {m.depth})",
             f"Sides: {', '.join(v.sides)}",
             f"Location: {v.location}",
             f"Landmarks: {', '.join(v.landmarks)}",
             f"Finding it: {v.palpation} palpation",
             f"Pressure: {pressure}" + (f". {v.pressure_notes}" if v.pressure_notes else ""),
             f"Referral: {v.referral}",
             f"  Essential zone: {', '.join(v.essential)}",
             f"  Spillover zone: {', '.join(v.spillover) or 'none'}",
             "Symptoms:", *[f"  - {s}" for s in v.symptoms],
             f"Linked conditions: {', '.join(v.conditions) or 'none'}",
             f"Perpetuating factors: {', '.join(v.perpetuating_factors)}",
             "Cautions:", *[f"  - {c}" for c in v.cautions or ['none recorded']],
             f"Muscle actions: {m.actions}",
             f"Innervation: {m.innervation}",
             "Sources:", *[f"  - {s}" for s in v.sources],
             "", DISCLAIMER]
    return "\n".join(lines)
