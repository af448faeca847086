"""Benchmarks: Trigger Point Atlas against a pn.pane.VTK baseline, measured in the same run.

    python bench/run.py            # full run, writes bench/RESULTS.md (about 15 minutes)
    python bench/run.py --quick    # smoke run (CI): small numbers, writes to --out

Every figure is measured here, on this machine, in this run, for both our app and the baseline
(the same body mesh and markers through pn.pane.VTK from a PyVista plotter, served by Panel),
in the same headless chromium.  Goals are recorded as met or not met; nothing here fails because
the machine is slow.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import datetime as dt
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
import urllib.request
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

sys.path.insert(0, str(ROOT / "bench"))

import build  # noqa: E402 - bench/build.py: per-session build steps
import load  # noqa: E402 - bench/load.py: the light client
from load import rss_mb  # noqa: E402

from atlas.ui.warm_sessions import CLASSROOM_SIZE  # noqa: E402
from tests.browser import CHROMIUM, CHROMIUM_ARGS, free_port  # noqa: E402

GOALS = {
    "first_view_bytes": ("<= 1.5 MB", lambda ours, base: ours <= 1.5e6),
    "first_frame_s": ("<= 0.6 x baseline", lambda ours, base: base is not None and ours <= 0.6 * base),
    "click_p95_ms": ("<= 150 ms", lambda ours, base: ours <= 150),
    "zone_p95_ms": ("<= 250 ms", lambda ours, base: ours <= 250),
    "lookup_ms": ("<= 1 ms", lambda ours, base: ours <= 1.0),
    "paint_lookup_ms": ("< 2 ms", lambda ours, base: ours < 2.0),
    "asset_bytes": ("< 300 KB", lambda ours, base: ours < 300_000),
    "repaint_bytes": ("< 10 KB", lambda ours, base: ours < 10_000),
    "sessions_p95_s": ("<= 5 s and <= 0.5 x baseline",
                       lambda ours, base: ours <= 5 and base is not None and ours <= 0.5 * base),
    "sessions_errors": ("0 errors", lambda ours, base: ours == 0),
    "build_ms": ("<= 60 ms", lambda ours, base: ours <= 60),
    "doc_bytes": ("< 60 KB", lambda ours, base: ours < 60_000),
    "session_mb": ("< 2 MB", lambda ours, base: ours < 2),
    "memory_after_close_pct": ("within 10% of start", lambda ours, base: abs(ours) <= 10),
}


# --- servers ------------------------------------------------------------------------------


@contextlib.contextmanager
def server(cmd: list[str], url_path: str, log: Path | None = None):
    """Start a server, time how long until its page answers 200, yield (url, pid, seconds).

    ``cmd`` names the port as ``{port}`` (e.g. ``[..., "--port", "{port}"]``).  With ``log``,
    the server's stderr goes to that file and it logs its own time per click (ATLAS_TIMING=1)."""
    port = free_port()
    t0 = time.perf_counter()
    err = open(log, "wb") if log is not None else subprocess.DEVNULL  # noqa: SIM115 - closed below
    env = {**os.environ, "ATLAS_TIMING": "1"} if log is not None else None
    proc = subprocess.Popen([a.replace("{port}", str(port)) for a in cmd],
                            stdout=subprocess.DEVNULL, stderr=err, cwd=ROOT, env=env,
                            start_new_session=True)
    url = f"http://127.0.0.1:{port}{url_path}"
    try:
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"server exited: {cmd}")
            try:
                # one patient request: a page that takes longer than the timeout to build would
                # otherwise be requested again and again, each one building another session
                with urllib.request.urlopen(url, timeout=180) as r:
                    if r.status == 200:
                        break
            except OSError:
                time.sleep(0.2)
            if time.perf_counter() - t0 > 300:  # a loaded 2-core machine needs minutes
                raise RuntimeError(f"server did not start: {cmd}")
        yield url, proc.pid, time.perf_counter() - t0
    finally:
        from tests.browser import stop_group

        stop_group(proc)
        if log is not None:
            err.close()


def atlas_cmd(procs: int = 1, warm: int | None = None) -> list[str]:
    """``atlas serve`` on loopback; ``warm``: its --warm-sessions (else the loopback default)."""
    extra = [] if warm is None else ["--warm-sessions", str(warm)]
    return [sys.executable, "-m", "atlas", "serve", "--port", "{port}", "--num-procs", str(procs), *extra]


def classroom_cmd(procs: int = 1) -> list[str]:
    """As a classroom's server runs (listening beyond the machine): sessions built ahead."""
    return atlas_cmd(procs, CLASSROOM_SIZE)


def on_arrival_cmd(procs: int = 1) -> list[str]:
    """Every session built when its browser connects (--warm-sessions 0): the step before."""
    return atlas_cmd(procs, 0)


