"""Faults and hostile input: bad data stops the server cleanly, a lost server is reported,
errors stay inside one session, and 1,000 hostile query strings get pages, not errors."""

import random
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from atlas.ui.app import AtlasApp
from tests.browser import ROOT, OfflinePage, atlas_server, free_port


def _serve(env, port=None):
    import os

    port = port or free_port()
    return subprocess.run([sys.executable, "-m", "atlas", "serve", "--port", str(port)],
                          capture_output=True, text=True, timeout=120, cwd=ROOT, env={**os.environ, **env})


def test_a_corrupted_data_file_stops_the_server_before_it_listens(tmp_path):
    points = tmp_path / "points"
    shutil.copytree(ROOT / "points", points)
    (points / "masseter.yaml").write_text((points / "masseter.yaml").read_text().replace(
        "depth: superficial", "depth: [superficial"))
    res = _serve({"ATLAS_POINTS": str(points)})
    assert res.returncode == 1
    assert "masseter.yaml:" in res.stderr and "running at" not in res.stdout
    assert "Traceback" not in res.stderr


def test_a_missing_or_damaged_mesh_stops_the_server(tmp_path):
    meshes = tmp_path / "meshes"
    shutil.copytree(ROOT / "meshes", meshes)
    (meshes / "body.npz").write_bytes(b"not a mesh")
    res = _serve({"ATLAS_MESHES": str(meshes)})
    assert res.returncode == 1 and "cannot read the body mesh" in res.stderr
    (meshes / "body.npz").unlink()
    res = _serve({"ATLAS_MESHES": str(meshes)})
    assert res.returncode == 1 and "body.npz" in res.stderr and "Traceback" not in res.stderr


@pytest.mark.browser
def test_a_killed_server_is_reported_and_a_restart_brings_the_view_back(browser):
    port = free_port()
    page = OfflinePage(browser)
    try:
        with atlas_server(port=port) as base:
            page.page.goto(base + "/atlas?point=masseter_tp1")
            page.wait_ready()
            expect(page.page.locator(".atlas-details h2")).to_have_text("Masseter", timeout=20000)
        # the server is gone now
        alert = page.page.get_by_role("alert")
        expect(alert).to_contain_text("connection to the atlas server was lost", timeout=30000)
        with atlas_server(port=port):
            alert.get_by_role("button", name="Reload").click()
            page.wait_ready()
            expect(page.page.locator(".atlas-details h2")).to_have_text("Masseter", timeout=20000)
    finally:
        page.close()


def test_an_error_in_one_session_is_a_notice_and_other_sessions_carry_on(monkeypatch):
    one, two = AtlasApp({}), AtlasApp({})
    one.layout(), two.layout()

    def broken(*_):
        raise RuntimeError("boom")

    monkeypatch.setattr(one, "_open", broken)
    one.results.options = {"x": "", "Masseter (point)": "point:masseter_tp1"}
    one.results.value = "point:masseter_tp1"  # the callback fails inside session one
    assert "Something went wrong" in one.session.notices[-1]
    assert two.session.notices == []
    two.session.select("masseter_tp1")
    assert two.details.object.count("Masseter") >= 1
    one.session.select("deltoid_tp1")  # session one still works
    assert "Deltoid" in one.details.object


def _hostile_queries(n, seed=7):
    rng = random.Random(seed)
    keys = ["point", "side", "mode", "area", "condition", "view", "pain", "embed", "q", "x",
            "%00", "po%69nt", "<b>", "point[]", "a" * 300]
    values = ["<script>alert(1)</script>", "%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E", "%00", "%ff%fe",
              "%", "%%%", "../../etc/passwd", "' OR 1=1 --", "\u202e\u0000", "temple_l," * 400,
              "masseter_tp1", "right", "pain", "head", "tmj_disorder", "true", "NaN", "-1", "1e309",
              "%E2%80%AE", "%F0%9F%92%A9", "javascript:alert(1)", "{{7*7}}", "${7*7}", "A" * 3000]
    out = []
    for _ in range(n):
        parts = []
        for _ in range(rng.randint(1, 5)):
            k, v = rng.choice(keys), rng.choice(values)
            parts.append(k if rng.random() < 0.1 else f"{k}={v}")
        sep = rng.choice(["&", "&", ";", "&&"])
        # raw control and non-ASCII characters are percent-encoded, as a browser would send them;
        # existing (possibly malformed) %-sequences are sent as they are
        out.append(quote(sep.join(parts), safe="%&;=[]<>'/.{}$*()!,:@?-_~+"))
    return out


def test_a_thousand_hostile_query_strings_get_pages_not_errors():
    queries = _hostile_queries(1000)
    with atlas_server("--num-procs", "2") as base:  # two workers: the 1,000 pages build faster
        _fetch_all(base, queries)


def _fetch_all(live_server, queries):

    def fetch(q):
        try:
            with urllib.request.urlopen(f"{live_server}/atlas?{q}", timeout=60) as r:
                return r.status, r.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8", "replace")

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(fetch, queries))
    statuses = [s for s, _ in results]
    assert all(s == 200 for s in statuses), sorted(set(statuses))
    for _, page in results:
        assert "Traceback" not in page and "Trigger Point Atlas" in page
        assert "<script>alert(1)</script>" not in page
