"""What a page costs to open: the scripts it loads and the size of its first document.

Sizes and counts only, never timings.  One real `atlas serve` for the module.

Measured (issue 15, 2026-12-02): the first document (PULL-DOC-REPLY) was 125 kB before the 3D
view's module and the big stylesheets were served as shared files; it is now about 60 kB
decoded and about 10 kB on the wire (websocket deflate).  Later the same day (bench/build.py,
a session built as the server builds it): 117.6 kB and 87 models before the layout, spinner,
colour and list files were shared and the rarely used parts made on first use; 54.7 kB and
67 models after.  The limits below leave room for the content to grow (300+ points) but catch
any return of per-session copies.
"""

import json
import re
import subprocess
import sys
import urllib.request

import pytest

from atlas.ui.app import LAYOUTS
from atlas.ui.server import choose_num_procs
from atlas.ui.warm_sessions import PERSONAL_SIZE
from tests.browser import ROOT, OfflinePage, atlas_server_process

sys.path.insert(0, str(ROOT / "bench"))
import load  # noqa: E402 - bench/load.py: opens a session like a browser, without deserialising

pytestmark = pytest.mark.browser

FIRST_DOC_WIRE_LIMIT = 60_000  # bytes on the wire (issue 15's goal)
FIRST_DOC_LIMIT = 120_000  # bytes decoded: 59.7 KB at 193 points, 104.8 KB at 256 points + tours
# Every script the page may load.  bokeh-tables is needed although no table is shown:
# panel.min.js imports it.  bokeh-gl (WebGL plot glyphs) is not: vtk.js draws the body.
NEEDED_SCRIPTS = ("es-module-shims.min.js", "vtk.js", "bokeh.min.js", "bokeh-widgets.min.js",
                  "bokeh-tables.min.js", "panel.min.js", "body_view-", "listbox-", "view_controls-",
                  "first_frame_worker-")
UNUSED_SCRIPTS = ("bokeh-gl", "bokeh-mathjax", "tabulator", "plotly", "deckgl", "echarts",
                  "ace", "vega", "katex", "mathjax", "jspanel", "gridstack")

FOCUSED_OUTLINE = """() => { let el = document.activeElement;
  while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
  return el ? getComputedStyle(el).outlineWidth : null; }"""

DISCLAIMER_BORDER = """() => { const walk = (root) => { for (const el of root.querySelectorAll('*')) {
    if (el.classList && el.classList.contains('atlas-disclaimer')) return el;
    if (el.shadowRoot) { const f = walk(el.shadowRoot); if (f) return f; } } return null; };
  const el = walk(document); return el ? getComputedStyle(el).borderTopStyle : null; }"""


@pytest.fixture(scope="module")
def served():
    with atlas_server_process() as (url, proc):
        yield url, proc


@pytest.fixture(scope="module")
def base(served):
    return served[0]


def test_serve_says_how_many_processes_it_uses(served):
    assert any("Serving with 1 process (this machine only" in line for line in served[1].output)
    # listening for a classroom: one process per core, at most 8; --num-procs 1 still wins
    assert choose_num_procs(None, "0.0.0.0", 2)[0] == 2
    assert choose_num_procs(None, "0.0.0.0", 64)[0] == 8
    assert choose_num_procs(None, "0.0.0.0", 1)[0] == 1
    assert choose_num_procs(1, "0.0.0.0", 16)[0] == 1
    assert choose_num_procs(0, "127.0.0.1", 4)[0] == 4


def test_first_document_is_small_on_the_wire(base):
    first = load.one_session(base + "/atlas", timeout=120)
    assert first["error"] is None
    assert 0 < first["doc_wire_bytes"] < FIRST_DOC_WIRE_LIMIT, first
    assert first["doc_bytes"] < FIRST_DOC_LIMIT, first
    assert first["doc_wire_bytes"] < first["doc_bytes"] / 2, "websocket messages are compressed"


