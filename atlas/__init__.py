"""Trigger Point Atlas: an interactive 3D atlas of myofascial trigger points.

For education only; not diagnosis or treatment advice.  Importing this package loads nothing;
``atlas.load()`` returns the shared :class:`atlas.facade.Atlas`, whose parts load on first use.
"""

__version__ = "0.1.0"

from atlas.data.vocabulary import DISCLAIMER  # noqa: E402,F401 - plain text, no side effects


def load():
    """The atlas of this process: body, catalogue, query engine and scene (loaded lazily)."""
    from atlas.facade import load as _load

    return _load()


def show(point: str | None = None, condition: str | None = None, pain: str | None = None):
    """Display the atlas in a Jupyter notebook, optionally opened on a point, condition or pain."""
    from atlas.ui.notebook import show as _show

    return _show(point=point, condition=condition, pain=pain)
