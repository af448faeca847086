"""One browser session's view state and everything derived from it (no widgets here).

The shared, read-only data (engine, scene) is passed in; a session holds only what this user
is doing: the selected point and side, the mode, filters, painted pain (with undo), the view.
URL parameters arrive as strings through :meth:`apply_url`; anything unknown is ignored with a
friendly notice, never an exception.
"""

from __future__ import annotations

import random
import re
from collections import deque

import numpy as np
import param

from atlas.query import quiz as quizzes
from atlas.query.engine import Engine, MuscleMatch, PointMatch
from atlas.views.scene import Scene
from atlas.data.problems import suggest
from atlas.data.vocabulary import BODY_AREAS
from atlas.exports.paindrawing import DEFAULT_INTENSITY

VIEWS = ("front", "back", "left", "right", "head")
MODES = ("explore", "pain", "quiz")
DEPTHS = ("", "superficial", "deep")  # the depth filter: any, or the muscle's `depth`
QUIZ_SIZES = (5, 10)
MAX_URL_VALUE = 2000
# Link options for embedding, each with its allowed values (the first is the default).
EMBED_OPTIONS = {"details": ("drawer", "off"), "markers": ("selected", "all"),
                 "legend": ("on", "off"), "controls": ("on", "off")}
PANE_ASPECT = 0.85  # width / height a camera frames for when two views share the 3D view
MAX_UNDO = 100  # undo steps kept per session; older ones are forgotten (bounded memory)
_ID_RE = re.compile(r"^[a-z][a-z0-9_]{0,63}$")


