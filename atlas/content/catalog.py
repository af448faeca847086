"""The trigger point catalogue: muscles, trigger points, conditions and sources from points/.

Loading checks every file against the models (atlas.model) and every cross-reference against
the body (regions, landmarks) and the other files (conditions, sources), and reports all
problems as ``file:line: message`` with "did you mean" suggestions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from atlas.body.anatomy import Body, sided_id
from atlas.body.zones import Field, ZoneBuilder
from atlas.data import resources, validation, yamllines
from atlas.data.problems import DataError, Problem, suggest
from atlas.data.shapes import (
    ConditionSpec,
    MuscleSpec,
    SourceSpec,
    TourSpec,
    TriggerPointSpec,
    Zone,
    source_id,
    zone_regions,
)

SIDES = ("left", "right")
NON_MUSCLE_FILES = {"conditions.yaml", "sources.yaml"}


@dataclass(frozen=True)
class Source:
    id: str
    citation: str
    url: str | None
    kind: str = "primary"  # or "secondary": a web page used only to cross-check


@dataclass(frozen=True)
class Condition:
    id: str
    name: str
    synonyms: tuple[str, ...]
    description: str
    icd10: str | None
    snomed: str | None
    coexisting: bool
    sources: tuple[str, ...]


@dataclass(frozen=True)
class TriggerPoint:
    """A trigger point placed on the body: what its file says (``spec``, the one record of its
    words) plus what the body adds, per side: the marker vertex and the zones on the skin."""

    spec: TriggerPointSpec
    muscle: str
    sides: tuple[str, ...]
    vertex: dict[str, int]
    essential: dict[str, tuple[int, ...]]  # side -> regions to name in words for the zone
    spillover: dict[str, tuple[int, ...]]
    essential_field: dict[str, Field]  # side -> smooth field on the skin (atlas.body.zones)
    spillover_field: dict[str, Field]  # spillover minus essential
    file: str

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def conditions(self) -> list[str]:
        return self.spec.conditions

    @property
    def sources(self) -> list[str]:
        """Bibliography ids (``spec.sources`` also keeps chapter and figure)."""
        return [source_id(r) for r in self.spec.sources]


@dataclass(frozen=True)
class Muscle:
    id: str
    name: str
    synonyms: tuple[str, ...]
    area: str
    depth: str
    footprint: dict[str, Field]  # side -> the footprint field (its 0.5 iso-line is the outline)
    actions: str
    innervation: str
    sources: tuple[str, ...]
    points: tuple[str, ...]
    file: str
    spec: MuscleSpec | None = None  # the file's record (self-care, Latin name, cited chapters)


@dataclass
class Catalogue:
    body: Body
    zones: ZoneBuilder | None = None
    muscles: dict[str, Muscle] = field(default_factory=dict)
    points: dict[str, TriggerPoint] = field(default_factory=dict)
    conditions: dict[str, Condition] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    tours: dict[str, TourSpec] = field(default_factory=dict)  # guided tours, by id

    def cited_sources(self) -> set[str]:
        used = set()
        for m in self.muscles.values():
            used.update(m.sources)
        for tp in self.points.values():
            used.update(tp.sources)
        return used


# ---------------------------------------------------------------------------------------------


class _Checker:
    """Collects cross-reference problems for one file, pointing at the line of each value."""

    def __init__(self, file: str, raw, problems: list[Problem]):
        self.file, self.raw, self.problems = file, raw, problems

    def bad(self, loc: tuple, message: str) -> None:
        self.problems.append(Problem(self.file, yamllines.line_at(self.raw, loc), message))

    def ids(self, loc: tuple, values, known, kind: str) -> None:
        for j, value in enumerate(values):
            if value not in known:
                self.bad(loc + (j,), f"unknown {kind} {value!r}{suggest(value, known)}")

    def sources(self, loc: tuple, values, known) -> None:
        for j, ref in enumerate(values):
            value = source_id(ref)
            if value not in known:
                self.bad(loc + (j,), f"unknown source {value!r}{suggest(value, known)} "
                                     "(add it to sources.yaml; a web page gets kind: secondary)")


def _check_zone(chk: _Checker, loc: tuple, recipe, bases, landmarks) -> None:
    """Every region and landmark a zone recipe names must exist."""
    if not isinstance(recipe, Zone):
        chk.ids(loc, recipe, bases, "region")
        return
    for where, shape in ((loc, recipe), (loc + ("minus",), recipe.minus)):
        if shape is None:
            continue
        chk.ids(where + ("regions",), shape.regions, bases, "region")
        for k, p in enumerate(shape.patches):
            at = where + ("patch",) + ((k,) if isinstance(shape.patch, list) else ())
            chk.ids(at + ("at",), [p.at], landmarks, "landmark")
        for k, b in enumerate(shape.bands):
            at = where + ("band",) + ((k,) if isinstance(shape.band, list) else ())
            chk.ids(at + ("through",), b.through, landmarks, "landmark")


def _overlap(body: Body, field: Field) -> np.ndarray:
    """Per region: the zone's area inside it, weighted by the field."""
    return np.bincount(body.region_of_vertex[field.index],
                       weights=field.value * body.vertex_area[field.index], minlength=len(body.regions))


