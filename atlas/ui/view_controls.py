"""The buttons above the 3D view (views, side, focus mode, colours, presentation, the embed's
details drawer), drawn by the browser as one component.

As separate Panel widgets they were 12 browser models (a button each, a flex box, a tooltip)
in every session's first document and about a sixth of a session's build; here they are one.
Python still owns the state: the toggles are params synced both ways, and a view or
presentation request is a message checked like any other browser input."""

from __future__ import annotations

from pathlib import Path

import param
from panel.custom import JSComponent

from atlas.views import palette

VIEWS = ("Front", "Back", "Left", "Right", "Head")


class ViewControls(JSComponent):
    """One row of buttons; which of them show follows the ``offer_*`` and ``show_side`` params."""

    side = param.Selector(default="left", objects=["left", "right"], doc="Side of the chosen point")
    show_side = param.Boolean(default=False, doc="Offer Left side / Right side (a point on both sides)")
    show_all = param.Boolean(default=False, doc="Toggle: every dot stays while a point is chosen")
    offer_show_all = param.Boolean(default=True, doc="Offer the Show all points toggle")
    colour_blind = param.Boolean(default=False, doc="Toggle: the colour-blind zone colours")
    drawer = param.Boolean(default=False, doc="Toggle (embeds): the details drawer is open")
    offer_drawer = param.Boolean(default=False, doc="Offer the Details toggle (embeds)")
    offer_present = param.Boolean(default=True, doc="Offer Present (the full page, not embeds)")
    compact = param.Boolean(default=False, doc="Embedded: mouse-sized buttons (fingers keep 44 px)")

    _esm = Path(__file__).with_name("view_controls.js")
    _stylesheets = [palette.css_variables() + Path(__file__).with_name("view_controls.css").read_text()]

    def __init__(self, on_view=None, on_present=None, **params):
        params.setdefault("margin", (2, 3))
        super().__init__(**params)
        self._on_view = on_view
        self._on_present = on_present

    def _handle_msg(self, msg) -> None:
        """``{"view": "front"}`` or ``{"present": true}`` from a click; anything else is dropped."""
        if not isinstance(msg, dict):
            return
        view = msg.get("view")
        if isinstance(view, str) and view in {v.lower() for v in VIEWS} and self._on_view:
            self._on_view(view)
        elif msg.get("present") is True and self.offer_present and self._on_present:
            self._on_present()
