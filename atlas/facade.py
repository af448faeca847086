"""The Atlas facade: one object that holds everything the atlas knows, loaded once per process.

``atlas.load()`` returns the shared :class:`Atlas`.  Its parts load on first use, so a command
that needs only the body (``atlas regions``) never reads the trigger point files:

    >>> import atlas
    >>> a = atlas.load()
    >>> a.regions["temple_l"].label          # 'Temple'
    >>> a.muscles["QL"].name                  # looked up by id, name or synonym
    >>> a.engine.reverse_muscles(a.engine.pain_from_words(["low back"])[0])

Everything here is read-only and shared by every browser session and every export.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Generic, TypeVar

from atlas.query.names import Lexicon, UnknownName

T = TypeVar("T")


class Named(Mapping, Generic[T]):
    """Records by id, falling back to their names and synonyms: ``muscles["QL"]``."""

    def __init__(self, kind: str, by_id: Mapping[str, T], lexicon: Lexicon):
        self.kind, self._by_id, self._lexicon = kind, by_id, lexicon

    def __getitem__(self, key: str) -> T:
        if key in self._by_id:
            return self._by_id[key]
        found = self._lexicon.find(key)
        if found is None:
            raise UnknownName(f"no {self.kind} matches {key!r}{self._lexicon.suggest(key)}")
        return self._by_id[found.keys[0]]

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_id)

    def __len__(self) -> int:
        return len(self._by_id)


class Atlas:
    """The body, the trigger point catalogue, the query engine and the 3D scene."""

    def __init__(self, meshes: Path | None = None, points: Path | None = None):
        self._meshes, self._points = meshes, points

    @cached_property
    def body(self):
        from atlas.body.anatomy import load_body

        return load_body(self._meshes)

    @cached_property
    def catalogue(self):
        from atlas.content.catalog import load_catalogue

        return load_catalogue(self.body, self._points)

    @cached_property
    def engine(self):
        from atlas.query.engine import Engine

        return Engine(self.catalogue)

    @cached_property
    def scene(self):
        from atlas.views.scene import Scene

        return Scene(self.catalogue)

    @cached_property
    def region_lexicon(self) -> Lexicon:
        from atlas.query.names import region_lexicon

        return region_lexicon(self.body)

    @cached_property
    def regions(self) -> Named:
        """Regions by id (``temple_l``) or by words (``"left temple"`` gives the first match)."""
        by_id = {r.id: r for r in self.body.regions}
        return Named("region", by_id, _RegionWords(self))

    @property
    def muscles(self) -> Named:
        return Named("muscle", self.catalogue.muscles, self.engine.muscles)

    @property
    def conditions(self) -> Named:
        return Named("condition", self.catalogue.conditions, self.engine.conditions)

    @property
    def points(self) -> Mapping:
        return self.catalogue.points

    def check(self) -> Atlas:
        """Load and validate everything now (raises DataError), e.g. before a server listens."""
        self.engine  # noqa: B018 - loads body, catalogue and lexicons
        self.scene.asset  # noqa: B018
        return self


class _RegionWords:
    """Adapts region resolution (with a side) to the lexicon interface Named expects."""

    def __init__(self, atlas: Atlas):
        self.atlas = atlas

    def find(self, text: str):
        from atlas.query.names import Match, UnknownRegion, resolve_region

        try:
            m = resolve_region(self.atlas.body, self.atlas.region_lexicon, text)
        except UnknownRegion:
            return None
        return Match(tuple(r.id for r in m.regions), m.how, m.matched)

    def suggest(self, text: str) -> str:
        return self.atlas.region_lexicon.suggest(text)


@lru_cache(maxsize=1)
def load() -> Atlas:
    """The shared atlas of this process (data under ``ATLAS_MESHES``/``ATLAS_POINTS`` if set)."""
    return Atlas()
