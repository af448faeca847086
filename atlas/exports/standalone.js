// Stand-in for Panel in exported HTML files: a tiny model object with the same properties,
// `on` and `send_msg` as Panel's JSComponent model, so body_view.js runs unchanged; clicks are
// answered from the data embedded in the page.  (Appended to body_view.js in one module; a
// lesson's script comes after it and may set `onPick` and call `showPoint`.)

const CONFIG = JSON.parse(document.getElementById('atlas-config').textContent);

function makeModel(props, onMessage) {
  const handlers = {};
  const model = {
    ...props,
    on(name, cb) { (handlers[name] = handlers[name] || []).push(cb); },
    send_msg(msg) { onMessage(msg); },
    set(values) {
      for (const [name, value] of Object.entries(values)) {
        model[name] = value;
        for (const cb of handlers[name] || []) cb();
      }
    },
  };
  return model;
}

const details = document.getElementById('details');
let currentSide = CONFIG.side || 'left';
let selectedPid = '';
let onPick = null;  // a lesson may answer clicks on the body itself

function showDetails(html) {
  details.innerHTML = html;  // built and escaped by the atlas when the file was made
  details.scrollTop = 0;  // the details start at their heading, in view
  if (details.getBoundingClientRect().top > window.innerHeight - 80) {
    details.scrollIntoView({ block: 'start' });
  }
}

function showPoint(key, { camera = true, text = true } = {}) {
  const point = CONFIG.points[key];
  if (!point) {
    showDetails('<article class="atlas-details"><h2>Not in this file</h2>' +
      '<p>This file includes only the points listed. Open the full atlas to explore the others.</p></article>');
    return null;
  }
  if (text && point.html) showDetails(point.html);
  model.set({ zone: point.zone, outline: point.outline, selected: point.marker });
  if (camera) model.set({ camera: point.camera });
  currentSide = point.side;
  selectedPid = point.id;
  markButtons(point.id);
  return point;
}

function keyFor(pid, side) {
  // the point on the chosen side, or its only side
  if (CONFIG.points[`${pid}:${side}`]) return `${pid}:${side}`;
  return Object.keys(CONFIG.points).find((k) => k.startsWith(`${pid}:`)) || '';
}

function markButtons(pid) {
  for (const b of document.querySelectorAll('#points button')) {
    b.setAttribute('aria-pressed', String(b.dataset.point === pid));
  }
  for (const b of document.querySelectorAll('.sides button')) {
    b.setAttribute('aria-pressed', String(b.dataset.side === currentSide));
  }
}

const start = CONFIG.points[CONFIG.selected];
const model = makeModel({
  asset_url: '', asset_b64: CONFIG.asset_b64, asset_gzip: true,
  zone: start ? start.zone : '', painted: CONFIG.painted,
  marker_state: CONFIG.marker_state, selected: start ? start.marker : -1,
  outline: start ? start.outline : '', camera: CONFIG.camera, mode: 'explore', erase: false,
  brush_px: 18, hide_dimmed: false, show_all: CONFIG.show_all !== false, colours: 'standard',
  alt_text: CONFIG.alt_text || '3D human body with trigger point markers',
}, (msg) => {
  if (msg.type !== 'pick' || msg.kind !== 'marker') return;
  const key = CONFIG.marker_keys[msg.index];
  if (!(onPick && onPick(key))) showPoint(key, { camera: false });
});

if (start) selectedPid = start.id;
for (const button of document.querySelectorAll('#points button')) {
  button.addEventListener('click', () => { selectedPid = button.dataset.point; showPoint(keyFor(selectedPid, currentSide)); });
}
for (const button of document.querySelectorAll('.sides button')) {
  button.addEventListener('click', () => {
    currentSide = button.dataset.side;
    markButtons(selectedPid);
    if (selectedPid) showPoint(keyFor(selectedPid, currentSide));
  });
}
for (const button of document.querySelectorAll('.views button')) {
  button.addEventListener('click', () => model.set({ camera: CONFIG.presets[button.dataset.view] }));
}
markButtons(selectedPid);
if (window.matchMedia('(max-width: 760px)').matches) {
  for (const key of document.querySelectorAll('details.colour-key')) key.open = false;
}
render({ model, el: document.getElementById('view') });
