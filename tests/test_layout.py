"""The page at the sizes it is used at: a phone, a tablet, laptops, a big screen, 200% zoom and
400% zoom (320 CSS px, WCAG 1.4.10 Reflow) (real Chromium).  The body gets the room, controls never cover each other, text stays readable,
fingers get 44 px targets, and presentation mode gives the whole screen to the body."""

from pathlib import Path

import pytest

from tests.browser import OfflinePage
from tests.page_probes import OVERLAPS, REACHABLE, SMALL_TEXT, TOUCH_TARGETS

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SHOTS = Path(__file__).resolve().parent / "artifacts"

# (width, height, touch, least share of the width the 3D view gets, least width in px)
SIZES = [(390, 844, True, 0.9, 0), (768, 1024, True, 0.9, 0), (1024, 768, False, 0.45, 0),
         (1280, 800, False, 0.45, 0), (1920, 1080, False, 0.45, 0), (640, 400, False, 0, 280),
         (320, 640, False, 0, 280)]
SEARCH = "Muscle, point, body region or condition"

def canvas(page):
    return page.locator(".atlas-view canvas").first.bounding_box()


@pytest.mark.parametrize("width, height, touch, share, least", SIZES,
                         ids=[f"{w}x{h}" for w, h, *_ in SIZES])
def test_the_body_gets_the_room_at_every_size(browser, live_server, width, height, touch, share, least):
    SHOTS.mkdir(parents=True, exist_ok=True)
    op = OfflinePage(browser, viewport=(width, height), touch=touch)
    try:
        page = op.page
        page.goto(live_server + "/atlas?point=deltoid_tp1")
        op.wait_ready()
        viewport = page.evaluate("document.querySelector('meta[name=viewport]')?.content")
        assert viewport and "width=device-width" in viewport
        assert page.evaluate("window.innerWidth") == width  # laid out at its own width
        box = canvas(page)
        assert box["width"] >= max(share * width, least), (width, box)
        assert box["height"] >= min(0.35 * height, 300), (width, box)
        assert page.evaluate("document.scrollingElement.scrollWidth") <= width  # no sideways scroll
        page.screenshot(path=str(SHOTS / f"atlas-{width}x{height}.png"))
        found = page.evaluate(OVERLAPS)
        # (at 320 x 640 the tabs start below the fold)
        assert found["count"] >= (8 if width > 320 else 6) and found["overlaps"] == [], (width, found)
        assert page.evaluate(SMALL_TEXT, 12) == [], width
        if touch:
            assert page.evaluate(TOUCH_TARGETS, 44) == [], width
        assert page.locator(".atlas-disclaimer").count() == 1  # the disclaimer once
        if width <= 640:
            check_reflow(page)
        if width < 900:
            check_view_buttons(page, height <= 500)
            check_tabs(page, box)
        if width == 1280:
            check_presentation(op)
        if width == 1024:  # the narrowest details column
            check_share(op)
        assert op.blocked == [] and op.errors == []
    finally:
        op.close()


def check_reflow(page):
    """200% and 400% zoom: every control of the Details and the Find panel can be scrolled to
    and clicked; the page itself never scrolls sideways."""
    for tab in ("Details", "Find"):
        page.locator(".atlas-tabs").get_by_role("button", name=tab, exact=True).click()
        page.wait_for_timeout(300)  # let the panel settle before measuring
        found = page.evaluate(REACHABLE)
        assert found["count"] >= 8 and found["unreachable"] == [], (tab, found)
        assert page.evaluate("document.scrollingElement.scrollWidth") <= page.viewport_size["width"]
    page.locator(".atlas-tabs").get_by_role("button", name="Details", exact=True).click()
    page.locator(".atlas-details h2").first.wait_for()


VIEW_BUTTONS = ("Front", "Back", "Left", "Right", "Head", "Left side", "Right side", "Show all points",
                "Colour-blind colours", "Present")


def check_view_buttons(page, short):
    """Narrow: every view button can be seen whole.  They wrap onto more rows, and on a phone
    held upright into two at most (the views, then the rest in a row that scrolls sideways); a
    short window (no height to spare) keeps one row that scrolls sideways to each button."""
    width = page.viewport_size["width"]
    tops = set()
    for label in VIEW_BUTTONS:
        button = page.get_by_role("button", name=label, exact=True)
        button.scroll_into_view_if_needed()  # a row that scrolls sideways scrolls to it
        b = button.bounding_box()
        assert b and b["x"] >= 0 and b["x"] + b["width"] <= width + 0.5, (width, label, b)
        tops.add(round(b["y"]))
    rows = len(tops)
    assert rows == 1 if short else (rows == 2 if width <= 600 else rows >= 2), (width, tops)
    page.evaluate("window.scrollTo(0, 0)")


