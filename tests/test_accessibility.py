"""Keyboard only, inside a course page's iframe, and an axe-core scan (real Chromium).

axe-core comes bundled in the ``axe-playwright-python`` package: nothing is downloaded."""

import re

import pytest

from tests.browser import OfflinePage
from tests.page_probes import OVERLAPS
from tests.test_layout import SHOTS

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# The element that has the focus, looking inside Panel's shadow roots.
FOCUSED = """() => { let e = document.activeElement;
  while (e && e.shadowRoot && e.shadowRoot.activeElement) e = e.shadowRoot.activeElement;
  return e ? {tag: e.tagName, cls: e.className || '', label: e.getAttribute('aria-label') || '',
    placeholder: e.placeholder || '', role: e.getAttribute('role') || '',
    outline: getComputedStyle(e).outlineWidth + ' ' + getComputedStyle(e).outlineStyle + ' '
      + getComputedStyle(e).outlineColor} : null; }"""
SEARCH = "Muscle, point, body region or condition"
# New text in the search box as typing gives it, without moving the focus
RETYPE = "(box, text) => { box.value = text; box.dispatchEvent(new Event('input', {bubbles: true})); }"


def tab_to(page, want, limit=60):
    """Press Tab until the focused element matches ``want`` (a predicate on FOCUSED's dict)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = page.evaluate(FOCUSED)
        if now and want(now):
            return now
    raise AssertionError(f"Tab never reached the element; last focus: {now}")


def luminance(rgb):
    c = [v / 255 for v in rgb]
    c = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in c]
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]


def contrast(a, b):
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def heading(page):
    return page.locator(".atlas-details h2").first.inner_text()


def test_keyboard_only_search_list_turn_and_read(browser, live_server):
    op = OfflinePage(browser, viewport=(1280, 800))
    try:
        page = op.page
        page.goto(live_server + "/atlas")
        op.wait_ready()
        # search -> a point: type, Tab into the one list, Enter chooses; the box clears
        found = tab_to(page, lambda f: f["placeholder"] == SEARCH)
        width, style, colour = found["outline"].split(" ", 2)
        assert float(width.rstrip("px")) >= 2 and style == "solid"  # a ring people can see
        rgb = [int(v) for v in re.findall(r"\d+", colour)[:3]]
        assert contrast(rgb, (255, 255, 255)) >= 3
        page.keyboard.type("masseter")
        results = page.get_by_role("listbox", name="Search results (best first)")
        results.wait_for()
        tab_to(page, lambda f: f["role"] == "listbox")
        active = results.locator(".lb-option.active")
        # results that arrive while the list has the focus (a later keystroke's) keep a highlight
        for query, muscle in (("temporalis", "Temporalis (Muscle)"), ("masseter", "Masseter (Muscle)")):
            page.get_by_placeholder(SEARCH).evaluate(RETYPE, query)  # the focus stays in the list
            results.locator(f'.lb-option[aria-label="{muscle}"]').wait_for()
            assert active.count() == 1
        for _ in range(12):  # down the list to the muscle itself (a condition may come first)
            if active.get_attribute("aria-label") == "Masseter (Muscle)":
                break
            page.keyboard.press("ArrowDown")
        assert active.get_attribute("aria-label") == "Masseter (Muscle)"
        page.keyboard.press("Enter")
        page.wait_for_function("() => location.search.includes('point=masseter')")
        assert heading(page) == "Masseter"
        assert page.get_by_placeholder(SEARCH).input_value() == ""

        # the list of points: arrows move the highlight only; Enter opens
        points = page.get_by_role("listbox", name="Trigger points (use arrow keys)")
        tab_to(page, lambda f: f["role"] == "listbox")
        before = camera(page)
        url = page.url
        for _ in range(3):
            page.keyboard.press("ArrowDown")
        page.wait_for_timeout(400)
        assert page.url == url and camera(page) == before  # nothing moved yet
        active = points.locator(".lb-option.active")
        muscle = active.evaluate("el => { let h = el.previousElementSibling;"
                                 " while (h && !h.classList.contains('lb-group'))"
                                 " h = h.previousElementSibling; return h.textContent; }")
        page.keyboard.press("Enter")
        page.wait_for_function("(u) => location.href !== u", arg=url)
        page.locator(".atlas-details h2", has_text=muscle).first.wait_for()

        # the 3D view: Tab reaches it, arrows turn, + zooms, N names a dot, Enter opens it
        tab_to(page, lambda f: "atlas-view" in str(f["cls"]))
        op.wait_still()
        start = camera(page)
        page.keyboard.press("ArrowLeft")
        turned = camera(page)
        assert turned != start
        page.keyboard.press("+")
        assert distance(camera(page), turned) > 1  # nearer the body
        page.keyboard.press("-")
        page.keyboard.press("n")
        note = page.locator(".atlas-key-note")
        note.wait_for()
        name = note.inner_text()
        assert " of " in name and "Enter opens it" in name
        page.keyboard.press("Enter")
        page.locator(".atlas-details h2", has_text=name.split(" \u2013 ")[0]).first.wait_for()
        # read the details: the referral zones in words
        details = page.locator(".atlas-details").first.inner_text()
        assert "Where the pain is felt" in details and "Essential zone" in details
        assert op.blocked == [] and op.errors == []
    finally:
        op.close()


def camera(page):
    return page.locator(".atlas-view").evaluate("el => el.atlas.cameraPosition()")


def distance(a, b):
    return sum((x - y) ** 2 for x, y in zip(a, b)) ** 0.5


# Inside a frame: a part's box in the frame's own coordinates.
BOX = "el => { const r = el.getBoundingClientRect(); return {x: r.x, y: r.y, w: r.width, h: r.height}; }"


def covered(a, b) -> float:
    """Share of box a's area that box b covers."""
    w = min(a["x"] + a["w"], b["x"] + b["w"]) - max(a["x"], b["x"])
    h = min(a["y"] + a["h"], b["y"] + b["h"]) - max(a["y"], b["y"])
    return max(w, 0) * max(h, 0) / (a["w"] * a["h"])


