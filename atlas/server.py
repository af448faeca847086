"""Start the Panel server: the app, the packed body asset (gzip, cached), compression on."""

from __future__ import annotations

import gzip
import hashlib
import logging

log = logging.getLogger("atlas")


def _asset_handler(blob: bytes):
    import tornado.web

    packed = gzip.compress(blob, compresslevel=6, mtime=0)
    etag = '"' + hashlib.sha256(blob).hexdigest()[:32] + '"'

    class AssetHandler(tornado.web.RequestHandler):
        def get(self):
            self.set_header("Content-Type", "application/octet-stream")
            self.set_header("Cache-Control", "public, max-age=3600")
            self.set_header("ETag", etag)
            if self.request.headers.get("If-None-Match") == etag:
                self.set_status(304)
                return
            if "gzip" in self.request.headers.get("Accept-Encoding", ""):
                self.set_header("Content-Encoding", "gzip")
                self.write(packed)
            else:
                self.write(blob)

    return AssetHandler


def _redirect(target: str):
    import tornado.web

    class Redirect(tornado.web.RequestHandler):
        def get(self):
            query = self.request.query
            self.redirect(target + ("?" + query if query else ""))

    return Redirect


def load_everything():
    """Load and check all data before the server starts: a bad file stops it cleanly."""
    from atlas import store

    store.engine()
    return store.scene()


def serve(port: int = 5006, address: str = "127.0.0.1", show: bool = False, num_procs: int = 1,
          allow_origin: list[str] | None = None, prefix: str = "", ready=None) -> None:
    import panel as pn

    from atlas.ui import app as ui_app

    scene = load_everything()
    ui_app.SERVER["asset_route"] = True
    shown = address if address not in ("0.0.0.0", "::", "") else "localhost"  # noqa: S104
    origins = allow_origin or [f"{shown}:{port}", f"localhost:{port}", f"127.0.0.1:{port}"]
    server = pn.serve(
        {"atlas": ui_app.create_app}, port=port, address=address, show=False, start=False,
        title="Trigger Point Atlas", num_procs=num_procs, websocket_origin=origins,
        extra_patterns=[(ui_app.ASSET_ROUTE, _asset_handler(scene.asset)),
                        (r"/", _redirect(f"{prefix}/atlas"))],
        compress_response=True, prefix=prefix, check_unused_sessions=5000,
        unused_session_lifetime=15000)
    url = f"http://{shown}:{port}{prefix}/atlas"
    print(f"Trigger Point Atlas is running at {url}", flush=True)
    print("For education only; not diagnosis or treatment advice. Press Ctrl+C to stop.", flush=True)
    if ready:
        ready(url)
    if show:
        import webbrowser

        webbrowser.open(url)
    server.start()
    server.io_loop.start()
