"""Quiz questions and scoring (the query layer; the app shows them)."""

import numpy as np
import pytest

import atlas
from atlas.query import quiz


@pytest.fixture(scope="module")
def eng():
    return atlas.load().engine


def test_five_questions_answered_right_and_wrong_give_the_score_and_review(eng):
    q = quiz.make_quiz(eng, "which_muscle", 5, area="head", seed=7)
    assert len(q.questions) == 5
    for i, question in enumerate(q.questions):
        assert eng.cat.muscles[question.answer].area == "head"
        assert len(set(question.choices)) == quiz.CHOICES and question.answer in question.choices
        wrong = next(c for c in question.choices if c != question.answer)
        assert q.answer(question.answer if i % 2 == 0 else wrong) == (i % 2 == 0)
    assert q.done and q.score == 3
    review = q.mistakes()
    assert [m[0] for m in review] == [q.questions[1], q.questions[3]]
    assert all(given != question.answer for question, given in review)


def test_the_same_seed_gives_the_same_quiz_and_filters_hold(eng):
    one = quiz.make_quiz(eng, "which_muscle", 4, condition="tmj_disorder", seed=3)
    two = quiz.make_quiz(eng, "which_muscle", 4, condition="tmj_disorder", seed=3)
    assert one.questions == two.questions
    assert all("tmj_disorder" in eng.cat.points[qn.point].conditions for qn in one.questions)
    with pytest.raises(ValueError, match="unknown quiz kind"):
        quiz.make_quiz(eng, "guess")


def test_wrong_choices_do_not_share_the_zone(eng):
    """A question never has two right answers: no wrong muscle's zone covers most of this one."""
    q = quiz.make_quiz(eng, "which_muscle", 5, area="leg", seed=1)
    for question in q.questions:
        target = quiz._zone_weights(eng, question.point, question.side)
        for mid in question.choices:
            if mid == question.answer:
                continue
            for p in eng.cat.muscles[mid].points:
                overlap = np.minimum(target, quiz._zone_weights(eng, p, question.side)).sum()
                assert overlap <= quiz.SAME_ZONE * target.sum() + 1e-9


def test_painting_is_scored_by_overlap_with_the_zones(eng):
    tp = eng.cat.points["soleus_tp1"]
    zone = tp.essential_field["left"].index
    right = quiz.score_painting(eng, "soleus_tp1", "left", zone)
    assert right.essential_covered > 0.9 and right.on_target > 0.75 and right.correct  # soft edges count less
    elsewhere = eng.body.region_vertices[eng.body.region_index["temple_l"].index]
    assert quiz.score_painting(eng, "soleus_tp1", "left", elsewhere).mark == 0
    everything = quiz.score_painting(eng, "soleus_tp1", "left", range(len(eng.body.vertices)))
    assert everything.essential_covered > 0.99 and not everything.correct  # painting it all fails
    q = quiz.make_quiz(eng, "where_refers", 2, area="leg", seed=2)
    first = q.questions[0]
    zone = eng.cat.points[first.point].essential_field[first.side].index
    assert q.answer(quiz.score_painting(eng, first.point, first.side, zone))
    assert not q.answer(quiz.score_painting(eng, q.questions[1].point, q.questions[1].side, []))
    assert q.score == 1
