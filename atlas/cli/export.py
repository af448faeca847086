"""``atlas export KIND``: one handler per kind.  The selection (points, a condition, pain in
plain words, or everything) is resolved once, into a :class:`Selection`, before any slow work."""

from __future__ import annotations

import functools
import sys
from dataclasses import dataclass, field
from pathlib import Path

import atlas
from atlas.cli.commands import EXIT_USAGE, split_phrases
from atlas.exports.files import ExportError, check_writable, write_atomic, write_png
from atlas.query.names import UnknownName

HANDOUT_CANDIDATES = 10


@dataclass(frozen=True)
class Selection:
    """What an export shows: (point, side) pairs, painted vertices, words for the page."""

    points: list[tuple[str, str]]
    title: str
    intro: str = ""
    painted: list[int] = field(default_factory=list)
    selected: tuple[str, str] | None = None
    ranked: list | None = None  # muscle matches (reverse lookup), when the selection came from pain


def select(args) -> Selection:
    """Resolve --point/--condition/--pain/--all (raises UnknownName with suggestions)."""
    eng = atlas.load().engine
    if getattr(args, "all", False):
        pts = [(tp.id, s) for tp in eng.cat.points.values() for s in tp.sides]
        return Selection(pts, "All trigger points", "Every trigger point in the atlas.")
    if getattr(args, "condition", None):
        cond = eng.find_condition(args.condition)[0]
        pts = [(tp.id, s) for tp in eng.points_for_condition(cond.id) for s in tp.sides]
        return Selection(pts, cond.name, cond.description)
    if getattr(args, "pain", None):
        return _pain_selection(eng, args.pain)
    ids = args.point if isinstance(args.point, list) else [args.point]
    pts = []
    for pid in ids:
        tp = eng.point(pid)
        side = getattr(args, "side", None) or tp.sides[0]
        if side not in tp.sides:
            raise UnknownName(f"{pid} has no {side} side")
        pts.append((pid, side))
    muscle = eng.cat.muscles[eng.cat.points[pts[0][0]].muscle].name
    return Selection(pts, muscle, selected=pts[0])


def _pain_selection(eng, words: str) -> Selection:
    _, matches = eng.pain_from_words(split_phrases([words]))
    body = eng.body
    verts = sorted({int(v) for m in matches for r in m.regions for v in body.region_vertices[r.index]})
    ranked = eng.reverse_muscles(eng.pain_from_vertices(verts), limit=HANDOUT_CANDIDATES)
    pts = [(p.point, p.side) for m in ranked for p in m.points]
    names = ", ".join(r.name for m in matches for r in m.regions)
    return Selection(pts, f"Pain at {names}", "Trigger points that can refer pain to the painted area.",
                     painted=verts, ranked=ranked)


def _export(handler=None, *, folder: bool = False):
    """Check the target first, turn bad names and unwritable paths into plain messages."""
    if handler is None:
        return functools.partial(_export, folder=folder)

    @functools.wraps(handler)
    def run(args) -> int:
        try:
            if not folder:
                check_writable(args.out)
            message = handler(args)
        except (UnknownName, ValueError) as exc:
            print(exc, file=sys.stderr)
            return EXIT_USAGE
        except ExportError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        print(message or f"wrote {args.out}")
        return 0

    return run


def _nothing_to_export(sel: Selection) -> None:
    if not sel.points and not sel.painted:
        raise ValueError("nothing to export: no trigger points match")


@_export
def cmd_html(args):
    from atlas.exports.html import build

    sel = select(args)
    _nothing_to_export(sel)
    a = atlas.load()
    page = build(a.engine, a.scene, sel.points, sel.title,
                 sel.selected or (sel.points[0] if len(sel.points) == 1 else None),
                 painted=sel.painted, intro=sel.intro, highlight_only=not args.all)
    write_atomic(Path(args.out), page.encode())


@_export
def cmd_lesson(args):
    """A guided tour (--tour) or a quiz (--quiz) as one offline HTML file."""
    from atlas.exports import lesson

    a = atlas.load()
    eng = a.engine
    if args.tour:
        page = lesson.build_tour(eng, a.scene, lesson.find_tour(eng.cat, args.tour))
    else:
        from atlas.query.quiz import make_quiz

        condition = eng.find_condition(args.condition)[0].id if args.condition else None
        if args.questions < 1:
            raise ValueError("atlas export lesson: --questions must be at least 1")
        quiz = make_quiz(eng, args.quiz, args.questions, area=args.area, condition=condition, seed=args.seed)
        page = lesson.build_quiz(eng, a.scene, quiz, lesson.quiz_title(eng, args.area, condition))
    write_atomic(Path(args.out), page.encode())
    return f"wrote {args.out} ({len(page.encode()) / 1e6:.1f} MB)"


@_export
def cmd_png(args):
    from atlas.images.charts import chart

    point, side = select(args).points[0]
    a = atlas.load()
    write_png(Path(args.out), chart(a.engine, a.scene, point, side, args.view, args.size or (900, 1200),
                                    caption=args.caption, others=not args.hide_others))


