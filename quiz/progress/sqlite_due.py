"""The SQLite store's due items, read a page at a time in due order."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime

from quiz.progress.state import to_epoch

PAGE = 500  # rows of one due page

_STATE_FILTER = {True: "AND state != 'review'", False: "AND state = 'review'", None: ""}


def due_pages(
    read: Callable[[str, tuple], list[tuple]],
    deck_id: str,
    before: datetime,
    learning: bool | None,
    columns: str,
    due_at: int,
    page: int = PAGE,
) -> Iterator[list[tuple]]:
    """Pages of due items' rows (``columns``, the item id first), earliest first, read by
    ``read(sql, args)``; ``due_at`` is the due column's index, ``learning`` True keeps only
    (re)learning items, False only review items, None all."""
    sql = (
        f"SELECT {columns} FROM item_state"
        f" WHERE deck_id = ? {_STATE_FILTER[learning]} AND due < ? AND (due, item_id) > (?, ?)"
        " ORDER BY due, item_id LIMIT ?"
    )
    last: tuple[int, str] = (-(2**62), "")
    while True:
        rows = read(sql, (deck_id, to_epoch(before), *last, page))
        yield rows
        if len(rows) < page:
            return
        last = (rows[-1][due_at], rows[-1][0])
