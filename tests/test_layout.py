"""The page at the sizes it is used at: a phone, a tablet, a laptop (real Chromium)."""

from pathlib import Path

import pytest

from tests.browser import OfflinePage

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parent.parent / "out" / "screenshots"

# (width, height, touch, least share of the width the 3D view gets)
SIZES = [(390, 844, True, 0.9), (768, 1024, True, 0.9), (1280, 800, False, 0.45)]


def test_the_body_gets_the_room_at_every_size(browser, live_server):
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width, height, touch, share in SIZES:
        op = OfflinePage(browser, viewport=(width, height), touch=touch)
        try:
            op.page.goto(live_server + "/atlas?point=deltoid_tp1")
            op.wait_ready()
            viewport = op.page.evaluate("document.querySelector('meta[name=viewport]')?.content")
            assert viewport and "width=device-width" in viewport
            assert op.page.evaluate("window.innerWidth") == width  # laid out at its own width
            box = op.page.locator(".atlas-view canvas").first.bounding_box()
            assert box["width"] >= share * width, (width, box)
            assert box["height"] >= 0.35 * height, (width, box)
            # the controls are still there, below the body on narrow screens
            search = op.page.get_by_placeholder("Muscle, point, body region or condition")
            sbox = search.bounding_box()
            assert sbox["width"] >= 200
            if width < 900:
                assert sbox["y"] >= box["y"] + box["height"] - 1
            search.scroll_into_view_if_needed()
            search.fill("masseter")  # reachable and usable after scrolling
            assert search.input_value() == "masseter"
            op.page.screenshot(path=str(SHOTS / f"atlas-{width}x{height}.png"))
            assert op.blocked == [] and op.errors == []
        finally:
            op.close()
