"""Sessions built ahead while the server is idle, handed to visitors when their browser connects.

A class opening one link at once makes every session's build (Panel creating the page's
models, about 60-70 ms of one core each) wait behind all the others.  Each worker keeps a few
sessions built from no visitor's request, like the page shell (server.serve_pages_from_a_shell):
a visitor gets one of them, with their link's settings applied on top (a point, a view, a
side, a tour, a quiz, a comparison, presentation...), as if they had clicked there; the page is
the same as one built from the link (tests/test_warm_sessions.py).  Embeds (a course page's
iframe) are laid out otherwise, so the pool keeps some of each layout.  The pool is filled only while no session has been asked for lately, so
filling never competes with a burst; a handed-out session is never reused after it closes.

Everything here works on Bokeh's ``ApplicationContext`` of the ``/atlas`` route: what Bokeh's
``create_session_if_needed`` does for a new session, split in two (build; then bind to the
visitor's id, request and token).
"""

from __future__ import annotations

import logging
import time
import weakref

log = logging.getLogger("atlas.warm_sessions")

# Per worker process and layout; each idle session holds about 0.5 MB (bench/RESULTS.md).
CLASSROOM_SIZE = 25
PERSONAL_SIZE = 2
QUIET_SECONDS = 0.5  # fill only when no session was asked for this long


def default_size(address: str) -> int:
    """A few for one person's atlas on this machine, a classroom's share beyond it."""
    from atlas.ui.server import LOOPBACK

    return PERSONAL_SIZE if address in LOOPBACK else CLASSROOM_SIZE


class WarmSessions:
    """A pool of built, unbound session documents for one Bokeh application context.

    ``layouts`` names each layout built ahead with the link it is built from (the plain page,
    an embed); ``layout_of(arguments)`` names a link's layout; ``follow_link(doc, arguments)``
    applies a link's settings to a session of that layout.  ``size`` sessions of each layout are
    kept; 0 turns the pool off."""

    def __init__(self, context, path: str, size: int, layouts: dict, layout_of, follow_link):
        self.context = context
        self.path = path
        self.size = size
        self.layouts = layouts
        self.layout_of = layout_of
        self.follow_link = follow_link
        self.ready: dict[str, list] = {name: [] for name in layouts}  # (document, session context)
        self.handed_out = 0
        self.built_fresh = 0
        self._last_asked = 0.0
        self._filling = False
        self._announced = False
        self._create = context.create_session_if_needed

    def install(self) -> None:
        """Answer new sessions of this route from the pool (when it can), then start filling it."""
        if self.size <= 0:
            return
        self.context.create_session_if_needed = self.create_session_if_needed
        self.schedule_fill(QUIET_SECONDS)

    # --- handing out ------------------------------------------------------------------------
    async def create_session_if_needed(self, session_id, request=None, token=None):
        context = self.context
        new = session_id not in context._sessions and session_id not in context._pending_sessions
        if new:
            self._last_asked = time.monotonic()
            self.schedule_fill(QUIET_SECONDS)
        if not (new and request is not None and token and self._ready_count()):
            if new:
                self.built_fresh += 1
            return await self._create(session_id, request, token)
        from bokeh.server.contexts import _RequestProxy
        from bokeh.util.token import get_token_payload

        payload = get_token_payload(token)
        # what Bokeh would give this session as its request (the link's settings from the token)
        proxy = _RequestProxy(request, arguments=payload.get("arguments"), cookies=payload.get("cookies"),
                              headers=payload.get("headers"))
        ready = self.ready.get(self.layout_of(proxy.arguments))
        if not ready:
            self.built_fresh += 1
            return await self._create(session_id, request, token)
        doc, session_context = ready.pop(0)
        try:
            return self._bind(doc, session_context, session_id, proxy, token)
        except Exception:  # noqa: BLE001 - the visitor still gets a session, built for them
            log.exception("could not hand out a session built ahead; building one")
            context._sessions.pop(session_id, None)
            context._session_contexts.pop(session_id, None)
            self.built_fresh += 1
            return await self._create(session_id, request, token)

    def _bind(self, doc, session_context, session_id, proxy, token):
        """The visitor's session from a pooled document: their id, request and token, their
        link's settings; then registered exactly as Bokeh registers a session it built."""
        from bokeh.server.session import ServerSession
        from panel.io.state import set_curdoc

        session_context._id = session_id
        session_context._request = proxy
        session_context._token = token
        with set_curdoc(doc):
            self.follow_link(doc, proxy.arguments)
        session = ServerSession(session_id, doc, io_loop=self.context._loop, token=token)
        self.context._sessions[session_id] = session
        session_context._set_session(session)
        self.context._session_contexts[session_id] = session_context
        self.handed_out += 1
        return session

    # --- filling ----------------------------------------------------------------------------
    def _ready_count(self) -> int:
        return sum(len(r) for r in self.ready.values())

    def _full(self) -> bool:
        return self._ready_count() >= self.size * len(self.layouts)

    def schedule_fill(self, delay: float) -> None:
        if self._filling or self._full():
            return
        from tornado.ioloop import IOLoop

        self._filling = True
        IOLoop.current().call_later(delay, self._fill_one)

    async def _fill_one(self) -> None:
        """Build one session if the server has been quiet, then come back for the next."""
        self._filling = False
        if self._full():
            return
        quiet_for = time.monotonic() - self._last_asked
        if quiet_for < QUIET_SECONDS:
            self.schedule_fill(QUIET_SECONDS - quiet_for)
            return
        layout = min(self.ready, key=lambda name: len(self.ready[name]))  # the emptiest first
        try:
            self.ready[layout].append(await self._build(self.layouts[layout]))
        except Exception:  # noqa: BLE001 - visitors are simply built fresh
            log.exception("could not build a session ahead; sessions are built when asked for")
            self.size = 0
            return
        if not self._full():
            self.schedule_fill(0)
        elif not self._announced:
            self._announced = True
            kinds = " and ".join(f"{self.size} {name}" for name in self.layouts)
            print(f"Sessions built ahead for visitors arriving at once: {kinds}.", flush=True)

    async def _build(self, arguments: dict):
        """A document and session context as Bokeh would make them, from a request that carries
        nothing but the layout's ``arguments`` (query name -> list of bytes)."""
        from bokeh.document import Document
        from bokeh.server.contexts import BokehSessionContext, _RequestProxy
        from bokeh.util.token import generate_jwt_token, generate_session_id
        from tornado.httputil import HTTPHeaders, HTTPServerRequest, RequestStartLine

        context = self.context
        doc = Document()
        session_id = generate_session_id()
        session_context = BokehSessionContext(session_id, context.server_context, doc,
                                              logout_url=context._logout_url)
        request = HTTPServerRequest(start_line=RequestStartLine("GET", self.path, "HTTP/1.1"),
                                    headers=HTTPHeaders({"Host": "localhost"}))
        session_context._request = _RequestProxy(request, arguments=arguments, cookies={}, headers={})
        session_context._token = generate_jwt_token(  # read while building, replaced when bound
            session_id, signed=False, extra_payload={"headers": {}, "cookies": {}, "arguments": {}})
        doc._session_context = weakref.ref(session_context)
        await context._application.on_session_created(session_context)
        context._application.initialize_document(doc)
        return doc, session_context

    def summary(self) -> str:
        """For the health check's header: how the pool has served this process so far."""
        return (f"{self._ready_count()} of {self.size * len(self.layouts)} ready, {self.handed_out} handed out, "
                f"{self.built_fresh} built on arrival")
