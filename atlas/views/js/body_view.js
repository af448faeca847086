// The 3D body: draws the skin, trigger point markers, referral zones, painted pain and a
// footprint outline with the vtk.js that Panel serves (window.vtk); picks markers and skin
// vertices by projecting them to the screen (fast, no GPU read-back) and sends picks and paint
// strokes to Python with model.send_msg.

// Colours come from the body asset (atlas/views/palette.py is their one source).
const CLICK_SLOP_PX = 6;
const MARKER_PICK_PX = 16;
const MARKER_RADIUS = 0.6;
const ANIMATION_MS = 650;
const LONG_PRESS_MS = 500;
const HALO_WAIT_MS = 300; // a pick shows its halo itself only if Python has not answered by then
// Camera distance at which dots have MARKER_RADIUS (about the whole-body front view).
const MARKER_REFERENCE_DISTANCE = 260;
// Spacing of the hatch lines over a compared point's essential zone (spillover: 2.5 times).
const COMPARE_HATCH_CM = 1.2;

function b64ToBuffer(b64) {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out.buffer;
}

const DTYPES = {
  float32: Float32Array, uint16: Uint16Array, uint32: Uint32Array, int8: Int8Array, int16: Int16Array,
  uint8: Uint8Array, int32: Int32Array,
};

export function unpack(buffer) {
  const n = new DataView(buffer).getUint32(0, true);
  const header = JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, 4, n)));
  const base = 4 + n;
  const arrays = {};
  for (const [name, spec] of Object.entries(header.arrays)) {
    const T = DTYPES[spec.dtype];
    arrays[name] = new T(buffer.slice(base + spec.offset, base + spec.offset + spec.length * T.BYTES_PER_ELEMENT));
  }
  return { arrays, meta: header.meta };
}

export function dequantise(delta, origin, scale, n) {
  // Inverse of atlas.scene.quantise: per-axis wrapping differences of 16-bit steps.
  const out = new Float32Array(n * 3);
  for (let a = 0; a < 3; a++) {
    let q = 0;
    for (let i = 0; i < n; i++) {
      q = (q + delta[a * n + i]) % 65536;
      out[3 * i + a] = origin[a] + q * scale[a];
    }
  }
  return out;
}

export function decodeFaces(enc) {
  const nf = enc.length / 3;
  const out = new Uint32Array(nf * 3);
  let first = 0;
  for (let i = 0; i < nf; i++) {
    first += enc[3 * i];
    out[3 * i] = first; out[3 * i + 1] = first + enc[3 * i + 1]; out[3 * i + 2] = first + enc[3 * i + 2];
  }
  return out;
}

function vertexNormals(V, F) {
  // Area-weighted vertex normals, as the Python side computes them.
  const n = new Float32Array(V.length);
  for (let i = 0; i < F.length; i += 3) {
    const a = 3 * F[i], b = 3 * F[i + 1], c = 3 * F[i + 2];
    const ux = V[b] - V[a], uy = V[b + 1] - V[a + 1], uz = V[b + 2] - V[a + 2];
    const vx = V[c] - V[a], vy = V[c + 1] - V[a + 1], vz = V[c + 2] - V[a + 2];
    const nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
    for (const k of [a, b, c]) { n[k] += nx; n[k + 1] += ny; n[k + 2] += nz; }
  }
  for (let i = 0; i < n.length; i += 3) {
    const l = Math.hypot(n[i], n[i + 1], n[i + 2]) || 1;
    n[i] /= l; n[i + 1] /= l; n[i + 2] /= l;
  }
  return n;
}

function sphereTemplate(radius) {
  // A small UV sphere: 8 segments around, 6 bands.
  const pts = [], tris = [];
  const nu = 8, nv = 6;
  pts.push([0, 0, radius]);
  for (let j = 1; j < nv; j++) {
    const phi = Math.PI * j / nv;
    for (let i = 0; i < nu; i++) {
      const th = 2 * Math.PI * i / nu;
      pts.push([radius * Math.sin(phi) * Math.cos(th), radius * Math.sin(phi) * Math.sin(th), radius * Math.cos(phi)]);
    }
  }
  pts.push([0, 0, -radius]);
  const last = pts.length - 1;
  for (let i = 0; i < nu; i++) tris.push([0, 1 + i, 1 + (i + 1) % nu]);
  for (let j = 0; j < nv - 2; j++) {
    for (let i = 0; i < nu; i++) {
      const a = 1 + j * nu + i, b = 1 + j * nu + (i + 1) % nu;
      const c = a + nu, d = b + nu;
      tris.push([a, c, d], [a, d, b]);
    }
  }
  for (let i = 0; i < nu; i++) tris.push([last, 1 + (nv - 2) * nu + (i + 1) % nu, 1 + (nv - 2) * nu + i]);
  return { pts, tris };
}

function decodable(text) {
  try { decodeURIComponent(text); return true; } catch (err) { return false; }
}

function reloadVtk() {
  // vtk.js reads the page URL when it starts and throws on malformed percent-encoding
  // (a hostile or mangled link).  Drop the undecodable parts and run the script again.
  if (!decodable(location.search)) {
    const clean = location.search.slice(1).split('&').filter(decodable).join('&');
    history.replaceState(history.state, '', location.pathname + (clean ? '?' + clean : '') + location.hash);
  }
  const old = [...document.querySelectorAll('script[src]')].find((s) => s.src.includes('vtk.js'));
  if (old) {
    const s = document.createElement('script');
    s.src = old.src;
    document.head.appendChild(s);
  }
}

