"""Quiz mode of the app: choose a kind of question, a filter and how many questions; answer
them on the body; see the score and a review of the mistakes, each with a button to open
that point.

Two kinds (the questions and their scoring are :mod:`atlas.query.quiz`):

- "Which muscle refers pain here?": the zone is on the body, no dot; four buttons.
- "Where does this point refer?": the dot is on the body; the user paints with the brush,
  then Check scores the painting against the essential and spillover zones and shows them.

:class:`QuizMode` is a Panel Viewer the app creates with its session; its widgets are made and
join the page (``column``) the first time the quiz mode is chosen.  Every answer lives in the session
(``Session.quiz``), nothing on the server.
"""

from __future__ import annotations

from html import escape

import panel as pn

from atlas.body.anatomy import label_list
from atlas.data.vocabulary import AREA_LABELS, BODY_AREAS
from atlas.query.quiz import PaintScore, Question
from atlas.ui.session import QUIZ_SIZES
from atlas.views import html as details
from atlas.views.record import point_view

PANEL_CSS = details.panel_css()
KIND_LABELS = {"which_muscle": "Which muscle refers pain here?",
               "where_refers": "Where does this point refer?"}
# Big enough for a finger everywhere (not only on touch screens): the choices are the quiz.
BIG_BUTTON = [":host .bk-btn { min-height: 44px; white-space: normal; text-align: left; }"]


