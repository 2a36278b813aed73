"""The data folders the progress commands' tests use: one with decks, one studied."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml
from session_support import FIXTURE

from quiz.deck.model import Deck
from quiz.kinds.base import Reveal
from quiz.kinds.choice import ChoiceResponse
from quiz.kinds.true_false import TrueFalseResponse
from quiz.paths import database_path, user_decks_dir
from quiz.progress.open import open_store
from quiz.progress.state import Settings
from quiz.rating import Rating
from quiz.study.session import StudySession

# Mid-morning UTC, an hour ago: inside today's window whatever the machine's timezone.
NOW = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)


def other_deck() -> Deck:
    return Deck.model_validate(
        {
            "id": "other-deck",
            "title": "Other deck",
            "description": "A second deck.",
            "version": 1,
            "sources": [{"key": "s", "title": "T", "authors": ["A"], "year": 2020, "venue": "J"}],
            "cards": [
                {
                    "id": "x",
                    "type": "basic",
                    "front": "X?",
                    "back": "x",
                    "source": {"key": "s", "locator": "p1"},
                }
            ],
        }
    )


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "home"
    user_decks_dir(folder).mkdir(parents=True)
    shutil.copy(FIXTURE, user_decks_dir(folder) / "core-deck.yaml")
    return folder


@pytest.fixture
def decks() -> list[Deck]:
    return [Deck.model_validate(yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))), other_deck()]


@pytest.fixture
def studied(data_dir: Path, decks: list[Deck]) -> Iterator[Path]:
    """A data folder with four answers on core-deck and one on other-deck."""
    with open_store(database_path(data_dir)) as store:
        store.save_settings(Settings(fuzz=False))
        session = StudySession.start(store, decks, NOW, deck_id="core-deck")
        answers = [
            (Reveal(), Rating.GOOD),
            (ChoiceResponse(frozenset({0})), Rating.GOOD),
            (ChoiceResponse(frozenset({2})), Rating.AGAIN),
            (TrueFalseResponse(False), Rating.AGAIN),
        ]
        for response, rating in answers:
            session.answer(response, NOW)
            session.rate(rating)
            session.accept(NOW)
        shown = NOW - timedelta(milliseconds=900)  # answered 900 ms after it was shown
        other = StudySession.start(store, decks, shown, deck_id="other-deck")
        other.answer(Reveal(), NOW)
        other.rate(Rating.EASY)
        other.accept(NOW)
    yield data_dir
