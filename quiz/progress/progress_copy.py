"""One student's progress as rows a backend read, for another to write: what a database
server's store hands to :mod:`quiz.progress.sqlite_copy` to keep a local copy."""

from __future__ import annotations

from dataclasses import dataclass, field

from quiz.progress.state import (
    DeckSettings,
    ItemFlags,
    ItemState,
    ParameterRecord,
    ReviewRow,
    Settings,
)


@dataclass(frozen=True)
class ProgressCopy:
    """One student's rows, as another backend read them: settings, item states ((deck id,
    item id, state)), reviews, each deck's own settings, item flags ((deck id, item id,
    flags)) and fitted parameters (reviews and fits keep their ids)."""

    settings: Settings
    states: list[tuple[str, str, ItemState]]
    reviews: list[ReviewRow]
    deck_settings: dict[str, DeckSettings] = field(default_factory=dict)
    item_flags: list[tuple[str, str, ItemFlags]] = field(default_factory=list)
    fits: list[ParameterRecord] = field(default_factory=list)
