// The body before the page's scripts have run (inlined by app.PAGE_TEMPLATE under atlas serve,
// ahead of Bokeh, Panel and vtk.js, which take about a second to load and run).  A worker
// (atlas/views/js/first_frame_worker.js) draws the bare skin into a canvas laid where the 3D
// view will appear; the view moves it onto its own place once that exists (place) and removes
// it when it has drawn its own first frame (end).  The server puts it only in pages whose link
// opens the usual layout with one view, with that view's camera (server.first_frame_per_link).
(function () {
  const box = document.getElementById('atlas-first-frame');
  const config = JSON.parse(document.getElementById('atlas-first-frame-config').textContent);
  const canvas = box.querySelector('canvas');
  if (!window.Worker || !canvas.transferControlToOffscreen) {
    box.remove();
    return;
  }
  const dpr = window.devicePixelRatio || 1;
  const put = (r) => {
    Object.assign(box.style, { left: r.left + 'px', top: r.top + 'px', width: r.width + 'px', height: r.height + 'px' });
    return [r.width * dpr, r.height * dpr];
  };
  const [width, height] = put(guess(innerWidth, innerHeight));
  const absolute = (url) => new URL(url, location.href).href;
  let worker;
  try {  // a browser without module workers: the page simply waits for the 3D view
    worker = new Worker(absolute(config.worker), { type: 'module' });
    const offscreen = canvas.transferControlToOffscreen();
    worker.postMessage({ canvas: offscreen, asset: absolute(config.asset), module: absolute(config.module),
      camera: config.camera, width, height }, [offscreen]);
  } catch (err) {
    if (worker) worker.terminate();
    box.remove();
    return;
  }
  const end = () => { worker.terminate(); box.remove(); window.atlasFirstFrame = null; };
  worker.onmessage = (event) => {  // drawn: when the worker drew (ms since navigation; bench/run.py)
    if (event.data.failed) end();
    else {
      const at = event.data.drawn - performance.timeOrigin;
      if (box.dataset.drawn) return;  // a redraw at the view's own place
      box.dataset.drawn = String(Math.round(at));
      performance.mark('atlas:early-frame', { startTime: at });
    }
  };
  worker.onerror = end;
  window.atlasFirstFrame = {
    place(el) {  // onto the 3D view's own place, once it is laid out
      const r = el.getBoundingClientRect();
      if (r.width < 10 || r.height < 10) return;
      const [w, h] = put({ left: r.left + scrollX, top: r.top + scrollY, width: r.width, height: r.height });
      worker.postMessage({ width: w, height: h });
    },
    end,
  };

  // Where the view appears in the usual layout (layout.css: three columns when wide,
  // the body first when narrow); `place` corrects it once the page is built.
  function guess(w, h) {
    if (w > 900) {
      const left = w > 1100 ? 288 : 248, right = w > 1100 ? 348 : 288;
      return { left, top: 118, width: Math.max(300, w - left - right), height: Math.max(300, h - 210) };
    }
    const view = h <= 500 ? Math.max(h - 170, 200) : Math.max(0.6 * h - 50, 280);
    return { left: 0, top: w < 500 ? 222 : 152, width: w, height: view };
  }
})();
