"""Where the data lives.  ``ATLAS_MESHES`` / ``ATLAS_POINTS`` override the defaults (tests use them)."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def meshes_dir() -> Path:
    return Path(os.environ.get("ATLAS_MESHES", ROOT / "meshes"))


def points_dir() -> Path:
    return Path(os.environ.get("ATLAS_POINTS", ROOT / "points"))
