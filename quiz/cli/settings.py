"""``quiz settings``: show the settings, or change one (``quiz settings set KEY VALUE``), for
all decks or for one deck (``--deck ID``).

A bad key or value is refused with a message that names the valid values (exit 2); a store
that cannot be used is exit 1. Nothing is written unless the whole new value is valid.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from quiz.paths import store_location
from quiz.progress.errors import StoreError
from quiz.progress.open import open_store
from quiz.progress.state import DeckSettings, Settings
from quiz.safe_text import json_text, visible_line
from quiz.study.settings import SETTINGS, changed, changed_for_deck, setting, shown

EXIT_USAGE = 2


def settings_error(message: str, code: int = 1) -> int:
    """Print a refusal of `quiz settings` to standard error; give back the exit code."""
    print(f"quiz settings: {visible_line(message)}", file=sys.stderr)
    return code


def _unknown_deck(deck_id: str, known: Sequence[str]) -> str | None:
    if deck_id in known:
        return None
    return f"no deck with id {deck_id!r} (decks: {', '.join(known) or 'none loaded'})"


def run_show(data_dir: Path, deck_id: str | None, fmt: str, known: Sequence[str]) -> int:
    """Print every setting with its value (a deck's own values marked), as text or JSON."""
    if deck_id is not None and (problem := _unknown_deck(deck_id, known)):
        return settings_error(problem, EXIT_USAGE)
    try:
        with open_store(store_location(data_dir)) as store:
            base = store.settings()
            decks = store.all_deck_settings()
    except StoreError as error:
        return settings_error(str(error))
    if fmt == "json":
        document: dict[str, Any] = {
            "settings": base.to_dict(),
            "decks": {key: value.to_dict() for key, value in decks.items()},
        }
        print(json_text(document, indent=2))
        return 0
    own = decks.get(deck_id, DeckSettings()) if deck_id else None
    _print_table(base, own, decks if deck_id is None else {})
    return 0


def _print_table(base: Settings, own: DeckSettings | None, decks: dict[str, DeckSettings]) -> None:
    values = base.to_dict()
    width = max(len(info.key) for info in SETTINGS)
    for info in SETTINGS:
        value = values.get(info.key)
        mark = ""
        if own is not None and getattr(own, info.key, None) is not None:
            value, mark = getattr(own, info.key), " (this deck)"
        elif info.key == "exam_date" and own is None:
            continue
        print(f"{info.key:<{width}}  {shown(value)}{mark}  - {info.meaning}")
    for deck_id, deck in decks.items():
        parts = ", ".join(f"{key} {shown(value)}" for key, value in deck.to_dict().items())
        print(visible_line(f"deck {deck_id}: {parts}"))


def run_set(data_dir: Path, key: str, text: str, deck_id: str | None, known: Sequence[str]) -> int:
    """Change one setting (for one deck with ``deck_id``) and print its new value."""
    if deck_id is not None and (problem := _unknown_deck(deck_id, known)):
        return settings_error(problem, EXIT_USAGE)
    try:
        with open_store(store_location(data_dir)) as store:
            if deck_id is None:
                settings = changed(store.settings(), key, text)
                store.save_settings(settings)
                value: Any = getattr(settings, setting(key).key)
                where = "all decks"
            else:
                own = changed_for_deck(store.deck_settings(deck_id), key, text)
                store.save_deck_settings(deck_id, own)
                value = own.to_dict().get(setting(key).key, "the all-decks value")
                where = f"deck {deck_id}"
    except (KeyError, ValueError) as error:
        return settings_error(str(error.args[0]), EXIT_USAGE)
    except StoreError as error:
        return settings_error(str(error))
    print(visible_line(f"{setting(key).key} = {shown(value)} ({where})"))
    return 0
