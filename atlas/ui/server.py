"""Start the Panel server: the app, the packed body asset (gzip, cached), compression on."""

from __future__ import annotations

import gzip
import hashlib
import logging
import re
from pathlib import Path

log = logging.getLogger("atlas")


# The big scripts every page loads.  Served compressed from memory (brotli where the browser
# takes it, else gzip -9), compressed once and cached on disk, instead of compressing 3.6 MB
# afresh for every visitor.
PRECOMPRESSED = r"/static/(js/bokeh[-a-z]*\.min\.js|extensions/panel/(panel\.min\.js|bundled/.+\.js))"
PAGE_SCRIPTS = ("js/bokeh.min.js", "js/bokeh-widgets.min.js", "js/bokeh-tables.min.js",
                "extensions/panel/panel.min.js",
                "extensions/panel/bundled/abstractvtkplot/vtk.js@30.1.0/vtk.js")
# BokehJS bundles Bokeh puts in every server page that the atlas never uses: WebGL plot glyphs
# (bokeh-gl; the body is drawn by vtk.js).  bokeh-tables stays although the page shows no
# table: panel.min.js imports it when it loads.
UNUSED_BUNDLES = ("bokeh-gl",)


def _static_file(rel: str):
    import panel
    from bokeh.util.paths import bokehjs_path

    if rel.startswith("js/"):
        base, sub = Path(bokehjs_path()), rel
    else:
        base, sub = Path(panel.__file__).parent / "dist", rel.removeprefix("extensions/panel/")
    path = (base / sub).resolve()
    if base.resolve() not in path.parents or not path.is_file():
        return None
    return path


class Compressed:
    """One file's bytes with gzip and (when ready) brotli versions, cached on disk by content."""

    def __init__(self, data: bytes, cache_dir: Path | None):
        self.data = data
        self.digest = hashlib.sha256(data).hexdigest()
        self.etag = '"' + self.digest[:32] + '"'
        self.gzip = self._cached("gz", cache_dir, lambda d: gzip.compress(d, compresslevel=9, mtime=0))
        self.br: bytes | None = None
        self._cache_dir = cache_dir

    def _cached(self, ext, cache_dir, make):
        path = cache_dir / f"{self.digest[:40]}.{ext}" if cache_dir else None
        if path is not None and path.exists():
            cached = path.read_bytes()
            if self._unpacks_to_data(ext, cached):
                return cached
            log.warning("static cache file %s was damaged; rebuilding it", path.name)
        out = make(self.data)
        if path is not None:
            from atlas.exports.files import write_atomic

            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                write_atomic(path, out)
            except OSError:
                pass
        return out

    def _unpacks_to_data(self, ext: str, packed: bytes) -> bool:
        """True when a cached file decompresses to exactly our bytes (a damaged one would be
        served as it is: a blank page)."""
        try:
            if ext == "gz":
                raw = gzip.decompress(packed)
            else:
                import brotli

                raw = brotli.decompress(packed)
        except Exception:  # noqa: BLE001 - any decoding failure means "damaged"
            return False
        return hashlib.sha256(raw).hexdigest() == self.digest

    def make_brotli(self) -> None:
        try:
            import brotli
        except ImportError:  # optional: gzip is served instead
            return
        self.br = self._cached("br", self._cache_dir, lambda d: brotli.compress(d, quality=11))

    def serve(self, handler, content_type: str) -> None:
        handler.set_header("Content-Type", content_type)
        handler.set_header("Cache-Control", "public, max-age=86400")
        handler.set_header("ETag", self.etag)
        handler.set_header("Vary", "Accept-Encoding")
        if handler.request.headers.get("If-None-Match") == self.etag:
            handler.set_status(304)
            return
        accept = handler.request.headers.get("Accept-Encoding", "")
        if self.br is not None and "br" in accept:
            handler.set_header("Content-Encoding", "br")
            handler.write(self.br)
        elif "gzip" in accept:
            handler.set_header("Content-Encoding", "gzip")
            handler.write(self.gzip)
        else:
            handler.write(self.data)


def _cache_dir() -> Path | None:
    import os

    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "trigger-point-atlas" / "static"


