"""Studying for an exam: which items FSRS predicts will have fallen below the target recall
on the exam's date, brought forward hardest first, and how ready a deck is for it.

The exam is at the start of its study day (the rollover hour of that date, local time).
Pure functions of states, with the time passed in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, tzinfo
from functools import lru_cache
from typing import NamedTuple

import fsrs

from quiz.progress.contract import ProgressStore
from quiz.progress.state import ItemState, Settings, utc
from quiz.study.study_day import rollover_time


@lru_cache(maxsize=16)
def _model(parameters: tuple[float, ...]) -> fsrs.Scheduler:
    return fsrs.Scheduler(parameters=parameters or fsrs.scheduler.DEFAULT_PARAMETERS)


def recall_at(state: ItemState, moment: datetime, parameters: tuple[float, ...] = ()) -> float:
    """FSRS's predicted chance of recalling an item at ``moment`` (0 for an item never
    reviewed or without a memory state)."""
    if state.stability is None or state.last_review is None:
        return 0.0
    card = fsrs.Card(
        state=fsrs.State.Review,
        stability=state.stability,
        difficulty=state.difficulty,
        last_review=utc(state.last_review),
    )
    return _model(parameters).get_card_retrievability(card, utc(moment))


def exam_time(exam: date, settings: Settings, tz: tzinfo | None = None) -> datetime:
    """When the exam's study day starts, in UTC."""
    return rollover_time(exam, settings.rollover_hour, tz)


class Readiness(NamedTuple):
    """How many of a deck's items are predicted above the target recall on the exam."""

    exam: date
    above: int
    items: int


def readiness(
    states: Mapping[str, ItemState],
    item_ids: Iterable[str],
    exam: date,
    settings: Settings,
    parameters: tuple[float, ...] = (),
    tz: tzinfo | None = None,
) -> Readiness:
    """Of ``item_ids``, how many will be at or above ``settings.desired_retention`` on the
    exam (an item never reviewed is not)."""
    moment = exam_time(exam, settings, tz)
    target = settings.desired_retention
    ids = list(item_ids)
    above = sum(
        1
        for item_id in ids
        if (state := states.get(item_id)) is not None
        and recall_at(state, moment, parameters) >= target
    )
    return Readiness(exam, above, len(ids))


def deck_readiness(
    store: ProgressStore,
    deck_id: str,
    item_ids: Iterable[str],
    now: datetime,
    tz: tzinfo | None = None,
) -> Readiness | None:
    """How ready a deck is for its exam (its ``exam_date`` setting), or None when it has no
    exam still to come."""
    from quiz.study.settings import deck_settings
    from quiz.study.study_day import study_date

    exam_date = store.deck_settings(deck_id).exam_date
    if exam_date is None:
        return None
    settings = deck_settings(store, deck_id)
    exam = date.fromisoformat(exam_date)
    if exam <= study_date(now, settings.rollover_hour, tz):
        return None
    fit = store.parameters_for(deck_id)
    parameters = () if fit is None else fit.parameters
    return readiness(store.item_states(deck_id), item_ids, exam, settings, parameters, tz)


def readiness_note(ready: Readiness) -> str:
    """``ready for 2026-06-12: 40 of 52 items above target``, as the deck list says it."""
    return f"ready for {ready.exam.isoformat()}: {ready.above} of {ready.items} items above target"


def exam_notes(
    store: ProgressStore, decks: Iterable[tuple[str, Sequence[str]]], now: datetime
) -> dict[str, str]:
    """:func:`readiness_note` of each deck (id, item ids) with an exam still to come."""
    notes = {}
    for deck_id, item_ids in decks:
        ready = deck_readiness(store, deck_id, item_ids, now)
        if ready is not None:
            notes[deck_id] = readiness_note(ready)
    return notes


def brought_forward(
    states: Mapping[str, ItemState],
    exam: date,
    settings: Settings,
    parameters: tuple[float, ...] = (),
    tz: tzinfo | None = None,
) -> list[str]:
    """Ids of the reviewed items (in review) predicted below the target on the exam,
    hardest first (highest difficulty, then lowest predicted recall)."""
    moment = exam_time(exam, settings, tz)
    target = settings.desired_retention
    weak = []
    for item_id, state in states.items():
        if state.state != "review":
            continue  # (re)learning items come back on their own steps
        recall = recall_at(state, moment, parameters)
        if recall < target:
            weak.append((-(state.difficulty or 0.0), recall, item_id))
    return [item_id for *_, item_id in sorted(weak)]
