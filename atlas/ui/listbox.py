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
    groups = param.List(default=[], doc="What the browser draws, made from options: "
                        "[[group, [[text, value], ...]], ...] with each group's name once")
    value = param.String(default="", doc="The chosen value ('' for none)")
    grouped = param.Boolean(default=False, doc="Show 'Group · text' labels under group headings")
    rows = param.Integer(default=10, doc="Rows shown before the list scrolls")

    def __init__(self, **params):
        params.setdefault("margin", (5, 10))
        super().__init__(**params)
        self._pack()
        self.param.watch(lambda *_: self._pack(), ["options", "grouped"])

    def _pack(self) -> None:
        """``options`` as ``groups``: the placeholder left out, a group's name sent once (the
        points list repeated each muscle's name for each of its points, about 21 kB a page)."""
        groups: list = []
        for label, value in self.options.items():
            if not value:
                continue
            group, text = "", label
            if self.grouped and " \u00b7 " in label[1:]:
                group, text = label.split(" \u00b7 ", 1)
            if not groups or groups[-1][0] != group:
                groups.append([group, []])
            groups[-1][1].append([text, value])
        self.groups = groups

    _property_mapping = {"options": None}  # not sent as it is: ``groups`` carries it compactly
    _esm = Path(__file__).with_name("listbox.js")
    _stylesheets = [palette.css_variables() + (Path(__file__).with_name("listbox.css")).read_text()]
