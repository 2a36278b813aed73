"""Which characters must never reach a terminal raw, and a minimal escape for them.

A control character in deck text or a file name can move the cursor, set the window title,
write the clipboard (OSC 52) or reverse the order of what is shown (bidi overrides). These are
C0 controls other than newline and tab, DEL, C1 controls, and the bidi embeddings, overrides
and isolates U+202A-U+202E and U+2066-U+2069.
"""

from __future__ import annotations

import re

from quiz.safe_text import UNSAFE, UNSAFE_CLASS

CONTROL_CHARACTERS = UNSAFE
"""Matches one character that is never sent to a terminal as it is (the one definition is
:data:`quiz.safe_text.UNSAFE`)."""

LINE_BREAKING = re.compile(f"[{UNSAFE_CLASS}\t\n\u2028\u2029]")
""":data:`CONTROL_CHARACTERS` plus newline, tab and the line and paragraph separators: what
must not appear raw in a text that has to stay on one line (a file name in a report)."""


def find_control(text: str) -> re.Match[str] | None:
    """The first control character in ``text``, or ``None``."""
    return CONTROL_CHARACTERS.search(text)


# The ASCII characters never escaped: tab, newline and the printable ones.
_ASCII_SHOWN = bytes([0x09, 0x0A, *range(0x20, 0x7F)])


def holds_control(text: str) -> bool:
    """Whether ``text`` holds a control character: :func:`find_control`, answered for ASCII
    text (most decks) by deleting every other character, a few times faster than a search."""
    if text.isascii():
        return bool(text.encode("ascii").translate(None, _ASCII_SHOWN))
    return CONTROL_CHARACTERS.search(text) is not None


def describe_control(char: str) -> str:
    """``U+001B``: how a message names a control character."""
    return f"U+{ord(char):04X}"


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape_line(text: str) -> str:
    """``text`` with every control character, line break and tab written as ``\\x1b`` or
    ``\\u202e``: safe to print as (part of) one line of a report."""
    return LINE_BREAKING.sub(_escape, text)
