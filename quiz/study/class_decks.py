"""The decks of a class, published in its database (``quiz class publish``), as deck files a
student's app loads like any others.

They are written to a private folder of the data folder, one per class database, each file
named after its deck and holding the YAML exactly as the instructor published it; the loader
then validates them (through the deck cache) as it does every file. A deck withdrawn from the
class leaves the folder; progress stays keyed on deck and card ids, so a republished deck
keeps every student's history.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from quiz.deck.cache import DeckCache
    from quiz.deck.loader import LoadResult

CLASS_FOLDER = "class-decks"
DECK_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,99}")  # what the deck model accepts as an id


def class_deck_folder(data_dir: Path, location: str | Path) -> Path | None:
    """The folder holding the decks published in the class database at ``location``,
    refreshed from it now; None when ``location`` is a progress file (no class).

    Raises ``StoreError`` when the database cannot be read."""
    from quiz.progress.open import is_url, shown_location

    if isinstance(location, Path) or not is_url(location):
        return None
    from quiz.progress.postgres_class import published
    from quiz.progress.private_files import make_private_folder, partial_file

    decks = published(location)
    key = hashlib.sha256(shown_location(location).encode()).hexdigest()[:16]
    folder = data_dir / CLASS_FOLDER / key
    make_private_folder(folder.parent)
    make_private_folder(folder)
    wanted = {f"{deck.deck_id}.yaml": deck for deck in decks if DECK_ID.fullmatch(deck.deck_id)}
    for name in os.listdir(folder):
        if name.endswith(".yaml") and name not in wanted:
            (folder / name).unlink(missing_ok=True)
    for name, deck in wanted.items():
        target = folder / name
        data = deck.yaml.encode("utf-8")
        if target.is_file() and target.read_bytes() == data:
            continue
        with partial_file(target) as partial:
            partial.write_bytes(data)
    return folder


def load_study_decks(data_dir: Path, cache: DeckCache | None = None) -> LoadResult:
    """The decks a student studies by default: on a class database its published decks,
    else the bundled decks and the data folder's own. ``StoreError`` when the class
    database cannot be read."""
    from quiz.deck.loader import load_default, load_paths
    from quiz.paths import store_location

    published = class_deck_folder(data_dir, store_location(data_dir))
    if published is not None:
        return load_paths([published], cache=cache)
    return load_default(data_dir, cache=cache)
