"""Loading a pain drawing file: a file picker that checks the size in the browser first.

Panel's FileInput sends the whole file, base64, in one websocket message: a file over about
750 kB passes the server's 1 MiB message cap (``server.WEBSOCKET_MAX_MESSAGE``) and the
connection is closed, so the user would see "connection lost" instead of a reason.  Here the
browser refuses a file over ``MAX_DRAWING_BYTES`` (or one whose message would be too big) and
says so; the server checks the size again, since a browser can send anything.
"""

from __future__ import annotations

import param
from panel.custom import JSComponent

from atlas.exports.paindrawing import MAX_DRAWING_BYTES
from atlas.views import palette

_ESM = """
export function render({ model, el }) {
  const label = document.createElement('label');
  label.className = 'atlas-upload';
  label.textContent = model.label + ' ';
  const input = document.createElement('input');
  input.type = 'file';
  input.accept = model.accept;
  input.setAttribute('aria-label', model.label);
  input.addEventListener('change', async () => {
    const file = input.files[0];
    input.value = '';
    if (!file) return;
    // the message carries the text as JSON: escaping can grow it, so check what is sent
    if (file.size > model.max_bytes) {
      model.send_msg({ type: 'too_large', size: file.size });
      return;
    }
    const text = await file.text();
    if (new TextEncoder().encode(JSON.stringify(text)).length > 2 * model.max_bytes) {
      model.send_msg({ type: 'too_large', size: file.size });
      return;
    }
    model.send_msg({ type: 'file', name: file.name, text });
  });
  label.appendChild(input);
  el.appendChild(label);
}
"""


class DrawingUpload(JSComponent):
    """A file picker for pain drawings.  ``value`` holds the last file's bytes (set it from
    Python as with Panel's FileInput); ``on_refused(size)`` is called for a file that is too
    large."""

    # server side only: never sent to the browser (precedence < 0 keeps them out of the model)
    value = param.Bytes(default=None, precedence=-1, doc="The last file loaded (bytes)")
    filename = param.String(default="", precedence=-1, doc="Its name")
    label = param.String(default="Load a pain drawing")
    accept = param.String(default=".json,.csv")
    max_bytes = param.Integer(default=MAX_DRAWING_BYTES, doc="For the browser's own check")

    _esm = _ESM
    _property_mapping = {"value": None, "filename": None}
    _stylesheets = [palette.css_variables() + (
        ":host { display: block; } .atlas-upload { font: 14px system-ui, sans-serif; } "
        "input:focus-visible { outline: 2px solid var(--atlas-outline); outline-offset: 2px; }")]

    def __init__(self, on_refused=None, **params):
        super().__init__(**params)
        self._limit = MAX_DRAWING_BYTES  # the server's bound; the browser cannot change it
        self._on_refused = on_refused

    def _handle_msg(self, msg) -> None:
        if not isinstance(msg, dict):
            return
        if msg.get("type") == "too_large" and self._on_refused:
            size = msg.get("size")
            self._on_refused(size if isinstance(size, int) and size > 0 else self._limit + 1)
        elif msg.get("type") == "file" and isinstance(msg.get("text"), str):
            data = msg["text"].encode("utf-8", "surrogatepass")
            if len(data) > self._limit:
                if self._on_refused:
                    self._on_refused(len(data))
                return
            name = msg.get("name")
            self.filename = name[:200] if isinstance(name, str) else ""
            self.value = None  # the same file loaded twice is still a change
            self.value = data
