"""Plain-text and record views of catalogue items, shared by the CLI, the app and exports."""

from __future__ import annotations

from atlas.data.vocabulary import NMT_LABELS


def point_record(eng, tp) -> dict:
    """Everything about one trigger point as plain data (names resolved, zones kept apart)."""
    cat, body = eng.cat, eng.body
    m = cat.muscles[tp.muscle]
    side = tp.sides[0]
    names = lambda idx: [body.regions[i].label for i in idx]  # noqa: E731
    return {
        "id": tp.id, "name": tp.name, "muscle": {"id": m.id, "name": m.name, "area": m.area,
                                                 "depth": m.depth, "actions": m.actions,
                                                 "innervation": m.innervation},
        "sides": list(tp.sides), "location": tp.location,
        "landmarks": [(body.landmarks.get(f"{lm}_l") or body.landmarks[lm]).label
                      for lm in tp.landmarks],
        "palpation": tp.palpation, "pressure": {"tools": list(tp.tools),
                                                "hold_seconds": list(tp.hold_seconds),
                                                "notes": tp.pressure_notes},
        "referral": {"description": tp.referral, "essential": names(tp.essential[side]),
                     "spillover": names(tp.spillover[side])},
        "symptoms": list(tp.symptoms),
        "conditions": [cat.conditions[c].name for c in tp.conditions],
        "perpetuating_factors": [NMT_LABELS[f] for f in tp.perpetuating_factors],
        "cautions": list(tp.cautions),
        "sources": [cat.sources[s].citation if s in cat.sources else s for s in tp.sources],
    }


def point_text(eng, tp) -> str:
    r = point_record(eng, tp)
    m = r["muscle"]
    lines = [f"{r['name']}  [{r['id']}]",
             f"Muscle: {m['name']} ({m['area'].replace('_', ' ')}, {m['depth']})",
             f"Sides: {', '.join(r['sides'])}",
             f"Location: {r['location']}",
             f"Landmarks: {', '.join(r['landmarks'])}",
             f"Finding it: {r['palpation']} palpation",
             f"Pressure: {', '.join(r['pressure']['tools'])}, held "
             f"{r['pressure']['hold_seconds'][0]}-{r['pressure']['hold_seconds'][1]} s"
             + (f". {r['pressure']['notes']}" if r['pressure']['notes'] else ""),
             f"Referral: {r['referral']['description']}",
             f"  Essential zone: {', '.join(r['referral']['essential'])}",
             f"  Spillover zone: {', '.join(r['referral']['spillover']) or 'none'}",
             "Symptoms:", *[f"  - {s}" for s in r["symptoms"]],
             f"Linked conditions: {', '.join(r['conditions']) or 'none'}",
             f"Perpetuating factors: {', '.join(r['perpetuating_factors'])}",
             "Cautions:", *[f"  - {c}" for c in r["cautions"] or ['none recorded']],
             f"Muscle actions: {m['actions']}",
             f"Innervation: {m['innervation']}",
             "Sources:", *[f"  - {s}" for s in r["sources"]],
             "", "For education only; not diagnosis or treatment advice."]
    return "\n".join(lines)
