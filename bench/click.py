"""Click latency alone, for iterating: ``python bench/click.py [--clicks 20]``.

Starts one ``atlas serve`` from this checkout and runs bench/run.py's ``click_latency``
(in-page clock from pointer up to the details text changing), printing its numbers and the
split of a click into server, network and browser time."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import run  # noqa: E402 - bench/run.py


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clicks", type=int, default=20)
    ap.add_argument("--wrapper", default="", help="a Python script run instead of `-m atlas` (same arguments)")
    args = ap.parse_args(argv)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=run.CHROMIUM, args=run.CHROMIUM_ARGS)
        log = Path(tempfile.mkdtemp()) / "server.log"
        cmd = run.atlas_cmd(1)
        if args.wrapper:  # e.g. a script that traces the server's websocket, then runs atlas
            cmd = [cmd[0], args.wrapper, *cmd[3:]]
        with run.server(cmd, "/atlas", log=log) as (url, _pid, _start):
            out = run.click_latency(browser, url, args.clicks, server_log=log)
        browser.close()
    print(json.dumps({k: (round(v, 1) if isinstance(v, float) else v) for k, v in out.items()}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
