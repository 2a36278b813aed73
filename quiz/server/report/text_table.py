"""The class report as plain text for a terminal, readable at 80 columns: cards to look at
first, then every card, the answers students overruled, decks and topics, students.

Deck text is shown with :func:`~quiz.safe_text.visible_line` (one line each, its controls
visible) and cut to fit; nothing is parsed as markup, as nothing here is rendered by Rich.
"""

from __future__ import annotations

from collections.abc import Iterator

from quiz.safe_text import visible_line
from quiz.server.report.shape import ItemReport, Report, StudentReport, TopicReport

WIDTH = 80


def clip(text: str, width: int) -> str:
    """``text`` on one line, its controls shown, cut to ``width`` with an ellipsis."""
    indent = text[: len(text) - len(text.lstrip(" "))]
    line = indent + " ".join(visible_line(text).split())
    return line if len(line) <= width else line[: max(0, width - 1)] + "…"


def number(value: float | int | None, suffix: str = "", digits: int = 0) -> str:
    """A figure for a cell: ``-`` when there is none."""
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.{digits}f}{suffix}"
    return f"{value:,}{suffix}"


def _wrap(text: str, indent: str, width: int = WIDTH) -> Iterator[str]:
    line = indent
    for word in text.split():
        if len(line) + len(word) + 1 > width and line.strip():
            yield line.rstrip()
            line = indent
        line += word + " "
    if line.strip():
        yield line.rstrip()


def _heading(title: str) -> list[str]:
    return ["", clip(title, WIDTH), "─" * min(WIDTH, len(clip(title, WIDTH)))]


ITEM_COLUMNS = (("Card", 26), ("Seen", 5), ("1st ok", 7), ("Rating", 6), ("Lapse", 5),
                ("Discr", 6), ("Due", 5), ("Leech", 5))  # fmt: skip


def _row(cells: list[str], columns: tuple[tuple[str, int], ...]) -> str:
    first, *rest = columns
    out = clip(cells[0], first[1]).ljust(first[1])
    for cell, (_, width) in zip(cells[1:], rest, strict=True):
        out += " " + cell.rjust(width)
    return out.rstrip()


def item_cells(item: ItemReport) -> list[str]:
    """One card's figures as the table's cells."""
    discrimination = item["discrimination"]
    return [
        item["item_id"],
        number(item["students"]),
        number(item["first_try_correct_percent"], "%"),
        number(item["mean_rating"], digits=2),
        number(item["lapses"]),
        "-" if discrimination is None else f"{discrimination:+.2f}",
        number(item["backlog"]),
        number(item["leeches"]),
    ]


def _items(report: Report) -> list[str]:
    lines = _heading("Every card")
    lines += list(
        _wrap(
            "Seen: students who reviewed it; 1st ok: first tries right; Rating: "
            "mean, 1 Again to 4 Easy; Lapse: Again once in review; Discr: "
            "discrimination; Due: students with it due now; Leech: students for "
            "whom it is a leech. A choice card's options follow it.",
            "  ",
        )
    )
    deck = None
    for item in report["items"]:
        if item["deck_id"] != deck:
            deck = item["deck_id"]
            lines += [
                "",
                clip(f"Deck {deck}", WIDTH),
                _row([n for n, _ in ITEM_COLUMNS], ITEM_COLUMNS),
            ]
        lines.append(_row(item_cells(item), ITEM_COLUMNS))
        for choice in item["choices"] or []:
            mark = "right" if choice["correct"] else "wrong"
            head = f"    {choice['index'] + 1}. {mark} {choice['picks']:>4} picked: "
            lines.append(head + clip(choice["text"], WIDTH - len(head)))
    return lines


def _card_head(deck_id: str, item_id: str, prompt: str | None) -> list[str]:
    """A card's id line and, when it has one, its prompt below it."""
    head = [clip(f"{deck_id} / {item_id}", WIDTH)]
    return [*head, "  " + clip(prompt, WIDTH - 2)] if prompt else head


