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
                    "as a screenshot poll sees it",
                    "Click to details, p95", "Reverse lookup", "Server start", "Memory per idle",
                    "Per-session server build", "First document on the wire", "Sessions at once",
                    "## Sessions at once (light client)"):
        assert measure in text
    # the light client opened sessions of the small burst and counted their documents' bytes
    burst = [line for line in text.splitlines() if line.startswith("| atlas | 1 | 3 |")]
    assert burst and burst[0].split("|")[-2].strip().endswith("KB"), burst
    assert "| met |" in text or "| not met |" in text
