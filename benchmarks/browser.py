"""Headless Chromium driven through the DevTools protocol, for the tests and benchmarks of
``quiz serve``: pages in browser contexts of their own (separate cookies, as separate
people's browsers), typing and key presses as a person's, and what the page's terminal
received read back from its websocket frames.

Chromium runs with a fresh profile, no first-run, sync, component updates or background
networking, and is only ever pointed at loopback addresses.
"""

from __future__ import annotations

import asyncio
import base64
import codecs
import contextlib
import itertools
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.terminal import visible_text

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--disable-extensions", "--mute-audio", "--no-default-browser-check",
    "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
    "--disable-backgrounding-occluded-windows", "--disable-features=Translate,MediaRouter",
    "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
    "--window-size=1200,900",
)  # fmt: skip
LISTENING = re.compile(r"DevTools listening on (ws://127\.0\.0\.1:\d+/\S+)")
KEYS = {
    "Enter": {"key": "Enter", "code": "Enter", "windowsVirtualKeyCode": 13, "text": "\r"},
    "Escape": {"key": "Escape", "code": "Escape", "windowsVirtualKeyCode": 27},
}


def chromium_binary() -> str | None:
    """The Chromium on PATH (Debian's ``chromium``), or None."""
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


class BrowserError(RuntimeError):
    """Chromium did not start, or a DevTools command failed."""


class Browser:
    """One headless Chromium; :meth:`new_page` opens a page in a browser context of its own."""

    def __init__(self, binary: str) -> None:
        self.binary = binary
        self.profile = Path(tempfile.mkdtemp(prefix="quiz-chromium-"))
        self._process: asyncio.subprocess.Process | None = None
        self._socket: Any = None
        self._http: Any = None
        self._ids = itertools.count(1)
        self._waiting: dict[int, asyncio.Future] = {}
        self._listeners: dict[str | None, list[Callable[[str, dict], None]]] = {}
        self._reader: asyncio.Task | None = None

    async def __aenter__(self) -> Browser:
        import aiohttp

        self._process = await asyncio.create_subprocess_exec(
            self.binary, *FLAGS, f"--user-data-dir={self.profile}", "about:blank",
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        assert self._process.stderr is not None
        seen = []
        address = None
        deadline = time.monotonic() + 60
        while address is None:
            line = await asyncio.wait_for(
                self._process.stderr.readline(), deadline - time.monotonic()
            )
            if not line:
                raise BrowserError("chromium exited: " + b"".join(seen).decode(errors="replace"))
            seen.append(line)
            match = LISTENING.search(line.decode(errors="replace"))
            address = match.group(1) if match else None
        self._drain = asyncio.create_task(self._process.stderr.read())  # never blocks chromium
        self._http = aiohttp.ClientSession()
        self._socket = await self._http.ws_connect(address, max_msg_size=0)
        self._reader = asyncio.create_task(self._read())
        return self

    async def __aexit__(self, *_: object) -> None:
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self.send("Browser.close"), 5)
        if self._reader is not None:
            self._reader.cancel()
        if self._http is not None:
            await self._http.close()
        if self._process is not None:
            with contextlib.suppress(ProcessLookupError):
                if self._process.returncode is None:
                    with contextlib.suppress(asyncio.TimeoutError):
                        await asyncio.wait_for(self._process.wait(), 5)
                if self._process.returncode is None:
                    self._process.kill()
            await self._process.wait()
        shutil.rmtree(self.profile, ignore_errors=True)

    async def _read(self) -> None:
        import json

        async for message in self._socket:
            data = json.loads(message.data)
            if "id" in data:
                future = self._waiting.pop(data["id"], None)
                if future is not None and not future.done():
                    future.set_result(data)
                continue
            for listener in self._listeners.get(data.get("sessionId"), []):
                listener(data["method"], data.get("params", {}))
        for future in self._waiting.values():
            if not future.done():
                future.set_exception(BrowserError("chromium closed its DevTools socket"))

    async def send(
        self, method: str, params: dict | None = None, session: str | None = None
    ) -> dict:
        """Run one DevTools command; its result, or :class:`BrowserError`."""
        number = next(self._ids)
        message: dict[str, Any] = {"id": number, "method": method, "params": params or {}}
        if session is not None:
            message["sessionId"] = session
        future = asyncio.get_running_loop().create_future()
        self._waiting[number] = future
        await self._socket.send_json(message)
        reply = await asyncio.wait_for(future, 60)
        if "error" in reply:
            raise BrowserError(f"{method}: {reply['error']}")
        return reply.get("result", {})

    async def new_page(self, time_zone: str | None = None) -> Page:
        """A blank page in a new browser context (no cookies shared with any other page)."""
        context = (await self.send("Target.createBrowserContext"))["browserContextId"]
        target = await self.send(
            "Target.createTarget", {"url": "about:blank", "browserContextId": context}
        )
        attached = await self.send(
            "Target.attachToTarget", {"targetId": target["targetId"], "flatten": True}
        )
        page = Page(self, attached["sessionId"])
        self._listeners.setdefault(page.session, []).append(page.on_event)
        for domain in ("Page", "Network", "Runtime"):
            await page.send(f"{domain}.enable")
        await page.send("Emulation.setFocusEmulationEnabled", {"enabled": True})
        if time_zone is not None:
            await page.send("Emulation.setTimezoneOverride", {"timezoneId": time_zone})
        return page


