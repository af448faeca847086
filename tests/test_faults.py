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


# Hostile link parts.  Every attack class is sent at least once (see _hostile_queries):
KEYS = ["point", "side", "mode", "area", "condition", "view", "pain", "embed", "q", "x",
        "%00", "po%69nt", "<b>", "point[]", "a" * 300, "\u202e", "po int"]
VALUES = ["<script>alert(1)</script>", "%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E", "%00", "%ff%fe",
          "%", "%%%", "%zz", "../../etc/passwd", "' OR 1=1 --", "\u202e\u0000", "temple_l," * 400,
          "masseter_tp1", "right", "pain", "head", "tmj_disorder", "true", "NaN", "-1", "1e309",
          "%E2%80%AE", "%F0%9F%92%A9", "\U0001f4a9\u0301\ufeff", "javascript:alert(1)", "{{7*7}}",
          "${7*7}", "A" * 3000, "x?y=1", "a\tb\r\nc", "\x7f\x01"]
ATTACKS = {  # one query per class, sent as is
    "extra ?": ["point=masseter_tp1?utm=course", "?point=x??y", "point=a?b?c&side=left?x=1"],
    "bad %": ["point=%zz&view=back", "point=%", "%=%&%%=1", "pain=temple_l%2", "point=%c3%28"],
    "NUL and controls": ["point=a%00b", "%00=1", "side=%0d%0aSet-Cookie:x=1", "view=%7f%1b[31m"],
    "huge": ["a=" + "x" * 9000, "point=" + "y" * 2500, "&".join(f"k{i}=v" for i in range(900)),
             "pain=" + "temple_l," * 1500],
    "unicode": ["point=%E2%80%AE%F0%9F%92%A9", "condition=" + quote("Kopfschmerz \u00fc\u00df\u4e2d"),
                quote("\u202epoint") + "=1", "view=%ef%bf%bd"],
    "repeated keys": ["point=masseter_tp1&point=deltoid_tp1", "side=left&side=right&side=%00",
                      "mode=pain&mode=explore&mode=x", "&".join(["view=back"] * 300)],
    "separators": ["point=masseter_tp1;side=right", "&&&&", "=&=&=", "point&side&mode", ";;=;"],
}


def _mixes(rng, n):
    """n random queries of 1-6 hostile pairs, joined by assorted separators."""
    out = []
    for _ in range(n):
        parts = []
        for _ in range(rng.randint(1, 6)):
            k, v = rng.choice(KEYS), rng.choice(VALUES)
            parts.append(k if rng.random() < 0.1 else f"{k}={v}")
        out.append(rng.choice(["&", "&", ";", "&&", "?"]).join(parts))
    return out


def _as_sent(raw):
    """Raw control and non-ASCII characters percent-encoded, as a browser would send them;
    existing (possibly malformed) %-sequences are sent as they are."""
    return [quote(q, safe="%&;=[]<>'/.{}$*()!,:@?-_~+") for q in raw]


def _hostile_queries(seed=7, mixes=20):
    """Every class in ATTACKS, every hostile value under a link key the atlas reads, every key
    with a hostile value, then random mixes of them: about 100 queries."""
    raw = [q for qs in ATTACKS.values() for q in qs]
    known = KEYS[:8]
    raw += [f"{known[i % len(known)]}={v}" for i, v in enumerate(VALUES)]
    raw += [f"{k}={VALUES[i * 7 % len(VALUES)]}" for i, k in enumerate(KEYS)]
    return _as_sent(raw + _mixes(random.Random(seed), mixes))


def test_hostile_queries_cover_every_attack_class():
    queries = _hostile_queries()
    assert 90 <= len(queries) <= 200
    assert any("?" in q for q in queries) and any("%00" in q for q in queries)
    assert any(len(q) > 8192 for q in queries) and any("%E2%80%AE" in q for q in queries)
    assert any(q.count("point=") > 1 for q in queries) and any("%zz" in q for q in queries)


@pytest.mark.slow
def test_hostile_query_strings_get_pages_not_errors(live_server):
    """Each query is a whole page build on the server, so the HTTP round covers every class
    once plus a few mixes; the many random mixes run through the same steps in process below."""
    _fetch_all(live_server, _hostile_queries())
    # over 1,000 fields Tornado itself refuses the request line: a plain 400, before any page
    with pytest.raises(urllib.error.HTTPError) as exc:
        urllib.request.urlopen(f"{live_server}/atlas?" + "&".join(f"k{i}=v" for i in range(1001)),
                               timeout=60)
    assert exc.value.code == 400 and b"Traceback" not in exc.value.read()


def test_random_hostile_mixes_are_repaired_and_opened_without_errors():
    """What the server does with a query before the page (repair, parse, apply), for 150 mixes."""
    from tornado.httputil import parse_qs_bytes

    import atlas
    from atlas.ui import server
    from atlas.ui.session import Session

    a = atlas.load()
    for q in _as_sent(_mixes(random.Random(11), 150)):
        repaired, _ = server.repair_query(q)
        args = {k[:64]: v[0].decode("utf-8", "replace")
                for k, v in parse_qs_bytes(repaired, keep_blank_values=True).items()}
        s = Session(a.engine, a.scene)
        s.apply_url(args)  # never raises: unknown or hostile values become notices
        assert not s.point or s.point in a.engine.cat.points
        assert all(len(n) < 2000 for n in s.notices)


@pytest.mark.browser
def test_a_damaged_link_opens_the_view_with_a_notice(live_server, offline_page):
    """What a course platform that appends `?utm=...` does to a shared link."""
    op = offline_page
    op.page.goto(live_server + "/atlas?point=masseter_tp1?utm=course")
    op.wait_ready()
    expect(op.page.locator(".atlas-details h2")).to_have_text("Masseter", timeout=20000)
    expect(op.page.get_by_text("The link was damaged")).to_be_visible()
    assert op.errors == []


def _fetch_all(live_server, queries):

    def fetch(q):
        try:
            with urllib.request.urlopen(f"{live_server}/atlas?{q}", timeout=60) as r:
                return r.status, r.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8", "replace")

    with ThreadPoolExecutor(4) as pool:
        results = dict(zip(queries, pool.map(fetch, queries)))
    statuses = [s for s, _ in results.values()]
    assert all(s == 200 for s in statuses), sorted(set(statuses))
    for _, page in results.values():
        assert "Traceback" not in page and "Trigger Point Atlas" in page
        assert "<script>alert(1)</script>" not in page
    return results
