"""Fixed words the data files use: body areas, depths, palpation, tools, NMT causes, directions."""

from __future__ import annotations

from typing import Literal

DISCLAIMER = (
    "For education only. This atlas is not diagnosis or treatment advice. "
    "Pain can have serious causes: see a qualified health professional about pain that is new, "
    "severe, or comes with fever, weakness, numbness, weight loss or chest pain."
)

BODY_AREAS = (
    "head", "neck", "shoulder", "arm", "forearm", "hand", "chest", "abdomen",
    "upper_back", "low_back", "pelvis", "thigh", "leg", "foot",
)
BodyArea = Literal[
    "head", "neck", "shoulder", "arm", "forearm", "hand", "chest", "abdomen",
    "upper_back", "low_back", "pelvis", "thigh", "leg", "foot",
]
AREA_LABELS = {a: a.replace("_", " ").capitalize() for a in BODY_AREAS}

Side = Literal["bilateral", "midline"]
Depth = Literal["superficial", "deep"]
Palpation = Literal["flat", "pincer"]
PressureTool = Literal["fingers", "thumb", "knuckles", "elbow", "ball"]

# Neuromuscular therapy's five causes of pain, used as perpetuating factors.
NMT_CAUSES = (
    "ischemia", "trigger_points", "nerve_entrapment_compression",
    "postural_distortion", "biomechanical_dysfunction",
)
NmtCause = Literal[
    "ischemia", "trigger_points", "nerve_entrapment_compression",
    "postural_distortion", "biomechanical_dysfunction",
]
NMT_LABELS = {
    "ischemia": "Ischemia (poor blood flow)",
    "trigger_points": "Other trigger points",
    "nerve_entrapment_compression": "Nerve entrapment or compression",
    "postural_distortion": "Postural distortion",
    "biomechanical_dysfunction": "Biomechanical dysfunction",
}

# Directions in the body's own frame for a left-side (or midline) definition.
# +x is the body's left (lateral for left-side structures), +y up, +z to the front.
DIRECTIONS = {
    "lateral": (1.0, 0.0, 0.0),
    "medial": (-1.0, 0.0, 0.0),
    "superior": (0.0, 1.0, 0.0),
    "inferior": (0.0, -1.0, 0.0),
    "anterior": (0.0, 0.0, 1.0),
    "posterior": (0.0, 0.0, -1.0),
}
