"""``atlas.show(...)`` for Jupyter: the same app, opened on a point, condition or pain."""

from __future__ import annotations


def show(point: str | None = None, condition: str | None = None, pain: str | None = None,
         embed: bool = True):
    """Return the atlas view for a notebook cell (it displays itself as the cell's output).

    ``pain`` takes plain words ("left temple, angle of jaw") or region ids; the body asset is
    sent inline, so no atlas server is needed.
    """
    import panel as pn

    import atlas
    from atlas.query.names import UnknownRegion, resolve_region
    from atlas.ui.app import AtlasApp

    pn.extension("vtk")
    args: dict[str, str] = {"embed": "true" if embed else ""}
    if point:
        args["point"] = point
    if condition:
        conds = atlas.load().engine.find_condition(condition)
        args["condition"] = conds[0].id
    if pain:
        body, lex = atlas.load().body, atlas.load().region_lexicon
        ids = []
        for phrase in [p.strip() for p in pain.split(",") if p.strip()]:
            try:
                ids += [r.id for r in resolve_region(body, lex, phrase).regions]
            except UnknownRegion as exc:
                raise ValueError(str(exc)) from None
        args["pain"] = ",".join(ids)
        args["mode"] = "pain"
    app = AtlasApp(args)
    layout = app.layout()
    layout.atlas_app = app
    return layout