def check_tabs(page, body):
    """Narrow: the body first, then one panel at a time; a chosen point opened Details."""
    details = page.locator(".atlas-details h2", has_text="Deltoid")
    search = page.get_by_placeholder(SEARCH)
    assert details.is_visible() and not search.is_visible()
    tabs = page.locator(".atlas-tabs")
    tabs.get_by_role("button", name="Find", exact=True).click()
    search.wait_for(state="visible")
    assert not details.is_visible()
    page.wait_for_timeout(300)  # let the panel settle before measuring
    body = canvas(page)  # measured again: the page may have scrolled to the panel
    assert search.bounding_box()["y"] >= body["y"] + body["height"] - 1  # below the body
    search.fill("masseter")  # reachable and usable after scrolling
    assert search.input_value() == "masseter"
    tabs.get_by_role("button", name="Where does it hurt?", exact=True).click()
    page.get_by_text("Paint where it hurts").wait_for()
    tabs.get_by_role("button", name="Details", exact=True).click()
    details.wait_for()


def check_presentation(op):
    """Present: the body fills the screen, big colour key, no chrome; Escape brings it back."""
    page = op.page
    page.get_by_role("button", name="Present").click()
    back = page.get_by_role("button", name="Back to the atlas (Esc)")
    back.wait_for()
    for _ in range(20):  # the view follows its new size on the next frames
        box = canvas(page)
        if box["width"] >= 0.9 * page.viewport_size["width"] and box["height"] >= 0.7 * page.viewport_size["height"]:
            break
        page.wait_for_timeout(250)
    assert canvas(page)["width"] >= 0.9 * page.viewport_size["width"]
    assert canvas(page)["height"] >= 0.7 * page.viewport_size["height"]  # the rest: the big key
    assert not page.get_by_placeholder(SEARCH).is_visible()
    assert not page.get_by_role("heading", name="Trigger Point Atlas").is_visible()
    assert page.locator(".atlas-disclaimer summary").is_visible()  # the disclaimer stays, compact
    page.screenshot(path=str(SHOTS / "atlas-present-1280x800.png"))
    page.keyboard.press("Escape")
    page.get_by_placeholder(SEARCH).wait_for(state="visible")
    assert not back.is_visible()
    assert page.evaluate(OVERLAPS)["overlaps"] == []


def check_share(op):
    """Share: Copy puts the iframe code on the clipboard; a live preview of the embed at the
    chosen size, shrunk to fit the dialog, follows the size and the options; Close drops it."""
    page = op.page
    op.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.get_by_role("button", name="Share", exact=True).click()
    preview = page.frame_locator(".atlas-preview iframe")
    preview.locator(".atlas-drawer .atlas-details h2", has_text="Deltoid").wait_for(timeout=60000)
    dialog, shown = page.locator(".atlas-share").bounding_box(), page.locator(".atlas-preview").bounding_box()
    assert dialog["x"] <= shown["x"] and shown["x"] + shown["width"] <= dialog["x"] + dialog["width"] + 1
    assert abs(shown["width"] / shown["height"] - 800 / 600) < 0.02, shown
    page.get_by_role("button", name="Copy code").click()
    page.get_by_role("button", name="Copied").wait_for()
    code = page.evaluate("navigator.clipboard.readText()")
    assert code.startswith("<iframe") and "point=deltoid_tp1" in code and 'width="800"' in code
    page.get_by_role("button", name="560 \u00d7 420").click()
    page.get_by_label("Colour key").select_option(label="Hidden")
    page.locator(".atlas-preview-label", has_text="560 \u00d7 420").wait_for()
    preview.locator(".atlas-view[data-ready=true]").wait_for(timeout=60000)
    assert "legend=off" in page.locator(".atlas-preview iframe").get_attribute("src")
    preview.locator(".atlas-drawer .atlas-details h2", has_text="Deltoid").wait_for()
    assert preview.locator(".atlas-legend").count() == 0 or not preview.locator(".atlas-legend").is_visible()
    shown = page.locator(".atlas-preview").bounding_box()
    assert abs(shown["width"] / shown["height"] - 560 / 420) < 0.02, shown
    assert page.evaluate(OVERLAPS)["overlaps"] == []
    page.screenshot(path=str(SHOTS / "share-1024x768.png"))
    page.get_by_role("button", name="Close", exact=True).click()
    page.locator(".atlas-preview iframe").wait_for(state="detached")
