"""Text from a deck, a file name or an error message, made safe to put on a terminal.

A terminal obeys the control characters in what it is sent: ``ESC ] 52`` writes the clipboard,
``ESC ] 0`` sets the window title, ``ESC [ 2 J`` clears the screen, 8-bit C1 controls (U+009B
is CSI) do the same in one character, and bidi overrides reorder what the student reads. So
every such character in text that comes from outside quiz is shown as a visible escape
instead, never sent:

* C0 controls (other than newline and tab) and DEL as their Control Pictures: ESC as ``␛``,
  BEL as ``␇``, DEL as ``␡``;
* C1 controls, bidi embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) and
  lone surrogates (a file name that is not UTF-8) as ``<U+009B>``.

:data:`UNSAFE` is the one definition of those characters; :func:`visible` (text of several
lines) and :func:`visible_line` (one line: newline and tab shown too) show them, and
:func:`find_unsafe` finds them, for a check that reports them. Everything here is pure, and
no more than a regular-expression search for text that needs nothing.
"""

from __future__ import annotations

import re
from typing import Any

UNSAFE_CLASS = (
    "\x00-\x08\x0b-\x1f"  # C0 controls, but tab and newline
    "\x7f-\x9f"  # DEL and the C1 controls
    "\u202a-\u202e\u2066-\u2069"  # bidi embeddings, overrides and isolates
    "\ud800-\udfff"  # lone surrogates: a file name's undecodable bytes
)
UNSAFE = re.compile(f"[{UNSAFE_CLASS}]")
"""Every character that must never reach a terminal raw."""
UNSAFE_IN_LINE = re.compile(f"[{UNSAFE_CLASS}\t\n]")
""":data:`UNSAFE`, and the tab and newline that would break a line of output in two."""

_PICTURES_END = 0x20  # Control Pictures picture C0 in order: U+2400 is NUL, U+241B is ESC
_DEL, _DEL_PICTURE = 0x7F, "\u2421"


def escape(character: str) -> str:
    """How one character of :data:`UNSAFE_IN_LINE` is shown: ``␛`` or ``<U+009B>``."""
    code = ord(character)
    if code < _PICTURES_END:
        return chr(0x2400 + code)
    if code == _DEL:
        return _DEL_PICTURE
    return f"<U+{code:04X}>"


def _escape_match(match: re.Match[str]) -> str:
    return escape(match.group())


def visible(text: str) -> str:
    """``text`` with every :data:`UNSAFE` character shown as its :func:`escape`; newlines and
    tabs are kept. Safe text comes back as it is (the same object), and showing text twice
    changes nothing more."""
    if UNSAFE.search(text) is None:
        return text
    return UNSAFE.sub(_escape_match, text)


def visible_line(text: str) -> str:
    """:func:`visible` for text that must stay on one line (a file name, a line of a log):
    newlines and tabs are shown too (``␊``, ``␉``)."""
    if UNSAFE_IN_LINE.search(text) is None:
        return text
    return UNSAFE_IN_LINE.sub(_escape_match, text)


def find_unsafe(text: str) -> list[tuple[int, str]]:
    """Where ``text`` holds :data:`UNSAFE` characters: ``(offset, character)`` pairs, in order."""
    return [(match.start(), match.group()) for match in UNSAFE.finditer(text)]


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\u{code:04x}"


def json_text(value: Any, *, indent: int | None = None) -> str:
    """``value`` as JSON that is safe to print: non-ASCII text is kept as it is, and every
    :data:`UNSAFE` character is written as a ``\\u`` escape, so the document reads back
    exactly (``json.loads`` gives the same strings) and no control reaches the terminal."""
    import json  # here: the app shows text long before it writes any JSON

    document = json.dumps(value, indent=indent, ensure_ascii=False)
    # json escapes C0 itself; what is left can only be inside strings, where \\u is valid.
    return UNSAFE.sub(_json_escape, document)