def test_the_atlas_draws_in_a_course_pages_iframes(browser, live_server):
    """A local page with a 800x600 frame at the top and a 560x420 one below the fold; then the
    same two frames with the details, the key and the buttons switched off."""
    n_markers = len(__import__("atlas").load().scene.markers)
    op = OfflinePage(browser, viewport=(1280, 800))
    try:
        page = op.page
        src = live_server + "/atlas?embed=true&point=upper_trapezius_tp1&markers=selected"
        page.set_content(
            f'<h1>Course notes</h1><iframe id="big" src="{src}" width="800" height="600" '
            f'title="Atlas"></iframe><div style="height:1400px"></div><iframe id="small" '
            f'src="{src}" width="560" height="420" title="Atlas, small"></iframe>')
        for name, (width, height) in (("big", (800, 600)), ("small", (560, 420))):
            page.locator(f"#{name}").scroll_into_view_if_needed()
            frame = page.frame_locator(f"#{name}")
            frame.locator(".atlas-view[data-ready=true]").wait_for(timeout=60000)
            frame.locator(".atlas-view[data-ready=true]:not([data-moving])").wait_for(timeout=20000)
            inner = page.locator(f"#{name}").element_handle().content_frame()
            assert inner.evaluate("document.scrollingElement.scrollWidth") <= width
            # the body fits: no scrolling inside the frame (a few px of rounding allowed)
            view = frame.locator(".atlas-view").first
            box = view.evaluate(BOX)
            assert box["w"] >= 0.9 * width and box["h"] >= 0.45 * height, (name, box)
            assert box["y"] + box["h"] <= height + 4, (name, box)
            assert inner.evaluate("document.scrollingElement.scrollHeight") <= height + 4
            assert skin_share(frame.locator(".atlas-view canvas").first.screenshot()) > 0.05, name
            found = inner.evaluate(OVERLAPS)
            assert found["overlaps"] == [], (name, found)
            # a compact disclaimer, inside the frame
            note = frame.locator(".atlas-disclaimer").evaluate(BOX)
            assert note["h"] <= 48 and note["y"] >= 0 and note["y"] + note["h"] <= height, (name, note)
            # every view button whole inside the frame (they wrap onto a second row)
            for label in ("Details", "Front", "Head", "Right side", "Show all points", "Colour-blind colours"):
                b = frame.get_by_role("button", name=label, exact=True).evaluate(BOX)
                assert b["x"] >= 0 and b["x"] + b["w"] <= width and b["y"] + b["h"] < box["y"] + 2, (label, b)
            # markers=selected: the chosen point's dot is the only one drawn
            shown = view.evaluate(f"el => Array.from({{length: {n_markers}}}, (_, k) => k)"
                                  ".filter((k) => el.atlas.markerVisible(k))")
            assert len(shown) == 1, (name, shown)
            # the chosen point's details sit in a drawer over part of the view, beside the dot
            drawer = frame.locator(".atlas-drawer")
            drawer.locator(".atlas-details h2", has_text="Upper trapezius").wait_for()
            frame.locator(".atlas-view[data-inset]:not([data-inset='0'])").wait_for()
            page.locator(f"#{name}").screenshot(path=str(SHOTS / f"iframe-{name}.png"))
            over = drawer.evaluate(BOX)
            assert covered(box, over) <= 2 / 3, (name, covered(box, over))
            dot = view.evaluate("(el, k) => el.atlas.markerScreen(k)", shown[0])
            assert box["x"] + 4 < dot["x"] < over["x"] - 4 and box["y"] < dot["y"] < box["y"] + box["h"], \
                (name, dot, over)
            frame.get_by_role("button", name="Details", exact=True).click()
            drawer.wait_for(state="hidden")
            frame.locator(".atlas-view[data-inset='0']").wait_for()  # the body goes back to the middle

        # details, key and buttons off: the view takes the room
        page.set_content(
            f'<iframe id="big" src="{src}&details=off&legend=off&controls=off" width="800" height="600" '
            f'title="Atlas"></iframe><iframe id="small" src="{src}&details=off&legend=off&controls=off" '
            'width="560" height="420" title="Atlas, small"></iframe>')
        for name, (width, height) in (("big", (800, 600)), ("small", (560, 420))):
            frame = page.frame_locator(f"#{name}")
            frame.locator(".atlas-view[data-ready=true]").wait_for(timeout=60000)
            box = frame.locator(".atlas-view").first.evaluate(BOX)
            assert box["h"] >= 0.7 * height and box["y"] + box["h"] <= height + 4, (name, box)
            for gone in (".atlas-drawer", ".atlas-legend", ".atlas-view-buttons"):
                assert frame.locator(gone).count() == 0 or not frame.locator(gone).first.is_visible(), gone
            assert frame.get_by_role("button", name="Front").count() == 0
            page.locator(f"#{name}").screenshot(path=str(SHOTS / f"iframe-{name}-bare.png"))
        assert op.blocked == [] and op.errors == []
    finally:
        op.close()


