"""Plain text of one trigger point (``atlas show``), rendered from its :class:`PointView`."""

from __future__ import annotations

from atlas.body.anatomy import label_list
from atlas.data.vocabulary import DISCLAIMER, GENERAL_CONTRAINDICATIONS
from atlas.views.record import PointView


def _optional(v: PointView) -> list[str]:
    """Lines for the parts a record may leave out."""
    lines = []
    if v.commonly_involved:
        lines.append(f"How often it is the source: {v.commonly_involved}")
    if v.differential:
        lines += ["What else it could be:", *[f"  - {d}" for d in v.differential]]
    if v.satellite_of:
        lines.append("Often set off by: " + ", ".join(f"{n} [{p}]" for p, n in v.satellite_of))
    if v.key_for:
        lines.append("Often sets off: " + ", ".join(f"{n} [{p}]" for p, n in v.key_for))
    if v.nerve:
        lines.append(f"Nerve it can press on: {v.nerve}")
    if v.structural_factors:
        lines.append(f"Body build and habits: {', '.join(v.structural_factors)}")
    if v.systemic_factors:
        lines.append(f"Body-wide factors: {', '.join(v.systemic_factors)}")
    return lines


def _self_care(m) -> list[str]:
    care = m.self_care
    if care is None:
        return []
    return ["Self-care:", "  Stretch:", *[f"    {i}. {s}" for i, s in enumerate(care.stretch, 1)],
            "  Self-pressure:", *[f"    {i}. {s}" for i, s in enumerate(care.self_pressure, 1)],
            *[f"  Avoid: {a}" for a in care.avoid], f"  How often: {care.how_often}"]


def point_text(v: PointView) -> str:
    m = v.muscle
    pressure = f"{', '.join(v.tools)}, held {v.hold_seconds[0]}-{v.hold_seconds[1]} s"
    latin = f" [{m.latin}]" if m.latin else ""
    lines = [f"{v.name}  [{v.id}]",
             f"Muscle: {m.name}{latin} ({m.area_words}, {m.depth})",
             f"Sides: {', '.join(v.sides)}",
             f"Location: {v.location}",
             f"Landmarks: {label_list(v.landmarks)}",
             f"Finding it: {v.palpation_words}",
             f"Pressure: {pressure}" + (f". {v.pressure_notes}" if v.pressure_notes else ""),
             f"Referral: {v.referral}",
             f"  Essential zone: {label_list(v.essential)}",
             f"  Spillover zone: {label_list(v.spillover) or 'none'}",
             "Symptoms:", *[f"  - {s}" for s in v.symptoms],
             f"Linked conditions: {', '.join(v.conditions) or 'none'}",
             *_optional(v),
             f"Perpetuating factors: {', '.join(v.perpetuating_factors)}",
             "Cautions:", *[f"  - {c}" for c in (*v.contraindications, *v.cautions)
                            or ['none recorded']],
             "When not to press any trigger point:", *[f"  - {c}" for c in GENERAL_CONTRAINDICATIONS],
             *_self_care(m),
             f"Muscle actions: {m.actions}",
             f"Innervation: {m.innervation}",
             "Sources:", *[f"  - {s}" for s in v.sources],
             "", DISCLAIMER]
    return "\n".join(lines)
