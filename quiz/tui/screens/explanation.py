"""A window with a card's explanation and its full source."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from quiz.tui.text import authors_year, citation, cited_source
from quiz.tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from quiz.deck.items import StudyDeck
    from quiz.deck.model import Card


def source_content(deck: StudyDeck, card: Card) -> Content:
    """The card's source as a short reference: title, authors, year, venue, link, locator."""
    source = cited_source(deck, card)
    if source is None:
        return Content(citation(deck, card))
    parts: list[str | tuple[str, str]] = [
        (source.title, "bold"),
        "\n",
        f"{authors_year(source)}. {source.venue}.",
    ]
    if source.url:
        parts.extend(["\n", (source.url, "$text-accent")])
    parts.extend(["\n", ("Where: ", "$text-muted"), card.source.locator])
    return Content.assemble(*parts)


class ExplanationScreen(ModalScreen[None]):
    """The explanation of the card just answered, and where its content comes from."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,e,enter,space", "close", "Close", id="explanation.close"),
    ]

    def __init__(self, deck: StudyDeck, card: Card) -> None:
        super().__init__()
        self.deck = deck
        self.card = card

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="explanation-box", classes="dialog"):
            yield Static(
                Content.assemble(("Explanation", "bold $text-accent")), classes="dialog-title"
            )
            yield Static(
                Content(self.card.explanation or "This card has no explanation."),
                id="explanation-text",
            )
            yield Static(Content.assemble(("Source", "bold $text-accent")), classes="heading")
            yield Static(source_content(self.deck, self.card), id="explanation-source")
            tags = ", ".join(self.card.tags)
            meta = f"Deck: {self.deck.title} · card {self.card.id}"
            yield Static(Content(f"{meta}\nTags: {tags}" if tags else meta), classes="muted")
        yield KeyBar()

    def action_close(self) -> None:
        """Back to the card."""
        self.dismiss()
