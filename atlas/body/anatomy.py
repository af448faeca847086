"""The Body: skin mesh, mirror map, joints, named landmarks and the named region map.

Everything here is plain numpy/scipy.  Landmarks and regions are defined once, for the body's
left side or the midline, in ``meshes/landmarks.yaml`` and ``meshes/regions.yaml``; the right
side is made through the mirror map, so left and right always match.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np

from atlas.body import geometry
from atlas.data import validation
from atlas.data import resources
from atlas.data.shapes import LandmarkSpec, PointSpec, RegionSpec
from atlas.data.problems import DataError, Problem, suggest
from atlas.data.vocabulary import DIRECTIONS

SIDE_SUFFIX = {"left": "_l", "right": "_r"}
SIDE_WORD = {"left": "left", "right": "right"}


@dataclass(frozen=True)
class Landmark:
    id: str
    base: str
    name: str  # with its side: "Mastoid process (left)"
    label: str  # without: "Mastoid process"
    side: str  # left | right | midline
    area: str
    synonyms: tuple[str, ...]
    vertex: int


@dataclass(frozen=True)
class Region:
    index: int
    id: str
    base: str
    name: str  # with its side: "Temple (left)"
    label: str  # without: "Temple"
    side: str
    area: str
    synonyms: tuple[str, ...]
    choir: tuple[int, ...]


# Words in place names that keep their capital inside a sentence ("Achilles tendon").
PROPER_WORDS = frozenset({"Achilles"})


def mid_sentence(label: str) -> str:
    """A place's label as it reads inside a sentence: "Side of the head" becomes "side of the
    head"; a proper name ("Achilles tendon") or a code ("C7 spinous process") keeps its capital."""
    word = label.split(" ", 1)[0]
    if word in PROPER_WORDS or len(word) < 2 or not word[1:].islower():
        return label
    return label[0].lower() + label[1:]


def label_list(labels, capital_first: bool = True) -> str:
    """Labels joined with commas for a sentence: only the first may keep its capital
    ("Behind the ear, side of the head above the ear")."""
    return ", ".join(label if i == 0 and capital_first else mid_sentence(label)
                     for i, label in enumerate(labels))


def sided_id(base: str, side: str) -> str:
    return base + SIDE_SUFFIX.get(side, "")


def sided_name(name: str, side: str) -> str:
    return f"{name} ({SIDE_WORD[side]})" if side in SIDE_WORD else name


@dataclass
class Body:
    """The skin and everything named on it.  Build with :func:`load_body`."""

    vertices: np.ndarray
    faces: np.ndarray
    normals: np.ndarray
    mirror: np.ndarray
    joints: dict[str, np.ndarray]
    landmarks: dict[str, Landmark] = field(default_factory=dict)
    regions: list[Region] = field(default_factory=list)
    region_of_vertex: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int32))
    resolver: PointResolver | None = None

    @cached_property
    def mesh(self):
        """The skin as a trimesh mesh (same vertex order), for the geometry trimesh does."""
        return geometry.skin_mesh(self.vertices, self.faces)

    @cached_property
    def graph(self):
        return geometry.edge_graph(self.mesh)

    @cached_property
    def vertex_area(self) -> np.ndarray:
        return geometry.vertex_areas(self.mesh)

    @cached_property
    def region_index(self) -> dict[str, Region]:
        return {r.id: r for r in self.regions}

    @cached_property
    def region_vertices(self) -> list[np.ndarray]:
        order = np.argsort(self.region_of_vertex, kind="stable")
        bounds = np.searchsorted(self.region_of_vertex[order], np.arange(len(self.regions) + 1))
        return [order[bounds[i]:bounds[i + 1]] for i in range(len(self.regions))]

    @cached_property
    def region_area(self) -> np.ndarray:
        return np.bincount(self.region_of_vertex, weights=self.vertex_area,
                           minlength=len(self.regions))

    def side_of(self, vertex: int) -> str:
        x = float(self.vertices[vertex, 0])
        return "midline" if abs(x) < 1e-6 else ("left" if x > 0 else "right")

    def mirrored_region(self, region: Region) -> Region:
        other = {"left": "right", "right": "left"}.get(region.side)
        return self.region_index[sided_id(region.base, other)] if other else region