def baseline_cmd(procs: int = 1) -> list[str]:
    return [sys.executable, str(ROOT / "bench" / "baseline_app.py"), "{port}", "--num-procs", str(procs)]


# --- browser measurements -------------------------------------------------------------------


class Traffic:
    """Bytes over HTTP (encoded, as transferred) and websocket frames, with timestamps."""

    def __init__(self, context, page):
        self.events: list[tuple[float, int]] = []
        self.cdp = context.new_cdp_session(page)
        self.cdp.send("Network.enable")
        self.cdp.on("Network.loadingFinished", lambda e: self._add(e["encodedDataLength"]))
        self.cdp.on("Network.webSocketFrameReceived", lambda e: self._add(_frame_len(e)))
        self.cdp.on("Network.webSocketFrameSent", lambda e: self._add(_frame_len(e)))

    def _add(self, n):
        self.events.append((time.perf_counter(), int(n)))

    def total(self, since: float = 0.0, until: float = float("inf")) -> int:
        return sum(n for t, n in self.events if since <= t <= until)


def _frame_len(event) -> int:
    r = event["response"]
    data = r.get("payloadData", "")
    return len(data) * 3 // 4 if r.get("opcode") == 2 else len(data.encode())


def new_page(browser, viewport=(1280, 800)):
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    page = context.new_page()
    blocked = []

    def route(r):
        if re.match(r"^https?://(127\.0\.0\.1|localhost)", r.request.url) or r.request.url.startswith(("data:", "blob:")):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    return context, page, blocked


def canvas_drawn(page) -> bool:
    from io import BytesIO

    from PIL import Image

    canvas = page.locator("canvas").first
    if canvas.count() == 0:
        return False
    try:
        img = np.asarray(Image.open(BytesIO(canvas.screenshot(timeout=2000))).convert("RGB"))
    except Exception:  # noqa: BLE001 - not laid out yet
        return False
    return (img.astype(int).sum(axis=2) < 720).mean() > 0.02


FIRST_FRAME_MARKS = ("atlas:early-frame", "atlas:view-start", "atlas:asset", "atlas:viewer", "atlas:first-frame")


class Screencast:
    """Every frame the browser's compositor puts on the screen, with the time it was shown
    (Chromium's screencast).  Its clock does not wait for the page's main thread, which a
    screenshot poll does: a picture drawn while the page's scripts still run counts when it
    was on the screen, not when the page was next free to be photographed."""

    def __init__(self, context, page):
        self.frames: list[tuple[float, str]] = []  # (seconds since the epoch, base64 PNG)
        self.cdp = context.new_cdp_session(page)
        self.cdp.on("Page.screencastFrame", self._frame)
        self.cdp.send("Page.startScreencast", {"format": "png", "everyNthFrame": 1,
                                               "maxWidth": 640, "maxHeight": 400})

    def _frame(self, event) -> None:
        self.frames.append((event["metadata"]["timestamp"], event["data"]))
        try:  # the next frame comes once this one is acknowledged
            self.cdp.send("Page.screencastFrameAck", {"sessionId": event["sessionId"]})
        except Exception:  # noqa: BLE001 - the page is closing
            pass

    def first_showing(self, box: dict, viewport: dict, since_epoch: float) -> float | None:
        """Seconds from ``since_epoch`` to the first frame where ``box`` (the 3D view's place)
        shows the body as ``canvas_drawn`` judges it; None if no frame did."""
        from io import BytesIO

        from PIL import Image

        for at, data in sorted(self.frames):
            img = np.asarray(Image.open(BytesIO(base64.b64decode(data))).convert("RGB")).astype(int)
            sx, sy = img.shape[1] / viewport["width"], img.shape[0] / viewport["height"]
            part = img[max(0, int(box["y"] * sy)):int((box["y"] + box["height"]) * sy),
                       max(0, int(box["x"] * sx)):int((box["x"] + box["width"]) * sx)]
            if part.size and (part.sum(axis=2) < 720).mean() > 0.02:
                return at - since_epoch
        return None