def _look_at(report: Report) -> list[str]:
    lines = _heading(f"Cards to look at ({len(report['cards_to_look_at'])})")
    lines += list(_wrap(report["rules"]["cards_to_look_at"], "  "))
    if not report["cards_to_look_at"]:
        lines.append("  None: no card meets these.")
    for card in report["cards_to_look_at"]:
        lines += _card_head(card["deck_id"], card["item_id"], card["prompt"])
        lines += ["  - " + clip(reason, WIDTH - 4) for reason in card["reasons"]]
    return lines


def _overruled(report: Report) -> list[str]:
    lines = _heading('Answers students said were right ("I was right")')
    if not report["overruled"]:
        lines.append("  None yet.")
    for card in report["overruled"]:
        lines += _card_head(card["deck_id"], card["item_id"], card["prompt"])
        if card["accepted"]:
            lines.append("  accepted now: " + clip("; ".join(card["accepted"]), WIDTH - 16))
        for answer in card["answers"]:
            count = f"{answer['students']} student{'s' * (answer['students'] != 1)}"
            tail = f"  ({count}, {answer['times']}x)"
            lines.append("  + " + clip(answer["text"], WIDTH - 4 - len(tail)) + tail)
        if card["answers_line"]:
            lines.append("  to accept them all, the card's line becomes:")
            lines += list(_wrap(visible_line(card["answers_line"]), "    "))
    return lines


TOPIC_COLUMNS = (("Deck / tag", 34), ("Items", 6), ("Reviews", 8), ("Retain", 7),
                 ("Due", 7), ("Leech", 6))  # fmt: skip


def _topic_cells(topic: TopicReport) -> list[str]:
    name = topic["deck_id"] if topic["tag"] is None else f"  #{topic['tag']}"
    return [name, number(topic["items"]), number(topic["window_reviews"]),
            number(topic["retention_percent"], "%"), number(topic["backlog"]),
            number(topic["leeches"])]  # fmt: skip


def _topics(report: Report) -> list[str]:
    days = report["thresholds"]["window_days"]
    lines = _heading(f"Decks and topics (reviews and retention: last {days} days)")
    lines.append(_row([n for n, _ in TOPIC_COLUMNS], TOPIC_COLUMNS))
    lines += [_row(_topic_cells(topic), TOPIC_COLUMNS) for topic in report["topics"]]
    return lines


STUDENT_COLUMNS = (("Student", 20), ("/day", 6), ("Due", 6), ("Retain", 7), ("Idle", 6),
                   ("At risk", 30))  # fmt: skip


def student_cells(student: StudentReport) -> list[str]:
    """One student's figures as the table's cells (idle: days since they last studied)."""
    idle = student["days_since_last_study"]
    return [student["name"], number(student["reviews_per_day"], digits=1),
            number(student["backlog"]), number(student["retention_percent"], "%"),
            "never" if idle is None else f"{idle}d", "; ".join(student["why"])]  # fmt: skip


def _students(report: Report) -> list[str]:
    lines = _heading(f"Students ({report['students_total']}), at risk first")
    lines += list(_wrap("At risk: " + report["rules"]["at_risk"], "  "))
    widths = STUDENT_COLUMNS
    lines.append(_row([n for n, _ in widths[:-1]], widths[:-1]).ljust(50) + "  At risk")
    for student in report["students"]:
        cells = student_cells(student)
        head = _row(cells[:-1], widths[:-1])
        lines.append((head.ljust(50) + "  " + clip(cells[-1], WIDTH - 52)).rstrip())
    return lines


def report_text(report: Report) -> str:
    """The whole report as text lines of at most 80 columns."""
    scope = f"deck {report['deck']}" if report["deck"] else "every deck"
    title = (f"Class report, {scope}: {report['students_total']} students, "
             f"{report['reviews_total']:,} reviews ({report['generated_at']})")  # fmt: skip
    lines = list(_wrap(visible_line(title), ""))
    lines += _look_at(report) + _overruled(report) + _topics(report) + _students(report)
    lines += _items(report)
    lines += _heading("How figures are made")
    for name, rule in report["rules"].items():
        lines += list(_wrap(f"{name.replace('_', ' ')}: {rule}", "  "))
    return "\n".join(lines) + "\n"