# ---------------------------------------------------------------------------------------------
# Resolving points written in the files


class PointResolver:
    """Turns a PointSpec (left-side or midline definition) into a skin vertex."""

    def __init__(self, body: Body):
        self.body = body
        self.named: dict[str, np.ndarray] = {}
        for name, pos in body.joints.items():
            self.named[name] = np.asarray(pos, dtype=np.float64)

    def add_landmark(self, base: str, vertex: int) -> None:
        self.named[base] = self.body.vertices[vertex].astype(np.float64)

    def anchor(self, name: str) -> np.ndarray:
        if name not in self.named:
            raise KeyError(f"unknown landmark or joint {name!r}{suggest(name, self.named)}")
        return self.named[name]

    def resolve(self, spec: PointSpec) -> int:
        if spec.landmark is not None:
            start = self.anchor(spec.landmark)
        elif spec.joint is not None:
            start = self.anchor(spec.joint)
        else:
            a, b = (self.anchor(n) for n in spec.between)
            start = a + (b - a) * spec.t
        start = start + np.asarray(spec.offset, dtype=np.float64)
        if spec.toward is not None:
            hit = geometry.ray_hit(self.body.mesh, start, direction(spec.toward))
            if hit is None:
                raise ValueError("the ray from this point never meets the skin")
            start = hit
        return geometry.nearest_vertex(self.body.vertices, start)


def direction(toward) -> np.ndarray:
    if isinstance(toward, str):
        v = np.sum([DIRECTIONS[w] for w in toward.split()], axis=0)
    else:
        v = np.asarray(toward, dtype=np.float64)
    n = np.linalg.norm(v)
    if n == 0:
        raise ValueError("direction has zero length")
    return v / n


# ---------------------------------------------------------------------------------------------
# Loading


def load_mesh(path: Path | None = None) -> Body:
    """Read the committed body asset; a missing or damaged file is a clear DataError."""
    path = path or resources.meshes_dir() / "body.npz"
    try:
        with np.load(path, allow_pickle=False) as d:
            body = Body(
                vertices=d["vertices"].astype(np.float32),
                faces=d["faces"].astype(np.int64),
                normals=d["normals"].astype(np.float32),
                mirror=d["mirror"].astype(np.int64),
                joints={str(n): p for n, p in zip(d["joint_names"], d["joint_positions"])},
            )
    except Exception as exc:  # noqa: BLE001 - any damage to the asset is reported the same way
        raise DataError([Problem(str(path), 1, f"cannot read the body mesh: {exc}")]) from None
    n = len(body.vertices)
    if body.faces.size == 0 or body.faces.max() >= n or len(body.mirror) != n:
        raise DataError([Problem(str(path), 1, "the body mesh is inconsistent (faces or mirror "
                                               "refer to missing vertices)")])
    return body


def _landmarks(body: Body, resolver: PointResolver, path: Path, problems: list[Problem]) -> None:
    for spec, line in validation.load_list(path, LandmarkSpec, problems):
        try:
            v = resolver.resolve(spec.at)
        except (KeyError, ValueError) as exc:
            problems.append(Problem(str(path), line, f"landmark {spec.id!r}: {exc.args[0]}"))
            continue
        if spec.side == "bilateral" and body.vertices[v, 0] <= 0:
            problems.append(Problem(str(path), line, f"landmark {spec.id!r} lands on the body's "
                                                     "right side; define it on the left (+x)"))
            continue
        if spec.side == "midline":
            x = body.vertices[v, 0]
            if abs(x) > 1.0:
                problems.append(Problem(str(path), line,
                                        f"midline landmark {spec.id!r} lands {x:.1f} cm off the midline"))
        resolver.add_landmark(spec.id, v)
        sides = ("left", "right") if spec.side == "bilateral" else ("midline",)
        for side in sides:
            vert = int(body.mirror[v]) if side == "right" else v
            body.landmarks[sided_id(spec.id, side)] = Landmark(
                id=sided_id(spec.id, side), base=spec.id, name=sided_name(spec.name, side),
                label=spec.name, side=side, area=spec.area, synonyms=tuple(spec.synonyms), vertex=vert)


