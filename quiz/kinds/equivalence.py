"""Equivalences applied to a typed answer before it is compared: what makes two spellings one.

A text is folded into words: Unicode NFKC; case and accents (when the card ignores them);
each Greek letter becomes its name, a word of its own ("CD3ζ" is "cd3 zeta"); "%" and "per
cent" are "percent"; number words up to twenty are digits; a leading article goes; an
approximate word before a number goes ("about", "~", "around"...), and "under", "below",
"fewer than" before a number are one comparison, as are "over", "above", "more than"; a
dollar sign, "USD" or "dollars" anywhere in the answer is one "$" before it.
Punctuation and spaces separate words (or, with ``ignore_punctuation`` off, spaces only);
comparing the words joined makes "4-1BB", "41BB" and "4 1BB" one answer.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from typing import Protocol

GREEK_NAMES: dict[str, str] = {
    "α": "alpha",
    "β": "beta",
    "γ": "gamma",
    "δ": "delta",
    "ε": "epsilon",
    "ζ": "zeta",
    "η": "eta",
    "θ": "theta",
    "ι": "iota",
    "κ": "kappa",
    "λ": "lambda",
    "μ": "mu",
    "ν": "nu",
    "ξ": "xi",
    "ο": "omicron",
    "π": "pi",
    "ρ": "rho",
    "σ": "sigma",
    "ς": "sigma",
    "τ": "tau",
    "υ": "upsilon",
    "φ": "phi",
    "ϕ": "phi",
    "χ": "chi",
    "ψ": "psi",
    "ω": "omega",
}
"""Each lower-case Greek letter and its name (upper case is folded first, or kept apart)."""

SPELLED_GREEK = frozenset(GREEK_NAMES.values())

LOOKALIKES: dict[str, tuple[str, ...]] = {
    "alpha": ("a",),
    "beta": ("b",),
    "gamma": ("g", "y"),
    "delta": ("d",),
    "epsilon": ("e",),
    "zeta": ("z",),
    "kappa": ("k",),
}
"""The Latin letters students type for a Greek one ("CD3z", "IFN-y"), accepted only where a
card sets ``greek_lookalikes``."""

APPROXIMATE = frozenset({"about", "approximately", "approx", "around", "roughly", "circa", "ca"})
NUMBER_WORDS = {
    word: str(value)
    for value, word in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
}
ARTICLES = frozenset({"a", "an", "the"})
_COMPARISONS = {
    ("less", "than"): "<",
    ("fewer", "than"): "<",
    ("under",): "<",
    ("below",): "<",
    ("more", "than"): ">",
    ("greater", "than"): ">",
    ("over",): ">",
    ("above",): ">",
}
_COMPARISON_STARTS = frozenset(phrase[0] for phrase in _COMPARISONS)
_SYMBOLS = {"%": " percent ", "~": " about ", "≈": " about ", "<": " < ", ">": " > ", "$": " $ "}
_CURRENCY = frozenset({"$", "usd", "dollar", "dollars", "us$"})
_PER_CENT = re.compile(r"\bper\s+cent\b")


class FoldOptions(Protocol):
    """The matching options folding reads (:class:`~quiz.kinds.matching.MatchOptions`)."""

    @property
    def ignore_case(self) -> bool: ...
    @property
    def ignore_accents(self) -> bool: ...
    @property
    def ignore_punctuation(self) -> bool: ...


def fold_words(text: str, options: FoldOptions) -> tuple[str, ...]:
    """The words of ``text`` once every equivalence is applied (see the module)."""
    return _fold(text, options.ignore_case, options.ignore_accents, options.ignore_punctuation)


@lru_cache(maxsize=8192)
def _fold(text: str, case: bool, accents: bool, punctuation: bool) -> tuple[str, ...]:
    text = unicodedata.normalize("NFKC", text)
    if case:
        text = text.casefold()
    if accents and not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text)
        text = unicodedata.normalize(
            "NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch))
        )
    text = _PER_CENT.sub("percent", text.translate(_REPLACEMENTS))
    words = _split_punctuation(text) if punctuation else text.split()
    return _fold_phrases([NUMBER_WORDS.get(word, word) for word in words])


def _replacements() -> dict[int, str]:
    table = {ord(symbol): spaced for symbol, spaced in _SYMBOLS.items()}
    for letter, name in GREEK_NAMES.items():
        table[ord(letter)] = f" {name} "
        if letter.upper() != letter and letter not in "ςϕ":
            table[ord(letter.upper())] = f" {name.capitalize()} "
    return table


_REPLACEMENTS = _replacements()
_ASCII_SEPARATORS = re.compile(r"[\s!\"#%&'()*,\-./:;?@\[\\\]_{}]+")


def _split_punctuation(text: str) -> list[str]:
    """Words separated by spaces and Unicode punctuation; symbols (``+``, ``<``) stay."""
    if text.isascii():
        return _ASCII_SEPARATORS.sub(" ", text).split()
    return "".join(" " if _separates(ch) else ch for ch in text).split()


@lru_cache(maxsize=1024)
def _separates(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch).startswith("P")


def _fold_phrases(words: list[str]) -> tuple[str, ...]:
    out: list[str] = []
    index = 0
    while index < len(words):
        word = words[index]
        comparison = _comparison_at(words, index)
        if comparison is not None:
            symbol, length = comparison
            out.append(symbol)
            index += length
            continue
        if word in APPROXIMATE and _number_follows(words, index + 1):
            index += 1
            continue
        out.append(word)
        index += 1
    if len(out) > 1 and out[0] in ARTICLES:
        del out[0]
    return _currency_first(out)


def _currency_first(words: list[str]) -> tuple[str, ...]:
    """ "$375,000", "375,000$", "375,000 USD" and "US$ 375,000" as one: a dollar sign first."""
    if not any(word in _CURRENCY for word in words):
        return tuple(words)
    kept = [
        word
        for index, word in enumerate(words)
        if word not in _CURRENCY
        and not (word == "us" and index + 1 < len(words) and words[index + 1] in _CURRENCY)
    ]
    return ("$", *kept)


def _comparison_at(words: list[str], index: int) -> tuple[str, int] | None:
    if words[index] not in _COMPARISON_STARTS:
        return None
    for phrase, symbol in _COMPARISONS.items():
        end = index + len(phrase)
        if tuple(words[index:end]) == phrase and _number_follows(words, end):
            return symbol, len(phrase)
    return None


def _number_follows(words: list[str], index: int) -> bool:
    while index < len(words) and words[index] in APPROXIMATE:
        index += 1
    while index < len(words) and words[index] in _CURRENCY:
        index += 1
    return index < len(words) and words[index][:1].isdigit()


def joined(words: tuple[str, ...], options: FoldOptions) -> str:
    """The words as one string: run together when separators are ignored, else spaced."""
    return "".join(words) if options.ignore_punctuation else " ".join(words)


def lookalike_variants(words: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
    """``words`` with each spelled Greek letter written as a Latin look-alike, every way
    (``("cd3", "zeta")`` gives ``("cd3", "z")``); nothing when it has no such letter."""
    slots = [LOOKALIKES.get(word, (word,)) for word in words]
    if all(len(slot) == 1 and slot[0] == word for slot, word in zip(slots, words, strict=True)):
        return
    for variant in itertools.product(*slots):
        if variant != words:
            yield _glue_lookalikes(words, variant)


def _glue_lookalikes(words: tuple[str, ...], variant: tuple[str, ...]) -> tuple[str, ...]:
    """A look-alike letter joins the word before it: "CD3 z" is typed "CD3z"."""
    out: list[str] = []
    for original, word in zip(words, variant, strict=True):
        if original != word and out:
            out[-1] += word
        else:
            out.append(word)
    return tuple(out)