def _precompressed_handler(files: dict[str, Compressed]):
    import tornado.web

    class Precompressed(tornado.web.RequestHandler):
        def get(self, rel, *_):
            if rel not in files:
                path = _static_file(rel)
                if path is None:
                    raise tornado.web.HTTPError(404)
                files[rel] = Compressed(path.read_bytes(), _cache_dir())
            files[rel].serve(self, "application/javascript; charset=utf-8")

        def compute_etag(self):  # we set our own
            return None

    return Precompressed


def _asset_handler(asset: Compressed):
    import tornado.web

    class AssetHandler(tornado.web.RequestHandler):
        def get(self):
            asset.serve(self, "application/octet-stream")

        def compute_etag(self):
            return None

    return AssetHandler


def _shared_file_handler():
    """Files every session shares, named by content (atlas.ui.shared_files.FILES: stylesheets,
    the 3D view's and the list's modules): ``atlas-assets/NAME`` -> compressed on first ask."""
    import tornado.web

    from atlas.ui import shared_files

    packed: dict[str, Compressed] = {}

    class SharedFile(tornado.web.RequestHandler):
        def get(self, name):
            route = f"atlas-assets/{name}"
            found = shared_files.FILES.get(route)
            if found is None:
                raise tornado.web.HTTPError(404)
            if route not in packed:
                packed[route] = Compressed(found[0], None)
                packed[route].make_brotli()
            packed[route].serve(self, found[1])

        def compute_etag(self):
            return None

    return SharedFile


def _prepare_static(scene, background: bool = True) -> tuple[Compressed, dict[str, Compressed]]:
    """Compress the body asset and the page's scripts before serving (brotli in the background)."""
    import threading

    cache = _cache_dir()
    asset = Compressed(scene.asset, cache)
    asset.make_brotli()
    files = {}
    for rel in PAGE_SCRIPTS:
        path = _static_file(rel)
        if path is not None:
            files[rel] = Compressed(path.read_bytes(), cache)

    def brotli_all():
        for f in files.values():
            f.make_brotli()

    if background:
        threading.Thread(target=brotli_all, name="atlas-brotli", daemon=True).start()
    else:  # worker processes are forked later and would not inherit a running thread
        brotli_all()
    return asset, files


PANEL_CDN_ROUTE = "/atlas-panel-cdn"
# Largest websocket message accepted (Bokeh's default is 20 MiB).  The biggest message the app
# sends is a full-body paint stroke (20,000 vertex numbers, about 150 kB); see docs/deploy.md.
WEBSOCKET_MAX_MESSAGE = 1024 * 1024
# Websocket messages are deflated when the browser offers it (every browser does): the first
# document shrinks about 5x.  mem_level 5 keeps each connection's compressor near 150 kB.
WEBSOCKET_COMPRESSION = {"websocket_compression_level": 6, "websocket_compression_mem_level": 5}
ASSET_ROUTE = "/atlas-assets/body.bin"


def _panel_dist_handler():
    import tornado.web

    class PanelDist(tornado.web.StaticFileHandler):
        def set_extra_headers(self, path):
            self.set_header("Cache-Control", "public, max-age=86400")

    return PanelDist


HEALTH_ROUTE = "/healthz"


def _health_handler():
    """``GET /healthz`` -> 200 "ok" while the server's event loop answers (container and load
    balancer health checks); never cached, no session made.  Header X-Atlas-Sessions-Ahead:
    this process's sessions built ahead (atlas/ui/warm_sessions.py)."""
    import tornado.web

    class Health(tornado.web.RequestHandler):
        def get(self):
            self.set_header("Content-Type", "text/plain; charset=utf-8")
            self.set_header("Cache-Control", "no-store")
            for pool in WARM.values():
                self.set_header("X-Atlas-Sessions-Ahead", pool.summary())
            self.write("ok")

        def head(self):  # some load balancers check with HEAD
            self.get()

    return Health


def _redirect(target: str):
    import tornado.web

    class Redirect(tornado.web.RequestHandler):
        def get(self):
            query = self.request.query
            self.redirect(target + ("?" + query if query else ""))

    return Redirect


