"""Lessons that run anywhere (`atlas export lesson`) and the single-file HTML export, in real
Chromium from file:// with every request that leaves the page blocked."""

import pytest

import atlas
from atlas.cli import main
from atlas.exports.html import MAX_BYTES
from atlas.query.quiz import make_quiz
from tests.browser import OfflinePage

TOUR = "tmj_disorder"
QUIZ = ["--quiz", "which_muscle", "--area", "head", "--questions", "2", "--seed", "3"]


@pytest.fixture(scope="module")
def lessons(tmp_path_factory):
    folder = tmp_path_factory.mktemp("lessons")
    tour, quiz = folder / "tour.html", folder / "quiz.html"
    assert main(["export", "lesson", str(tour), "--tour", TOUR]) == 0
    assert main(["export", "lesson", str(quiz), *QUIZ]) == 0
    return tour, quiz


def test_lessons_are_one_small_reproducible_file(lessons, tmp_path):
    quiz = lessons[1]
    for path in lessons:
        assert path.stat().st_size <= MAX_BYTES
        assert "For education only" in path.read_text()
    again = tmp_path / "again.html"
    assert main(["export", "lesson", str(again), *QUIZ]) == 0
    assert again.read_bytes() == quiz.read_bytes()  # seeded: the same command, the same file
    assert sorted(p.name for p in tmp_path.iterdir()) == ["again.html"]  # no temporary left


def test_bad_lesson_requests_get_a_plain_answer(tmp_path, capsys):
    assert main(["export", "lesson", str(tmp_path / "x.html"), "--tour", "tmj"]) == 2
    err = capsys.readouterr().err
    assert "no tour 'tmj'" in err and "tmj_disorder" in err and "Traceback" not in err
    assert main(["export", "lesson", str(tmp_path / "x.html"), "--quiz", "which_muscle",
                 "--condition", "no such condition"]) == 2
    with pytest.raises(SystemExit):  # painting answers need the app: argparse names the choice
        main(["export", "lesson", str(tmp_path / "x.html"), "--quiz", "where_refers"])
    assert "which_muscle" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def _camera(page):
    return page.locator(".atlas-view").evaluate("el => el.atlas.cameraPosition()")


@pytest.mark.browser
@pytest.mark.slow
def test_a_lesson_runs_from_file_offline(browser, lessons):
    from tests.test_accessibility import serious

    a = atlas.load()
    tour_path, quiz_path = lessons
    tour = a.catalogue.tours[TOUR]
    op = OfflinePage(browser, viewport=(1280, 800))
    try:
        page = op.page
        page.goto(tour_path.as_uri())
        op.wait_ready()
        assert page.locator("#step-count").inner_text() == f"Step 1 of {len(tour.steps)}"
        assert serious(page) == []
        first, text = _camera(page), page.locator("#step-text").inner_text()
        page.locator("#next").focus()  # keyboard: Enter on Next steps on
        page.keyboard.press("Enter")
        page.wait_for_function("() => document.querySelector('#step-count').textContent.startsWith('Step 2')")
        op.wait_still()
        step = tour.steps[1]
        assert page.locator("#step-text").inner_text() == step.text != text
        assert _camera(page) != first  # the camera moved to the step's point
        assert "#step=2" in page.url
        # a click on the step's dot opens that point's details
        k = a.scene.marker_index[(step.point, step.side)]
        view = page.locator(".atlas-view")
        assert view.evaluate("(el, k) => el.atlas.markerVisible(k)", k)
        pos = view.evaluate("(el, k) => el.atlas.markerScreen(k)", k)
        muscle = a.catalogue.muscles[a.catalogue.points[step.point].muscle].name
        assert page.locator("#details h2").inner_text() != muscle
        page.mouse.click(pos["x"], pos["y"])
        page.locator("#details h2", has_text=muscle).wait_for()
        assert f"{step.side} side" in page.locator("#details .sub").inner_text()

        # the quiz: one right answer, one wrong, then the score and the review of the mistake
        quiz = make_quiz(a.engine, "which_muscle", 2, area="head", seed=3)
        right, wrong = quiz.questions
        page.goto(quiz_path.as_uri())
        op.wait_ready()
        assert page.locator("#step-count").inner_text() == "Question 1 of 2"
        choices = page.locator("#choices button")
        assert choices.count() == 4
        page.locator(f'#choices button[data-muscle="{right.answer}"]').click()
        assert page.locator("#feedback").inner_text().startswith("Right")
        page.keyboard.press("Enter")  # focus went to Next
        page.wait_for_function("() => document.querySelector('#step-count').textContent === 'Question 2 of 2'")
        miss = next(m for m in wrong.choices if m != wrong.answer)
        page.locator(f'#choices button[data-muscle="{miss}"]').click()
        answer = a.catalogue.muscles[wrong.answer].name
        assert page.locator("#feedback").inner_text() == f"Not quite: it was {answer}."
        page.locator("#next", has_text="See your score").click()
        assert page.locator("#lesson-heading").inner_text() == "Your score: 1 of 2"
        review = page.locator("#details .review li")
        assert review.count() == 1
        assert review.inner_text().startswith(f"Question 2: you chose {a.catalogue.muscles[miss].name}")
        assert answer in review.inner_text()
        assert serious(page) == []
        assert op.blocked == [] and op.errors == []
    finally:
        op.close()


@pytest.mark.browser
@pytest.mark.slow
def test_the_html_export_opens_on_its_points_with_one_button_each(browser, tmp_path):
    from tests.test_accessibility import serious

    a = atlas.load()
    out = tmp_path / "tmj.html"
    assert main(["export", "html", str(out), "--condition", "tmj_disorder"]) == 0
    points = {tp.id for tp in a.engine.points_for_condition("tmj_disorder")}
    op = OfflinePage(browser, viewport=(390, 844))
    try:
        page = op.page
        page.goto(out.as_uri())
        op.wait_ready()
        assert page.locator("#points button").count() == len(points)  # one per point, not per side
        assert "Your painted pain" not in page.locator("#side").inner_text()  # nothing painted
        # it opens close to its points, not on the whole body
        import numpy as np

        body = a.body
        where = body.vertices[[a.catalogue.points[p].vertex["left"] for p in points]].mean(axis=0)
        front = a.scene.presets["front"]
        whole = np.linalg.norm(np.subtract(front["position"], front["focal"]))
        assert np.linalg.norm(np.subtract(_camera(page), where)) < 0.5 * whole
        page.locator("#points button").nth(2).click()
        page.locator(".sides button", has_text="Right").click()
        sub = page.locator("#details .sub")
        sub.wait_for()
        assert "right side" in sub.inner_text()
        heading = page.locator("#details h2")
        box = heading.bounding_box()
        assert 0 <= box["y"] and box["y"] + box["height"] <= 844  # the details are in view
        assert serious(page) == []
        assert op.blocked == [] and op.errors == []
    finally:
        op.close()
