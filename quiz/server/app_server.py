"""``quiz serve``'s web application: a login page, and behind it each student's study app.

Who a browser is comes only from its session cookie, set at login after the password was
verified; the websocket that drives a study app is refused without a live session, and the
app it starts is always that session's student's, on that student's own database URL.
Failed logins are limited per account and per address (:mod:`quiz.server.rate_limit`).
Every page, script, style sheet and font is served from here: a browser asks no other host.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
import textual_serve
from aiohttp import WSMsgType, web

from quiz.progress.errors import StoreError
from quiz.server.app_service import StudentAppService
from quiz.server.rate_limit import ADDRESS_TURNS, LoginLimits, Turns
from quiz.server.sessions import COOKIE_NAME, Session, SessionTable
from quiz.server.time_zones import checked_zone

PAGES = Path(__file__).resolve().parent / "pages"
TEXTUAL_STATIC = Path(textual_serve.__file__).resolve().parent / "static"
MAX_BODY_BYTES = 16 * 1024
MAX_MESSAGE_BYTES = 256 * 1024
MAX_SIZE = 1000  # terminal columns or rows a browser may ask for
HEARTBEAT_SECONDS = 30  # a browser silent this long (its pong too) is gone: its app is closed
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; font-src 'self'; connect-src 'self'; frame-ancestors 'none'; "
        "form-action 'self'; base-uri 'none'; object-src 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",  # "no-referrer" would send a form's Origin as null
    "Cross-Origin-Opener-Policy": "same-origin",
}
log = logging.getLogger("quiz.server")
Verifier = Callable[[str, str], "str | None"]


def _size(text: str, default: int) -> int:
    return min(MAX_SIZE, max(1, int(text))) if text.isdigit() else default


class ClassServer:
    """The web application serving one class database's students.

    ``verify(name, password)`` gives the student's database URL, or None for a refused
    login (:func:`quiz.server.accounts.verify_login`); ``folder`` holds one folder per
    student for their app's preferences and deck cache. ``behind_proxy``: a TLS reverse
    proxy on this machine forwards every request (Secure cookies; the client's address is
    the last in ``X-Forwarded-For``).
    """

    def __init__(
        self,
        verify: Verifier,
        folder: Path,
        *,
        behind_proxy: bool = False,
        sessions: SessionTable | None = None,
        limits: LoginLimits | None = None,
    ) -> None:
        self.verify = verify
        self.folder = folder
        self.behind_proxy = behind_proxy
        self.sessions = sessions or SessionTable()
        self.limits = limits or LoginLimits()
        self.address_turns, self.account_turns = Turns(ADDRESS_TURNS), Turns(1)
        self.templates = jinja2.Environment(
            loader=jinja2.FileSystemLoader(PAGES), autoescape=True, undefined=jinja2.StrictUndefined
        )
        self.apps: dict[str, tuple[Session, web.WebSocketResponse, StudentAppService]] = {}

    def application(self) -> web.Application:
        """The aiohttp application: its routes, headers and shutdown."""
        app = web.Application(client_max_size=MAX_BODY_BYTES)
        app.add_routes(
            [
                web.get("/", self.index),
                web.get("/login", self.login_page),
                web.post("/login", self.login),
                web.post("/logout", self.logout),
                web.get("/ws", self.websocket),
                web.static("/static", TEXTUAL_STATIC),
                web.static("/assets", PAGES / "assets"),
            ]
        )
        app.on_response_prepare.append(self._headers)
        app.on_shutdown.append(self._close_apps)
        return app

    async def _headers(self, request: web.Request, response: web.StreamResponse) -> None:
        response.headers.update(SECURITY_HEADERS)
        if response.content_type == "text/html":
            response.headers["Cache-Control"] = "no-store"

    def session(self, request: web.Request) -> Session | None:
        """The live session of ``request``'s cookie, if any."""
        return self.sessions.find(request.cookies.get(COOKIE_NAME))

    def address(self, request: web.Request) -> str:
        """The client's address, as far as this server can tell."""
        if self.behind_proxy:
            forwarded = request.headers.get("X-Forwarded-For", "")
            if forwarded.strip():
                return forwarded.split(",")[-1].strip()
        return request.remote or "unknown"

    @staticmethod
    def _same_origin(request: web.Request) -> bool:
        origin = request.headers.get("Origin")
        return origin is None or urlsplit(origin).netloc.lower() == request.host.lower()

    def _page(self, template: str, status: int = 200, **context: Any) -> web.Response:
        text = self.templates.get_template(template).render(**context)
        return web.Response(text=text, status=status, content_type="text/html")

    async def index(self, request: web.Request) -> web.StreamResponse:
        """The study app's page for a logged-in browser; else to the login page."""
        session = self.session(request)
        if session is None:
            raise web.HTTPSeeOther("/login")
        size = request.query.get("fontsize", "16")
        font_size = min(48, max(8, int(size))) if size.isdigit() else 16
        return self._page("app.html", student=session.student, font_size=font_size)

    async def login_page(self, request: web.Request) -> web.StreamResponse:
        """The login form (or, already logged in, the app)."""
        if self.session(request) is not None:
            raise web.HTTPSeeOther("/")
        return self._page("login.html", message="", name="")

    async def login(self, request: web.Request) -> web.StreamResponse:
        """Check a name and password; a session cookie and the app, or the form again."""
        if not self._same_origin(request):
            raise web.HTTPForbidden(text="login from another site refused")
        form = await request.post()
        name = str(form.get("name", "")).strip()[:200]
        password = str(form.get("password", ""))
        address = self.address(request)
        async with self.address_turns.turn(address), self.account_turns.turn(name):
            wait = self.limits.wait(name, address)
            if wait > 0:
                minutes = max(1, round(wait / 60))
                message = f"Too many failed logins. Try again in {minutes} minute(s)."
                return self._page("login.html", 429, message=message, name=name)
            try:
                url = await asyncio.get_running_loop().run_in_executor(
                    None, self.verify, name, password
                )
            except StoreError as error:
                log.error("login of %r not checked: %s", name, error)
                message = "The class database cannot be reached. Try again in a moment."
                return self._page("login.html", 503, message=message, name=name)
            if url is None:
                self.limits.failed(name, address)
                return self._page("login.html", 401, message="Wrong name or password.", name=name)
            self.limits.succeeded(name)
        zone = checked_zone(str(form.get("time_zone", "")))
        token = self.sessions.create(name, url, zone)
        response = web.HTTPSeeOther("/")
        response.set_cookie(
            COOKIE_NAME, token, path="/", httponly=True, samesite="Strict",
            secure=self.behind_proxy, max_age=int(self.sessions.lifetime),
        )  # fmt: skip
        raise response

    async def logout(self, request: web.Request) -> web.StreamResponse:
        """End the browser's session and its study app."""
        if not self._same_origin(request):
            raise web.HTTPForbidden(text="logout from another site refused")
        ended = self.sessions.end(request.cookies.get(COOKIE_NAME))
        if ended is not None:
            await self._close_student(ended.student, ended)
        response = web.HTTPSeeOther("/login")
        response.del_cookie(COOKIE_NAME, path="/")
        raise response

    async def _close_student(self, student: str, session: Session | None = None) -> None:
        running = self.apps.get(student)
        if running is not None and (session is None or running[0] is session):
            await running[1].close()

    async def _close_apps(self, app: web.Application) -> None:
        running = list(self.apps.values())
        for _, socket, _ in running:
            await socket.close()
        await asyncio.gather(*(service.stop() for _, _, service in running))

    async def websocket(self, request: web.Request) -> web.StreamResponse:
        """Drive the session's student's study app; refused without a live session.

        One app a student: a second tab's app replaces the first (two apps would offer
        the same cards twice). The socket closes when the session expires."""
        session = self.session(request)
        if session is None:
            raise web.HTTPUnauthorized(text="log in first")
        if not self._same_origin(request):
            raise web.HTTPForbidden(text="a page of another site may not drive the app")
        socket = web.WebSocketResponse(heartbeat=HEARTBEAT_SECONDS, max_msg_size=MAX_MESSAGE_BYTES)
        await socket.prepare(request)
        await self._close_student(session.student)
        service = StudentAppService(
            session,
            self.folder / session.student,
            write_bytes=socket.send_bytes,
            write_str=socket.send_str,
            close=socket.close,
            download_manager=_NO_DOWNLOADS,
        )
        self.apps[session.student] = (session, socket, service)
        expiry = asyncio.get_running_loop().call_later(
            max(0.0, self.sessions.seconds_left(session)),
            lambda: asyncio.ensure_future(socket.close()),
        )
        try:
            width = _size(request.query.get("width", ""), 80)
            height = _size(request.query.get("height", ""), 24)
            await service.start(width, height)
            await self._relay(socket, service)
            if service.exit_code not in (None, 0):
                log.warning("the study app of %r ended with code %s", session.student,
                            service.exit_code)  # fmt: skip
        except Exception:
            log.exception("the study app of %r failed", session.student)
        finally:
            expiry.cancel()
            with contextlib.suppress(Exception):
                await service.stop()
            if self.apps.get(session.student, (None, None, None))[2] is service:
                del self.apps[session.student]
        return socket

    @staticmethod
    async def _relay(socket: web.WebSocketResponse, service: StudentAppService) -> None:
        """The browser's key presses, sizes and focus to the app; anything else is dropped."""
        async for message in socket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                envelope = json.loads(message.data)
                kind, data = envelope[0], envelope[1] if len(envelope) > 1 else None
            except (ValueError, TypeError, IndexError, KeyError):
                continue
            if kind == "stdin" and isinstance(data, str):
                await service.send_bytes(data.encode("utf-8", "replace"))
            elif kind == "resize" and isinstance(data, dict):
                width, height = data.get("width"), data.get("height")
                if isinstance(width, int) and isinstance(height, int):
                    await service.set_terminal_size(
                        min(MAX_SIZE, max(1, width)), min(MAX_SIZE, max(1, height))
                    )
            elif kind == "ping":
                await socket.send_json(["pong", data if isinstance(data, str | int) else ""])
            elif kind == "blur":
                await service.blur()
            elif kind == "focus":
                await service.focus()


class _NoDownloads:
    """The study app delivers no files to the browser: a file it offered is dropped."""

    async def create_download(self, **_: Any) -> None:
        return None

    async def cancel_app_downloads(self, app_service_id: str) -> None:
        return None

    async def chunk_received(self, delivery_key: str, chunk: Any) -> None:
        return None


_NO_DOWNLOADS: Any = _NoDownloads()
