"""``quiz serve`` in a real browser: headless Chromium, students logging in on the real
page at the same time, answering cards with key presses into the terminal, and every
answer in that student's own rows of the class database."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from serve_support import ServeProcess, Student, add_student, class_fixture, reviewed_items

from benchmarks.browser import Browser, answer_true_false, chromium_binary, log_in, loopback_only

CARDS_EACH = 3
ZONES = ("Pacific/Auckland", "America/Los_Angeles")


@pytest.fixture(scope="module")
def chromium() -> str:
    """Chromium's path; in CI a missing Chromium fails the run, elsewhere the tests skip."""
    found = chromium_binary()
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is needed in CI (install Debian's chromium)")
        pytest.skip("Chromium is not available (install Debian's chromium)")
    return found


@pytest.fixture(scope="module")
def browser_class(postgres_server, tmp_path_factory) -> str:
    return class_fixture(postgres_server, tmp_path_factory)


@pytest.fixture(scope="module")
def server(browser_class: str, tmp_path_factory) -> Iterator[ServeProcess]:
    served = ServeProcess(browser_class, tmp_path_factory.mktemp("serve-data"))
    yield served
    served.stop()


async def _study(browser: Browser, base: str, student: Student, zone: str) -> tuple:
    page = await browser.new_page(time_zone=zone)
    await log_in(page, base, student.name, student.password)
    zone_sent = await page.evaluate("Intl.DateTimeFormat().resolvedOptions().timeZone")
    assert await page.evaluate("document.cookie") == ""  # HttpOnly: no script reads it
    answered = await answer_true_false(page, CARDS_EACH)
    return page, zone_sent, [f"tf-{number}" for number, _ in answered]


async def test_students_study_at_once_in_their_own_browsers(
    chromium: str, server: ServeProcess, browser_class: str, tmp_path: Path
) -> None:
    students = [add_student(browser_class, "web") for _ in ZONES]
    async with Browser(chromium) as browser:
        results = await asyncio.gather(
            *(_study(browser, server.base, s, z) for s, z in zip(students, ZONES, strict=True))
        )
    reviews = reviewed_items(browser_class)
    for student, zone, (page, zone_sent, items) in zip(students, ZONES, results, strict=True):
        assert zone_sent == zone
        assert reviews[student.name] == items and len(items) == CARDS_EACH
        assert loopback_only(page.requested) == [] and any("/ws" in u for u in page.requested)
        assert student.password not in page.screen
    assert set(reviews) == {s.name for s in students}


async def test_a_wrong_password_in_the_page_opens_no_app(
    chromium: str, server: ServeProcess, browser_class: str
) -> None:
    student = add_student(browser_class, "web")
    async with Browser(chromium) as browser:
        page = await browser.new_page()
        await page.goto(f"{server.base}/login")
        await page.focus("#name")
        await page.type(student.name)
        await page.focus("#password")
        await page.type(student.password[:-1])
        await page.press("Enter")
        await page.wait_loaded()
        text = await page.evaluate("document.body.innerText")
        assert "Wrong name or password." in text
        assert await page.evaluate("document.cookie") == ""
        assert not any("/ws" in url for url in page.requested)
