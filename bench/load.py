"""A light load client: many sessions opened at once, the way a browser opens one, cheaply.

A browser opening the atlas does two things: it GETs the page (the server builds the session's
document then) and it opens the Bokeh websocket with the session token from that page, asks
for the document (PULL-DOC-REQ) and receives it (PULL-DOC-REPLY); like a browser it offers
websocket compression, and both the document's bytes and the bytes on the wire are counted.  This client does exactly
that over plain HTTP and a raw tornado websocket, counting the reply's bytes without
deserialising the document in Python, so hundreds of sessions cost the measuring side almost
nothing (``bokeh.client`` rebuilds every document in Python and competed with the server for
the same cores).

    python bench/load.py http://127.0.0.1:5006/atlas 50      # one burst against a running server
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np

TOKEN = re.compile(r'"token":"([^"]+)"')
CLK_TCK = os.sysconf("SC_CLK_TCK")


class SessionError(Exception):
    """A session that did not open: what the user would have seen go wrong."""


def ws_url(page_url: str) -> str:
    """The websocket Bokeh's page connects to: the app's path + /ws."""
    parts = urlsplit(page_url)
    scheme = "wss" if parts.scheme == "https" else "ws"
    return f"{scheme}://{parts.netloc}{parts.path.rstrip('/')}/ws"


def _header(msgtype: str) -> str:
    return json.dumps({"msgid": f"bench-{time.monotonic_ns()}", "msgtype": msgtype})


async def _read_message(conn) -> tuple[dict, int, str]:
    """One Bokeh message (header, metadata, content, then buffer pairs): (header, bytes, content)."""
    frames = []
    while len(frames) < 3:
        frame = await conn.read_message()
        if frame is None:
            raise SessionError("websocket closed by the server")
        frames.append(frame)
    header = json.loads(frames[0])
    size = sum(len(f) for f in frames)
    for _ in range(2 * int(header.get("num_buffers", 0))):
        frame = await conn.read_message()
        if frame is None:
            raise SessionError("websocket closed during buffers")
        size += len(frame)
    return header, size, frames[2]


async def open_session(url: str, http, timeout: float = 120.0, keep: bool = False) -> dict:
    """Open one session like a browser: GET the page, then pull the document over the websocket.

    Returns seconds for the page, the document and in all, the document's bytes, and the error
    (None when the session opened); with ``keep`` also the document itself (its JSON text)."""
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    t0 = time.perf_counter()
    out = {"page_s": None, "doc_s": None, "total_s": None, "page_bytes": 0, "doc_bytes": 0,
           "doc_wire_bytes": 0,
           "error": None}
    conn = None
    try:
        resp = await http.fetch(url, request_timeout=timeout, connect_timeout=timeout)
        out["page_bytes"] = len(resp.body)
        out["page_s"] = time.perf_counter() - t0
        match = TOKEN.search(resp.body.decode("utf-8", "replace"))
        if not match:
            raise SessionError("no session token in the page")
        request = HTTPRequest(ws_url(url), connect_timeout=timeout, request_timeout=timeout,
                              headers={"Origin": f"{urlsplit(url).scheme}://{urlsplit(url).netloc}"})
        t1 = time.perf_counter()
        # compression_options: offer permessage-deflate, as every browser does
        conn = await asyncio.wait_for(websocket_connect(
            request, subprotocols=["bokeh", match.group(1)], max_message_size=64 * 2**20,
            compression_options={}), timeout)
        deadline = t0 + timeout
        header, _, _ = await asyncio.wait_for(_read_message(conn), max(deadline - time.perf_counter(), 0.1))
        if header.get("msgtype") != "ACK":
            raise SessionError(f"expected ACK, got {header.get('msgtype')}")
        wire0 = conn.protocol._wire_bytes_in  # tornado's count of bytes read off the socket
        for frame in (_header("PULL-DOC-REQ"), "{}", "{}"):
            await conn.write_message(frame)
        while True:
            header, size, content = await asyncio.wait_for(_read_message(conn),
                                                           max(deadline - time.perf_counter(), 0.1))
            if header.get("msgtype") == "PULL-DOC-REPLY":
                out["doc_bytes"] = size
                if keep:
                    out["document"] = content
                out["doc_wire_bytes"] = conn.protocol._wire_bytes_in - wire0
                break
            if header.get("msgtype") == "ERROR":
                raise SessionError("server answered ERROR")
        now = time.perf_counter()
        out["doc_s"], out["total_s"] = now - t1, now - t0
    except Exception as exc:  # noqa: BLE001 - counted as an error, with what it was
        out["total_s"] = time.perf_counter() - t0
        out["error"] = f"{type(exc).__name__}: {exc}"[:200]
    finally:
        if conn is not None:
            conn.close()
    return out


async def _burst(url: str, n: int, timeout: float, keep: bool = False) -> list[dict]:
    from tornado.httpclient import AsyncHTTPClient

    http = AsyncHTTPClient(force_instance=True, max_clients=max(n, 10))
    try:
        return list(await asyncio.gather(*(open_session(url, http, timeout, keep) for _ in range(n))))
    finally:
        http.close()


def burst(url: str, n: int, timeout: float = 120.0, keep: bool = False) -> list[dict]:
    """Open ``n`` sessions at once (one event loop); one result dict per session.  Called where
    an event loop already runs (a test process driving Playwright), the loop gets its own thread."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(_burst(url, n, timeout, keep))
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, _burst(url, n, timeout, keep)).result()


