"""Critical characters: the parts of a term where one letter makes a different thing.

In biomedicine a one-character change is often another molecule: α/β/γ, IL-6/IL-8,
CD28/CD38, type I/type II. The typo allowance is never spent on them: a folded word that is
a Greek letter's name, a single letter, a roman numeral or a number must be typed exactly,
and any other word must keep its digits.
"""

from __future__ import annotations

import re
from functools import lru_cache

from quiz.kinds.equivalence import SPELLED_GREEK

_ROMAN = re.compile(r"(?=[ivxlc])(c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})", re.IGNORECASE)


def is_roman_numeral(word: str) -> bool:
    """Whether ``word`` is a roman numeral from i to cccxcix (any case)."""
    return bool(word) and _ROMAN.fullmatch(word) is not None


@lru_cache(maxsize=8192)
def is_critical_word(word: str) -> bool:
    """Whether a folded word must be typed exactly: a Greek letter's name, a single
    character, a roman numeral, or a number (digits and the comparison signs)."""
    lowered = word.casefold()
    return (
        len(word) == 1
        or lowered in SPELLED_GREEK
        or is_roman_numeral(word)
        or not any(ch.isalpha() for ch in word)
    )


def digits(word: str) -> str:
    """The digits of a word, in order: a typo never changes them."""
    return "".join(ch for ch in word if ch.isdigit())
