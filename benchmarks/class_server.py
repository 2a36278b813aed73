"""A class served by ``quiz serve``, for its tests and the classroom benchmark: a class
database holding one published true/false deck, students added as ``quiz class
add-student`` adds them, and the server started as the command starts it."""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from benchmarks.inputs import true_false_deck

DECK_ID = "serve-tf"
CARDS = 40
LISTENING = re.compile(r"serving the class at (http://127\.0\.0\.1:\d+)/")
REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Student:
    """A student as the instructor hands them out: a name, a password, the URL."""

    name: str
    password: str
    url: str


def make_class(admin_url: str, folder: Path, cards: int = CARDS) -> str:
    """A new class database on the server of ``admin_url`` (a superuser's), set up and with
    the true/false deck published; its instructor's URL."""
    import psycopg

    from quiz.progress.postgres_class import PublishedDeck, init_class, publish

    name = f"quiz_serve_{secrets.token_hex(4)}"
    with psycopg.connect(admin_url, autocommit=True) as db:
        db.execute(f"CREATE DATABASE {name}")
    parts = urlsplit(admin_url)
    url = parts._replace(path=f"/{name}").geturl()
    init_class(url)
    path = true_false_deck(folder, cards, DECK_ID)
    raw = path.read_bytes()
    deck = PublishedDeck(DECK_ID, 1, path.name, raw.decode(), hashlib.sha256(raw).hexdigest())
    publish(url, [deck])
    return url


def add_student(class_url: str, prefix: str = "s") -> Student:
    """A new student of the class, with the URL ``quiz class add-student`` prints."""
    from quiz.progress.postgres_class import add_member

    name = f"{prefix}_{secrets.token_hex(5)}"
    url = add_member(class_url, name)
    return Student(name, unquote(urlsplit(url).password or ""), url)


def reviewed_items(class_url: str) -> dict[str, list[str]]:
    """Every review of the deck in the class, by student (as the instructor reads them)."""
    import psycopg

    rows: dict[str, list[str]] = {}
    with psycopg.connect(class_url) as db:
        for student, item in db.execute(
            "SELECT student, item_id FROM review_log WHERE deck_id = %s ORDER BY id", (DECK_ID,)
        ):
            rows.setdefault(student, []).append(item)
    return rows


class ServeProcess:
    """``quiz serve --port 0`` in a process of its own; :attr:`base` is where it listens."""

    def __init__(self, class_url: str, data_dir: Path, *extra: str) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("QUIZ_", "PG"))}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "quiz", "serve", "--db", class_url, "--port", "0",
             "--data-dir", str(data_dir), *extra],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, cwd=REPO,
        )  # fmt: skip
        assert self.process.stdout is not None
        self.first_line = self.process.stdout.readline()  # '' when it exits instead
        found = LISTENING.search(self.first_line)
        if found is None:
            rest = self.stop()
            raise RuntimeError(f"quiz serve did not start: {self.first_line!r} {rest!r}")
        self.base = found.group(1)

    def stop(self) -> str:
        """Stop the server as Ctrl+C does; what it printed after its first line."""
        if self.process.poll() is None:
            self.process.send_signal(2)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        assert self.process.stdout is not None
        return self.process.stdout.read()
