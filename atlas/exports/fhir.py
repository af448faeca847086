"""A pain drawing as an HL7 FHIR R4 Bundle (type "collection") of Observations.

One Observation per painted region: code LOINC 72514-3 (pain severity, 0-10 numeric rating),
the worst intensity painted there as ``valueInteger``, the body site as the region's name with
its CHOIR body-map segments as codings (and a SNOMED CT coding when the region data carries one),
and components for the pain qualities and the painted area.  One more Observation holds the
whole drawing: the share of the body surface painted, the label and the symptoms noticed.

No patient is named: the Bundle has no ``subject``, so a file can be shared without identifying
anyone; a clinic system adds the patient when it imports it.  The CHOIR segments and qualities
use this atlas's own code systems (URNs below): neither has an official FHIR code system."""

from __future__ import annotations

import json
import uuid

from atlas.exports.paindrawing import QUALITIES, SYMPTOMS, PainDrawing

LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"
UCUM = "http://unitsofmeasure.org"
CHOIR_SYSTEM = "urn:trigger-point-atlas:choir-body-map-segment"
QUALITY_SYSTEM = "urn:trigger-point-atlas:pain-quality"
ATLAS_SYSTEM = "urn:trigger-point-atlas:observation"
REGION_SYSTEM = "urn:trigger-point-atlas:body-region"
PAIN_SEVERITY = {"system": LOINC, "code": "72514-3",
                 "display": "Pain severity - 0-10 verbal numeric rating [Score] - Reported"}
_NAMESPACE = uuid.UUID("6c1f4a52-3d2b-4b8e-9a57-0c7c1b0e7a11")  # ids repeat for the same drawing


def _category() -> list[dict]:
    return [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category",
                         "code": "survey", "display": "Survey"}]}]


def _body_site(region) -> dict:
    coding = []
    snomed = getattr(region, "snomed", None)
    if snomed:
        coding.append({"system": SNOMED, "code": str(snomed), "display": region.name})
    coding.append({"system": REGION_SYSTEM, "code": region.id, "display": region.name})
    coding += [{"system": CHOIR_SYSTEM, "code": str(c), "display": f"CHOIR body map segment {c}"}
               for c in region.choir]
    return {"coding": coding, "text": region.name}


def _quality(q: str) -> dict:
    return {"code": {"coding": [{"system": ATLAS_SYSTEM, "code": "pain-quality", "display": "Pain quality"}],
                     "text": "Pain quality"},
            "valueCodeableConcept": {"coding": [{"system": QUALITY_SYSTEM, "code": q, "display": QUALITIES[q]}],
                                     "text": QUALITIES[q]}}


def _quantity(code: str, text: str, value: float, unit: str, ucum: str) -> dict:
    return {"code": {"coding": [{"system": ATLAS_SYSTEM, "code": code, "display": text}], "text": text},
            "valueQuantity": {"value": value, "unit": unit, "system": UCUM, "code": ucum}}


def bundle(drawing: PainDrawing, body) -> dict:
    """The Bundle as a plain dict (``json.dumps`` it, or validate it with fhir.resources)."""
    seed = f"{drawing.date}|{drawing.label}|{drawing.strokes!r}"
    entries = []

    def add(resource: dict, key: str) -> None:
        rid = str(uuid.uuid5(_NAMESPACE, seed + "|" + key))
        resource = {"resourceType": "Observation", "id": rid, **resource}
        entries.append({"fullUrl": f"urn:uuid:{rid}", "resource": resource})

    note = [{"text": drawing.label}] if drawing.label else []
    summary = {
        "status": "final", "category": _category(),
        "code": {"coding": [{"system": ATLAS_SYSTEM, "code": "pain-drawing",
                             "display": "Pain drawing: share of body surface painted"}],
                 "text": "Pain drawing: share of body surface painted"},
        "effectiveDateTime": drawing.date,
        "valueQuantity": {"value": round(drawing.percent_of_body(body), 3), "unit": "%",
                          "system": UCUM, "code": "%"},
        "component": [_quantity("painted-area", "Painted skin area", round(drawing.area_cm2(body), 2),
                                "cm2", "cm2")]
        + [{"code": {"coding": [{"system": ATLAS_SYSTEM, "code": "symptom", "display": "Noticed with the pain"}],
                     "text": "Noticed with the pain"},
            "valueCodeableConcept": {"text": SYMPTOMS[s]}} for s in drawing.symptoms],
    }
    if note:
        summary["note"] = note
    add(summary, "summary")
    for row in drawing.rows(body):
        region = body.region_index[row["region"]]
        obs = {
            "status": "final", "category": _category(),
            "code": {"coding": [PAIN_SEVERITY], "text": "Pain intensity (0-10), worst in this region"},
            "effectiveDateTime": drawing.date,
            "valueInteger": row["max_intensity"],
            "bodySite": _body_site(region),
            "component": [_quantity("painted-area", "Painted skin area", row["painted_cm2"], "cm2", "cm2"),
                          _quantity("mean-intensity", "Mean intensity over the painted area",
                                    row["mean_intensity"], "{score}", "{score}")]
            + [_quality(q) for q in row["qualities"]],
        }
        if note:
            obs["note"] = note
        add(obs, row["region"])
    return {"resourceType": "Bundle", "type": "collection", "entry": entries}


def to_fhir_json(drawing: PainDrawing, body) -> str:
    return json.dumps(bundle(drawing, body), indent=1, ensure_ascii=False) + "\n"
