"""Quiz mode in the app: a link starts a quiz, choices and paintings are scored, the end shows
the score and a review of the mistakes; the deep / superficial filter; one real browser run."""

import pytest

import atlas
from atlas.query import quiz
from atlas.ui.app import AtlasApp


@pytest.fixture(scope="module")
def eng():
    return atlas.load().engine


def _wrong(question):
    return next(c for c in question.choices if c != question.answer)


def test_five_questions_right_and_wrong_give_the_score_and_a_review_that_opens_points(eng):
    app = AtlasApp({"quiz": "which_muscle", "seed": "11", "area": "head"})
    app.layout()
    s, ui = app.session, app.quiz
    assert s.mode == "quiz" and ui.column.visible and ui.asking.visible and not ui.setup.visible
    assert [q.kind for q in s.quiz.questions] == ["which_muscle"] * 5
    assert s.quiz.questions == quiz.make_quiz(eng, "which_muscle", 5, area="head", seed=11).questions
    for i in range(5):
        q = s.question()
        assert eng.cat.muscles[q.answer].area == "head"
        # the zone is on the body, but no dot gives the answer away; four named choices
        assert app.view.zone and app.view.selected == -1 and set(app.view.marker_state) == {-1}
        assert [b.name for b in ui.choices] == [eng.cat.muscles[m].name for m in q.choices]
        assert f"Question {i + 1} of 5" in ui.progress.object
        pick = q.answer if i in (0, 2, 4) else _wrong(q)
        ui.choices[q.choices.index(pick)].clicks += 1
        assert ("Right" if pick == q.answer else "Not quite") in ui.feedback.object
        assert all(b.disabled for b in ui.choices) and ui.next.visible
        assert f'quiz-score">{s.quiz.score}</span> right of {i + 1} answered' in ui.progress.object
        ui.next.clicks += 1
    assert s.quiz.done and s.quiz.score == 3 and ui.results.visible and not ui.asking.visible
    review = ui.review.objects
    assert "you scored 3 of 5" in review[0].object
    mistakes = s.quiz.mistakes()
    assert [q for q, _ in mistakes] == [s.quiz.questions[1], s.quiz.questions[3]]
    buttons = [o for o in review if hasattr(o, "clicks")]
    assert len(buttons) == 2 and eng.cat.points[mistakes[0][0].point].name in buttons[0].name
    buttons[0].clicks += 1  # open the first mistake: the quiz ends, that point and its details show
    first = mistakes[0][0]
    assert s.quiz is None and s.mode == "explore" and (s.point, s.side) == (first.point, first.side)
    assert eng.cat.points[first.point].name in app.details.object
    assert -1 not in app.view.marker_state and "quiz" not in s.url_state()  # the head filter stays


def test_painting_answers_are_scored_and_leaving_restores_the_drawing(eng):
    app = AtlasApp({"pain": "temple_l"})
    app.layout()
    s, ui = app.session, app.quiz
    own = list(s.painted)
    assert own
    s.mode = "quiz"  # the Quiz entry: the setup first
    assert ui.setup.visible and not ui.asking.visible
    ui.kind.value, ui.size.value = "where_refers", 5
    app.area.value = "leg"  # the quiz uses the same area filter as the list
    assert ui.area.value == "leg"
    ui.start.clicks += 1
    q = s.question()
    assert q.kind == "where_refers" and eng.cat.muscles[q.answer.rsplit("_tp", 1)[0]].area == "leg"
    # the point's dot is shown, its zone is not; a drag paints; the drawing started empty
    assert s.painted == [] and app.view.mode == "paint" and app.view.zone == ""
    assert app.view.marker_state.count(1) == 1 and app.view.selected >= 0
    ui.check.clicks += 1  # nothing painted yet: a notice, no answer
    assert s.quiz.answers == [] and "Paint where" in s.notices[-1]
    zone = eng.cat.points[q.point].essential_field[q.side].index
    app._on_stroke({"vertices": [int(v) for v in zone], "erase": False})
    ui.check.clicks += 1
    assert s.quiz.score == 1 and "Right" in ui.feedback.object and app.view.zone  # true zones shown
    assert app.view.mode == "explore"
    ui.next.clicks += 1
    assert s.painted == [] and not s.revealed
    app._on_stroke({"vertices": list(range(0, len(eng.body.vertices), 7)), "erase": False})
    ui.check.clicks += 1  # paint everywhere: not a good answer
    assert s.quiz.score == 1 and len(s.quiz.answers) == 2 and "Not quite" in ui.feedback.object
    ui.end.clicks += 1  # leaving: the user's own drawing and the normal view come back
    assert s.quiz is None and s.mode == "explore" and s.painted == own and app.view.painted == own
    assert app.view.zone == "" and ui.setup.visible and 0 in app.view.marker_state


