"""The benchmark harness works end to end (a short run; it asserts nothing about speed)."""

import subprocess
import sys

import pytest

from tests.conftest import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_benchmark_harness_smoke_run(tmp_path):
    out = tmp_path / "RESULTS.md"
    res = subprocess.run([sys.executable, "bench/run.py", "--quick", "--out", str(out)], cwd=ROOT,
                         capture_output=True, text=True, timeout=900)
    assert res.returncode == 0, res.stderr[-3000:]
    text = out.read_text()
    for measure in ("Bytes to the first drawn frame", "Time to the first drawn frame",
                    "Click to details, p95", "Reverse lookup", "Server start", "Memory per idle",
                    "Concurrent sessions"):
        assert measure in text
    assert "| met |" in text or "| not met |" in text
