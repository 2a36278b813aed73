"""Anki field HTML as the plain text a deck holds.

Tags go, their structure stays: ``<br>``, ``<div>``, ``<p>`` and the like break lines, each
list item is a line of its own (``- item``), table cells are separated by `` | ``. Entities
are decoded (``&zeta;`` is ζ, ``&nbsp;`` a space, ``&amp;`` &). An ``<img>`` and a
``[sound:...]`` become a visible placeholder naming the media file (``[image: a.png]``,
``[sound: b.mp3]``), and MathJax (``\\(...\\)``) stays as it is written. Scripts and styles
are dropped, and so are control characters, which a deck must not hold.
"""

from __future__ import annotations

import html
import re

from quiz.safe_text import UNSAFE

_BLOCKS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "dd",
        "div",
        "dl",
        "dt",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tr",
        "ul",
    ]
)
_SOUND = re.compile(r"\[sound:([^\]]*)\]")


def sound_placeholder(name: str) -> str:
    """How a ``[sound:...]`` reference is shown in a deck."""
    return f"[sound: {name}]"


def image_placeholder(name: str) -> str:
    """How an ``<img>`` is shown in a deck."""
    return f"[image: {name}]"


_DROPPED_BLOCK = re.compile(
    r"<!--.*?(?:-->|$)|<(script|style|head|title)\b[^>]*>.*?(?:</\1\s*>|$)",
    re.DOTALL | re.IGNORECASE,
)
_TOKEN = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)([^>]*)>|<[!?/][^>]*>|([^<]+|<)")
_BREAK = re.compile(r"</?[bB][rR](?![A-Za-z0-9])[^<>]*>")
"""A ``<br>`` as :data:`_TOKEN` reads one (``<br/>``, ``<BR class=x>``, even ``</br>``)."""
_SOURCE = re.compile(r"""\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)


def _lines(field: str, media: list[str]) -> list[list[str]]:
    """The field's text as lines of pieces, tags read for their structure only."""
    lines: list[list[str]] = [[]]
    for match in _TOKEN.finditer(_DROPPED_BLOCK.sub("", field)):
        closing, name, attributes, data = match.groups()
        if data is not None:
            lines[-1].append(html.unescape(data))
            continue
        if name is None:
            continue  # a comment, declaration or stray tag
        tag = name.lower()
        if tag == "br":
            lines.append([])
        elif tag == "img" and not closing:
            found = _SOURCE.search(attributes)
            source = html.unescape(next((g for g in found.groups() if g), "")) if found else ""
            media.append(source)
            lines[-1].append(image_placeholder(source))
        elif tag in ("td", "th") and not closing and lines[-1]:
            lines[-1].append(" | ")
        elif tag in _BLOCKS:
            if lines[-1]:
                lines.append([])
            if tag == "li" and not closing:
                lines[-1].append("- ")
    return lines


def _collapse(text: str) -> str:
    # HTML shows a run of white space as one space; so does this (no-break spaces too). In a
    # printable text the only white space is the ASCII space, often already single.
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(text.split())


def _clean_line(parts: list[str]) -> str:
    return _collapse("".join(parts))


def _tidy(lines: list[str]) -> str:
    kept: list[str] = []
    for line in lines:
        if line or (kept and kept[-1]):  # at most one blank line in a row
            kept.append(line)
    return "\n".join(kept).strip()


def html_to_text(field: str, media: list[str] | None = None) -> str:
    """The plain text of one field's HTML; the media it names are appended to ``media``."""
    printable = field.isascii() and field.isprintable()  # as most fields are
    if not printable and UNSAFE.search(field):
        field = UNSAFE.sub("", field.replace("\r\n", "\n"))
    if "[sound:" in field:
        if media is not None:
            media.extend(match.group(1) for match in _SOUND.finditer(field))
        field = _SOUND.sub(lambda match: sound_placeholder(match.group(1)), field)
        printable = False
    if "&" not in field:
        if "<" not in field:
            if printable and "  " not in field and field[:1] != " " and field[-1:] != " ":
                return field  # what _collapse gives back unchanged, known without a pass
            return _collapse(field)
        lines = _BREAK.split(field)
        if not any("<" in line for line in lines):  # line breaks its only tags, as is common
            return _tidy([_collapse(line) for line in lines])
    found: list[str] = []
    lines = _lines(field, found)
    if media is not None:
        media.extend(found)
    text = _tidy([_clean_line(line) for line in lines])
    return UNSAFE.sub("", text) if "&#" in field else text  # only a character reference adds one


def plain_text(field: str, media: list[str] | None = None) -> str:
    """A field of a file that holds plain text (not HTML): only its control characters go
    and its sound references are noted."""
    if media is not None:
        media.extend(match.group(1) for match in _SOUND.finditer(field))
    lines = UNSAFE.sub("", field.replace("\r\n", "\n")).split("\n")
    return _tidy([line.strip() for line in lines])


def text_to_html(text: str) -> str:
    """Deck text as Anki field HTML: escaped, line breaks as ``<br>``."""
    return html.escape(text, quote=False).replace("\n", "<br>")
