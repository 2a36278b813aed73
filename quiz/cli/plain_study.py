"""Plain study: the same session as the app, as lines of text for a screen reader or a script.

No box drawing, colour or cursor movement: each prompt is one line ending in ``> ``, and every
key of the app is a word or a number typed on a line of its own: ``1``-``4`` (or ``again``,
``hard``, ``good``, ``easy``; an empty line takes the suggested rating), ``undo``, ``explain``
and ``quit``. Chosen with ``quiz study --plain``, with ``TERM=dumb``, or when the output is not
a terminal. Answers are saved as in the app: when rated, and the one on screen when leaving.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import TextIO

from quiz.cli.plain_answers import LETTERS, how_to_answer, parse_answer, shown_options
from quiz.deck.cloze import render_cloze
from quiz.deck.items import StudyDeck
from quiz.kinds.base import Grade
from quiz.kinds.cloze import ClozeCard
from quiz.progress.contract import ProgressStore
from quiz.progress.errors import StoreError
from quiz.rating import Rating
from quiz.safe_text import visible_line
from quiz.study.session import StudySession
from quiz.study.study_day import deck_counts
from quiz.study.study_item import StudyItem

RATING_WORDS = {
    "again": Rating.AGAIN,
    "hard": Rating.HARD,
    "good": Rating.GOOD,
    "easy": Rating.EASY,
}
QUIT_WORDS = {"quit", "q", "exit"}


def span_text(span: timedelta) -> str:
    """An interval in a word: ``10 min``, ``3 days``."""
    seconds = max(0, int(span.total_seconds()))
    for size, unit in ((86400, "day"), (3600, "hour"), (60, "min")):
        if seconds >= size:
            count = round(seconds / size)
            return f"{count} {unit}{'s' * (count != 1 and unit != 'min')}"
    return "now"


class PlainStudy:
    """One plain-mode run: choose a deck, then study it line by line."""

    def __init__(
        self,
        store: ProgressStore,
        decks: Sequence[StudyDeck],
        clock: Callable[[], datetime],
        *,
        lines: TextIO = sys.stdin,
        out: TextIO = sys.stdout,
    ) -> None:
        self.store, self.decks, self.clock = store, list(decks), clock
        self._in, self._out = lines, out

    def say(self, text: str = "") -> None:
        print(visible_line(text) if text else "", file=self._out, flush=True)

    def ask(self, prompt: str) -> str | None:
        """One line typed after ``prompt`` (None at the end of the input)."""
        print(f"{visible_line(prompt)}> ", end="", file=self._out, flush=True)
        line = self._in.readline()
        if not line:
            self.say()
            return None
        return line.rstrip("\n")

    def run(self) -> int:
        """Choose a deck and study it; the exit code."""
        if not self.decks:
            self.say("No decks to study.")
            return 1
        now = self.clock()
        for number, deck in enumerate(self.decks, 1):
            counts = deck_counts(self.store, deck, now)
            due = counts.new + counts.learning + counts.due
            self.say(f"{number}. {deck.title}: {due} to study ({counts.new} new today)")
        choice = "1" if len(self.decks) == 1 else self.ask("Deck number, all, or quit")
        if choice is None or choice.strip().lower() in QUIT_WORDS:
            return 0
        chosen = choice.strip().lower()
        if chosen == "all":
            deck_id = None
        elif chosen.isdigit() and 1 <= int(chosen) <= len(self.decks):
            deck_id = self.decks[int(chosen) - 1].id
        else:
            self.say(f"No deck {choice!r}.")
            return 2
        session = StudySession.start(self.store, self.decks, now, deck_id=deck_id)
        if session.current is None:
            self.say("Nothing is due right now.")
            return 0
        self.study(session)
        return 0

    def study(self, session: StudySession) -> None:
        """Ask each item, take its answer and rating, until the queue ends or the student
        quits (the answer on screen is saved first)."""
        while (item := session.current) is not None:
            self.show_question(session, item)
            line = self.ask(f"Answer ({how_to_answer(item)})")
            if line is None or line.strip().lower() in QUIT_WORDS:
                break
            if line.strip().lower() == "undo":
                self.undo(session)
                continue
            response = parse_answer(item, line)
            if isinstance(response, str):
                self.say(response)
                continue
            answer = session.answer(response, self.clock())
            self.show_answer(session, item, answer.grade)
            if not self.rate(session):
                break
        self.leave(session)

    def show_question(self, session: StudySession, item: StudyItem) -> None:
        card = item.card
        self.say()
        self.say(
            f"{item.deck.title}: {card.type}, {item.kind}, "
            f"{session.answered} done, {session.remaining} left"
        )
        prompt = render_cloze(card.text, item.group) if isinstance(card, ClozeCard) else card.prompt
        self.say(f"Question: {prompt}")
        if card.type in ("choice", "multi"):
            for letter, option in zip(LETTERS, shown_options(item), strict=False):
                self.say(f"  {letter}: {option}")
        elif card.type == "order":
            for number, option in enumerate(shown_options(item), 1):
                self.say(f"  {number}: {option}")

    def show_answer(self, session: StudySession, item: StudyItem, grade: Grade) -> None:
        if grade.correct is True:
            self.say("Correct.")
        elif grade.correct is False:
            self.say("Not quite.")
        if grade.note:
            self.say(grade.note)
        self.say(f"Answer: {grade.expected}")

    def rate(self, session: StudySession) -> bool:
        """Ask for the rating and save it; False when the student quits (saved first)."""
        while True:
            pending = session.pending
            assert pending is not None
            try:
                spans = session.intervals(self.clock())
            except StoreError:
                spans = {}
            choices = ", ".join(
                f"{int(r)} {r.name.lower()}" + (f" {span_text(spans[r])}" if r in spans else "")
                for r in Rating
            )
            line = self.ask(f"Rate: {choices}; enter: {pending.rating.name.lower()}")
            word = "" if line is None else line.strip().lower()
            if line is None or word in QUIT_WORDS:
                return False
            if word == "explain":
                self.say(f"Explanation: {pending.item.card.explanation or '(none)'}")
                continue
            if word == "undo":
                session.undo(self.clock())
                self.say("Answer taken back.")
                return True
            if word in RATING_WORDS or word in {"1", "2", "3", "4"}:
                session.rate(RATING_WORDS.get(word) or Rating(int(word)))
            elif word:
                self.say("Type 1-4, again, hard, good or easy (enter: the suggested one).")
                continue
            self._save(session.accept)
            return True

    def undo(self, session: StudySession) -> None:
        try:
            taken = session.undo(self.clock())
        except StoreError as error:
            self.say(f"Could not undo: {error}")
            return
        self.say("Last answer taken back." if taken is not None else "Nothing to undo.")

    def _save(self, save: Callable[[datetime], object]) -> None:
        try:
            save(self.clock())
        except StoreError as error:
            self.say(f"Could not save this answer: {error}")

    def leave(self, session: StudySession) -> None:
        """Save the answer on screen and sum the session up."""
        self._save(session.save_pending)
        summary = session.summary(self.clock())
        self.say()
        self.say(f"Answers: {summary.answered}, right: {summary.correct}.")
        missed = len(summary.missed)
        self.say(f"Missed: {missed} item{'s' * (missed != 1)}.")
