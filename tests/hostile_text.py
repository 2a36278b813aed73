"""Hostile deck text for the terminal-safety tests, generated here rather than kept as files.

:func:`hostile_deck` is a valid deck (one card of every kind) whose every text field carries
:data:`PAYLOAD`: terminal control sequences an attacker would plant (clipboard write, window
title, screen clear, hidden hyperlink, 8-bit C1 controls, BEL, BS, DEL, a bidi override).
:func:`raw_payloads` finds any of them in bytes a program wrote: none may ever get through.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

CLIPBOARD = "\x1b]52;c;aGk=\x07"
WINDOW_TITLE = "\x1b]0;PWNED\x07"
CLEAR_SCREEN = "\x1b[2J"
HYPERLINK = "\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\"
C1_CSI = "\x9b31m"
C1_OSC = "\x9d0;PWNED\x9c"
BIDI = "\u202eevil"
PAYLOAD = f"{CLIPBOARD}{WINDOW_TITLE}{CLEAR_SCREEN}{HYPERLINK}{C1_CSI}{C1_OSC}\x07\x08\x7f{BIDI}"
"""Every hostile sequence at once, as one field's text carries it."""

SHOWN = "␛]52;c;aGk=␇"
"""How the clipboard sequence reads on screen once made visible."""

# Bytes a terminal would obey. Textual writes escape sequences of its own: CSI (colours,
# cursor, modes) and one OSC, the mouse pointer's shape (OSC 22), which is removed before
# looking. It never writes another OSC (clipboard, title, hyperlink), a screen clear, C1
# controls, DEL, BEL (but to end its OSC), BS or bidi controls: any of them came from data.
_TEXTUAL_OSC = re.compile(rb"\x1b\]22;[ -~]*\x07")
_FORBIDDEN = re.compile(
    rb"\x1b\]|\x1b\[2J|\xc2[\x80-\x9f]|[\x07\x08\x7f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]"
)


def raw_payloads(output: bytes) -> list[bytes]:
    """The hostile sequences found raw in ``output`` (empty when it is safe), each with a
    little context."""
    output = _TEXTUAL_OSC.sub(b"", output)
    return [output[max(0, m.start() - 8) : m.end() + 8] for m in _FORBIDDEN.finditer(output)]


def hostile(label: str) -> str:
    """One field's text: a label (to keep texts distinct) and the payload."""
    return f"{label} {PAYLOAD}"


def _card(card_id: str, kind: str, **fields: Any) -> dict[str, Any]:
    return {
        "id": card_id,
        "type": kind,
        **fields,
        "tags": [hostile(f"tag-{card_id}")],
        "source": {"key": "src", "locator": hostile(f"locator-{card_id}")},
        "explanation": hostile(f"explanation-{card_id}"),
    }


def _choices(card_id: str, correct: set[int]) -> list[dict[str, Any]]:
    return [
        {"text": hostile(f"choice{index}-{card_id}"), "correct": True}
        if index in correct
        else {"text": hostile(f"choice{index}-{card_id}"), "why": hostile(f"why{index}-{card_id}")}
        for index in range(3)
    ]


def hostile_data(deck_id: str = "hostile") -> dict[str, Any]:
    """The deck as data: one card of every kind, :data:`PAYLOAD` in every text field."""
    cards = [
        _card("basic", "basic", front=hostile("front"), back=hostile("back")),
        _card("choice", "choice", question=hostile("q-choice"), choices=_choices("choice", {0})),
        _card("multi", "multi", question=hostile("q-multi"), choices=_choices("multi", {0, 1})),
        _card("tf", "true_false", statement=hostile("statement"), answer=True),
        _card(
            "cloze",
            "cloze",
            text=f"{hostile('before')} {{{{c1::{hostile('answer')}::{hostile('hint')}}}}} after",
        ),
        _card("typed", "typed", question=hostile("q-typed"), answers=[hostile("typed-answer")]),
        _card(
            "order",
            "order",
            question=hostile("q-order"),
            items=[hostile(f"item{index}") for index in range(3)],
        ),
    ]
    return {
        "id": deck_id,
        "title": hostile("Title"),
        "description": hostile("Description"),
        "version": 1,
        "tags": [hostile("deck-tag")],
        "sources": [
            {
                "key": "src",
                "title": hostile("source-title"),
                "authors": [hostile("author")],
                "year": 2020,
                "venue": hostile("venue"),
                "url": hostile("url"),
            }
        ],
        "cards": cards,
    }


def hostile_yaml(data: dict[str, Any] | None = None) -> str:
    """The deck as YAML text. JSON is YAML, and its ``\\u`` escapes are how a YAML file
    carries control characters (raw ones are refused by the parser)."""
    return json.dumps(hostile_data() if data is None else data, indent=1)


def write_hostile_deck(folder: Path, name: str = "hostile.yaml") -> Path:
    """Write the hostile deck into ``folder`` (made if needed); its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(hostile_yaml(), encoding="utf-8")
    return path


def strings_in(value: Any) -> list[str]:
    """Every string in a deck model (or plain data), recursively: field values, list items."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, (list, tuple)):
        return [text for item in value for text in strings_in(item)]
    if isinstance(value, dict):
        return [text for item in value.values() for text in strings_in(item)]
    fields = getattr(value, "__dict__", None)
    return strings_in(fields) if isinstance(fields, dict) else []
