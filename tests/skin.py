"""Small look-ups the anatomy tests share: a landmark on one side, a muscle's footprint field."""

SUFFIX = {"left": "l", "right": "r"}


def landmark(a, base: str, side: str = "left"):
    """The landmark ``base`` on one side of the body; a midline landmark serves both sides."""
    lms = a.body.landmarks
    return lms.get(f"{base}_{SUFFIX[side]}") or lms[base]


def footprint(a, muscle: str, side: str = "left"):
    """A muscle's footprint field on one side, one value per skin vertex."""
    return a.catalogue.muscles[muscle].footprint[side].dense(len(a.body.vertices))