class Session(param.Parameterized):
    """View state of one browser session."""

    point = param.String(default="", doc="Selected trigger point id ('' for none)")
    side = param.Selector(default="left", objects=["left", "right"], doc="Side of the selected point")
    mode = param.Selector(default="explore", objects=list(MODES),
                          doc="explore: click points; pain: paint where it hurts; quiz: test yourself")
    area = param.Selector(default="", objects=["", *BODY_AREAS], doc="Body area filter")
    condition = param.String(default="", doc="Condition filter (condition id)")
    depth = param.Selector(default="", objects=list(DEPTHS), doc="Depth filter: superficial or deep muscles")
    view = param.Selector(default="front", objects=list(VIEWS), doc="Last camera preset")
    painted = param.List(default=[], doc="Painted skin vertices (sorted)")
    notices = param.List(default=[], doc="Friendly messages for the user (plain text)")
    camera = param.Dict(default={}, doc="Current camera target")
    camera_seq = param.Integer(default=0, doc="Bumped on every camera move request")
    second_camera = param.Dict(default={}, doc="A second view beside the first ({} for none): "
                               "when one view cannot show the point and its whole zone")
    view_labels = param.List(default=[], doc="The two views' names (\"Back\", \"Front\") or []")
    compare = param.String(default="", doc="A second point shown with the selected one ('' for none)")
    compare_side = param.Selector(default="left", objects=["left", "right"], doc="Side of the compared point")
    # How an embedded view looks (link options for a course page's iframe)
    details = param.Selector(default="drawer", objects=list(EMBED_OPTIONS["details"]),
                             doc="Embedded: the details in a drawer over the view, or none")
    markers = param.Selector(default="selected", objects=list(EMBED_OPTIONS["markers"]),
                             doc="selected: other dots step aside when one is chosen; all: keep all")
    legend = param.Selector(default="on", objects=list(EMBED_OPTIONS["legend"]), doc="Colour key shown")
    controls = param.Selector(default="on", objects=list(EMBED_OPTIONS["controls"]),
                              doc="The view's buttons shown")
    # A guided tour (points/tours/): which one, and the step shown (0-based; links say step=1..n)
    tour = param.String(default="", doc="Guided tour id ('' for none)")
    tour_step = param.Integer(default=0, doc="Index of the tour step shown")
    # A quiz (atlas.query.quiz): the questions and answers live in ``self.quiz``; this counter
    # changes whenever a question, an answer or the quiz itself does, so the page can follow.
    quiz_seq = param.Integer(default=0, doc="Bumped on every change to the quiz")

    def __init__(self, engine: Engine, scene: Scene, **params):
        super().__init__(**params)
        self.engine = engine
        self.scene = scene
        self.body = engine.body
        self._history: deque[tuple[list[int], dict]] = deque(maxlen=MAX_UNDO)  # (painted, levels)
        self.levels: dict[int, tuple[int, tuple[str, ...]]] = {}  # vertex -> (intensity, qualities)
        self.camera = scene.presets["front"]
        self._before_compare: tuple | None = None  # the view to restore when comparing ends
        self.quiz: quizzes.Quiz | None = None  # the running quiz, or None
        self.quiz_seed = 0  # the link gives the same questions again
        self.quiz_n = QUIZ_SIZES[0]  # questions asked for (a narrow filter may leave fewer)
        self.revealed = False  # the current question is answered: its zones and result are shown
        self._stash = None  # the pain drawing put aside while a quiz uses the brush

    # --- selection ------------------------------------------------------------------------------
    def select(self, point: str, side: str | None = None, move_camera: bool = True) -> bool:
        """Select a trigger point by id; unknown ids leave a notice and change nothing."""
        if point not in self.engine.cat.points:
            self.notify(f"There is no trigger point called \u201c{_clip(point)}\u201d.")
            return False
        tp = self.engine.cat.points[point]
        side = side if side in tp.sides else tp.sides[0]
        if point == self.compare:
            self.end_compare(restore=False)
        with param.parameterized.batch_call_watchers(self):
            self.side = side
            self.point = point
        if move_camera:
            self.frame()
        return True

    def frame(self) -> None:
        """Move the camera onto the selection: one view, or two side by side when one cannot
        show the point and its whole essential zone (and the compared point's zone)."""
        point, side = self.point, self.side
        also = self._compare_vertices()
        plan = self.scene.view_plan(point, side, also=also)
        extra = [*self.painted, *also]
        if plan.two:
            cams = self.scene.plan_cameras(plan, point, side, extra, aspect=PANE_ASPECT)
            self.camera, self.second_camera = cams
            self.view_labels = [v.title() for v in plan.views]
        else:  # the plan's one view, as Scene.camera_for would choose it (without planning again)
            self.camera = self.scene.camera_along(point, side, plan.directions[0], extra)
            self.second_camera, self.view_labels = {}, []
        self.camera_seq += 1

    # --- comparing two points -------------------------------------------------------------------
    def start_compare(self, point: str) -> bool:
        """Show a second point with the selected one; bad ids leave a notice, nothing changes."""
        cat = self.engine.cat
        if not self.point:
            self.notify("Choose a trigger point first, then compare it with another.")
            return False
        if point not in cat.points:
            self.notify(f"There is no trigger point called \u201c{_clip(point)}\u201d to compare with.")
            return False
        if point == self.point:
            self.notify("That point is already shown; choose another one to compare with.")
            return False
        if not self.compare:
            self._before_compare = (self.camera, self.second_camera, self.view_labels)
        tp = cat.points[point]
        self.compare_side = self.side if self.side in tp.sides else tp.sides[0]
        self.compare = point
        self.frame()
        return True

    def end_compare(self, restore: bool = True) -> None:
        """Stop comparing; the view goes back to where it was before."""
        if not self.compare:
            return
        self.compare = ""
        before, self._before_compare = self._before_compare, None
        if restore and before is not None:
            self.camera, self.second_camera, self.view_labels = before
            self.camera_seq += 1

    def _compare_vertices(self) -> list[int]:
        """The compared point's essential zone and its own vertex (what the view must show)."""
        if not self.compare:
            return []
        tp = self.engine.cat.points[self.compare]
        return [*tp.essential_field[self.compare_side].index.tolist(), int(tp.vertex[self.compare_side])]

    def compare_wire(self) -> str:
        return self.scene.zone_wire(self.compare, self.compare_side) if self.compare else ""

    def compare_marker(self) -> int:
        return self.scene.marker_index.get((self.compare, self.compare_side), -1) if self.compare else -1

    # --- guided tours ---------------------------------------------------------------------------
    def start_tour(self, tour_id: str, step: int = 0) -> bool:
        """Open a tour at ``step``; an unknown tour leaves a notice and changes nothing."""
        tour = self.engine.cat.tours.get(tour_id)
        if tour is None:
            self.notify(f"There is no guided tour called \u201c{_clip(tour_id)}\u201d.")
            return False
        self.tour = tour_id
        self.go_to_step(step)
        return True

    def go_to_step(self, step: int) -> None:
        """Show one step of the open tour: its point and side, the camera on it."""
        steps = self.engine.cat.tours[self.tour].steps
        step = min(max(int(step), 0), len(steps) - 1)
        here = steps[step]
        self.mode = "explore"
        self.tour_step = step
        self.select(here.point, here.side, move_camera=here.view == "auto")
        if here.view != "auto":
            self.show_view(here.view)

    def end_tour(self) -> None:
        self.tour, self.tour_step = "", 0

    # --- quiz -------------------------------------------------------------------------------------
    def start_quiz(self, kind: str, n: int = 5, seed: int | None = None) -> bool:
        """Start a quiz of ``kind`` on the points the area and condition filters leave.  A bad
        kind, or a filter that leaves no question, gives a notice and changes nothing."""
        if kind not in quizzes.KINDS:
            self.notify(f"There is no quiz called \u201c{_clip(kind)}\u201d; choose "
                        "\u201cWhich muscle refers pain here?\u201d or \u201cWhere does this point refer?\u201d.")
            return False
        seed = random.SystemRandom().randrange(1, 10**6) if seed is None else seed
        made = quizzes.make_quiz(self.engine, kind, n, area=self.area or None,
                                 condition=self.condition or None, seed=seed)
        if not made.questions:
            self.notify("No trigger points match that body area and condition, so there is no "
                        "quiz to ask; choose a wider filter.")
            return False
        if len(made.questions) < n:
            self.notify(f"Only {len(made.questions)} questions match that filter.")
        if self._stash is None:  # the user's own drawing waits until the quiz ends
            self._stash = (self.painted, self.levels, list(self._history))
        self.end_tour()
        self.quiz, self.quiz_seed, self.quiz_n, self.revealed = made, seed, n, False
        with param.parameterized.batch_call_watchers(self):
            self.point = ""
            self._clean_slate()
            self.mode = "quiz"
        self._ask()
        return True

    def question(self) -> quizzes.Question | None:
        """The question on screen: the next one, or the one just answered while revealed."""
        q = self.quiz
        if q is None:
            return None
        at = len(q.answers) - (1 if self.revealed else 0)
        return q.questions[at] if at < len(q.questions) else None

    def answer_choice(self, muscle: str) -> bool | None:
        """Answer a "which muscle" question; None when there is no such question waiting."""
        q = self.question()
        if q is None or self.revealed or q.kind != "which_muscle" or muscle not in q.choices:
            return None
        right = self.quiz.answer(muscle)
        self._reveal()
        return right

    def check_painting(self) -> quizzes.PaintScore | None:
        """Score the painting against the asked point's zones and show them."""
        q = self.question()
        if q is None or self.revealed or q.kind != "where_refers":
            return None
        if not self.painted:
            self.notify("Paint where you think this point refers pain first, then press Check.")
            return None
        score = quizzes.score_painting(self.engine, q.point, q.side, self.painted)
        self.quiz.answer(score)
        self._reveal()
        return score

    def next_question(self) -> None:
        if self.quiz is None or not self.revealed:
            return
        self.revealed = False
        self._clean_slate()
        self._ask()

    def end_quiz(self, stay: bool = False) -> None:
        """Leave the quiz: the user's own drawing and the normal view come back (``stay``: in
        quiz mode, to choose the next quiz)."""
        if self.quiz is None and self._stash is None:
            return
        self.quiz, self.revealed = None, False
        if self._stash is not None:
            painted, self.levels, history = self._stash
            self._history = deque(history, maxlen=MAX_UNDO)
            self._stash = None
            self.painted = painted
        if self.mode == "quiz" and not stay:
            self.mode = "explore"
        self.quiz_seq += 1

    @param.depends("mode", watch=True)
    def _left_quiz_mode(self) -> None:
        if self.mode != "quiz" and self.quiz is not None:
            self.end_quiz()

    def _reveal(self) -> None:
        self.revealed = True
        q = self.question()
        self.camera = self.scene.camera_for(q.point, q.side, self.painted)
        self.camera_seq += 1
        self.quiz_seq += 1

    def _ask(self) -> None:
        """Turn to the next question: "which muscle" frames its zone; "where" shows the whole
        body from the side the point is on (framing the zone would give it away)."""
        q = self.question()
        if q is not None and q.kind == "which_muscle":
            self.camera = self.scene.camera_for(q.point, q.side)
            self.camera_seq += 1
        elif q is not None:
            normal = self.body.normals[self.engine.cat.points[q.point].vertex[q.side]]
            self.show_view(max(("front", "back", "left", "right"), key=lambda name: float(
                normal @ (np.subtract(self.scene.presets[name]["position"], self.scene.presets[name]["focal"])))))
        self.quiz_seq += 1

    def _clean_slate(self) -> None:
        """An empty painting for the next question (not undoable into the last one)."""
        self.levels = {}
        self._history.clear()
        if self.painted:
            self.painted = []

    def paints(self) -> bool:
        """Whether a drag on the body paints: in pain mode, and for a "where" question."""
        q = self.question()
        return self.mode == "pain" or (q is not None and q.kind == "where_refers" and not self.revealed)

    def clear_selection(self) -> None:
        self.end_compare(restore=False)
        self.point = ""
        self.second_camera, self.view_labels = {}, []

    def pick_marker(self, index: int) -> None:
        if 0 <= index < len(self.scene.markers):
            m = self.scene.markers[index]
            self.select(m.point, m.side)

    def show_view(self, name: str) -> None:
        if name in self.scene.presets:
            self.view = name
            self.camera = self.scene.presets[name]
            self.second_camera, self.view_labels = {}, []
            self.camera_seq += 1

    # --- pain drawing -----------------------------------------------------------------------------
    def paint(self, vertices, erase: bool = False, level: tuple | None = None) -> None:
        """Add (or erase) painted vertices as one undoable step.  ``level`` is the brush's
        (intensity, qualities); painted vertices without one count at the default intensity."""
        verts = {int(v) for v in vertices}
        current = set(self.painted)
        new = current - verts if erase else current | verts
        levels = self.levels
        if level is not None and not erase:
            levels = {**self.levels, **dict.fromkeys(verts, (int(level[0]), tuple(level[1])))}
        if new != current or levels != self.levels:
            self._history.append((self.painted, self.levels))
            self.levels = levels
            if new != current:
                self.painted = sorted(new)
            else:
                self.param.trigger("painted")  # only how much / what kind changed

    def replace_pain(self, vertices, levels: dict) -> None:
        """Set the whole drawing (a loaded file) as one undoable step."""
        self._history.append((self.painted, self.levels))
        self.levels = dict(levels)
        self.painted = sorted({int(v) for v in vertices})

    def paint_regions(self, region_ids) -> None:
        verts = [int(v) for rid in region_ids for v in
                 self.body.region_vertices[self.body.region_index[rid].index]]
        self.paint(verts)

    def undo(self) -> None:
        if self._history:
            painted, self.levels = self._history.pop()
            if painted == self.painted:
                self.param.trigger("painted")
            else:
                self.painted = painted

    def clear_pain(self) -> None:
        if self.painted:
            self._history.append((self.painted, self.levels))
            self.levels = {}
            self.painted = []

    @property
    def can_undo(self) -> bool:
        return bool(self._history)

    def intensities(self) -> list[int]:
        """Intensity per painted vertex (in ``painted`` order), DEFAULT_INTENSITY where unset."""
        return [self.levels.get(v, (DEFAULT_INTENSITY, ()))[0] for v in self.painted]

    def pain_vector(self) -> np.ndarray:
        """Painted area per vertex, weighted by intensity (see Engine.pain_from_vertices)."""
        return self.engine.pain_from_vertices(self.painted, self.intensities())

    def candidates(self, limit: int = 15) -> list[PointMatch]:
        """Trigger point sides for the painting, best first."""
        return self.engine.reverse_points(self.pain_vector(), limit=limit) if self.painted else []

    def candidate_muscles(self, limit: int = 8) -> list[MuscleMatch]:
        """The same ranking grouped by muscle, as the app and the CLI show it."""
        return self.engine.reverse_muscles(self.pain_vector(), limit=limit) if self.painted else []

    def painted_regions(self, min_share: float = 0.3) -> list[str]:
        """Regions at least ``min_share`` painted (by area), for the URL and exports."""
        if not self.painted:
            return []
        share = self.engine.pain_by_region(self.engine.pain_from_vertices(self.painted)) / np.maximum(self.body.region_area, 1e-9)
        return [self.body.regions[i].id for i in np.flatnonzero(share >= min_share)]

    # --- what the 3D view draws ------------------------------------------------------------------
    def _shown(self) -> tuple[str, str, bool]:
        """(point, side, whole) the view shows: the selection, or in a quiz the asked point;
        ``whole`` is False while its zone or its dot would give the answer away."""
        q = self.question()
        if q is None:
            return self.point, self.side, True
        return q.point, q.side, self.revealed

    def zone_wire(self) -> str:
        """The shown point's fields, packed for the browser ("" for none).  A "which muscle"
        question shows the zone; a "where" question only once it is answered."""
        point, side, whole = self._shown()
        q = self.question()
        if not point or not (whole or q.kind == "which_muscle"):
            return ""
        return self.scene.zone_wire(point, side)

    def outline_wire(self) -> str:
        """The shown point's muscle outline, packed for the browser (Scene.outline_wire); ""
        for none, and while it would give an answer away."""
        point, side, whole = self._shown()
        if not point or not whole:
            return ""
        muscle = self.engine.cat.muscles[self.engine.cat.points[point].muscle]
        return self.scene.outline_wire(muscle.footprint[side])

    def selected_marker(self) -> int:
        point, side, whole = self._shown()
        q = self.question()
        if not point or not (whole or q.kind == "where_refers"):
            return -1
        return self.scene.marker_index.get((point, side), -1)

    def visible_points(self) -> list[str]:
        """Trigger point ids passing the area and condition filters, in catalogue order."""
        cat = self.engine.cat
        out = []
        for tp in cat.points.values():
            if self.area and cat.muscles[tp.muscle].area != self.area:
                continue
            if self.condition and self.condition not in tp.conditions:
                continue
            if self.depth and cat.muscles[tp.muscle].depth != self.depth:
                continue
            out.append(tp.id)
        return out

    @property
    def filtered(self) -> bool:
        return bool(self.area or self.condition or self.depth)

    def marker_state(self) -> list[int]:
        """Per dot: 1 shown, 0 dimmed by the filters, -1 hidden (a quiz question hides every
        dot but the one it asks about)."""
        if self.question() is not None:
            keep = self.selected_marker()
            return [1 if m.index == keep else -1 for m in self.scene.markers]
        if not self.filtered:
            return [1] * len(self.scene.markers)
        shown = set(self.visible_points())
        return [1 if m.point in shown else 0 for m in self.scene.markers]

    # --- URL state --------------------------------------------------------------------------------
    def url_state(self) -> dict[str, str]:
        """The state worth sharing, as URL query values (empty values omitted)."""
        out = {"point": self.point, "side": self.side if self.point else "", "mode": self.mode,
               "area": self.area, "condition": self.condition, "depth": self.depth, "view": self.view,
               "pain": ",".join(self.painted_regions())}
        out.update({key: getattr(self, key) for key in EMBED_OPTIONS})
        if self.tour:
            out.update(tour=self.tour, step=str(self.tour_step + 1))
        if self.compare and self.point:
            out["compare"] = self.compare
        if self.quiz is not None:  # the same link asks the same questions; answers stay here
            out.update(mode="", pain="", view="", quiz=self.quiz.questions[0].kind, seed=str(self.quiz_seed),
                       questions="" if self.quiz_n == QUIZ_SIZES[0] else str(self.quiz_n))
        defaults = {"mode": "explore", "view": "front",
                    **{key: values[0] for key, values in EMBED_OPTIONS.items()}}
        return {k: v for k, v in out.items() if v and defaults.get(k) != v}

    def apply_url(self, args: dict[str, str]) -> None:
        """Restore state from URL values; ignore what is unknown, with a notice."""
        ignored = []
        for key in ("mode", "area", "depth", "view", *EMBED_OPTIONS):
            value = _clean(args.get(key))
            if value is None:
                continue
            allowed = self.param[key].objects
            if value in allowed:
                if key == "view":
                    self.show_view(value)
                else:
                    setattr(self, key, value)
            else:
                ignored.append(key)
        cond = _clean(args.get("condition"))
        if cond is not None:
            if cond in self.engine.cat.conditions:
                self.condition = cond
            else:
                ignored.append("condition")
        pain = _clean(args.get("pain"))
        if pain is not None:
            ids = [p for p in pain.split(",") if p]
            good = [p for p in ids if p in self.body.region_index]
            if len(good) != len(ids) or not ids:
                ignored.append("pain")
            if good:
                self.paint_regions(good)
                self._history.clear()
        point = _clean(args.get("point"))
        if point is not None:
            side = _clean(args.get("side"))
            if side is not None and side not in ("left", "right"):
                ignored.append("side")
            if point in self.engine.cat.points:
                self.select(point, side if side in ("left", "right") else None)
            else:
                self.notify(f"The link names a trigger point that is not in the atlas "
                            f"(\u201c{_clip(point)}\u201d{self._close_points(point)}); showing the whole "
                            "body instead.")
        if "point" not in args and _clean(args.get("side")) is not None:
            ignored.append("side")
        self._apply_compare(args)
        self._apply_tour(args, ignored)
        self._apply_quiz(args, ignored)
        if args.get("atlas_link") == "repaired":  # see atlas.ui.server.repair_query
            self.notify("The link was damaged (for example a second \u201c?\u201d or a broken "
                        "character); the atlas read what it could.")
        known = {"point", "side", "mode", "area", "condition", "depth", "view", "pain", "embed", "q", "tour",
                 "step", "quiz", "seed", "questions", "atlas_link", "present", "compare", *EMBED_OPTIONS}
        unknown = [k for k in args if k not in known]
        if ignored or unknown:
            names = ", ".join(sorted(set(ignored) | {_clip(k, 20) for k in unknown}))
            self.notify(f"Some link settings were not understood and were ignored: {names}.")

    def _close_points(self, wrong: str) -> str:
        """``; did you mean 'a', 'b'?`` for a point id a link got wrong (a typo, an old id), so
        whoever made the link can mend it; '' when nothing is close."""
        return suggest(_clip(wrong), self.engine.cat.points)

    def _apply_compare(self, args: dict) -> None:
        """``compare=ID`` shows a second point with ``point``."""
        other = _clean(args.get("compare"))
        if other is None:
            return
        if not self.point:
            self.notify("The link asks to compare two points but names only one (or none); "
                        "choose a point, then \u201cCompare with\u2026\u201d.")
        elif other not in self.engine.cat.points:
            self.notify(f"The link asks to compare with a trigger point that is not in the atlas "
                        f"(\u201c{_clip(other)}\u201d{self._close_points(other)}); showing one point only.")
        else:
            self.start_compare(other)

    def _apply_tour(self, args: dict, ignored: list) -> None:
        """``tour=ID&step=N`` (N counts from 1) opens a tour at that step."""
        tour, step = _clean(args.get("tour")), _clean(args.get("step"))
        if tour is None:
            if step is not None:
                ignored.append("step")
            return
        number = int(step) if step is not None and step.isdigit() and len(step) < 4 else 1
        if step is not None and (not step.isdigit() or len(step) >= 4):
            ignored.append("step")
        self.start_tour(tour, number - 1)

    def _apply_quiz(self, args: dict, ignored: list) -> None:
        """``quiz=KIND`` starts a quiz on the link's filters; ``questions=5|10`` and ``seed=N``
        (the same questions again) are optional."""
        kind, seed, size = (_clean(args.get(k)) for k in ("quiz", "seed", "questions"))
        if kind is None:
            ignored.extend(k for k, v in (("seed", seed), ("questions", size)) if v is not None)
            return
        n = QUIZ_SIZES[0]
        if size is not None:
            if size.isdigit() and int(size) in QUIZ_SIZES:
                n = int(size)
            else:
                ignored.append("questions")
        number = None
        if seed is not None:
            if seed.isdigit() and len(seed) <= 9:
                number = int(seed)
            else:
                ignored.append("seed")
        self.start_quiz(kind, n, seed=number)

    def notify(self, text: str) -> None:
        self.notices = [*self.notices[-4:], text]


def _clean(value) -> str | None:
    """A URL value as a short, plain string, or None when absent/unusable."""
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        value = value[0] if value else ""
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    value = str(value).strip()
    if not value or len(value) > MAX_URL_VALUE:
        return "\0invalid" if value else None
    return value


def _clip(text: str, n: int = 40) -> str:
    text = str(text).replace("\0invalid", "?")
    return text if len(text) <= n else text[: n - 1] + "\u2026"