def test_bad_quiz_links_get_a_friendly_notice(eng):
    for args, words in (({"quiz": "guess<b>"}, "no quiz called"),
                        ({"quiz": "which_muscle", "questions": "7"}, "questions"),
                        ({"quiz": "which_muscle", "seed": "x"}, "seed"),
                        ({"seed": "4"}, "seed"),
                        ({"quiz": "which_muscle", "area": "head", "condition": "knee_pain"}, "No trigger points")):
        app = AtlasApp(args)
        app.layout()
        s = app.session
        assert any(words in n for n in s.notices), (args, s.notices)
        assert "<b>" not in app.notices.object  # what a link says is escaped
    bad = AtlasApp({"quiz": "guess"}).session
    assert bad.quiz is None and bad.mode == "explore"
    ten = AtlasApp({"quiz": "where_refers", "questions": "10", "seed": "5"}).session
    assert len(ten.quiz.questions) == 10
    assert ten.url_state() == {"quiz": "where_refers", "seed": "5", "questions": "10"}


def test_the_depth_filter_keeps_deep_or_superficial_points_in_the_list_and_on_the_body(eng):
    app = AtlasApp({"depth": "deep"})
    app.layout()
    s = app.session
    cat = eng.cat
    listed = [v for v in app.points.options.values() if v]
    assert listed and all(cat.muscles[cat.points[p].muscle].depth == "deep" for p in listed)
    shown = {m.point for m, on in zip(app.scene.markers, app.view.marker_state) if on == 1}
    assert shown == set(listed) and app.view.hide_dimmed
    assert s.url_state()["depth"] == "deep"
    app.depth.value = "superficial"
    listed = [v for v in app.points.options.values() if v]
    assert listed and all(cat.muscles[cat.points[p].muscle].depth == "superficial" for p in listed)
    app.depth.value = ""
    assert len([v for v in app.points.options.values() if v]) == len(cat.points)
    assert any("depth" in n for n in AtlasApp({"depth": "middle"}).session.notices)


@pytest.mark.slow
@pytest.mark.browser
def test_a_quiz_link_in_chromium_a_click_on_a_choice_moves_the_score(eng, live_server, browser):
    from tests.browser import OfflinePage

    q = quiz.make_quiz(eng, "which_muscle", 5, seed=21).questions[0]
    right = eng.cat.muscles[q.answer].name
    page = OfflinePage(browser, viewport=(390, 844), touch=True)
    try:
        p = page.page
        p.goto(f"{live_server}/atlas?quiz=which_muscle&seed=21")
        page.wait_ready()
        p.wait_for_selector(".atlas-quiz-progress")
        assert "Question 1 of 5" in p.inner_text(".atlas-quiz-progress")
        assert p.inner_text(".atlas-quiz-score") == "0"
        button = p.get_by_role("button", name=right, exact=True)
        box = button.bounding_box()
        assert box["height"] >= 44  # a finger-sized target on a phone
        button.click()
        p.wait_for_selector(".atlas-quiz-score:text-is('1')")  # the score moved
        assert "Right" in p.inner_text(".atlas-quiz-feedback")
        assert "quiz=which_muscle" in p.url and "seed=21" in p.url
        assert not page.blocked and not page.errors
    finally:
        page.close()
