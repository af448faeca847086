"""Pain drawings in research formats (JSON and CSV).

A drawing is where it hurts (painted skin vertices), how much (intensity 0-10 per stroke), what
it feels like (qualities from a fixed list), when (a date) and an optional label ("before").
Strokes are kept in one canonical shape: every painted vertex belongs to exactly one stroke, and
strokes with the same intensity and qualities are merged, so a drawing saved and loaded back is
byte-identical.  Files that cannot be read are refused with a plain reason (PainDrawingError)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from dataclasses import dataclass

import numpy as np

FORMAT = "trigger-point-atlas/pain-drawing"
VERSION = 2  # 2: strokes with intensity and qualities, date, label; 1 (vertices only) still reads
CHOIR_CITATION = ("Scherrer KH et al. Development and validation of the Collaborative Health Outcomes "
                  "Information Registry body map. PAIN Reports 2021;6(1):e880. "
                  "doi:10.1097/PR9.0000000000000880")
INTENSITY_SCALE = "0 (no pain) to 10 (worst pain imaginable), numeric rating scale"

# What the pain feels like: the id stored in files -> the words shown to people.
QUALITIES = {
    "aching": "aching",
    "burning": "burning",
    "tingling": "tingling or pins and needles",
    "numbness": "numbness",
    "sharp": "sharp or stabbing",
    "cramping": "cramping",
    "deep": "deep or boring",
}
# Noticed together with the pain (not a place on the body): both are warning signs.
SYMPTOMS = {"weakness": "weakness", "fever": "fever"}
DEFAULT_INTENSITY = 5  # given to strokes from files that carry no intensity (version 1)
MAX_LABEL = 60

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
class Stroke:
    """Painted skin with one intensity and one set of qualities."""

    intensity: int
    qualities: tuple[str, ...]
    vertices: tuple[int, ...]


def check_intensity(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10:
        raise PainDrawingError(f"intensity {value!r} is not a whole number from 0 to 10")
    return value


def check_qualities(values) -> tuple[str, ...]:
    if isinstance(values, str) or not isinstance(values, (list, tuple)):
        raise PainDrawingError("qualities must be a list of words")
    unknown = [q for q in values if q not in QUALITIES]
    if unknown:
        raise PainDrawingError(f"unknown pain quality {str(unknown[0])[:40]!r} "
                               f"(known: {', '.join(QUALITIES)})")
    return tuple(q for q in QUALITIES if q in values)  # fixed order, no repeats


def check_symptoms(values) -> tuple[str, ...]:
    if isinstance(values, str) or not isinstance(values, (list, tuple)):
        raise PainDrawingError("symptoms must be a list of words")
    unknown = [s for s in values if s not in SYMPTOMS]
    if unknown:
        raise PainDrawingError(f"unknown symptom {str(unknown[0])[:40]!r} (known: {', '.join(SYMPTOMS)})")
    return tuple(s for s in SYMPTOMS if s in values)


def check_date(value) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise PainDrawingError(f"date {str(value)[:40]!r} is not a date like 2026-03-01")
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        raise PainDrawingError(f"date {value!r} is not a real calendar date") from None
    return value


def check_label(value) -> str:
    """A short plain label.  Control characters and text a spreadsheet would run as a formula
    (starting with = + - @) are refused; the label is escaped wherever it is shown."""
    if not isinstance(value, str):
        raise PainDrawingError("the label must be text")
    value = value.strip()
    if len(value) > MAX_LABEL:
        raise PainDrawingError(f"the label is longer than {MAX_LABEL} characters")
    if any(ord(c) < 32 or 0x7f <= ord(c) < 0xa0 or c in "\u2028\u2029" for c in value):
        raise PainDrawingError("the label holds control characters")
    if value[:1] in ("=", "+", "-", "@"):
        raise PainDrawingError("the label may not start with = + - or @ (a spreadsheet would run it)")
    return value


@dataclass(frozen=True)
class PainDrawing:
    """``PainDrawing(vertices)`` paints at DEFAULT_INTENSITY; pass ``strokes`` for more."""

    vertices: tuple[int, ...] = ()  # every painted skin vertex, sorted
    strokes: tuple[Stroke, ...] = ()
    date: str = ""  # ISO date; today when not given
    label: str = ""
    symptoms: tuple[str, ...] = ()

    def __post_init__(self):
        strokes = self.strokes or ((Stroke(DEFAULT_INTENSITY, (), tuple(self.vertices)),)
                                   if self.vertices else ())
        layers = [(s.vertices, check_intensity(s.intensity), check_qualities(s.qualities)) for s in strokes]
        canon = _canonical(layers)
        set_ = object.__setattr__
        set_(self, "strokes", canon)
        set_(self, "vertices", tuple(sorted(v for s in canon for v in s.vertices)))
        set_(self, "date", check_date(self.date or dt.date.today().isoformat()))
        set_(self, "label", check_label(self.label))
        set_(self, "symptoms", check_symptoms(self.symptoms))

    @classmethod
    def layered(cls, layers, **kw) -> PainDrawing:
        """From strokes in painting order, ``[(vertices, intensity, qualities)]``: where strokes
        overlap the later one wins, as paint does."""
        return cls(strokes=tuple(Stroke(i, tuple(q), tuple(int(v) for v in vs)) for vs, i, q in layers), **kw)

    @classmethod
    def from_regions(cls, body, region_ids, **kw) -> PainDrawing:
        verts = set()
        for rid in region_ids:
            verts.update(int(v) for v in body.region_vertices[body.region_index[rid].index])
        return cls(tuple(sorted(verts)), **kw)

    # --- per vertex -------------------------------------------------------------------------
    def intensity_of(self, n_vertices: int) -> np.ndarray:
        """Intensity per skin vertex, -1 where nothing is painted."""
        out = np.full(n_vertices, -1, dtype=np.int16)
        for s in self.strokes:
            out[np.asarray(s.vertices, dtype=np.int64)] = s.intensity
        return out

    def weights(self) -> tuple[list[int], list[int]]:
        """(vertices, intensity per vertex), the shape ``Engine.pain_from_vertices`` takes."""
        pairs = sorted((v, s.intensity) for s in self.strokes for v in s.vertices)
        return [v for v, _ in pairs], [i for _, i in pairs]

    # --- summaries --------------------------------------------------------------------------
    def region_areas(self, body) -> dict[str, float]:
        v = np.asarray(self.vertices, dtype=np.int64)
        per = np.bincount(body.region_of_vertex[v], weights=body.vertex_area[v], minlength=len(body.regions))
        return {body.regions[i].id: float(per[i]) for i in np.flatnonzero(per > 0)}

    def percent_of_body(self, body) -> float:
        v = np.asarray(self.vertices, dtype=np.int64)
        return float(100 * body.vertex_area[v].sum() / body.vertex_area.sum()) if len(v) else 0.0

    def area_cm2(self, body) -> float:
        return float(body.vertex_area[np.asarray(self.vertices, dtype=np.int64)].sum())

    def mean_intensity(self, body) -> float:
        """Area-weighted mean intensity over the painted skin (0 when nothing is painted)."""
        v, i = self.weights()
        if not v:
            return 0.0
        a = body.vertex_area[np.asarray(v, dtype=np.int64)]
        return float((a * np.asarray(i)).sum() / a.sum())

    def qualities(self) -> tuple[str, ...]:
        return tuple(q for q in QUALITIES if any(q in s.qualities for s in self.strokes))

    def rows(self, body) -> list[dict]:
        """One row per painted region: how much of it is painted, how strongly, its CHOIR codes."""
        inten = self.intensity_of(len(body.vertices))
        quals: dict[int, set] = {}
        for s in self.strokes:
            for r in set(body.region_of_vertex[np.asarray(s.vertices, dtype=np.int64)].tolist()):
                quals.setdefault(r, set()).update(s.qualities)
        out = []
        for rid, area in sorted(self.region_areas(body).items()):
            r = body.region_index[rid]
            v = np.flatnonzero((body.region_of_vertex == r.index) & (inten >= 0))
            a = body.vertex_area[v]
            out.append({"region": rid, "name": r.name, "area": r.area,
                        "painted_cm2": round(area, 2),
                        "painted_share_of_region": round(area / body.region_area[r.index], 4),
                        "mean_intensity": round(float((a * inten[v]).sum() / a.sum()), 1),
                        "max_intensity": int(inten[v].max()),
                        "qualities": [q for q in QUALITIES if q in quals.get(r.index, ())],
                        "choir": list(r.choir)})
        return out

    def choir_codes(self, body) -> list[int]:
        return sorted({c for row in self.rows(body) for c in row["choir"]})


def _canonical(layers) -> tuple[Stroke, ...]:
    """Later strokes win where they overlap; strokes with the same intensity and qualities merge."""
    owner: dict[int, tuple[int, tuple[str, ...]]] = {}
    for vertices, intensity, qualities in layers:
        for v in vertices:
            owner[int(v)] = (intensity, qualities)
    groups: dict[tuple, list[int]] = {}
    for v, key in owner.items():
        groups.setdefault(key, []).append(v)
    order = sorted(groups, key=lambda k: (k[0], [list(QUALITIES).index(q) for q in k[1]]))
    return tuple(Stroke(i, q, tuple(sorted(groups[(i, q)]))) for i, q in order)


# --- writing -------------------------------------------------------------------------------

def to_json(drawing: PainDrawing, body) -> str:
    doc = {
        "format": FORMAT, "version": VERSION,
        "date": drawing.date, "label": drawing.label, "symptoms": list(drawing.symptoms),
        "body": {"mesh": "MakeHuman hm08 (Trigger Point Atlas meshes/body.npz)",
                 "vertices": int(len(body.vertices))},
        "intensity_scale": INTENSITY_SCALE,
        "percent_body_surface": round(drawing.percent_of_body(body), 3),
        "mean_intensity": round(drawing.mean_intensity(body), 2),
        "choir_codes": drawing.choir_codes(body),
        "choir_reference": CHOIR_CITATION,
        "regions": drawing.rows(body),
        "strokes": [{"intensity": s.intensity, "qualities": list(s.qualities), "vertices": f"@@{n}@@"}
                    for n, s in enumerate(drawing.strokes)],
    }
    text = json.dumps(doc, indent=1, ensure_ascii=False) + "\n"
    # vertex lists on one line each: a whole-body drawing stays far below MAX_DRAWING_BYTES
    for n, s in enumerate(drawing.strokes):
        text = text.replace(f'"@@{n}@@"', json.dumps(list(s.vertices), separators=(",", ":")), 1)
    return text


def to_csv(drawing: PainDrawing, body) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["region", "name", "body_area", "painted_cm2", "painted_share_of_region",
                "mean_intensity", "max_intensity", "qualities", "choir_codes"])
    for row in drawing.rows(body):
        w.writerow([row["region"], row["name"], row["area"], row["painted_cm2"],
                    row["painted_share_of_region"], row["mean_intensity"], row["max_intensity"],
                    " ".join(row["qualities"]), " ".join(str(c) for c in row["choir"])])
    w.writerow([])
    w.writerow(["# format", FORMAT, VERSION])
    w.writerow(["# date", drawing.date])
    w.writerow(["# label", drawing.label])
    w.writerow(["# symptoms", " ".join(drawing.symptoms)])
    w.writerow(["# percent_body_surface", round(drawing.percent_of_body(body), 3)])
    w.writerow(["# choir_codes", " ".join(str(c) for c in drawing.choir_codes(body))])
    for s in drawing.strokes:  # one row per stroke: intensity, qualities, vertices
        w.writerow(["# stroke", s.intensity, " ".join(s.qualities), " ".join(str(v) for v in s.vertices)])
    return buf.getvalue()


# --- reading -------------------------------------------------------------------------------

def from_text(text: str, body) -> PainDrawing:
    """Read a drawing saved as JSON or CSV; raise PainDrawingError with a plain reason."""
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_DRAWING_BYTES:
        raise PainDrawingError(too_large(size))
    text = text.strip()
    if not text:
        raise PainDrawingError("the file is empty")
    if "\ufffd" in text or any(0xd800 <= ord(c) <= 0xdfff for c in text):
        raise PainDrawingError("the file is not UTF-8 text")
    parts = _json_parts(text) if text[0] == "{" else _csv_parts(text, body)
    n = len(body.vertices)
    for vertices, _, _ in parts["layers"]:
        if any(not isinstance(v, int) or isinstance(v, bool) or not 0 <= v < n for v in vertices):
            raise PainDrawingError(f"vertex numbers must be whole numbers from 0 to {n - 1}")
    return PainDrawing.layered(parts["layers"], date=parts.get("date") or "",
                               label=parts.get("label", ""), symptoms=parts.get("symptoms", ()))


def _json_parts(text: str) -> dict:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise PainDrawingError(f"not valid JSON (line {exc.lineno}: {exc.msg})") from None
    except RecursionError:
        raise PainDrawingError("the JSON is nested too deeply to be a pain drawing") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise PainDrawingError("this is not a Trigger Point Atlas pain drawing")
    if doc.get("version") == 1:
        verts = doc.get("vertices")
        if not isinstance(verts, list):
            raise PainDrawingError("the drawing has no 'vertices' list")
        return {"layers": [(verts, DEFAULT_INTENSITY, ())]}
    if doc.get("version") != VERSION:
        raise PainDrawingError(f"unsupported pain drawing version {str(doc.get('version'))[:20]!r}")
    strokes = doc.get("strokes")
    if not isinstance(strokes, list):
        raise PainDrawingError("the drawing has no 'strokes' list")
    layers = []
    for n, s in enumerate(strokes, 1):
        if not isinstance(s, dict) or not isinstance(s.get("vertices"), list):
            raise PainDrawingError(f"stroke {n} has no 'vertices' list")
        try:
            layers.append((s["vertices"], check_intensity(s.get("intensity")),
                           check_qualities(s.get("qualities", []))))
        except PainDrawingError as exc:
            raise PainDrawingError(f"stroke {n}: {exc}") from None
    return {"layers": layers, "date": check_date(doc.get("date")),
            "label": check_label(doc.get("label", "")), "symptoms": check_symptoms(doc.get("symptoms", []))}


def _csv_parts(text: str, body) -> dict:
    try:
        return _csv_rows(text, body)
    except csv.Error as exc:
        raise PainDrawingError(f"not a readable CSV file ({exc})") from None


def _whole_numbers(cell: str, what: str) -> list[int]:
    try:
        return [int(v) for v in cell.split()]
    except ValueError:
        raise PainDrawingError(f"the {what} row must hold whole numbers") from None


def _csv_rows(text: str, body) -> dict:
    parts: dict = {"layers": []}
    for line, row in enumerate(csv.reader(io.StringIO(text)), 1):
        if not row or not row[0].startswith("# "):
            continue
        key, cells = row[0][2:], row[1:] + ["", "", ""]
        if key == "vertices":  # version 1
            parts["layers"].append((_whole_numbers(cells[0], "'# vertices'"), DEFAULT_INTENSITY, ()))
        elif key == "stroke":
            try:
                intensity = check_intensity(int(cells[0]) if re.fullmatch(r"-?\d+", cells[0].strip())
                                            else cells[0])
                parts["layers"].append((_whole_numbers(cells[2], "'# stroke'"), intensity,
                                        check_qualities(cells[1].split())))
            except PainDrawingError as exc:
                raise PainDrawingError(f"line {line}: {exc}") from None
        elif key == "date":
            parts["date"] = check_date(cells[0])
        elif key == "label":
            parts["label"] = check_label(cells[0])
        elif key == "symptoms":
            parts["symptoms"] = check_symptoms(cells[0].split())
    if parts["layers"]:
        return parts
    # Without vertices, a CSV of region ids still works: paint those regions whole.
    rows = list(csv.DictReader(io.StringIO(text)))
    ids = [r.get("region", "") for r in rows if r.get("region") and not r["region"].startswith("#")]
    unknown = [i for i in ids if i not in body.region_index]
    if unknown or not ids:
        raise PainDrawingError("no '# stroke' rows and no known region ids"
                               + (f" (unknown: {', '.join(u[:40] for u in unknown[:5])})" if unknown else ""))
    parts["layers"].append((list(PainDrawing.from_regions(body, ids).vertices), DEFAULT_INTENSITY, ()))
    return parts


# --- comparing and warning -----------------------------------------------------------------

def compare(before: PainDrawing, after: PainDrawing, body) -> dict:
    """Two drawings side by side: area, % of body, overlap (Jaccard, by skin area), mean
    intensity and its change, and the same per CHOIR body-map segment."""
    area = body.vertex_area
    a, b = set(before.vertices), set(after.vertices)
    both = np.asarray(sorted(a & b), dtype=np.int64)
    either = np.asarray(sorted(a | b), dtype=np.int64)
    jaccard = float(area[both].sum() / area[either].sum()) if len(either) else 1.0
    segments = {}
    for name, d in (("before", before), ("after", after)):
        for row in d.rows(body):
            for code in row["choir"]:
                seg = segments.setdefault(code, {"segment": code, "before_cm2": 0.0, "after_cm2": 0.0,
                                                 "_before_i": 0.0, "_after_i": 0.0})
                seg[f"{name}_cm2"] += row["painted_cm2"]
                seg[f"_{name}_i"] += row["painted_cm2"] * row["mean_intensity"]
    table = []
    for code in sorted(segments):
        s = segments[code]
        mean = {k: (s[f"_{k}_i"] / s[f"{k}_cm2"] if s[f"{k}_cm2"] else 0.0) for k in ("before", "after")}
        table.append({"segment": code, "before_cm2": round(s["before_cm2"], 1), "after_cm2": round(s["after_cm2"], 1),
                      "before_intensity": round(mean["before"], 1), "after_intensity": round(mean["after"], 1),
                      # painted in only one of the two: no change to speak of
                      "intensity_change": (round(mean["after"] - mean["before"], 1)
                                           if s["before_cm2"] and s["after_cm2"] else None)})
    return {
        "before_cm2": round(before.area_cm2(body), 1), "after_cm2": round(after.area_cm2(body), 1),
        "before_percent": round(before.percent_of_body(body), 2), "after_percent": round(after.percent_of_body(body), 2),
        "jaccard": round(jaccard, 3),
        "before_intensity": round(before.mean_intensity(body), 1), "after_intensity": round(after.mean_intensity(body), 1),
        "intensity_change": round(after.mean_intensity(body) - before.mean_intensity(body), 1),
        "segments": table,
    }


SEE_A_CLINICIAN = {
    "nerve": ("You marked numbness or tingling. These can come from a pinched or irritated nerve, "
              "not only from muscles: see a clinician, especially if it is spreading or getting worse."),
    "weakness": ("You noticed weakness. Muscle knots do not cause real weakness: see a clinician "
                 "soon, and at once if it came on suddenly."),
    "chest": ("You marked pain in the chest. Chest pain can come from the heart or lungs: get urgent "
              "medical help if it is new, crushing, or comes with breathlessness, sweating or sickness."),
    "fever": ("You have pain with a fever. That can mean an infection: see a clinician before any "
              "pressure or stretching."),
}


def red_flags(drawing: PainDrawing, body) -> list[str]:
    """Plain "see a clinician" notes this drawing calls for, most urgent first."""
    out = []
    areas = {body.regions[r].area for r in set(body.region_of_vertex[np.asarray(drawing.vertices, dtype=np.int64)].tolist())}
    if "chest" in areas:
        out.append(SEE_A_CLINICIAN["chest"])
    if "weakness" in drawing.symptoms:
        out.append(SEE_A_CLINICIAN["weakness"])
    if "fever" in drawing.symptoms:
        out.append(SEE_A_CLINICIAN["fever"])
    if {"numbness", "tingling"} & set(drawing.qualities()):
        out.append(SEE_A_CLINICIAN["nerve"])
    return out


def nerve_cautions(engine, drawing: PainDrawing, matches) -> list[tuple[str, str]]:
    """(point name, caution) for matched points whose cautions mention a nerve, when the drawing
    has numbness, tingling or weakness: a trapped nerve near the point is then worth ruling out."""
    if not ({"numbness", "tingling"} & set(drawing.qualities()) or "weakness" in drawing.symptoms):
        return []
    out, seen = [], set()
    for m in matches:
        tp = engine.cat.points[m.point]
        for text in tp.spec.cautions if hasattr(tp, "spec") else tp.cautions:
            if re.search(r"nerve|numb|tingl|entrap", str(text), re.I) and str(text) not in seen:
                seen.add(str(text))
                out.append((engine.cat.muscles[tp.muscle].name, str(text)))
    return out
