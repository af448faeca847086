import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("PYVISTA_OFF_SCREEN", "true")


@pytest.fixture(scope="session")
def body():
    import atlas

    return atlas.load().body


@pytest.fixture(scope="session")
def lexicon():
    import atlas

    return atlas.load().region_lexicon


def run_cli(*args, env=None, cwd=None):
    """Run `python -m atlas ...` in a subprocess, as a user would."""
    import subprocess

    return subprocess.run([sys.executable, "-m", "atlas", *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, cwd=cwd or ROOT, timeout=300)


@pytest.fixture(scope="session")
def live_server():
    from tests.browser import atlas_server

    with atlas_server() as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    from tests.browser import launch

    with sync_playwright() as p:
        b = launch(p)
        yield b
        b.close()


@pytest.fixture
def offline_page(browser):
    from tests.browser import OfflinePage

    page = OfflinePage(browser)
    yield page
    page.close()


@pytest.fixture(scope="module")
def a():
    """The loaded atlas (cached per process)."""
    import atlas

    return atlas.load()


@pytest.fixture(scope="module")
def renderer(a):
    """One off-screen chart renderer per test module (opening one costs a second or two)."""
    from atlas.images import charts

    with charts.Renderer(a.scene.body) as r:
        yield r
