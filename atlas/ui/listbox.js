// A keyboard-friendly list (see listbox.py): arrows move the highlight, Enter or a click chooses.
let lists = 0;

export function render({ model, el }) {
  const id = `atlas-lb-${++lists}`;
  const label = document.createElement('span');
  label.className = 'lb-label';
  label.id = `${id}-label`;
  const list = document.createElement('ul');
  list.className = 'lb-list';
  list.setAttribute('role', 'listbox');
  list.setAttribute('aria-labelledby', label.id);
  list.tabIndex = 0;
  el.append(label, list);
  let items = [];  // [element, value]
  let active = -1;

  const highlight = (i, scroll = true) => {
    if (active >= 0 && items[active]) items[active][0].classList.remove('active');
    active = Math.max(-1, Math.min(items.length - 1, i));
    if (active < 0) { list.removeAttribute('aria-activedescendant'); return; }
    const [li] = items[active];
    li.classList.add('active');
    list.setAttribute('aria-activedescendant', li.id);
    if (scroll) li.scrollIntoView({ block: 'nearest' });
  };
  const choose = (i) => { if (items[i]) { highlight(i, false); model.value = items[i][1]; } };

  const focused = () => list.getRootNode().activeElement === list;  // the root: Panel's shadow root
  const fill = () => {
    // a refresh while the list has the focus (results arriving as one types) keeps a highlight:
    // the same entry if it is still there, else the first, so the arrow keys and Enter go on working
    const was = focused() && active >= 0 && items[active] ? items[active][1] : undefined;
    label.textContent = model.name;
    list.replaceChildren();
    items = [];
    // ``groups``: [[group, [[text, value], ...]], ...]; each group's name is sent once
    for (const [group, entries] of model.groups || []) {
      if (group) {
        const h = document.createElement('li');
        h.className = 'lb-group';
        h.setAttribute('role', 'presentation');
        h.textContent = group;
        list.appendChild(h);
      }
      for (const [shown, value] of entries) {
        const li = document.createElement('li');
        li.className = 'lb-option';
        li.id = `${id}-${items.length}`;
        li.setAttribute('role', 'option');
        li.textContent = shown;
        if (group) li.setAttribute('aria-label', `${shown} (${group})`);
        const i = items.length;
        li.addEventListener('mousedown', (e) => e.preventDefault());  // keep the focus in the list
        li.addEventListener('click', () => { list.focus(); choose(i); });
        list.appendChild(li);
        items.push([li, value]);
      }
    }
    list.style.maxHeight = `${Math.max(3, model.rows) * 2.1}em`;
    mark();
    const again = was === undefined ? -1 : items.findIndex(([, v]) => v === was);
    highlight(again >= 0 ? again : (focused() && items.length ? 0 : -1), false);
  };
  const mark = () => {
    items.forEach(([li, value]) => li.setAttribute('aria-selected', String(value === model.value && !!value)));
  };

  list.addEventListener('keydown', (e) => {
    const page = Math.max(1, model.rows - 1);
    const moves = { ArrowDown: active + 1, ArrowUp: active - 1, Home: 0, End: items.length - 1,
      PageDown: active + page, PageUp: active - page };
    if (e.key in moves) highlight(e.key === 'ArrowUp' && active < 0 ? 0 : moves[e.key]);
    else if ((e.key === 'Enter' || e.key === ' ') && active >= 0) choose(active);
    else return;
    e.preventDefault();
    e.stopPropagation();
  });
  list.addEventListener('focus', () => {
    if (active < 0 && items.length) {
      const chosen = items.findIndex(([, v]) => v === model.value);
      highlight(chosen >= 0 ? chosen : 0);
    }
  });
  model.on('groups', fill);
  model.on('name', () => { label.textContent = model.name; });
  model.on('value', mark);
  fill();
}
