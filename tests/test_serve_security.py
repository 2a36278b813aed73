"""``quiz serve`` over HTTP, on a real class database: who may reach a study app, and how.

Each test runs the server's application on a real socket (aiohttp's test server) and
speaks to it as a browser would, or as an attacker would."""

from __future__ import annotations

import asyncio
import re
import secrets
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import aiohttp
import psycopg
import pytest
from aiohttp.test_utils import TestClient, TestServer
from serve_support import Student, add_student, class_fixture

from quiz.progress.postgres_schema import LOGIN_TABLE
from quiz.server.accounts import verify_login
from quiz.server.app_server import ClassServer
from quiz.server.passwords import verify_password
from quiz.server.rate_limit import ACCOUNT_FAILURES, ADDRESS_FAILURES
from quiz.server.sessions import COOKIE_NAME, SessionTable


@pytest.fixture(scope="session")
def serve_class(postgres_server, tmp_path_factory) -> str:
    """The instructor's URL of a class database with the true/false deck published."""
    return class_fixture(postgres_server, tmp_path_factory)


@pytest.fixture(scope="module")
def alice(serve_class: str) -> Student:
    return add_student(serve_class, "alice")


@pytest.fixture(scope="module")
def bob(serve_class: str) -> Student:
    return add_student(serve_class, "bob")


class Clock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
async def served(serve_class: str, tmp_path: Path) -> AsyncIterator[Callable]:
    """Start the application (options as :class:`ClassServer`'s); stopped after the test."""
    started: list[TestServer] = []

    async def start(**options) -> tuple[ClassServer, TestServer]:
        server = ClassServer(
            lambda name, password: verify_login(serve_class, name, password),
            tmp_path / "class-server",
            **options,
        )
        test_server = TestServer(server.application(), host="127.0.0.1")
        await test_server.start_server()
        started.append(test_server)
        return server, test_server

    yield start
    for test_server in started:
        await test_server.close()


async def browser(test_server: TestServer) -> TestClient:
    """A client with a cookie jar of its own, as one person's browser."""
    client = TestClient(test_server, cookie_jar=aiohttp.CookieJar(unsafe=True))
    await client.start_server()
    return client


async def log_in(client: TestClient, student: Student, password: str | None = None, **extra):
    form = {"name": student.name, "password": student.password if password is None else password}
    return await client.post("/login", data=form | extra, allow_redirects=False)


def test_the_stored_login_is_a_salted_scrypt_hash_of_the_same_password(
    serve_class: str, alice: Student, bob: Student
) -> None:
    with psycopg.connect(serve_class) as db:
        rows = dict(db.execute(f"SELECT student, password_hash FROM {LOGIN_TABLE}").fetchall())
    for student in (alice, bob):
        stored = rows[student.name]
        assert stored != student.password and student.password not in stored
        assert re.fullmatch(r"scrypt\$n=16384,r=8,p=1\$[\w-]{22}\$[\w-]{43}", stored)
        assert verify_password(student.password, stored)
        assert not verify_password(student.password + "x", stored)
    assert rows[alice.name].split("$")[2] != rows[bob.name].split("$")[2]  # salts differ


def test_students_cannot_read_the_logins(serve_class: str, alice: Student) -> None:
    with psycopg.connect(alice.url) as db, pytest.raises(psycopg.errors.InsufficientPrivilege):
        db.execute(f"SELECT * FROM {LOGIN_TABLE}")


async def test_without_a_session_nothing_but_the_login_page(served) -> None:
    _, test_server = await served()
    client = await browser(test_server)
    try:
        page = await client.get("/", allow_redirects=False)
        assert page.status == 303 and page.headers["Location"] == "/login"
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await client.ws_connect("/ws")
        assert refused.value.status == 401
        forged = {COOKIE_NAME: secrets.token_urlsafe(32)}
        page = await client.get("/", cookies=forged, allow_redirects=False)
        assert page.status == 303
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await client.ws_connect(
                "/ws", headers={"Cookie": f"{COOKIE_NAME}={forged[COOKIE_NAME]}"}
            )
        assert refused.value.status == 401
    finally:
        await client.close()


async def test_a_login_sets_a_strict_http_only_cookie_and_opens_the_app_page(
    served, alice: Student
) -> None:
    _, test_server = await served()
    client = await browser(test_server)
    try:
        wrong = await log_in(client, alice, "not-the-password")
        assert wrong.status == 401 and "Wrong name or password." in await wrong.text()
        assert COOKIE_NAME not in wrong.cookies
        done = await log_in(client, alice, time_zone="Pacific/Auckland")
        assert done.status == 303 and done.headers["Location"] == "/"
        cookie = done.cookies[COOKIE_NAME]
        assert cookie["httponly"] and cookie["samesite"] == "Strict" and not cookie["secure"]
        page = await client.get("/")
        assert page.status == 200 and alice.name in await page.text()
        assert alice.password not in await page.text()
    finally:
        await client.close()


