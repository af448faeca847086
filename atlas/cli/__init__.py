"""The ``atlas`` command: serve, validate, stats, regions, lookup, show, condition, schema,
export and render-regions.  Each command's handler lives in :mod:`atlas.cli.commands` or
:mod:`atlas.cli.export`; this module only parses the command line."""

from __future__ import annotations

import argparse
import sys

from atlas.cli import commands, export
from atlas.data.problems import DataError
from atlas.data.vocabulary import BODY_AREAS


def _size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(x) for x in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"size must look like 800x1000, not {text!r}") from None
    if not (16 <= w <= 8000 and 16 <= h <= 8000):
        raise argparse.ArgumentTypeError("width and height must be between 16 and 8000 pixels")
    return w, h


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="atlas", description=(
        "Trigger Point Atlas - an interactive 3D atlas of myofascial trigger points. "
        "For education only; not diagnosis or treatment advice."))
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    s = sub.add_parser("serve", help="start the browser app and print its URL")
    s.add_argument("--port", type=int, default=5006)
    s.add_argument("--address", default="127.0.0.1", help="interface to listen on (0.0.0.0 for all)")
    s.add_argument("--show", action="store_true", help="open a browser tab")
    s.add_argument("--num-procs", type=int, default=None,
                   help="worker processes (0 = one per core; default: one per core, at most 8, "
                        "when listening beyond this machine, else 1)")
    s.add_argument("--warm-sessions", type=int, default=None, metavar="N",
                   help="sessions of each layout (page, embed) each process builds ahead while "
                        "idle, for visitors arriving at once (0 = none; default: 25 when listening "
                        "beyond this machine, else 2)")
    s.add_argument("--allow-websocket-origin", action="append", metavar="HOST[:PORT]",
                   help="extra host allowed to open the websocket (e.g. behind a proxy)")
    s.add_argument("--prefix", default="", help="URL prefix when served under a sub-path")
    s.set_defaults(func=commands.cmd_serve)

    s = sub.add_parser("stats", help="counts of landmarks, regions, vertices and content")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=commands.cmd_stats)

    s = sub.add_parser("regions", help="resolve plain words to body regions")
    s.add_argument("text", nargs="+", help='e.g. "behind the knee" "left temple"')
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=commands.cmd_regions)

    s = sub.add_parser("validate", help="check every data file; list problems as file:line: message")
    s.add_argument("dir", nargs="?", help="folder of trigger point data (default: points/)")
    s.set_defaults(func=commands.cmd_validate)

    s = sub.add_parser("lookup", help='"it hurts here": rank muscles that could refer pain there')
    s.add_argument("text", nargs="*", help='pain locations in plain words, e.g. temple "angle of jaw"')
    s.add_argument("--drawing", metavar="FILE",
                   help="a pain drawing saved from the app (JSON or CSV), ranked exactly as the app ranks it")
    s.add_argument("--limit", type=int, default=10)
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=commands.cmd_lookup)

    s = sub.add_parser("show", help="print one trigger point, whole")
    s.add_argument("id", help="trigger point id, e.g. upper_trapezius_tp1")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=commands.cmd_show)

    s = sub.add_parser("condition", help="trigger points linked to a condition")
    s.add_argument("name", nargs="+", help='e.g. "TMJ disorder" or tension headache')
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=commands.cmd_condition)

    s = sub.add_parser("tours", help="the guided tours: ids, titles and steps")
    s.add_argument("id", nargs="?", help="one tour's steps")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=commands.cmd_tours)

    s = sub.add_parser("schema", help="print the JSON Schema of a muscle file (or --write it)")
    s.add_argument("--write", action="store_true", help="write points/schema.json")
    s.set_defaults(func=commands.cmd_schema)

    exp = sub.add_parser("export", help="standalone HTML, PNG charts, PDF handouts, pain drawings")
    esub = exp.add_subparsers(dest="kind", required=True, metavar="KIND")

    def selection(p, pain=True, many=False, allow_all=False, condition=True):
        g = p.add_mutually_exclusive_group(required=True)
        g.add_argument("--point", nargs="+" if many else None, metavar="ID", help="trigger point id")
        if condition:
            g.add_argument("--condition", metavar="NAME", help="all points linked to a condition")
        if pain:
            g.add_argument("--pain", metavar="PLACES", help='pain in plain words, e.g. "temple, angle of jaw"')
        if allow_all:
            g.add_argument("--all", action="store_true", help="every trigger point, clickable")
        p.add_argument("--side", choices=["left", "right"], help="side of the point (default: left)")

    e = esub.add_parser("html", help="one HTML file that works offline from file://")
    e.add_argument("out")
    selection(e, allow_all=True)
    e.set_defaults(func=export.cmd_html)
    e = esub.add_parser("lesson", help="a guided tour or a quiz as one offline HTML file")
    e.add_argument("out")
    g = e.add_mutually_exclusive_group(required=True)
    g.add_argument("--tour", metavar="NAME", help="a guided tour id (`atlas tours` lists them)")
    g.add_argument("--quiz", metavar="KIND", choices=["which_muscle"],
                   help="which_muscle: a zone is shown, choose one of four muscles")
    f = e.add_mutually_exclusive_group()
    f.add_argument("--area", choices=list(BODY_AREAS), help="quiz: only muscles of this body area")
    f.add_argument("--condition", metavar="NAME", help="quiz: only points linked to this condition")
    e.add_argument("--questions", type=int, default=5, metavar="N", help="quiz: how many (default 5)")
    e.add_argument("--seed", type=int, default=1, help="quiz: the same seed writes the same file")
    e.set_defaults(func=export.cmd_lesson)
    e = esub.add_parser("png", help="a trigger point chart image")
    e.add_argument("out")
    e.add_argument("--point", required=True, metavar="ID")
    e.add_argument("--side", choices=["left", "right"])
    e.add_argument("--view", choices=["auto", "front", "back", "left", "right", "head"],
                   default="auto", help="auto turns to the point and adds a view of its zone if needed")
    e.add_argument("--size", type=_size, metavar="WxH")
    e.add_argument("--caption", default="", metavar="TEXT", help="your own words for a slide (3 lines at most)")
    e.add_argument("--hide-others", action="store_true",
                   help="draw only the chosen point, not the other points' grey dots")
    e.set_defaults(func=export.cmd_png)
    e = esub.add_parser("charts", help="a chart for every point plus an index.html gallery, "
                                       "or a slide deck for a tour or a condition")
    e.add_argument("out", help="folder")
    g = e.add_mutually_exclusive_group()
    g.add_argument("--tour", metavar="NAME", help="a slide per tour step, captioned with its words")
    g.add_argument("--condition", metavar="NAME", help="a slide per point linked to the condition")
    e.add_argument("--size", type=_size, metavar="WxH")
    e.set_defaults(func=export.cmd_charts)
    e = esub.add_parser("handout", help="a PDF for a client: at most two pages for up to three points")
    e.add_argument("out")
    e.add_argument("--point", nargs="+", metavar="ID[:SIDE]",
                   help="the 1-3 points worked on, e.g. masseter_tp1:left (default side: --side)")
    e.add_argument("--pain", metavar="PLACES", help='pain in plain words, e.g. "temple, angle of jaw"')
    e.add_argument("--drawing", metavar="FILE", help="a pain drawing saved from the app (JSON or CSV)")
    e.add_argument("--side", choices=["left", "right"], help="side of the points (default: their first)")
    e.add_argument("--client", default="", help="the client's name, printed on the handout")
    e.add_argument("--clinic", default="", help="the clinic's name")
    e.add_argument("--date", default="", help="the date printed (default today)")
    e.add_argument("--therapist-page", action="store_true", help="add a page of clinical notes for the therapist")
    e.set_defaults(func=export.cmd_handout)
    e = esub.add_parser("pain", help="a pain drawing as JSON, CSV or FHIR R4 (by the file name: "
                        ".json, .csv, .fhir.json)")
    e.add_argument("out")
    e.add_argument("--pain", required=True, metavar="PLACES")
    e.add_argument("--intensity", type=int, default=5, metavar="0-10", help="how much it hurts (default 5)")
    e.add_argument("--quality", action="append", metavar="WORD",
                   help="what it feels like: aching, burning, tingling, numbness, sharp, cramping, deep")
    e.add_argument("--symptom", action="append", metavar="WORD", help="noticed with the pain: weakness, fever")
    e.add_argument("--date", metavar="YYYY-MM-DD", help="the drawing's date (default today)")
    e.add_argument("--label", help='a short label, e.g. "before"')
    e.set_defaults(func=export.cmd_pain)

    s = sub.add_parser("render-zones", help="a contact sheet per trigger point (front, back, side, and "
                       "palm or sole when the zones or outline reach a hand or foot) "
                       "and index.html, for reviewing the referral zones")
    s.add_argument("out", metavar="DIR", help="folder to write (replaced as a whole when done)")
    s.add_argument("--point", nargs="+", metavar="ID", help="only these trigger points (default: all)")
    s.add_argument("--side", choices=["left", "right"], help="only this side (default: both)")
    s.add_argument("--size", type=_size, metavar="WxH", help="sheet size (default 1200x620)")
    s.set_defaults(func=export.cmd_render_zones)

    s = sub.add_parser("render-regions", help="PNG images of the region map for review")
    s.add_argument("outdir", help="folder for front.png, back.png, left.png, right.png")
    s.add_argument("--size", type=_size, default=(900, 1400), metavar="WxH")
    s.set_defaults(func=commands.cmd_render_regions)
    return p


def _exit_cleanly_on_sigterm() -> None:
    """SIGTERM becomes SystemExit, so exports remove their temporary files on the way out."""
    import signal
    import threading

    if threading.current_thread() is threading.main_thread():  # tests call main() from threads
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    args.argv = list(sys.argv[1:] if argv is None else argv)
    if args.command != "serve":  # the server handles its own signals
        _exit_cleanly_on_sigterm()
    try:
        return args.func(args)
    except DataError as exc:
        print("The atlas data has problems:", file=sys.stderr)
        for prob in exc.problems:
            print(f"  {prob}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # e.g. `atlas lookup ... | head`
        sys.stderr.close()
        return 0
    except OSError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
