"""What a person would notice on a page, measured in the browser: controls that overlap, text
too small to read.  Both walk into Panel's shadow roots."""

# Every element of the page, shadow roots included, and the part of each box a person can see
# (clipped by every scrolling or hidden-overflow ancestor and by the viewport).
_WALK = r"""
const all = [];
const walk = (root) => { for (const el of root.querySelectorAll('*')) { all.push(el);
  if (el.shadowRoot) walk(el.shadowRoot); } };
walk(document);
const parentOf = (el) => el.parentElement || (el.getRootNode() && el.getRootNode().host) || null;
const shown = (el) => { for (let e = el; e; e = parentOf(e)) { const s = getComputedStyle(e);
  if (s.display === 'none' || s.visibility === 'hidden' || s.opacity === '0') return false; }
  return true; };
const seen = (el) => { const r = el.getBoundingClientRect();
  let [l, t, rt, b] = [r.left, r.top, r.right, r.bottom];
  [l, t, rt, b] = [Math.max(l, 0), Math.max(t, 0), Math.min(rt, innerWidth), Math.min(b, innerHeight)];
  for (let e = parentOf(el); e; e = parentOf(e)) { const s = getComputedStyle(e);
    if (s.overflowX !== 'visible' || s.overflowY !== 'visible') { const p = e.getBoundingClientRect();
      l = Math.max(l, p.left); t = Math.max(t, p.top); rt = Math.min(rt, p.right); b = Math.min(b, p.bottom); } }
  return (rt - l >= 2 && b - t >= 2 && shown(el)) ? {l, t, r: rt, b} : null; };
"""

OVERLAPS = "() => {" + _WALK + r"""
const sel = 'button, input:not([type=hidden]), select, textarea, summary, a[href], [role=tab], [role=button]';
const ctl = all.filter((el) => el.matches(sel) && !el.closest('option'))
  .map((el) => ({el, box: seen(el)})).filter((c) => c.box);
const name = (el) => (el.getAttribute('aria-label') || el.textContent || el.placeholder || el.tagName)
  .trim().slice(0, 40);
const out = [];
for (let i = 0; i < ctl.length; i++) for (let j = i + 1; j < ctl.length; j++) {
  const a = ctl[i], b = ctl[j];
  if (a.el.contains(b.el) || b.el.contains(a.el)) continue;
  const w = Math.min(a.box.r, b.box.r) - Math.max(a.box.l, b.box.l);
  const h = Math.min(a.box.b, b.box.b) - Math.max(a.box.t, b.box.t);
  if (w > 1 && h > 1) out.push([name(a.el), name(b.el), Math.round(w), Math.round(h)]);
}
return {count: ctl.length, overlaps: out};
}"""

SMALL_TEXT = "(least) => {" + _WALK + r"""
const out = [];
for (const el of all) {
  if (['SCRIPT', 'STYLE', 'TEMPLATE'].includes(el.tagName)) continue;
  const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
  if (!own || !seen(el)) continue;
  const px = parseFloat(getComputedStyle(el).fontSize);
  if (px < least) out.push([el.tagName, el.textContent.trim().slice(0, 40), px]);
}
return out;
}"""

TOUCH_TARGETS = "(least) => {" + _WALK + r"""
const sel = 'button, input:not([type=hidden]):not([type=range]), select, summary, [role=tab]';
return all.filter((el) => el.matches(sel)).map((el) => [el, seen(el)]).filter(([, b]) => b)
  .map(([el]) => [el, el.getBoundingClientRect()]).filter(([, r]) => r.height < least)
  .map(([el, r]) => [(el.textContent || el.placeholder || el.tagName).trim().slice(0, 40), Math.round(r.height)]);
}"""


# Every shown control, scrolled into view, is on the screen and is what a click there hits
# (nothing covers it, nothing is cut off for good): {count, unreachable}.
REACHABLE = "() => {" + _WALK + r"""
const hitAt = (x, y) => { let e = document.elementFromPoint(x, y);
  while (e && e.shadowRoot) { const inner = e.shadowRoot.elementFromPoint(x, y);
    if (!inner || inner === e) break; e = inner; }
  return e; };
const sel = 'button, input:not([type=hidden]):not([type=file]), select, textarea, summary, [role=listbox]';
const out = []; let count = 0;
for (const el of all.filter((e) => e.matches(sel) && shown(e))) {
  if (el.getBoundingClientRect().width < 1) continue;
  count++;
  el.scrollIntoView({block: 'center', inline: 'center'});
  const r = el.getBoundingClientRect();
  // the middle of its part inside the window (a long list is taller than the window)
  const x = (Math.max(r.left, 0) + Math.min(r.right, innerWidth)) / 2;
  const y = (Math.max(r.top, 0) + Math.min(r.bottom, innerHeight)) / 2;
  const hit = x >= 0 && x < innerWidth && y >= 0 && y < innerHeight ? hitAt(x, y) : null;
  if (!hit || !(el === hit || el.contains(hit)))
    out.push([(el.getAttribute('aria-label') || el.textContent || el.placeholder || el.tagName)
      .trim().slice(0, 40), Math.round(x), Math.round(y)]);
}
return {count, unreachable: out};
}"""
