"""Settings a student can change: validation, `quiz settings`, persistence, per-deck values."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from postgres_server import StoreLocations
from session_support import FIXTURE, NOW, basic_deck, load, start

from quiz.cli.main import main
from quiz.kinds.base import Reveal
from quiz.paths import database_path, user_decks_dir
from quiz.progress.errors import StoreError
from quiz.progress.open import open_store
from quiz.progress.state import DeckSettings, Settings
from quiz.study.settings import SETTINGS, changed, changed_for_deck, deck_settings
from quiz.study.study_day import deck_counts


@pytest.fixture
def home(tmp_path: Path) -> Path:
    folder = tmp_path / "home"
    user_decks_dir(folder).mkdir(parents=True)
    shutil.copy(FIXTURE, user_decks_dir(folder) / "core-deck.yaml")
    return folder


def quiz(home: Path, *words: str) -> int:
    return main(["--data-dir", str(home), *words])


@pytest.mark.parametrize(
    ("key", "text", "says"),
    [
        ("desired_retention", "0.5", "between 0.7 and 0.99"),
        ("desired_retention", "lots", "must be a number"),
        ("new_per_day", "-1", "from 0 to 100000"),
        ("leech_threshold", "0", "from 1 to 100"),
        ("leech_action", "delete", "one of suspend, tag"),
        ("bury_siblings", "maybe", "true or false"),
        ("easy_days", "funday", "days from mon"),
        ("easy_days", "mon tue wed thu fri sat sun", "every day"),
        ("rollover_hour", "24", "from 0 to 23"),
        ("learning_steps_minutes", "1 x", "must be a number"),
    ],
)
def test_a_bad_value_is_refused_with_what_is_valid(key: str, text: str, says: str) -> None:
    with pytest.raises(ValueError, match=says):
        changed(Settings(), key, text)


def test_every_setting_of_the_model_can_be_changed() -> None:
    keys = {info.key for info in SETTINGS}
    assert set(Settings.__dataclass_fields__) <= keys
    assert set(DeckSettings.__dataclass_fields__) <= keys


def test_values_are_read_as_a_student_writes_them() -> None:
    settings = changed(Settings(), "learning_steps_minutes", "1m, 10m 60")
    settings = changed(settings, "easy_days", "Saturday sunday")
    settings = changed(settings, "bury-siblings", "off")
    assert settings.learning_steps_minutes == (1, 10, 60)
    assert settings.easy_days == ("sat", "sun")
    assert settings.bury_siblings is False
    assert changed(settings, "easy_days", "none").easy_days == ()


def test_a_deck_sets_only_what_may_differ_per_deck() -> None:
    own = changed_for_deck(DeckSettings(), "new_per_day", "3")
    assert own == DeckSettings(new_per_day=3)
    assert changed_for_deck(own, "new_per_day", "default") == DeckSettings()
    with pytest.raises(ValueError, match="same for every deck"):
        changed_for_deck(own, "leech_threshold", "4")
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        changed_for_deck(own, "exam_date", "next friday")


def test_quiz_settings_set_persists_across_restarts(home: Path, capsys) -> None:
    assert quiz(home, "settings", "set", "desired_retention", "0.85") == 0
    assert quiz(home, "settings", "set", "easy_days", "sun") == 0
    assert "desired_retention = 0.85 (all decks)" in capsys.readouterr().out
    with open_store(database_path(home)) as store:
        assert store.settings() == Settings(desired_retention=0.85, easy_days=("sun",))
    assert quiz(home, "settings") == 0
    shown = capsys.readouterr().out
    assert "desired_retention         0.85" in shown
    assert "easy_days                 sun" in shown


def test_quiz_settings_refuses_a_bad_value_and_keeps_the_old_one(home: Path, capsys) -> None:
    assert quiz(home, "settings", "set", "desired_retention", "0.999") == 2
    error = capsys.readouterr().err
    assert "desired_retention must be between 0.7 and 0.99, got 0.999" in error
    assert "Traceback" not in error
    assert quiz(home, "settings", "set", "colour", "blue") == 2
    assert "no setting 'colour'; settings: desired_retention" in capsys.readouterr().err
    assert quiz(home, "settings", "set", "new_per_day") == 2
    with open_store(database_path(home)) as store:
        assert store.settings() == Settings()


def test_a_deck_value_overrides_the_all_decks_one(home: Path, capsys, tmp_path: Path) -> None:
    assert quiz(home, "settings", "set", "new_per_day", "2", "--deck", "core-deck") == 0
    assert quiz(home, "settings", "set", "new_per_day", "1", "--deck", "nope") == 2
    assert "no deck with id 'nope'" in capsys.readouterr().err
    assert quiz(home, "settings", "--format", "json") == 0
    document = json.loads(capsys.readouterr().out)
    assert document["decks"] == {"core-deck": {"new_per_day": 2}}
    assert document["settings"]["new_per_day"] == 20
    core, other = load(FIXTURE), basic_deck("other", 30)
    with open_store(database_path(home)) as store:
        assert deck_settings(store, "core-deck").new_per_day == 2
        assert deck_counts(store, core, NOW).new == 2
        assert deck_counts(store, other, NOW).new == 20
        session = start(store, [core, other], NOW)
        assert session.remaining == 22
    assert quiz(home, "settings", "set", "new_per_day", "default", "--deck", "core-deck") == 0
    with open_store(database_path(home)) as store:
        assert store.all_deck_settings() == {}


def test_a_deck_retention_schedules_that_deck(store_location: StoreLocations) -> None:
    with open_store(store_location()) as store:
        store.save_settings(Settings(fuzz=False))
        store.save_deck_settings("strict", DeckSettings(desired_retention=0.97))
        decks = [basic_deck("strict", 1), basic_deck("easy", 1)]
        session = start(store, decks, NOW)
        intervals = {}
        while session.current is not None:
            deck_id = session.current.deck.id
            intervals[deck_id] = session.intervals(NOW)
            session.answer(Reveal(), NOW)
            session.accept(NOW)
        assert intervals["strict"][4] < intervals["easy"][4]  # Easy: sooner at 0.97


def test_stored_deck_settings_that_are_invalid_are_a_store_error(
    store_location: StoreLocations,
) -> None:
    open_store(store_location()).close()
    store_location.execute(  # a value another program wrote
        "progress.db",
        "INSERT INTO deck_settings (deck_id, key, value) VALUES ('d', 'new_per_day', '-5')",
    )
    with (
        open_store(store_location()) as store,
        pytest.raises(StoreError, match="invalid stored settings of deck 'd'"),
    ):
        store.deck_settings("d")
