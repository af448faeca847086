"""The ``atlas`` command: serve, validate, stats, regions, lookup, show, condition, export."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from atlas.problems import DataError

EXIT_USAGE = 2


def _print_json(obj) -> None:
    print(json.dumps(obj, indent=2, ensure_ascii=False))


def cmd_stats(args) -> int:
    from atlas import store

    b = store.body()
    out = {"landmarks": len(b.landmarks), "regions": len(b.regions),
           "vertices": int(len(b.vertices)), "triangles": int(len(b.faces))}
    out.update(_catalogue_stats())
    if args.json:
        _print_json(out)
    else:
        for k, v in out.items():
            print(f"{k:>15}: {v}")
    return 0


def _catalogue_stats() -> dict:
    from atlas import store

    cat = store.catalogue()
    return {"muscles": len(cat.muscles), "trigger_points": len(cat.points),
            "conditions": len(cat.conditions), "sources": len(cat.sources)}


def cmd_validate(args) -> int:
    from atlas import store
    from atlas.catalog import load_catalogue

    folder = Path(args.dir) if args.dir else None
    try:
        cat = load_catalogue(store.body(), folder)
    except DataError as exc:
        for prob in exc.problems:
            print(prob)
        n = len(exc.problems)
        print(f"{n} problem{'s' if n != 1 else ''} found", file=sys.stderr)
        return 1
    print(f"ok: {len(cat.muscles)} muscles, {len(cat.points)} trigger points, "
          f"{len(cat.conditions)} conditions, {len(cat.sources)} sources")
    return 0


def cmd_lookup(args) -> int:
    from atlas import store
    from atlas.regionwords import UnknownRegion

    eng = store.engine()
    try:
        pain, matches = eng.pain_from_words(_split_phrases(args.text))
    except UnknownRegion as exc:
        print(exc, file=sys.stderr)
        return EXIT_USAGE
    results = eng.reverse_muscles(pain, limit=args.limit)
    understood = [r.id for m in matches for r in m.regions]
    if args.json:
        _print_json({
            "regions": understood,
            "muscles": [{"muscle": m.muscle, "name": eng.cat.muscles[m.muscle].name,
                         "kind": m.kind, "score": round(m.score, 4),
                         "points": [{"id": p.point, "side": p.side, "kind": p.kind,
                                     "explained": round(p.explained, 4),
                                     "why": p.why(eng.region_names)} for p in m.points]}
                        for m in results]})
        return 0
    print("Pain understood as: " + ", ".join(eng.region_names[r] for r in understood))
    if not results:
        print("No trigger point in the atlas refers pain there.")
    for rank, m in enumerate(results, 1):
        pts = ", ".join(f"{p.point} ({p.kind})" for p in m.points[:3])
        print(f"{rank:>2}. {eng.cat.muscles[m.muscle].name} [{m.kind}] - {pts}")
        print(f"      why: {m.points[0].why(eng.region_names)}")
    print("\nFor education only; not diagnosis or treatment advice.")
    return 0


def _split_phrases(texts: list[str]) -> list[str]:
    """Each argument is a phrase; commas inside an argument separate phrases too."""
    return [p.strip() for t in texts for p in t.split(",") if p.strip()]


def cmd_show(args) -> int:
    from atlas import store
    from atlas.query import UnknownName
    from atlas.text import point_text

    eng = store.engine()
    try:
        tp = eng.point(args.id)
    except UnknownName as exc:
        print(exc, file=sys.stderr)
        return EXIT_USAGE
    if args.json:
        from atlas.text import point_record

        _print_json(point_record(eng, tp))
    else:
        print(point_text(eng, tp))
    return 0


def cmd_condition(args) -> int:
    from atlas import store
    from atlas.query import UnknownName

    eng = store.engine()
    try:
        conditions = eng.find_condition(" ".join(args.name))
    except UnknownName as exc:
        print(exc, file=sys.stderr)
        return EXIT_USAGE
    out = []
    for c in conditions:
        pts = eng.points_for_condition(c.id)
        out.append({"condition": c.id, "name": c.name, "icd10": c.icd10, "snomed": c.snomed,
                    "points": [{"id": p.id, "muscle": eng.cat.muscles[p.muscle].name,
                                "name": p.name} for p in pts]})
    if args.json:
        _print_json(out)
        return 0
    for c in out:
        codes = ", ".join(f"{k.upper()} {c[k]}" for k in ("icd10", "snomed") if c[k])
        print(f"{c['name']}" + (f" ({codes})" if codes else "") + f": {len(c['points'])} trigger points")
        for p in c["points"]:
            print(f"  {p['id']:<40} {p['muscle']} - {p['name']}")
    return 0


def cmd_schema(args) -> int:
    from atlas.schema import schema_text

    text = schema_text()
    if args.write:
        from atlas import paths
        from atlas.exporting import write_atomic

        write_atomic(paths.points_dir() / "schema.json", text.encode())
    else:
        sys.stdout.write(text)
    return 0


def cmd_regions(args) -> int:
    from atlas import store
    from atlas.regionwords import UnknownRegion, resolve_region

    b, lex = store.body(), store.region_lexicon()
    results, failed = [], False
    for text in args.text:
        try:
            m = resolve_region(b, lex, text)
        except UnknownRegion as exc:
            print(exc, file=sys.stderr)
            failed = True
            continue
        results.append({"text": text, "how": m.how, "matched": m.matched,
                        "regions": [{"id": r.id, "name": r.name, "area": r.area,
                                     "choir": list(r.choir)} for r in m.regions]})
    if args.json:
        _print_json(results)
    else:
        for res in results:
            names = ", ".join(f"{r['name']} [{r['id']}]" for r in res["regions"])
            print(f"{res['text']!r} -> {names}  ({res['how']} match)")
    return EXIT_USAGE if failed else 0


def cmd_serve(args) -> int:
    from atlas.server import serve, use_system_malloc

    use_system_malloc(args.argv)

    try:
        serve(port=args.port, address=args.address, show=args.show, num_procs=args.num_procs,
              allow_origin=args.allow_websocket_origin or None, prefix=args.prefix)
    except KeyboardInterrupt:
        print("stopped")
    return 0


def _resolve_selection(eng, args):
    """(points [(id, side)], painted vertices, title, intro) from --point/--condition/--pain/--all."""
    from atlas.query import UnknownName

    body = eng.body
    if getattr(args, "all", False):
        pts = [(tp.id, s) for tp in eng.cat.points.values() for s in tp.sides]
        return pts, [], "All trigger points", "Every trigger point in the atlas.", None
    if getattr(args, "condition", None):
        cond = eng.find_condition(args.condition)[0]
        pts = [(tp.id, s) for tp in eng.points_for_condition(cond.id) for s in tp.sides]
        return pts, [], cond.name, cond.description, None
    if getattr(args, "pain", None):
        pain, matches = eng.pain_from_words(_split_phrases([args.pain]))
        verts = sorted({int(v) for m in matches for r in m.regions for v in body.region_vertices[r.index]})
        ranked = eng.reverse_points(eng.pain_from_vertices(verts), limit=10)
        pts = [(m.point, m.side if m.side != "both" else eng.cat.points[m.point].sides[0]) for m in ranked]
        names = ", ".join(r.name for m in matches for r in m.regions)
        return pts, verts, f"Pain at {names}", "Trigger points that can refer pain to the painted area.", None
    ids = args.point if isinstance(args.point, list) else [args.point]
    pts = []
    for pid in ids:
        tp = eng.point(pid)  # raises UnknownName
        side = getattr(args, "side", None) or tp.sides[0]
        if side not in tp.sides:
            raise UnknownName(f"{pid} has no {side} side")
        pts.append((pid, side))
    first = pts[0]
    return pts, [], eng.cat.muscles[eng.cat.points[first[0]].muscle].name, "", first


def cmd_export(args) -> int:
    from atlas import store
    from atlas.exporting import ExportError, write_atomic, write_png
    from atlas.query import UnknownName
    from atlas.regionwords import UnknownRegion

    eng, scene = store.engine(), store.scene()
    try:
        if args.kind != "charts":
            from atlas.exporting import check_writable

            check_writable(args.out)
        if args.kind == "charts":
            from atlas.charts import write_charts

            def progress(i, n, pid):
                bar = "#" * (30 * i // n)
                print(f"\r[{bar:<30}] {i}/{n} {pid:<40}", end="", file=sys.stderr, flush=True)

            written = write_charts(eng, scene, Path(args.out), size=args.size or (600, 800), progress=progress)
            print(file=sys.stderr)
            print(f"wrote {len(written) - 1} charts and {written[-1]}")
            return 0
        pts, painted, title, intro, selected = _resolve_selection(eng, args)
        if not pts and not painted:
            print("nothing to export: no trigger points match", file=sys.stderr)
            return EXIT_USAGE
        out = Path(args.out)
        if args.kind == "html":
            from atlas.standalone import build

            html = build(eng, scene, pts, title, selected or (pts[0] if len(pts) == 1 else None),
                         painted=painted, intro=intro, highlight_only=not args.all)
            write_atomic(out, html.encode())
        elif args.kind == "png":
            from atlas.charts import chart

            point, side = pts[0]
            write_png(out, chart(eng, scene, point, side, args.view, args.size or (900, 1200)))
        elif args.kind == "handout":
            from atlas import handout

            write_atomic(out, handout.build(eng, scene, painted, None if painted else pts))
        elif args.kind == "pain":
            from atlas import paindrawing

            drawing = paindrawing.PainDrawing(tuple(painted))
            text = (paindrawing.to_csv(drawing, eng.body) if out.suffix.lower() == ".csv"
                    else paindrawing.to_json(drawing, eng.body))
            write_atomic(out, text.encode())
    except (UnknownName, UnknownRegion, ValueError) as exc:
        print(exc, file=sys.stderr)
        return EXIT_USAGE
    except ExportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {args.out}")
    return 0


def cmd_render_regions(args) -> int:
    from atlas import store
    from atlas.render import save_region_views

    written = save_region_views(store.body(), Path(args.outdir), size=tuple(args.size))
    for p in written:
        print(p)
    return 0


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
    s.add_argument("--num-procs", type=int, default=1, help="worker processes (0 = one per core)")
    s.add_argument("--allow-websocket-origin", action="append", metavar="HOST[:PORT]",
                   help="extra host allowed to open the websocket (e.g. behind a proxy)")
    s.add_argument("--prefix", default="", help="URL prefix when served under a sub-path")
    s.set_defaults(func=cmd_serve)

    s = sub.add_parser("stats", help="counts of landmarks, regions, vertices and content")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_stats)

    s = sub.add_parser("regions", help="resolve plain words to body regions")
    s.add_argument("text", nargs="+", help='e.g. "behind the knee" "left temple"')
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_regions)

    s = sub.add_parser("validate", help="check every data file; list problems as file:line: message")
    s.add_argument("dir", nargs="?", help="folder of trigger point data (default: points/)")
    s.set_defaults(func=cmd_validate)

    s = sub.add_parser("lookup", help='"it hurts here": rank muscles that could refer pain there')
    s.add_argument("text", nargs="+", help='pain locations in plain words, e.g. temple "angle of jaw"')
    s.add_argument("--limit", type=int, default=10)
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_lookup)

    s = sub.add_parser("show", help="print one trigger point, whole")
    s.add_argument("id", help="trigger point id, e.g. upper_trapezius_tp1")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_show)

    s = sub.add_parser("condition", help="trigger points linked to a condition")
    s.add_argument("name", nargs="+", help='e.g. "TMJ disorder" or tension headache')
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_condition)

    s = sub.add_parser("schema", help="print the JSON Schema of a muscle file (or --write it)")
    s.add_argument("--write", action="store_true", help="write points/schema.json")
    s.set_defaults(func=cmd_schema)

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
    e = esub.add_parser("png", help="a trigger point chart image")
    e.add_argument("out")
    e.add_argument("--point", required=True, metavar="ID")
    e.add_argument("--side", choices=["left", "right"])
    e.add_argument("--view", choices=["auto", "front", "back", "left", "right"], default="auto")
    e.add_argument("--size", type=_size, metavar="WxH")
    e = esub.add_parser("charts", help="a chart for every point plus an index.html gallery")
    e.add_argument("out", help="folder")
    e.add_argument("--size", type=_size, metavar="WxH")
    e = esub.add_parser("handout", help="a PDF for a client")
    e.add_argument("out")
    selection(e, many=True, condition=False)
    e = esub.add_parser("pain", help="a pain drawing as JSON or CSV (by the file name)")
    e.add_argument("out")
    e.add_argument("--pain", required=True, metavar="PLACES")
    exp.set_defaults(func=cmd_export)

    s = sub.add_parser("render-regions", help="PNG images of the region map for review")
    s.add_argument("outdir", help="folder for front.png, back.png, left.png, right.png")
    s.add_argument("--size", type=_size, default=(900, 1400), metavar="WxH")
    s.set_defaults(func=cmd_render_regions)
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    args.argv = list(sys.argv[1:] if argv is None else argv)
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
