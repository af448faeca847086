// Stand-in for Panel in exported HTML files: a tiny model object with the same properties,
// `on` and `send_msg` as Panel's JSComponent model, so body_view.js runs unchanged; clicks are
// answered from the data embedded in the page.  (Appended to body_view.js in one module.)

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

function selectKey(key) {
  const point = CONFIG.points[key];
  if (!point) {
    details.innerHTML = '<article class="atlas-details"><h2>Not in this file</h2>' +
      '<p>This export includes only the points listed. Open the full atlas to explore the others.</p></article>';
    return;
  }
  details.innerHTML = point.html;  // built and escaped by the atlas when the file was made
  model.set({ zone: point.zone, outline: point.outline, selected: point.marker,
              camera: point.camera });
}

const start = CONFIG.points[CONFIG.selected];
const model = makeModel({
  asset_url: '', asset_b64: CONFIG.asset_b64, asset_gzip: true,
  zone: start ? start.zone : '', painted: CONFIG.painted,
  marker_state: CONFIG.marker_state, selected: start ? start.marker : -1,
  outline: start ? start.outline : [], camera: CONFIG.camera, mode: 'explore', erase: false,
  brush_px: 18, hide_dimmed: false, show_all: true, colours: 'standard', alt_text: '3D human body with trigger point markers',
}, (msg) => {
  if (msg.type === 'pick' && msg.kind === 'marker') selectKey(CONFIG.marker_keys[msg.index]);
});

for (const button of document.querySelectorAll('#points button')) {
  button.addEventListener('click', () => selectKey(button.dataset.key));
}
for (const button of document.querySelectorAll('.views button')) {
  button.addEventListener('click', () => model.set({ camera: CONFIG.presets[button.dataset.view] }));
}
render({ model, el: document.getElementById('view') });
