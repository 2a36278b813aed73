"""Item states, logged reviews, item flags, per-deck settings and fitted parameters as rows,
laid out alike by every SQL backend: the column lists, and the values read back from them.

Times in rows are integer UTC epoch seconds; the states before and after a review are kept
in the log as compact JSON (:func:`quiz.progress.state.state_json`).
"""

from __future__ import annotations

import json
from datetime import datetime

from quiz.progress.state import (
    DeckSettings,
    ItemFlags,
    ItemState,
    ParameterRecord,
    ReviewRow,
    from_epoch,
    to_epoch,
)
from quiz.rating import Rating

STATE_COLUMNS = "state, step, stability, difficulty, due, last_review"
KEYED_STATE_COLUMNS = "item_id, " + STATE_COLUMNS
LOG_FIELDS = (
    "deck_id, item_id, rating, correct, response, reviewed_at, duration_ms, kind,"
    " state_before, state_after, overruled, parameters_id"
)
LOG_COLUMNS = "id, " + LOG_FIELDS
FLAG_COLUMNS = "suspended, buried_until, leech"
FIT_FIELDS = (
    "deck_id, parameters, fitted_at, review_count, log_loss_before, log_loss_after,"
    " rmse_before, rmse_after, kept"
)
FIT_COLUMNS = "id, " + FIT_FIELDS


def _maybe_time(seconds: int | None) -> datetime | None:
    return None if seconds is None else from_epoch(seconds)


def state_from_row(row: tuple) -> ItemState:
    """The item state in a row of :data:`STATE_COLUMNS`."""
    state, step, stability, difficulty, due, last_review = row
    return ItemState(state, step, stability, difficulty, from_epoch(due), _maybe_time(last_review))


def keyed_state_from_row(row: tuple) -> tuple[str, ItemState]:
    """(item id, state) from a row of :data:`KEYED_STATE_COLUMNS`."""
    return row[0], state_from_row(row[1:])


def review_from_values(row: tuple) -> ReviewRow:
    """The review in a row of :data:`LOG_COLUMNS`; ``ValueError`` when a state it holds
    cannot be read back (each backend reports that as damaged data)."""
    id_, deck, item, rating, correct, response, at, duration, kind, before, after, *marks = row
    overruled, parameters_id = marks
    try:
        before_state = None if before is None else ItemState.from_dict(json.loads(before))
        after_state = ItemState.from_dict(json.loads(after))
    except (ValueError, TypeError, AttributeError) as error:
        raise ValueError(f"review {id_} cannot be read back: {error}") from None
    return ReviewRow(
        id=id_,
        deck_id=deck,
        item_id=item,
        rating=Rating(rating),
        correct=None if correct is None else bool(correct),
        response=response,
        reviewed_at=from_epoch(at),
        duration_ms=duration,
        state_before=before_state,
        state_after=after_state,
        kind=kind,
        overruled=bool(overruled),
        parameters_id=parameters_id,
    )


def flags_from_row(suspended: int, buried_until: int | None, leech: int) -> ItemFlags:
    """The item flags in a row of :data:`FLAG_COLUMNS`."""
    return ItemFlags(suspended=bool(suspended), buried_until=_maybe_time(buried_until),
                     leech=bool(leech))  # fmt: skip


def deck_settings_from_rows(rows: list[tuple]) -> DeckSettings:
    """One deck's settings from its (key, JSON value) rows, keys no longer known left out;
    ``ValueError`` when a stored value is not a valid setting."""
    known = set(DeckSettings.__dataclass_fields__)
    try:
        return DeckSettings(**{key: json.loads(value) for key, value in rows if key in known})
    except TypeError as error:
        raise ValueError(str(error)) from None


def fit_values(record: ParameterRecord) -> tuple:
    """The :data:`FIT_FIELDS` of one fit."""
    return (record.deck_id, json.dumps(list(record.parameters)), to_epoch(record.fitted_at),
            record.review_count, record.log_loss_before, record.log_loss_after,
            record.rmse_before, record.rmse_after, bool(record.kept))  # fmt: skip


def fit_from_row(row: tuple) -> ParameterRecord:
    """The fit in a row of :data:`FIT_COLUMNS`."""
    id_, deck_id, parameters, fitted_at, count, loss_before, loss_after, rmse_b, rmse_a, kept = row
    return ParameterRecord(
        deck_id=deck_id,
        parameters=tuple(float(value) for value in json.loads(parameters)),
        fitted_at=from_epoch(fitted_at),
        review_count=count,
        log_loss_before=loss_before,
        log_loss_after=loss_after,
        rmse_before=rmse_b,
        rmse_after=rmse_a,
        kept=bool(kept),
        id=id_,
    )