class Page:
    """One page: navigation, typing, and the text its terminal's websocket received."""

    def __init__(self, browser: Browser, session: str) -> None:
        self.browser = browser
        self.session = session
        self.requested: list[str] = []  # every URL the page asked for, websockets too
        self.screen = ""  # terminal output received, escape sequences removed
        self.closed_sockets = 0
        self.errors: list[str] = []  # the page's uncaught script errors
        self._decoder = codecs.getincrementaldecoder("utf-8")("replace")
        self._raw = ""
        self._loaded = asyncio.Event()
        self._changed = asyncio.Event()

    async def send(self, method: str, params: dict | None = None) -> dict:
        """A DevTools command on this page."""
        return await self.browser.send(method, params, self.session)

    def on_event(self, method: str, params: dict) -> None:
        """Keep what the tests read: requests, terminal output, loads."""
        if method == "Network.requestWillBeSent":
            self.requested.append(params["request"]["url"])
        elif method == "Network.webSocketCreated":
            self.requested.append(params["url"])
        elif method == "Network.webSocketFrameReceived":
            frame = params["response"]
            if frame.get("opcode") == 2:
                raw = self._raw + self._decoder.decode(base64.b64decode(frame["payloadData"]))
                text, self._raw = visible_text(raw)
                self.screen += text
                self._changed.set()
        elif method == "Network.webSocketClosed":
            self.closed_sockets += 1
            self._changed.set()
        elif method == "Runtime.exceptionThrown":
            details = params.get("exceptionDetails", {})
            self.errors.append(str(details.get("exception", {}).get("description", details)))
        elif method == "Page.loadEventFired":
            self._loaded.set()

    async def goto(self, url: str) -> None:
        """Open ``url`` and wait for its load event."""
        self._loaded.clear()
        await self.send("Page.navigate", {"url": url})
        await self.wait_loaded()

    async def wait_loaded(self) -> None:
        """Wait for the load event of a navigation under way (a form's submission)."""
        await asyncio.wait_for(self._loaded.wait(), 60)
        self._loaded.clear()

    async def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page."""
        result = await self.send(
            "Runtime.evaluate",
            {"expression": expression, "returnByValue": True, "awaitPromise": True},
        )
        if "exceptionDetails" in result:
            raise BrowserError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    async def focus(self, selector: str) -> None:
        """Focus the element ``selector`` names."""
        await self.evaluate(f"document.querySelector({selector!r}).focus()")

    async def type(self, text: str) -> None:
        """Type ``text`` into the focused element, as a keyboard does."""
        for char in text:
            await self.send(
                "Input.dispatchKeyEvent", {"type": "keyDown", "key": char, "text": char}
            )
            await self.send("Input.dispatchKeyEvent", {"type": "keyUp", "key": char})

    async def press(self, key: str) -> None:
        """Press and release ``key`` (a name in :data:`KEYS`, or one character)."""
        fields = KEYS.get(key, {"key": key, "text": key})
        await self.send("Input.dispatchKeyEvent", {"type": "keyDown", **fields})
        await self.send(
            "Input.dispatchKeyEvent",
            {"type": "keyUp", **{k: v for k, v in fields.items() if k != "text"}},
        )

    async def wait_for(
        self, pattern: str | re.Pattern[str], start: int = 0, timeout: float = 60
    ) -> re.Match[str]:
        """The first match of ``pattern`` in the terminal's text after ``start``."""
        compiled = re.compile(re.escape(pattern)) if isinstance(pattern, str) else pattern
        deadline = time.monotonic() + timeout
        while True:
            match = compiled.search(self.screen, start)
            if match:
                return match
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(
                    f"{compiled.pattern!r} not on the page's terminal: {self.screen[-400:]!r}"
                    f"; script errors: {self.errors[-3:]}; last requests: {self.requested[-3:]}"
                    f"; websockets closed: {self.closed_sockets}"
                )
            self._changed.clear()
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._changed.wait(), left)


