"""The shapes of the data files, as pydantic models (the JSON Schema is exported from these).

Files refer to each other by id.  These models check each file on its own; cross-file
references (regions, landmarks, conditions, sources) are checked in :mod:`atlas.validate`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from atlas.data.vocabulary import (
    BodyArea, Commonness, Contraindication, Depth, NmtCause, Palpation, PressureTool, Side,
    StructuralFactor, SystemicFactor,
)

Id = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64,
                          description="lower_snake_case identifier")]
Text = Annotated[str, Field(min_length=1, max_length=2000)]
Name = Annotated[str, Field(min_length=1, max_length=120)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PointSpec(Strict):
    """A point on the skin, built from landmarks or joints, for a left-side or midline thing.

    Exactly one of ``landmark``, ``joint`` or ``between`` gives the start point; ``offset``
    (cm; +x lateral, +y up, +z front) moves it; ``toward`` casts a ray from there and takes
    the first skin it meets.  Without ``toward`` the nearest skin vertex is taken.
    """

    landmark: Id | None = Field(None, description="start at this landmark")
    joint: str | None = Field(None, description="start at this skeleton joint, e.g. l-elbow")
    between: tuple[str, str] | None = Field(
        None, description="start on the straight line between two landmarks or joints")
    t: float = Field(0.5, ge=0.0, le=1.0, description="0 = first of 'between', 1 = second")
    offset: tuple[float, float, float] = Field((0.0, 0.0, 0.0), description="cm, body frame")
    toward: str | tuple[float, float, float] | None = Field(
        None, description="ray direction: words like 'posterior lateral' or a vector")

    @model_validator(mode="after")
    def _one_start(self) -> PointSpec:
        given = [k for k in ("landmark", "joint", "between") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of 'landmark', 'joint' or 'between'")
        return self

    @field_validator("toward")
    @classmethod
    def _known_words(cls, value):
        from atlas.data.vocabulary import DIRECTIONS

        if isinstance(value, str):
            bad = [w for w in value.split() if w not in DIRECTIONS]
            if bad or not value.split():
                raise ValueError(
                    f"unknown direction {' '.join(bad) or value!r}; use {', '.join(DIRECTIONS)}")
        return value


class LandmarkSpec(Strict):
    """A named anatomical landmark on the skin (defined once; bilateral ones are mirrored)."""

    id: Id
    name: Name
    side: Side
    area: BodyArea
    synonyms: list[Name] = []
    at: PointSpec


class RegionSpec(Strict):
    """A named patch of skin: the surface closest (along the skin) to its seed points."""

    id: Id
    name: Name
    side: Side
    area: BodyArea
    synonyms: list[Name] = []
    seeds: list[PointSpec] = Field(min_length=1)


class Codes(Strict):
    icd10: str | None = Field(None, description="ICD-10-CM code")
    snomed: str | None = Field(None, description="SNOMED CT concept id")


class ConditionSpec(Strict):
    id: Id
    name: Name
    synonyms: list[Name] = []
    description: Text
    codes: Codes = Codes()
    coexisting: bool = Field(False, description="a condition trigger points often accompany, "
                                                 "rather than one they explain")
    sources: list[Id] = []


class SourceSpec(Strict):
    id: Id
    citation: Text
    url: str | None = None
    kind: Literal["primary", "secondary"] = Field(
        "primary", description="primary: a textbook or peer-reviewed paper; secondary: a web page "
                               "or workbook used only to cross-check")


class Cite(Strict):
    """A source id with where in it the fact is (chapter, figure or pages)."""

    id: Id
    chapter: str | None = Field(None, max_length=40)
    figure: str | None = Field(None, max_length=40)
    pages: str | None = Field(None, max_length=40)

    @model_validator(mode="after")
    def _somewhere(self) -> Cite:
        if not (self.chapter or self.figure or self.pages):
            raise ValueError("give a chapter, figure or pages (or write the source id alone)")
        return self


SourceRef = Annotated[Id | Cite, Field(
    description="a source id from sources.yaml, or {id, chapter, figure, pages}")]


def source_id(ref) -> str:
    """The bibliography id of a source reference written either way."""
    return ref if isinstance(ref, str) else ref.id


class SelfCare(Strict):
    """What a person can do for the muscle at home, in plain steps."""

    stretch: list[Text] = Field(min_length=1, max_length=8, description="steps of one stretch")
    self_pressure: list[Text] = Field(min_length=1, max_length=8,
                                      description="steps of one self-pressure method")
    avoid: list[Text] = Field(default=[], description="habits or moves that keep the muscle irritated")
    how_often: Text


class NerveEntrapment(Strict):
    """A named nerve this muscle can press on when it is tight."""

    nerve: Name
    note: Text


class Pressure(Strict):
    tools: list[PressureTool] = Field(min_length=1)
    hold_seconds: tuple[int, int] = (10, 30)
    notes: str = ""

    @field_validator("hold_seconds")
    @classmethod
    def _range(cls, v: tuple[int, int]) -> tuple[int, int]:
        if not (0 < v[0] <= v[1] <= 120):
            raise ValueError("hold_seconds must be [low, high] seconds with 0 < low <= high <= 120")
        return v


class Location(Strict):
    description: Text
    landmarks: list[Id] = Field(min_length=1, description="landmarks the words refer to")
    at: PointSpec


class Patch(Strict):
    """Skin within a geodesic radius of a landmark."""

    at: Id = Field(description="landmark id (its left-side or midline copy is used)")
    radius: float = Field(gt=0, le=40, description="geodesic radius in cm")


class Band(Strict):
    """Skin along the shortest path over the skin through two or more landmarks."""

    through: list[Id] = Field(min_length=2, description="landmark ids, in order along the band")
    width: float = Field(gt=0, le=30, description="full width of the band in cm")


class Shape(Strict):
    """A set of skin: whole regions, patches and bands, joined together."""

    regions: list[Id] = []
    patch: Patch | list[Patch] = []
    band: Band | list[Band] = []

    @property
    def patches(self) -> list[Patch]:
        return self.patch if isinstance(self.patch, list) else [self.patch]

    @property
    def bands(self) -> list[Band]:
        return self.band if isinstance(self.band, list) else [self.band]

    @model_validator(mode="after")
    def _not_empty(self) -> Shape:
        if not (self.regions or self.patches or self.bands):
            raise ValueError("give at least one of 'regions', 'patch' or 'band'")
        return self


class Zone(Shape):
    """A referral zone recipe, authored on the left side (mirrored for the right).

    Patches and bands stop at the midline unless ``cross_midline`` is set; named midline
    regions are always taken whole.  ``minus`` cuts skin out of the zone.  ``both_sides`` adds
    the zone's mirror image, so it covers the same skin on both halves in full (a pattern the
    sources draw across the body, e.g. a band over both sacroiliac joints).
    """

    minus: Shape | None = None
    cross_midline: bool = Field(False, description="let patches and bands run onto the right half")
    both_sides: bool = Field(False, description="the zone and its mirror image: both sides in full")


ZoneRecipe = Annotated[list[Id] | Zone, Field(
    description="a list of region ids, or a recipe with regions/patch/band/minus")]


def zone_regions(zone) -> list[str]:
    """The named regions of a zone written either way (a plain list or a recipe)."""
    return list(zone) if isinstance(zone, list) else list(zone.regions)


class Referral(Strict):
    """Where the pain is felt: the essential zone (nearly always) and spillover (sometimes).

    The spillover field is drawn and matched *minus* the essential field, so the two never
    overlap even where their recipes do.
    """

    essential: ZoneRecipe
    spillover: ZoneRecipe = []
    description: Text

    @model_validator(mode="after")
    def _apart(self) -> Referral:
        if isinstance(self.essential, list) and not self.essential:
            raise ValueError("the essential zone needs at least one region, patch or band")
        both = sorted(set(zone_regions(self.essential)) & set(zone_regions(self.spillover)))
        if both:
            raise ValueError(f"region(s) {', '.join(both)} listed as both essential and spillover")
        return self


class TriggerPointSpec(Strict):
    id: Id
    name: Name
    location: Location
    bilateral: bool = True
    side: Literal["left", "right"] = Field(
        "left", description="with bilateral: false, the one side the sources give the point on")
    palpation: Palpation
    pressure: Pressure
    referral: Referral
    symptoms: list[Text] = Field(min_length=1)
    conditions: list[Id] = []
    differential: list[Name] = Field(
        min_length=1, description="other causes of this pain a clinician would rule out")
    perpetuating_factors: list[NmtCause] = Field(min_length=1, description="NMT's five causes")
    structural_factors: list[StructuralFactor] = Field(
        default=[], description="Travell & Simons' structural perpetuating factors")
    systemic_factors: list[SystemicFactor] = Field(
        default=[], description="body-wide factors the sources stress for this point")
    nerve_entrapment: NerveEntrapment | None = None
    key_for: list[Id] = Field(default=[], description="points this one often sets off (satellites)")
    satellite_of: list[Id] = Field(default=[], description="points that often set this one off")
    commonly_involved: Commonness | None = Field(
        None, description="how often the sources find this point behind its pattern")
    contraindications: list[Contraindication] = []
    cautions: list[Text] = []
    sources: list[SourceRef] = Field(min_length=1)

    @model_validator(mode="after")
    def _one_side(self) -> TriggerPointSpec:
        if self.bilateral and self.side != "left":
            raise ValueError("'side: right' needs 'bilateral: false' (a point on both sides is "
                             "authored on the left and mirrored)")
        return self


class Footprint(Zone):
    """Where a muscle lies under the skin, as a recipe like a referral zone (regions, patch,
    band, minus), authored on the left side.  Its outline is the field's iso-line at one half;
    a plain ``{regions: [...]}`` is still allowed where the region borders fit the muscle."""


class MuscleSpec(Strict):
    """One muscle file in points/: the muscle and its trigger points."""

    id: Id
    name: Name
    latin: Name | None = Field(None, description="Terminologia Anatomica (TA2) name")
    synonyms: list[Name] = []
    area: BodyArea
    depth: Depth
    footprint: Footprint
    actions: Text
    innervation: Text
    self_care: SelfCare
    sources: list[SourceRef] = Field(min_length=1)
    trigger_points: list[TriggerPointSpec] = Field(min_length=1)


CameraView = Literal["auto", "front", "back", "left", "right", "head"]


class TourStep(Strict):
    """One stop of a guided tour: a point on one side, and one thing worth knowing about it."""

    point: Id
    side: Literal["left", "right"] = "left"
    view: CameraView = Field("auto", description="auto turns the camera to the zone")
    text: Text


class TourSpec(Strict):
    """A guided tour (points/tours/<id>.yaml): steps through the points behind one complaint."""

    id: Id
    title: Name
    condition: Id | None = Field(None, description="the condition the tour is about")
    summary: Text
    steps: list[TourStep] = Field(min_length=2, max_length=12)
    sources: list[SourceRef] = Field(min_length=1)