def trim_bundles(tornado_app) -> None:
    """Leave UNUSED_BUNDLES out of every page (Bokeh lists all its bundles on server pages,
    since it cannot know what a session will use; we do)."""
    resources = tornado_app.resources

    def trimmed(absolute_url=None):
        res = resources(absolute_url)
        res.components = [c for c in res.components if c not in UNUSED_BUNDLES]
        return res

    tornado_app.resources = trimmed


# --- links: repair malformed query strings before Panel parses them ------------------------------

MAX_QUERY = 8192  # bytes of query string read from a link; a longer one is dropped with a notice
REPAIRED_KEY = "atlas_link"  # added to a repaired query so the page can say so (see Session)
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


def repair_query(query: str) -> tuple[str, bool]:
    """A query string Panel can parse, and whether anything had to be changed.

    Panel splits the request URI on ``?`` and fails on a second one (a course platform that
    appends ``?x=1`` to a shared link).  Extra ``?`` become ``&``; broken ``%`` escapes are kept
    as text; pairs holding NUL or control characters are dropped; a huge query is dropped."""
    from urllib.parse import unquote_plus, urlencode

    if len(query) > MAX_QUERY:
        return f"{REPAIRED_KEY}=repaired", True
    damaged = "?" in query or bool(_BAD_PERCENT.search(query))
    pairs = []
    for part in _BAD_PERCENT.sub("%25", query.replace("?", "&")).split("&"):
        if not part:
            continue
        key, _, value = part.partition("=")
        key, value = unquote_plus(key, errors="replace"), unquote_plus(value, errors="replace")
        if any(ord(c) < 32 or c == "\ufffd" for c in key + value):
            damaged = True
            continue
        pairs.append((key, value))
    if not damaged:
        return query, False
    return urlencode([*pairs, (REPAIRED_KEY, "repaired")]), True


def repair_request(request) -> bool:
    """Rewrite a request's query in place when it is malformed; True when it was changed."""
    from tornado.httputil import parse_qs_bytes

    query, damaged = repair_query(request.query)
    if not damaged:
        return False
    request.query = query
    request.uri = request.path + ("?" + query if query else "")
    request.query_arguments = parse_qs_bytes(query, keep_blank_values=True)
    request.arguments = {k: list(v) for k, v in request.query_arguments.items()}
    return True


def first_frame_per_link(ui_app) -> None:
    """Give each page the camera its own link opens with, for the early picture of the body
    (atlas/ui/first_frame.js): pages come from one shell session (serve_pages_from_a_shell),
    so the shell's template variables hold the plain link's camera; here each page request's
    own query, carried in its token, picks its camera, or no early picture at all."""
    from bokeh.util.token import get_token_payload
    from panel.io import server as panel_server

    page_for_session = getattr(panel_server, "server_html_page_for_session", None)
    if page_for_session is None or getattr(page_for_session, "atlas_per_link", False):
        return

    def per_link(session, *args, **kwargs):
        variables = kwargs.get("template_variables")
        token = kwargs.get("token")
        if variables and variables.get("atlas_first_frame") and token:
            try:
                query = ui_app.link_args(get_token_payload(token).get("arguments") or {})
                camera = ui_app.opening_camera(query)
            except Exception:  # noqa: BLE001 - the page simply opens without the early picture
                camera = None
            early = {**variables["atlas_first_frame"], "camera": camera} if camera else None
            kwargs["template_variables"] = {**variables, "atlas_first_frame": early}
        return page_for_session(session, *args, **kwargs)

    per_link.atlas_per_link = True
    panel_server.server_html_page_for_session = per_link


def guard_links(tornado_app) -> None:
    """Repair every request's query before any handler (Panel's included) looks at it."""
    find_handler = tornado_app.find_handler

    def guarded(request, **kwargs):
        repair_request(request)
        return find_handler(request, **kwargs)

    tornado_app.find_handler = guarded


# --- logging: never write client payloads, at most a short line per rejected message ---------------

