"""Deck YAML read by the optional Rust parser ``yaml-rs`` (the ``quiz[fast]`` extra), taken
only where it gives exactly what the event path (:mod:`quiz.deck.yaml_events`) gives.

yaml-rs reads YAML 1.2 and a deck is YAML 1.1 (PyYAML's reading): ``no`` is false in one and
text in the other, ``012`` is 10 or 12, ``1e3`` text or a number, and 1.1 also breaks lines at
U+0085. So the fast reading is taken only when nothing in the file can be read two ways: the
text holds nothing :func:`~quiz.deck.yaml_two_way.two_way_text` finds (anchors, aliases,
tags, odd characters, numbers not in plain decimal...), and the data only mappings with text
keys, lists, text, whole numbers, true/false and null, no float or date, no key that YAML 1.1
reads as other than text, and no text that it would read otherwise when plain unless that
text is quoted wherever it is written. Every limit of :mod:`quiz.deck.yaml_document` must hold
too. Anything else gives ``None``: the file is read by the event path. A file with any problem
is read by it too, for the places of the problems (:mod:`quiz.deck.findings`).

``QUIZ_FAST_YAML=0`` turns the fast reading off.
"""

from __future__ import annotations

import os
from array import array
from typing import Any

from quiz.deck import yaml_document
from quiz.deck.yaml_document import Document
from quiz.deck.yaml_two_way import (
    IMPLICIT_FIRSTS,
    not_text_when_plain,
    plain_decimal,
    quoted_everywhere,
    two_way_text,
)

FAST_YAML_ENV = "QUIZ_FAST_YAML"
_OFF = {"0", "off", "no", "false"}
MAX_FAST_CHARS = 16 * 1024 * 1024  # the file size limit: longer text is left to the event path
MAX_QUOTED_LOOKS = 200_000
"""Places looked at to prove that texts such as ``"12"`` or ``'no'`` were quoted; past
this many, the file is left to the event path."""


class _Refused(Exception):
    """The data holds something the fast reading cannot vouch for."""


def enabled() -> bool:
    """Whether the fast reading may be tried: ``yaml-rs`` is installed and not turned off."""
    if os.environ.get(FAST_YAML_ENV, "").strip().lower() in _OFF:
        return False
    try:
        import yaml_rs  # noqa: F401
    except ImportError:
        return False
    return True


def fast_document(text: str) -> Document | None:
    """The document of ``text`` (without positions) when yaml-rs reads it exactly as the
    event path would and every limit holds; ``None`` otherwise, or when the fast reading is
    off or not installed."""
    if len(text) > MAX_FAST_CHARS or not enabled():
        return None
    if "\r" in text:
        text = text.replace("\r\n", "\n")  # as PyYAML reads CRLF: as LF, in scalars too
    if two_way_text(text):
        return None
    import yaml_rs

    no_aliases = yaml_rs.AliasLimits(
        max_total_replayed_events=0, max_replay_stack_depth=0, max_alias_expansions_per_anchor=0
    )
    try:
        data = yaml_rs.loads(
            text,
            parse_datetime=False,
            alias_limits=no_aliases,
            duplicate_key_policy=yaml_rs.DuplicateKeyPolicy.Error,
        )
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # a YAML error, or the parser's panic: the event path says why
        return None
    if not isinstance(data, dict) or data.__class__ is not dict:
        return None
    try:
        values, item_sizes, plain_readings = _measure(data)
    except _Refused:
        return None
    budget: int | None = MAX_QUOTED_LOOKS
    for value in plain_readings:
        budget = quoted_everywhere(text, value, budget)
        if budget is None:
            return None
    return Document(data=data, values=values, item_sizes=item_sizes)


def _measure(data: dict[Any, Any]) -> tuple[int, dict[str, array[int]], set[str]]:
    """The values of the document, the sizes of the items of its top-level lists (both as
    the event path counts them) and the texts YAML 1.1 reads otherwise when plain; raises
    :class:`_Refused` for anything the event path may read otherwise or refuse."""
    max_depth, max_entries = yaml_document.MAX_DEPTH, yaml_document.MAX_ENTRIES
    not_text, firsts, decimal = not_text_when_plain, IMPLICIT_FIRSTS, plain_decimal
    watched = firsts | {" ", "\n"}
    int_limit = 10**yaml_document.MAX_INT_DIGITS  # a longer integer is refused
    keys_seen: set[str] = set()
    plain_readings: set[str] = set()
    str_, int_, bool_, none, dict_, list_ = str, int, bool, type(None), dict, list

    def key_is_text(key: Any) -> bool:
        """Whether both readings give this key as this text. A key YAML 1.1 reads as other
        than text when plain (``1``, ``yes``, ``<<``) is left to the event path even when
        quoted, and so is a blank one."""
        if key.__class__ is not str_ or (key[:1] in firsts and not_text(key)):
            return False
        if key[:1] in " \n" and not key.strip(" \n"):
            return False
        keys_seen.add(key)
        return True

    def size(node: Any, depth: int) -> int:
        """The values in ``node`` (a list or mapping at ``depth``), itself included."""
        if depth >= max_depth or len(node) > max_entries:
            raise _Refused
        count = 1
        if node.__class__ is dict_:
            for key, value in node.items():
                if key not in keys_seen and not key_is_text(key):
                    raise _Refused
                if value.__class__ is str_ and value[:1] not in watched:
                    count += 2  # most values: text that cannot be read otherwise
                else:
                    count += 1 + (scalar(value) or size(value, depth + 1))
        else:
            for value in node:
                if value.__class__ is str_ and value[:1] not in watched:
                    count += 1
                else:
                    count += scalar(value) or size(value, depth + 1)
        return count

    def scalar(value: Any) -> int:
        """1 for a scalar both readings agree on, 0 for a list or mapping; raises else."""
        kind = value.__class__
        if kind is str_:
            first = value[:1]
            if first not in watched:
                return 1
            if first == " " or first == "\n":
                if not value.strip(" \n"):  # yaml-rs reads a block scalar of empty lines
                    raise _Refused  # as a line break, YAML 1.1 as empty
            elif not_text(value) and not decimal(value):
                if " " in value or "\n" in value or not value or len(plain_readings) > 100:
                    raise _Refused  # a plain scalar that folds is not written as it reads
                plain_readings.add(value)
            return 1
        if kind is bool_ or kind is none:
            return 1
        if kind is int_:
            if not -int_limit < value < int_limit:
                raise _Refused
            return 1
        if kind is dict_ or kind is list_:
            return 0
        raise _Refused  # a float, or anything else

    item_sizes: dict[str, array[int]] = {}
    if len(data) > max_entries:
        raise _Refused
    values = 1
    for key, value in data.items():
        if not key_is_text(key):
            raise _Refused
        values += 1
        if value.__class__ is list_:
            limit = yaml_document.MAX_CARDS if key == "cards" else max_entries
            if len(value) > limit:
                raise _Refused
            sizes = item_sizes[key] = array("q")
            values += 1
            for item in value:
                item_size = scalar(item) or size(item, 2)
                sizes.append(item_size)
                values += item_size
        else:
            values += scalar(value) or size(value, 1)
    if values > yaml_document.MAX_VALUES:
        raise _Refused
    return values, item_sizes, plain_readings
