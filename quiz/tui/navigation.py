"""What a screen can ask to see next. A screen posts :class:`Navigate` with one of these
requests; it bubbles up to the app, whose navigator (:mod:`quiz.tui.navigator`) decides.

Screens never construct each other: they ask, or they dismiss themselves with a result.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from quiz.deck.items import StudyDeck
    from quiz.deck.model import Card


@dataclass(frozen=True)
class StudyDecks:
    """Study one deck (``deck_id``) or all decks (None); ``cram`` without scheduling."""

    deck_id: str | None
    cram: bool = False


@dataclass(frozen=True)
class CramItems:
    """Cram these (deck id, item id) pairs; a cloze card's id stands for all its groups."""

    items: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class OpenStats:
    """The statistics of every deck."""


@dataclass(frozen=True)
class OpenSettings:
    """The Settings screen, with one deck's own values too when ``deck_id`` is given."""

    deck_id: str | None = None


@dataclass(frozen=True)
class OpenBrowse:
    """The cards of one deck (``deck_id``), or of all decks (None)."""

    deck_id: str | None


@dataclass(frozen=True)
class OpenCard:
    """One card in full, with its schedule and history."""

    deck_id: str
    card_id: str


@dataclass(frozen=True)
class OpenExplanation:
    """A card's explanation and source, over the screen that asks."""

    deck: StudyDeck
    card: Card


@dataclass(frozen=True)
class OpenHelp:
    """Every key, and where data is kept."""


@dataclass(frozen=True)
class ShowError:
    """A problem the app cannot work around, such as an unusable database."""

    title: str
    message: str


Request = (
    StudyDecks
    | CramItems
    | OpenStats
    | OpenSettings
    | OpenBrowse
    | OpenCard
    | OpenExplanation
    | OpenHelp
    | ShowError
)
"""Everything a screen can ask for."""


class Navigate(Message):
    """A screen asks for ``request``; the app's navigator opens what it names."""

    def __init__(self, request: Request) -> None:
        super().__init__()
        self.request = request