class LogGuard(logging.Filter):
    """Shorten bokeh/tornado log lines and rate-limit repeats.

    Bokeh logs a failed websocket message whole (pain data included), with a traceback; one
    client could fill the disk.  Lines are cut to ``max_chars`` without the traceback, and each
    kind of warning or error is written at most ``burst`` times per ``period`` seconds."""

    def __init__(self, max_chars: int = 300, burst: int = 5, period: float = 10.0):
        super().__init__()
        self.max_chars, self.burst, self.period = max_chars, burst, period
        self._seen: dict[tuple, list] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        import time

        if record.levelno < logging.WARNING:
            self._shorten(record, 0)
            return True
        key = (record.name, str(record.msg)[:80])
        now = time.monotonic()
        start, count, dropped = self._seen.get(key, (now, 0, 0))
        if now - start > self.period:
            start, count = now, 0
        if count >= self.burst:
            self._seen[key] = (start, count, dropped + 1)
            return False
        if len(self._seen) > 1000:
            self._seen.clear()
        self._seen[key] = (start, count + 1, 0)
        self._shorten(record, dropped)
        return True

    def _shorten(self, record: logging.LogRecord, dropped: int) -> None:
        try:
            text = record.getMessage()
        except Exception:  # noqa: BLE001 - a bad format string must not break logging
            text = str(record.msg)
        if record.exc_info and record.exc_info[1] is not None:
            text += f" [{type(record.exc_info[1]).__name__}]"
        if len(text) > self.max_chars:
            text = text[: self.max_chars] + f"... ({len(text) - self.max_chars} characters not logged)"
        if dropped:
            text += f" ({dropped} similar lines not logged)"
        record.msg, record.args = text, ()
        record.exc_info, record.exc_text, record.stack_info = None, None, None


LOG_GUARD = LogGuard()
GUARDED_LOGGERS = ("bokeh", "tornado", "panel")


def guard_logging() -> None:
    """Install LOG_GUARD on the bokeh/tornado/panel loggers, their children and their handlers."""
    names = [n for n in logging.root.manager.loggerDict
             if n.split(".")[0] in GUARDED_LOGGERS] + list(GUARDED_LOGGERS)
    for name in names:
        logger = logging.getLogger(name)
        if LOG_GUARD not in logger.filters:
            logger.addFilter(LOG_GUARD)


class MemoryReleaser:
    """After sessions close, give freed memory back to the system (at most every few seconds).

    Python keeps freed memory for reuse; on a long-running server that serves bursts of
    sessions (a class opening one link) the process would stay at its peak size.  With the
    C allocator (see ``use_system_malloc``) and ``malloc_trim`` the size returns to where it was.
    """

    def __init__(self, delay: float = 2.0):
        self.delay = delay
        self.pending = False
        try:
            import ctypes

            self._trim = ctypes.CDLL("libc.so.6").malloc_trim
        except (OSError, AttributeError):  # not glibc: collection alone
            self._trim = None

    def session_closed(self, session_context) -> None:  # noqa: ARG002 - Bokeh requires the name
        if self.pending:
            return
        self.pending = True
        from tornado.ioloop import IOLoop

        IOLoop.current().call_later(self.delay, self.release)

    def release(self) -> None:
        import gc

        self.pending = False
        gc.collect()
        if self._trim is not None:
            self._trim(0)


RELEASER = MemoryReleaser()


def use_system_malloc(argv: list[str]) -> None:
    """Restart this command once with PYTHONMALLOC=malloc so freed memory can be returned.

    ``ATLAS_PYMALLOC=1`` keeps Python's own allocator (slightly faster, but memory stays at its
    peak after a burst of sessions)."""
    import os
    import sys

    if os.environ.get("PYTHONMALLOC") == "malloc" or os.environ.get("ATLAS_PYMALLOC") == "1":
        return
    os.environ["PYTHONMALLOC"] = "malloc"
    os.execv(sys.executable, [sys.executable, "-m", "atlas", *argv])


def _app_factory(ui_app):
    """Panel calls a plain function once per session (a functools.partial would be shown as an
    object); this one serves the body from our route and frees memory when sessions end."""

    def create_session_app():
        return ui_app.create_app(asset_url=ASSET_ROUTE, on_session_closed=RELEASER.session_closed,
                                 share_css=True)

    return create_session_app