def one_session(url: str, timeout: float = 120.0, keep: bool = False) -> dict:
    return burst(url, 1, timeout, keep)[0]


# --- the server's side: CPU seconds and resident memory of a process tree ----------------------


def process_tree(pid: int) -> list[int]:
    pids = [pid]
    with contextlib.suppress(Exception):
        out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
        pids += [int(p) for p in out.split()]
    return pids


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and its direct children (Linux /proc)."""
    total = 0
    for p in process_tree(pid):
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / CLK_TCK


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its direct children, in MB (Linux VmRSS)."""
    total = 0
    for p in process_tree(pid):
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
    return total / 1024


def wait_quiet(pid: int, timeout: float = 60.0, idle_cpu: float = 0.05) -> None:
    """Wait until the server uses under ``idle_cpu`` CPU seconds in a second: done with what it
    does between visitors (the atlas rebuilds its sessions built ahead then)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        before = cpu_seconds(pid)
        time.sleep(1)
        if cpu_seconds(pid) - before < idle_cpu:
            return


def measured_burst(url: str, pid: int, n: int, settle: float = 45.0, timeout: float = 120.0) -> dict:
    """One burst of ``n`` sessions against a warmed-up server, with its CPU and memory.

    Memory is read before, every 0.1 s during (peak) and after the sessions close: after
    waiting up to ``settle`` seconds for it to come back within 10% (sessions are discarded
    after the server's unused-session lifetime) and then for the server to be quiet (its
    sessions built ahead made again), so "after" is where it stays, sessions built ahead
    included, not the first reading under the line.  CPU is the burst's, and until the server
    was quiet again (the atlas rebuilds the sessions it keeps built ahead)."""
    one_session(url, timeout)  # warm-up: imports and caches are not per session
    wait_quiet(pid)  # an idle server, as before a class: its sessions built ahead all ready
    mem0, cpu0 = rss_mb(pid), cpu_seconds(pid)
    peak = [mem0]
    stop = threading.Event()

    def watch():
        while not stop.is_set():
            peak.append(rss_mb(pid))
            time.sleep(0.1)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    t0 = time.perf_counter()
    results = burst(url, n, timeout)
    wall = time.perf_counter() - t0
    stop.set()
    watcher.join()
    cpu = cpu_seconds(pid) - cpu0
    deadline = time.time() + settle
    mem1 = rss_mb(pid)
    while time.time() < deadline and mem1 > mem0 * 1.10:
        time.sleep(2)
        mem1 = rss_mb(pid)
    wait_quiet(pid, settle)
    cpu_until_quiet = cpu_seconds(pid) - cpu0
    mem1 = rss_mb(pid)  # read again once quiet: the level it stays at, not the first good reading
    ok = [r for r in results if not r["error"]]
    totals = [r["total_s"] for r in results]
    pages = [r["page_s"] for r in ok]
    errors = [r["error"] for r in results if r["error"]]
    return {
        "n": n, "p50_s": float(np.percentile(totals, 50)), "p95_s": float(np.percentile(totals, 95)),
        "max_s": float(max(totals)),
        "page_p95_s": float(np.percentile(pages, 95)) if pages else None,
        "errors": len(errors), "error_sample": sorted(set(errors))[:3],
        "doc_bytes": int(np.median([r["doc_bytes"] for r in ok])) if ok else None,
        "doc_wire_bytes": int(np.median([r["doc_wire_bytes"] for r in ok])) if ok else None,
        "page_bytes": int(np.median([r["page_bytes"] for r in ok])) if ok else None,
        "wall_s": wall, "cpu_s": cpu, "cpu_per_session_ms": 1000 * cpu / n,
        "cpu_until_quiet_s": cpu_until_quiet,
        "mem_before_mb": mem0, "mem_peak_mb": max(peak), "mem_after_mb": mem1,
        "mem_after_pct": 100 * (mem1 - mem0) / mem0,
    }


if __name__ == "__main__":
    target, count = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 10
    t = time.perf_counter()
    res = burst(target, count)
    print(json.dumps({"wall_s": time.perf_counter() - t,
                      "p95_s": float(np.percentile([r["total_s"] for r in res], 95)),
                      "errors": [r["error"] for r in res if r["error"]][:3],
                      "doc_bytes": res[0]["doc_bytes"], "doc_wire_bytes": res[0]["doc_wire_bytes"], "page_bytes": res[0]["page_bytes"]}, indent=1))
