"""What every session's page has in common, served once as cached files by ``atlas serve``.

Without this, each session's first document carries its own copies: the layout stylesheet
(once per column), the colour variables, the list widget's code, and Panel's loading-spinner
rule (inlined in every model).  Under ``atlas serve`` (see :func:`serve_shared`) widgets link
to ``atlas-assets/NAME-HASH.css|js`` instead; the server (atlas/ui/server.py) answers those
routes from :data:`FILES`, compressed and cached by the browser.  Everything stays offline: the
files come from this server.  Elsewhere (a notebook, ``panel serve``) the copies stay inline.

Registering a file only records its text; nothing is served or patched at import.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

# route ("atlas-assets/NAME-HASH.ext") -> (bytes, content type)
FILES: dict[str, tuple[bytes, str]] = {}
_URL_OF: dict[str, str] = {}  # stylesheet text -> its route
MODULES: dict[str, str] = {}  # a served module's name -> its route
FIRST_FRAME_WORKER = Path(__file__).parent.parent / "views" / "js" / "first_frame_worker.js"
TYPES = {"css": "text/css; charset=utf-8", "js": "text/javascript; charset=utf-8"}
_state = {"serving": False}


def register(name: str, text: str, ext: str = "css") -> str:
    """Record ``text`` as a shared file; returns its route, named by its content."""
    data = text.encode()
    route = f"atlas-assets/{name}-{hashlib.sha256(data).hexdigest()[:12]}.{ext}"
    FILES[route] = (data, TYPES[ext])
    if ext == "css":
        _URL_OF[text] = route
    return route


def serving() -> bool:
    """True once :func:`serve_shared` ran in this process (under ``atlas serve``)."""
    return _state["serving"]


def sheet(css: str) -> str:
    """A registered stylesheet's route; any other stylesheet as it is."""
    return _URL_OF.get(css, css) if isinstance(css, str) else css


def link_stylesheets(roots) -> None:
    """Swap each registered stylesheet in ``roots`` (and everything inside them) for its route."""
    for root in roots:
        for obj in root.select():
            found = getattr(obj, "stylesheets", None)
            if found and any(isinstance(s, str) and s in _URL_OF for s in found):
                obj.stylesheets = [sheet(s) for s in found]


def _link_loading_sheet() -> None:
    """Panel's loading-spinner rule, which it puts inline in every model (about 270 bytes,
    60+ times a page), as a file: Panel turns a stylesheet ending in .css into one
    ImportedStyleSheet shared by the document's models."""
    from panel import config, reactive
    from panel.io.resources import loading_css

    if not hasattr(reactive, "loading_css"):  # another Panel 1.x layout: the rule stays inline
        return
    original = getattr(reactive.loading_css, "atlas_original", loading_css)
    # registered now, before --num-procs forks workers: any worker may be asked for the file
    register("loading", original(config.loading_spinner, config.loading_color, config.loading_max_height))

    def linked(spinner, color, max_height):
        css = original(spinner, color, max_height)
        return _URL_OF.get(css) or css

    linked.atlas_original = original
    reactive.loading_css = linked


def serve_module(cls, name: str) -> str:
    """A JSComponent's module (``cls._esm``) and its stylesheets (``cls._stylesheets``) as
    shared files: the browser imports the module from its route instead of receiving its
    source inside every first document."""
    path = Path(cls._esm)
    route = register(name, path.read_text(), "js")
    MODULES[name] = route
    # Panel's loader also asks for a stylesheet beside a served module; the component's CSS is
    # in its stylesheets, so that one is empty (instead of a 404 in the browser's console).
    FILES[route.removesuffix(".js") + ".css"] = (b"", TYPES["css"])
    cls._bundle = path

    def resource_path(_cls, esm_path, compiled):
        from panel.io.state import state

        return f"{state.rel_path}/{route}" if state.rel_path else route

    cls._component_resource_path = classmethod(resource_path)
    cls._stylesheets = [register(f"{name}_css", css) if isinstance(css, str) and len(css) > 200 else css
                        for css in cls._stylesheets]
    return route


def preloads(asset_url: str = "") -> list[tuple[str, str]]:
    """(href, kind) for the page's ``<link rel=preload>``: the body asset and every shared
    file, which the page's parts would otherwise request only once they are built.  Modules
    are fetched by Panel's module loader (``fetch``), stylesheets by the widgets (``style``)."""
    out = [(asset_url.lstrip("/"), "fetch")] if asset_url else []
    for route, (data, _) in FILES.items():
        # the upload widget is made on first use; the page's first lines start the worker
        if data and "/upload-" not in route and "/first_frame_worker-" not in route:
            out.append((route, "style" if route.endswith(".css") else "fetch"))
    return out


def first_frame(asset_url: str, camera: dict) -> dict | None:
    """What the page's first-frame worker needs (atlas/ui/first_frame.js): its own route, the
    3D view's module (for its asset decoder), the body asset and the camera the view opens
    with; None unless the shared files are served and the body has a route."""
    worker = MODULES.get("first_frame_worker")
    if not (serving() and asset_url and worker and "body_view" in MODULES):
        return None
    return {"worker": worker, "module": MODULES["body_view"], "asset": asset_url.lstrip("/"),
            "camera": camera}


def serve_shared() -> None:
    """Link the shared files from now on in this process.  ``atlas serve`` calls it before
    serving (the routes are then served, see atlas.ui.server); so does bench/build.py."""
    from atlas.ui.body_view import BodyView
    from atlas.ui.listbox import ListBox
    from atlas.ui.upload import DrawingUpload
    from atlas.ui.view_controls import ViewControls

    if _state["serving"]:
        return
    _state["serving"] = True
    _link_loading_sheet()
    BodyView.use_served_module()
    serve_module(ListBox, "listbox")
    serve_module(ViewControls, "view_controls")
    MODULES["first_frame_worker"] = register("first_frame_worker", FIRST_FRAME_WORKER.read_text(), "js")
    DrawingUpload._stylesheets = [register("upload", css) for css in DrawingUpload._stylesheets]
