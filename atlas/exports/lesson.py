"""Lessons that run anywhere: a guided tour or a quiz as one offline HTML file.

Both are the single-file page of :mod:`atlas.exports.html` (no server, no network, works from
file://, small enough for a course platform) plus ``lesson.js``:

- a **tour** steps through its points with Previous / Next; each step turns the camera, shows
  the point, its zones and the step's words; the point's full details open on a click.
- a **quiz** ("which muscle refers pain here?") shows a zone and four muscles; the page scores
  the answers and ends with the score and a review of the mistakes.  The questions are made
  here, with :func:`atlas.query.quiz.make_quiz` and a fixed seed, so the same command writes
  the same file.  Painting answers ("where does it refer?") need the app, which scores them.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from atlas.exports.html import MAX_BYTES, base_config, page, point_payload
from atlas.query.names import UnknownName

HERE = Path(__file__).parent
LESSON_CSS = """
.lesson-card { padding: 2px 0 6px; }
.lesson-card h2 { font-size: 1.1em; margin: 0.3em 0; }
.lesson-card .where { color: var(--atlas-muted); margin: 0; font-size: .92em; }
.lesson-nav { display: flex; flex-wrap: wrap; gap: 6px; margin: 6px 0; align-items: center; }
.choices { list-style: none; padding: 0; margin: 6px 0; display: grid; gap: 6px; }
.choices button { width: 100%; text-align: left; }
.choices button.right { background: var(--atlas-ok-bg, #e3f4e6); border-color: #2e7d32; color: var(--atlas-ink); }
.choices button.wrong { background: var(--atlas-alert-bg, #fde8e8); border-color: #b3261e; color: var(--atlas-ink); }
.feedback { min-height: 1.4em; font-weight: 600; margin: 4px 0; }
.review li { margin-bottom: .4em; }
"""


class LessonTooBig(ValueError):
    """The page would not fit the size a course platform can host."""


def _finish(text: str) -> str:
    size = len(text.encode())
    if size > MAX_BYTES:
        raise LessonTooBig(f"the lesson would be {size / 1e6:.1f} MB, over the {MAX_BYTES / 1e6:.0f} MB "
                           "a course platform can host; use fewer steps or questions")
    return text


def find_tour(catalogue, name: str):
    """A tour by id, or a clear error with the closest ids."""
    from atlas.data.problems import suggest

    if name not in catalogue.tours:
        raise UnknownName(f"no tour {name!r}{suggest(name, catalogue.tours, cutoff=0.0)}; `atlas tours` lists them")
    return catalogue.tours[name]


def tour_steps(engine, scene, tour) -> tuple[dict, list[dict]]:
    """(points payload by "point:side", one dict per step) for the page."""
    points, steps = {}, []
    for step in tour.steps:
        key = f"{step.point}:{step.side}"
        if key not in points:
            points[key] = point_payload(engine, scene, step.point, step.side)
        camera = (scene.camera_for(step.point, step.side, lead="point") if step.view == "auto"
                  else scene.presets[step.view])
        steps.append({"key": key, "text": step.text, "camera": camera})
    return points, steps


def build_tour(engine, scene, tour) -> str:
    """The tour lesson as one HTML string."""
    points, steps = tour_steps(engine, scene, tour)
    config = base_config(scene, {p["marker"] for p in points.values()}, steps[0]["camera"])
    config.update(points=points, selected=steps[0]["key"], side=tour.steps[0].side, show_all=False,
                  lesson={"kind": "tour", "steps": steps})
    sources = ", ".join(engine.cat.sources[s].citation for s in tour.sources if s in engine.cat.sources)
    top = (f'<section class="lesson-card" id="lesson" aria-labelledby="lesson-heading">'
           f'<p class="where on-wide">{escape(tour.summary)}</p>'
           '<p class="where" id="step-count" aria-live="polite"></p>'
           '<h2 id="lesson-heading"></h2><p id="step-text"></p>'
           '<div class="lesson-nav"><button type="button" id="prev">Previous</button>'
           '<button type="button" id="next">Next</button>'
           '<button type="button" id="more" aria-controls="details">About this point</button></div>'
           "</section>")
    intro = (f'<article class="atlas-details"><h2>{escape(tour.title)}</h2>'
             f"<p>{escape(tour.summary)}</p><p>Step through with <b>Next</b> and <b>Previous</b>. "
             "Click the highlighted dot on the body, or <b>About this point</b>, for the point's full "
             "details.</p>"
             f'<p class="muted">Sources: {escape(sources)}</p></article>')
    from atlas.views.html import legend_html

    return _finish(page(tour.title, config, top, intro, legend=legend_html(pain=False),
                        extra_js=(HERE / "lesson.js").read_text(), extra_css=LESSON_CSS))


def quiz_questions(engine, scene, quiz) -> tuple[dict, list[dict]]:
    """(zones by "point:side", one dict per question) for the page; no point's name is shown
    before the answer, but the answer travels with the page (the page scores it)."""
    from atlas.views.record import point_view

    cat, points, questions = engine.cat, {}, []
    for q in quiz.questions:
        key = f"{q.point}:{q.side}"
        points[key] = point_payload(engine, scene, q.point, q.side, details=False)
        points[key]["outline"] = ""  # the muscle's outline would give the answer away
        tp = cat.points[q.point]
        questions.append({
            "key": key, "side": q.side, "answer": q.answer,
            "choices": [{"id": m, "name": cat.muscles[m].name} for m in q.choices],
            "point": f"{cat.muscles[tp.muscle].name} \u2013 {tp.name} ({q.side} side)",
            "referral": point_view(engine, q.point, q.side).referral,
        })
    return points, questions


def build_quiz(engine, scene, quiz, title: str) -> str:
    """The quiz lesson as one HTML string (which-muscle questions only)."""
    if not quiz.questions:
        raise ValueError("no quiz questions match; try another --area or --condition")
    if any(q.kind != "which_muscle" for q in quiz.questions):
        raise ValueError("a lesson file can score only which_muscle questions; "
                         "where_refers (painting the zone) is scored by the app")
    points, questions = quiz_questions(engine, scene, quiz)
    config = base_config(scene, set(), points[questions[0]["key"]]["camera"])
    config.update(points=points, show_all=False, lesson={"kind": "quiz", "questions": questions},
                  alt_text="3D human body with one referral zone coloured")
    top = ('<section class="lesson-card" id="lesson" aria-labelledby="lesson-heading">'
           '<p class="where" id="step-count"></p>'
           '<h2 id="lesson-heading">Which muscle refers pain to the coloured area?</h2>'
           '<p class="where">Dark: where the pain is nearly always felt (essential zone); '
           "light, with a dashed edge: where it is sometimes felt (spillover).</p>"
           '<ul class="choices" id="choices" aria-label="Choices"></ul>'
           '<p class="feedback" id="feedback" role="status" aria-live="polite"></p>'
           '<div class="lesson-nav"><button type="button" id="next" hidden>Next question</button></div>'
           "</section>")
    intro = (f'<article class="atlas-details"><h2>{escape(title)}</h2>'
             f"<p>{len(questions)} questions. Choose a muscle for each; your score and a review of "
             "any mistakes come at the end. Nothing is sent anywhere: the page scores itself.</p></article>")
    from atlas.views.html import legend_html

    return _finish(page(title, config, top, intro, legend=legend_html(pain=False),
                        extra_js=(HERE / "lesson.js").read_text(),
                        extra_css=LESSON_CSS + "#side > .top { max-height: 75%; }"))


def quiz_title(engine, area: str | None, condition: str | None) -> str:
    from atlas.data.vocabulary import AREA_LABELS

    if condition:
        return f"Quiz: {engine.cat.conditions[condition].name}"
    if area:
        return f"Quiz: the {AREA_LABELS[area].lower()}"
    return "Quiz: which muscle refers pain here?"
