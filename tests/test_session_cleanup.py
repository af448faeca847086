"""Issue 12: after a session that painted and built a handout closes, nothing about it remains
on the server: no object of the session (app, state, pain tools, widgets) and no file naming
the client.  Built in this process the way Panel's server builds a session's document."""

from __future__ import annotations

import gc
import os
import tempfile
import weakref
from pathlib import Path

import pytest

CLIENT = "Zelda Quixote-Ångström"


def _files_mentioning(text: str, folders) -> list[Path]:
    needle = text.encode()
    found = []
    for folder in folders:
        for path in Path(folder).rglob("*"):
            try:
                if path.stem.startswith("test_session_cleanup"):
                    continue  # this file and its bytecode hold the name
                if path.is_file() and path.stat().st_size < 50_000_000 and needle in path.read_bytes():
                    found.append(path)
            except OSError:
                continue
    return found


@pytest.mark.slow
def test_a_closed_session_that_painted_and_built_a_handout_leaves_nothing(tmp_path, monkeypatch):
    import panel as pn
    from bokeh.document import Document
    from panel.io.document import _cleanup_doc
    from panel.io.state import set_curdoc
    from panel.links import Callback

    from atlas.ui import app as ui_app

    monkeypatch.setenv("TMPDIR", str(tmp_path))  # anything written to a temporary file lands here
    tempfile.tempdir = None
    doc = Document()
    with set_curdoc(doc):
        page = ui_app.create_app(share_css=True)
        page.server_doc(doc)
        app = page.atlas_app
        app.session.mode = "pain"
        n = len(app.scene.body.vertices)
        app.view._handle_msg({"type": "stroke", "vertices": list(range(0, min(n, 400), 2))})
        app.pain.intensity.value = 8
        app.view._handle_msg({"type": "stroke", "vertices": list(range(1, min(n, 400), 2))})
        app.pain.client_name.value = CLIENT
        app._on_share()  # the Share dialog, whose Copy buttons once outlived every session
        pdf = app._handout_bytes().getvalue()
        assert pdf.startswith(b"%PDF") and app.session.painted
        watched = [weakref.ref(o) for o in (app, app.session, app.pain, app.copy_link, app.share_code)]
        widgets = [weakref.ref(w) for w in page.select(pn.widgets.Widget)]
        # what Panel's server runs when a session is destroyed
        _cleanup_doc(doc)
        pn.state._locations.pop(doc, None)  # and pn.state._destroy_session
    del page, app, pdf, doc
    gc.collect()
    gc.collect()  # a second pass: the registry entries of the first pass's buttons go then
    tempfile.tempdir = None
    assert [r() for r in watched] == [None] * len(watched)
    assert sum(r() is not None for r in widgets) == 0
    assert not any(isinstance(k, pn.widgets.Widget) for k in list(Callback.registry.keys()))
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "trigger-point-atlas"
    assert _files_mentioning(CLIENT, [tmp_path, Path.cwd(), cache]) == []
