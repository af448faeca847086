"""Trigger Point Atlas: an interactive 3D atlas of myofascial trigger points.

For education only; not diagnosis or treatment advice.  Importing this package loads nothing;
data is read on first use (see :mod:`atlas.store`).
"""

__version__ = "0.1.0"

DISCLAIMER = (
    "For education only. This atlas is not diagnosis or treatment advice. "
    "Pain can have serious causes: see a qualified health professional about pain that is new, "
    "severe, or comes with fever, weakness, numbness, weight loss or chest pain."
)


def show(point: str | None = None, condition: str | None = None, pain: str | None = None):
    """Display the atlas in a Jupyter notebook, optionally opened on a point, condition or pain."""
    from atlas.ui.notebook import show as _show

    return _show(point=point, condition=condition, pain=pain)
