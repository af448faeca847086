"""JSON Schema of the data files, exported from the pydantic models (points/schema.json)."""

from __future__ import annotations

import json

from atlas.data.shapes import ConditionSpec, MuscleSpec, SourceSpec


def schema() -> dict:
    doc = MuscleSpec.model_json_schema()
    doc["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    doc["title"] = "Trigger Point Atlas muscle file"
    defs = doc.setdefault("$defs", {})
    defs["ConditionSpec"] = ConditionSpec.model_json_schema(ref_template="#/$defs/{model}")
    defs["SourceSpec"] = SourceSpec.model_json_schema(ref_template="#/$defs/{model}")
    for sub in (defs["ConditionSpec"], defs["SourceSpec"]):
        for name, d in sub.pop("$defs", {}).items():
            defs.setdefault(name, d)
    return doc


def schema_text() -> str:
    return json.dumps(schema(), indent=2, sort_keys=True) + "\n"
