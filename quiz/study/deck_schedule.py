"""What schedules each deck of a session: its settings (the deck's own values over the
all-decks ones), its fitted FSRS parameters, and the load of the days ahead when intervals
are balanced (read once per study day, then kept up to date by the session's own reviews).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta, tzinfo

from quiz.progress.contract import ProgressStore
from quiz.progress.state import ItemState, ParameterRecord, Settings, to_epoch, utc
from quiz.rating import Rating
from quiz.study.load_balance import day_picker
from quiz.study.scheduler import fuzz_range, preview, schedule, unfuzzed_outcome
from quiz.study.settings import deck_settings
from quiz.study.study_day import study_date, study_day_bounds


class DeckSchedules:
    """The settings and parameters of each deck a session studies, read once per deck."""

    def __init__(
        self,
        store: ProgressStore,
        base: Settings,
        deck_ids: Sequence[str],
        tz: tzinfo | None = None,
    ) -> None:
        self._store = store
        self._base = base
        self._deck_ids = list(deck_ids)
        self.tz = tz
        """The student's timezone (None: the machine's), which places the study days."""
        self._settings: dict[str, Settings] = {}
        self._fits: dict[str, ParameterRecord | None] = {}
        self._exams: dict[str, date | None] = {}
        self._loads = DayLoads(store, self._deck_ids)
        self._day: tuple[tuple[int, tzinfo | None], datetime, datetime, date] | None = None

    def settings(self, deck_id: str) -> Settings:
        """The settings that schedule ``deck_id``."""
        if deck_id not in self._settings:
            self._settings[deck_id] = deck_settings(self._store, deck_id, self._base)
        return self._settings[deck_id]

    def fit(self, deck_id: str) -> ParameterRecord | None:
        """The fitted parameters that schedule ``deck_id`` (None: FSRS's defaults)."""
        if deck_id not in self._fits:
            self._fits[deck_id] = self._store.parameters_for(deck_id)
        return self._fits[deck_id]

    def parameters(self, deck_id: str) -> tuple[float, ...]:
        """The FSRS weights that schedule ``deck_id`` (empty: FSRS's defaults)."""
        fit = self.fit(deck_id)
        return () if fit is None else fit.parameters

    def exam(self, deck_id: str) -> date | None:
        """The deck's exam date, if it has one."""
        if deck_id not in self._exams:
            exam = self._store.deck_settings(deck_id).exam_date
            self._exams[deck_id] = None if exam is None else date.fromisoformat(exam)
        return self._exams[deck_id]

    def preview(self, deck_id: str, state: ItemState | None, now: datetime) -> dict:
        """When an item of ``deck_id`` would be due again for each rating, without fuzz."""
        return preview(state, now, self.settings(deck_id), self.parameters(deck_id))

    def next_state(
        self,
        deck_id: str,
        state: ItemState | None,
        rating: Rating,
        now: datetime,
        card_id: int,
        seed: int | None = None,
        pick: Callable[[int, int], int] | None = None,
    ) -> ItemState:
        """The state a review of an item of ``deck_id`` rated ``rating`` at ``now`` leads to
        from ``state``, with the deck's settings and parameters; ``pick`` chooses the day
        in the fuzz range (:meth:`day_picker`)."""
        settings, parameters = self.settings(deck_id), self.parameters(deck_id)
        return schedule(
            state,
            rating,
            now,
            settings,
            seed=seed,
            card_id=card_id,
            parameters=parameters,
            pick_days=pick,
        )

    def day_picker(
        self, deck_id: str, state: ItemState | None, rating: Rating, now: datetime
    ) -> Callable[[int, int], int] | None:
        """With load balancing on (and fuzz), what picks the least loaded day of a review's
        fuzz range, for the range ``state`` (the item's state as the session knows it) leads
        to. The days' loads are read from the store the first time they are needed in a
        study day and then kept (:meth:`review_written` keeps them up to date), so a review
        reads none. None when there is nothing to choose."""
        settings, parameters = self.settings(deck_id), self.parameters(deck_id)
        if not (settings.load_balancing and settings.fuzz):
            return None
        after, due = unfuzzed_outcome(state, rating, now, settings, parameters)
        if after != "review":
            return None
        days = (due - utc(now).replace(microsecond=0)).days
        high = fuzz_range(days, settings.maximum_interval_days)[1] if days >= 2.5 else days
        start, today = self._study_day(now, settings.rollover_hour)
        loads = self._loads.loads(start, high + 2)
        return day_picker(loads, today, settings.easy_days)

    def _study_day(self, now: datetime, rollover_hour: int) -> tuple[datetime, date]:
        """When the study day holding ``now`` starts, and its date (kept while it lasts)."""
        kept, where = self._day, (rollover_hour, self.tz)
        if kept is not None and kept[0] == where and kept[1] <= now < kept[2]:
            return kept[1], kept[3]
        start, end = study_day_bounds(now, rollover_hour, self.tz)
        today = study_date(now, rollover_hour, self.tz)
        self._day = (where, start, end, today)
        return start, today

    def review_written(self, before: ItemState | None, after: ItemState | None) -> None:
        """An item of these decks went from ``before`` to ``after`` in the store (a review
        written, or one taken back with the two swapped): the kept loads follow it."""
        self._loads.moved(before, after)


DAY_SECONDS = 86_400
FIRST_READ_DAYS = 64  # the loads first read: most intervals of a session fall in them


class DayLoads:
    """How many review items of some decks fall due on each day from a study day's start:
    read from the store once (and further days when a longer interval needs them), then
    changed by each review the session writes. Reviews written meanwhile by another process
    are seen from the next study day, or the next session; balancing only needs the shape of
    the load."""

    def __init__(self, store: ProgressStore, deck_ids: Sequence[str]) -> None:
        self._store = store
        self._deck_ids = list(deck_ids)
        self._start: int | None = None  # epoch seconds of the day the counts start at
        self._counts: list[int] = []

    def loads(self, start: datetime, days: int) -> list[int]:
        """At least ``days`` counts (day 0 begins at ``start``); the list is the kept one."""
        begin = to_epoch(start)
        if begin != self._start:
            self._start, self._counts = begin, []
        if days > len(self._counts):
            have = len(self._counts)
            wanted = max(days, 2 * have, FIRST_READ_DAYS)  # few reads as intervals grow
            first = start + timedelta(days=have)
            self._counts += self._store.due_counts(self._deck_ids, first, wanted - have)
        return self._counts

    def moved(self, before: ItemState | None, after: ItemState | None) -> None:
        """One item's state changed from ``before`` to ``after``."""
        if self._start is None:
            return
        for state, change in ((before, -1), (after, 1)):
            if state is not None and state.state == "review":
                day = (to_epoch(state.due) - self._start) // DAY_SECONDS
                if 0 <= day < len(self._counts):
                    self._counts[day] = max(0, self._counts[day] + change)
