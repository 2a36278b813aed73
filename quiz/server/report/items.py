"""Per-item figures of the class report, as pure functions of the rows read: the first-try
correct rate, the discrimination, the picks of each option of a choice card, the overruled
answers.

Discrimination is the point-biserial correlation, over the students who tried the item,
between their first try of it (1 right, 0 wrong) and their *rest score*: the share of their
first tries of the deck's other items that were right (the item itself left out, so that it
does not correlate with itself). A student with no other first try in the deck is left out.
It is not given for fewer than :data:`MIN_STUDENTS` students, nor when every one of them got
the item right (or wrong), or all had the same rest score (no variance: no correlation).
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Iterable

from quiz.server.report.shape import ChoicePicks, OverruledAnswer

MIN_STUDENTS = 5

FirstTry = tuple[str, str, str, bool]  # student, deck id, item id, right
ItemKey = tuple[str, str]  # deck id, item id


def percent(part: int, whole: int) -> float | None:
    """``part`` of ``whole`` in percent, one decimal; None when ``whole`` is 0."""
    return round(100.0 * part / whole, 1) if whole else None


def first_try_rates(first_tries: Iterable[FirstTry]) -> dict[ItemKey, tuple[int, int]]:
    """(right, tried) of each item's first tries."""
    rates: dict[ItemKey, list[int]] = defaultdict(lambda: [0, 0])
    for _, deck_id, item_id, right in first_tries:
        counts = rates[(deck_id, item_id)]
        counts[0] += bool(right)
        counts[1] += 1
    return {key: (right, tried) for key, (right, tried) in rates.items()}


def point_biserial(pairs: list[tuple[int, float]]) -> float | None:
    """Pearson's correlation of (0/1, score) pairs, which for a 0/1 variable is the
    point-biserial correlation; None without variance on either side."""
    count = len(pairs)
    if count < 2:
        return None
    mean_x = sum(x for x, _ in pairs) / count
    mean_y = sum(y for _, y in pairs) / count
    sxx = sum((x - mean_x) ** 2 for x, _ in pairs)
    syy = sum((y - mean_y) ** 2 for _, y in pairs)
    if sxx <= 1e-12 or syy <= 1e-12:
        return None
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in pairs)
    return sxy / math.sqrt(sxx * syy)


def discriminations(
    first_tries: list[FirstTry], min_students: int = MIN_STUDENTS
) -> dict[ItemKey, tuple[float | None, int]]:
    """(rest-score discrimination or None, students it was computed over) of each item."""
    totals: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])  # (student, deck)
    for student, deck_id, _, right in first_tries:
        total = totals[(student, deck_id)]
        total[0] += bool(right)
        total[1] += 1
    pairs: dict[ItemKey, list[tuple[int, float]]] = defaultdict(list)
    for student, deck_id, item_id, right in first_tries:
        right_all, tried = totals[(student, deck_id)]
        if tried < 2:
            continue
        x = int(bool(right))
        pairs[(deck_id, item_id)].append((x, (right_all - x) / (tried - 1)))
    found: dict[ItemKey, tuple[float | None, int]] = {}
    for key, values in pairs.items():
        value = point_biserial(values) if len(values) >= min_students else None
        found[key] = (None if value is None else round(value, 3), len(values))
    return found


def picked_options(response: str) -> list[int] | None:
    """The option indexes a logged choice response picked; None if it is not one."""
    try:
        data = json.loads(response)
    except ValueError:
        return None
    picked = data.get("picked") if isinstance(data, dict) else None
    if data.get("type") != "choice" or not isinstance(picked, list):
        return None
    return [index for index in picked if isinstance(index, int) and not isinstance(index, bool)]


def choice_picks(
    responses: Iterable[tuple[str, int]], options: list[tuple[str, bool]]
) -> tuple[list[ChoicePicks], int]:
    """Each option's picks over the ``(response JSON, count)`` of an item, and how many
    answers picked options. An index the card no longer has is not counted."""
    picks = [0] * len(options)
    answers = 0
    for response, count in responses:
        picked = picked_options(response)
        if picked is None:
            continue
        answers += count
        for index in set(picked):
            if 0 <= index < len(options):
                picks[index] += count
    shown = [
        ChoicePicks(index=i, text=text, correct=correct, picks=picks[i])
        for i, (text, correct) in enumerate(options)
    ]
    return shown, answers


def distractor_over_answer(choices: list[ChoicePicks]) -> ChoicePicks | None:
    """The wrong option picked most, if picked more often than the right option (for a
    multi card: than the right option picked least); else None."""
    right = [choice["picks"] for choice in choices if choice["correct"]]
    wrong = [choice for choice in choices if not choice["correct"]]
    if not right or not wrong:
        return None
    worst = max(wrong, key=lambda choice: (choice["picks"], -choice["index"]))
    return worst if worst["picks"] > min(right) else None


def typed_text(response: str) -> str | None:
    """The text of a logged typed response (``{"type":"text","text":...}``), else None."""
    try:
        data = json.loads(response)
    except ValueError:
        return None
    if not isinstance(data, dict) or data.get("type") != "text":
        return None
    text = data.get("text")
    return text.strip() if isinstance(text, str) else None


def overruled_answers(rows: Iterable[tuple[str, int, int]]) -> list[OverruledAnswer]:
    """The overruled texts of one item from ``(response JSON, times, students)``: one entry
    per text (spaces around it trimmed), most students first."""
    merged: dict[str, list[int]] = {}
    for response, times, students in rows:
        text = typed_text(response)
        if not text:
            continue
        counts = merged.setdefault(text, [0, 0])
        counts[0] += times
        counts[1] += students  # the same text typed with other spacing: counted by each
    answers = [OverruledAnswer(text=t, times=n, students=s) for t, (n, s) in merged.items()]
    answers.sort(key=lambda answer: (-answer["students"], -answer["times"], answer["text"]))
    return answers
