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
from html.parser import HTMLParser

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
_DROPPED = frozenset({"script", "style", "head", "title"})
_SOUND = re.compile(r"\[sound:([^\]]*)\]")
_SPACES = re.compile(r"[ \t\r\n\f\u00a0]+")
_MARKUP = re.compile(r"[<&]")


def sound_placeholder(name: str) -> str:
    """How a ``[sound:...]`` reference is shown in a deck."""
    return f"[sound: {name}]"


def image_placeholder(name: str) -> str:
    """How an ``<img>`` is shown in a deck."""
    return f"[image: {name}]"


class _TextBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[list[str]] = [[]]
        self.dropping = 0
        self.media: list[str] = []

    def _break(self) -> None:
        if self.lines[-1]:
            self.lines.append([])

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROPPED:
            self.dropping += 1
        elif tag == "br":
            self.lines.append([])
        elif tag == "img":
            source = dict(attrs).get("src") or ""
            self.media.append(source)
            self.lines[-1].append(image_placeholder(source))
        elif tag in ("td", "th") and self.lines[-1]:
            self.lines[-1].append(" | ")
        elif tag in _BLOCKS:
            self._break()
            if tag == "li":
                self.lines[-1].append("- ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in _DROPPED:
            self.dropping -= 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROPPED:
            self.dropping = max(self.dropping - 1, 0)
        elif tag in _BLOCKS:
            self._break()

    def handle_data(self, data: str) -> None:
        if not self.dropping:
            self.lines[-1].append(data)


def _clean_line(parts: list[str]) -> str:
    return _SPACES.sub(" ", "".join(parts)).strip()


def _tidy(lines: list[str]) -> str:
    kept: list[str] = []
    for line in lines:
        if line or (kept and kept[-1]):  # at most one blank line in a row
            kept.append(line)
    return "\n".join(kept).strip()


def html_to_text(field: str, media: list[str] | None = None) -> str:
    """The plain text of one field's HTML; the media it names are appended to ``media``."""
    field = UNSAFE.sub("", field.replace("\r\n", "\n"))
    for match in _SOUND.finditer(field):
        if media is not None:
            media.append(match.group(1))
    field = _SOUND.sub(lambda match: sound_placeholder(match.group(1)), field)
    if not _MARKUP.search(field):
        return _SPACES.sub(" ", field).strip()
    builder = _TextBuilder()
    builder.feed(field)
    builder.close()
    if media is not None:
        media.extend(builder.media)
    return UNSAFE.sub("", _tidy([_clean_line(line) for line in builder.lines]))


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
