"""Which imported cards the deck model surely accepts, told without building the models.

An import builds cards of three shapes (basic, typed and cloze), their texts already tidied.
:func:`surely_valid` checks such a card for a condition that implies the model's verdict: the
keys of its type and no others, texts that are strings with nothing to strip at either end,
within the length limits and free of what pydantic refuses (lone surrogates), ids and keys
that are slugs, and a cloze text that parses. A card it does not vouch for is not thereby
invalid: the model decides (:func:`quiz.interop.decks.build_decks` validates those), so the
check may be strict, never lenient. ``tests/test_interop_card_check.py`` holds it to that.
"""

from __future__ import annotations

import re
from typing import Any

from quiz.deck.cloze import parse_cloze

TEXT_MAX = 20_000  # quiz.deck.fields.Text
SHORT_MAX = 2_000  # quiz.deck.fields.ShortText
SLUG_MAX = 80
_SLUG = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*")  # quiz.deck.fields.SLUG_PATTERN, anchored
_SURROGATE = re.compile("[\ud800-\udfff]")
_SPACE = re.compile(r"\s")  # what str.isspace() calls white space
_COMMON = frozenset({"id", "type", "source", "tags", "explanation"})
_REQUIRED = {
    "basic": frozenset({"id", "type", "source", "front", "back"}),
    "typed": frozenset({"id", "type", "source", "question", "answers"}),
    "cloze": frozenset({"id", "type", "source", "text"}),
}
_ALLOWED = {kind: keys | _COMMON for kind, keys in _REQUIRED.items()}
_TEXTS = {"basic": ("front", "back"), "typed": ("question",), "cloze": ("text",)}


def _is_text(value: Any, limit: int) -> bool:
    # Python's white space (str.isspace) holds all of Unicode's White_Space, which is what
    # pydantic strips: an end that is not white space here is not stripped there.
    return (
        type(value) is str
        and 0 < len(value) <= limit
        and not value[0].isspace()
        and not value[-1].isspace()
        and (value.isprintable() or _SURROGATE.search(value) is None)
    )


def _kind(card: dict[str, Any]) -> str | None:
    """The card's type when it is one the check knows (a plain string), else ``None``."""
    kind = card.get("type")
    return kind if type(kind) is str and kind in _REQUIRED else None


def _is_slug(value: Any) -> bool:
    return type(value) is str and len(value) <= SLUG_MAX and _SLUG.fullmatch(value) is not None


def _is_list_of(value: Any, limit: int, *, empty: bool) -> bool:
    return (
        type(value) is list
        and (empty or len(value) > 0)
        and all(_is_text(item, limit) for item in value)
    )


def unsure_cards(cards: list[dict[str, Any]], source_keys: frozenset[str]) -> list[int]:
    """The indexes of the cards :func:`surely_valid` does not vouch for. For a deck whose
    cards all have the shape an import gives them, their texts are checked together, in a
    few passes over all of them; otherwise card by card."""
    texts: list[str] = []
    short: list[str] = []
    if all(_gather(card, texts, short) for card in cards):
        sources = [card["source"]["key"] for card in cards]
        if (
            _all_texts(texts, TEXT_MAX)
            and _all_texts(short, SHORT_MAX)
            and all(_is_slug(card["id"]) for card in cards)
            and set(sources) <= source_keys
            and all(map(_is_slug, source_keys))
        ):
            return []
    return [index for index, card in enumerate(cards) if not surely_valid(card, source_keys)]


def _gather(card: dict[str, Any], texts: list[Any], short: list[Any]) -> bool:
    """Whether ``card`` has the keys and shapes of its type (its cloze text parsing), its
    texts added to ``texts`` and its short texts to ``short`` for :func:`_all_texts`."""
    kind = _kind(card)
    if kind is None or not _REQUIRED[kind] <= card.keys() <= _ALLOWED[kind]:
        return False
    source = card["source"]
    if type(source) is not dict or source.keys() != {"key", "locator"}:
        return False
    if type(source["key"]) is not str or type(card["id"]) is not str:
        return False
    texts += [card[name] for name in _TEXTS[kind]]
    if "explanation" in card:
        texts.append(card["explanation"])
    short.append(source["locator"])
    for name in ("tags", "answers"):
        if name in card:
            listed = card[name]
            if type(listed) is not list or (name == "answers" and not listed):
                return False
            short += listed
    return kind != "cloze" or _parses(card["text"])


def _all_texts(texts: list[str], limit: int) -> bool:
    """Whether every one of ``texts`` passes :func:`_is_text`, checked in a few passes."""
    if not all(type(text) is str for text in texts):
        return False
    if not all(texts) or max(map(len, texts), default=0) > limit:
        return False
    if _SPACE.search("".join([text[0] + text[-1] for text in texts])):
        return False
    try:
        "".join(texts).encode("utf-8")  # a lone surrogate cannot be encoded
    except UnicodeEncodeError:
        return False
    return True


def _parses(text: Any) -> bool:
    try:
        parse_cloze(text)
    except (ValueError, TypeError):
        return False
    return True


def surely_valid(card: dict[str, Any], source_keys: frozenset[str]) -> bool:
    """Whether the deck model accepts ``card`` for certain, in a deck declaring the sources
    ``source_keys``. False means "let the model decide", not "invalid"."""
    kind = _kind(card)
    if kind is None or not _REQUIRED[kind] <= card.keys() <= _ALLOWED[kind]:
        return False
    source = card["source"]
    if not (
        _is_slug(card["id"])
        and type(source) is dict
        and source.keys() == {"key", "locator"}
        and _is_slug(source["key"])
        and source["key"] in source_keys
        and _is_text(source["locator"], SHORT_MAX)
    ):
        return False
    if "tags" in card and not _is_list_of(card["tags"], SHORT_MAX, empty=True):
        return False
    if "explanation" in card and not _is_text(card["explanation"], TEXT_MAX):
        return False
    if not all(_is_text(card[name], TEXT_MAX) for name in _TEXTS[kind]):
        return False
    if kind == "typed":
        return _is_list_of(card["answers"], SHORT_MAX, empty=False)
    return kind != "cloze" or _parses(card["text"])
