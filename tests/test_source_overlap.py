"""No card copies a run of six words from either source document.

Run as a script (``uv run python tests/test_source_overlap.py``) to list every shared run.
"""

import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from quiz.deck.loader import load_paths
from quiz.paths import bundled_decks_dir

RUN = 6


def find_seeds() -> Path:
    """``shared/seeds`` beside the project, or beside the nearest folder above it that has one."""
    root = Path(__file__).resolve().parents[1]
    for folder in root.parents:
        if (folder / "shared" / "seeds").is_dir():
            return folder / "shared" / "seeds"
    return root.parent / "shared" / "seeds"


SEEDS = find_seeds()
WORD = re.compile(r"[\w\u0370-\u03ff]+(?:[-'’][\w\u0370-\u03ff]+)*")
CLOZE = re.compile(r"\{\{(?:c\d+::)?([^:}|]*)[^}]*\}\}")


def words(text: str) -> list[str]:
    """The text's words, lower-cased, British and American spellings folded together."""
    folded = text.lower().replace("tumor", "tumour").replace("signaling", "signalling")
    return WORD.findall(folded)


def runs(text: str) -> set[tuple[str, ...]]:
    tokens = words(text)
    return {tuple(tokens[i : i + RUN]) for i in range(len(tokens) - RUN + 1)}


def card_texts(value: object) -> Iterator[str]:
    """Every piece of text a student can read on a card, cloze deletions filled in."""
    if isinstance(value, str):
        yield CLOZE.sub(r"\1", value)
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in {"id", "type", "source", "tags", "match"}:
                yield from card_texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from card_texts(item)


def shared_runs() -> list[tuple[str, str, str]]:
    """(deck id, card id, shared run) for every six-word run a card shares with a source."""
    source_runs: set[tuple[str, ...]] = set()
    for seed in sorted(SEEDS.glob("*.txt")):
        for line in seed.read_text(encoding="utf-8").splitlines():
            source_runs |= runs(line)
    result = load_paths([bundled_decks_dir()])
    found = []
    for loaded in result.decks:
        for card in loaded.deck.cards:
            for text in card_texts(card.model_dump()):
                for run in sorted(runs(text) & source_runs):
                    found.append((loaded.deck.id, card.id, " ".join(run)))
    return found


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the source documents are not beside the project")
def test_no_card_shares_six_words_in_a_row_with_a_source():
    assert shared_runs() == []


if __name__ == "__main__":
    hits = shared_runs()
    for deck_id, card_id, run in hits:
        print(f"{deck_id}:{card_id}: {run}")
    print(f"{len(hits)} shared runs of {RUN} words")
    sys.exit(1 if hits else 0)