def _region_specs(resolver: PointResolver, path: Path, problems: list[Problem]):
    out = []
    for spec, line in validation.load_list(path, RegionSpec, problems):
        seeds = []
        for k, seed in enumerate(spec.seeds):
            try:
                seeds.append(resolver.resolve(seed))
            except (KeyError, ValueError) as exc:
                problems.append(Problem(str(path), line, f"region {spec.id!r} seed {k + 1}: {exc.args[0]}"))
        out.append((spec, seeds))
    return out


def _build_regions(body: Body, specs, choir: dict[str, list[int]]) -> None:
    """Geodesic Voronoi of all seeds, then made mirror-symmetric and one patch per region."""
    regions, seed_vertices, seed_region = [], [], []
    for spec, seeds in specs:
        sides = ("left", "right") if spec.side == "bilateral" else ("midline",)
        for side in sides:
            rid = sided_id(spec.id, side)
            reg = Region(index=len(regions), id=rid, base=spec.id,
                         name=sided_name(spec.name, side), label=spec.name, side=side, area=spec.area,
                         synonyms=tuple(spec.synonyms), choir=tuple(choir.get(rid, ())))
            regions.append(reg)
            for s in seeds:
                v = int(body.mirror[s]) if side == "right" else s
                seed_vertices.append(v)
                seed_region.append(reg.index)
    body.regions = regions
    seeds = np.asarray(seed_vertices)
    _, owner = geometry.geodesic_voronoi(body.graph, seeds)
    labels = np.asarray(seed_region)[owner]
    body.region_of_vertex = _tidy(body, labels)


def _mirror_labels(body: Body, labels: np.ndarray) -> np.ndarray:
    """Copy the left half's labels onto the right half through the mirror map."""
    partner = np.array([body.mirrored_region(r).index for r in body.regions])
    out = labels.copy()
    right = body.vertices[:, 0] < -1e-6
    out[right] = partner[labels[body.mirror[right]]]
    # A vertex on the midline mirrors to itself: it keeps a midline region or the left copy.
    sided_right = np.array([r.side == "right" for r in body.regions])
    mid = (np.abs(body.vertices[:, 0]) <= 1e-6) & sided_right[out]
    out[mid] = partner[out[mid]]
    return out


def _tidy(body: Body, labels: np.ndarray, rounds: int = 8) -> np.ndarray:
    """Symmetrise, then give each stray fragment of a region to the neighbour it borders most."""
    coo = body.graph.tocoo()
    for _ in range(rounds):
        labels = _mirror_labels(body, labels)
        changed = False
        for r in range(len(body.regions)):
            mask = labels == r
            if not mask.any():
                continue
            comp = geometry.components(body.graph, mask)
            ids, counts = np.unique(comp[mask], return_counts=True)
            if len(ids) == 1:
                continue
            keep = ids[np.argmax(counts)]
            stray = mask & (comp != keep)
            edge = stray[coo.row] & ~stray[coo.col]
            neighbours = labels[coo.col[edge]]
            neighbours = neighbours[neighbours != r]
            if len(neighbours):
                labels[stray] = np.bincount(neighbours).argmax()
                changed = True
        if not changed:
            break
    return labels


def _choir_codes(folder: Path) -> dict[str, list[int]]:
    """Per-region CHOIR segment codes made by meshes/choir.py ({} when not built yet)."""
    import json

    path = folder / "choir_codes.json"
    if not path.exists():
        return {}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DataError([Problem(str(path), 1, f"cannot read CHOIR codes: {exc}")]) from None


def load_body(meshes: Path | None = None, with_choir: bool = True) -> Body:
    """Load the mesh, landmarks and regions; raise DataError listing every problem found."""
    folder = meshes or resources.meshes_dir()
    body = load_mesh(folder / "body.npz")
    problems: list[Problem] = []
    resolver = PointResolver(body)
    _landmarks(body, resolver, folder / "landmarks.yaml", problems)
    specs = _region_specs(resolver, folder / "regions.yaml", problems)
    if problems:
        raise DataError(problems)
    _build_regions(body, specs, _choir_codes(folder) if with_choir else {})
    body.resolver = resolver
    empty = [r.id for r in body.regions if not (body.region_of_vertex == r.index).any()]
    if empty:
        raise DataError([Problem(str(folder / "regions.yaml"), 1,
                                 f"region(s) with no skin after tidying: {', '.join(empty)}")])
    return body
