"""What every reader of one trigger point sees: the point on one side, names resolved.

:class:`PointView` is the one view model of a trigger point.  The CLI text and JSON, the
app's details panel, the PDF handout and the single-file HTML export all render it, so they
can never disagree about a point's words, its zones or its sources.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from atlas.data.vocabulary import NMT_LABELS


@dataclass(frozen=True)
class MuscleView:
    id: str
    name: str
    area: str
    depth: str
    actions: str
    innervation: str

    @property
    def area_words(self) -> str:
        return self.area.replace("_", " ")


@dataclass(frozen=True)
class PointView:
    """One trigger point on one side, in words.  Essential and spillover stay apart."""

    id: str
    name: str
    side: str
    sides: tuple[str, ...]
    muscle: MuscleView
    location: str
    landmarks: tuple[str, ...]
    palpation: str
    tools: tuple[str, ...]
    hold_seconds: tuple[int, int]
    pressure_notes: str
    referral: str
    essential: tuple[str, ...]  # region names the essential zone covers
    spillover: tuple[str, ...]
    symptoms: tuple[str, ...]
    conditions: tuple[str, ...]  # condition names
    perpetuating_factors: tuple[str, ...]  # plain labels
    cautions: tuple[str, ...]
    sources: tuple[str, ...]  # full citations

    @property
    def hold_words(self) -> str:
        return f"{self.hold_seconds[0]} to {self.hold_seconds[1]} seconds"

    def as_dict(self) -> dict:
        """Plain JSON-ready data (``atlas show --json``)."""
        d = asdict(self)
        d["pressure"] = {"tools": d.pop("tools"), "hold_seconds": d.pop("hold_seconds"),
                         "notes": d.pop("pressure_notes")}
        d["referral"] = {"description": d["referral"], "essential": d.pop("essential"),
                         "spillover": d.pop("spillover")}
        return d


def point_view(engine, point_id: str, side: str | None = None) -> PointView:
    """The view of ``point_id`` on ``side`` (its first side when not given)."""
    cat, body = engine.cat, engine.body
    tp = cat.points[point_id]
    side = side if side in tp.sides else tp.sides[0]
    spec, m = tp.spec, cat.muscles[tp.muscle]
    regions = lambda idx: tuple(dict.fromkeys(body.regions[i].label for i in idx))  # noqa: E731
    return PointView(
        id=tp.id, name=tp.name, side=side, sides=tuple(tp.sides),
        muscle=MuscleView(m.id, m.name, m.area, m.depth, m.actions, m.innervation),
        location=spec.location.description,
        landmarks=tuple((body.landmarks.get(f"{lm}_l") or body.landmarks[lm]).label
                        for lm in spec.location.landmarks),
        palpation=spec.palpation, tools=tuple(spec.pressure.tools),
        hold_seconds=tuple(spec.pressure.hold_seconds), pressure_notes=spec.pressure.notes,
        referral=spec.referral.description,
        essential=regions(tp.essential[side]), spillover=regions(tp.spillover[side]),
        symptoms=tuple(spec.symptoms),
        conditions=tuple(cat.conditions[c].name for c in spec.conditions),
        perpetuating_factors=tuple(NMT_LABELS[f] for f in spec.perpetuating_factors),
        cautions=tuple(spec.cautions),
        sources=tuple(cat.sources[s].citation if s in cat.sources else s for s in spec.sources))
