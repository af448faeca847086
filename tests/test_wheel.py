"""A wheel carries its data: built, installed into a fresh venv and run from another folder."""

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """A fresh venv with only the built wheel in it; its dependencies come from this test
    environment through a path file, so nothing is downloaded and the source tree is not seen."""
    tmp = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp / "dist"),
                    str(ROOT)], check=True, timeout=600, cwd=tmp)
    wheel = next((tmp / "dist").glob("trigger_point_atlas-*.whl"))
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    py = venv / "bin" / "python"
    subprocess.run([str(py), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)],
                   check=True, timeout=300)
    site = subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    Path(site, "test-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return venv, tmp / "elsewhere"


def _run(venv, cwd, *args):
    cwd.mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ATLAS_", "PYTHON"))}
    return subprocess.run([str(venv / "bin" / "atlas"), *args], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=300)


def test_the_wheel_holds_the_body_and_the_points(installed):
    venv, elsewhere = installed
    out = _run(venv, elsewhere, "stats", "--json")
    assert out.returncode == 0, out.stderr
    assert '"vertices": 13380' in out.stdout and '"trigger_points"' in out.stdout
    where = subprocess.run([str(venv / "bin" / "python"), "-c", "import atlas; print(atlas.__file__)"],
                           capture_output=True, text=True, cwd=elsewhere).stdout
    assert str(venv) in where  # the installed copy ran, not the source tree


def test_the_installed_atlas_validates_its_own_data(installed):
    venv, elsewhere = installed
    out = _run(venv, elsewhere, "validate")
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout.startswith("ok: ")