async def test_behind_a_proxy_the_cookie_is_secure(served, alice: Student) -> None:
    _, test_server = await served(behind_proxy=True)
    client = await browser(test_server)
    try:
        done = await log_in(client, alice)
        assert done.cookies[COOKIE_NAME]["secure"]
    finally:
        await client.close()


async def test_an_expired_or_ended_session_is_refused(served, alice: Student) -> None:
    clock = Clock()
    _, test_server = await served(sessions=SessionTable(lifetime=60, clock=clock))
    client = await browser(test_server)
    try:
        await log_in(client, alice)
        assert (await client.get("/", allow_redirects=False)).status == 200
        clock.now += 61
        assert (await client.get("/", allow_redirects=False)).status == 303
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await client.ws_connect("/ws")
        assert refused.value.status == 401
        await log_in(client, alice)
        token = client.session.cookie_jar.filter_cookies(test_server.make_url("/"))[COOKIE_NAME]
        assert (await client.post("/logout", allow_redirects=False)).status == 303
        stale = {"Cookie": f"{COOKIE_NAME}={token.value}"}
        assert (await client.get("/", headers=stale, allow_redirects=False)).status == 303
    finally:
        await client.close()


async def test_another_site_can_neither_log_in_nor_drive_the_app(served, alice: Student) -> None:
    _, test_server = await served()
    client = await browser(test_server)
    try:
        evil = {"Origin": "http://evil.example"}
        form = {"name": alice.name, "password": alice.password}
        refused = await client.post("/login", data=form, headers=evil, allow_redirects=False)
        assert refused.status == 403
        await log_in(client, alice)
        with pytest.raises(aiohttp.WSServerHandshakeError) as handshake:
            await client.ws_connect("/ws", headers=evil)
        assert handshake.value.status == 403
    finally:
        await client.close()


def _environment(pid: int) -> dict[str, str]:
    raw = Path(f"/proc/{pid}/environ").read_bytes()
    return dict(item.split("=", 1) for item in raw.decode().split("\0") if "=" in item)


async def _app_of(server: ClassServer, student: str) -> int:
    for _ in range(200):
        running = server.apps.get(student)
        if running is not None and running[2].process_id is not None:
            return running[2].process_id
        await asyncio.sleep(0.05)
    raise AssertionError(f"no app started for {student}")


async def _closed(socket: aiohttp.ClientWebSocketResponse, seconds: float = 20) -> bool:
    """Whether the server closes ``socket`` within ``seconds`` (what it sends is read)."""
    try:
        async with asyncio.timeout(seconds):
            while (await socket.receive()).type not in CLOSING:
                pass
    except TimeoutError:
        return False
    return True


CLOSING = {aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.CLOSING}


async def test_the_app_closes_when_its_session_expires(served, alice: Student) -> None:
    server, test_server = await served(sessions=SessionTable(lifetime=4))
    client = await browser(test_server)
    try:
        await log_in(client, alice)
        socket = await client.ws_connect("/ws")
        await _app_of(server, alice.name)
        assert await _closed(socket)
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await client.ws_connect("/ws")
        assert refused.value.status == 401
    finally:
        await client.close()


async def test_each_cookie_reaches_its_own_students_app_only(
    served, alice: Student, bob: Student
) -> None:
    server, test_server = await served()
    alices, bobs = await browser(test_server), await browser(test_server)
    try:
        await log_in(alices, alice, time_zone="Pacific/Auckland")
        await log_in(bobs, bob, time_zone="not/a zone")
        bob_socket = await bobs.ws_connect("/ws")
        bob_pid = await _app_of(server, bob.name)
        # Alice's browser asks for Bob's app every way a request can say so.
        alice_socket = await alices.ws_connect(
            f"/ws?student={bob.name}&user={bob.name}", headers={"X-Student": bob.name}
        )
        await alice_socket.send_json(["stdin", f"{bob.name}\r"])
        alice_pid = await _app_of(server, alice.name)
        assert alice_pid != bob_pid
        alice_env, bob_env = _environment(alice_pid), _environment(bob_pid)
        assert alice_env["QUIZ_DB"] == alice.url and bob_env["QUIZ_DB"] == bob.url
        assert alice_env["TZ"] == "Pacific/Auckland" and "TZ" not in bob_env
        assert alice.password not in Path(f"/proc/{alice_pid}/cmdline").read_text()
        assert server.apps[bob.name][2].process_id == bob_pid  # Bob's app is still his
        assert not bob_socket.closed
        await alices.post("/logout", allow_redirects=False)  # ends Alice's app, not Bob's
        assert await _closed(alice_socket)
        assert not bob_socket.closed and server.apps[bob.name][2].process_id == bob_pid
        await bob_socket.close()
    finally:
        await alices.close()
        await bobs.close()


