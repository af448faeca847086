"""What every reader of one trigger point sees: the point on one side, names resolved.

:class:`PointView` is the one view model of a trigger point.  The CLI text and JSON, the
app's details panel, the PDF handout and the single-file HTML export all render it, so they
can never disagree about a point's words, its zones or its sources.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from atlas.data.shapes import source_id
from atlas.data.vocabulary import (
    CONTRAINDICATIONS, NMT_LABELS, PALPATION_LABELS, STRUCTURAL_FACTORS, SYSTEMIC_FACTORS,
)


@dataclass(frozen=True)
class SelfCareView:
    stretch: tuple[str, ...]
    self_pressure: tuple[str, ...]
    avoid: tuple[str, ...]
    how_often: str


@dataclass(frozen=True)
class MuscleView:
    id: str
    name: str
    area: str
    depth: str
    actions: str
    innervation: str
    latin: str | None = None
    self_care: SelfCareView | None = None

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
    perpetuating_factors: tuple[str, ...]  # plain labels of NMT's five causes
    cautions: tuple[str, ...]
    sources: tuple[str, ...]  # full citations, with chapter or figure where recorded
    differential: tuple[str, ...] = ()  # other causes a clinician would rule out
    structural_factors: tuple[str, ...] = ()  # Travell & Simons' structural factors, plain labels
    systemic_factors: tuple[str, ...] = ()
    nerve: str | None = None  # "Nerve: note" when the muscle can entrap a named nerve
    key_for: tuple[tuple[str, str], ...] = ()  # (point id, name) this point often sets off
    satellite_of: tuple[tuple[str, str], ...] = ()  # (point id, name) that often set it off
    commonly_involved: str | None = None
    contraindications: tuple[str, ...] = ()  # the ones that apply at this point
    palpation_words: str = ""

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


def cite(cat, ref) -> str:
    """A source reference as a reader sees it: the full citation plus chapter/figure/pages."""
    sid = source_id(ref)
    text = cat.sources[sid].citation if sid in cat.sources else sid
    if isinstance(ref, str):
        return text
    where = [f"{k} {v}" for k, v in (("chapter", ref.chapter), ("figure", ref.figure),
                                      ("pages", ref.pages)) if v]
    return f"{text} ({', '.join(where)})"


def muscle_view(cat, muscle_id: str) -> MuscleView:
    m = cat.muscles[muscle_id]
    care = m.spec.self_care if m.spec is not None else None
    care_view = None if care is None else SelfCareView(
        tuple(care.stretch), tuple(care.self_pressure), tuple(care.avoid), care.how_often)
    return MuscleView(m.id, m.name, m.area, m.depth, m.actions, m.innervation,
                      latin=m.spec.latin if m.spec is not None else None, self_care=care_view)


AROUND_ESSENTIAL = "around the essential zone"


def _spillover_words(tp, side: str, regions) -> tuple[str, ...]:
    """The spillover's regions in words; a spillover that only rims the essential zone, in the
    regions already named there, is said to be around it (not 'none' beside a drawn zone)."""
    named = regions(tp.spillover[side])
    return named or (() if tp.spillover_field[side].empty else (AROUND_ESSENTIAL,))


def point_view(engine, point_id: str, side: str | None = None) -> PointView:
    """The view of ``point_id`` on ``side`` (its first side when not given)."""
    cat, body = engine.cat, engine.body
    tp = cat.points[point_id]
    side = side if side in tp.sides else tp.sides[0]
    spec, m = tp.spec, cat.muscles[tp.muscle]
    regions = lambda idx: tuple(dict.fromkeys(body.regions[i].label for i in idx))  # noqa: E731
    return PointView(
        id=tp.id, name=tp.name, side=side, sides=tuple(tp.sides),
        muscle=muscle_view(cat, m.id),
        location=spec.location.description,
        landmarks=tuple((body.landmarks.get(f"{lm}_l") or body.landmarks[lm]).label
                        for lm in spec.location.landmarks),
        palpation=spec.palpation, tools=tuple(spec.pressure.tools),
        hold_seconds=tuple(spec.pressure.hold_seconds), pressure_notes=spec.pressure.notes,
        referral=spec.referral.description,
        essential=regions(tp.essential[side]), spillover=_spillover_words(tp, side, regions),
        symptoms=tuple(spec.symptoms),
        conditions=tuple(cat.conditions[c].name for c in spec.conditions),
        perpetuating_factors=tuple(NMT_LABELS[f] for f in spec.perpetuating_factors),
        cautions=tuple(spec.cautions),
        sources=tuple(cite(cat, r) for r in spec.sources),
        differential=tuple(spec.differential),
        structural_factors=tuple(STRUCTURAL_FACTORS[f] for f in spec.structural_factors),
        systemic_factors=tuple(SYSTEMIC_FACTORS[f] for f in spec.systemic_factors),
        nerve=(f"{spec.nerve_entrapment.nerve}: {spec.nerve_entrapment.note}"
               if spec.nerve_entrapment else None),
        key_for=tuple((p, cat.points[p].name) for p in spec.key_for if p in cat.points),
        satellite_of=tuple((p, cat.points[p].name) for p in spec.satellite_of if p in cat.points),
        commonly_involved=spec.commonly_involved,
        contraindications=tuple(CONTRAINDICATIONS[c] for c in spec.contraindications),
        palpation_words=PALPATION_LABELS[spec.palpation])