def first_frame_once(browser, url: str) -> dict:
    """One page load in a fresh browser context (no cache): seconds from the navigation's
    start until a frame on the screen shows the body where the 3D view is (for the atlas on a
    plain link, the early picture its worker draws before the page's scripts have run;
    atlas/ui/first_frame.js), by the screen frames' own timestamps (Screencast), the bytes
    until then, the same time as a screenshot poll sees it, and the atlas's own marks (ms
    since navigation), read once its 3D view has drawn too."""
    context, page, blocked = new_page(browser)
    traffic = Traffic(context, page)
    screen = Screencast(context, page)
    t0 = time.perf_counter()
    page.goto(url, wait_until="commit")
    while not canvas_drawn(page):
        if time.perf_counter() - t0 > 120:
            raise RuntimeError(f"no frame from {url}")
        page.wait_for_timeout(20)  # never time.sleep: Playwright's handlers run only inside its calls
    polled = time.perf_counter() - t0
    if page.evaluate("() => performance.getEntriesByName('atlas:view-start').length > 0 || "
                     "performance.getEntriesByName('atlas:early-frame').length > 0"):
        page.wait_for_function("() => performance.getEntriesByName('atlas:first-frame').length > 0",
                               timeout=120000)
    page.wait_for_timeout(500)  # the screencast's last frames in hand
    marks = dict(page.evaluate("() => performance.getEntriesByType('mark').map(m => [m.name, m.startTime])"))
    dcl = page.evaluate("() => performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd")
    origin = page.evaluate("() => performance.timeOrigin") / 1000
    box = page.locator("canvas").last.bounding_box()  # the 3D view's own canvas, where it ends up
    shown = screen.first_showing(box, page.viewport_size, origin) if box else None
    seconds = polled if shown is None else shown
    result = {"first_frame_s": seconds, "first_frame_poll_s": polled,
              "first_view_bytes": traffic.total(t0, t0 + seconds), "blocked": blocked,
              "scripts_ms": dcl, **{m: marks[m] for m in FIRST_FRAME_MARKS if m in marks}}
    context.close()
    return result


def first_frame(browser, url: str, runs: int = 5) -> dict:
    """The median of ``runs`` page loads after one warm-up load (the first load of a browser
    pays one-off costs, such as compiling its shaders, that belong to neither app)."""
    first_frame_once(browser, url)
    loads = [first_frame_once(browser, url) for _ in range(runs)]
    out = {"first_frame_s": statistics.median(x["first_frame_s"] for x in loads),
           "first_frame_max_s": max(x["first_frame_s"] for x in loads), "first_frame_runs": runs,
           "first_frame_poll_s": statistics.median(x["first_frame_poll_s"] for x in loads),
           "first_view_bytes": statistics.median(x["first_view_bytes"] for x in loads),
           "blocked": sorted({u for x in loads for u in x["blocked"]})}
    for key in ("scripts_ms", *FIRST_FRAME_MARKS):
        if all(key in x for x in loads):
            out[key] = statistics.median(x[key] for x in loads)
    return out


WATCH_DETAILS = """() => { window.__atlasDetails = []; const obs = new MutationObserver(
  () => window.__atlasDetails.push(performance.now()));
  const walk = (root) => { for (const el of root.querySelectorAll('*')) {
    if (el.classList && el.classList.contains('atlas-details')) obs.observe(el.parentNode,
      {childList: true, subtree: true, characterData: true});
    if (el.shadowRoot) walk(el.shadowRoot); } }; walk(document); }"""

DEEP_TEXT = """(name) => { const walk = (root) => { for (const el of root.querySelectorAll('*')) {
  if (el.tagName === 'H2' && el.closest('.atlas-details') && el.textContent === name) return true;
  if (el.shadowRoot && walk(el.shadowRoot)) return true; } return false; }; return walk(document); }"""


def lonely_markers(page, scene, n=2):
    body = scene.body
    pos = page.locator(".atlas-view").evaluate(
        f"el => Array.from({{length: {len(scene.markers)}}}, (_, k) => el.atlas.markerScreen(k))")
    xy = np.array([[p["x"], p["y"]] for p in pos])
    gaps = []
    for m in scene.markers:
        if body.normals[m.vertex][2] > 0.7:
            gaps.append((np.delete(np.linalg.norm(xy - xy[m.index], axis=1), m.index).min(), m))
    gaps.sort(key=lambda g: -g[0])
    chosen, muscles = [], set()
    for _, m in gaps:
        muscle = scene.cat.points[m.point].muscle
        if muscle not in muscles:
            chosen.append((m, pos[m.index], scene.cat.muscles[muscle].name))
            muscles.add(muscle)
        if len(chosen) == n:
            break
    return chosen


# Every websocket message the page sends or receives, on the page's own clock: which part of a
# click is the browser before sending, the trip to the server and back, the browser after.
WATCH_SOCKET = """(() => { const log = window.__atlasWs = {sent: [], recv: []};
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (data) { log.sent.push(performance.now()); return send.call(this, data); };
  const Base = window.WebSocket;
  window.WebSocket = class extends Base { constructor(...args) { super(...args);
    this.addEventListener('message', (e) => log.recv.push(
      [performance.now(), typeof e.data === 'string' && e.data.includes('atlas-details')])); } };
})();"""

CLICK_SPLIT = """(t) => { const log = window.__atlasWs; const sent = log.sent.find((s) => s >= t);
  const recv = log.recv.find(([r, details]) => details && r >= sent);
  return {sent: sent, recv: recv ? recv[0] : null}; }"""


def server_pick_times(path: Path | None) -> list[float]:
    """The server's own time for each pick it handled (``ATLAS_TIMING=1``, atlas.ui.app)."""
    if path is None or not path.exists():
        return []
    return [float(m) for m in re.findall(r"pick handled in ([0-9.]+) ms", path.read_text(errors="replace"))]