async function waitForVtk(ms) {
  // Panel loads vtk.js as a separate script; it may arrive after this component renders.
  const t0 = performance.now();
  let retried = false;
  while (!window.vtk && performance.now() - t0 < ms) {
    if (!retried && (document.readyState === 'complete' || !decodable(location.search))) {
      retried = true;
      reloadVtk();
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return window.vtk;
}

// --- the view, in parts ------------------------------------------------------------------------
// render() loads the asset, builds a BodyViewer (skin, markers, halo, outline, camera, picking),
// attaches the pointer controls and wires Panel's model properties to redraws.

export async function render({ model, el }) {
  const wrap = document.createElement('div');
  wrap.className = 'atlas-view';
  // An application, not an image: it takes the focus, has its own keys and holds buttons.
  wrap.setAttribute('role', 'application');
  wrap.setAttribute('aria-roledescription', '3D body');
  wrap.setAttribute('aria-label', model.alt_text);
  wrap.tabIndex = 0;  // keyboard: see installKeys
  el.appendChild(wrap);
  const status = document.createElement('div');
  status.className = 'atlas-view-status';
  status.textContent = 'Loading the body\u2026';
  wrap.appendChild(status);
  performance.mark('atlas:view-start');  // the first frame's split, for bench/run.py
  // The page's early picture of the body (atlas/ui/first_frame.js, served pages only) moves
  // onto this view's place, and goes once this view has drawn (or cannot).
  const early = window.atlasFirstFrame;
  if (early) early.place(wrap);
  const download = model.asset_url ? fetch(model.asset_url) : null; // in parallel with vtk.js
  const vtk = await waitForVtk(30000);
  performance.mark('atlas:vtk-ready');
  if (!vtk) {
    status.textContent = '3D view unavailable: this browser could not start WebGL. Use the list of points instead.';
    if (early) early.end();
    return;
  }
  let buffer;
  try {
    buffer = await loadAsset(model, download);
  } catch (err) {
    status.textContent = 'Could not load the body (' + err + '). Reload the page to try again.';
    if (early) early.end();
    return;
  }
  performance.mark('atlas:asset');
  if (early) early.place(wrap);  // the page is laid out by now
  const body = decodeBody(buffer);
  performance.mark('atlas:decoded');
  const viewer = new BodyViewer(vtk, wrap, model, body);
  performance.mark('atlas:viewer');
  attachPointer(viewer);
  installKeys(viewer);
  wireModel(viewer);
  viewer.firstFrame();
  performance.mark('atlas:first-frame');
  if (early) early.end();
  status.remove();
  model.send_msg({ type: 'ready', t: performance.now() });
  if (model.asset_url) watchConnection(model, wrap);
}

async function loadAsset(model, download) {
  if (model.asset_b64) {
    const buffer = b64ToBuffer(model.asset_b64);
    if (!model.asset_gzip) return buffer;
    const stream = new Blob([buffer]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Response(stream).arrayBuffer();
  }
  const resp = await download;
  if (!resp.ok) throw new Error('HTTP ' + resp.status);
  return resp.arrayBuffer();
}

export function decodeBody(buffer) {
  const { arrays, meta } = unpack(buffer);
  const V = dequantise(arrays.vertices_q, meta.origin, meta.scale, meta.vertices);
  const F = decodeFaces(arrays.faces_rel);
  const normals = vertexNormals(V, F);
  const N = new Int8Array(normals.length);
  for (let i = 0; i < normals.length; i++) N[i] = Math.round(normals[i] * 127);
  return {
    V, F, normals, N, nv: V.length / 3, nf: F.length / 3, palette: meta.palette,
    edgeRamp: meta.edge_ramp || [0.5, 0.5001],
    palettes: meta.palettes || {},
    names: meta.marker_names || [], MP: arrays.marker_positions, MN: arrays.marker_normals,
    MC: arrays.marker_colours, nm: arrays.marker_positions.length / 3,
  };
}

class BodyViewer {
  constructor(vtk, wrap, model, body) {
    Object.assign(this, { vtk, wrap, model, body, P: body.palettes[model.colours] || body.palette });
    const grw = vtk.Rendering.Misc.vtkGenericRenderWindow.newInstance({ background: [1, 1, 1], listenWindowResize: false });
    grw.setContainer(wrap);
    this.grw = grw;
    this.renderer = grw.getRenderer();
    this.rw = grw.getRenderWindow();
    this.camera = this.renderer.getActiveCamera();
    this.ess = new Float32Array(body.nv);
    this.spill = new Float32Array(body.nv);
    this.livePaint = new Set();
    this.markerScale = 1;
    this.anim = null;
    this.renderQueued = false;
    this.still = false;  // a button is down and nothing has moved yet (attachPointer)
    this.missed = false;
    this.addSkin();
    this.addMarkers();
    this.addHalo();
    this.addOutline();
    this.addSpillEdge();
    this.addFarNote();
    this.addPainLegend();
    this.addCompare();
    this.second = null;  // the second view (setSecondView), when one view cannot show the zone
    // A drawer over the view's right edge (model.inset_right, a CSS length): the probe turns
    // the length into pixels, and the camera draws the body centred in the part left uncovered.
    this.insetProbe = document.createElement('div');
    this.insetProbe.className = 'atlas-inset-probe';
    this.insetProbe.setAttribute('aria-hidden', 'true');
    wrap.appendChild(this.insetProbe);
    installControls(vtk, grw.getInteractor());
  }

  applyInset() {
    const css = this.model.inset_right || '';
    this.insetProbe.style.width = css || '0px';
    const px = css ? this.insetProbe.getBoundingClientRect().width : 0;
    const w = this.wrap.getBoundingClientRect().width;
    // one view only: two views side by side are each framed for their own half
    const share = !this.second && w > 0 ? Math.min(0.8, px / w) : 0;
    this.camera.setWindowCenter(share, 0);
    this.wrap.dataset.inset = String(Math.round(px));
  }

  // --- a second view beside the first (Scene.view_plan): one render window, two viewports --
  // The second renderer shows the same actors from its own camera: no second WebGL context
  // and no second copy of the body.  Wide: side by side; taller than wide: one above the other.
  setSecondView(target, labels) {
    const on = !!(target && target.position);
    if (on && !this.second) {
      const r2 = this.vtk.Rendering.Core.vtkRenderer.newInstance({ background: [1, 1, 1] });
      this.renderer.getActors().forEach((a) => r2.addActor(a));
      this.rw.addRenderer(r2);
      this.second = { renderer: r2, camera: r2.getActiveCamera(), labels: [0, 1].map(() => {
        const tag = document.createElement('div');
        tag.className = 'atlas-pane-label';
        this.wrap.appendChild(tag);
        return tag;
      }) };
    } else if (!on && this.second) {
      this.rw.removeRenderer(this.second.renderer);
      this.second.labels.forEach((tag) => tag.remove());
      this.second.renderer.delete();
      this.second = null;
    }
    this.wrap.dataset.views = on ? '2' : '1';
    this.applyInset();
    if (on) {
      const cam = this.second.camera;
      cam.setViewAngle(target.angle || 30);
      cam.setFocalPoint(...target.focal);
      cam.setPosition(...target.position);
      cam.setViewUp(...target.up);
      cam.orthogonalizeViewUp();
      this.second.renderer.resetCameraClippingRange();
      this.second.labels.forEach((tag, i) => { tag.textContent = (labels || [])[i] || ''; });
    }
    this.layoutPanes();
  }

  layoutPanes() {
    // Viewports (vtk: 0..1 from the bottom left) and the labels over them (CSS, from the top).
    const rect = this.wrap.getBoundingClientRect();
    const stacked = rect.height > rect.width;
    this.wrap.dataset.stacked = stacked ? 'true' : 'false';
    if (!this.second) { this.renderer.setViewport(0, 0, 1, 1); return; }
    if (stacked) { this.renderer.setViewport(0, 0.5, 1, 1); this.second.renderer.setViewport(0, 0, 1, 0.5); }
    else { this.renderer.setViewport(0, 0, 0.5, 1); this.second.renderer.setViewport(0.5, 0, 1, 1); }
    this.second.labels.forEach((tag, i) => {
      const p = this.panes(rect)[i];
      tag.style.left = `${Math.round(p.x + 8)}px`;
      tag.style.top = `${Math.round(p.y + 8)}px`;
    });
    this.renderer.resetCameraClippingRange();
    this.second.renderer.resetCameraClippingRange();
  }

  panes(rect) {
    // Each view's camera and its box in CSS pixels inside the view.
    const w = rect.width, h = rect.height;
    if (!this.second) return [{ camera: this.camera, x: 0, y: 0, w, h }];
    const cam2 = this.second.camera;
    if (h > w) return [{ camera: this.camera, x: 0, y: 0, w, h: h / 2 }, { camera: cam2, x: 0, y: h / 2, w, h: h / 2 }];
    return [{ camera: this.camera, x: 0, y: 0, w: w / 2, h }, { camera: cam2, x: w / 2, y: 0, w: w / 2, h }];
  }

  // --- a second point to compare: its zones hatched (no fill), so both read without colour ---
  // Essential: dense diagonal hatching and a solid edge; spillover: sparse hatching the other
  // way.  The first point keeps its colours; the hatch lines let them show through.
  addCompare() {
    const { vtk } = this;
    this.compareEss = new Float32Array(this.body.nv);
    this.compareSpill = new Float32Array(this.body.nv);
    this.comparePd = vtk.Common.DataModel.vtkPolyData.newInstance();
    const mapper = vtk.Rendering.Core.vtkMapper.newInstance();
    mapper.setInputData(this.comparePd);
    const colour = (this.P.compare || [20, 23, 31]).map((c) => c / 255);
    this.compareActor = this.actor(mapper, { color: colour, lineWidth: 2, lighting: false });
  }

  paintCompare() {
    const { V, F, N, nf } = this.body;
    const ess = this.compareEss, spill = this.compareSpill;
    ess.fill(0); spill.fill(0);
    const wire = this.model.compare_zone;
    if (wire) {
      const bytes = new Uint8Array(b64ToBuffer(wire));
      const n = bytes.length / 4;
      const idx = new DataView(bytes.buffer);
      for (let j = 0; j < n; j++) {
        const v = idx.getUint16(2 * j, true);
        if (v < this.body.nv) { ess[v] = bytes[2 * n + j] / 255; spill[v] = bytes[3 * n + j] / 255; }
      }
    }
    const pts = [];
    const lift = (i, c) => V[3 * i + c] + (N[3 * i + c] / 127) * 0.3;
    const cross = (a, b, fa, fb, level) => {
      const t = (level - fa) / (fb - fa);
      for (let c = 0; c < 3; c++) pts.push(lift(a, c) + (lift(b, c) - lift(a, c)) * t);
    };
    // per triangle: where a scalar g crosses each level, one segment (marching triangles)
    const iso = (a, b, c, g, levels) => {
      for (const level of levels) {
        const ia = g[0] >= level, ib = g[1] >= level, ic = g[2] >= level;
        if (ia === ib && ib === ic) continue;
        if (ia !== ib) cross(a, b, g[0], g[1], level);
        if (ib !== ic) cross(b, c, g[1], g[2], level);
        if (ic !== ia) cross(c, a, g[2], g[0], level);
      }
    };
    const stripes = (g, step) => {
      const lo = Math.ceil(Math.min(...g) / step), hi = Math.floor(Math.max(...g) / step);
      const out = [];
      for (let k = lo; k <= hi; k++) out.push(k * step + 1e-4);
      return out;
    };
    for (let t = 0; t < nf && wire; t++) {
      const a = F[3 * t], b = F[3 * t + 1], c = F[3 * t + 2];
      const e = [ess[a], ess[b], ess[c]], s = [spill[a], spill[b], spill[c]];
      if (Math.max(...e) >= 0.5) iso(a, b, c, e, [0.5]);  // the essential zone's solid edge
      const inE = e[0] >= 0.5 && e[1] >= 0.5 && e[2] >= 0.5;
      const inS = !inE && s[0] >= 0.5 && s[1] >= 0.5 && s[2] >= 0.5;
      if (!inE && !inS) continue;
      const sum = (sign) => [a, b, c].map((i) => V[3 * i] + V[3 * i + 1] + sign * V[3 * i + 2]);
      const g = inE ? sum(1) : [a, b, c].map((i) => V[3 * i] - V[3 * i + 1] - V[3 * i + 2]);
      iso(a, b, c, g, stripes(g, inE ? COMPARE_HATCH_CM : 2.5 * COMPARE_HATCH_CM));
    }
    const n = pts.length / 3;
    const lines = new Uint32Array((n / 2) * 3);
    for (let j = 0; j < n / 2; j++) { lines[3 * j] = 2; lines[3 * j + 1] = 2 * j; lines[3 * j + 2] = 2 * j + 1; }
    this.comparePd.getPoints().setData(Float32Array.from(pts), 3);
    this.comparePd.getLines().setData(lines);
    this.comparePd.modified();
    this.wrap.dataset.compare = wire ? 'true' : 'false';
  }

  // --- where the point is when the view shows its zone from the other side -----------------
  addFarNote() {
    const note = document.createElement('div');
    note.className = 'atlas-far';
    note.setAttribute('role', 'status');
    note.hidden = true;
    const text = document.createElement('span');
    const turn = document.createElement('button');
    turn.type = 'button';
    turn.textContent = 'Turn to the point';
    turn.addEventListener('click', () => this.turnToPoint());
    note.append(text, turn);
    keepPointer(note);
    this.wrap.appendChild(note);
    this.farNote = { note, text };
  }

  updateFarNote() {
    // The selected point faces away from the camera: say where it is, offer to turn.
    const k = this.model.selected;
    const { MP, MN, nm } = this.body;
    let far = false;
    if (k >= 0 && k < nm) {
      const P = this.projector();
      far = !P.facing(MP[3 * k], MP[3 * k + 1], MP[3 * k + 2], MN[3 * k], MN[3 * k + 1], MN[3 * k + 2]);
    }
    this.farNote.note.hidden = !far;
    if (!far) return;
    const n = [MN[3 * k], MN[3 * k + 1], MN[3 * k + 2]];
    const where = Math.abs(n[2]) >= Math.abs(n[0])
      ? (n[2] > 0 ? 'on the front of the body' : 'on the back of the body')
      : (n[0] > 0 ? 'on the left side of the body' : 'on the right side of the body');
    this.farNote.text.textContent = `The trigger point is ${where}, out of sight from here. `;
  }

  turnToPoint() {
    const k = this.model.selected;
    const { MP, MN } = this.body;
    const cam = this.camera;
    const focal = [MP[3 * k], MP[3 * k + 1], MP[3 * k + 2]];
    const d = Math.hypot(...cam.getPosition().map((x, i) => x - cam.getFocalPoint()[i]));
    const n = [MN[3 * k] / 127, 0.3 * MN[3 * k + 1] / 127, MN[3 * k + 2] / 127];
    const len = Math.hypot(...n) || 1;
    const position = focal.map((x, i) => x + (n[i] / len) * d);
    this.setCamera({ position, focal, up: [0, 1, 0], angle: cam.getViewAngle() }, true);
  }

  actor(mapper, props) {
    const a = this.vtk.Rendering.Core.vtkActor.newInstance();
    a.setMapper(mapper);
    a.getProperty().set(props);
    this.renderer.addActor(a);
    return a;
  }

  rgbArray(values) {
    return this.vtk.Common.Core.vtkDataArray.newInstance({ name: 'rgb', numberOfComponents: 3, values });
  }

  // --- skin: zone colours looked up per pixel; painted pain as a thin layer on top ----------
  // The two fields are the skin's texture coordinates (u = essential, v = spillover) and the
  // texture is a colour lookup over them, so each pixel's colour comes from the fields
  // interpolated there: a zone's edge follows the field's iso-line, smooth across triangles.
  addSkin() {
    const { vtk } = this;
    const { V, F, nf, nv, normals, N } = this.body;
    const polys = new Uint32Array(nf * 4);
    for (let i = 0; i < nf; i++) {
      polys[4 * i] = 3; polys[4 * i + 1] = F[3 * i]; polys[4 * i + 2] = F[3 * i + 1]; polys[4 * i + 3] = F[3 * i + 2];
    }
    const skin = vtk.Common.DataModel.vtkPolyData.newInstance();
    skin.getPoints().setData(V, 3);
    skin.getPolys().setData(polys);
    skin.getPointData().setNormals(vtk.Common.Core.vtkDataArray.newInstance({ name: 'Normals', numberOfComponents: 3, values: normals }));
    this.zoneCoords = new Float32Array(nv * 2);
    this.zoneTCoords = vtk.Common.Core.vtkDataArray.newInstance({ name: 'zones', numberOfComponents: 2, values: this.zoneCoords });
    skin.getPointData().setTCoords(this.zoneTCoords);
    const mapper = vtk.Rendering.Core.vtkMapper.newInstance({ scalarVisibility: false });
    mapper.setInputData(skin);
    this.skin = skin;
    const actor = this.actor(mapper, { color: [1, 1, 1], ambient: 0.28, diffuse: 0.75, specular: 0.08, specularPower: 12 });
    this.zoneTexture = vtk.Rendering.Core.vtkTexture.newInstance({ interpolate: true, repeat: false, edgeClamp: true });
    actor.addTexture(this.zoneTexture);
    this.paintZoneLookup();
    // Painted pain: the skin's triangles with at least two painted corners, lifted a little.
    const lifted = new Float32Array(V.length);
    for (let i = 0; i < V.length; i++) lifted[i] = V[i] + (N[i] / 127) * 0.06;
    this.painPd = vtk.Common.DataModel.vtkPolyData.newInstance();
    this.painPd.getPoints().setData(lifted, 3);
    this.painPd.getPointData().setNormals(skin.getPointData().getNormals());
    this.painColours = new Uint8Array(nv * 3);
    this.painScalars = this.rgbArray(this.painColours);
    this.painPd.getPointData().setScalars(this.painScalars);
    const painMapper = vtk.Rendering.Core.vtkMapper.newInstance();
    painMapper.setInputData(this.painPd);
    painMapper.setColorModeToDirectScalars();
    painMapper.setScalarModeToUsePointData();
    this.actor(painMapper, { ambient: 0.28, diffuse: 0.75, specular: 0.08, specularPower: 12 });
  }

  paintZoneLookup() {
    // The colour at (essential, spillover) field values: skin -> spillover -> essential, each
    // turning over the asset's edge ramp (palette.EDGE_RAMP; charts.zone_lookup is the same).
    const n = 64;
    const { P } = this;
    const rgb = new Uint8Array(n * n * 3);
    const c = [0, 0, 0];
    for (let j = 0; j < n; j++) {
      for (let i = 0; i < n; i++) {
        mixInto(c, P.skin, P.spillover, edgeWeight(j / (n - 1), this.body.edgeRamp));
        mixInto(c, c, P.essential, edgeWeight(i / (n - 1), this.body.edgeRamp));
        for (let k = 0; k < 3; k++) rgb[3 * (j * n + i) + k] = Math.round(c[k]);
      }
    }
    const img = this.vtk.Common.DataModel.vtkImageData.newInstance();
    img.setDimensions(n, n, 1);
    img.getPointData().setScalars(this.rgbArray(rgb));
    this.zoneTexture.setInputData(img);
    this.zoneTexture.modified();
  }

  decodeZones() {
    // The selection's fields, sparse and quantised (see Scene.zone_wire).
    const { ess, spill } = this;
    const nv = this.body.nv;
    ess.fill(0); spill.fill(0);
    if (!this.model.zone) return;
    const bytes = new Uint8Array(b64ToBuffer(this.model.zone));
    const n = bytes.length / 4;
    const idx = new DataView(bytes.buffer);
    for (let j = 0; j < n; j++) {
      const v = idx.getUint16(2 * j, true);
      if (v < nv) { ess[v] = bytes[2 * n + j] / 255; spill[v] = bytes[3 * n + j] / 255; }
    }
  }

  paintSkin() {
    const { nv } = this.body;
    const { ess, spill, zoneCoords } = this;
    for (let i = 0; i < nv; i++) { zoneCoords[2 * i] = ess[i]; zoneCoords[2 * i + 1] = spill[i]; }
    this.zoneTCoords.modified();
    this.skin.modified();
    this.paintPain();
  }

  // --- painted pain: the intensity colour scale, or two drawings compared ---------------------
  painLevels() {
    // Intensity per vertex (-1: not painted); the stroke being painted shows the brush's level.
    const { nv } = this.body;
    const level = new Int8Array(nv).fill(-1);
    const painted = this.model.painted || [], levels = this.model.pain_levels || [];
    const clamp = (x) => (Number.isInteger(x) ? Math.min(Math.max(x, 0), 10) : 5);
    for (let k = 0; k < painted.length; k++) {
      const v = painted[k];
      if (v >= 0 && v < nv) level[v] = clamp(levels[k]);
    }
    const brush = clamp(this.model.brush_intensity);
    for (const v of this.livePaint) level[v] = brush;
    return level;
  }

  painClasses(level) {
    // With a drawing to compare: 1 only before (shown on stripes only), 2 only now, 3 both.
    const { nv, V } = this.body;
    const cls = new Uint8Array(nv);
    for (const v of this.model.compare_before || []) if (v >= 0 && v < nv) cls[v] = 1;
    const w = (this.model.pain_palette || {}).stripe_cm || 1.4;
    for (let i = 0; i < nv; i++) {
      if (level[i] >= 0) cls[i] += 2;
      else if (cls[i] === 1 && Math.floor((V[3 * i] + V[3 * i + 1] + V[3 * i + 2]) / w) % 2 !== 0) cls[i] = 0;
    }
    return cls;
  }

  paintPain() {
    // Triangles with at least two shown corners, lifted a little off the skin, coloured per
    // vertex from the intensity ramp (tinted where it lies inside the selected point's zones)
    // or, when comparing, from the three comparison styles (palette.pain_for_browser).
    const { nv, F, nf } = this.body;
    const { P, ess, spill, painColours } = this;
    const pal = this.model.pain_palette || {};
    const ramp = pal.intensity || [P.pain];
    const level = this.painLevels();
    const comparing = (this.model.compare_before || []).length > 0;
    const cls = comparing ? this.painClasses(level) : null;
    const styles = comparing ? [null, pal.compare.before_only, pal.compare.after_only, pal.compare.both] : null;
    const shown = new Uint8Array(nv);
    const c = [0, 0, 0];
    const edge = this.body.edgeRamp;
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < nv; i++) {
      if (comparing) {
        counts[cls[i]] += 1;
        if (!cls[i]) continue;
        c[0] = styles[cls[i]][0]; c[1] = styles[cls[i]][1]; c[2] = styles[cls[i]][2];
      } else {
        if (level[i] < 0) continue;
        const r = ramp[Math.min(level[i], ramp.length - 1)];
        mixInto(c, r, P.pain_on_spillover, 0.45 * edgeWeight(spill[i], edge));
        mixInto(c, c, P.pain_on_essential, 0.55 * edgeWeight(ess[i], edge));
      }
      shown[i] = 1;
      painColours[3 * i] = c[0]; painColours[3 * i + 1] = c[1]; painColours[3 * i + 2] = c[2];
    }
    const polys = [];
    for (let t = 0; t < nf; t++) {
      const a = F[3 * t], b = F[3 * t + 1], c3 = F[3 * t + 2];
      if (shown[a] + shown[b] + shown[c3] >= 2) polys.push(3, a, b, c3);
    }
    this.painScalars.modified();
    this.painPd.getPolys().setData(Uint32Array.from(polys));
    this.painPd.modified();
    this.painShown = { level, cls, counts, shown };
    this.updatePainLegend(comparing, level.some((x) => x >= 0));
  }

  addPainLegend() {
    // The key of the pain layer, in a corner of the view: the 0-10 scale, or the comparison.
    const key = document.createElement('div');
    key.className = 'atlas-pain-legend';
    key.setAttribute('role', 'img');
    Object.assign(key.style, {
      position: 'absolute', right: '8px', top: '8px', zIndex: 3, pointerEvents: 'none',
      background: 'rgba(255,255,255,0.9)', border: '1px solid #bbb', borderRadius: '6px',
      padding: '4px 8px', font: '13px system-ui, sans-serif', color: '#1d2433', maxWidth: '60%',
    });
    key.hidden = true;
    this.wrap.appendChild(key);
    this.painLegend = key;
  }

  updatePainLegend(comparing, painted) {
    const key = this.painLegend, pal = this.model.pain_palette || {};
    const css = (c) => `rgb(${c[0]},${c[1]},${c[2]})`;
    const mode = comparing ? 'compare' : painted ? 'intensity' : '';
    key.hidden = !mode;
    if (key.dataset.mode === mode) return;
    key.dataset.mode = mode;
    key.replaceChildren();
    const line = (text) => { const d = document.createElement('div'); d.textContent = text; key.appendChild(d); return d; };
    if (mode === 'intensity') {
      key.setAttribute('aria-label', 'Pain colours: light = mild, dark = worst, 0 to 10');
      line('How much it hurts');
      const bar = document.createElement('div');
      bar.style.display = 'flex';
      for (const [i, c] of (pal.intensity || []).entries()) {
        const cell = document.createElement('span');
        Object.assign(cell.style, { width: '14px', height: '12px', background: css(c), display: 'inline-block' });
        cell.title = String(i);
        bar.appendChild(cell);
      }
      key.appendChild(bar);
      const ends = line('0\u00a0none \u2026 10\u00a0worst');
      ends.style.fontSize = '12px';
    } else if (mode === 'compare') {
      key.setAttribute('aria-label', 'Comparison: ' + Object.values(pal.compare_labels).join(', '));
      for (const [name, label] of Object.entries(pal.compare_labels)) {
        const row = line('');
        const sw = document.createElement('span');
        const c = css(pal.compare[name]);
        Object.assign(sw.style, { display: 'inline-block', width: '14px', height: '12px', marginRight: '6px',
          verticalAlign: 'middle', border: '1px solid #777',
          background: name === 'before_only' ? `repeating-linear-gradient(135deg, ${c} 0 3px, #fff 3px 6px)` : c });
        row.append(sw, document.createTextNode(label));
        row.dataset.style = name;
      }
    }
  }

  painHooks() {
    // For tests: the colour the pain layer gives a vertex (null where nothing is drawn), and
    // how many vertices each comparison style covers.
    const viewer = this;
    return {
      painColour(v) {
        const s = viewer.painShown;
        if (!s || !s.shown[v]) return null;
        return Array.from(viewer.painColours.slice(3 * v, 3 * v + 3));
      },
      compareCounts() {
        const s = viewer.painShown;
        return s && s.cls ? { before_only: s.counts[1], after_only: s.counts[2], both: s.counts[3] } : null;
      },
    };
  }

  // --- markers: one merged polydata of small spheres, coloured by body area --------------------
  addMarkers() {
    const { vtk } = this;
    const { nm } = this.body;
    this.tpl = sphereTemplate(1.0);
    const per = this.tpl.pts.length, perCells = this.tpl.tris.length;
    this.markerPts = new Float32Array(nm * per * 3);
    const polys = new Uint32Array(nm * perCells * 4);
    for (let k = 0; k < nm; k++) {
      for (let t = 0; t < perCells; t++) {
        const o = (k * perCells + t) * 4;
        polys[o] = 3;
        for (let c = 0; c < 3; c++) polys[o + 1 + c] = k * per + this.tpl.tris[t][c];
      }
    }
    const pd = vtk.Common.DataModel.vtkPolyData.newInstance();
    pd.getPoints().setData(this.markerPts, 3);
    pd.getPolys().setData(polys);
    this.markerColours = new Uint8Array(nm * perCells * 3);
    pd.getCellData().setScalars(this.rgbArray(this.markerColours));
    const mapper = vtk.Rendering.Core.vtkMapper.newInstance();
    mapper.setInputData(pd);
    mapper.setColorModeToDirectScalars();
    mapper.setScalarModeToUseCellData();
    this.markerPd = pd;
    this.actor(mapper, { ambient: 0.35, diffuse: 0.7 });
  }

  markerHidden(k) {
    // Focus mode: with a point selected, the other dots step aside unless asked for.
    // A marker_state of -1 hides a dot outright (a quiz question must not show the answer).
    const m = this.model;
    if ((m.marker_state || [])[k] === -1) return true;
    return m.selected >= 0 && !m.show_all && k !== m.selected && k !== m.compare_selected;
  }

  placeMarkers() {
    // Dots keep a steady size on screen: their radius follows the camera distance.
    const { MP, nm } = this.body;
    const pts = this.tpl.pts, per = pts.length, out = this.markerPts;
    for (let k = 0; k < nm; k++) {
      const r = this.markerHidden(k) ? 0 : MARKER_RADIUS * this.markerScale;
      for (let p = 0; p < per; p++) {
        for (let c = 0; c < 3; c++) out[(k * per + p) * 3 + c] = MP[3 * k + c] + pts[p][c] * r;
      }
    }
    this.markerPd.getPoints().modified();
    this.markerPd.modified();
    this.halo.setRadius(MARKER_RADIUS * 1.9 * this.markerScale);
  }

  paintMarkers() {
    const { MC, nm } = this.body;
    const state = this.model.marker_state || [];
    const perCells = this.tpl.tris.length;
    for (let k = 0; k < nm; k++) {
      const s = state[k] === undefined ? 1 : state[k];
      const c = s === 0 ? this.P.dimmed : [MC[3 * k], MC[3 * k + 1], MC[3 * k + 2]];
      for (let t = 0; t < perCells; t++) {
        const o = (k * perCells + t) * 3;
        this.markerColours[o] = c[0]; this.markerColours[o + 1] = c[1]; this.markerColours[o + 2] = c[2];
      }
    }
    this.markerPd.getCellData().getScalars().modified();
    this.placeMarkers();
    this.showHalo(this.model.selected);
  }

  rescaleMarkers() {
    const d = Math.hypot(...this.camera.getPosition().map((x, i) => x - this.camera.getFocalPoint()[i]));
    const scale = Math.min(1.6, Math.max(0.45, d / MARKER_REFERENCE_DISTANCE));
    if (Math.abs(scale - this.markerScale) < 0.03) return;
    this.markerScale = scale;
    this.placeMarkers();
  }

  addHalo() {
    const { vtk } = this;
    this.halo = vtk.Filters.Sources.vtkSphereSource.newInstance({ radius: MARKER_RADIUS * 1.9, thetaResolution: 16, phiResolution: 12 });
    const mapper = vtk.Rendering.Core.vtkMapper.newInstance();
    mapper.setInputConnection(this.halo.getOutputPort());
    this.haloActor = this.actor(mapper, { color: this.P.selected.map((c) => c / 255), opacity: 0.85, ambient: 0.5 });
    this.haloActor.setVisibility(false);
  }

  showHalo(k) {
    const { MP, nm } = this.body;
    const on = k >= 0 && k < nm;
    if (on) this.halo.setCenter(MP[3 * k], MP[3 * k + 1], MP[3 * k + 2]);
    this.haloActor.setVisibility(on);
  }

  // --- the muscle's outline: line segments lifted just off the skin ---------------------------
  addOutline() {
    const { vtk } = this;
    this.outlinePd = vtk.Common.DataModel.vtkPolyData.newInstance();
    const mapper = vtk.Rendering.Core.vtkMapper.newInstance();
    mapper.setInputData(this.outlinePd);
    this.actor(mapper, { color: this.P.outline.map((c) => c / 255), lineWidth: 3, lighting: false });
  }

  paintOutline() {
    // The footprint field's iso-line (Scene.outline): polylines, each its point count n, then
    // per point mesh edge a, b and q (0..255), the point lying at V[a] + (V[b] - V[a]) * q / 255;
    // packed as base64 uint16 (Scene.outline_wire).
    const { V, N, nv } = this.body;
    const e = new Uint16Array(b64ToBuffer(this.model.outline || ''));
    const pts = [];
    const lines = [];
    const at = (a, b, t, c) => {
      const pa = V[3 * a + c] + (N[3 * a + c] / 127) * 0.25, pb = V[3 * b + c] + (N[3 * b + c] / 127) * 0.25;
      return pa + (pb - pa) * t;
    };
    for (let i = 0; i < e.length;) {
      const n = e[i] >>> 0;
      const first = pts.length / 3;
      for (let k = 0; k < n && i + 3 * k + 3 < e.length + 1; k++) {
        const j = i + 1 + 3 * k;
        const a = Math.min(e[j] >>> 0, nv - 1), b = Math.min(e[j + 1] >>> 0, nv - 1);
        for (let c = 0; c < 3; c++) pts.push(at(a, b, e[j + 2] / 255, c));
        if (k) lines.push(2, first + k - 1, first + k);
      }
      i += 1 + 3 * Math.max(n, 1);
    }
    this.outlinePd.getPoints().setData(Float32Array.from(pts), 3);
    this.outlinePd.getLines().setData(Uint32Array.from(lines));
    this.outlinePd.modified();
  }

  // --- the spillover zone's edge: a thin dark line, so spillover reads without colour --------
  addSpillEdge() {
    const { vtk } = this;
    this.spillEdgePd = vtk.Common.DataModel.vtkPolyData.newInstance();
    const mapper = vtk.Rendering.Core.vtkMapper.newInstance();
    mapper.setInputData(this.spillEdgePd);
    this.spillEdgeActor = this.actor(mapper, { color: this.P.spillover_edge.map((c) => c / 255), lineWidth: 1.5, lighting: false });
  }

  paintSpillEdge() {
    // Marching triangles: where the spillover field crosses one half, draw a segment.
    const { V, F, N, nf } = this.body;
    const f = this.spill;
    const pts = [];
    const at = (a, b) => {
      const t = (0.5 - f[a]) / (f[b] - f[a]);
      for (let c = 0; c < 3; c++) {
        const x = V[3 * a + c] + (V[3 * b + c] - V[3 * a + c]) * t;
        pts.push(x + (N[3 * a + c] / 127) * 0.2);
      }
    };
    for (let i = 0; i < nf; i++) {
      const a = F[3 * i], b = F[3 * i + 1], c = F[3 * i + 2];
      const ia = f[a] >= 0.5, ib = f[b] >= 0.5, ic = f[c] >= 0.5;
      if (ia === ib && ib === ic) continue;
      if (ia !== ib) at(a, b);
      if (ib !== ic) at(b, c);
      if (ic !== ia) at(c, a);
    }
    const n = pts.length / 3;
    const lines = new Uint32Array((n / 2) * 3);
    for (let j = 0; j < n / 2; j++) { lines[3 * j] = 2; lines[3 * j + 1] = 2 * j; lines[3 * j + 2] = 2 * j + 1; }
    this.spillEdgePd.getPoints().setData(Float32Array.from(pts), 3);
    this.spillEdgePd.getLines().setData(lines);
    this.spillEdgePd.modified();
    this.spillEdgeActor.getProperty().setColor(...this.P.spillover_edge.map((c) => c / 255));
  }

  // --- camera ---------------------------------------------------------------------------------
  setCamera(target, animate) {
    if (!target || !target.position) return;
    const { camera, renderer, rw, wrap } = this;
    const from = { position: camera.getPosition(), focal: camera.getFocalPoint(), up: camera.getViewUp() };
    camera.setViewAngle(target.angle || 30);
    const apply = (t) => {
      const mix = (a, b) => a.map((x, i) => x + (b[i] - x) * t);
      camera.setFocalPoint(...mix(from.focal, target.focal));
      camera.setPosition(...mix(from.position, target.position));
      camera.setViewUp(...mix(from.up, target.up));
      camera.orthogonalizeViewUp();
      renderer.resetCameraClippingRange();
      this.rescaleMarkers();
    };
    if (this.anim) cancelAnimationFrame(this.anim);
    if (!animate || window.matchMedia('(prefers-reduced-motion: reduce)').matches) {
      apply(1); rw.render(); this.drawn(); this.updateFarNote(); return;
    }
    const t0 = performance.now();
    wrap.dataset.moving = 'true';
    const step = (now) => {
      const t = Math.min(1, (now - t0) / ANIMATION_MS);
      apply(t < 0.5 ? 2 * t * t : 1 - Math.pow(-2 * t + 2, 2) / 2);
      rw.render(); this.drawn();
      if (t < 1) { this.anim = requestAnimationFrame(step); } else { this.anim = null; delete wrap.dataset.moving; this.updateFarNote(); }
    };
    this.anim = requestAnimationFrame(step);
  }

  requestRender() {
    // One update from Python changes several properties at once: redraw once, next frame.
    if (this.renderQueued) return;
    this.renderQueued = true;
    requestAnimationFrame(() => {
      this.renderQueued = false;
      if (this.still) { this.missed = true; return; }  // a click in progress: drawn when it ends
      this.rw.render(); this.drawn();
    });
  }

  drawn() {
    // a new zone is on screen (benchmarks time a click to this)
    if (this.zonePending) { this.zonePending = false; this.wrap.atlas.lastZoneDrawn = performance.now(); }
  }

  // --- picking: project to the screen, nearest front-facing surface wins ----------------------
  projector(sx, sy) {
    // The view under (sx, sy) when there are two (the first one otherwise).
    const rect = this.wrap.getBoundingClientRect();
    const panes = this.panes(rect);
    const pane = panes.find((p) => sx >= p.x && sx < p.x + p.w && sy >= p.y && sy < p.y + p.h) || panes[0];
    const { w, h, x: ox, y: oy } = pane;
    const m = pane.camera.getCompositeProjectionMatrix(w / h, -1, 1);
    const cam = pane.camera.getPosition();
    return {
      rect,
      project(x, y, z) {
        const cx = m[0] * x + m[1] * y + m[2] * z + m[3];
        const cy = m[4] * x + m[5] * y + m[6] * z + m[7];
        const cw = m[12] * x + m[13] * y + m[14] * z + m[15];
        return [ox + (cx / cw + 1) * 0.5 * w, oy + (1 - cy / cw) * 0.5 * h];
      },
      dist(x, y, z) { return Math.hypot(x - cam[0], y - cam[1], z - cam[2]); },
      facing(px, py, pz, nx, ny, nz) { return nx * (cam[0] - px) + ny * (cam[1] - py) + nz * (cam[2] - pz) > 0; },
    };
  }

  skinAt(P, sx, sy, radius) {
    // Front-facing vertices near the cursor, nearest surface only.
    const { V, N, nv } = this.body;
    const hits = [];
    let best = Infinity;
    for (let i = 0; i < nv; i++) {
      const x = V[3 * i], y = V[3 * i + 1], z = V[3 * i + 2];
      if (!P.facing(x, y, z, N[3 * i], N[3 * i + 1], N[3 * i + 2])) continue;
      const [px, py] = P.project(x, y, z);
      const d2 = (px - sx) ** 2 + (py - sy) ** 2;
      if (d2 > radius * radius) continue;
      const d = P.dist(x, y, z);
      hits.push([i, d, d2]);
      if (d < best) best = d;
    }
    return hits.filter((h) => h[1] < best + 4.0);
  }

  markerAt(P, sx, sy, nearestSkin) {
    const { MP, MN, nm } = this.body;
    const state = this.model.marker_state || [];
    let bestK = -1, bestD2 = MARKER_PICK_PX * MARKER_PICK_PX;
    for (let k = 0; k < nm; k++) {
      if ((state[k] === 0 && this.model.hide_dimmed) || this.markerHidden(k)) continue;
      const x = MP[3 * k], y = MP[3 * k + 1], z = MP[3 * k + 2];
      if (!P.facing(x, y, z, MN[3 * k], MN[3 * k + 1], MN[3 * k + 2])) continue;
      if (P.dist(x, y, z) > nearestSkin + 3.0) continue; // hidden behind other skin
      const [px, py] = P.project(x, y, z);
      const d2 = (px - sx) ** 2 + (py - sy) ** 2;
      if (d2 < bestD2) { bestD2 = d2; bestK = k; }
    }
    return bestK;
  }

  pickAt(sx, sy) {
    const P = this.projector(sx, sy);
    const skinHits = this.skinAt(P, sx, sy, 10);
    const nearestSkin = skinHits.length ? Math.min(...skinHits.map((h) => h[1])) : Infinity;
    const k = this.markerAt(P, sx, sy, nearestSkin);
    if (k >= 0) return { kind: 'marker', index: k };
    if (skinHits.length) {
      skinHits.sort((a, b) => a[2] - b[2]);
      return { kind: 'skin', vertex: skinHits[0][0] };
    }
    return null;
  }

  brush(sx, sy) {
    for (const h of this.skinAt(this.projector(sx, sy), sx, sy, this.model.brush_px)) this.livePaint.add(h[0]);
    this.paintSkin();
    this.rw.render();
  }

  firstFrame() {
    this.decodeZones();
    this.paintSkin();
    this.paintSpillEdge();
    this.paintMarkers();
    this.paintOutline();
    this.grw.resize();
    this.applyInset();
    this.setCamera(this.model.camera, false);
    this.renderer.resetCameraClippingRange();
    this.paintCompare();
    this.setSecondView(this.model.second_camera, this.model.view_labels);
    this.rw.render();
    this.wrap.dataset.ready = 'true';
    this.wrap.atlas.firstFrame = performance.now();
  }
}

function keepPointer(el) {
  // vtk.js captures the pointer on the view's container, which would swallow clicks on notes
  // laid over the view: their pointer events stop here.
  for (const type of ['pointerdown', 'pointerup', 'mousedown', 'mouseup', 'wheel', 'touchstart']) {
    el.addEventListener(type, (e) => e.stopPropagation());
  }
}

function edgeWeight(x, ramp) {
  // palette.edge_weight: smoothstep over the edge ramp.
  const t = Math.min(Math.max((x - ramp[0]) / (ramp[1] - ramp[0]), 0), 1);
  return t * t * (3 - 2 * t);
}

function mixInto(out, a, b, t) {
  for (let c = 0; c < 3; c++) out[c] = a[c] + (b[c] - a[c]) * t;
  return out;
}

function installControls(vtk, interactor) {
  // Turntable rotate (world up stays up), pan, zoom, and touch gestures.
  const M = vtk.Interaction.Manipulators;
  const style = vtk.Interaction.Style.vtkInteractorStyleManipulator.newInstance();
  const rotate = M.vtkMouseCameraTrackballRotateManipulator.newInstance({ button: 1 });
  rotate.setUseWorldUpVec(true);
  rotate.setWorldUpVec(0, 1, 0);
  rotate.setUseFocalPointAsCenterOfRotation(true);
  style.addMouseManipulator(rotate);
  style.addMouseManipulator(M.vtkMouseCameraTrackballPanManipulator.newInstance({ button: 1, shift: true }));
  style.addMouseManipulator(M.vtkMouseCameraTrackballPanManipulator.newInstance({ button: 2 }));
  style.addMouseManipulator(M.vtkMouseCameraTrackballZoomManipulator.newInstance({ button: 3 }));
  style.addMouseManipulator(M.vtkMouseCameraTrackballZoomManipulator.newInstance({ scrollEnabled: true, dragEnabled: false }));
  style.addGestureManipulator(M.vtkGestureCameraManipulator.newInstance());
  interactor.setInteractorStyle(style);
}

// --- keyboard: arrows turn, +/- zoom, N steps through the dots in sight, Enter opens one ------
const KEY_TURN_DEG = 15;
const KEY_ZOOM = 1.2;

function installKeys(viewer) {
  const { wrap, model, camera, body } = viewer;
  const say = document.createElement('div');
  say.className = 'atlas-key-note';
  say.setAttribute('aria-live', 'polite');
  say.hidden = true;
  wrap.appendChild(say);
  wrap.setAttribute('aria-keyshortcuts', 'ArrowLeft ArrowRight ArrowUp ArrowDown + - N Enter');
  wrap.title = 'Arrow keys turn the body, + and - zoom, N steps through the dots in sight, Enter opens one';
  let cursor = -1;
  const moved = () => { camera.orthogonalizeViewUp(); viewer.renderer.resetCameraClippingRange();
    viewer.rescaleMarkers(); viewer.rw.render(); };
  const inSight = () => {
    // Dots facing the camera and inside the view, top to bottom (what a sighted user can see).
    const P = viewer.projector(), state = model.marker_state || [], out = [];
    for (let k = 0; k < body.nm; k++) {
      if ((state[k] === 0 && model.hide_dimmed) || state[k] === -1) continue;
      const x = body.MP[3 * k], y = body.MP[3 * k + 1], z = body.MP[3 * k + 2];
      if (!P.facing(x, y, z, body.MN[3 * k], body.MN[3 * k + 1], body.MN[3 * k + 2])) continue;
      const [sx, sy] = P.project(x, y, z);
      if (sx >= 0 && sy >= 0 && sx <= P.rect.width && sy <= P.rect.height) out.push([k, sy, sx]);
    }
    return out.sort((a, b) => a[1] - b[1] || a[2] - b[2]).map((e) => e[0]);
  };
  const step = (dir) => {
    const ks = inSight();
    if (!ks.length) { cursor = -1; say.textContent = 'No dots in sight: turn or zoom out.'; say.hidden = false; return; }
    const at = ks.indexOf(cursor);
    cursor = ks[at < 0 ? (dir > 0 ? 0 : ks.length - 1) : (at + dir + ks.length) % ks.length];
    viewer.showHalo(cursor); viewer.rw.render();
    say.textContent = `${body.names[cursor] || 'Trigger point'} (${ks.indexOf(cursor) + 1} of ${ks.length}). Enter opens it.`;
    say.hidden = false;
  };
  wrap.addEventListener('keydown', (e) => {
    if (e.target !== wrap || e.ctrlKey || e.metaKey || e.altKey) return;
    const turns = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };
    if (turns[e.key]) {
      const [az, el] = turns[e.key];
      if (az) camera.azimuth(az * KEY_TURN_DEG);
      if (el) camera.elevation(el * KEY_TURN_DEG);
      moved();
    } else if (e.key === '+' || e.key === '=' || e.key === '-' || e.key === '_') {
      camera.dolly(e.key === '+' || e.key === '=' ? KEY_ZOOM : 1 / KEY_ZOOM);
      moved();
    } else if (e.key === 'n' || e.key === 'N') {
      step(e.shiftKey ? -1 : 1);
    } else if (e.key === 'Enter' && cursor >= 0) {
      model.send_msg({ type: 'pick', kind: 'marker', index: cursor, seq: 0 });
      say.hidden = true;
    } else {
      return;
    }
    e.preventDefault();
    e.stopPropagation();
  });
  wrap.addEventListener('blur', () => { say.hidden = true; });
  // Escape leaves presentation mode wherever the focus is.
  const onEscape = (e) => { if (e.key === 'Escape') model.send_msg({ type: 'escape' }); };
  document.addEventListener('keydown', onEscape);
  model.on('remove', () => document.removeEventListener('keydown', onEscape));
}

// --- pointer: click picks, drag rotates (or paints), hover and long press name a dot ----------
function attachPointer(viewer) {
  const { wrap, model } = viewer;
  const tip = document.createElement('div');
  tip.className = 'atlas-tip';
  tip.setAttribute('role', 'tooltip');
  tip.hidden = true;
  wrap.appendChild(tip);
  let down = null, seq = 0, longPress = null;
  const local = (e) => {
    const r = wrap.getBoundingClientRect();
    return [e.clientX - r.left, e.clientY - r.top];
  };
  const painting = () => model.mode === 'paint';
  const nameAt = (sx, sy) => {
    const hit = viewer.pickAt(sx, sy);
    if (!hit || hit.kind !== 'marker' || !viewer.body.names[hit.index]) { tip.hidden = true; return; }
    tip.textContent = viewer.body.names[hit.index];
    tip.style.left = `${Math.round(sx + 14)}px`;
    tip.style.top = `${Math.round(sy + 14)}px`;
    tip.hidden = false;
  };

  // vtk.js redraws the whole view when a button goes down and again when it comes up, even
  // when nothing moved: in a click, those frames (100-300 ms each with software WebGL) would hold
  // the page's main thread while Python's answer waits.  Until the camera moves, they are skipped.
  // A redraw asked for meanwhile (an update from Python) is drawn when the button comes up.
  const interactor = viewer.grw.getInteractor();
  const stillPress = (on) => {
    if (on === viewer.still) return;
    viewer.still = on;
    interactor.setEnableRender(!on);
    if (!on && viewer.missed) { viewer.missed = false; viewer.requestRender(); }
  };
  const onOverlay = (e) => e.target instanceof Element && e.target.closest('.atlas-far, .atlas-lost');
  wrap.addEventListener('pointerdown', (e) => {
    if (onOverlay(e)) { down = null; return; }  // notes over the view have their own buttons
    if (!e.isPrimary) { down = null; return; }
    down = { x: e.clientX, y: e.clientY, button: e.button };
    stillPress(true);
    clearTimeout(longPress);
    if (e.pointerType !== 'mouse' && !painting()) {
      const [sx, sy] = local(e);
      longPress = setTimeout(() => nameAt(sx, sy), LONG_PRESS_MS);
    }
    if (painting() && e.button === 0 && !e.shiftKey) {
      e.stopPropagation(); e.preventDefault();
      wrap.setPointerCapture(e.pointerId);
      viewer.livePaint = new Set();
      viewer.brush(...local(e));
    }
  }, true);
  wrap.addEventListener('pointermove', (e) => {
    if (down && Math.hypot(e.clientX - down.x, e.clientY - down.y) > CLICK_SLOP_PX) clearTimeout(longPress);
    if (down && painting() && down.button === 0 && (e.buttons & 1)) {
      e.stopPropagation(); e.preventDefault();
      viewer.brush(...local(e));
      return;
    }
    if (!down && e.pointerType === 'mouse' && !painting()) nameAt(...local(e));
  }, true);
  wrap.addEventListener('pointerleave', () => { tip.hidden = true; });
  // a press that ends outside the view, or that the browser takes over, must not leave drawing off
  window.addEventListener('pointerup', () => setTimeout(() => stillPress(false), 0));
  wrap.addEventListener('pointercancel', () => stillPress(false));
  wrap.addEventListener('pointerup', (e) => {
    setTimeout(() => stillPress(false), 0);  // after vtk.js has handled the release
    clearTimeout(longPress);
    if (!down) return;
    const moved = Math.hypot(e.clientX - down.x, e.clientY - down.y);
    const wasPaint = painting() && down.button === 0 && !e.shiftKey;
    down = null;
    if (wasPaint) {
      e.stopPropagation();
      const verts = Array.from(viewer.livePaint);
      viewer.livePaint = new Set();
      if (verts.length) model.send_msg({ type: 'stroke', vertices: verts, erase: !!model.erase, seq: ++seq });
      return;
    }
    if (e.button === 0 && moved <= CLICK_SLOP_PX) {
      const [sx, sy] = local(e);
      const t0 = performance.now();
      const hit = viewer.pickAt(sx, sy);
      wrap.atlas.pickMs = performance.now() - t0;
      wrap.atlas.lastPick = performance.now();
      if (hit) model.send_msg({ type: 'pick', ...hit, seq: ++seq });
      // Feedback while Python answers, only if it is slow: a frame drawn now would hold the
      // page's main thread (a software-rendered WebGL frame takes 100-300 ms to commit), and the
      // answer, its details and its zone, would wait behind it.  Python's `selected` cancels it.
      clearTimeout(viewer.haloTimer);
      if (hit && hit.kind === 'marker') {
        viewer.haloTimer = setTimeout(() => { viewer.showHalo(hit.index); viewer.requestRender(); }, HALO_WAIT_MS);
      }
    }
  }, true);
  let noteQueued = false;
  viewer.camera.onModified(() => {
    stillPress(false);  // a drag turns the body: vtk.js draws it as it goes
    viewer.rescaleMarkers();
    if (noteQueued || wrap.dataset.moving) return;
    noteQueued = true;
    setTimeout(() => { noteQueued = false; viewer.updateFarNote(); }, 150);
  });
}

// --- model properties -> redraws, and the hooks tests and benchmarks use -----------------------
function wireModel(viewer) {
  const { model, wrap, body } = viewer;
  const redraw = (fn) => () => { fn(); viewer.requestRender(); };
  model.on('zone', redraw(() => { viewer.zonePending = true; viewer.decodeZones(); viewer.paintSkin(); viewer.paintSpillEdge(); }));
  model.on('painted', redraw(() => viewer.paintSkin()));
  for (const name of ['pain_levels', 'compare_before', 'pain_palette']) model.on(name, redraw(() => viewer.paintPain()));
  model.on('marker_state', redraw(() => viewer.paintMarkers()));
  model.on('show_all', redraw(() => viewer.paintMarkers()));
  model.on('colours', redraw(() => {
    viewer.P = body.palettes[model.colours] || body.palette;
    viewer.paintZoneLookup();
    viewer.paintSkin();
    viewer.paintSpillEdge();
  }));
  model.on('selected', redraw(() => { clearTimeout(viewer.haloTimer); wrap.atlas.lastSelected = performance.now(); viewer.paintMarkers(); viewer.updateFarNote(); }));
  model.on('outline', redraw(() => viewer.paintOutline()));
  model.on('camera', () => viewer.setCamera(model.camera, true));
  const views = redraw(() => viewer.setSecondView(model.second_camera, model.view_labels));
  model.on('second_camera', views);
  model.on('view_labels', views);
  const compare = redraw(() => { viewer.paintCompare(); viewer.paintMarkers(); });
  model.on('compare_zone', compare);
  model.on('compare_selected', compare);
  model.on('alt_text', () => wrap.setAttribute('aria-label', model.alt_text));
  model.on('mode', () => { wrap.dataset.mode = model.mode; });
  wrap.dataset.mode = model.mode;

  model.on('inset_right', redraw(() => viewer.applyInset()));
  const resize = () => { viewer.grw.resize(); viewer.layoutPanes(); viewer.applyInset(); viewer.rw.render(); };
  const ro = new ResizeObserver(resize);
  ro.observe(wrap);
  model.on('after_layout', resize);
  model.on('remove', () => { ro.disconnect(); viewer.grw.delete(); });

  wrap.atlas = {
    markerScreen(k) {
      const P = viewer.projector();
      const [x, y] = P.project(body.MP[3 * k], body.MP[3 * k + 1], body.MP[3 * k + 2]);
      return { x: x + P.rect.left, y: y + P.rect.top };
    },
    markerVisible(k) { return !viewer.markerHidden(k); },
    cameraPosition() { return Array.from(viewer.camera.getPosition()); },
    views() { return viewer.second ? 2 : 1; },
    compareSegments() { return viewer.comparePd.getPoints().getNumberOfPoints() / 2; },
    pickAtClient(x, y) {
      const r = wrap.getBoundingClientRect();
      return viewer.pickAt(x - r.left, y - r.top);
    },
    vertexScreen(v) {
      const P = viewer.projector();
      const [x, y] = P.project(body.V[3 * v], body.V[3 * v + 1], body.V[3 * v + 2]);
      return { x: x + P.rect.left, y: y + P.rect.top };
    },
    renders: 0,
    ...viewer.painHooks(),
  };
}

const PING_MS = 4000;
const LOST_AFTER_MS = 11000;
// A server that still answers over HTTP is busy, not gone (a class opening the link at once):
// only after this long without a heartbeat does the page assume its session was lost anyway
// (e.g. the server restarted). A server that does not answer at all is reported at once.
const BUSY_PATIENCE_MS = 120000;

function serverAnswers(model) {
  // A late heartbeat can mean a busy server (a class opening the link at once) or a dead one.
  // Any HTTP answer means alive; a network error means the server is gone.
  const url = model.asset_url || location.pathname;
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), 8000);
  return fetch(url, { method: 'HEAD', cache: 'no-store', signal: ctrl.signal })
    .then(() => true, (err) => err.name === 'AbortError')  // timed out: busy, not gone
    .finally(() => clearTimeout(timer));
}

