"""A student's history, recorded on the bundled decks as they stood at commit 45b216c, is kept
on every card the revised decks still hold."""

from pathlib import Path

import pytest
from file_support import review

from quiz.deck.items import deck_item_order
from quiz.deck.loader import load_paths
from quiz.paths import bundled_decks_dir
from quiz.progress.open import open_store
from quiz.progress.sqlite_store import Store

OLD_ITEMS = Path(__file__).parent / "data" / "bundled-items-45b216c.txt"

# Items the revision removed on purpose: duplicates merged into the card that stays, a true/false
# whose key was disputable, and blanks of cloze cards rewritten to one blank.
REMOVED = {
    ("mechanisms", "autologous-source"),
    ("mechanisms", "bcma-myeloma"),
    ("mechanisms", "costim-persistence"),
    ("mechanisms", "multispecific-cloze#c1"),
    ("mechanisms", "multispecific-cloze#c2"),
    ("toxicities", "crs-range-cloze#c1"),
    ("toxicities", "crs-range-cloze#c2"),
    ("toxicities", "gvhd-donor-tcr"),
    ("toxicities", "icu-reasons"),
    ("toxicities", "longterm-multi"),
    ("toxicities", "nk-innate-cloze#c1"),
    ("toxicities", "tcr-knockout"),
    ("toxicities", "trm-one-in-ten"),
    ("logic-gating", "heterogeneity-within-between#c2"),
    ("logic-gating", "multiantigen-problem"),
    ("logic-gating", "otot-term#c1"),
    ("logic-gating", "otot-term#c2"),
    ("allogeneic", "allogeneic-cell-source"),
    ("allogeneic", "autologous-term-typed"),
    ("allogeneic", "gvhd-allogeneic-concern-tf"),
    ("allogeneic", "in-vivo-needs-donor-tf"),
    ("microenvironment", "armored-car-definition"),
    ("microenvironment", "armored-payloads-choice"),
    ("microenvironment", "combination-family-tf"),
    ("microenvironment", "four-challenges-multi"),
}


def old_items() -> list[tuple[str, str]]:
    lines = OLD_ITEMS.read_text(encoding="utf-8").splitlines()
    return [(deck_id, item_id) for deck_id, item_id in (line.split() for line in lines[1:])]


@pytest.fixture
def store_made_on_the_old_decks(tmp_path):
    """A progress store in which every item of the old bundled decks was reviewed once."""
    with Store.open(tmp_path / "progress.sqlite3") as store:
        for deck_id, item_id in old_items():
            review(store, item_id, deck_id)
    return tmp_path / "progress.sqlite3"


def new_items() -> dict[str, list[str]]:
    result = load_paths([bundled_decks_dir()])
    assert result.problems == []
    return {loaded.deck.id: list(deck_item_order(loaded.deck)) for loaded in result.decks}


def test_only_the_documented_items_were_removed():
    current = {(deck_id, item) for deck_id, items in new_items().items() for item in items}
    assert set(old_items()) - current == REMOVED


def test_history_on_every_kept_item_survives_the_revision(store_made_on_the_old_decks):
    old = set(old_items())
    with open_store(store_made_on_the_old_decks) as store:
        for deck_id, items in new_items().items():
            kept = [item for item in items if (deck_id, item) in old]
            added = [item for item in items if (deck_id, item) not in old]
            assert kept, deck_id
            assert set(store.states_of(deck_id, kept)) == set(kept), deck_id
            assert all(len(store.history(deck_id, item)) == 1 for item in kept), deck_id
            assert store.unreviewed(deck_id, items, limit=len(items)) == added, deck_id