async def serve_pages_from_a_shell(tornado_app, path: str) -> None:
    """Answer each page request from one shell session, built here from an empty request, and
    build the visitor's own session only when their browser connects (Panel's session reuse).

    The page itself is the same for everyone (the title, the scripts, where the parts go); a
    link's settings reach the visitor's session in its token.  Without this, every page
    request built a whole session, and with --num-procs the websocket often reached another
    worker, which built it again; a request that never connected left one behind for a while.
    The shell is made from no visitor's request, so it holds nothing about anyone; until it
    exists, pages are answered the usual way."""
    import panel as pn
    from bokeh.util.token import generate_jwt_token, generate_session_id
    from panel.io.state import state
    from tornado.httputil import HTTPHeaders, HTTPServerRequest, RequestStartLine

    context = tornado_app._applications.get("/atlas")
    if context is None:
        return
    session_id = generate_session_id(secret_key=tornado_app._secret_key, signed=tornado_app._sign_sessions)
    token = generate_jwt_token(session_id, secret_key=tornado_app._secret_key,
                               signed=tornado_app._sign_sessions,
                               expiration=tornado_app._session_token_expiration,
                               extra_payload={"headers": {}, "cookies": {}, "arguments": {}})
    request = HTTPServerRequest(start_line=RequestStartLine("GET", path, "HTTP/1.1"),
                                headers=HTTPHeaders({"Host": "localhost"}))
    shell = await context.create_session_if_needed(session_id, request, token)
    shell.block_expiration()
    state._session_key_funcs[path] = lambda request: ("atlas-shell", request.path)
    state._sessions[("atlas-shell", path)] = shell
    pn.config.reuse_sessions = True


WARM = {}  # this process's pool of sessions built ahead (atlas/ui/warm_sessions.py), by route


async def build_sessions_ahead(tornado_app, path: str, size: int) -> None:
    """Keep ``size`` sessions of each layout of the /atlas route built ahead while idle (per process)."""
    from atlas.ui import app as ui_app
    from atlas.ui.warm_sessions import WarmSessions

    context = tornado_app._applications.get("/atlas")
    if context is None or size <= 0:
        return
    WARM[path] = WarmSessions(context, path, size, ui_app.LAYOUTS, ui_app.layout_of, ui_app.follow_link)
    WARM[path].install()


def _die_with_parent(parent: int) -> None:
    """In a forked worker: get SIGTERM when the parent dies (Linux), so no worker outlives it."""
    import ctypes
    import os
    import signal

    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux/glibc
        return
    if os.getppid() != parent:  # the parent died before prctl took effect
        os.kill(os.getpid(), signal.SIGTERM)


def stop_with_parent() -> None:
    """Make SIGTERM/SIGINT end the parent cleanly and every worker it forks die with it."""
    import os
    import signal
    import sys

    parent = os.getpid()
    os.register_at_fork(after_in_child=lambda: _die_with_parent(parent))
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: sys.exit(0))


def freeze_loaded_objects() -> None:
    """Move everything loaded so far (the atlas data, Panel, Bokeh: ~170,000 objects) out of
    the garbage collector's view.  They live as long as the server, yet every full collection
    walked them again: once per closed session and whenever page builds allocate enough.
    Frozen before ``--num-procs`` forks, workers also share those pages instead of copying
    them when the collector touches them."""
    import gc

    gc.collect()
    gc.freeze()


def load_everything():
    """Load and check all data before the server starts: a bad file stops it cleanly."""
    import atlas

    return atlas.load().check().scene


MAX_AUTO_PROCS = 8
LOOPBACK = ("127.0.0.1", "localhost", "::1")


def usable_cores() -> int:
    import os

    try:
        return len(os.sched_getaffinity(0))  # what a container or taskset allows
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def choose_num_procs(requested: int | None, address: str, cores: int) -> tuple[int, str]:
    """(worker processes, why) for ``atlas serve``.

    Without ``--num-procs``: one process when only this machine can connect (one person's
    atlas), else one per core, at most MAX_AUTO_PROCS (a classroom: sessions are built in
    parallel, see docs/deploy.md).  ``0`` means one per core."""
    if requested is None:
        if address in LOOPBACK:
            return 1, "this machine only; --num-procs N for more"
        n = max(1, min(cores, MAX_AUTO_PROCS))
        return n, f"one per core on {cores} core(s); --num-procs 1 for a single process"
    if requested == 0:
        return max(1, cores), f"--num-procs 0: one per core on {cores} core(s)"
    return requested, "--num-procs"


