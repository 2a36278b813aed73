"""How well a student recalled an item: the one vocabulary that grading, scheduling and the
progress store share (a leaf module, so that the deck kinds and the store need not import each
other)."""

from enum import IntEnum


class Rating(IntEnum):
    """How well the student recalled an item; the values are the ones FSRS uses."""

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4
