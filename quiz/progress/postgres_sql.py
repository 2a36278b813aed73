"""Every statement the PostgreSQL store runs, one constant per use, grouped as the contract
groups its methods, and how rows map to item states and reviews.

Each statement reaches only the connected student's rows: row-level security enforces it
(:mod:`quiz.progress.postgres_schema`), and :data:`OWN` says it again in every ``WHERE``, so
that an instructor's or administrator's store is their own too. Times are UTC epoch seconds
as in every backend; states before and after a review are compact JSON. A method added to the
contract adds its statements here, beside those of its group.
"""

from __future__ import annotations

from datetime import datetime

from quiz.progress.log_rows import (
    FIT_COLUMNS,
    FIT_FIELDS,
    FLAG_COLUMNS,
    KEYED_STATE_COLUMNS,
    LOG_COLUMNS,
    LOG_FIELDS,
    STATE_COLUMNS,
)
from quiz.progress.state import ItemState, state_json, to_epoch
from quiz.rating import Rating

OWN = "student = current_user"
LOG_SLOTS = "%s" + ", %s" * (len(LOG_FIELDS.split(",")) - 1)  # one per LOG_FIELDS

# -- settings ---------------------------------------------------------------------------------
SETTINGS = f"SELECT key, value FROM settings WHERE {OWN}"
SAVE_SETTING = (
    "INSERT INTO settings (key, value) VALUES (%s, %s)"
    " ON CONFLICT (student, key) DO UPDATE SET value = excluded.value"
)

DECK_SETTINGS = f"SELECT key, value FROM deck_settings WHERE {OWN} AND deck_id = %s"
ALL_DECK_SETTINGS = f"SELECT deck_id, key, value FROM deck_settings WHERE {OWN} ORDER BY deck_id"
FORGET_DECK_SETTINGS = f"DELETE FROM deck_settings WHERE {OWN} AND deck_id = %s"
SAVE_DECK_SETTING = "INSERT INTO deck_settings (deck_id, key, value) VALUES (%s, %s, %s)"

# -- items set aside --------------------------------------------------------------------------
ITEM_FLAGS = f"SELECT item_id, {FLAG_COLUMNS} FROM item_flags WHERE {OWN} AND deck_id = %s"
FLAGS_OF_ITEM = (
    f"SELECT {FLAG_COLUMNS} FROM item_flags WHERE {OWN} AND deck_id = %s AND item_id = %s"
    " FOR UPDATE"
)
FORGET_FLAGS = f"DELETE FROM item_flags WHERE {OWN} AND deck_id = %s AND item_id = %s"
SET_FLAGS = (
    f"INSERT INTO item_flags (deck_id, item_id, {FLAG_COLUMNS}) VALUES (%s, %s, %s, %s, %s)"
    " ON CONFLICT (student, deck_id, item_id) DO UPDATE SET suspended = excluded.suspended,"
    " buried_until = excluded.buried_until, leech = excluded.leech"
)

# -- FSRS parameters --------------------------------------------------------------------------
SAVE_FIT = (
    f"INSERT INTO fsrs_parameters ({FIT_FIELDS}) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)"
    " RETURNING id"
)
# The deck's newest kept fit, else the newest kept fit for all decks.
PARAMETERS_FOR = (
    f"SELECT {FIT_COLUMNS} FROM fsrs_parameters WHERE {OWN} AND kept"
    " AND (deck_id = %s OR deck_id IS NULL) ORDER BY deck_id IS NULL, id DESC LIMIT 1"
)
LATEST_FIT = (
    f"SELECT {FIT_COLUMNS} FROM fsrs_parameters"
    f" WHERE {OWN} AND deck_id IS NOT DISTINCT FROM %s ORDER BY id DESC LIMIT 1"
)

# -- item states ------------------------------------------------------------------------------
ITEM_STATE = f"SELECT {STATE_COLUMNS} FROM item_state WHERE {OWN} AND deck_id = %s AND item_id = %s"
ITEM_STATES = f"SELECT {KEYED_STATE_COLUMNS} FROM item_state WHERE {OWN} AND deck_id = %s"
ITEM_SCHEDULES = f"SELECT item_id, state, due FROM item_state WHERE {OWN} AND deck_id = %s"
REVIEWED_IDS = f"SELECT item_id FROM item_state WHERE {OWN} AND deck_id = %s"
REVIEWED_COUNT = (
    "SELECT count(*) FILTER (WHERE item_id = ANY(%s)), count(*)"
    f" FROM item_state WHERE {OWN} AND deck_id = %s"
)
REVIEWED_AMONG = (
    f"SELECT item_id FROM item_state WHERE {OWN} AND deck_id = %s AND item_id = ANY(%s)"
)
STATES_AMONG = (
    f"SELECT {KEYED_STATE_COLUMNS} FROM item_state"
    f" WHERE {OWN} AND deck_id = %s AND item_id = ANY(%s)"
)
DUE_FILTERS = {True: "AND state != 'review'", False: "AND state = 'review'", None: ""}


def due_page(columns: str, learning: bool | None) -> str:
    """A page of due items after a (due, item id) mark, earliest first."""
    return (
        f"SELECT {columns} FROM item_state WHERE {OWN} AND deck_id = %s {DUE_FILTERS[learning]}"
        " AND due < %s AND (due, item_id) > (%s, %s) ORDER BY due, item_id LIMIT %s"
    )


