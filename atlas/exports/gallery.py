"""Folders of images: a chart for every trigger point with an index.html gallery, and the
region map from four sides for review."""

from __future__ import annotations

import html
from pathlib import Path

from atlas.exports.files import ExportError, write_atomic, write_png
from atlas.images import charts, offscreen
from atlas.views import palette


def gallery_html(entries) -> str:
    """index.html for a folder of charts: (file name, muscle, point name) per entry."""
    cards = "".join(
        f'<figure><a href="{html.escape(f)}"><img src="{html.escape(f)}" alt="{html.escape(m)}: '
        f'{html.escape(n)}" loading="lazy"></a><figcaption><b>{html.escape(m)}</b><br>{html.escape(n)}'
        "</figcaption></figure>" for f, m, n in entries)
    return ("<!doctype html><html lang=en><meta charset=utf-8><title>Trigger point charts</title>"
            f"<style>{palette.css_variables()}"
            "body{font-family:system-ui,sans-serif;margin:1.5em;color:var(--atlas-ink)}"
            "main{display:grid;grid-template-columns:repeat(auto-fill,minmax(220px,1fr));gap:1em}"
            "img{width:100%;border:1px solid var(--atlas-rule);border-radius:6px}figure{margin:0}"
            "figcaption{font-size:.9em}</style><h1>Trigger point charts</h1>"
            "<p>For education only; not diagnosis or treatment advice.</p>"
            f"<main>{cards}</main></html>\n")


def chart_file_name(point: str, side: str) -> str:
    return f"{point}_{side}.png"


def write_charts(engine, scene, folder: Path, size=(600, 800), progress=None) -> list[Path]:
    """A chart per trigger point and index.html, built in a temp folder beside ``folder`` and
    renamed as a whole: on failure (a full disk) nothing is left behind and an old folder stays."""
    import shutil
    import tempfile

    folder = Path(folder)
    parent = folder.parent if str(folder.parent) else Path(".")
    try:
        parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".tpa-", suffix=".part", dir=parent))
    except OSError as exc:
        raise ExportError(f"cannot create {folder}: {exc.strerror or exc}") from None
    try:
        names = _write_chart_files(engine, scene, tmp, size, progress)
        _swap_in(tmp, folder)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return [folder / n for n in names]


def _write_chart_files(engine, scene, folder: Path, size, progress) -> list[str]:
    entries, names = [], []
    points = list(engine.cat.points.values())
    for i, tp in enumerate(points, 1):
        side = tp.sides[0]
        name = chart_file_name(tp.id, side)
        write_png(folder / name, charts.chart(engine, scene, tp.id, side, "auto", size))
        names.append(name)
        entries.append((name, engine.cat.muscles[tp.muscle].name, tp.name))
        if progress:
            progress(i, len(points), tp.id)
    write_atomic(folder / "index.html", gallery_html(entries).encode())
    return [*names, "index.html"]


def _swap_in(tmp: Path, folder: Path) -> None:
    """Put the finished folder in place; an existing one is moved aside, then removed."""
    import os
    import shutil

    if folder.exists() and not folder.is_dir():
        raise ExportError(f"cannot write {folder}: it exists and is not a folder")
    old = tmp.with_name(tmp.name + ".old")
    try:
        if folder.exists():
            os.rename(folder, old)
        os.rename(tmp, folder)
    except OSError as exc:
        if old.exists() and not folder.exists():
            os.rename(old, folder)
        raise ExportError(f"cannot write {folder}: {exc.strerror or exc}") from None
    shutil.rmtree(old, ignore_errors=True)


def save_region_views(body, outdir, size=(900, 1400)) -> list:
    """Write front/back/left/right PNGs of the region map (each region its own colour)."""
    outdir = Path(outdir)
    try:
        outdir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"cannot create {outdir}: {exc.strerror or exc}") from None
    colours = offscreen.region_colours(len(body.regions))[body.region_of_vertex]
    written = []
    for view in offscreen.VIEWS:
        path = outdir / f"regions-{view}.png"
        write_png(path, offscreen.render_view(body, colours, view, size=size))
        written.append(path)
    return written
