"""The query commands: stats, validate, regions, lookup, show, condition, tours, schema, serve."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import atlas
from atlas.data.problems import DataError

EXIT_USAGE = 2


def print_json(obj) -> None:
    print(json.dumps(obj, indent=2, ensure_ascii=False))


def split_phrases(texts: list[str]) -> list[str]:
    """Each argument is a phrase; commas inside an argument separate phrases too."""
    return [p.strip() for t in texts for p in t.split(",") if p.strip()]



def cmd_stats(args) -> int:
    b = atlas.load().body
    out = {"landmarks": len(b.landmarks), "regions": len(b.regions),
           "vertices": int(len(b.vertices)), "triangles": int(len(b.faces))}
    out.update(_catalogue_stats())
    if args.json:
        print_json(out)
    else:
        for k, v in out.items():
            print(f"{k:>15}: {v}")
    return 0


def _catalogue_stats() -> dict:
    cat = atlas.load().catalogue
    points = [tp.spec for tp in cat.points.values()]
    return {"muscles": len(cat.muscles), "trigger_points": len(cat.points),
            "conditions": len(cat.conditions), "sources": len(cat.sources),
            "muscles_with_self_care": sum(m.spec.self_care is not None for m in cat.muscles.values()),
            "points_with_differential": sum(bool(p.differential) for p in points),
            "key_satellite_links": sum(len(p.key_for) for p in points),
            "bibliography": len(cat.sources),
            "secondary_sources": sum(s.kind == "secondary" for s in cat.sources.values())}


def cmd_validate(args) -> int:
    from atlas.content.catalog import load_catalogue

    folder = Path(args.dir) if args.dir else None
    try:
        cat = load_catalogue(atlas.load().body, folder)
    except DataError as exc:
        for prob in exc.problems:
            print(prob)
        n = len(exc.problems)
        print(f"{n} problem{'s' if n != 1 else ''} found", file=sys.stderr)
        return 1
    print(f"ok: {len(cat.muscles)} muscles, {len(cat.points)} trigger points, "
          f"{len(cat.conditions)} conditions, {len(cat.sources)} sources, {len(cat.tours)} tours")
    return 0


def cmd_tours(args) -> int:
    """List the guided tours, or one tour's steps."""
    from atlas.data.problems import suggest

    a = atlas.load()
    tours = a.catalogue.tours
    if args.id and args.id not in tours:
        print(f"atlas: no tour {args.id!r}{suggest(args.id, tours)}; `atlas tours` lists them",
              file=sys.stderr)
        return EXIT_USAGE
    chosen = [tours[args.id]] if args.id else list(tours.values())
    if args.json:
        print_json([t.model_dump(mode="json") if args.id else
                    {"id": t.id, "title": t.title, "steps": len(t.steps)} for t in chosen])
        return 0
    for t in chosen:
        print(f"{t.id:<28} {t.title}  ({len(t.steps)} steps)")
        if args.id:
            print(f"  {t.summary}")
            for i, step in enumerate(t.steps, 1):
                name = a.catalogue.points[step.point].name
                print(f"  {i}. {name} ({step.side}) [{step.point}]: {step.text}")
    return 0


