"""What a line typed in plain mode means for the item asked: the response it gives, or why it
gives none. Each kind is read by the responses it takes (its ``responses`` in the registry)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from quiz.kinds.base import Response, Reveal
from quiz.kinds.choice import ChoiceResponse
from quiz.kinds.matching import TextResponse
from quiz.kinds.order import OrderResponse
from quiz.kinds.registry import kind_of
from quiz.kinds.true_false import TrueFalseResponse

if TYPE_CHECKING:
    from quiz.study.study_item import StudyItem

LETTERS = "abcdefgh"
TRUE_WORDS = {"t", "true", "yes", "y"}
FALSE_WORDS = {"f", "false", "no", "n"}


def shown_options(item: StudyItem) -> list[str]:
    """The item's options in the order shown (choices, or the items of an order card)."""
    options = kind_of(item.card).options(item.card)
    order = item.choice_order or tuple(range(len(options)))
    return [options[index] for index in order]


def how_to_answer(item: StudyItem) -> str:
    """The prompt's hint: what to type for this kind."""
    takes = kind_of(item.card).responses
    if TrueFalseResponse in takes:
        return "t or f"
    if ChoiceResponse in takes:
        last = LETTERS[len(shown_options(item)) - 1]
        return f"a letter a-{last}" + (" (several: a c)" if item.card.type == "multi" else "")
    if OrderResponse in takes:
        return "the numbers in the right order, e.g. 2 1 3"
    if TextResponse in takes:
        return "your answer (empty: show it)"
    return "enter to show the answer"


def parse_answer(item: StudyItem, line: str) -> Response | str:
    """The response ``line`` gives to ``item``, or a hint saying what is expected."""
    takes = kind_of(item.card).responses
    text = line.strip()
    if text in ("", "show") and Reveal in takes and TrueFalseResponse not in takes:
        return Reveal()
    if TrueFalseResponse in takes:
        word = text.lower()
        if word in TRUE_WORDS | FALSE_WORDS:
            return TrueFalseResponse(word in TRUE_WORDS)
        return "type t (true) or f (false)"
    order = item.choice_order or tuple(range(len(shown_options(item))))
    if ChoiceResponse in takes:
        letters = re.sub(r"[\s,]+", "", text.lower())
        count = len(order)
        if not letters or any(c not in LETTERS[:count] for c in letters):
            return f"type a letter a-{LETTERS[count - 1]}"
        if item.card.type != "multi" and len(set(letters)) > 1:
            return "one letter: only one choice is right"
        return ChoiceResponse(frozenset(order[LETTERS.index(c)] for c in set(letters)))
    if OrderResponse in takes:
        numbers = re.findall(r"\d+", text)
        positions = [int(n) - 1 for n in numbers]
        if sorted(positions) != list(range(len(order))):
            return f"type each number 1-{len(order)} once, in the right order"
        return OrderResponse(tuple(order[p] for p in positions))
    if TextResponse in takes:
        return TextResponse(text)
    return Reveal()
