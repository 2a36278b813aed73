"""The class report as CSV: one table after another, each introduced by a row holding its
name alone (``cards``, ``options``, ``cards to look at``, ``overruled``, ``topics``,
``students``, ``days``) and its header row, with an empty row between tables.

A cell of deck text that a spreadsheet would run as a formula (it starts with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return) is written with a leading ``'``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from quiz.server.report.shape import Report

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> object:
    """``value`` as a CSV cell that no spreadsheet runs as a formula."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


def _table(out, name: str, header: list[str], rows: Iterable[list[object]]) -> None:
    out.writerow([name])
    out.writerow(header)
    for row in rows:
        out.writerow([cell(value) for value in row])
    out.writerow([])


def report_csv(report: Report) -> str:
    """The whole report as CSV text (see the module)."""
    buffer = io.StringIO()
    out = csv.writer(buffer, lineterminator="\n")
    items = report["items"]
    _table(out, "cards",
           ["deck_id", "item_id", "card_id", "card_type", "prompt", "tags", "students",
            "reviews", "first_try_correct_percent", "mean_rating", "lapses", "discrimination",
            "discrimination_students", "backlog", "leeches", "choice_answers"],
           ([i["deck_id"], i["item_id"], i["card_id"], i["card_type"], i["prompt"],
             " ".join(i["tags"]), i["students"], i["reviews"], i["first_try_correct_percent"],
             i["mean_rating"], i["lapses"], i["discrimination"], i["discrimination_students"],
             i["backlog"], i["leeches"], i["choice_answers"]] for i in items))  # fmt: skip
    _table(out, "options", ["deck_id", "item_id", "option", "text", "correct", "picks"],
           ([i["deck_id"], i["item_id"], c["index"] + 1, c["text"], c["correct"], c["picks"]]
            for i in items for c in i["choices"] or []))  # fmt: skip
    _table(out, "cards to look at", ["deck_id", "item_id", "prompt", "reason"],
           ([c["deck_id"], c["item_id"], c["prompt"], reason]
            for c in report["cards_to_look_at"] for reason in c["reasons"]))  # fmt: skip
    overruled = (
        [c["deck_id"], c["item_id"], c["card_id"], "; ".join(c["accepted"]), a["text"],
         a["students"], a["times"]]
        for c in report["overruled"] for a in c["answers"]
    )  # fmt: skip
    _table(out, "overruled",
           ["deck_id", "item_id", "card_id", "accepted", "answer", "students", "times"],
           overruled)  # fmt: skip
    _table(out, "topics", ["deck_id", "tag", "items", "window_reviews", "retention_percent",
                           "backlog", "leeches"],
           ([t["deck_id"], t["tag"], t["items"], t["window_reviews"], t["retention_percent"],
             t["backlog"], t["leeches"]] for t in report["topics"]))  # fmt: skip
    _table(out, "students", ["name", "reviews", "reviews_per_day", "backlog",
                             "retention_percent", "days_since_last_study", "at_risk", "why"],
           ([s["name"], s["reviews"], s["reviews_per_day"], s["backlog"],
             s["retention_percent"], s["days_since_last_study"], s["at_risk"],
             "; ".join(s["why"])] for s in report["students"]))  # fmt: skip
    _table(out, "days", ["date", "reviews", "students", "retention_percent"],
           ([d["date"], d["reviews"], d["students"], d["retention_percent"]]
            for d in report["days"]))  # fmt: skip
    return buffer.getvalue().removesuffix("\n")