FIRST_DOC_BUILD_LIMIT = 60_000  # bytes of one session's document as bench/build.py builds it
FIRST_DOC_MODELS = 50  # browser models in it (42 in Dec 2026); the parts made on first use are not among them


def test_a_session_document_is_small_and_has_few_models():
    """One session built as the server builds it (bench/build.py, in its own process: it links
    the shared files for the whole process).  Shared stylesheets and modules are links, and the
    share dialog, tour controls, compare buttons, pain tools and quiz are made on first use."""
    out = subprocess.run([sys.executable, str(ROOT / "bench" / "build.py"), "--sessions", "1"],
                         capture_output=True, text=True, timeout=600, cwd=ROOT, check=True)
    built = json.loads(out.stdout[out.stdout.index("{"):])
    assert 0 < built["doc_bytes"] < FIRST_DOC_BUILD_LIMIT, built
    assert 0 < built["models"] <= FIRST_DOC_MODELS, built


def test_health_check_answers_ok(base):
    with urllib.request.urlopen(base + "/healthz", timeout=30) as r:
        assert r.status == 200
        assert r.read() == b"ok"
        assert "no-store" in r.headers["Cache-Control"]
        kept = PERSONAL_SIZE * len(LAYOUTS)  # this machine only: 2 pages and 2 embeds built ahead
        assert re.fullmatch(rf"\d+ of {kept} ready, \d+ handed out, \d+ built on arrival",
                            r.headers["X-Atlas-Sessions-Ahead"]), r.headers["X-Atlas-Sessions-Ahead"]
    head = urllib.request.Request(base + "/healthz", method="HEAD")  # some load balancers ask so
    with urllib.request.urlopen(head, timeout=30) as r:
        assert r.status == 200
        assert r.read() == b""


def test_page_loads_only_the_scripts_it_uses_and_looks_styled(browser, base):
    page = OfflinePage(browser)
    scripts = []
    # scripts and ES modules (es-module-shims fetches those)
    page.page.on("request", lambda r: r.url.split("?")[0].endswith(".js") and scripts.append(r.url))
    shared = {}  # atlas-assets/ files the page fetched -> HTTP status
    page.page.on("response", lambda r: "/atlas-assets/" in r.url and shared.__setitem__(
        r.url.split("?")[0].rsplit("/", 1)[-1], r.status))
    try:
        page.page.goto(base + "/atlas")
        page.wait_ready()
        names = [u.split("?")[0].rsplit("/", 1)[-1] for u in scripts]
        assert not [n for n in names if any(bad in n for bad in UNUSED_SCRIPTS)], names
        assert all(any(n.startswith(ok) or n == ok for ok in NEEDED_SCRIPTS) for n in names), names
        assert any(n.startswith("body_view-") for n in names), "the 3D view's module is a cached file"
        assert any(n.startswith("listbox-") for n in names), "the list's module is a cached file"
        assert any(n.startswith("view_controls-") for n in names), "the view buttons' module too"
        # each script once; the 3D view's module twice: the first-frame worker imports its
        # asset decoder (a worker's import cannot use the page's preload)
        assert len(names) == len(set(names)) + 1 and names.count(next(
            n for n in names if n.startswith("body_view-"))) == 2, names
        # what every session shares arrives as files: the layout, the loading spinner, the list
        for name in ("layout-", "loading-", "listbox-", "listbox_css-", "body_view_css-", "view_controls_css-"):
            assert [n for n in shared if n.startswith(name)], (name, shared)
        assert set(shared.values()) <= {200, 304}, shared
        # the shared stylesheets arrive and apply: the details pane and the keyboard focus ring
        page.page.get_by_placeholder("Muscle, point, body region or condition").focus()
        page.page.wait_for_function(f"() => ({FOCUSED_OUTLINE})() === '2px'", timeout=15000)
        page.page.wait_for_function(f"() => ({DISCLAIMER_BORDER})() === 'solid'", timeout=15000)
        assert page.page.get_by_role("heading", name="Trigger Point Atlas").count() >= 1
        assert not page.errors and not page.blocked
    finally:
        page.close()


