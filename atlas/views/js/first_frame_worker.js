// The body's first picture, drawn in a worker while the page's big scripts (Bokeh, Panel,
// vtk.js) are still loading on the main thread.  The page (atlas/ui/first_frame.js, in app.PAGE_TEMPLATE) hands this
// worker an OffscreenCanvas laid where the 3D view will be, the body asset's URL, the 3D view's
// module (its asset decoder, so the body is decoded one way) and the camera the view opens
// with.  It draws the bare skin, lit as the view lights it; when the view has drawn its own
// first frame, the page removes the canvas and ends this worker (body_view.js, firstFrame).
//
// Messages in: {canvas, asset, module, camera, width, height} once, then {width, height} when
// the view's real place is known.  Messages out: {drawn: ms} after each frame, {failed: why}.

let scene = null;

self.onmessage = (event) => {
  const m = event.data;
  if (m.canvas) start(m).catch((err) => self.postMessage({ failed: String(err) }));
  else if (scene && m.width) { resize(scene, m.width, m.height); draw(scene); }
};

async function start({ canvas, asset, module, camera, width, height }) {
  const [decoder, buffer] = await Promise.all([
    import(module), fetch(asset).then((r) => { if (!r.ok) throw new Error('HTTP ' + r.status); return r.arrayBuffer(); }),
  ]);
  const body = decoder.decodeBody(buffer);
  body.radius = boundingRadius(body.V);
  const gl = canvas.getContext('webgl', { antialias: true, alpha: false });
  if (!gl) throw new Error('no WebGL in a worker');
  scene = { gl, canvas, camera, body, ...upload(gl, body) };
  resize(scene, width, height);
  draw(scene);
}

const VERTEX = `
attribute vec3 position; attribute vec3 normal;
uniform mat4 view; uniform mat4 projection;
varying vec3 n; varying vec3 eye;
void main() {
  vec4 p = view * vec4(position, 1.0);
  n = mat3(view) * normal; eye = -p.xyz;
  gl_Position = projection * p;
}`;
// vtk.js's headlight with the skin's material in body_view.js (addSkin): ambient 0.28,
// diffuse 0.75, specular 0.08 at power 12, lit from both faces.
const FRAGMENT = `
precision mediump float;
uniform vec3 skin; varying vec3 n; varying vec3 eye;
void main() {
  vec3 N = normalize(n); vec3 V = normalize(eye);
  float d = abs(dot(N, V));
  float s = pow(max(dot(reflect(-V, N * sign(dot(N, V))), V), 0.0), 12.0);
  gl_FragColor = vec4(skin * (0.28 + 0.75 * d) + vec3(0.08 * s), 1.0);
}`;

function upload(gl, body) {
  const program = gl.createProgram();
  for (const [kind, text] of [[gl.VERTEX_SHADER, VERTEX], [gl.FRAGMENT_SHADER, FRAGMENT]]) {
    const shader = gl.createShader(kind);
    gl.shaderSource(shader, text);
    gl.compileShader(shader);
    gl.attachShader(program, shader);
  }
  gl.linkProgram(program);
  if (!gl.getProgramParameter(program, gl.LINK_STATUS)) throw new Error(gl.getProgramInfoLog(program));
  const buffer = (target, data) => { const b = gl.createBuffer(); gl.bindBuffer(target, b); gl.bufferData(target, data, gl.STATIC_DRAW); return b; };
  const attribute = (name, data) => {
    buffer(gl.ARRAY_BUFFER, data);
    const at = gl.getAttribLocation(program, name);
    gl.enableVertexAttribArray(at);
    gl.vertexAttribPointer(at, 3, gl.FLOAT, false, 0, 0);
  };
  gl.useProgram(program);
  attribute('position', body.V);
  attribute('normal', body.normals);
  if (!gl.getExtension('OES_element_index_uint')) throw new Error('no 32-bit indices');
  buffer(gl.ELEMENT_ARRAY_BUFFER, body.F);
  return { program, count: body.F.length };
}

function resize(scene, width, height) {
  scene.canvas.width = Math.max(1, Math.round(width));
  scene.canvas.height = Math.max(1, Math.round(height));
}

function draw(scene) {
  const { gl, canvas, camera, body, program, count } = scene;
  gl.viewport(0, 0, canvas.width, canvas.height);
  gl.clearColor(1, 1, 1, 1);
  gl.enable(gl.DEPTH_TEST);
  gl.clear(gl.COLOR_BUFFER_BIT | gl.DEPTH_BUFFER_BIT);
  const view = lookAt(camera.position, camera.focal, camera.up);
  const distance = Math.hypot(...camera.position.map((x, i) => x - camera.focal[i]));
  const radius = body.radius;
  const near = Math.max(1, distance - 1.5 * radius), far = distance + 1.5 * radius;
  const projection = perspective(camera.angle || 30, canvas.width / canvas.height, near, far);
  gl.uniformMatrix4fv(gl.getUniformLocation(program, 'view'), false, view);
  gl.uniformMatrix4fv(gl.getUniformLocation(program, 'projection'), false, projection);
  gl.uniform3fv(gl.getUniformLocation(program, 'skin'), body.palette.skin.map((c) => c / 255));
  gl.drawElements(gl.TRIANGLES, count, gl.UNSIGNED_INT, 0);
  self.postMessage({ drawn: performance.timeOrigin + performance.now() });
}

function boundingRadius(V) {
  const lo = [Infinity, Infinity, Infinity], hi = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < V.length; i++) { const a = i % 3; lo[a] = Math.min(lo[a], V[i]); hi[a] = Math.max(hi[a], V[i]); }
  return Math.hypot(hi[0] - lo[0], hi[1] - lo[1], hi[2] - lo[2]) / 2;
}

// Column-major 4x4 matrices, as WebGL takes them.
function lookAt(eye, target, up) {
  const sub = (a, b) => a.map((x, i) => x - b[i]);
  const norm = (a) => { const l = Math.hypot(...a) || 1; return a.map((x) => x / l); };
  const cross = (a, b) => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
  const dot = (a, b) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
  const z = norm(sub(eye, target)), x = norm(cross(up, z)), y = cross(z, x);
  return new Float32Array([x[0], y[0], z[0], 0, x[1], y[1], z[1], 0, x[2], y[2], z[2], 0,
    -dot(x, eye), -dot(y, eye), -dot(z, eye), 1]);
}

function perspective(angleDeg, aspect, near, far) {
  const f = 1 / Math.tan((angleDeg * Math.PI) / 360);
  return new Float32Array([f / aspect, 0, 0, 0, 0, f, 0, 0, 0, 0, (far + near) / (near - far), -1,
    0, 0, (2 * far * near) / (near - far), 0]);
}
