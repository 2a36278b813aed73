"""The class report's shape: what ``quiz class report --format json`` writes, and what the
table, CSV and HTML forms and the app's screen are made from.

Percentages are 0-100 with one decimal, ``None`` where nothing was counted; times are UTC.
Every text from a deck (prompts, choices, answers) is as the deck has it: whoever shows it
makes it safe for where it goes (:mod:`quiz.safe_text`, HTML escaping).
"""

from __future__ import annotations

from typing import TypedDict


class Thresholds(TypedDict):
    """The limits the report's judgements use, stated in every report."""

    window_days: int  # retention and reviews per day are counted over this many days
    min_students: int  # fewer students saw a card: no discrimination, no flag on it
    low_correct_percent: float  # a card whose first-try correct % is below this is flagged
    discrimination_below: float  # a card whose discrimination is below this is flagged
    at_risk_idle_days: int  # a student who has not studied for this many days is at risk
    at_risk_retention_percent: float  # ... or whose retention is below this
    at_risk_min_reviews: int  # ... over at least this many reviews in the window
    at_risk_backlog: int  # ... or who has this many items due or more


class ChoicePicks(TypedDict):
    """One option of a choice or multi card: how many answers picked it."""

    index: int  # in the deck's (authored) order
    text: str
    correct: bool
    picks: int


class ItemReport(TypedDict):
    """One review item (a card, or one cloze group of a cloze card) across the class."""

    deck_id: str
    item_id: str
    card_id: str
    card_type: str | None  # None: the deck is not published, so the card is not known
    prompt: str | None
    tags: list[str]
    students: int  # who reviewed it at least once
    reviews: int
    first_try_correct_percent: float | None
    mean_rating: float | None  # 1 Again .. 4 Easy, over every review
    lapses: int  # Again on the item once it was in review
    discrimination: float | None  # see Report.rules["discrimination"]
    discrimination_students: int  # students it was computed over
    backlog: int  # students with the item due now
    leeches: int  # students for whom it is a leech
    choices: list[ChoicePicks] | None  # choice and multi cards only
    choice_answers: int  # answers that picked options (reveals are not counted)


class CardToLookAt(TypedDict):
    """An item the report singles out, and why (each reason names its threshold)."""

    deck_id: str
    item_id: str
    prompt: str | None
    reasons: list[str]


class OverruledAnswer(TypedDict):
    """One answer text students said was right ("I was right")."""

    text: str
    times: int
    students: int


class OverruledCard(TypedDict):
    """The overruled answers of one item, beside what the card accepts now."""

    deck_id: str
    item_id: str
    card_id: str
    prompt: str | None
    accepted: list[str]  # the card's accepted answers now (a cloze group: its deletions)
    answers: list[OverruledAnswer]  # most students first
    answers_line: str | None  # a typed card's ``answers:`` with every overruled text added


class TopicReport(TypedDict):
    """A deck (``tag`` None) or the cards of one tag in it, across the class."""

    deck_id: str
    tag: str | None
    items: int  # items with a review
    window_reviews: int  # reviews of items in review in the window
    retention_percent: float | None  # of those, not Again
    backlog: int  # items due now, summed over students
    leeches: int  # leeches, summed over students


class StudentReport(TypedDict):
    """One student of the class."""

    name: str
    reviews: int  # in all
    reviews_per_day: float  # over the window
    backlog: int  # items due now
    retention_percent: float | None  # over the window
    days_since_last_study: int | None  # None: never studied
    at_risk: bool
    why: list[str]  # which parts of the at-risk rule hold


class DayReport(TypedDict):
    """One day of the window, across the class."""

    date: str  # YYYY-MM-DD of the day's first second (the window's days run from its start)
    reviews: int
    students: int
    retention_percent: float | None


class Report(TypedDict):
    """The whole class report (``quiz class report --format json``)."""

    generated_at: str  # ISO 8601, UTC
    deck: str | None  # the deck asked for, or None for every deck
    thresholds: Thresholds
    rules: dict[str, str]  # how each judgement is made, in words
    students_total: int
    reviews_total: int
    cards_to_look_at: list[CardToLookAt]
    items: list[ItemReport]  # by deck, then deck order
    overruled: list[OverruledCard]
    topics: list[TopicReport]
    students: list[StudentReport]  # at risk first
    days: list[DayReport]
