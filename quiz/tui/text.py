"""How the app words things: card types, times, durations, citations, short lines.

Pure functions with the time passed in, so that screens stay small and tests stay exact.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from quiz.deck.fields import Source
    from quiz.deck.items import StudyDeck
    from quiz.deck.model import Card

LETTERS = "abcdefgh"
"""Labels of the choices of a choice or multi card, in display order."""

RATING_NAMES = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}


# The card kinds are imported when first asked for: they bring pydantic, which the first
# frame does without (tests/test_tui_screens.py checks it).


def type_label(card_type: str) -> str:
    """What a card type asks of the student, in a few words."""
    from quiz.tui.kinds.registry import tui_kind_named

    return tui_kind_named(card_type).label


def short_type_label(card_type: str) -> str:
    """A card type in one short word, for tables."""
    from quiz.tui.kinds.registry import tui_kind_named

    return tui_kind_named(card_type).short_label


def plural(count: int, word: str, words: str | None = None) -> str:
    """``1 card``, ``2 cards``."""
    return f"{count} {word if count == 1 else (words or word + 's')}"


def duration_text(elapsed: timedelta) -> str:
    """A duration as people say it: ``45 s``, ``4 min 12 s``, ``1 h 05 min``."""
    seconds = max(0, int(elapsed.total_seconds()))
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


def relative_time(when: datetime, now: datetime) -> str:
    """How far ``when`` is from ``now``: ``now``, ``in 10 min``, ``in 3 days``, ``2 h ago``."""
    delta = when - now
    seconds = delta.total_seconds()
    if abs(seconds) < 60:
        return "now"
    span = _span(abs(seconds))
    return f"in {span}" if seconds > 0 else f"{span} ago"


def _span(seconds: float) -> str:
    minutes = seconds / 60
    if minutes < 59.5:
        return f"{round(minutes)} min"
    hours = minutes / 60
    if hours < 23.5:
        return f"{round(hours)} h"
    days = max(1, hours / 24)
    if days < 60:
        return plural(round(days), "day")
    if days < 730:
        return plural(round(days / 30.44), "month")
    return plural(round(days / 365.25), "year")


def short_span(span: timedelta) -> str:
    """A span in a few characters, for the rating buttons: ``1m``, ``10m``, ``3h``, ``4d``."""
    minutes = span.total_seconds() / 60
    if minutes < 1:
        return "<1m"
    if minutes < 60:
        return f"{round(minutes)}m"
    hours = minutes / 60
    if hours < 24:
        return f"{round(hours)}h"
    days = hours / 24
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        return f"{round(days / 30.44)}mo"
    return f"{days / 365.25:.1f}y".replace(".0y", "y")


def local_time(when: datetime) -> str:
    """A timestamp in the student's local time zone, to the minute."""
    return when.astimezone().strftime("%Y-%m-%d %H:%M")


def one_line(text: str, width: int) -> str:
    """Text on one line (whitespace collapsed), cut to ``width`` with an ellipsis."""
    flat = " ".join(text.split())
    if width <= 0:
        return ""
    if len(flat) <= width:
        return flat
    return flat[: max(0, width - 1)].rstrip() + "…"


def percent(value: float | None) -> str:
    """``83%``, or an en dash when there is nothing to measure."""
    return "–" if value is None else f"{round(value * 100)}%"


def cited_source(deck: StudyDeck, card: Card) -> Source | None:
    """The deck's source a card cites; None when the deck declares no such key."""
    try:
        return deck.source(card.source.key)
    except KeyError:
        return None


def authors_year(source: Source) -> str:
    """``Benmebarek MR, Karches CH (2019)``: who wrote a source, and when."""
    return f"{', '.join(source.authors)} ({source.year})"


def citation(deck: StudyDeck, card: Card) -> str:
    """Where a card's content comes from: the source's authors, year, title, venue, locator
    (the source's key and the locator when the deck does not declare it)."""
    source = cited_source(deck, card)
    if source is None:
        return f"{card.source.key}, {card.source.locator}"
    return f"{authors_year(source)}. {source.title}. {source.venue}. — {card.source.locator}"


def answer_text(card: Card) -> str:
    """The full answer of a card, as text to show when browsing."""
    from quiz.kinds.registry import kind_of

    return kind_of(card).answer_text(card)


def search_text(deck: StudyDeck, card: Card) -> str:
    """Everything a search should match for a card, case-folded: its own texts and id, and
    its type as the lists show it and as deck files name it; not its deck's title or id,
    which every card of the deck would match."""
    from quiz.tui.kinds.registry import tui_kind_of

    kind = tui_kind_of(card)
    parts = [card.id, card.type, kind.short_label, kind.label, card.prompt, answer_text(card)]
    parts.extend(card.tags)
    if card.explanation:
        parts.append(card.explanation)
    parts.extend(kind.search_words(card))
    return " ".join(parts).casefold()
