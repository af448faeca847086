// The buttons above the 3D view (see view_controls.py): plain <button>s in one row that wraps,
// toggles with aria-pressed; views and Present are messages, the toggles are synced params.
const VIEWS = ['Front', 'Back', 'Left', 'Right', 'Head'];

function button(label, onClick, title) {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = 'vc-btn';
  b.textContent = label;
  if (title) b.title = title;
  b.addEventListener('click', onClick);
  return b;
}

export function render({ model, el }) {
  const row = document.createElement('div');
  row.className = 'vc-row';
  row.setAttribute('role', 'toolbar');
  row.setAttribute('aria-label', 'View');
  const toggle = (label, prop, title) => {
    const b = button(label, () => { model[prop] = !model[prop]; }, title);
    b.dataset.prop = prop;
    return b;
  };
  const drawer = toggle('Details', 'drawer', 'Open or close the details of the chosen point');
  const views = VIEWS.map((v) => button(v, () => model.send_msg({ view: v.toLowerCase() }),
    `Turn the body to show the ${v === 'Head' ? 'head' : v.toLowerCase() + (v === 'Front' || v === 'Back' ? '' : ' side')}`));
  for (const b of views) b.classList.add('vc-view');
  const sides = document.createElement('div');
  sides.className = 'vc-sides';
  sides.setAttribute('role', 'group');
  sides.setAttribute('aria-label', 'Side of the body');
  const left = button('Left side', () => { model.side = 'left'; });
  const right = button('Right side', () => { model.side = 'right'; });
  sides.append(left, right);
  const showAll = toggle('Show all points', 'show_all', 'Keep every dot while a point is chosen');
  const colours = toggle('Colour-blind colours', 'colour_blind', 'Zone colours that colour-blind eyes can tell apart');
  const present = button('Present', () => model.send_msg({ present: true }),
    'Show the body full screen, for a client');
  // the rest after the views: one more row on a phone, which scrolls sideways if it must
  // (view_controls.css), instead of two or three rows of buttons above the body
  const more = document.createElement('div');
  more.className = 'vc-more';
  more.append(sides, showAll, colours, present);
  row.append(drawer, ...views, more);
  el.append(row);

  const sync = () => {
    drawer.hidden = !model.offer_drawer;
    drawer.setAttribute('aria-pressed', String(!!model.drawer));
    sides.hidden = !model.show_side;
    left.setAttribute('aria-pressed', String(model.side === 'left'));
    right.setAttribute('aria-pressed', String(model.side === 'right'));
    showAll.hidden = !model.offer_show_all;
    showAll.setAttribute('aria-pressed', String(!!model.show_all));
    colours.setAttribute('aria-pressed', String(!!model.colour_blind));
    present.hidden = !model.offer_present;
    row.classList.toggle('vc-compact', !!model.compact);
  };
  sync();
  for (const p of ['drawer', 'offer_drawer', 'show_side', 'side', 'show_all', 'offer_show_all',
    'colour_blind', 'offer_present', 'compact']) model.on(p, sync);
}