def serve(port: int = 5006, address: str = "127.0.0.1", show: bool = False, num_procs: int | None = 1,
          allow_origin: list[str] | None = None, prefix: str = "", ready=None,
          warm_sessions: int | None = None) -> None:
    import os

    # Every script and stylesheet comes from this server, never a CDN. Panel rewrites its CDN
    # links to local ones while rendering the HTML page; with --num-procs a websocket can reach
    # another worker that builds the session without that page, so Panel's "CDN" is pointed at
    # a route of ours too (PANEL_CDN_ROOT is Panel's setting for air-gapped use).
    os.environ["BOKEH_RESOURCES"] = "server"
    # Bokeh checks every callback's signature with inspect each time Panel registers one (about
    # 250 per page build, 8 ms of it): a check for programming errors, which the tests make.
    os.environ.setdefault("BOKEH_PERFORM_ERROR_DIAGNOSTICS", "false")
    os.environ["PANEL_CDN_ROOT"] = f"{prefix}{PANEL_CDN_ROUTE}/"
    import panel as pn

    from atlas.ui import app as ui_app

    num_procs, why = choose_num_procs(num_procs, address, usable_cores())
    scene = load_everything()
    if num_procs != 1:
        stop_with_parent()
    asset, files = _prepare_static(scene, background=num_procs == 1)
    from atlas.ui.shared_files import serve_shared

    serve_shared()
    ui_app.load_extension_once()
    freeze_loaded_objects()
    shown = address if address not in ("0.0.0.0", "::", "") else "localhost"  # noqa: S104
    origins = allow_origin or [f"{shown}:{port}", f"localhost:{port}", f"127.0.0.1:{port}"]
    server = pn.serve(
        {"atlas": _app_factory(ui_app)}, port=port, address=address, show=False, start=False,
        title="Trigger Point Atlas", num_procs=num_procs, websocket_origin=origins,
        extra_patterns=[(ASSET_ROUTE, _asset_handler(asset)), (HEALTH_ROUTE, _health_handler()),
                        (r"/atlas-assets/([a-z_]+-[0-9a-f]+\.(?:css|js))", _shared_file_handler()),
                        (PANEL_CDN_ROUTE + r"/[^/]+/dist/(.*)", _panel_dist_handler(),
                         {"path": str(Path(pn.__file__).parent / "dist")}),
                        (PRECOMPRESSED, _precompressed_handler(files)),
                        (r"/", _redirect(f"{prefix}/atlas"))],
        ico_path=str(Path(ui_app.__file__).parent / "favicon.ico"),
        compress_response=True, prefix=prefix, check_unused_sessions=5000,
        unused_session_lifetime=15000, websocket_max_message_size=WEBSOCKET_MAX_MESSAGE,
        **WEBSOCKET_COMPRESSION)
    guard_links(server._tornado)
    trim_bundles(server._tornado)
    first_frame_per_link(ui_app)
    server.io_loop.add_callback(serve_pages_from_a_shell, server._tornado, f"{prefix}/atlas")
    if warm_sessions is None:
        from atlas.ui.warm_sessions import default_size

        warm_sessions = default_size(address)
    server.io_loop.add_callback(build_sessions_ahead, server._tornado, f"{prefix}/atlas", warm_sessions)
    guard_logging()
    import os

    if os.environ.get("ATLAS_TIMING") == "1":  # the server's time per click, for bench/run.py
        timing = logging.getLogger("atlas.timing")
        timing.setLevel(logging.DEBUG)
        timing.addHandler(logging.StreamHandler())
    url = f"http://{shown}:{port}{prefix}/atlas"
    from tornado.process import task_id

    if task_id() not in (None, 0):  # one "running at" line, from the first worker
        server.start()
        server.io_loop.start()
        return
    print(f"Serving with {num_procs} process{'es' if num_procs != 1 else ''} ({why}).", flush=True)
    print(f"Trigger Point Atlas is running at {url}", flush=True)
    print("For education only; not diagnosis or treatment advice. Press Ctrl+C to stop.", flush=True)
    if ready:
        ready(url)
    if show:
        import webbrowser

        webbrowser.open(url)
    server.start()
    server.io_loop.start()