@_export(folder=True)
def cmd_charts(args):
    from atlas.exports.gallery import write_charts

    def progress(i, n, pid):
        bar = "#" * (30 * i // n)
        print(f"\r[{bar:<30}] {i}/{n} {pid:<40}", end="", file=sys.stderr, flush=True)

    a = atlas.load()
    if args.tour or args.condition:
        return _deck(a, args, progress)
    written = write_charts(a.engine, a.scene, Path(args.out), size=args.size or (600, 800),
                           progress=progress)
    print(file=sys.stderr)
    return f"wrote {len(written) - 1} charts and {written[-1]}"


def _deck(a, args, progress) -> str:
    """A slide deck folder: one captioned chart per tour step or condition point, in order."""
    from atlas.exports.gallery import Slide, write_deck
    from atlas.views.record import point_view

    eng = a.engine
    if args.tour:
        from atlas.exports.lesson import find_tour

        tour = find_tour(eng.cat, args.tour)
        slides = [Slide(s.point, s.side, s.text, s.view if s.view != "auto" else "auto") for s in tour.steps]
        title, intro = tour.title, tour.summary
    else:
        cond = eng.find_condition(args.condition)[0]
        slides = [Slide(tp.id, tp.sides[0], point_view(eng, tp.id, tp.sides[0]).referral)
                  for tp in eng.points_for_condition(cond.id)]
        title, intro = cond.name, cond.description
    if not slides:
        raise ValueError("nothing to export: no trigger points match")
    written = write_deck(eng, a.scene, Path(args.out), slides, title, intro,
                         size=args.size or (900, 1200), progress=progress)
    print(file=sys.stderr)
    return f"wrote {len(written) - 1} slides and {written[-1]}"


@_export(folder=True)
def cmd_render_zones(args):
    """``atlas render-zones DIR``: contact sheets of the referral zones, for review."""
    import time

    from atlas.exports.gallery import write_zone_sheets
    from atlas.images.charts import SHEET_SIZE

    eng = atlas.load().engine
    ids = args.point or list(eng.cat.points)
    points = []
    for pid in ids:
        tp = eng.point(pid)  # unknown ids stop here, with suggestions, before any rendering
        sides = [args.side] if args.side else list(tp.sides)
        if args.side and args.side not in tp.sides:
            raise UnknownName(f"{tp.id} has no {args.side} side")
        points += [(tp.id, s) for s in sides]

    def progress(i, n, pid):
        bar = "#" * (30 * i // n)
        print(f"\r[{bar:<30}] {i}/{n} {pid:<40}", end="", file=sys.stderr, flush=True)

    a = atlas.load()
    start = time.perf_counter()
    written = write_zone_sheets(a.engine, a.scene, Path(args.out), points, size=args.size or SHEET_SIZE,
                                progress=progress)
    took = time.perf_counter() - start
    print(file=sys.stderr)
    n = len(written) - 1
    return f"wrote {n} contact sheets and {written[-1]} in {took:.1f} s ({took / max(n, 1):.2f} s a sheet)"


@_export
def cmd_handout(args):
    """The client handout: the chosen points (or the best three for the pain) and the drawing."""
    from atlas.cli.commands import _read_drawing
    from atlas.exports import handout
    from atlas.exports.paindrawing import PainDrawing

    a = atlas.load()
    eng = a.engine
    if not (args.point or args.pain or args.drawing):
        raise ValueError("atlas export handout: give --point, --pain or --drawing")
    drawing = PainDrawing()
    if args.drawing:
        drawing = _read_drawing(args.drawing, eng.body)
        if drawing is None:
            raise ValueError("atlas export handout: the drawing could not be read")
    if args.pain:
        sel = _pain_selection(eng, args.pain)
        drawing = _merge(drawing, sel.painted)
    points = [_point_side(eng, p, args.side) for p in (args.point or [])]
    if len(points) > handout.MAX_POINTS:
        raise ValueError(f"atlas export handout: choose at most {handout.MAX_POINTS} points "
                         f"(the ones worked on); {len(points)} were given")
    pdf = handout.build(eng, a.scene, drawing, points or None,
                        client=handout.Client(args.client, args.date, args.clinic),
                        therapist_page=args.therapist_page)
    write_atomic(Path(args.out), pdf)


def _merge(drawing, painted):
    """A saved drawing plus regions named in words (painted at the default intensity, under it)."""
    from atlas.exports.paindrawing import DEFAULT_INTENSITY, PainDrawing

    layers = [(painted, DEFAULT_INTENSITY, ())] + [(s.vertices, s.intensity, s.qualities) for s in drawing.strokes]
    return PainDrawing.layered(layers, date=drawing.date, label=drawing.label, symptoms=drawing.symptoms)


def _point_side(eng, text: str, side: str | None) -> tuple[str, str]:
    """``masseter_tp1:left`` or ``masseter_tp1`` (then --side, else the point's first side)."""
    pid, _, given = text.partition(":")
    tp = eng.point(pid)
    side = given or side or tp.sides[0]
    if side not in tp.sides:
        raise UnknownName(f"{pid} has no {side} side (it has: {', '.join(tp.sides)})")
    return pid, side


@_export
def cmd_pain(args):
    """A pain drawing from words: JSON, CSV or FHIR (``.fhir.json``), chosen by the file name."""
    from atlas.exports import fhir, paindrawing

    sel = _pain_selection(atlas.load().engine, args.pain)
    body = atlas.load().body
    try:
        drawing = paindrawing.PainDrawing.layered(
            [(sel.painted, args.intensity, args.quality or [])],
            date=args.date or "", label=args.label or "", symptoms=args.symptom or [])
    except paindrawing.PainDrawingError as exc:
        raise ValueError(f"atlas export pain: {exc}") from None
    out = Path(args.out)
    name = out.name.lower()
    if name.endswith(".fhir.json"):
        text = fhir.to_fhir_json(drawing, body)
    elif name.endswith(".csv"):
        text = paindrawing.to_csv(drawing, body)
    else:
        text = paindrawing.to_json(drawing, body)
    write_atomic(out, text.encode())
