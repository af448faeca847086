"""Load the data once per process and share it read-only (body, catalogue, lookup engine)."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def body():
    from atlas.anatomy import load_body

    return load_body()


@lru_cache(maxsize=1)
def region_lexicon():
    from atlas.regionwords import region_lexicon as build

    return build(body())


@lru_cache(maxsize=1)
def catalogue():
    from atlas.catalog import load_catalogue

    return load_catalogue(body())


@lru_cache(maxsize=1)
def engine():
    from atlas.query import Engine

    return Engine(catalogue())


@lru_cache(maxsize=1)
def scene():
    from atlas.scene import Scene

    return Scene(catalogue())