def _covered_regions(body: Body, named: tuple[int, ...], field: Field, shapes: bool,
                     share: float = 0.25) -> tuple[int, ...]:
    """Regions to name in words: those the recipe names, then (when it also has patches or
    bands) those its field covers well."""
    if not shapes or field.empty:
        return named
    overlap = _overlap(body, field)
    # a region the zone covers well, or one that holds a good part of the zone (a narrow band
    # down the arm covers little of each arm region but is still "on the front of the arm")
    good = np.flatnonzero((overlap >= share * body.region_area) | (overlap >= 0.15 * overlap.sum()))
    good = good if len(good) else np.array([int(np.argmax(overlap))])
    covered = (int(i) for i in good[np.argsort(-overlap[good], kind="stable")])
    return named + tuple(i for i in covered if i not in named)


def _has_shapes(recipe) -> bool:
    return isinstance(recipe, Zone) and bool(recipe.patches or recipe.bands)


def _zone_words(body: Body, referral, fields, side: str):
    """(essential, spillover) region indices for one side; never the same region in both."""
    e, s = referral.essential, referral.spillover
    ess = _covered_regions(body, _sided_regions(body, zone_regions(e), side), fields[0],
                           _has_shapes(e) or not zone_regions(e))
    spill = _covered_regions(body, _sided_regions(body, zone_regions(s), side), fields[1],
                             _has_shapes(s) or not zone_regions(s))
    spill = tuple(i for i in spill if i not in ess)
    if not spill and not fields[1].empty:  # a rim around the essential zone, in the same
        spill = _outside(body, fields[1], ess)  # regions: named by one it reaches well, if any
    return ess, spill


def _outside(body: Body, field: Field, taken: tuple[int, ...]) -> tuple[int, ...]:
    """The region (not in ``taken``) that holds most of ``field`` when it holds a good part of
    it (a fifth), or none."""
    overlap = _overlap(body, field)
    total = overlap.sum()
    overlap[list(taken)] = 0.0
    return (int(np.argmax(overlap)),) if overlap.max() >= 0.2 * total > 0 else ()


def _region_bases(body: Body) -> set[str]:
    return {r.base for r in body.regions}


def _sided_regions(body: Body, bases, side: str) -> tuple[int, ...]:
    out = []
    for base in bases:
        r = body.region_index.get(sided_id(base, side)) or body.region_index.get(base)
        if r is not None:
            out.append(r.index)
    return tuple(out)


