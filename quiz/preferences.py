"""The student's remembered preferences: the theme and plain mode, in a small JSON file in the
data folder, validated when read.

A file that is missing gives the defaults; one that cannot be read or does not validate gives
the defaults and a message naming the file and what is wrong, and is replaced at the next save.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from quiz.progress.private_files import make_private_folder, partial_file

PREFERENCES_FILE = "preferences.json"


class Preferences(BaseModel):
    """What the app remembers between runs."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    theme: Literal["dark", "light"] = "dark"
    plain: bool = False


def preferences_path(folder: Path) -> Path:
    """Where the preferences of the data folder ``folder`` are kept."""
    return folder / PREFERENCES_FILE


def load_preferences(folder: Path) -> tuple[Preferences, str | None]:
    """The saved preferences (the defaults when there are none), and a message when the file
    exists but is broken."""
    path = preferences_path(folder)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Preferences(), None
    except (OSError, UnicodeDecodeError) as error:
        return Preferences(), f"{path}: cannot be read ({error}); using the defaults"
    try:
        return Preferences.model_validate_json(text), None
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "the file"
        return Preferences(), f"{path}: {where}: {first['msg']}; using the defaults"


def save_preferences(folder: Path, preferences: Preferences) -> None:
    """Write the preferences at once (a whole new file replaces the old one). Raises
    ``OSError`` when the folder cannot be written."""
    make_private_folder(folder)
    final = preferences_path(folder)
    with partial_file(final) as partial:
        partial.write_text(json.dumps(preferences.model_dump(), indent=2) + "\n", encoding="utf-8")