def click_latency(browser, url: str, clicks: int, server_log: Path | None = None) -> dict:
    """Click on a lonely marker to its details shown, and to its zone drawn; each click split
    into the browser before sending, the server (its own clock, from ``server_log``), the
    network (the rest of the round trip) and the browser after the answer arrives."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    import atlas

    scene = atlas.load().scene
    context, page, _ = new_page(browser)
    context.add_init_script(WATCH_SOCKET)
    traffic = Traffic(context, page)
    page.goto(url)
    page.wait_for_selector(".atlas-view[data-ready=true]", timeout=60000)
    targets = lonely_markers(page, scene)
    # focus mode hides the other dots once a point is selected: keep them all clickable
    page.get_by_role("button", name="Show all points").click()
    front = page.get_by_role("button", name="Front")
    view = page.locator(".atlas-view")
    times, zone_times, repaint, splits = [], [], [], []
    handled_before = len(server_pick_times(server_log))
    for i in range(clicks):
        marker, _, name = targets[i % len(targets)]
        # selecting a point turns the camera to it: go back to the front view first
        front.click()
        try:
            page.wait_for_selector(".atlas-view[data-ready=true][data-moving]", timeout=3000)
        except PlaywrightTimeout:  # already facing the front: nothing moves
            pass
        page.wait_for_selector(".atlas-view[data-ready=true]:not([data-moving])", timeout=30000)
        pos = view.evaluate(f"el => el.atlas.markerScreen({marker.index})")
        page.evaluate(WATCH_DETAILS)
        t0 = time.perf_counter()
        page.mouse.click(pos["x"], pos["y"])
        page.wait_for_function(DEEP_TEXT, arg=name, polling="raf", timeout=15000)
        page.wait_for_function("el => el.atlas.lastZoneDrawn > el.atlas.lastPick", arg=view.element_handle(),
                               polling="raf", timeout=15000)
        # in-page clock: from the click (pointer up) to the details text changing / the zone drawn
        pick = view.evaluate("el => el.atlas.lastPick")
        shown = page.evaluate("() => window.__atlasDetails[0]")
        times.append(shown - pick)
        zone_times.append(view.evaluate("el => el.atlas.lastZoneDrawn") - pick)
        ws = page.evaluate(CLICK_SPLIT, pick)
        if ws["sent"] is not None and ws["recv"] is not None:
            splits.append((ws["sent"] - pick, ws["recv"] - ws["sent"], shown - ws["recv"]))
        page.wait_for_timeout(250)  # let the camera animation and trailing messages finish
        repaint.append(traffic.total(t0, time.perf_counter()))
    context.close()
    out = {"click_p50_ms": statistics.median(times), "click_p95_ms": float(np.percentile(times, 95)),
           "zone_p50_ms": statistics.median(zone_times), "zone_p95_ms": float(np.percentile(zone_times, 95)),
           "repaint_bytes": statistics.median(repaint)}
    if splits:
        before, trip, after = (statistics.median(s[k] for s in splits) for k in range(3))
        server_ms = server_pick_times(server_log)[handled_before:]
        out.update(click_browser_before_ms=before, click_browser_after_ms=after)
        if server_ms:
            out["click_server_ms"] = statistics.median(server_ms)
            out["click_network_ms"] = max(0.0, trip - out["click_server_ms"])
        else:
            out["click_round_trip_ms"] = trip
    return out


def baseline_repaint(browser, url: str, repeats: int = 3) -> float:
    context, page, _ = new_page(browser)
    traffic = Traffic(context, page)
    page.goto(url)
    while not canvas_drawn(page):
        page.wait_for_timeout(50)
    sizes = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        page.get_by_role("button", name="Repaint").click()
        last = t0
        while time.perf_counter() - last < 1.0 and time.perf_counter() - t0 < 20:
            page.wait_for_timeout(50)
            recent = [t for t, _ in traffic.events if t > last]
            if recent:
                last = max(recent)
        sizes.append(traffic.total(t0, time.perf_counter()))
    context.close()
    return statistics.median(sizes)


def idle_session_memory(browser, url: str, pid: int, pages: int, settle: float = 4.0) -> float:
    """Extra server memory per open, idle browser session (MB)."""
    ctx0, p0, _ = new_page(browser)  # warm-up session: caches and imports are not per session
    p0.goto(url)
    p0.wait_for_timeout(settle * 750)
    ctx0.close()
    time.sleep(settle * 0.25)  # no page is open here
    before = rss_mb(pid)
    contexts = []
    for _ in range(pages):
        ctx, page, _ = new_page(browser, viewport=(800, 600))
        page.goto(url)
        contexts.append(ctx)
    page.wait_for_timeout(settle * 1000)  # pages open: let Playwright run their events
    after = rss_mb(pid)
    for ctx in contexts:
        ctx.close()
    return (after - before) / pages


# --- concurrent sessions without a browser: the light client of bench/load.py ---------------------


def open_session(url: str, timeout: float = 60) -> tuple[float, str | None]:
    """One new session as a browser opens it (page, then websocket): (seconds, error or None)."""
    r = load.one_session(url, timeout)
    return r["total_s"], r["error"]


def load_matrix(counts: list[int], procs: list[int], settle: float, baseline: bool,
                timeout: float = 120.0) -> list[dict]:
    """Bursts of each size in ``counts`` against the atlas (and the baseline) with each number of
    processes; one fresh server per (app, processes), the bursts in increasing size."""
    rows = []
    apps = [("atlas", classroom_cmd, "/atlas", counts)]
    if baseline:
        mid = [50 if 50 in counts else counts[-1]]
        apps += [(ON_ARRIVAL, on_arrival_cmd, "/atlas", mid), ("baseline", baseline_cmd, "/baseline", counts)]
    for app, cmd, path, sizes in apps:
        for p in procs:
            with server(cmd(p), path) as (url, pid, _):
                for n in sizes:
                    r = load.measured_burst(url, pid, n, settle=settle, timeout=timeout)
                    rows.append({"app": app, "procs": p, **r})
                    print(f"  {app} x{p} procs, {n} sessions: p95 {r['p95_s']:.2f} s, "
                          f"errors {r['errors']}", flush=True)
    return rows


# --- reverse lookup ----------------------------------------------------------------------------


def per_call_ms(fn, inputs, repeats: int = 5) -> float:
    """Median over ``inputs`` of the best of ``repeats`` calls, in ms.

    The best of a few calls is the call's own cost (``timeit``'s advice): on a machine shared
    with other work, a mean mostly measures how often the process lost the CPU."""
    best = [min(timeit.repeat(lambda: fn(x), repeat=repeats, number=1)) for x in inputs]
    return statistics.median(best) * 1000


def lookup_timing(queries: int) -> dict:
    """Reverse lookup from whole painted regions, against set overlaps per point side."""
    import atlas

    eng = atlas.load().engine
    body = eng.body
    rng = np.random.default_rng(1)
    pains = [rng.choice(len(body.regions), size=rng.integers(1, 5), replace=False) for _ in range(queries)]
    vectors = [eng.pain_from_regions([body.regions[i].id for i in p]) for p in pains]
    eng.reverse_muscles(vectors[0])  # warm caches
    ours = per_call_ms(eng.reverse_muscles, vectors)
    # Baseline: the obvious implementation, set overlaps of painted vertices per trigger point side.
    zone_vertices = {}
    for tp in eng.cat.points.values():
        for side in tp.sides:
            ess = {int(v) for i in tp.essential[side] for v in body.region_vertices[i]}
            spill = {int(v) for i in tp.spillover[side] for v in body.region_vertices[i]}
            zone_vertices[(tp.id, side)] = (ess, spill)

    def baseline(p):
        painted = {int(v) for i in p for v in body.region_vertices[i]}
        scored = []
        for key, (ess, spill) in zone_vertices.items():
            e, s = len(painted & ess), len(painted & spill)
            if e or s:
                scored.append((e > 0, e + 0.5 * s, key))
        scored.sort(reverse=True)

    base = per_call_ms(baseline, pains[:max(5, queries // 20)], repeats=3)
    return {"lookup_ms": ours, "lookup_baseline_ms": base}


def painting_timing(paintings: int, size: int = 2000) -> dict:
    """Reverse lookup from a painting of ``size`` skin vertices (a connected patch), on the zone
    fields, against the obvious loop over every point side's dense fields."""
    import atlas
    from scipy.sparse import csgraph

    a = atlas.load()
    eng, body = a.engine, a.body
    rng = np.random.default_rng(2)
    strokes = []
    for seed in rng.choice(len(body.vertices), size=paintings, replace=False):
        d = csgraph.dijkstra(body.graph, directed=False, indices=int(seed), limit=60.0)
        strokes.append(np.argsort(d)[:size])
    eng.reverse_muscles(eng.pain_from_vertices(strokes[0]))  # warm caches
    ours = per_call_ms(lambda v: eng.reverse_muscles(eng.pain_from_vertices(v)), strokes)
    n = len(body.vertices)
    dense = {(tp.id, s): (tp.essential_field[s].dense(n), tp.spillover_field[s].dense(n))
             for tp in a.catalogue.points.values() for s in tp.sides}

    def baseline(v):
        pain = eng.pain_from_vertices(v)
        sorted(((float(pain @ e), float(pain @ sp), key) for key, (e, sp) in dense.items()), reverse=True)

    base = per_call_ms(baseline, strokes[:max(3, paintings // 10)], repeats=3)
    return {"paint_lookup_ms": ours, "paint_lookup_baseline_ms": base}


def asset_bytes() -> dict:
    """The body asset as sent (gzip), against the plain float32 vertices + int32 faces."""
    import gzip

    import atlas

    scene = atlas.load().scene
    plain = scene.body.vertices.astype(np.float32).nbytes + scene.body.faces.astype(np.int32).nbytes
    return {"asset_bytes": len(gzip.compress(scene.asset, 6)), "asset_baseline_bytes": plain}


# --- report -------------------------------------------------------------------------------------


def fmt(value, unit):
    if value is None:
        return "n/a"
    if unit == "MB":
        return f"{value / 1e6:.2f} MB" if value > 1e4 else f"{value:.1f} MB"
    if unit == "KB":
        return f"{value / 1e3:.1f} KB"
    if unit == "s":
        return f"{value:.2f} s"
    if unit == "ms":
        return f"{value:.3f} ms" if value < 1 else f"{value:.0f} ms"
    return f"{value:g}{unit}"


LOAD_SECTION = "## Sessions at once (light client)"
ON_ARRIVAL = "atlas, built on arrival"


def summarise_load(rows: list[dict], r: dict, b: dict) -> None:
    """The headline load figures (50 sessions with the most processes; errors at the largest
    burst; memory after close) into the main table's dicts."""
    def pick(app, n, procs):
        return next((x for x in rows if x["app"] == app and x["n"] == n and x["procs"] == procs), None)

    if not rows:
        return
    procs = max(x["procs"] for x in rows)
    counts = sorted({x["n"] for x in rows})
    n_mid = 50 if 50 in counts else counts[-1]
    r["load_n"], r["load_procs"], r["load_top"] = n_mid, procs, counts[-1]
    for app, d in (("atlas", r), ("baseline", b)):
        mid, top = pick(app, n_mid, procs), pick(app, counts[-1], procs)
        if mid:
            d["sessions_p95_s"] = mid["p95_s"]
        if top:
            d["sessions_errors"] = top["errors"]
            d["memory_after_close_pct"] = top["mem_after_pct"]
    ours = [x for x in rows if x["app"] == "atlas" and x["doc_bytes"]]
    if ours:
        r["doc_bytes"] = ours[0]["doc_bytes"]
    base = [x for x in rows if x["app"] == "baseline" and x["doc_bytes"]]
    if base:
        b["doc_bytes"] = base[0]["doc_bytes"]


def load_section(rows: list[dict], shared: bool) -> str:
    """The full table of bursts: every app x processes x sessions, with the baseline ratio."""
    lines = [LOAD_SECTION, "",
             "Each row is one burst: N sessions opened at once by `bench/load.py` (HTTP GET of the "
             "page, then a raw websocket that asks for the document and waits for all of its bytes, "
             "without deserialising it), against a fresh, warmed-up server with that many processes. "
             f"'atlas' runs as a classroom's server does: {CLASSROOM_SIZE} sessions per process built "
             "ahead while idle (atlas/ui/warm_sessions.py); each burst starts once the server is quiet "
             f"(its pool full). '{ON_ARRIVAL}' is the same server with --warm-sessions 0, every "
             "session built when its browser connects. "
             "Atlas and baseline are measured the same way in the same run. CPU is the server's "
             "(all its processes) user + system time during the burst, and in brackets until it was "
             "quiet again (the pool rebuilt); memory is its resident set "
             "before, at peak and after the sessions closed (waiting up to --settle seconds, 60 by default, for the server to "
             "discard them, then until it was quiet again: where it stays, sessions built ahead included).",
             "",
             "| app | processes | sessions | p50 | p95 | max | p95 / baseline p95 | errors | server CPU "
             "(per session) | memory before / peak / after | document bytes |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for x in rows:
        base = next((y for y in rows if y["app"] == "baseline" and y["n"] == x["n"]
                     and y["procs"] == x["procs"]), None)
        ratio = f"{x['p95_s'] / base['p95_s']:.2f}" if base and x["app"] != "baseline" else ""
        refill = f"; {x['cpu_until_quiet_s']:.1f} s" if x.get("cpu_until_quiet_s") is not None else ""
        lines.append(
            f"| {x['app']} | {x['procs']} | {x['n']} | {x['p50_s']:.2f} s | {x['p95_s']:.2f} s | "
            f"{x['max_s']:.2f} s | {ratio} | {x['errors']} | {x['cpu_s']:.1f} s "
            f"({x['cpu_per_session_ms']:.0f} ms{refill}) | {x['mem_before_mb']:.0f} / {x['mem_peak_mb']:.0f} / "
            f"{x['mem_after_mb']:.0f} MB | {fmt(x['doc_bytes'], 'KB')} |")
    samples = sorted({e for x in rows for e in x["error_sample"]})
    if samples:
        lines += ["", "Errors seen: " + "; ".join(f"`{e}`" for e in samples[:4]) + "."]
    if shared:
        lines += ["", "The machine was shared with other work during this run (load average "
                  f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores at the end): absolute times "
                  "are pessimistic; the atlas/baseline ratios are from the same conditions."]
    return "\n".join(lines) + "\n"


def write_report(path: Path, r: dict, b: dict, quick: bool, rows: list[dict], shared: bool) -> str:
    n, procs = r.get("load_n"), r.get("load_procs")
    rows_main = [
        ("Bytes to the first drawn frame (HTTP + websocket)", "first_view_bytes", "MB"),
        ("Time to the first drawn frame (median of the loads)", "first_frame_s", "s"),
        ("- slowest of those loads", "first_frame_max_s", "s"),
        ("- as a screenshot poll sees it (it waits for the page's main thread; median)", "first_frame_poll_s", "s"),
        ("- of which the page's scripts loaded and run (DOMContentLoaded, median)", "scripts_ms", "ms"),
        ("- early picture drawn (the bare skin, by a worker, before the scripts have run)", "atlas:early-frame", "ms"),
        ("- 3D view starts (its document built, its module loaded)", "atlas:view-start", "ms"),
        ("- body asset in hand", "atlas:asset", "ms"),
        ("- vtk.js scene built", "atlas:viewer", "ms"),
        ("- first frame drawn (the canvas shows it a moment later)", "atlas:first-frame", "ms"),
        ("Click to details, p50", "click_p50_ms", "ms"),
        ("Click to details, p95", "click_p95_ms", "ms"),
        ("- of which the browser before sending the pick (median)", "click_browser_before_ms", "ms"),
        ("- of which the server handling it (its own clock, median)", "click_server_ms", "ms"),
        ("- of which the network (round trip less server, median)", "click_network_ms", "ms"),
        ("- of which the round trip (no server timing in the log)", "click_round_trip_ms", "ms"),
        ("- of which the browser from the answer to the text (median)", "click_browser_after_ms", "ms"),
        ("Click to the zone drawn, p50", "zone_p50_ms", "ms"),
        ("Click to the zone drawn, p95", "zone_p95_ms", "ms"),
        ("Bytes for one zone repaint (whole selection update)", "repaint_bytes", "KB"),
        ("Reverse lookup, per query over the whole atlas", "lookup_ms", "ms"),
        ("Reverse lookup from a 2,000-vertex painting (zone fields)", "paint_lookup_ms", "ms"),
        ("Body asset on the wire (gzip; baseline: plain float32/int32 mesh)", "asset_bytes", "KB"),
        ("Server start (process start to first page)", "start_s", "s"),
        ("Per-session server build (factory + models + serialise, median)", "build_ms", "ms"),
        ("- of which the app factory", "build_factory_ms", "ms"),
        ("- of which Bokeh models", "build_models_ms", "ms"),
        ("- of which serialising the document", "build_serialise_ms", "ms"),
        ("At connection, with a session built ahead (a deep link applied + serialise, median)", "handout_ms", "ms"),
        ("First document on the wire (PULL-DOC-REPLY)", "doc_bytes", "KB"),
        ("Memory per idle browser session", "session_mb", " MB"),
        (f"Sessions at once ({n}, {procs} process(es)), p95 page + document", "sessions_p95_s", "s"),
        (f"Sessions at once ({r.get('load_top')}, {procs} process(es)), errors", "sessions_errors", ""),
        (f"Server memory after {r.get('load_top')} sessions close, vs before", "memory_after_close_pct", "%"),
    ]
    lines = [
        "# Benchmark results" + (" (quick smoke run)" if quick else ""),
        "",
        f"Measured {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC on {platform.node()} "
        f"({platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}), "
        "headless Debian chromium with SwiftShader (no GPU).",
        "Baseline: the same body mesh and markers through `pn.pane.VTK` from a PyVista plotter, "
        "served by Panel, measured in the same run and browser. Regenerate with `python bench/run.py`.",
        "",
        "| measure | atlas | baseline | ratio (atlas / baseline) | goal | met |",
        "|---|---|---|---|---|---|",
    ]
    for label, key, unit in rows_main:
        ours, base = r.get(key), b.get(key)
        if label.startswith("- of which") and key.startswith("click_") and ours is None:
            continue  # the click's split: only the parts this run measured
        ratio = f"{ours / base:.2f}" if isinstance(ours, (int, float)) and base else "n/a"
        goal, check = GOALS.get(key, ("", None))
        met = ("met" if check(ours, base) else "not met") if check and ours is not None else ""
        lines.append(f"| {label} | {fmt(ours, unit)} | {fmt(base, unit)} | {ratio} | {goal} | {met} |")
    lines += ["", "Notes:",
              "- The baseline cannot pick, so it has no click-to-details figure.",
              f"- Time to the first drawn frame: each app's page loaded {r.get('first_frame_runs', 1)} "
              "time(s) in a fresh browser context (no cache) after one warm-up load; the time is "
              "from the navigation's start to the first screen frame (Chromium's screencast, by "
              "the frames' own timestamps) where the 3D view's place shows the body; the median "
              "is compared.  A screenshot poll, shown beside it, can only photograph the page "
              "when its main thread is free, so it reports a picture drawn during script loading "
              "late, and by a varying amount.  The atlas's split is its own "
              "performance marks, in ms since the navigation started.  On a plain link the atlas's "
              "first canvas is the early picture of the bare skin (the real body asset, the view's "
              "opening camera and lighting) that a worker draws while the page's scripts load; the "
              "3D view with its dots replaces it at 'first frame drawn'.",
              "- Reverse lookup times (ours and baseline alike) are the median over the queries of each query's best of a few calls (best of 5, baseline 3), so other work on the machine does not inflate them.",
              "- Repaint bytes for the atlas include everything one click sends: zone codes, footprint "
              "outline, camera and the details text. The baseline re-synchronises the whole scene.",
              "- Memory is the server's resident set size (Linux VmRSS).",
              "- Per-session build is measured in-process by `bench/build.py` (the same factory the "
              "server calls, Panel's model creation, the PULL-DOC-REPLY serialisation).",
              f"- Requests that tried to leave 127.0.0.1 (blocked): atlas {r.get('blocked', [])}, "
              f"baseline {b.get('blocked', [])}."]
    text = "\n".join(lines) + "\n\n" + load_section(rows, shared)
    from atlas.exports.files import write_atomic

    # sections written by other benchmarks (bench/heartbeat.py) are kept; ours are replaced
    old = path.read_text() if path.exists() else ""
    kept = [sec for sec in old.split("\n## ")[1:] if not ("## " + sec).startswith(LOAD_SECTION)]
    write_atomic(path, (text + "".join("\n## " + sec for sec in kept)).encode())
    return text


def int_list(text: str) -> list[int]:
    return [int(x) for x in text.split(",") if x.strip()]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="small smoke run (for CI)")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "RESULTS.md")
    ap.add_argument("--sessions", type=int_list, default=[10, 50, 100],
                    help="burst sizes for the load test, comma-separated (default 10,50,100)")
    ap.add_argument("--procs", type=int_list, default=[1, 2],
                    help="server processes for the load test, comma-separated (default 1,2)")
    ap.add_argument("--clicks", type=int, default=40)
    ap.add_argument("--settle", type=float, default=60.0,
                    help="seconds to wait for server memory to come back after a burst")
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds before a session counts as failed")
    ap.add_argument("--shared", action="store_true",
                    help="say in the results that the machine was shared during the run")
    args = ap.parse_args(argv)
    counts, procs = ([3], [1]) if args.quick else (args.sessions, args.procs)
    clicks = 4 if args.quick else args.clicks
    settle = 1.0 if args.quick else 4.0  # seconds for memory to settle (a smoke run only checks the harness)
    from playwright.sync_api import sync_playwright

    ours, base = {}, {}
    ours.update(lookup_timing(100 if args.quick else 2000))
    base["lookup_ms"] = ours.pop("lookup_baseline_ms")
    ours.update(painting_timing(20 if args.quick else 200))
    base["paint_lookup_ms"] = ours.pop("paint_lookup_baseline_ms")
    ours.update(asset_bytes())
    base["asset_bytes"] = ours.pop("asset_baseline_bytes")
    steps = build.build_timing(3 if args.quick else 20)
    ours["build_ms"] = steps["total_ms"]
    for k in ("factory", "models", "serialise"):
        ours[f"build_{k}_ms"] = steps[f"{k}_ms"]
    ours["handout_ms"] = build.handout_timing(3 if args.quick else 20)["total_ms"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        timing_log = Path(tempfile.mkdtemp()) / "atlas-server.log"  # its own time per click
        with server(atlas_cmd(1), "/atlas", log=timing_log) as (url, pid, start):
            ours["start_s"] = start
            ours.update(first_frame(browser, url, 1 if args.quick else 5))
            ours.update(click_latency(browser, url, clicks, server_log=timing_log))
            ours["session_mb"] = idle_session_memory(browser, url, pid, 2 if args.quick else 6, settle)
        with server(baseline_cmd(1), "/baseline") as (url, pid, start):
            base["start_s"] = start
            base.update(first_frame(browser, url, 1 if args.quick else 5))
            base["repaint_bytes"] = baseline_repaint(browser, url, 1 if args.quick else 3)
            base["session_mb"] = idle_session_memory(browser, url, pid, 2 if args.quick else 6, settle)
        browser.close()
    rows = load_matrix(counts, procs, 3 * settle if args.quick else args.settle, baseline=not args.quick,
                       timeout=args.timeout)
    summarise_load(rows, ours, base)
    print(write_report(args.out, ours, base, args.quick, rows, args.shared))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
