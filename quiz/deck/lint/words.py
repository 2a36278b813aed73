"""Words of a card's text, as the lint rules compare them."""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")

_STOPWORDS_TEXT = """
a about above after again against all also an and any are as at be because been before
being below between both but by can could did do does doing down during each few for from
further had has have having he her here hers him his how i if in into is it its itself
just me more most my no nor not now of off on once only or other our out over own same
she should so some such than that the their them then there these they this those through
to too under until up very was we were what when where which while who whom why will with
would you your one two may might must usually often mainly whose main typical typically
called named name following cell cells patient patients therapy therapies car cars car-t
t-cell t-cells
"""
STOPWORDS = frozenset(_STOPWORDS_TEXT.split())


def words(text: str) -> list[str]:
    """The words of ``text``, folded (NFKC, case): hyphenated words stay whole."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def content_words(text: str) -> set[str]:
    """The words of ``text`` that carry meaning: no stopwords, no one-letter words."""
    return {word for word in words(text) if len(word) > 1 and word not in STOPWORDS}


def stem(word: str) -> str:
    """A crude stem: plural endings off, so "membranes" and "membrane" are one word."""
    for ending in ("ies", "es", "s"):
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word
