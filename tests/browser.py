"""Shared helpers for the real-browser tests: a live `atlas serve` and Debian's chromium."""

from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("ATLAS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--enable-unsafe-swiftshader", "--use-angle=swiftshader"]
ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def atlas_server(*extra: str, port: int | None = None, timeout: float = 90.0):
    """Run `atlas serve` on a free (or the given) port; yield its base URL (http://127.0.0.1:PORT)."""
    with atlas_server_process(*extra, port=port, timeout=timeout) as (url, _proc):
        yield url


@contextlib.contextmanager
def atlas_server_process(*extra: str, port: int | None = None, timeout: float = 90.0):
    """Like atlas_server, but yield (base URL, the server's Popen)."""
    port = port or free_port()
    proc = subprocess.Popen([sys.executable, "-m", "atlas", "serve", "--port", str(port), *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=ROOT,
                            start_new_session=True)  # its own process group: workers go too
    deadline = time.monotonic() + timeout
    lines = []
    try:
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                if proc.poll() is not None:
                    raise RuntimeError("server exited:\n" + "".join(lines))
                continue
            lines.append(line)
            m = re.search(r"running at (http://\S+)/atlas", line)
            if m:
                # keep reading what the server prints: a full pipe would block its logging
                proc.output = lines
                proc.drain = threading.Thread(target=lambda: lines.extend(proc.stdout), daemon=True)
                proc.drain.start()
                yield f"http://127.0.0.1:{port}", proc
                break
        else:
            raise RuntimeError("server did not start:\n" + "".join(lines))
    finally:
        stop_group(proc)


def stop_group(proc) -> None:
    """Stop a server started with start_new_session=True and every worker it forked."""
    import signal

    for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=wait)
            os.killpg(proc.pid, signal.SIGKILL)  # stray workers, if any
        except (subprocess.TimeoutExpired, ProcessLookupError):
            continue
        return


class OfflinePage:
    """A chromium page where every request not to 127.0.0.1/localhost (or data:/blob:) is blocked."""

    def __init__(self, browser, viewport=(1280, 800), touch=False):
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]},
                                           is_mobile=touch, has_touch=touch)
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)
        self.page.route("**/*", self._route)

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _route(self, route):
        url = route.request.url
        if re.match(r"^(https?://(127\.0\.0\.1|localhost)(:\d+)?/|data:|blob:|file:)", url):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def wait_ready(self, timeout=60000):
        """The body is drawn and the camera has stopped moving."""
        self.page.wait_for_selector(".atlas-view[data-ready=true]", timeout=timeout)
        self.wait_still()

    def wait_still(self, timeout=15000):
        self.page.wait_for_selector(".atlas-view[data-ready=true]:not([data-moving])", timeout=timeout)

    def turn(self, name: str, timeout=15000):
        """Click a view button (Front, Back, ...) and wait until the body has turned and stopped:
        the button asks the server, so the camera starts moving a round trip after the click."""
        view = self.page.locator(".atlas-view")
        before = view.evaluate("el => el.atlas.cameraPosition()")
        self.page.get_by_role("button", name=name, exact=True).click()
        self.page.wait_for_function(
            "([el, b]) => el.atlas.cameraPosition().some((x, i) => Math.abs(x - b[i]) > 1)",
            arg=[view.element_handle(), before], timeout=timeout)
        self.wait_still(timeout)

    def close(self):
        self.context.close()


def launch(playwright):
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