class QuizMode(pn.viewable.Viewer):
    """The quiz panel for one session (``app``: the AtlasApp that owns it)."""

    def __init__(self, app, **params):
        super().__init__(**params)
        self.app = app
        self.session, self.engine = app.session, app.engine
        self.items = None  # the widgets, made the first time the quiz is opened (show)
        self.column = pn.Column(sizing_mode="stretch_width", visible=False, css_classes=["atlas-quiz"])

    def __panel__(self):
        return self.column

    # --- widgets ------------------------------------------------------------------------------
    def _build(self) -> None:
        s, wide = self.session, {"sizing_mode": "stretch_width"}
        self.kind = pn.widgets.RadioButtonGroup(
            label="Kind of question", options={label: kind for kind, label in KIND_LABELS.items()},
            value="which_muscle", orientation="vertical", color="primary", variant="outline",
            stylesheets=BIG_BUTTON, **wide)
        self.area = pn.widgets.Select.from_param(
            s.param.area, label="Body area", options={"All areas": "", **{AREA_LABELS[a]: a for a in BODY_AREAS}},
            **wide)
        conds = sorted(self.engine.cat.conditions.values(), key=lambda c: c.name.lower())
        self.condition = pn.widgets.Select(label="Condition", options={"All conditions": "", **{
            c.name: c.id for c in conds}}, **wide)
        self.size = pn.widgets.RadioButtonGroup(
            label="Questions", options={f"{n} questions": n for n in QUIZ_SIZES}, value=QUIZ_SIZES[0],
            color="default", **wide)
        self.start = pn.widgets.Button(label="Start the quiz", color="primary", **wide)
        self.progress = pn.pane.HTML("", stylesheets=[PANEL_CSS], **wide)
        self.prompt = pn.pane.HTML("", stylesheets=[PANEL_CSS], **wide)
        self.choices = [pn.widgets.Button(label="", color="default", stylesheets=BIG_BUTTON, **wide)
                        for _ in range(4)]
        self.check = pn.widgets.Button(label="Check my painting", color="primary", **wide)
        self.clear = pn.widgets.Button(label="Clear the painting", color="default", **wide)
        self.feedback = pn.pane.HTML("", stylesheets=[PANEL_CSS], **wide)
        self.next = pn.widgets.Button(label="Next question \u2192", color="primary", **wide)
        self.end = pn.widgets.Button(label="End the quiz", color="light", **wide)
        self.review = pn.Column(**wide)
        self.again = pn.widgets.Button(label="Start a new quiz", color="primary", **wide)
        self.setup = pn.Column(
            pn.pane.HTML("<p>Test yourself on the referral zones. For learning only: not for "
                         "diagnosis or treatment.</p>", stylesheets=[PANEL_CSS]),
            self.kind, self.area, self.condition, self.size, self.start, **wide)
        self.asking = pn.Column(self.progress, self.prompt, *self.choices, self.check, self.clear,
                                self.feedback, self.next, **wide)
        self.results = pn.Column(self.review, self.again, **wide)
        self.items = [pn.pane.HTML("<h2>Quiz</h2>", stylesheets=[PANEL_CSS]),
                      self.setup, self.asking, self.results, self.end]

    def _wire(self) -> None:
        app, s = self.app, self.session
        app._watch(s, lambda *e: self.refresh(), ["quiz_seq"])
        app._watch(s, lambda e: setattr(self.condition, "value", e.new), ["condition"])
        app._watch(self.condition, lambda e: setattr(s, "condition", e.new or ""), ["value"])
        self.start.on_click(lambda e: app._guard(s.start_quiz, self.kind.value, int(self.size.value)))
        for i, button in enumerate(self.choices):
            button.on_click(lambda e, i=i: app._guard(self._choose, i))
        self.check.on_click(lambda e: app._guard(s.check_painting))
        self.clear.on_click(lambda e: app._guard(s.clear_pain))
        self.next.on_click(lambda e: app._guard(s.next_question))
        self.end.on_click(lambda e: app._guard(s.end_quiz))
        self.again.on_click(lambda e: app._guard(s.end_quiz, True))

    def show(self, visible: bool) -> None:
        if visible and self.items is None:
            self._build()
            self._wire()
            self.app._focus_ring([*vars(self).values(), *self.choices])
            self.app._share_stylesheets(self.items)
            self.column.objects = self.items
        self.column.visible = visible
        if visible:
            self.refresh()

    # --- the body -----------------------------------------------------------------------------
    def pick(self, event) -> None:
        """A click on the body in quiz mode: the skin under it is painted for a "where"
        question; dots stay quiet (opening one would give the answer away)."""
        if event["kind"] == "skin" and self.session.paints():
            body = self.engine.body
            self.app.pain.stroke([int(v) for v in body.region_vertices[body.region_of_vertex[event["vertex"]]]])

    def _choose(self, i: int) -> None:
        q = self.session.question()
        if q is not None and i < len(q.choices):
            self.session.answer_choice(q.choices[i])

    # --- session -> widgets -------------------------------------------------------------------
    def refresh(self) -> None:
        """Show the setup, the question on screen or the results, and let the view follow."""
        s, app = self.session, self.app
        if self.items is None:  # not opened yet: nothing to show
            return
        app._on_selection()
        app._on_filters()
        app.view.mode = "paint" if s.paints() else "explore"
        self.condition.value = s.condition
        q, quiz = s.question(), s.quiz
        self.setup.visible = quiz is None
        self.asking.visible = q is not None
        self.results.visible = quiz is not None and q is None
        self.end.visible = quiz is not None
        if q is not None:
            self._show_question(q)
        elif quiz is not None:
            self._show_results()
        app._push_url()

    def _show_question(self, q: Question) -> None:
        s, quiz = self.session, self.session.quiz
        at = len(quiz.answers) - (1 if s.revealed else 0)
        self.progress.object = progress_html(at, len(quiz.questions), quiz.score, len(quiz.answers))
        self.prompt.object = prompt_html(self.engine, q)
        which = q.kind == "which_muscle"
        given = quiz.answers[at] if s.revealed else None
        for button, muscle in zip(self.choices, q.choices or ("",) * 4):
            button.visible = which
            name = self.engine.cat.muscles[muscle].name if muscle else ""
            mark = ("\u2713 " if muscle == q.answer else "\u2717 " if muscle == given else "") if s.revealed else ""
            button.label = mark + name
            button.disabled = s.revealed
            button.color = ("success" if muscle == q.answer else "danger" if muscle == given
                                  else "default") if s.revealed else "default"
        self.check.visible = self.clear.visible = not which and not s.revealed
        self.feedback.object = feedback_html(self.engine, q, given) if s.revealed else ""
        self.next.visible = s.revealed
        self.next.label = "Next question \u2192" if at + 1 < len(quiz.questions) else "See the results"

    def _show_results(self) -> None:
        quiz = self.session.quiz
        rows = [pn.pane.HTML(results_html(quiz.score, len(quiz.questions)), stylesheets=[PANEL_CSS],
                             sizing_mode="stretch_width")]
        for q, given in quiz.mistakes():
            rows.append(pn.pane.HTML(mistake_html(self.engine, q, given), stylesheets=[PANEL_CSS],
                                     sizing_mode="stretch_width"))
            name = self.engine.cat.points[q.point].name
            button = pn.widgets.Button(label=f"Open {name} ({q.side})", color="default",
                                       sizing_mode="stretch_width", stylesheets=[*BIG_BUTTON, self.app.focus_sheet])
            button.on_click(lambda e, q=q: self.app._guard(self._open, q.point, q.side))
            rows.append(button)
        self.app._share_stylesheets(rows)
        self.review.objects = rows

    def _open(self, point: str, side: str) -> None:
        """From the review: leave the quiz and show that point with its details."""
        self.session.end_quiz()
        self.session.select(point, side)