def test_a_small_frame_on_a_touch_screen_keeps_finger_sized_buttons_and_fits(browser, live_server):
    """With a finger the frame's buttons stay 44 px tall; the disclaimer stays one compact line
    and the 560x420 frame still needs no scrolling."""
    op = OfflinePage(browser, viewport=(1280, 800), touch=True)
    try:
        page = op.page
        page.set_content(f'<iframe id="small" src="{live_server}/atlas?embed=true&point=upper_trapezius_tp1" '
                         'width="560" height="420" title="Atlas, small"></iframe>')
        frame = page.frame_locator("#small")
        frame.locator(".atlas-view[data-ready=true]").wait_for(timeout=60000)
        inner = page.locator("#small").element_handle().content_frame()
        assert inner.evaluate("matchMedia('(pointer: coarse)').matches")
        assert inner.evaluate("document.scrollingElement.scrollHeight") <= 424
        assert inner.evaluate(OVERLAPS)["overlaps"] == []
        assert frame.locator(".atlas-disclaimer").evaluate(BOX)["h"] <= 48
        for label in ("Details", "Front", "Colour-blind colours"):
            assert frame.get_by_role("button", name=label, exact=True).evaluate(BOX)["h"] >= 44, label
        view = frame.locator(".atlas-view").first.evaluate(BOX)
        assert view["h"] >= 0.4 * 420 and view["y"] + view["h"] <= 424, view
        assert op.blocked == [] and op.errors == []
    finally:
        op.close()


def skin_share(png: bytes) -> float:
    """Share of a picture's pixels that are not the white background (the body drew)."""
    import io

    from PIL import Image

    img = Image.open(io.BytesIO(png)).convert("L").resize((100, 100))
    return sum(1 for v in img.getdata() if v < 235) / 10000


def serious(page):
    from axe_playwright_python.sync_playwright import Axe

    found = Axe().run(page).response["violations"]
    return [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in found
            if v["impact"] in ("serious", "critical")]


def test_axe_finds_no_serious_problems(browser, live_server, tmp_path):
    op = OfflinePage(browser, viewport=(1280, 800))
    try:
        for query in ("/atlas?point=deltoid_tp1", "/atlas?embed=true&point=masseter_tp1"):
            op.page.goto(live_server + query)
            op.wait_ready()
            assert serious(op.page) == [], query
        assert op.blocked == [] and op.errors == []
    finally:
        op.close()
