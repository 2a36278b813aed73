"""The class report built from the rows read (:mod:`.rows`) and the published decks
(:mod:`.decks`), with pure functions only: same rows, same report."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import UTC, datetime

from quiz.progress.class_rows import DAY, WINDOW_DAYS, ClassRows, StudentCounts
from quiz.server.report import items as figures
from quiz.server.report.decks import ItemInfo, PublishedItems
from quiz.server.report.items import MIN_STUDENTS, percent
from quiz.server.report.shape import (
    CardToLookAt,
    DayReport,
    ItemReport,
    OverruledAnswer,
    OverruledCard,
    Report,
    StudentReport,
    Thresholds,
    TopicReport,
)

THRESHOLDS = Thresholds(
    window_days=WINDOW_DAYS,
    min_students=MIN_STUDENTS,
    low_correct_percent=40.0,
    discrimination_below=0.0,
    at_risk_idle_days=7,
    at_risk_retention_percent=70.0,
    at_risk_min_reviews=20,
    at_risk_backlog=50,
)


def rules(limits: Thresholds) -> dict[str, str]:
    """How each judgement of the report is made, in words (part of every report)."""
    t = limits
    return {
        "first_try": "a student's first review of an item: right when judged right, or, "
        "for an answer the student rated themselves (a revealed card), when not rated Again",
        "discrimination": "point-biserial correlation between an item's first try (1 right, 0 "
        "wrong) and the student's rest score: the share of their first tries of the deck's "
        f"other items that were right; not shown for fewer than {t['min_students']} students "
        "or when either side does not vary",
        "retention": f"reviews of items in review over the last {t['window_days']} days that "
        "were not rated Again",
        "backlog": "items due now, suspended and buried ones left out",
        "cards_to_look_at": f"seen by at least {t['min_students']} students, and: first-try "
        f"correct below {t['low_correct_percent']:g}%, or discrimination below "
        f"{t['discrimination_below']:g}, or a wrong option picked more often than the right "
        "one (multi cards: than the right option picked least)",
        "at_risk": f"not studied for {t['at_risk_idle_days']} days or more (or never), or "
        f"retention below {t['at_risk_retention_percent']:g}% over at least "
        f"{t['at_risk_min_reviews']} reviews, or {t['at_risk_backlog']} items due or more; "
        "at-risk students first, then by days since they studied, then by backlog",
    }


def _card_id(item_id: str) -> str:
    return item_id.split("#c", 1)[0]


def _item(key: tuple[str, str], info: ItemInfo | None, rows: _Gathered) -> ItemReport:
    counts = rows.items.get(key)
    right, tried = rows.rates.get(key, (0, 0))
    value, over = rows.discrimination.get(key, (None, 0))
    choices, answers = None, 0
    if info is not None and info.options is not None:
        choices, answers = figures.choice_picks(rows.choices.get(key, []), list(info.options))
    reviews = counts.reviews if counts else 0
    return ItemReport(
        deck_id=key[0],
        item_id=key[1],
        card_id=info.card_id if info else _card_id(key[1]),
        card_type=info.card_type if info else None,
        prompt=info.prompt if info else None,
        tags=list(info.tags) if info else [],
        students=counts.students if counts else 0,
        reviews=reviews,
        first_try_correct_percent=percent(right, tried),
        mean_rating=round(counts.rating_sum / reviews, 2) if counts and reviews else None,
        lapses=counts.lapses if counts else 0,
        discrimination=value,
        discrimination_students=over,
        backlog=rows.source.item_backlog.get(key, 0),
        leeches=rows.source.leeches.get(key, 0),
        choices=choices,
        choice_answers=answers,
    )


class _Gathered:
    """The rows indexed by item, once."""

    def __init__(self, source: ClassRows) -> None:
        self.source = source
        self.items = {(c.deck_id, c.item_id): c for c in source.items}
        self.rates = figures.first_try_rates(source.first_tries)
        self.discrimination = figures.discriminations(source.first_tries)
        self.choices: dict[tuple[str, str], list[tuple[str, int]]] = defaultdict(list)
        for deck_id, item_id, response, count in source.choice_responses:
            self.choices[(deck_id, item_id)].append((response, count))


def look_at(item: ItemReport, limits: Thresholds) -> list[str]:
    """Why ``item`` is a card to look at (empty: it is not)."""
    if item["students"] < limits["min_students"]:
        return []
    reasons = []
    correct = item["first_try_correct_percent"]
    if correct is not None and correct < limits["low_correct_percent"]:
        reasons.append(f"first-try correct {correct:g}% (below {limits['low_correct_percent']:g}%)")
    value = item["discrimination"]
    if value is not None and value < limits["discrimination_below"]:
        reasons.append(
            f"discrimination {value:+.2f} (below {limits['discrimination_below']:g}): "
            "stronger students miss it more"
        )
    if item["choices"]:
        worst = figures.distractor_over_answer(item["choices"])
        if worst is not None:
            right = min((c for c in item["choices"] if c["correct"]), key=lambda c: c["picks"])
            reasons.append(
                f"wrong option {worst['index'] + 1} picked {worst['picks']} times, right "
                f"option {right['index'] + 1} {right['picks']} times"
            )
    return reasons


def _student(counts: StudentCounts, backlog: int, now: int, limits: Thresholds) -> StudentReport:
    name, window, review_kind, recalled, last, reviews = counts
    idle = None if last is None else max(0, (now - last) // DAY)
    retention = percent(recalled, review_kind)
    why = []
    if idle is None:
        why.append("never studied")
    elif idle >= limits["at_risk_idle_days"]:
        why.append(f"not studied for {idle} days")
    if (
        retention is not None
        and review_kind >= limits["at_risk_min_reviews"]
        and retention < limits["at_risk_retention_percent"]
    ):
        why.append(f"retention {retention:g}%")
    if backlog >= limits["at_risk_backlog"]:
        why.append(f"{backlog} items due")
    return StudentReport(
        name=name,
        reviews=reviews,
        reviews_per_day=round(window / limits["window_days"], 1),
        backlog=backlog,
        retention_percent=retention,
        days_since_last_study=idle,
        at_risk=bool(why),
        why=why,
    )


def _student_order(student: StudentReport) -> tuple:
    idle = student["days_since_last_study"]
    return (not student["at_risk"], -(10**9 if idle is None else idle), -student["backlog"],
            student["name"])  # fmt: skip


def students(rows: ClassRows, limits: Thresholds = THRESHOLDS) -> list[StudentReport]:
    """Every student (members of the class and anyone with reviews), at risk first."""
    counted = {counts.student: counts for counts in rows.students}
    names = set(rows.members) | set(counted) | set(rows.student_backlog)
    found = [
        _student(
            counted.get(name) or StudentCounts(name, 0, 0, 0, None, 0),
            rows.student_backlog.get(name, 0),
            rows.now,
            limits,
        )
        for name in names
    ]
    return sorted(found, key=_student_order)


def topics(report_items: list[ItemReport], rows: ClassRows) -> list[TopicReport]:
    """Each deck, then each of its tags, with the items' figures summed."""
    window = {(c.deck_id, c.item_id): (c.window_reviews, c.window_recalled) for c in rows.items}
    sums: dict[tuple[str, str | None], list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    for item in report_items:
        key = (item["deck_id"], item["item_id"])
        reviews, recalled = window.get(key, (0, 0))
        for tag in (None, *item["tags"]):
            total = sums[(item["deck_id"], tag)]
            total[0] += item["reviews"] > 0
            total[1] += reviews
            total[2] += recalled
            total[3] += item["backlog"]
            total[4] += item["leeches"]
    ordered = sorted(sums, key=lambda key: (key[0], key[1] is not None, key[1] or ""))
    return [
        TopicReport(
            deck_id=deck_id,
            tag=tag,
            items=s[0],
            window_reviews=s[1],
            retention_percent=percent(s[2], s[1]),
            backlog=s[3],
            leeches=s[4],
        )
        for deck_id, tag in ordered
        for s in (sums[(deck_id, tag)],)
    ]


def days(rows: ClassRows) -> list[DayReport]:
    """Every day of the window, empty ones too."""
    counted = {day.day: day for day in rows.days}
    shown = []
    for index in range(WINDOW_DAYS):
        day = counted.get(index)
        start = datetime.fromtimestamp(rows.since + index * DAY, UTC)
        shown.append(
            DayReport(
                date=start.date().isoformat(),
                reviews=day.reviews if day else 0,
                students=day.students if day else 0,
                retention_percent=percent(day.recalled, day.review_kind) if day else None,
            )
        )
    return shown


def answers_line(info: ItemInfo | None, answers: list[OverruledAnswer]) -> str | None:
    """A typed card's ``answers:`` line, its accepted answers then each overruled text not
    among them (ignoring case), ready to paste into the deck; None for other cards."""
    if info is None or info.card_type != "typed":
        return None
    merged = list(info.accepted)
    known = {text.casefold() for text in merged}
    for answer in answers:
        if answer["text"].casefold() not in known:
            known.add(answer["text"].casefold())
            merged.append(answer["text"])
    return "answers: " + json.dumps(merged, ensure_ascii=False)


def overruled(rows: ClassRows, published: PublishedItems) -> list[OverruledCard]:
    """The overruled answers of each item, items with most students first."""
    by_item: dict[tuple[str, str], list[tuple[str, int, int]]] = defaultdict(list)
    for deck_id, item_id, response, times, count in rows.overruled:
        by_item[(deck_id, item_id)].append((response, times, count))
    cards = []
    for key, found in by_item.items():
        answers = figures.overruled_answers(found)
        if not answers:
            continue
        info = published.items.get(key)
        cards.append(
            OverruledCard(
                deck_id=key[0],
                item_id=key[1],
                card_id=info.card_id if info else _card_id(key[1]),
                prompt=info.prompt if info else None,
                accepted=list(info.accepted) if info else [],
                answers=answers,
                answers_line=answers_line(info, answers),
            )
        )
    cards.sort(
        key=lambda c: (-max(a["students"] for a in c["answers"]), c["deck_id"], c["item_id"])
    )
    return cards


def build_report(
    rows: ClassRows, published: PublishedItems, limits: Thresholds = THRESHOLDS
) -> Report:
    """The class report of ``rows`` (see :class:`~quiz.server.report.shape.Report`)."""
    gathered = _Gathered(rows)
    keys = []
    decks = (
        [rows.deck] if rows.deck else sorted(set(published.order) | {c.deck_id for c in rows.items})
    )
    for deck_id in decks:
        known = published.order.get(deck_id, ())
        reviewed = sorted(k[1] for k in gathered.items if k[0] == deck_id and k[1] not in known)
        keys += [(deck_id, item_id) for item_id in (*known, *reviewed)]
    report_items = [_item(key, published.items.get(key), gathered) for key in keys]
    to_look_at = [
        CardToLookAt(deck_id=i["deck_id"], item_id=i["item_id"], prompt=i["prompt"], reasons=r)
        for i in report_items
        if (r := look_at(i, limits))
    ]
    to_look_at.sort(key=lambda card: -len(card["reasons"]))
    class_students = students(rows, limits)
    return Report(
        generated_at=datetime.fromtimestamp(rows.now, UTC).isoformat(timespec="seconds"),
        deck=rows.deck,
        thresholds=limits,
        rules=rules(limits),
        students_total=len(class_students),
        reviews_total=sum(c.reviews for c in rows.items),
        cards_to_look_at=to_look_at,
        items=report_items,
        overruled=overruled(rows, published),
        topics=topics(report_items, rows),
        students=class_students,
        days=days(rows),
    )
