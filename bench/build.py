"""Per-session server build, step by step, in this process (no network).

What the server does for each new session, timed separately:
  factory    -- ``atlas.ui.server``'s app factory: the AtlasApp and its Panel objects
  models     -- Panel turning them into Bokeh models in the session's document
  serialise  -- the document as JSON, what the PULL-DOC-REPLY carries (its size too)

    python bench/build.py            # 20 sessions after a warm-up; prints milliseconds per step,
                                     # and the cost at connection of a session built ahead
    python bench/build.py --profile  # and the top functions by cumulative time
    python bench/build.py --memory   # and the memory an open, idle session holds (Linux)
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def session_document(query: str = ""):
    """An empty document inside a server session, as Bokeh's server hands it to Panel (Panel
    sends some parts, such as the 3D view's module, as links only to server sessions)."""
    import weakref

    from bokeh.application import Application
    from bokeh.document import Document
    from bokeh.server.contexts import (ApplicationContext, BokehServerContext, BokehSessionContext,
                                       _RequestProxy)
    from bokeh.util.token import generate_session_id
    from tornado.httputil import HTTPHeaders, HTTPServerRequest, RequestStartLine, parse_qs_bytes

    app_context = ApplicationContext(Application())
    doc = Document()
    session = BokehSessionContext(generate_session_id(), BokehServerContext(app_context), doc)
    uri = "/atlas" + ("?" + query if query else "")
    request = HTTPServerRequest(start_line=RequestStartLine("GET", uri, "HTTP/1.1"),
                                headers=HTTPHeaders({"Host": "localhost:5006"}))
    session._request = _RequestProxy(request, arguments=parse_qs_bytes(query, keep_blank_values=True))
    doc._session_context = weakref.ref(session)
    doc._atlas_keep = (app_context, session)  # the weak references above need owners
    return doc


def build_once(factory, keep: list | None = None) -> dict:
    """Build one session's document the way Panel's server does; times in ms, size in bytes."""
    from bokeh.protocol import Protocol
    from panel.io.state import set_curdoc as panel_curdoc

    doc = session_document()
    with panel_curdoc(doc):
        t0 = time.perf_counter()
        page = factory()
        t1 = time.perf_counter()
        page.server_doc(doc)
        t2 = time.perf_counter()
        msg = Protocol().create("PULL-DOC-REPLY", "bench", doc)
        wire = len(msg.header_json) + len(msg.metadata_json) + len(msg.content_json) + sum(
            len(b.to_bytes()) for b in msg.buffers)
        t3 = time.perf_counter()
    n_models = len(doc.models)
    if keep is not None:
        keep.append((doc, page))
    return {"factory_ms": 1000 * (t1 - t0), "models_ms": 1000 * (t2 - t1),
            "serialise_ms": 1000 * (t3 - t2), "total_ms": 1000 * (t3 - t0),
            "doc_bytes": wire, "models": n_models}


def server_factory():
    """The per-session factory set up exactly as ``atlas serve`` does (atlas/ui/server.py):
    local resources, the data loaded, the shared files (the 3D view's module, the big
    stylesheets) linked rather than inlined, since the server sends them as files, and what
    was loaded frozen out of the garbage collector's view."""
    import os

    os.environ.setdefault("BOKEH_RESOURCES", "server")
    os.environ.setdefault("BOKEH_PERFORM_ERROR_DIAGNOSTICS", "false")  # as atlas serve sets it
    os.environ.setdefault("PANEL_CDN_ROOT", "/atlas-panel-cdn/")
    from atlas.ui import app as ui_app
    from atlas.ui.server import _app_factory, freeze_loaded_objects, load_everything
    from atlas.ui.shared_files import serve_shared

    load_everything()
    serve_shared()
    ui_app.load_extension_once()
    freeze_loaded_objects()  # as serve() does before it starts: the collector skips what lasts
    return _app_factory(ui_app)


def build_timing(sessions: int = 20) -> dict:
    """Median per-step build times over ``sessions`` sessions, after one warm-up build."""
    factory = server_factory()
    build_once(factory)
    runs = [build_once(factory) for _ in range(sessions)]
    out = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    out["sessions"] = sessions
    return out


def warm_handout(factory, link: str = "point=masseter_tp1") -> dict:
    """What a visitor's connection costs when a session was built ahead for the plain link
    (atlas/ui/warm_sessions.py): their link applied to it, then the document serialised; ms."""
    from bokeh.protocol import Protocol
    from panel.io.state import set_curdoc as panel_curdoc
    from tornado.httputil import parse_qs_bytes

    from atlas.ui import app as ui_app

    doc = session_document()
    with panel_curdoc(doc):
        factory().server_doc(doc)
        t0 = time.perf_counter()
        ui_app.follow_link(doc, parse_qs_bytes(link))
        t1 = time.perf_counter()
        Protocol().create("PULL-DOC-REPLY", "bench", doc)
        t2 = time.perf_counter()
    return {"follow_ms": 1000 * (t1 - t0), "serialise_ms": 1000 * (t2 - t1), "total_ms": 1000 * (t2 - t0)}


def handout_timing(sessions: int = 20) -> dict:
    """Median cost at connection of a session built ahead, after one warm-up."""
    factory = server_factory()
    warm_handout(factory)
    runs = [warm_handout(factory) for _ in range(sessions)]
    return {k: statistics.median(r[k] for r in runs) for k in runs[0]}


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def idle_memory(sessions: int = 30) -> dict:
    """Server memory an open, idle session holds: the growth of this process's resident size
    (Linux) over ``sessions`` sessions built and kept, per session, after two warm-up builds."""
    import gc

    factory = server_factory()
    warm: list = []
    build_once(factory, warm)
    build_once(factory, warm)
    gc.collect()
    before = _rss_mb()
    kept: list = []
    for _ in range(sessions):
        build_once(factory, kept)
    gc.collect()
    return {"idle_mb_per_session": round((_rss_mb() - before) / sessions, 2), "sessions_kept": sessions}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sessions", type=int, default=20)
    ap.add_argument("--profile", action="store_true")
    ap.add_argument("--memory", action="store_true", help="also the idle memory per open session")
    args = ap.parse_args(argv)
    if args.profile:
        import cProfile
        import pstats

        factory = server_factory()
        build_once(factory)
        prof = cProfile.Profile()
        prof.enable()
        for _ in range(5):
            build_once(factory)
        prof.disable()
        pstats.Stats(prof).sort_stats("cumulative").print_stats(45)
    out = build_timing(args.sessions)
    out["built_ahead"] = handout_timing(args.sessions)
    if args.memory:
        out.update(idle_memory())
    print(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
