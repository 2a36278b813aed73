"""The panel under the deck list: the highlighted deck's description, or why it is broken."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets import Static

from quiz.safe_text import visible, visible_line
from quiz.tui.text import plural

if TYPE_CHECKING:
    from pathlib import Path

    from quiz.deck.problems import Problem
    from quiz.deck.summary import DeckSummary
    from quiz.study.study_day import DeckCounts


def limited_new(new: int, unseen: int, later: int) -> str:
    """What the daily new limit does to a deck today, in words."""
    if not new:
        return f"Daily new limit reached: {plural(unseen, 'unseen item')} left for later days."
    return (
        f"{new} of {unseen} unseen items are new today (the daily limit); "
        f"{later} more on later days."
    )


class DeckDetail(Static):
    """What the highlighted row is: a deck, all decks together, or a broken file."""

    def show_deck(
        self,
        deck: DeckSummary,
        path: Path | None,
        exam: str | None = None,
        counts: DeckCounts | None = None,
    ) -> None:
        """A deck: its title, size and tags; when the daily limit cuts its new count, by how
        much, and, if given, how ready it is for its exam (first, as a small terminal shows
        only the panel's first lines); then its description and, if given, its file."""
        items = plural(deck.card_count, "card")
        tags = f" · {', '.join(deck.tags)}" if deck.tags else ""
        parts: list[str | tuple[str, str]] = [
            (deck.title, "bold"),
            (f"  {items}{tags}", "$text-muted"),
        ]
        if counts is not None and counts.unseen > counts.new:
            later = counts.unseen - counts.new
            parts.extend(["\n", (limited_new(counts.new, counts.unseen, later), "$text-muted")])
        if exam is not None:
            parts.extend(["\n", (exam, "bold $text-accent")])
        parts.extend(["\n", " ".join(deck.description.split())])
        if path is not None:
            parts.extend(["\n", (visible_line(str(path)), "$text-muted")])
        self.update(Content.assemble(*parts))

    def show_all(self, decks: int, cards: int, waiting: int) -> None:
        """The row for all decks together; ``waiting`` counts new, learning and due items."""
        if not decks:
            self.update(Content("No decks loaded."))
            return
        what = f"{plural(decks, 'deck')}, {plural(cards, 'card')}"
        action = (
            f"enter or a studies the {waiting} waiting now; c crams every card."
            if waiting
            else "Nothing is due now; c crams every card without changing its schedule."
        )
        self.update(Content.assemble(("All decks together", "bold"), f"  {what}\n", action))

    def show_broken(self, path: Path, problem: Problem) -> None:
        """A file that failed to load, with its first error and how to go on."""
        where = f"line {problem.line}, column {problem.column}" if problem.line else "the file"
        path_note = f" [{visible_line(problem.path)}]" if problem.path else ""
        self.update(
            Content.assemble(
                (f"✗ {visible_line(path.name)} could not be loaded", "bold $text-error"),
                "\n",
                (f"{where}: ", "bold"),
                visible(problem.message),
                (path_note, "$text-muted"),
                "\n",
                (f"{visible_line(str(path))}  ·  fix it, then press r to reload", "$text-muted"),
            )
        )

    def show_empty(self, folder: Path) -> None:
        """No deck files at all."""
        self.update(
            Content.assemble(
                ("No decks found.", "bold"),
                f"\nPut deck files (*.yaml or *.yml) in {visible_line(str(folder))} and press r "
                "to reload.",
            )
        )