def _skin_share(png: bytes) -> float:
    """The share of a picture's pixels that are not the white background."""
    from io import BytesIO

    import numpy as np
    from PIL import Image

    img = np.asarray(Image.open(BytesIO(png)).convert("RGB")).astype(int)
    return float((img.sum(axis=2) < 720).mean())


def test_the_body_is_drawn_before_the_pages_scripts_have_run(browser, base):
    """A plain link shows the bare body while Bokeh, Panel and vtk.js still load (held here
    until the early picture is up); the 3D view replaces it.  A deep link's early body has its
    view's camera; an embed, laid out otherwise, has none."""
    page = OfflinePage(browser)
    held = []
    page.page.route("**/static/**", lambda r: held.append(r) if ".js" in r.request.url else r.fallback())
    try:
        page.page.goto(base + "/atlas", wait_until="commit")
        page.page.wait_for_selector("#atlas-first-frame[data-drawn]", state="attached", timeout=60000)
        assert page.page.evaluate("() => window.Bokeh === undefined && !window.vtk"), "no page script ran yet"
        assert held, "the page's scripts were held"
        page.page.wait_for_timeout(200)  # the worker's frame reaches the screen
        assert _skin_share(page.page.locator("#atlas-first-frame canvas").screenshot()) > 0.05
        for route in held:
            route.fallback()
        page.page.unroute("**/static/**")
        page.wait_ready()
        assert page.page.locator("#atlas-first-frame").count() == 0, "the 3D view took over"
        assert _skin_share(page.page.locator(".atlas-view canvas").first.screenshot()) > 0.05
        # a deep link's early body is seen from the camera its 3D view opens with
        page.page.goto(base + "/atlas?point=masseter_tp1&side=left", wait_until="domcontentloaded")
        early = json.loads(page.page.locator("#atlas-first-frame-config").text_content())["camera"]
        page.wait_ready()
        seen = page.page.locator(".atlas-view").evaluate("el => el.atlas.cameraPosition()")
        assert max(abs(a - b) for a, b in zip(early["position"], seen)) < 1.0, (early, seen)
        # an embed is laid out otherwise: no early body
        page.page.goto(base + "/atlas?embed=1&point=masseter_tp1", wait_until="domcontentloaded")
        assert page.page.locator("#atlas-first-frame").count() == 0
        page.wait_ready()
        assert not page.errors and not page.blocked
    finally:
        page.close()


def test_a_page_request_builds_no_session_and_the_link_reaches_the_visitors_own(base):
    """Pages come from one shell session made from an empty request, so asking for the page
    (a visitor, a link preview, a crawler) builds nothing; the visitor's own session is built
    when their browser connects, from the link's settings carried in its token."""
    import re

    from bokeh.util.token import get_session_id, get_token_payload

    pages = []
    for query in ("?point=deltoid_tp1", "?point=masseter_tp1&side=right"):
        with urllib.request.urlopen(base + "/atlas" + query, timeout=30) as r:
            pages.append(r.read().decode())
    roots = [re.findall(r'data-root-id="([^"]+)"', p) for p in pages]
    tokens = [re.search(r'"token":"([^"]+)"', p).group(1) for p in pages]
    assert roots[0] and roots[0] == roots[1]  # the same shell answered both
    assert get_session_id(tokens[0]) != get_session_id(tokens[1])  # each visitor gets a session of their own
    args = [get_token_payload(t)["arguments"] for t in tokens]
    assert args[0]["point"] in ([b"deltoid_tp1"], ["deltoid_tp1"]) and args[1]["side"] in ([b"right"], ["right"])
    opened = load.one_session(base + "/atlas?point=deltoid_tp1")  # a browser's connection builds it
    assert opened["error"] is None and opened["doc_bytes"] > 10_000