def _load_muscle(path: Path, cat: Catalogue, problems: list[Problem], seen_tp: dict,
                 links: dict) -> None:
    name = path.name
    raw = yamllines.load(path, name)
    if not isinstance(raw, dict):
        problems.append(Problem(name, getattr(raw, "line", 1), "a muscle file must be a mapping"))
        return
    spec = validation.validate(raw, MuscleSpec, name, problems)
    if spec is None:
        _declared_points(raw, name, seen_tp)
        return
    body = cat.body
    chk = _Checker(name, raw, problems)
    if spec.id in cat.muscles:
        chk.bad(("id",), f"duplicate muscle id {spec.id!r} (also in {cat.muscles[spec.id].file})")
        return
    if path.stem != spec.id:
        chk.bad(("id",), f"muscle id {spec.id!r} should match the file name {path.stem!r}")
    bases = _region_bases(body)
    landmark_bases = {lm.base for lm in body.landmarks.values()}
    before = len(problems)
    _check_zone(chk, ("footprint",), spec.footprint, bases, landmark_bases)
    chk.sources(("sources",), spec.sources, cat.sources)
    if len(problems) > before:
        return
    footprint = {s: Field.from_dense(cat.zones.on_side(cat.zones.left_field(spec.footprint), s))
                 for s in SIDES}
    inside_footprint = footprint["left"].dense(len(body.vertices)) > 0.0
    tp_ids = []
    for i, tp in enumerate(spec.trigger_points):
        loc = ("trigger_points", i)
        if tp.id in seen_tp:
            chk.bad(loc + ("id",), f"duplicate trigger point id {tp.id!r} (also in {seen_tp[tp.id]})")
            continue
        seen_tp[tp.id] = name
        links[tp.id] = (chk, loc, tp)
        before = len(problems)
        _check_zone(chk, loc + ("referral", "essential"), tp.referral.essential, bases, landmark_bases)
        _check_zone(chk, loc + ("referral", "spillover"), tp.referral.spillover, bases, landmark_bases)
        chk.ids(loc + ("location", "landmarks"), tp.location.landmarks, landmark_bases, "landmark")
        chk.ids(loc + ("conditions",), tp.conditions, cat.conditions, "condition")
        chk.sources(loc + ("sources",), tp.sources, cat.sources)
        try:
            vertex = body.resolver.resolve(tp.location.at)
        except (KeyError, ValueError) as exc:
            chk.bad(loc + ("location", "at"), f"trigger point {tp.id!r}: {exc.args[0]}")
            continue
        if len(problems) > before:
            continue
        region = body.regions[body.region_of_vertex[vertex]]
        if region.side == "right":
            chk.bad(loc + ("location", "at"),
                    f"trigger point {tp.id!r} lands on the body's right side ({region.id}); "
                    "points are defined on the left (+x) and mirrored")
            continue
        if not inside_footprint[vertex]:
            chk.bad(loc + ("location", "at"),
                    f"trigger point {tp.id!r} lands in region {region.base!r}, outside the "
                    f"footprint of {spec.id!r}; move the point or widen the footprint "
                    f"(e.g. add {region.base!r} to footprint.regions)")
            continue
        sides = SIDES if tp.bilateral else (tp.side,)
        fields = {s: cat.zones.pair(tp.referral.essential, tp.referral.spillover, s) for s in sides}
        if fields[sides[0]][0].empty:
            chk.bad(loc + ("referral", "essential"),
                    f"trigger point {tp.id!r}: the essential zone covers no skin (check 'minus')")
            continue
        words = {s: _zone_words(body, tp.referral, fields[s], s) for s in sides}
        cat.points[tp.id] = TriggerPoint(
            spec=tp, muscle=spec.id, sides=sides,
            vertex={s: int(body.mirror[vertex]) if s == "right" else int(vertex) for s in sides},
            essential={s: words[s][0] for s in sides}, spillover={s: words[s][1] for s in sides},
            essential_field={s: f[0] for s, f in fields.items()},
            spillover_field={s: f[1] for s, f in fields.items()}, file=name)
        tp_ids.append(tp.id)
    cat.muscles[spec.id] = Muscle(
        id=spec.id, name=spec.name, synonyms=tuple(spec.synonyms) + ((spec.latin,) if spec.latin else ()),
        area=spec.area,
        depth=spec.depth, footprint=footprint, actions=spec.actions, innervation=spec.innervation,
        sources=tuple(source_id(r) for r in spec.sources), points=tuple(tp_ids), file=name,
        spec=spec)


def _declared_points(raw: dict, name: str, seen_tp: dict) -> None:
    """The point ids a muscle file declares even though the file did not load: other files'
    links to them are then not reported as unknown (with a far-off "did you mean"), since
    the file's own problems already say what to mend."""
    points = raw.get("trigger_points")
    for tp in points if isinstance(points, list) else ():
        if isinstance(tp, dict) and isinstance(tp.get("id"), str):
            seen_tp.setdefault(tp["id"], name)


def _check_links(links: dict[str, tuple], declared: dict[str, str]) -> None:
    """Key and satellite links name real points, not themselves, and are written on both ends:
    ``a.key_for: [b]`` needs ``b.satellite_of: [a]``, so either file tells the whole story.
    A link to a point ``declared`` in a file that did not load is left to that file's problems."""
    for pid, (chk, loc, tp) in links.items():
        for field_name, back in (("key_for", "satellite_of"), ("satellite_of", "key_for")):
            for j, other in enumerate(getattr(tp, field_name)):
                where = loc + (field_name, j)
                if other == pid:
                    chk.bad(where, f"trigger point {pid!r} cannot be linked to itself")
                elif other not in links and other in declared:
                    continue
                elif other not in links:
                    chk.bad(where, f"unknown trigger point {other!r}{suggest(other, links)}")
                elif pid not in getattr(links[other][2], back):
                    chk.bad(where, f"{pid!r} lists {other!r} in {field_name}, but {other!r} does "
                                   f"not list {pid!r} in {back}; add it there too")


