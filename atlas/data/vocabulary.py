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
# How a point is found: flat against bone, pinched between fingers, or from inside (a gloved
# finger in the mouth, or internal pelvic palpation by a trained clinician).
Palpation = Literal["flat", "pincer", "intraoral", "internal"]
PALPATION_LABELS = {
    "flat": "flat palpation (pressing the muscle against the bone beneath)",
    "pincer": "pincer palpation (lifting the muscle between thumb and fingers)",
    "intraoral": "from inside the mouth (a clinician, with a gloved finger)",
    "internal": "internal palpation (only by a trained clinician)",
}
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

# Travell & Simons' perpetuating factors, kept apart from NMT's five causes above.
STRUCTURAL_FACTORS = {
    "leg_length_difference": "One leg a little shorter than the other",
    "small_hemipelvis": "One side of the pelvis smaller, so sitting tilts the body",
    "morton_foot": "A long second toe (Morton foot), which rocks the foot",
    "short_upper_arms": "Short upper arms, so elbows find no rest when sitting",
    "forward_head_posture": "Head carried forward of the shoulders",
    "rounded_shoulders": "Rounded shoulders",
    "flat_feet": "Flat feet or feet that roll in",
    "high_arches": "High, stiff arches",
    "poorly_fitting_furniture": "A chair, desk or screen that does not fit the body",
    "tight_clothing_or_straps": "Tight straps, belts or collars pressing on the muscle",
}
StructuralFactor = Literal[tuple(STRUCTURAL_FACTORS)]  # the words are the table's keys
# Body-wide (systemic) factors apply to every trigger point; records may name the ones their
# sources stress, and the app and handout list them all once.
SYSTEMIC_FACTORS = {
    "vitamin_b_deficiency": "Low vitamin B1, B6, B12 or folate",
    "vitamin_d_deficiency": "Low vitamin D",
    "iron_deficiency": "Low iron stores",
    "hypothyroidism": "An underactive thyroid",
    "poor_sleep": "Poor or short sleep",
    "chronic_infection": "A lingering infection",
    "emotional_stress": "Ongoing stress, anxiety or low mood",
}
SystemicFactor = Literal[tuple(SYSTEMIC_FACTORS)]  # the words are the table's keys

# When pressing on a trigger point is not safe.  GENERAL ones apply everywhere and are shown in
# every details panel and handout; the others are named on the points where they apply.
GENERAL_CONTRAINDICATIONS = (
    "Taking blood thinners (anticoagulants) or having a bleeding disorder: use only light pressure, "
    "or none, and ask the prescriber first.",
    "Osteoporosis or fragile bones: no firm pressure over bone.",
    "Cancer, or a lump that has not been checked: do not press the area; see a doctor.",
    "Infection, fever, or skin that is hot, red or swollen: do not press the area.",
    "A fresh fracture, sprain or tear: wait until it has healed.",
    "Broken skin, a rash, a bruise or varicose veins over the point: leave it alone.",
)
CONTRAINDICATIONS = {
    "pregnancy": "In pregnancy, avoid firm pressure here (the calf and inner thigh are traditional "
                 "cautions, and clots are more likely); ask a midwife or doctor first.",
    "carotid_sinus": "Do not press the front of the neck beside the windpipe: pressure on the "
                     "carotid artery can slow the heart or cause fainting.",
    "near_major_vessels": "Large blood vessels run close by: use light, careful pressure and stop "
                          "if you feel a pulse under the finger.",
    "near_nerves": "A nerve runs close by: stop if pressure causes tingling, numbness or shooting pain.",
    "lung_apex": "The top of the lung lies under this area: do not press deeply down behind the collarbone.",
    "abdominal_organs": "Organs and the aorta lie underneath: no deep pressure into the belly "
                        "without a trained clinician.",
    "internal_only_by_clinician": "Reached only from inside the body: a trained clinician's technique, "
                                  "never self-treatment.",
}
Contraindication = Literal[tuple(CONTRAINDICATIONS)]  # the words are the table's keys

# How often the sources say this point is the source of its pain pattern (a tie-break in ranking).
Commonness = Literal["often", "sometimes", "rarely"]
COMMONNESS_RANK = {"often": 0, "sometimes": 1, "rarely": 2}

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
