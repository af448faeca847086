"""Folders of images: a chart for every trigger point with an index.html gallery, a slide
deck for a tour or a condition (captioned charts in order), contact sheets of every referral
zone for review (``atlas render-zones``), and the region map from four sides.  Folders are
built beside the target and renamed into place as a whole."""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

from atlas.exports.files import ExportError, write_atomic, write_png
from atlas.images import charts, offscreen
from atlas.views import palette


def gallery_html(entries, title: str = "Trigger point charts", min_width: int = 220) -> str:
    """index.html for a folder of images: (file name, muscle, point name) per entry."""
    cards = "".join(
        f'<figure><a href="{html.escape(f)}"><img src="{html.escape(f)}" alt="{html.escape(m)}: '
        f'{html.escape(n)}" loading="lazy"></a><figcaption><b>{html.escape(m)}</b><br>{html.escape(n)}'
        "</figcaption></figure>" for f, m, n in entries)
    return (f"<!doctype html><html lang=en><meta charset=utf-8><title>{html.escape(title)}</title>"
            f"<style>{palette.css_variables()}"
            "body{font-family:system-ui,sans-serif;margin:1.5em;color:var(--atlas-ink)}"
            f"main{{display:grid;grid-template-columns:repeat(auto-fill,minmax({min_width}px,1fr));gap:1em}}"
            "img{width:100%;border:1px solid var(--atlas-rule);border-radius:6px}figure{margin:0}"
            f"figcaption{{font-size:.9em}}</style><h1>{html.escape(title)}</h1>"
            "<p>For education only; not diagnosis or treatment advice.</p>"
            f"<main>{cards}</main></html>\n")


def chart_file_name(point: str, side: str) -> str:
    return f"{point}_{side}.png"


def write_charts(engine, scene, folder: Path, size=(600, 800), progress=None) -> list[Path]:
    """A chart per trigger point and index.html, built in a temp folder beside ``folder`` and
    renamed as a whole: on failure (a full disk) nothing is left behind and an old folder stays."""
    points = [(tp.id, tp.sides[0]) for tp in engine.cat.points.values()]

    def draw(renderer, point, side):
        return charts.chart(engine, scene, point, side, "auto", size, renderer=renderer)

    return build_folder(folder, lambda tmp: _write_images(engine, scene, tmp, points, draw, progress,
                                                          "Trigger point charts", 220))


def write_zone_sheets(engine, scene, folder: Path, points=None, size=charts.SHEET_SIZE,
                      progress=None) -> list[Path]:
    """A contact sheet per trigger point side (front, back, its side view, and a close palm or
    sole view when the zones or the muscle's outline reach a hand or a foot) and index.html, for
    reviewing every referral zone; ``points`` limits it to some (point, side) pairs.  Built
    like :func:`write_charts`: nothing is left behind on failure."""
    if points is None:
        points = [(tp.id, s) for tp in engine.cat.points.values() for s in tp.sides]

    def draw(renderer, point, side):
        return charts.contact_sheet(engine, scene, point, side, size, renderer=renderer)

    return build_folder(folder, lambda tmp: _write_images(engine, scene, tmp, points, draw, progress,
                                                          "Referral zones for review", 420))


@dataclass(frozen=True)
class Slide:
    """One slide of a deck: a point on one side, the words under it, the view to draw."""

    point: str
    side: str
    caption: str
    view: str = "auto"


def slide_file_name(number: int, slide: Slide) -> str:
    return f"{number:02d}-{slide.point}-{slide.side}.png"


def deck_html(title: str, intro: str, entries) -> str:
    """index.html of a slide deck: the slides in order, each with its heading and caption
    (entries are (file name, heading, caption); every text is escaped)."""
    e = html.escape
    slides = "".join(
        f'<li><figure><img src="{e(f)}" alt="{e(h)}. {e(c)}"><figcaption><b>{e(h)}</b><br>{e(c)}'
        "</figcaption></figure></li>" for f, h, c in entries)
    return (f"<!doctype html><html lang=en><meta charset=utf-8><title>{e(title)}</title>"
            f"<style>{palette.css_variables()}"
            "body{font-family:system-ui,sans-serif;margin:1.5em auto;max-width:60em;padding:0 1em;"
            "color:var(--atlas-ink)}ol{padding:0;list-style:none}li{margin:0 0 2.5em}"
            "img{max-width:100%;max-height:90vh;border:1px solid var(--atlas-rule);border-radius:6px}"
            f"figure{{margin:0}}</style><h1>{e(title)}</h1><p>{e(intro)}</p>"
            "<p>For education only; not diagnosis or treatment advice.</p>"
            f"<ol>{slides}</ol></html>\n")


def write_deck(engine, scene, folder: Path, slides: list[Slide], title: str, intro: str = "",
               size=(900, 1200), progress=None) -> list[Path]:
    """A slide deck folder: a captioned chart per slide (numbered in order) and index.html;
    built like :func:`write_charts` (whole or not at all)."""

    def fill(tmp: Path) -> list[str]:
        names, entries = [], []
        with charts.Renderer(scene.body) as renderer:
            for i, slide in enumerate(slides, 1):
                tp = engine.cat.points[slide.point]
                name = slide_file_name(i, slide)
                write_png(tmp / name, charts.chart(engine, scene, slide.point, slide.side, slide.view, size,
                                                   renderer=renderer, caption=slide.caption))
                names.append(name)
                heading = f"{i}. {engine.cat.muscles[tp.muscle].name} \u2013 {tp.name} ({slide.side} side)"
                entries.append((name, heading, slide.caption))
                if progress:
                    progress(i, len(slides), slide.point)
        write_atomic(tmp / "index.html", deck_html(title, intro, entries).encode())
        return [*names, "index.html"]

    return build_folder(folder, fill)


def build_folder(folder: Path, fill) -> list[Path]:
    """Make a folder export: ``fill(tmp)`` writes the files (returning their names) into a temp
    folder beside ``folder``, which then replaces ``folder`` as a whole (an old one stays until
    the new one is complete; on any failure, Ctrl+C included, the temp folder is removed)."""
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
        names = fill(tmp)
        _swap_in(tmp, folder)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return [folder / n for n in names]


def _write_images(engine, scene, folder: Path, points, draw, progress, title, min_width) -> list[str]:
    """One PNG per (point, side) drawn with one shared off-screen plotter, then index.html."""
    entries, names = [], []
    with charts.Renderer(scene.body) as renderer:
        for i, (point, side) in enumerate(points, 1):
            tp = engine.cat.points[point]
            name = chart_file_name(point, side)
            write_png(folder / name, draw(renderer, point, side))
            names.append(name)
            entries.append((name, engine.cat.muscles[tp.muscle].name, f"{tp.name} ({side} side)"))
            if progress:
                progress(i, len(points), point)
    write_atomic(folder / "index.html", gallery_html(entries, title, min_width).encode())
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