function lostBanner(wrap) {
  const banner = document.createElement('div');
  banner.className = 'atlas-lost';
  banner.setAttribute('role', 'alert');
  banner.textContent = 'The connection to the atlas server was lost. Your view is saved in the link: reload the page to continue.';
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = 'Reload';
  button.addEventListener('click', () => location.reload());
  banner.appendChild(button);
  keepPointer(banner);
  wrap.appendChild(banner);
  return banner;
}

function watchConnection(model, wrap) {
  // Heartbeat: if the server stops answering (restarted, network gone), say so plainly; a
  // server that is only busy gets more patience, so open pages never show a false alarm.
  // The page's link holds the view, so reloading brings the user back to the same place.
  let lastPong = performance.now();
  let banner = null;
  let probing = false;
  // Benchmark hook: the round trip of every ping (ms), answered in order (last 500 kept).
  const sent = [];
  const beat = wrap.atlas.heartbeat = { rtts: [], ping };
  function ping() {
    try { model.send_msg({ type: 'ping' }); sent.push(performance.now()); } catch (err) { /* connection already gone */ }
    if (sent.length > 500) sent.shift();
  }
  model.on('pong', () => {
    lastPong = performance.now();
    if (sent.length) beat.rtts.push(lastPong - sent.shift());
    if (beat.rtts.length > 500) beat.rtts.shift();
    if (banner) { banner.remove(); banner = null; }
  });
  const timer = setInterval(() => {
    ping();
    const late = performance.now() - lastPong;
    if (banner || probing || late <= LOST_AFTER_MS) return;
    if (late > BUSY_PATIENCE_MS) { banner = lostBanner(wrap); return; }
    probing = true;  // late: ask the server over HTTP whether it is there at all
    serverAnswers(model).then((alive) => {
      probing = false;
      if (!alive && !banner && performance.now() - lastPong > LOST_AFTER_MS) banner = lostBanner(wrap);
    });
  }, PING_MS);
  model.on('remove', () => clearInterval(timer));
}
