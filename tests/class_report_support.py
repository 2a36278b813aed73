"""A small class with known answers, for the class report's tests: seven students of a deck of
five cards, each review written through the store as the app writes it, at chosen times.

First tries (1 right, 0 wrong; ``o`` an answer overruled as right):

    student  choice  typed  b1  b2  b3   last studied
    s0       0 (B)   1      1   1   1    1 hour ago (again: choice B, Again; b1 Good)
    s1       0 (B)   1      1   1   0    3 days ago (b3 suspended)
    s2       0 (B)   o      1   1   1    2 days ago (choice a leech)
    s3       1 (A)   o      0   1   0    1 day ago
    s4       1 (A)   0      0   0   0    10 days ago (again: typed, overruled)
    s5       0 (C)   1      1   0   1    8 days ago
    s6       never studied

Every review leaves its item in review, due 36 hours later.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import psycopg
from postgres_server import PostgresServer
from psycopg import sql

from quiz.progress.open import open_store
from quiz.progress.postgres_class import PublishedDeck, add_member, init_class, publish
from quiz.progress.state import ItemFlags, ItemState
from quiz.rating import Rating

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
DECK_ID = "report-deck"
DECK = """\
id: report-deck
title: Report deck
description: Cards with known answers.
version: 2
sources:
  - {key: k, title: T, authors: [A], year: 2020, venue: J}
cards:
  - id: choice
    type: choice
    question: Which antigen does the [bold]first[/] approved CAR-T target?
    tags: [car]
    choices:
      - {text: CD19, correct: true}
      - {text: "<script>alert(1)</script>", why: Not an antigen.}
      - {text: "=HYPERLINK(1)", why: Not an antigen.}
    source: {key: k, locator: p1}
  - id: typed
    type: typed
    question: Name the antigen.
    tags: [car, antigen]
    answers: [CD19]
    source: {key: k, locator: p1}
  - {id: b1, type: basic, front: F1, back: B1, tags: [basics], source: {key: k, locator: p1}}
  - {id: b2, type: basic, front: F2, back: B2, tags: [basics], source: {key: k, locator: p1}}
  - {id: b3, type: basic, front: F3, back: B3, tags: [basics], source: {key: k, locator: p1}}
"""
CHOICE = "choice"
A, B, C = 0, 1, 2  # the choice card's options: A right


@dataclass(frozen=True)
class Answer:
    """One review: the item, the response logged, the verdict, when (before NOW)."""

    item: str
    response: str
    correct: bool | None
    ago: timedelta
    rating: Rating | None = None
    overruled: bool = False


def picked(option: int, ago: timedelta) -> Answer:
    right = option == A
    return Answer(CHOICE, json.dumps({"type": "choice", "picked": [option]}, separators=(",", ":")),
                  right, ago)  # fmt: skip


def typed(text: str, right: bool, ago: timedelta, overruled: bool = False) -> Answer:
    response = json.dumps({"type": "text", "text": text}, separators=(",", ":"))
    return Answer("typed", response, right, ago, overruled=overruled)


def revealed(item: str, right: bool, ago: timedelta) -> Answer:
    return Answer(item, '{"type":"reveal"}', None, ago, Rating.GOOD if right else Rating.AGAIN)


def first_tries(choice: int, typed_answer: Answer, basics: str, ago: timedelta) -> list[Answer]:
    return [
        picked(choice, ago),
        typed_answer,
        *(revealed(f"b{i + 1}", mark == "1", ago) for i, mark in enumerate(basics)),
    ]


H, D = timedelta(hours=1), timedelta(days=1)
ANSWERS: dict[str, list[Answer]] = {
    "s0": [
        *first_tries(B, typed("CD19", True, 2 * D), "111", 2 * D),
        picked(B, H),
        revealed("b1", True, H),
    ],
    "s1": first_tries(B, typed("cd19", True, 3 * D), "110", 3 * D),
    "s2": first_tries(B, typed("CD-19", True, 2 * D, overruled=True), "111", 2 * D),
    "s3": first_tries(A, typed("  cd 19 ", True, D, overruled=True), "010", D),
    "s4": [
        *first_tries(A, typed("BCMA", False, 10 * D), "000", 10 * D),
        typed("CD-19", True, 10 * D - H, overruled=True),
    ],
    "s5": first_tries(C, typed("CD19", True, 8 * D), "101", 8 * D),
    "s6": [],
}


@dataclass
class KnownClass:
    """The class: the administrator's and an instructor's URLs, each student's URL and role."""

    admin: str
    instructor: str
    students: dict[str, str]  # s0.. -> URL
    roles: dict[str, str]  # s0.. -> role name


def _state(at: datetime) -> ItemState:
    return ItemState("review", None, 3.0, 5.0, at + timedelta(hours=36), at)


def make_known_class(server: PostgresServer) -> KnownClass:
    """A new class database on ``server`` with :data:`ANSWERS` written."""
    tag = secrets.token_hex(3)
    name = f"report_{tag}"
    with psycopg.connect(server.url(), autocommit=True) as db:
        db.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    admin = server.url(database=name)
    init_class(admin)
    publish(admin, [PublishedDeck(DECK_ID, 2, "report.yaml", DECK, "0" * 64)])
    roles = {student: f"r{tag}_{student}" for student in ANSWERS}
    urls = {student: add_member(admin, role) for student, role in roles.items()}
    for student, answers in ANSWERS.items():
        with open_store(urls[student]) as store:
            for answer in answers:
                at = NOW - answer.ago
                rating = answer.rating or (Rating.GOOD if answer.correct else Rating.AGAIN)
                store.apply_review(
                    DECK_ID, answer.item, rating=rating, correct=answer.correct,
                    response=answer.response, reviewed_at=at, duration_ms=4000,
                    next_state=lambda _, at=at: _state(at), overruled=answer.overruled,
                )  # fmt: skip
            if student == "s1":
                store.set_item_flags(DECK_ID, "b3", ItemFlags(suspended=True))
            if student == "s2":
                store.set_item_flags(DECK_ID, CHOICE, ItemFlags(leech=True))
    instructor = add_member(admin, f"r{tag}_teacher", instructor=True)
    return KnownClass(admin, instructor, urls, roles)
