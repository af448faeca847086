"""Quiz questions and their scores, from the same zone fields the atlas draws (no UI here).

Two kinds of question:

- **which muscle** refers pain here?  A zone is shown; four muscles are offered.  The wrong
  choices are muscles whose zones do *not* cover most of this zone, so a question never has two
  right answers; muscles of the same body area come first, so the choices are plausible.
- **where does it refer?**  A point is shown; the student paints its zone.  The painting is
  scored by overlap with the essential and spillover fields: the share of the essential zone
  covered (recall) and the share of the painting that lies in either zone (precision).

A quiz is a list of questions built from a seed, so the same link gives the same quiz; answers
live only in the caller's session.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

import numpy as np

KINDS = ("which_muscle", "where_refers")
CHOICES = 4
SAME_ZONE = 0.5  # a wrong choice may share at most this much of the zone (area-weighted)


@dataclass(frozen=True)
class Question:
    kind: str
    point: str
    side: str
    answer: str  # the muscle id (which_muscle) or the point id (where_refers)
    choices: tuple[str, ...] = ()  # muscle ids, in display order (which_muscle only)


@dataclass(frozen=True)
class PaintScore:
    """How well a painting matches a point's zone: both shares in 0..1, and a 0..1 mark."""

    essential_covered: float  # share of the essential zone painted (area and field weighted)
    on_target: float  # share of the painting inside the essential or spillover zone

    @property
    def mark(self) -> float:
        """Recall and precision together (their harmonic mean), so painting everything or
        one dot both score low."""
        r, p = self.essential_covered, self.on_target
        return 0.0 if r + p == 0 else 2 * r * p / (r + p)

    @property
    def correct(self) -> bool:
        return self.mark >= 0.5


@dataclass
class Quiz:
    """One student's run through a list of questions (kept in their session only)."""

    questions: list[Question]
    answers: list[object] = field(default_factory=list)  # chosen muscle id or PaintScore

    def answer(self, value) -> bool:
        """Record the answer to the current question; True if it was right."""
        q = self.questions[len(self.answers)]
        self.answers.append(value)
        return _is_right(q, value)

    @property
    def done(self) -> bool:
        return len(self.answers) >= len(self.questions)

    @property
    def score(self) -> int:
        return sum(_is_right(q, a) for q, a in zip(self.questions, self.answers))

    def mistakes(self) -> list[tuple[Question, object]]:
        """The questions answered wrongly, with the answer given, for the review at the end."""
        return [(q, a) for q, a in zip(self.questions, self.answers) if not _is_right(q, a)]


def _is_right(q: Question, value) -> bool:
    if q.kind == "which_muscle":
        return value == q.answer
    return isinstance(value, PaintScore) and value.correct


def candidate_points(engine, area: str | None = None, condition: str | None = None) -> list[str]:
    """Point ids a quiz may ask about, filtered by body area and/or condition."""
    cat = engine.cat
    return [tp.id for tp in cat.points.values()
            if (area is None or cat.muscles[tp.muscle].area == area)
            and (condition is None or condition in tp.conditions)]


def make_quiz(engine, kind: str, n: int = 5, *, area: str | None = None,
              condition: str | None = None, seed: int = 0) -> Quiz:
    """``n`` questions of one kind (fewer if the filter leaves fewer points)."""
    if kind not in KINDS:
        raise ValueError(f"unknown quiz kind {kind!r}; use {' or '.join(KINDS)}")
    rng = random.Random(seed)
    pool = candidate_points(engine, area, condition)
    rng.shuffle(pool)
    questions, muscles_asked = [], set()
    for pid in pool:
        tp = engine.cat.points[pid]
        if tp.muscle in muscles_asked:  # one question per muscle: variety
            continue
        side = rng.choice(tp.sides)
        if kind == "which_muscle":
            wrong = _wrong_muscles(engine, pid, side, rng)
            if len(wrong) < CHOICES - 1:
                continue
            choices = [tp.muscle, *wrong]
            rng.shuffle(choices)
            questions.append(Question(kind, pid, side, tp.muscle, tuple(choices)))
        else:
            questions.append(Question(kind, pid, side, pid))
        muscles_asked.add(tp.muscle)
        if len(questions) == n:
            break
    return Quiz(questions)


def _zone_weights(engine, pid: str, side: str) -> np.ndarray:
    tp = engine.cat.points[pid]
    return tp.essential_field[side].dense(len(engine.body.vertices)) * engine.body.vertex_area


def _wrong_muscles(engine, pid: str, side: str, rng: random.Random) -> list[str]:
    """Three muscles whose best zone on this side does not cover most of this zone."""
    cat = engine.cat
    target = _zone_weights(engine, pid, side)
    total = float(target.sum()) or 1.0
    right = cat.points[pid].muscle
    others = [m for m in cat.muscles if m != right]
    rng.shuffle(others)
    # muscles of the same body area first: a calf muscle is no real choice for a thumb zone
    others.sort(key=lambda m: cat.muscles[m].area != cat.muscles[right].area)
    picked = []
    for mid in others:
        shares = [float(np.minimum(target, _zone_weights(engine, p, s)).sum()) / total
                  for p in cat.muscles[mid].points for s in cat.points[p].sides if s == side]
        if shares and max(shares) <= SAME_ZONE:
            picked.append(mid)
        if len(picked) == CHOICES - 1:
            break
    return picked


def score_painting(engine, pid: str, side: str, painted_vertices) -> PaintScore:
    """Score a student's painting of where ``pid`` on ``side`` refers."""
    body, tp = engine.body, engine.cat.points[pid]
    n = len(body.vertices)
    v = np.unique(np.asarray(list(painted_vertices), dtype=np.int64))
    v = v[(v >= 0) & (v < n)]
    painted = np.zeros(n)
    painted[v] = body.vertex_area[v]
    ess = tp.essential_field[side].dense(n)
    zone = np.maximum(ess, tp.spillover_field[side].dense(n))
    ess_area = float((ess * body.vertex_area).sum())
    covered = float((ess * painted).sum()) / ess_area if ess_area else 0.0
    on_target = float((zone * painted).sum() / painted.sum()) if painted.sum() else 0.0
    return PaintScore(min(covered, 1.0), min(on_target, 1.0))
