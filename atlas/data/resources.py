"""Where the data lives: the body (``meshes/``) and the trigger point files (``points/``).

Both folders sit at the top of the repository and ship inside the wheel as the data packages
``atlas.meshes`` and ``atlas.points`` (see ``[tool.setuptools.package-dir]`` in pyproject.toml),
so they are found with :mod:`importlib.resources` wherever the atlas is installed: ``pip
install``, ``pipx`` or an editable checkout.  ``ATLAS_MESHES`` and ``ATLAS_POINTS`` override
them (tests and custom data sets use them).
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

SOURCE_ROOT = Path(__file__).resolve().parents[2]


def _data_dir(name: str) -> Path:
    try:
        return Path(str(resources.files(f"atlas.{name}")))
    except ModuleNotFoundError:  # running from a source tree that was never installed
        return SOURCE_ROOT / name


def meshes_dir() -> Path:
    return Path(os.environ.get("ATLAS_MESHES") or _data_dir("meshes"))


def points_dir() -> Path:
    return Path(os.environ.get("ATLAS_POINTS") or _data_dir("points"))
