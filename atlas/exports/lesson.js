// A lesson in one file: a guided tour (Previous / Next) or a quiz scored in the page.
// Runs after standalone.js in the same module: it uses CONFIG, model, showPoint, showDetails
// and sets onPick.  Every text shown here was escaped by the atlas or goes in as textContent.

const LESSON = CONFIG.lesson;
const $ = (id) => document.getElementById(id);

function say(id, text) { $(id).textContent = text; }

function tour() {
  const steps = LESSON.steps;
  let at = 0;
  let detailsOpen = false;

  function go(i, { camera = true } = {}) {
    at = Math.max(0, Math.min(steps.length - 1, i));
    const step = steps[at];
    const point = CONFIG.points[step.key];
    say('step-count', `Step ${at + 1} of ${steps.length}`);
    say('lesson-heading', `${point.muscle} \u2013 ${point.name} (${point.side} side)`);
    say('step-text', step.text);
    $('prev').disabled = at === 0;
    $('next').disabled = at === steps.length - 1;
    showPoint(step.key, { camera: false, text: detailsOpen });
    if (camera) model.set({ camera: step.camera });
    model.set({ alt_text: `3D human body showing ${point.muscle} (${point.side} side) and where its pain is felt` });
    history.replaceState(null, '', `#step=${at + 1}`);
  }

  $('prev').addEventListener('click', () => go(at - 1));
  $('next').addEventListener('click', () => go(at + 1));
  $('more').addEventListener('click', () => {
    detailsOpen = true;
    showPoint(steps[at].key, { camera: false });
    $('details').focus();
  });
  onPick = (key) => {  // a dot of this tour: go to its step and open its details
    const i = steps.findIndex((s) => s.key === key);
    if (i < 0) return false;
    detailsOpen = true;
    go(i, { camera: false });
    return true;
  };
  const wanted = /#step=(\d+)/.exec(location.hash);
  go(wanted ? Number(wanted[1]) - 1 : 0, { camera: !!wanted });
}

function quiz() {
  const questions = LESSON.questions;
  const answers = [];
  onPick = () => true;  // the dots are hidden: a click on the body answers nothing
  // No dot is drawn: "selected" is an index past the last dot and the others step aside
  // (show_all is off), so the answer's dot cannot give the muscle away.
  const NO_DOT = CONFIG.marker_keys.length;

  function button(text, onClick) {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = text;
    b.addEventListener('click', onClick);
    return b;
  }

  function ask(i) {
    const q = questions[i];
    const point = CONFIG.points[q.key];
    say('step-count', `Question ${i + 1} of ${questions.length}`);
    say('lesson-heading', 'Which muscle refers pain to the coloured area?');
    say('feedback', '');
    model.set({ zone: point.zone, outline: '', selected: NO_DOT, camera: point.camera });
    const list = $('choices');
    list.replaceChildren();
    for (const c of q.choices) {
      const li = document.createElement('li');
      const b = button(c.name, () => choose(i, c.id));
      b.dataset.muscle = c.id;
      li.appendChild(b);
      list.appendChild(li);
    }
    list.hidden = false;
    $('next').hidden = true;
    list.querySelector('button').focus();
  }

  function choose(i, muscle) {
    const q = questions[i];
    if (answers.length !== i) return;
    answers.push(muscle);
    const right = q.choices.find((c) => c.id === q.answer).name;
    for (const b of $('choices').querySelectorAll('button')) {
      b.disabled = true;
      if (b.dataset.muscle === q.answer) b.classList.add('right');
      else if (b.dataset.muscle === muscle) b.classList.add('wrong');
    }
    say('feedback', muscle === q.answer ? `Right: ${right}.` : `Not quite: it was ${right}.`);
    const next = $('next');
    next.textContent = i + 1 < questions.length ? 'Next question' : 'See your score';
    next.hidden = false;
    next.onclick = () => (i + 1 < questions.length ? ask(i + 1) : finish());
    next.focus();
  }

  function finish() {
    const mistakes = questions.map((q, i) => [q, answers[i]]).filter(([q, a]) => a !== q.answer);
    const score = questions.length - mistakes.length;
    say('step-count', 'Quiz finished');
    say('lesson-heading', `Your score: ${score} of ${questions.length}`);
    say('feedback', mistakes.length ? 'Your mistakes are reviewed below.' : 'No mistakes: well done.');
    $('choices').hidden = true;
    const next = $('next');
    next.textContent = 'Try again';
    next.onclick = () => { answers.length = 0; ask(0); };
    const article = document.createElement('article');
    article.className = 'atlas-details';
    const h = document.createElement('h2');
    h.textContent = mistakes.length ? 'Review of your mistakes' : 'Review';
    article.appendChild(h);
    const list = document.createElement('ol');
    list.className = 'review';
    for (const [q, a] of mistakes) {
      const li = document.createElement('li');
      const name = (id) => q.choices.find((c) => c.id === id).name;
      li.textContent = `Question ${questions.indexOf(q) + 1}: you chose ${name(a)}; the answer is ` +
        `${q.point}. ${q.referral}`;
      list.appendChild(li);
    }
    if (!mistakes.length) {
      const p = document.createElement('p');
      p.textContent = 'Every answer was right.';
      article.appendChild(p);
    } else {
      article.appendChild(list);
    }
    details.replaceChildren(article);
    details.scrollTop = 0;
    next.focus();
  }

  ask(0);
}

if (LESSON.kind === 'tour') tour(); else quiz();
