"""Upper-limb content a therapist expects (issue 13): the hand interossei name the finger-joint
pain they are mistaken for, the named nerve entrapments are on their points, and every dorsal
and palmar interosseous has its own point along the finger side it joins."""

import atlas


def _points():
    return atlas.load().catalogue.points


def test_interossei_points_name_heberden_like_finger_pain():
    points = _points()
    ids = [i for i in points if i.startswith(("dorsal_interossei_hand_", "palmar_interossei_"))]
    assert len(ids) == 7  # four dorsal, three palmar
    assert all("heberden_node_like_finger_pain" in points[i].conditions for i in ids)


def test_named_nerve_entrapments_of_the_upper_limb():
    points = _points()
    expect = {"pectoralis_minor_tp1": "brachial plexus", "supinator_tp1": "posterior interosseous",
              "pronator_teres_tp1": "median nerve"}
    for pid, nerve in expect.items():
        entrapment = points[pid].spec.nerve_entrapment
        assert entrapment is not None and nerve in entrapment.nerve.lower(), pid
