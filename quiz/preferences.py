"""The student's remembered preferences: the theme and plain mode, in a small JSON file in the
data folder, validated when read.

A file that is missing gives the defaults; one that cannot be read or does not validate gives
the defaults and a message naming the file and what is wrong, and is replaced at the next save.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal, NamedTuple, get_args

PREFERENCES_FILE = "preferences.json"
Theme = Literal["dark", "light"]


class Preferences(NamedTuple):
    """What the app remembers between runs. Checked by hand, not by a model library, and a
    named tuple, not a dataclass: it is read before the first frame, which must not wait for
    either to be made."""

    theme: Theme = "dark"
    plain: bool = False

    def model_copy(self, *, update: dict[str, Any]) -> Preferences:
        """These preferences with the ``update`` fields changed."""
        return self._replace(**update)

    def model_dump(self) -> dict[str, Any]:
        """The preferences as the JSON object the file holds."""
        return dict(self._asdict())


def _parsed(data: object) -> Preferences:
    """The preferences in a decoded file; ``ValueError`` naming the field that is wrong."""
    if not isinstance(data, dict):
        raise ValueError("the file: expected an object with theme and plain")
    unknown = sorted(set(data) - {"theme", "plain"})
    if unknown:
        raise ValueError(f"{unknown[0]}: not a preference (theme, plain)")
    theme = data.get("theme", "dark")
    if theme not in get_args(Theme):
        raise ValueError(f"theme: expected 'dark' or 'light', got {theme!r}")
    plain = data.get("plain", False)
    if not isinstance(plain, bool):
        raise ValueError(f"plain: expected true or false, got {plain!r}")
    return Preferences(theme=theme, plain=plain)


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
    import json  # only when there is a file: the app's first frame reads this

    try:
        return _parsed(json.loads(text)), None
    except json.JSONDecodeError as error:
        return Preferences(), f"{path}:{error.lineno}: not JSON ({error.msg}); using the defaults"
    except ValueError as error:
        return Preferences(), f"{path}: {error}; using the defaults"


def save_preferences(folder: Path, preferences: Preferences) -> None:
    """Write the preferences at once (a whole new file replaces the old one). Raises
    ``OSError`` when the folder cannot be written."""
    import json

    from quiz.progress.private_files import make_private_folder, partial_file

    make_private_folder(folder)
    final = preferences_path(folder)
    with partial_file(final) as partial:
        partial.write_text(json.dumps(preferences.model_dump(), indent=2) + "\n", encoding="utf-8")