def loopback_only(urls: list[str]) -> list[str]:
    """The URLs of ``urls`` that are not on a loopback address (to be none)."""
    from urllib.parse import urlsplit

    allowed = {"127.0.0.1", "localhost", "::1", "[::1]"}
    return [
        u
        for u in urls
        if urlsplit(u).scheme not in {"about", "data"} and urlsplit(u).hostname not in allowed
    ]


def no_proxy_environment() -> dict[str, str]:
    """This environment without proxy settings: Chromium talks to loopback directly."""
    return {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}


DECKS_LISTED = re.compile(r"\d+ decks? · \d+ to study")
STATEMENT = re.compile(r"Statement (\d{5}) holds")
ANSWERED = "Correct"


async def log_in(page: Page, base: str, name: str, password: str, timeout: float = 60) -> None:
    """Log in on ``base``'s login page as a person does: type the name and the password,
    press Enter; then wait (up to ``timeout`` seconds) for the study app's deck list."""
    await page.goto(f"{base}/login")
    for _ in range(100):  # the page's autofocus, once applied, would move the caret back
        if await page.evaluate("document.activeElement && document.activeElement.id") == "name":
            break
        await asyncio.sleep(0.1)
    filled = "[document.querySelector('#name').value, document.querySelector('#password').value]"
    for _ in range(3):
        await page.evaluate("document.querySelector('form').reset()")
        await page.focus("#name")
        await page.type(name)
        await page.focus("#password")
        await page.type(password)
        if await page.evaluate(filled) == [name, password]:
            break
    else:
        raise BrowserError(
            f"the login form did not take what was typed: {await page.evaluate(filled)}"
        )
    await page.press("Enter")
    await page.wait_loaded()
    await page.wait_for(DECKS_LISTED, timeout=timeout)
    await page.focus(".xterm-helper-textarea")


async def answer_true_false(
    page: Page, cards: int, think: tuple[float, float] = (0.0, 0.0), seed: int = 0
) -> list[tuple[str, float]]:
    """Start studying the highlighted deck and answer ``cards`` true/false cards with ``t``,
    then ``enter`` (pausing ``think`` seconds, at random, before each key): each card's
    statement number, and the seconds from that ``enter`` to the next card's statement on
    the terminal."""
    import random

    pause = random.Random(seed)
    start = len(page.screen)
    await page.press("Enter")
    current = (await page.wait_for(STATEMENT, start)).group(1)
    answered: list[tuple[str, float]] = []
    for _ in range(cards):
        await asyncio.sleep(pause.uniform(*think))
        start = len(page.screen)
        await page.press("t")
        await page.wait_for(ANSWERED, start)
        await asyncio.sleep(pause.uniform(*think))
        start = len(page.screen)
        pressed = time.perf_counter()
        await page.press("Enter")
        following = current
        while following == current:
            match = await page.wait_for(STATEMENT, start)
            following, start = match.group(1), match.end()
        answered.append((current, time.perf_counter() - pressed))
        current = following
    return answered