# --- the words and numbers shown (escaped: names come from data files) ----------------------------
def progress_html(at: int, total: int, score: int, answered: int) -> str:
    return (f'<p class="atlas-quiz-progress" aria-live="polite"><b>Question {at + 1} of {total}</b>'
            f' &middot; <span class="atlas-quiz-score">{score}</span> right of {answered} answered</p>')


def prompt_html(engine, q: Question) -> str:
    v = point_view(engine, q.point, q.side)
    if q.kind == "which_muscle":
        return ("<p><b>Which muscle refers pain to the coloured zone?</b></p>"
                f'<p class="muted">In words: the zone covers {escape(label_list(v.essential, False))} '
                f"({escape(q.side)} side).</p>")
    return (f"<p><b>Where does {_named(v)} ({escape(q.side)} side) refer pain?</b></p><p>Paint the zone on the body (drag, or "
            "click a patch of skin), then press <b>Check my painting</b>.</p>")


def _named(v) -> str:
    """The point with its muscle's name once (most point names already start with it)."""
    muscle = v.muscle.name.split(" (")[0]
    return escape(v.name if v.name.lower().startswith(muscle.lower()) else f"{v.muscle.name} \u2013 {v.name}")


def _zones(v) -> str:
    spill = label_list(v.spillover) or "none"
    return (f"Essential zone: {escape(label_list(v.essential))}. Spillover zone: {escape(spill)}.")


def feedback_html(engine, q: Question, given) -> str:
    v = point_view(engine, q.point, q.side)
    if q.kind == "which_muscle":
        if given == q.answer:
            head = f"Right: it is {escape(v.muscle.name)}."
        else:
            head = (f"Not quite: you chose {escape(engine.cat.muscles[given].name)}; this zone comes "
                    f"from {escape(v.muscle.name)}.")
        return (f'<div class="atlas-quiz-feedback" role="status"><p><b>{head}</b></p>'
                f'<p>{escape(v.name)} ({escape(q.side)} side). {_zones(v)}</p></div>')
    score: PaintScore = given
    verdict = "Right" if score.correct else "Not quite"
    return (f'<div class="atlas-quiz-feedback" role="status"><p><b>{verdict}: mark {score.mark:.0%}</b> '
            "(half or more counts as right).</p>"
            f"<p>You painted {score.essential_covered:.0%} of the essential zone, and "
            f"{score.on_target:.0%} of your painting lies in the essential or spillover zone. "
            f"The body now shows the true zones. {_zones(v)}</p></div>")


def results_html(score: int, total: int) -> str:
    return (f'<div class="atlas-quiz-result" role="status"><p><b>Done: you scored {score} of {total}.'
            "</b></p><p>" + ("No mistakes to review." if score == total else "Your mistakes, to review:")
            + "</p></div>")


def mistake_html(engine, q: Question, given) -> str:
    v = point_view(engine, q.point, q.side)
    if q.kind == "which_muscle":
        what = (f"The zone of {_named(v)} ({escape(q.side)}); "
                f"you chose {escape(engine.cat.muscles[given].name)}.")
    else:
        what = (f"{_named(v)} ({escape(q.side)}): "
                f"your painting scored {given.mark:.0%}.")
    return f'<p class="atlas-quiz-mistake">{what}</p>'
