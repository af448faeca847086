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
    try:
        from atlas import store

        cat = store.catalogue()
    except AttributeError:
        return {}
    return {"muscles": len(cat.muscles), "trigger_points": len(cat.points),
            "conditions": len(cat.conditions), "sources": len(cat.sources)}


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

    s = sub.add_parser("stats", help="counts of landmarks, regions, vertices and content")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_stats)

    s = sub.add_parser("regions", help="resolve plain words to body regions")
    s.add_argument("text", nargs="+", help='e.g. "behind the knee" "left temple"')
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_regions)

    s = sub.add_parser("render-regions", help="PNG images of the region map for review")
    s.add_argument("outdir", help="folder for front.png, back.png, left.png, right.png")
    s.add_argument("--size", type=_size, default=(900, 1400), metavar="WxH")
    s.set_defaults(func=cmd_render_regions)
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except DataError as exc:
        print("The atlas data has problems:", file=sys.stderr)
        for prob in exc.problems:
            print(f"  {prob}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
