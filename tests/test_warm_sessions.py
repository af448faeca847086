"""Sessions built ahead (atlas/ui/warm_sessions.py): a visitor who gets one sees exactly the page
a session built for their link would show.

Two real `atlas serve` processes, one building every session on arrival (--warm-sessions 0), one
keeping sessions built ahead (plain pages and embeds); the same links' first documents (PULL-DOC-REPLY, as a browser
receives them) are compared model by model.  Sizes and counts only, never timings.
"""

import json
import re
import sys
import time
import urllib.request

import pytest

from atlas.ui.warm_sessions import CLASSROOM_SIZE, PERSONAL_SIZE, default_size
from tests.browser import ROOT, atlas_server, atlas_server_process

sys.path.insert(0, str(ROOT / "bench"))
import load  # noqa: E402 - bench/load.py: opens a session like a browser, without deserialising

pytestmark = pytest.mark.slow

POOL = 12
LINKS = ("", "?point=masseter_tp1", "?point=upper_trapezius_tp1&view=left&side=left",
         "?tour=heel_pain", "?tour=heel_pain&step=2", "?tour=headache", "?mode=quiz",
         "?point=upper_trapezius_tp1&mode=pain", "?mode=pain", "?present=1&point=deltoid_tp1",
         "?compare=masseter_tp1&point=temporalis_tp1", "?point=nosuch_tp9&side=%3Cb%3E")


def pool_state(base: str) -> tuple[int, int, int, int]:
    """(ready, size, handed out, built on arrival) from the health check's header."""
    with urllib.request.urlopen(base + "/healthz", timeout=30) as resp:
        header = resp.headers.get("X-Atlas-Sessions-Ahead", "")
    m = re.fullmatch(r"(\d+) of (\d+) ready, (\d+) handed out, (\d+) built on arrival", header)
    assert m, header
    return tuple(int(g) for g in m.groups())


def wait_full(base: str, timeout: float = 120.0) -> tuple[int, int, int, int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = pool_state(base)
        if state[0] == state[1]:
            return state
        time.sleep(0.5)  # no browser here: a plain wait between HTTP checks
    raise AssertionError(f"the pool did not fill: {state}")


# What may differ between two sessions' documents without a visitor seeing it: model ids and
# Panel's per-object counters in names; whether a script or stylesheet URL is written relative
# to the page or to the websocket (both resolve to the same file); the Location model, which
# the browser fills from its own address bar when the page starts; a container's min_width,
# which Panel computes from the children it holds when built (a part that joins later, as
# after a click, does not raise it); `visible: true`, `disabled: false` or the view buttons'
# `offer_drawer: false` written out (the defaults); the order
# of a set's entries.
DEFAULTS = {("visible", True), ("disabled", False), ("offer_drawer", False)}


def normalised(document: str):
    ids: dict[str, str] = {}

    def walk(x):
        if isinstance(x, dict):
            if str(x.get("name", "")).endswith("Location"):
                return "Location"
            if x.get("type") == "set":  # a set's order is each process's own
                return sorted(json.dumps(walk(v)) for v in x.get("entries", []))
            out = {}
            for k, v in x.items():
                if k == "id" and isinstance(v, str):
                    out[k] = ids.setdefault(v, f"#{len(ids)}")
                elif not (isinstance(v, bool) and (k, v) in DEFAULTS) and k != "min_width":
                    out[k] = walk(v)
            return out
        if isinstance(x, list):
            return [walk(v) for v in x]
        if isinstance(x, str):
            x = re.sub(r"^([A-Za-z]+)\d{5}$", r"\1", x)
            x = re.sub(r"^__ref:p\d+$", "__ref", x)
            if re.search(r"\.(js|css)(\?.*)?$", x) and "/" in x:
                x = x.rsplit("/", 1)[-1].split("?")[0]
        return x

    return walk(json.loads(document))


def differences(a, b, path: str = "") -> list[str]:
    """Where two normalised documents differ (paths into the JSON), for a readable failure."""
    if type(a) is not type(b):
        return [f"{path}: {str(a)[:80]!r} != {str(b)[:80]!r}"]
    if isinstance(a, dict):
        return [d for k in sorted(set(a) | set(b)) for d in differences(a.get(k), b.get(k), f"{path}/{k}")]
    if isinstance(a, list):
        head = [f"{path}: {len(a)} items != {len(b)}"] if len(a) != len(b) else []
        return head + [d for i, (x, y) in enumerate(zip(a, b)) for d in differences(x, y, f"{path}[{i}]")]
    return [] if a == b else [f"{path}: {str(a)[:80]!r} != {str(b)[:80]!r}"]


def first_documents(base: str, links) -> list:
    out = []
    for link in links:
        opened = load.one_session(f"{base}/atlas{link}", timeout=120, keep=True)
        assert opened["error"] is None, (link, opened)
        out.append(normalised(opened["document"]))
    return out


@pytest.fixture(scope="module")
def servers():
    with atlas_server("--warm-sessions", "0") as fresh, \
            atlas_server_process("--warm-sessions", str(POOL)) as (warm, proc):
        wait_full(warm)
        yield fresh, warm, proc


def test_a_visitor_on_a_session_built_ahead_gets_the_page_of_their_link(servers):
    fresh, warm, proc = servers
    assert any(f"built ahead for visitors arriving at once: {POOL} page and {POOL} embed" in line
               for line in proc.output)
    before = pool_state(warm)
    got, expected = first_documents(warm, LINKS), first_documents(fresh, LINKS)
    for link, a, b in zip(LINKS, got, expected):
        assert not differences(a, b), (link or "the plain link", differences(a, b)[:8])
    ready, size, handed_out, built = pool_state(warm)
    assert handed_out - before[2] == len(LINKS), "every link was served from the pool"
    assert built == before[3]


def test_an_embed_gets_a_session_built_ahead_as_an_embed(servers):
    fresh, warm, _ = servers
    before = wait_full(warm)
    links = ("?embed=true&point=masseter_tp1", "?embed=true&point=deltoid_tp1&details=off&markers=all&legend=off&controls=off&present=1")
    for a, b in zip(first_documents(warm, links), first_documents(fresh, links)):
        assert not differences(a, b), differences(a, b)[:8]
    after = pool_state(warm)
    assert (after[2], after[3]) == (before[2] + 2, before[3]), "both from the embeds built ahead"


def test_a_burst_larger_than_the_pool_all_opens_and_the_pool_refills(servers):
    _, warm, _ = servers
    before = wait_full(warm)
    opened = load.burst(warm + "/atlas?point=deltoid_tp1", POOL + 4, timeout=300)
    assert [o["error"] for o in opened] == [None] * (POOL + 4)
    after = pool_state(warm)
    assert after[2] - before[2] == POOL, "the pool served as many as it held"
    assert after[3] - before[3] == 4, "the rest were built on arrival"
    assert wait_full(warm)[0] == 2 * POOL, "refilled once the burst was over (pages and embeds)"


def test_pool_sizes_by_where_the_server_listens():
    assert default_size("127.0.0.1") == PERSONAL_SIZE
    assert default_size("0.0.0.0") == CLASSROOM_SIZE  # noqa: S104 - a classroom's server
