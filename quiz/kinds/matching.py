"""Typed answers: the text response, the options a card sets for matching, and the matching.

Shared by the kinds the student types into (``typed`` cards and ``cloze`` blanks).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Self

from pydantic import Field

from quiz.deck.fields import StrictModel
from quiz.kinds.base import Response, Reveal


class MatchOptions(StrictModel):
    """How a typed response is compared with the accepted answers."""

    ignore_case: bool = True
    ignore_accents: bool = True
    ignore_punctuation: bool = Field(
        default=True, description="Also ignores spaces, so 'IL 13' matches 'IL-13'."
    )
    max_typos: int | None = Field(
        default=None,
        ge=0,
        le=5,
        description="Edits forgiven. Default: 1 for answers of five or more characters, else 0.",
    )


@dataclass(frozen=True)
class TextResponse(Response):
    """A typed answer: for a typed card, or for one cloze group.

    A cloze group with several deletions takes its answers in order, separated by ``;``
    (or ``,``), for example ``"CD19; BCMA"``.
    """

    tag: ClassVar[str] = "text"
    text: str

    def to_data(self) -> dict[str, Any]:
        return {"text": self.text}

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Self:
        text = data.get("text")
        if not isinstance(text, str):
            raise ValueError("'text' is not a string")
        return cls(text)


def is_text_reveal(response: Response) -> bool:
    """A reveal, or an empty typed answer (enter alone shows the answer)."""
    return isinstance(response, Reveal) or (
        isinstance(response, TextResponse) and not response.text.strip()
    )


def normalize(text: str, options: MatchOptions) -> str:
    """Fold ``text`` as the matching options say (case, accents, punctuation and spaces).

    Punctuation means Unicode punctuation (``-``, ``.``, ``'``...); symbols such as ``+`` stay,
    so ``CD4+`` never matches ``CD4``.
    """
    text = unicodedata.normalize("NFKC", text)
    if options.ignore_case:
        text = text.casefold()
    if options.ignore_accents:
        decomposed = unicodedata.normalize("NFKD", text)
        text = unicodedata.normalize(
            "NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch))
        )
    if options.ignore_punctuation:
        return "".join(
            ch for ch in text if not ch.isspace() and not unicodedata.category(ch).startswith("P")
        )
    return " ".join(text.split())


def typo_allowance(answer: str, options: MatchOptions) -> int:
    """Edits forgiven for a (normalized) answer: the card's ``max_typos`` or the default.

    The default is 1 for answers of five or more characters, else 0; never more than half
    the answer's length, so a short answer cannot be matched by something unrelated.
    """
    allowed = options.max_typos
    if allowed is None:
        allowed = 1 if len(answer) >= 5 else 0
    return min(allowed, len(answer) // 2)


def match_any(typed: str, answers: Sequence[str], options: MatchOptions) -> tuple[bool, bool]:
    """(accepted, near miss) for a typed text against the accepted spellings."""
    folded = normalize(typed, options)
    candidates = []
    for answer in answers:
        target = normalize(answer, options)
        if not target:  # an answer made only of punctuation: compare it as written
            target, mine = " ".join(answer.split()), " ".join(typed.split())
        else:
            mine = folded
        if mine == target:
            return True, False
        candidates.append((mine, target))
    for mine, target in candidates:
        if _digits(mine) != _digits(target):
            continue  # a different number is a different answer, not a typo
        allowed = typo_allowance(target, options)
        if allowed and edit_distance(mine, target, limit=allowed) <= allowed:
            return True, True
    return False, False


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def edit_distance(a: str, b: str, *, limit: int | None = None) -> int:
    """Optimal-string-alignment distance: insertions, deletions, substitutions, swaps.

    With ``limit``, any distance above it may be reported as ``limit + 1``.
    """
    if limit is not None and abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if limit is not None and min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[len(b)]
