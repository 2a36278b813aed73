"""Hostile deck files, generated so that the repository stays small.

Each shape is a function returning the text of one deck file that tries to make validation
slow or hungry: many errors, huge collections, deep nesting, aliases, long scalars. The tests
write them into a temporary folder; ``python -m tests.hostile_decks FOLDER`` writes them all,
to try by hand (``quiz validate FOLDER/...``).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

HEADER = (
    "id: hostile\ntitle: Hostile\ndescription: d\nversion: 1\n"
    "sources:\n  - {key: src, title: T, authors: [A], year: 2025, venue: V}\n"
)
CARD = (
    "  - id: c\n    type: basic\n    front: F\n    back: B\n"
    "    source: {key: src, locator: x}\n    explanation: E\n"
)


def one_card_unknown_keys(count: int) -> str:
    """One card with ``count`` unknown keys (20,000 keys: 340 KB)."""
    return HEADER + "cards:\n" + CARD + "".join(f"    k{i:06d}: x\n" for i in range(count))


def flow_list(count: int, key: str = "tags") -> str:
    """A top-level flow list of ``count`` numbers (3 million: 6 MB)."""
    return HEADER + "cards:\n" + CARD + f"{key}: [" + ",".join(["1"] * count) + "]\n"


def cards_flow_list(count: int) -> str:
    """``cards`` as one flow list of ``count`` numbers."""
    return HEADER + "cards: [" + ",".join(["1"] * count) + "]\n"


def cards_missing_keys(count: int) -> str:
    """``count`` cards, each missing three required keys (front, back, source)."""
    return HEADER + "cards:\n" + "".join(f"  - {{id: c{i}, type: basic}}\n" for i in range(count))


def cards_with_unknown_keys(cards: int, keys: int) -> str:
    """``cards`` cards with ``keys`` unknown keys each."""
    extra = ", ".join(f"k{i}: x" for i in range(keys))
    card = "  - {id: c, type: basic, front: F, back: B, source: {key: src, locator: x}, %s}\n"
    return HEADER + "cards:\n" + (card % extra) * cards


def empty_sources(count: int) -> str:
    """``count`` empty sources (five missing keys each) and one card."""
    return (
        "id: hostile\ntitle: Hostile\ndescription: d\nversion: 1\nsources: ["
        + ",".join(["{}"] * count)
        + "]\ncards:\n"
        + CARD
    )


def repeated_keys(mappings: int, repeats: int) -> str:
    """``mappings`` mappings under an unknown key, each with one key repeated."""
    mapping = "{" + ", ".join(["a: 1"] * repeats) + "}"
    return HEADER + "cards:\n" + CARD + "extra: [" + ",".join([mapping] * mappings) + "]\n"


def number_keys(count: int) -> str:
    """A mapping of ``count`` keys that YAML reads as numbers, true/false and null."""
    keys = ["1", "true", "null", "2024-01-01", "1.5"]
    body = ", ".join(
        f"{keys[i % 5]}{'0' * (i // 5) if i % 5 in (0, 4) else ''}: x" for i in range(count)
    )
    return HEADER + "cards:\n" + CARD + "extra: {" + body + "}\n"


def deep_flow(depth: int) -> str:
    """Brackets nested ``depth`` deep."""
    return "a: " + "[" * depth + "]" * depth + "\n"


def deep_block(depth: int) -> str:
    """Block lists nested ``depth`` deep on one line."""
    return "- " * depth + "x\n"


def alias_bomb(levels: int) -> str:
    """Each level a list of ten aliases of the one before (a billion laughs)."""
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, levels):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 10) + "]")
    return "\n".join(lines) + "\n"


def recursive_alias() -> str:
    """An anchored mapping that holds an alias of itself."""
    return HEADER + "cards:\n" + CARD + "loop: &m {self: *m}\n"


def long_scalar(chars: int) -> str:
    """A card whose front is ``chars`` characters long."""
    return HEADER + "cards:\n" + CARD.replace("front: F", "front: " + "x" * chars)


def long_key(chars: int) -> str:
    """A card with an unknown key ``chars`` characters long."""
    return HEADER + "cards:\n" + CARD + "    ? " + "k" * chars + "\n    : x\n"


def cloze_openings(cards: int, openings: int) -> str:
    """Cloze cards whose text is ``openings`` times ``{{`` and no ``}}``."""
    card = (
        '  - {id: c%d, type: cloze, text: "' + "{{" * openings + '", '
        "source: {key: src, locator: x}, explanation: E}\n"
    )
    return HEADER + "cards:\n" + "".join(card % i for i in range(cards))


def missing_source(sources: int, cards: int) -> str:
    """``sources`` sources with long keys, and ``cards`` cards that cite one not declared."""
    source = "  - {key: %s%%04d, title: T, authors: [A], year: 2025, venue: V}\n" % ("s" * 70)
    card = (
        "  - {id: c%d, type: true_false, statement: S, answer: true, "
        "source: {key: nope, locator: x}, explanation: E}\n"
    )
    return (
        "id: hostile\ntitle: Hostile\ndescription: d\nversion: 1\nsources:\n"
        + "".join(source % i for i in range(sources))
        + "cards:\n"
        + "".join(card % i for i in range(cards))
    )


def duplicate_card_ids(count: int) -> str:
    """``count`` valid cards that all have the same id."""
    card = (
        "  - {id: same, type: true_false, statement: S, answer: true, "
        "source: {key: src, locator: x}, explanation: E}\n"
    )
    return HEADER + "cards:\n" + card * count


def choices_without_why(count: int) -> str:
    """``count`` valid choice cards whose seven wrong choices have no ``why`` (a warning each)."""
    wrong = ", ".join(f"{{text: {letter}}}" for letter in "bcdefgh")
    card = (
        "  - {id: c%d, type: choice, question: Q, explanation: E, "
        "source: {key: src, locator: x}, choices: [{text: a, correct: true}, " + wrong + "]}\n"
    )
    return HEADER + "cards:\n" + "".join(card % i for i in range(count))


def control_characters(count: int) -> str:
    """``count`` valid cards whose statement holds an escape sequence."""
    card = (
        '  - {id: c%d, type: true_false, statement: "S \\e]0;title\\a", answer: true, '
        "source: {key: src, locator: x}, explanation: E}\n"
    )
    return HEADER + "cards:\n" + "".join(card % i for i in range(count))


def many_values(count: int) -> str:
    """About ``count`` empty lists in lists of 1,000 (no list too long: many of them)."""
    inner = "[" + ",".join(["[]"] * 999) + "]"
    return HEADER + "cards:\n" + CARD + "extra: [" + ",".join([inner] * (count // 1000)) + "]\n"


def wide_characters(count: int) -> str:
    """A card whose front is ``count`` characters outside the BMP (four bytes each)."""
    return HEADER + "cards:\n" + CARD.replace("front: F", "front: " + "\U0001f600" * count)


def hex_version(digits: int) -> str:
    """A deck whose version is a hexadecimal number of ``digits`` digits."""
    return HEADER.replace("version: 1", "version: 0x" + "f" * digits) + "cards:\n" + CARD


SHAPES: dict[str, Callable[[], str]] = {
    "unknown-keys-20k": lambda: one_card_unknown_keys(20_000),
    "unknown-keys-300k": lambda: one_card_unknown_keys(300_000),
    "flow-list-3m": lambda: flow_list(3_000_000),
    "flow-list-3m-unknown-key": lambda: flow_list(3_000_000, "padding"),
    "cards-flow-list-3m": lambda: cards_flow_list(3_000_000),
    "cards-missing-keys-150k": lambda: cards_missing_keys(150_000),
    "cards-missing-keys-50k": lambda: cards_missing_keys(49_999),
    "cards-with-unknown-keys": lambda: cards_with_unknown_keys(190, 990),
    "empty-sources": lambda: empty_sources(1_000),
    "repeated-keys": lambda: repeated_keys(190, 999),
    "number-keys": lambda: number_keys(999),
    "deep-flow": lambda: deep_flow(200_000),
    "deep-block": lambda: deep_block(200_000),
    "alias-bomb": lambda: alias_bomb(10),
    "recursive-alias": recursive_alias,
    "long-scalar": lambda: long_scalar(15_000_000),
    "long-key": lambda: long_key(15_000_000),
    "cloze-openings": lambda: cloze_openings(700, 9_999),
    "duplicate-card-ids": lambda: duplicate_card_ids(20_000),
    "missing-source": lambda: missing_source(1_000, 20_000),
    "control-characters": lambda: control_characters(20_000),
    "choices-without-why": lambda: choices_without_why(9_000),
    "many-values": lambda: many_values(600_000),
    "hex-version": lambda: hex_version(6_000),
    "wide-characters": lambda: wide_characters(4_000_000),
}


def write_all(folder: Path) -> list[Path]:
    """Write every shape into ``folder`` as ``<name>.yaml``; return the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, make in SHAPES.items():
        path = folder / f"{name}.yaml"
        path.write_text(make(), encoding="utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":
    for written in write_all(Path(sys.argv[1])):
        print(written)