async def test_failed_logins_are_limited_per_account(served, alice: Student) -> None:
    _, test_server = await served()
    client = await browser(test_server)
    try:
        for _ in range(ACCOUNT_FAILURES):
            assert (await log_in(client, alice, "guess")).status == 401
        limited = await log_in(client, alice)  # even the right password, now
        assert limited.status == 429 and "Too many failed logins" in await limited.text()
        assert COOKIE_NAME not in limited.cookies
    finally:
        await client.close()


async def test_failed_logins_are_limited_per_address(
    served, serve_class: str, alice: Student
) -> None:
    _, test_server = await served()
    client = await browser(test_server)
    try:
        for attempt in range(ADDRESS_FAILURES):
            form = {"name": f"{alice.name}{attempt}", "password": "guess"}
            assert (await client.post("/login", data=form, allow_redirects=False)).status == 401
        limited = await log_in(client, alice)
        assert limited.status == 429
    finally:
        await client.close()


async def test_parallel_guesses_do_not_pass_the_limit(served, alice: Student) -> None:
    _, test_server = await served()
    client = await browser(test_server)
    try:
        tries = await asyncio.gather(
            *(log_in(client, alice, f"guess{n}") for n in range(ACCOUNT_FAILURES * 3))
        )
        statuses = sorted(answer.status for answer in tries)
        assert statuses.count(401) == ACCOUNT_FAILURES and set(statuses) == {401, 429}
    finally:
        await client.close()


async def test_a_class_behind_one_address_logs_in_at_once(served, serve_class: str) -> None:
    students = [add_student(serve_class, "room") for _ in range(ADDRESS_FAILURES + 4)]
    _, test_server = await served()
    clients = [await browser(test_server) for _ in students]
    try:
        done = await asyncio.gather(*(log_in(c, s) for c, s in zip(clients, students, strict=True)))
        assert [answer.status for answer in done] == [303] * len(students)
    finally:
        for client in clients:
            await client.close()


async def test_behind_a_proxy_addresses_are_the_forwarded_ones(served, bob: Student) -> None:
    _, test_server = await served(behind_proxy=True)
    client = await browser(test_server)
    try:
        for attempt in range(ADDRESS_FAILURES):
            form = {"name": f"nobody_{attempt}", "password": "guess"}
            headers = {"X-Forwarded-For": "198.51.100.7"}
            await client.post("/login", data=form, headers=headers, allow_redirects=False)
        other = {"X-Forwarded-For": "198.51.100.8"}
        form = {"name": bob.name, "password": bob.password}
        allowed = await client.post("/login", data=form, headers=other, allow_redirects=False)
        assert allowed.status == 303
    finally:
        await client.close()


OUTSIDE = re.compile(r"(?:https?:|wss?:)?//(?!127\.0\.0\.1|localhost)[\w.-]+", re.IGNORECASE)


async def test_the_pages_and_styles_name_no_outside_host(served, alice: Student) -> None:
    _, test_server = await served()
    client = await browser(test_server)
    try:
        login = await (await client.get("/login")).text()
        await log_in(client, alice)
        app = await (await client.get("/")).text()
        linked = re.findall(r'(?:href|src)="([^"]+)"', login + app)
        assert linked and all(link.startswith("/") and not link.startswith("//") for link in linked)
        sheets = [link for link in linked if link.endswith(".css")]
        fonts: list[str] = []
        for link in sheets:
            text = re.sub(r"/\*.*?\*/", "", await (await client.get(link)).text(), flags=re.S)
            assert OUTSIDE.findall(text) == [], link  # comments (a licence's links) aside
            fonts += re.findall(r'url\("?([^")]+)"?\)', text)
        assert not OUTSIDE.findall(login) and not OUTSIDE.findall(app)
        assert any("RobotoMono" in font for font in fonts)
        for link in linked + fonts:
            assert (await client.get(link)).status == 200, link
    finally:
        await client.close()
