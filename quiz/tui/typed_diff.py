"""A typed answer compared letter by letter with the closest accepted spelling, as Anki shows
it: the letters typed that differ, and the letters of the spelling that were missed."""

from __future__ import annotations

from collections.abc import Sequence
from difflib import SequenceMatcher

from textual.content import Content

from quiz.safe_text import visible_line

TYPED_WRONG = "bold underline $text-error"
MISSED = "bold underline $text-success"


def closest_spelling(typed: str, answers: Sequence[str]) -> str:
    """The accepted spelling nearest to ``typed`` (letter case aside)."""
    folded = typed.casefold()
    return max(answers, key=lambda answer: SequenceMatcher(None, folded, answer.casefold()).ratio())


def typed_comparison(typed: str, answers: Sequence[str]) -> Content | None:
    """Two lines: what was typed, with the letters that differ marked, and the closest
    spelling, with the letters missed marked; None when the text is that spelling."""
    typed = visible_line(" ".join(typed.split()))
    if not typed or not answers:
        return None
    closest = visible_line(closest_spelling(typed, answers))
    if typed == closest:
        return None
    mine: list[str | tuple[str, str]] = [("You typed  ", "$text-muted")]
    right: list[str | tuple[str, str]] = [("Closest    ", "$text-muted")]
    matcher = SequenceMatcher(None, typed.casefold(), closest.casefold(), autojunk=False)
    for tag, start, end, right_start, right_end in matcher.get_opcodes():
        if tag == "equal":
            mine.append(typed[start:end])
            right.append(closest[right_start:right_end])
            continue
        if end > start:
            mine.append((typed[start:end], TYPED_WRONG))
        if right_end > right_start:
            right.append((closest[right_start:right_end], MISSED))
    return Content.assemble(*mine, "\n", *right)