COUNT_STATES = f"SELECT state, count(*) FROM item_state WHERE {OWN} AND deck_id = %s GROUP BY state"
UPSERT_STATE = (
    f"INSERT INTO item_state (deck_id, item_id, {STATE_COLUMNS})"
    " VALUES (%s, %s, %s, %s, %s, %s, %s, %s)"
    " ON CONFLICT (student, deck_id, item_id) DO UPDATE SET state = excluded.state,"
    " step = excluded.step, stability = excluded.stability, difficulty = excluded.difficulty,"
    " due = excluded.due, last_review = excluded.last_review"
)
DELETE_STATE = f"DELETE FROM item_state WHERE {OWN} AND deck_id = %s AND item_id = %s"

# -- reviews ----------------------------------------------------------------------------------
# Reviews of one student are serialized against a reset of their decks (shared and exclusive
# locks on the student), and reviews of one item against each other.
LOCK_FOR_REVIEW = (
    "SELECT pg_advisory_xact_lock_shared(hashtextextended(current_user, 0)),"
    " pg_advisory_xact_lock(hashtextextended(current_user || chr(31) || %s || chr(31) || %s, 0))"
)
LOCK_FOR_RESET = "SELECT pg_advisory_xact_lock(hashtextextended(current_user, 0))"
REVIEW_BY_KEY = f"SELECT {LOG_COLUMNS} FROM review_log WHERE {OWN} AND review_key = %s"

# The item's new state and the review's log row, in one statement (one round trip): the
# values of UPSERT_STATE, then the review key and the LOG_FIELDS.
RECORD_REVIEW = (
    f"WITH new_state AS ({UPSERT_STATE})"
    f" INSERT INTO review_log (review_key, {LOG_FIELDS})"
    f" VALUES (%s, {LOG_SLOTS}) RETURNING id"
)
REVIEW_BY_ID = f"SELECT {LOG_COLUMNS} FROM review_log WHERE {OWN} AND id = %s FOR UPDATE"
LATEST_REVIEW = f"SELECT max(id) FROM review_log WHERE {OWN} AND deck_id = %s AND item_id = %s"
DELETE_REVIEW = f"DELETE FROM review_log WHERE {OWN} AND id = %s"
HISTORY = (
    f"SELECT {LOG_COLUMNS} FROM review_log WHERE {OWN} AND deck_id = %s AND item_id = %s"
    " ORDER BY id"
)
LOG_PAGE = f"SELECT {LOG_COLUMNS} FROM review_log WHERE {OWN} AND id > %s ORDER BY id LIMIT %s"
DECK_LOG_PAGE = (
    f"SELECT {LOG_COLUMNS} FROM review_log WHERE {OWN} AND id > %s AND deck_id = %s"
    " ORDER BY id LIMIT %s"
)
REVIEWS_SINCE = (
    f"SELECT kind, count(*) FROM review_log WHERE {OWN} AND deck_id = %s AND reviewed_at >= %s"
    " GROUP BY kind"
)
REVIEW_OUTCOMES = (
    "SELECT reviewed_at, rating, kind FROM review_log"
    f" WHERE {OWN} AND deck_id = %s AND reviewed_at >= %s ORDER BY reviewed_at, id"
)

REVIEWED_SINCE = (
    f"SELECT DISTINCT item_id FROM review_log WHERE {OWN} AND deck_id = %s AND reviewed_at >= %s"
)
# Review items of these decks due in each 24-hour span (day number, count) in a window.
DUE_COUNTS = (
    "SELECT (due - %s) / %s, count(*) FROM item_state"
    f" WHERE {OWN} AND deck_id = ANY(%s) AND state = 'review' AND due >= %s AND due < %s"
    " GROUP BY 1"
)

# -- whole decks ------------------------------------------------------------------------------
DECK_IDS = (
    f"SELECT deck_id FROM item_state WHERE {OWN}"
    f" UNION SELECT deck_id FROM review_log WHERE {OWN} ORDER BY 1"
)
DECK_PROGRESS = (
    f"SELECT (SELECT count(*) FROM item_state WHERE {OWN} AND deck_id = %s),"
    f" (SELECT count(*) FROM review_log WHERE {OWN} AND deck_id = %s)"
)
RESET_STATES = f"DELETE FROM item_state WHERE {OWN} AND deck_id = %s"
RESET_REVIEWS = f"DELETE FROM review_log WHERE {OWN} AND deck_id = %s"
RESET_FLAGS = f"DELETE FROM item_flags WHERE {OWN} AND deck_id = %s"
ALL_STATES = f"SELECT deck_id, {KEYED_STATE_COLUMNS} FROM item_state WHERE {OWN}"
ALL_FLAGS = f"SELECT deck_id, item_id, {FLAG_COLUMNS} FROM item_flags WHERE {OWN}"
ALL_FITS = f"SELECT {FIT_COLUMNS} FROM fsrs_parameters WHERE {OWN} ORDER BY id"


# -- rows -------------------------------------------------------------------------------------


def state_values(deck_id: str, item_id: str, state: ItemState) -> tuple:
    """The values of :data:`UPSERT_STATE`."""
    last = None if state.last_review is None else to_epoch(state.last_review)
    return (deck_id, item_id, state.state, state.step, state.stability, state.difficulty,
            to_epoch(state.due), last)  # fmt: skip


def log_values(
    deck_id: str,
    item_id: str,
    rating: Rating,
    correct: bool | None,
    response: str,
    reviewed_at: datetime,
    duration_ms: int,
    before: ItemState | None,
    after: ItemState,
    *,
    overruled: bool = False,
    parameters_id: int | None = None,
) -> tuple:
    """The :data:`LOG_FIELDS` of one review; its ``kind`` is the state ``before`` it."""
    kind = "new" if before is None else before.state
    return (deck_id, item_id, int(rating), correct, response, to_epoch(reviewed_at),
            max(0, int(duration_ms)), kind, state_json(before), state_json(after),
            bool(overruled), parameters_id)  # fmt: skip
