import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("PYVISTA_OFF_SCREEN", "true")


@pytest.fixture(scope="session")
def body():
    from atlas import store

    return store.body()


@pytest.fixture(scope="session")
def lexicon():
    from atlas import store

    return store.region_lexicon()


def run_cli(*args, env=None, cwd=None):
    """Run `python -m atlas ...` in a subprocess, as a user would."""
    import subprocess

    return subprocess.run([sys.executable, "-m", "atlas", *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, cwd=cwd or ROOT, timeout=300)
