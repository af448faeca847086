"""Entry point for ``panel serve atlas/app.py`` (the ``atlas serve`` command is the usual way)."""

from atlas.ui.app import create_app

create_app().servable(title="Trigger Point Atlas")