def _read_drawing(path: str, body):
    """A saved pain drawing, or None after printing a plain reason."""
    from atlas.exports.paindrawing import MAX_DRAWING_BYTES, PainDrawingError, from_text, too_large

    try:
        size = os.path.getsize(path)
        if size > MAX_DRAWING_BYTES:
            raise PainDrawingError(too_large(size))
        with open(path, encoding="utf-8", errors="surrogateescape") as f:
            return from_text(f.read(), body)
    except (OSError, PainDrawingError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        print(f"{path}: cannot read the pain drawing: {reason}", file=sys.stderr)
        return None


def cmd_lookup(args) -> int:
    import numpy as np

    from atlas.query.names import UnknownRegion

    eng = atlas.load().engine
    if not args.text and not args.drawing:
        print("atlas lookup: say where it hurts (words) or give --drawing FILE", file=sys.stderr)
        return EXIT_USAGE
    try:
        pain, matches = eng.pain_from_words(split_phrases(args.text))
    except UnknownRegion as exc:
        print(exc, file=sys.stderr)
        return EXIT_USAGE
    understood = [r.id for m in matches for r in m.regions]
    if args.drawing:
        drawing = _read_drawing(args.drawing, eng.body)
        if drawing is None:
            return EXIT_USAGE
        pain = np.maximum(pain, eng.pain_from_vertices(*drawing.weights()))  # a vertex counts once
        understood += [r for r in drawing.region_areas(eng.body) if r not in understood]
    results = eng.reverse_muscles(pain, limit=args.limit)
    if args.json:
        print_json({
            "regions": understood,
            "muscles": [{"muscle": m.muscle, "name": eng.cat.muscles[m.muscle].name,
                         "kind": m.kind, "score": round(m.score, 4),
                         "points": [{"id": p.point, "side": p.side, "kind": p.kind,
                                     "explained": round(p.explained, 4),
                                     "marked": round(p.marked, 4),
                                     "why": p.why(eng.region_names)} for p in m.points]}
                        for m in results]})
        return 0
    print("Pain understood as: " + ", ".join(eng.region_names[r] for r in understood))
    if not results:
        print("No trigger point in the atlas refers pain there.")
    for rank, m in enumerate(results, 1):
        pts = ", ".join(f"{p.point} ({p.side}, {p.kind})" for p in m.points[:3])
        print(f"{rank:>2}. {eng.cat.muscles[m.muscle].name} [{m.kind}] - {pts}")
        print(f"      why: {m.points[0].why(eng.region_names)}")
    print("\nFor education only; not diagnosis or treatment advice.")
    return 0



def cmd_show(args) -> int:
    from atlas.query.names import UnknownName
    from atlas.views.record import point_view
    from atlas.views.text import point_text

    eng = atlas.load().engine
    try:
        tp = eng.point(args.id)
    except UnknownName as exc:
        print(exc, file=sys.stderr)
        return EXIT_USAGE
    view = point_view(eng, tp.id)
    print_json(view.as_dict()) if args.json else print(point_text(view))
    return 0


def cmd_condition(args) -> int:
    from atlas.query.names import UnknownName

    eng = atlas.load().engine
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
        print_json(out)
        return 0
    for c in out:
        codes = ", ".join(f"{k.upper()} {c[k]}" for k in ("icd10", "snomed") if c[k])
        print(f"{c['name']}" + (f" ({codes})" if codes else "") + f": {len(c['points'])} trigger points")
        for p in c["points"]:
            print(f"  {p['id']:<40} {p['muscle']} - {p['name']}")
    return 0


def cmd_schema(args) -> int:
    from atlas.data.schema import schema_text

    text = schema_text()
    if args.write:
        from atlas.data import resources
        from atlas.exports.files import write_atomic

        write_atomic(resources.points_dir() / "schema.json", text.encode())
    else:
        sys.stdout.write(text)
    return 0


def cmd_regions(args) -> int:
    from atlas.query.names import UnknownRegion, resolve_region

    b, lex = atlas.load().body, atlas.load().region_lexicon
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
        print_json(results)
    else:
        for res in results:
            names = ", ".join(f"{r['name']} [{r['id']}]" for r in res["regions"])
            print(f"{res['text']!r} -> {names}  ({res['how']} match)")
    return EXIT_USAGE if failed else 0


def cmd_serve(args) -> int:
    from atlas.ui.server import serve, use_system_malloc

    use_system_malloc(args.argv)

    try:
        serve(port=args.port, address=args.address, show=args.show, num_procs=args.num_procs,
              allow_origin=args.allow_websocket_origin or None, prefix=args.prefix,
              warm_sessions=args.warm_sessions)
    except KeyboardInterrupt:
        print("stopped")
    return 0


def cmd_render_regions(args) -> int:
    from atlas.exports.gallery import save_region_views

    written = save_region_views(atlas.load().body, Path(args.outdir), size=tuple(args.size))
    for p in written:
        print(p)
    return 0
