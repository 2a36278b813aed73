"""What a screen can ask to see next. A screen posts :class:`Navigate` with one of these
requests; it bubbles up to the app, whose navigator (:mod:`quiz.tui.navigator`) decides.

Screens never construct each other: they ask, or they dismiss themselves with a result.
The requests are named tuples: the module is imported before the first frame, where a
dataclass costs ten times as much to define.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from textual.message import Message

if TYPE_CHECKING:
    from quiz.deck.items import StudyDeck
    from quiz.deck.model import Card


class StudyDecks(NamedTuple):
    """Study one deck (``deck_id``) or all decks (None); ``cram`` without scheduling."""

    deck_id: str | None
    cram: bool = False


class CramItems(NamedTuple):
    """Cram these (deck id, item id) pairs; a cloze card's id stands for all its groups."""

    items: tuple[tuple[str, str], ...]


class OpenStats(NamedTuple):
    """The statistics of every deck."""


class OpenSettings(NamedTuple):
    """The Settings screen, with one deck's own values too when ``deck_id`` is given."""

    deck_id: str | None = None


class OpenBrowse(NamedTuple):
    """The cards of one deck (``deck_id``), or of all decks (None)."""

    deck_id: str | None


class OpenCard(NamedTuple):
    """One card in full, with its schedule and history."""

    deck_id: str
    card_id: str


class OpenExplanation(NamedTuple):
    """A card's explanation and source, over the screen that asks."""

    deck: StudyDeck
    card: Card


class OpenHelp(NamedTuple):
    """Every key, and where data is kept."""


class ShowError(NamedTuple):
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
