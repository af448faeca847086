"""Pain drawings in research formats (JSON and CSV): painted regions, their CHOIR body-map
codes and the share of body surface painted.  A drawing saved and loaded back is identical."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass

import numpy as np

FORMAT = "trigger-point-atlas/pain-drawing"
VERSION = 1
CHOIR_CITATION = ("Scherrer KH et al. Development and validation of the Collaborative Health Outcomes "
                  "Information Registry body map. PAIN Reports 2021;6(1):e880. "
                  "doi:10.1097/PR9.0000000000000880")


# Largest pain drawing file read (app upload).  A whole-body drawing saved by the atlas is
# about 145 kB; anything much bigger is not a drawing, and reading it would hold the server.
MAX_DRAWING_BYTES = 256 * 1024


class PainDrawingError(ValueError):
    """A pain drawing file that cannot be read; the message says why."""


def too_large(size: int) -> str:
    """The plain reason given for a file over MAX_DRAWING_BYTES."""
    return (f"the file is too large ({-(-size // 1024):,} kB; a pain drawing is at most "
            f"{MAX_DRAWING_BYTES // 1024} kB)")


@dataclass(frozen=True)
class PainDrawing:
    vertices: tuple[int, ...]  # painted skin vertices, sorted

    @classmethod
    def from_regions(cls, body, region_ids) -> PainDrawing:
        verts = set()
        for rid in region_ids:
            verts.update(int(v) for v in body.region_vertices[body.region_index[rid].index])
        return cls(tuple(sorted(verts)))

    def region_areas(self, body) -> dict[str, float]:
        v = np.asarray(self.vertices, dtype=np.int64)
        per = np.bincount(body.region_of_vertex[v], weights=body.vertex_area[v], minlength=len(body.regions))
        return {body.regions[i].id: float(per[i]) for i in np.flatnonzero(per > 0)}

    def percent_of_body(self, body) -> float:
        v = np.asarray(self.vertices, dtype=np.int64)
        return float(100 * body.vertex_area[v].sum() / body.vertex_area.sum()) if len(v) else 0.0

    def rows(self, body) -> list[dict]:
        """One row per painted region: how much of it is painted and its CHOIR codes."""
        out = []
        for rid, area in sorted(self.region_areas(body).items()):
            r = body.region_index[rid]
            out.append({"region": rid, "name": r.name, "area": r.area,
                        "painted_cm2": round(area, 2),
                        "painted_share_of_region": round(area / body.region_area[r.index], 4),
                        "choir": list(r.choir)})
        return out

    def choir_codes(self, body) -> list[int]:
        return sorted({c for row in self.rows(body) for c in row["choir"]})


def to_json(drawing: PainDrawing, body) -> str:
    doc = {
        "format": FORMAT, "version": VERSION,
        "body": {"mesh": "MakeHuman hm08 (Trigger Point Atlas meshes/body.npz)",
                 "vertices": int(len(body.vertices))},
        "percent_body_surface": round(drawing.percent_of_body(body), 3),
        "choir_codes": drawing.choir_codes(body),
        "choir_reference": CHOIR_CITATION,
        "regions": drawing.rows(body),
        "vertices": list(drawing.vertices),
    }
    return json.dumps(doc, indent=1) + "\n"


def to_csv(drawing: PainDrawing, body) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["region", "name", "body_area", "painted_cm2", "painted_share_of_region", "choir_codes"])
    for row in drawing.rows(body):
        w.writerow([row["region"], row["name"], row["area"], row["painted_cm2"],
                    row["painted_share_of_region"], " ".join(str(c) for c in row["choir"])])
    w.writerow([])
    w.writerow(["# percent_body_surface", round(drawing.percent_of_body(body), 3)])
    w.writerow(["# choir_codes", " ".join(str(c) for c in drawing.choir_codes(body))])
    w.writerow(["# vertices", " ".join(str(v) for v in drawing.vertices)])
    return buf.getvalue()


def from_text(text: str, body) -> PainDrawing:
    """Read a drawing saved as JSON or CSV; raise PainDrawingError with a plain reason."""
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_DRAWING_BYTES:
        raise PainDrawingError(too_large(size))
    text = text.strip()
    if not text:
        raise PainDrawingError("the file is empty")
    verts = _json_vertices(text) if text[0] == "{" else _csv_vertices(text, body)
    n = len(body.vertices)
    if any(not isinstance(v, int) or isinstance(v, bool) or not 0 <= v < n for v in verts):
        raise PainDrawingError(f"vertex numbers must be whole numbers from 0 to {n - 1}")
    return PainDrawing(tuple(sorted(set(verts))))


def _json_vertices(text: str) -> list:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise PainDrawingError(f"not valid JSON (line {exc.lineno}: {exc.msg})") from None
    except RecursionError:
        raise PainDrawingError("the JSON is nested too deeply to be a pain drawing") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise PainDrawingError("this is not a Trigger Point Atlas pain drawing")
    if doc.get("version") != VERSION:
        raise PainDrawingError(f"unsupported pain drawing version {doc.get('version')!r}")
    verts = doc.get("vertices")
    if not isinstance(verts, list):
        raise PainDrawingError("the drawing has no 'vertices' list")
    return verts


def _csv_vertices(text: str, body) -> list:
    try:
        return _csv_rows(text, body)
    except csv.Error as exc:
        raise PainDrawingError(f"not a readable CSV file ({exc})") from None


def _csv_rows(text: str, body) -> list:
    for row in csv.reader(io.StringIO(text)):
        if row and row[0] == "# vertices":
            try:
                return [int(v) for v in (row[1].split() if len(row) > 1 else [])]
            except ValueError:
                raise PainDrawingError("the '# vertices' row must hold whole numbers") from None
    # Without vertices, a CSV of region ids still works: paint those regions whole.
    rows = list(csv.DictReader(io.StringIO(text)))
    ids = [r.get("region", "") for r in rows if r.get("region") and not r["region"].startswith("#")]
    unknown = [i for i in ids if i not in body.region_index]
    if unknown or not ids:
        raise PainDrawingError("no '# vertices' row and no known region ids"
                               + (f" (unknown: {', '.join(unknown[:5])})" if unknown else ""))
    return list(PainDrawing.from_regions(body, ids).vertices)
