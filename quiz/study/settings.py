"""The settings a student can change: what each one means, how its value is written, which
may differ per deck, and the settings that schedule one deck.

Both ``quiz settings`` and the app's Settings screen read and write settings through
:func:`changed` and :func:`changed_for_deck`, so a value is refused with the same message
wherever it is typed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from quiz.progress.contract import ProgressStore
from quiz.progress.state import DECK_SETTING_NAMES, DeckSettings, Settings

CLEAR_WORDS = frozenset({"default", "none", "-"})
_TRUE = frozenset({"true", "yes", "on", "1"})
_FALSE = frozenset({"false", "no", "off", "0"})


def _number(name: str, text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise ValueError(f"{name} must be a number, got {text!r}") from None


def _whole(name: str, text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise ValueError(f"{name} must be a whole number, got {text!r}") from None


def _flag(name: str, text: str) -> bool:
    word = text.strip().lower()
    if word in _TRUE | _FALSE:
        return word in _TRUE
    raise ValueError(f"{name} must be true or false (on/off, yes/no), got {text!r}")


def _words(text: str) -> list[str]:
    return [word for word in text.replace(",", " ").split() if word]


def _minutes(name: str, text: str) -> tuple[float, ...]:
    return tuple(_number(name, word.removesuffix("m")) for word in _words(text))


def _days(name: str, text: str) -> tuple[str, ...]:
    if text.strip().lower() in CLEAR_WORDS:
        return ()
    return tuple(word.lower()[:3] for word in _words(text))


def _text(name: str, text: str) -> str:
    return text.strip().lower() if name != "exam_date" else text.strip()


@dataclass(frozen=True)
class SettingInfo:
    """One changeable setting: its key, what it means, how its value is read from text."""

    key: str
    meaning: str
    read: Callable[[str, str], Any]

    @property
    def per_deck(self) -> bool:
        """Whether a deck may set its own value."""
        return self.key in DECK_SETTING_NAMES

    def parse(self, text: str) -> Any:
        """The value written as ``text`` (``ValueError`` with a message naming the key)."""
        return self.read(self.key, text)


SETTINGS: tuple[SettingInfo, ...] = (
    SettingInfo(
        "desired_retention", "chance of recalling a card when it is due, 0.70-0.99", _number
    ),
    SettingInfo("new_per_day", "new cards a day", _whole),
    SettingInfo("reviews_per_day", "reviews a day", _whole),
    SettingInfo("learning_steps_minutes", "steps of a new card, in minutes (e.g. 1 10)", _minutes),
    SettingInfo("relearning_steps_minutes", "steps of a lapsed card, in minutes", _minutes),
    SettingInfo("maximum_interval_days", "longest interval, in days", _whole),
    SettingInfo("rollover_hour", "hour of the night a new study day starts (0-23)", _whole),
    SettingInfo("leech_threshold", "lapses that make a card a leech", _whole),
    SettingInfo("leech_action", "what a leech does: suspend or tag", _text),
    SettingInfo("bury_siblings", "hide a card's other cloze groups until tomorrow", _flag),
    SettingInfo("load_balancing", "due on the least busy day FSRS's fuzz allows", _flag),
    SettingInfo("easy_days", "days with fewer reviews (e.g. sat sun; none)", _days),
    SettingInfo("fuzz", "spread intervals a little, so cards do not bunch", _flag),
    SettingInfo("exam_date", "per deck: date of the exam, YYYY-MM-DD (none to clear)", _text),
)
BY_KEY = {info.key: info for info in SETTINGS}


def setting(key: str) -> SettingInfo:
    """The setting named ``key``; ``KeyError`` with the known keys if there is none."""
    try:
        return BY_KEY[key.strip().lower().replace("-", "_")]
    except KeyError:
        raise KeyError(f"no setting {key!r}; settings: {', '.join(BY_KEY)}") from None


def changed(settings: Settings, key: str, text: str) -> Settings:
    """``settings`` with ``key`` set to the value written as ``text``, validated; raises
    ``KeyError`` for an unknown key and ``ValueError`` (naming the valid range) for a bad
    value."""
    info = setting(key)
    if info.key == "exam_date":
        raise ValueError("exam_date is set per deck: give --deck ID")
    return Settings.from_dict({**settings.to_dict(), info.key: info.parse(text)})


def changed_for_deck(deck: DeckSettings, key: str, text: str) -> DeckSettings:
    """A deck's own settings with ``key`` set from ``text``; ``default`` (or ``none``) gives
    the key back to the all-decks value. ``ValueError`` for a key a deck cannot set."""
    info = setting(key)
    if not info.per_deck:
        names = ", ".join(DECK_SETTING_NAMES)
        raise ValueError(f"{info.key} is the same for every deck; per deck: {names}")
    value = None if text.strip().lower() in CLEAR_WORDS else info.parse(text)
    return replace(deck, **{info.key: value})


def shown(value: Any) -> str:
    """A setting's value as ``quiz settings`` prints it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple | list):
        return " ".join(shown(part) for part in value) or "none"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "none" if value is None else str(value)


def deck_settings(store: ProgressStore, deck_id: str, base: Settings | None = None) -> Settings:
    """The settings that schedule one deck: the all-decks ``base`` (read from the store when
    not given) with the deck's own values in their place."""
    return store.deck_settings(deck_id).applied_to(base or store.settings())