def _load_tours(folder: Path, cat: Catalogue, problems: list[Problem],
                declared: dict[str, str]) -> None:
    """Guided tours: every step's point and side must exist (checked after the muscles).  A
    step on a point ``declared`` in a file that has problems of its own is left to those."""
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else ():
        display = f"tours/{path.name}"
        raw = yamllines.load(path, display)
        spec = validation.validate(raw, TourSpec, display, problems)
        if spec is None:
            continue
        chk = _Checker(display, raw, problems)
        before = len(problems)
        if path.stem != spec.id:
            chk.bad(("id",), f"tour id {spec.id!r} should match the file name {path.stem!r}")
        if spec.condition is not None and spec.condition not in cat.conditions:
            chk.bad(("condition",), f"unknown condition {spec.condition!r}"
                                    f"{suggest(spec.condition, cat.conditions)}")
        chk.sources(("sources",), spec.sources, cat.sources)
        for i, step in enumerate(spec.steps):
            tp = cat.points.get(step.point)
            if tp is None and step.point in declared:
                continue
            if tp is None:
                chk.bad(("steps", i, "point"),
                        f"unknown trigger point {step.point!r}{suggest(step.point, cat.points)}")
            elif step.side not in tp.sides:
                chk.bad(("steps", i, "side"), f"{step.point!r} has no {step.side} side")
        if spec.id in cat.tours:
            chk.bad(("id",), f"duplicate tour id {spec.id!r}")
        elif len(problems) == before:
            cat.tours[spec.id] = spec


def _load_vocabularies(folder: Path, cat: Catalogue, problems: list[Problem]) -> None:
    for spec, _ in validation.load_list(folder / "sources.yaml", SourceSpec, problems,
                                     display="sources.yaml"):
        cat.sources[spec.id] = Source(spec.id, spec.citation, spec.url, spec.kind)
    raw_conditions = []
    for spec, line in validation.load_list(folder / "conditions.yaml", ConditionSpec, problems,
                                        display="conditions.yaml"):
        cat.conditions[spec.id] = Condition(
            id=spec.id, name=spec.name, synonyms=tuple(spec.synonyms),
            description=spec.description, icd10=spec.codes.icd10, snomed=spec.codes.snomed,
            coexisting=spec.coexisting, sources=tuple(spec.sources))
        raw_conditions.append((spec, line))
    for spec, line in raw_conditions:
        for s in spec.sources:
            if s not in cat.sources:
                problems.append(Problem("conditions.yaml", line,
                                        f"unknown source {s!r}{suggest(s, cat.sources)}"))


def load_catalogue(body: Body, folder: Path | None = None) -> Catalogue:
    """Load and check everything in ``folder`` (default points/); raise DataError on problems."""
    folder = Path(folder or resources.points_dir())
    if not folder.is_dir():
        raise DataError([Problem(str(folder), 1, "no such folder of trigger point data")])
    problems: list[Problem] = []
    cat = Catalogue(body=body, zones=ZoneBuilder(body))
    for required in NON_MUSCLE_FILES:
        if not (folder / required).exists():
            problems.append(Problem(required, 1, f"missing {required} in {folder}"))
    if problems:
        raise DataError(problems)
    _load_vocabularies(folder, cat, problems)
    seen_tp: dict[str, str] = {}
    links: dict[str, tuple] = {}
    files = sorted(p for p in folder.glob("*.yaml") if p.name not in NON_MUSCLE_FILES)
    for path in files:
        try:
            _load_muscle(path, cat, problems, seen_tp, links)
        except DataError as exc:
            problems.extend(exc.problems)
    _check_links(links, seen_tp)
    _load_tours(folder / "tours", cat, problems, seen_tp)
    if not files:
        problems.append(Problem(str(folder), 1, "no muscle files (*.yaml) found"))
    if problems:
        raise DataError(problems)
    return cat


def zone_arrays(cat: Catalogue):
    """(point, side) keys and their essential/spillover fields as sparse (keys x vertices) rows."""
    from scipy import sparse

    keys = [(tp.id, s) for tp in cat.points.values() for s in tp.sides]
    shape = (len(keys), len(cat.body.vertices))

    def rows(attr: str):
        fields = [getattr(cat.points[pid], attr)[side] for pid, side in keys]
        indptr = np.cumsum([0] + [len(f.index) for f in fields])
        index = np.concatenate([f.index for f in fields]) if fields else np.zeros(0, np.int32)
        value = np.concatenate([f.value for f in fields]) if fields else np.zeros(0, np.float32)
        return sparse.csr_matrix((value.astype(np.float64), index, indptr), shape=shape)

    return keys, rows("essential_field"), rows("spillover_field")
