"""What the tests of the optional fast YAML reading share: loading a deck with it and without
it, and proving that a fast reading is the event path's."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from quiz.deck.loader import load_text
from quiz.deck.problems import ProblemCollector
from quiz.deck.yaml_fast import FAST_YAML_ENV, enabled, fast_document
from quiz.deck.yaml_input import parse_document


@contextmanager
def accelerator_off() -> Iterator[None]:
    """The fast reading turned off by its switch, for the length of the block."""
    saved = os.environ.get(FAST_YAML_ENV)
    os.environ[FAST_YAML_ENV] = "0"
    try:
        yield
    finally:
        if saved is None:
            del os.environ[FAST_YAML_ENV]
        else:
            os.environ[FAST_YAML_ENV] = saved


def loaded(text: str) -> tuple[Any, list[Any]]:
    """What the loader gives for ``text``: the deck as data (``None`` if invalid), and its
    problems."""
    deck, problems = load_text(text, "deck.yaml")
    return (None if deck is None else deck.model_dump()), problems


def loaded_both_ways(text: str) -> tuple[Any, list[Any]]:
    """What the loader gives for ``text``, asserted the same with the fast reading and
    without it."""
    assert enabled(), "the tests run with yaml-rs installed (the dev group's quiz[fast])"
    fast = loaded(text)
    with accelerator_off():
        assert not enabled()
        slow = loaded(text)
    assert fast == slow
    return fast


def same_data(a: Any, b: Any) -> bool:
    """Whether two readings are the same data: equal, of the same types, in the same order."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same_data(a[key], b[key]) for key in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same_data(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float):
        return repr(a) == repr(b)
    return a == b


def read_fast_as_events(text: str) -> bool:
    """Whether the fast reading takes ``text``; when it does, asserts that it gives what the
    event path gives: the same data, values and item sizes, and no problem."""
    doc = fast_document(text)
    if doc is None:
        return False
    out = ProblemCollector("deck.yaml")
    events = parse_document(text, out)
    assert events is not None and out.in_order() == [], [p.format() for p in out.in_order()]
    assert same_data(doc.data, events.data), (doc.data, events.data)
    assert doc.values == events.values
    assert {k: v.tolist() for k, v in doc.item_sizes.items()} == {
        k: v.tolist() for k, v in events.item_sizes.items()
    }
    return True
