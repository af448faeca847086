"""A list to choose from with the keyboard: arrow keys move the highlight, Enter (or a click)
chooses.  Unlike a native ``<select size=...>``, moving through the list chooses nothing, so
the camera moves only on a choice; long names wrap instead of being cut off."""

from __future__ import annotations

from pathlib import Path

import param
from panel.custom import JSComponent

from atlas.views import palette


class ListBox(JSComponent):
    """``options`` maps labels to values like ``pn.widgets.Select``; ``value`` is the choice.
    A label ``"Group · text"`` is shown under a heading for its group when ``grouped``."""

    name = param.String(default="", doc="Accessible name of the list (also shown above it)")
    options = param.Dict(default={}, doc="Label -> value; an empty value is a placeholder, not shown")
    value = param.String(default="", doc="The chosen value ('' for none)")
    grouped = param.Boolean(default=False, doc="Show 'Group · text' labels under group headings")
    rows = param.Integer(default=10, doc="Rows shown before the list scrolls")

    def __init__(self, **params):
        params.setdefault("margin", (5, 10))
        super().__init__(**params)

    _esm = Path(__file__).with_name("listbox.js")
    _stylesheets = [palette.css_variables() + (Path(__file__).with_name("listbox.css")).read_text()]
