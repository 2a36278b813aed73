"""Decks, a store and answering helpers shared by the session and study-day tests."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import yaml

from quiz.deck.model import Deck
from quiz.kinds.base import Response, Reveal
from quiz.progress.contract import ProgressStore
from quiz.progress.open import open_store
from quiz.progress.state import Settings
from quiz.rating import Rating
from quiz.study.session import StudySession

FIXTURE = Path(__file__).parent / "fixtures" / "core" / "core-deck.yaml"
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday, 09:00 UTC
SOURCE = {"key": "src", "locator": "p1"}


def unfuzzed_store(location: str | Path, busy_timeout: float | None = None) -> ProgressStore:
    """The store at ``location`` (a file or a class database URL), its intervals not fuzzed
    so that tests can predict them; with ``busy_timeout``, one that waits that many seconds
    for another writer's lock (on PostgreSQL: its statement and lock timeouts)."""
    if busy_timeout is None:
        store = open_store(location)
    elif isinstance(location, Path):
        from quiz.progress.sqlite_store import Store

        store = Store.open(location, busy_timeout=busy_timeout)
    else:
        from quiz.progress.postgres_store import PostgresStore
        from quiz.progress.sqlite_copy import write_progress_copy

        store = PostgresStore.open(
            location, write_copy=write_progress_copy, statement_timeout_ms=int(busy_timeout * 1000)
        )
    store.save_settings(Settings(fuzz=False))
    return store


def deck_data(deck_id: str, fronts: dict[str, str]) -> dict:
    return {
        "id": deck_id,
        "title": f"Deck {deck_id}",
        "description": "Cards for session tests.",
        "version": 1,
        "sources": [
            {"key": "src", "title": "A source", "authors": ["A"], "year": 2020, "venue": "J"}
        ],
        "cards": [
            {"id": card_id, "type": "basic", "front": front, "back": "back", "source": SOURCE}
            for card_id, front in fronts.items()
        ],
    }


def write_deck(path: Path, data: dict) -> Deck:
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return load(path)


def load(path: Path) -> Deck:
    return Deck.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


def basic_deck(deck_id: str = "basics", count: int = 5) -> Deck:
    return Deck.model_validate(
        deck_data(deck_id, {f"q{i}": f"Question {i}?" for i in range(count)})
    )


def answer(
    session: StudySession, rating: Rating, now: datetime, response: Response | None = None
) -> str:
    """Answer the current item at ``now``, accept it with ``rating`` and return its item id."""
    item = session.current
    assert item is not None
    session.answer(response or Reveal(), now)
    session.rate(rating)
    session.accept(now)
    return item.item_id


def start(store: ProgressStore, decks: list[Deck], now: datetime, **kwargs: object) -> StudySession:
    return StudySession.start(store, decks, now, tz=UTC, seed=1, **kwargs)


def drain(session: StudySession, rating: Rating, now: datetime) -> list[str]:
    seen = []
    while session.current is not None:
        seen.append(answer(session, rating, now))
    return seen
