"""Scaling past one process: --num-procs, and the documented nginx deployment, used for real."""

import shutil
import string
import subprocess
import time
import urllib.request
from contextlib import ExitStack

import pytest
from playwright.sync_api import expect

from tests.browser import ROOT, OfflinePage, atlas_server, free_port, stop_group

pytestmark = pytest.mark.browser
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def _wait_http(url, proc=None, timeout=30):
    """The status of ``url`` once it answers.  Between tries it waits on the process that
    should serve it (if given), so a server that died is reported at once."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                return r.status
        except OSError:
            if proc is None:
                continue
            try:
                proc.wait(timeout=0.1)
            except subprocess.TimeoutExpired:
                continue
            raise RuntimeError(f"the server for {url} exited: {proc.stderr.read()}") from None
    raise TimeoutError(url)


def _use_the_app(browser, base):
    page = OfflinePage(browser)
    try:
        page.page.goto(base + "/atlas?point=deltoid_tp1")
        page.wait_ready()
        expect(page.page.locator(".atlas-details h2")).to_have_text("Deltoid", timeout=20000)
        page.page.get_by_role("button", name="Back").click()
        points = page.page.get_by_label("Trigger points (use arrow keys)")
        before = points.get_by_role("option").count()
        page.page.get_by_label("Body area").select_option(label="Foot")
        # the list is refilled by the server: choose only once it holds just the foot points
        expect(points.get_by_role("option")).not_to_have_count(before, timeout=20000)
        points.get_by_role("option").nth(1).click()
        expect(page.page.locator(".atlas-details .sub")).to_contain_text("foot", timeout=20000)
        assert page.blocked == [] and page.errors == []
    finally:
        page.close()


def test_num_procs_serves_working_sessions(browser):
    with atlas_server("--num-procs", "2") as base:
        _use_the_app(browser, base)
        _use_the_app(browser, base)


@pytest.mark.skipif(not shutil.which("nginx") and not (ROOT / NGINX).exists(), reason="nginx not installed")
def test_nginx_in_front_of_two_atlas_processes(browser, tmp_path):
    listen = free_port()
    origin = f"127.0.0.1:{listen}"
    with ExitStack() as stack:
        backends = [stack.enter_context(atlas_server("--allow-websocket-origin", origin)) for _ in range(2)]
        lines = " ".join(f"server {b.removeprefix('http://')};" for b in backends)
        conf = string.Template((ROOT / "docs" / "nginx.conf.template").read_text()).substitute(
            listen=f"127.0.0.1:{listen}", backends=lines, prefix_dir=str(tmp_path))
        (tmp_path / "nginx.conf").write_text(conf)
        proc = subprocess.Popen([NGINX, "-c", str(tmp_path / "nginx.conf"), "-p", str(tmp_path),
                                 "-g", "daemon off;"], stderr=subprocess.PIPE, text=True,
                                start_new_session=True)
        stack.callback(stop_group, proc)
        base = f"http://{origin}"
        assert _wait_http(base + "/atlas", proc) == 200
        with urllib.request.urlopen(base + "/atlas-assets/body.bin") as r:
            assert r.status == 200 and len(r.read()) > 100_000
        _use_the_app(browser, base)
        for b in backends:  # both backends are alive behind the proxy
            assert _wait_http(b + "/atlas") == 200
        log = (tmp_path / "access.log").read_text()
        assert " 101 " in log  # the websocket upgrade went through nginx
        assert "/atlas" in log and "point=" not in log  # links' query strings are not logged
