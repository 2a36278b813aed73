"""Browse: what a search word matches (a card's own texts, the type the list shows), the
``is:`` words that filter by state, the sort orders, and the room the prompt column gets."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import yaml
from textual.pilot import Pilot
from textual.widgets import Static
from tui_support import wait_for_deck_list

from quiz.paths import database_path
from quiz.progress.open import open_store
from quiz.progress.state import ItemFlags, ItemState
from quiz.rating import Rating
from quiz.tui.app import build_app
from quiz.tui.screens.browse import BrowseScreen
from quiz.tui.widgets.card_table import CardTable
from quiz.tui.widgets.title_bar import TitleBar

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)
# card id: (prompt, state, due from now, difficulty); None: never studied
CARDS: dict[str, tuple[str, tuple[str, timedelta, float] | None]] = {
    "fresh": ("Which antigen do most CARs target?", None),
    "due": ("Name the activating domain of a CAR.", ("review", -HOUR, 3.0)),
    "later": ("How does a CAR-T cell kill a tumour cell?", ("review", 72 * HOUR, 8.0)),
    "stepping": ("Explain lymphodepletion before infusion.", ("learning", HOUR / 6, 5.0)),
    "lapsed": ("Define cytokine release syndrome.", ("relearning", HOUR / 12, 9.0)),
    "paused": ("Give the grade of a mild ICANS.", ("review", 240 * HOUR, 4.0)),
    "stubborn": ("Outline tonic signalling.", ("review", 480 * HOUR, 6.0)),
}
DECK_TITLE = "How CAR-T cells work"
NOTES = {"key": "notes", "title": "Notes", "authors": ["Lee A"], "year": 2025, "venue": "Class"}
SOURCE = {"source": {"key": "notes", "locator": "p. 1"}}


def write_deck(folder: Path) -> Path:
    """A deck named like the bundled one whose title holds ``work``, in which one card only
    says ``work``: the others are found by their own words."""
    cards: list[dict[str, object]] = [
        {
            "id": card_id,
            "type": "basic",
            "front": prompt,
            "back": f"The answer, number {n}.",
            **SOURCE,
        }
        for n, (card_id, (prompt, _)) in enumerate(CARDS.items())
    ]
    cards[2]["back"] = "It works through perforin and granzymes."
    cards.append(
        {
            "id": "pick",
            "type": "choice",
            "question": "Zeta chains carry which motif?",
            "choices": [{"text": "ITAM", "correct": True}, {"text": "ITIM"}],
            **SOURCE,
        }
    )
    deck = {"id": "cells", "title": DECK_TITLE, "description": "Seven states.", "version": 1}
    deck |= {"sources": [NOTES], "cards": cards}
    path = folder / "cells.yaml"
    path.write_text(yaml.safe_dump(deck, sort_keys=False), encoding="utf-8")
    return path


def record_progress(data_dir: Path) -> None:
    """The states of :data:`CARDS`; ``paused`` suspended and ``stubborn`` a leech."""
    with open_store(database_path(data_dir)) as store:
        for card_id, (_, studied) in CARDS.items():
            if studied is None:
                continue
            state, due, difficulty = studied
            reached = ItemState(state, 0, 2.0, difficulty, NOW + due, NOW - 24 * HOUR)  # type: ignore[arg-type]
            store.apply_review(
                "cells", card_id, rating=Rating.GOOD, correct=None, response="{}",
                reviewed_at=NOW - 24 * HOUR, duration_ms=0, next_state=lambda _, s=reached: s,
            )  # fmt: skip
        store.set_item_flags("cells", "paused", ItemFlags(suspended=True))
        store.set_item_flags("cells", "stubborn", ItemFlags(leech=True))


@asynccontextmanager
async def browsing(
    data_dir: Path, size: tuple[int, int] = (80, 24)
) -> AsyncIterator[tuple[Pilot, BrowseScreen, CardTable]]:
    """Browse open on the deck of :func:`write_deck` with :func:`record_progress`'s states."""
    record_progress(data_dir)
    app = build_app(data_dir=data_dir, deck_paths=[write_deck(data_dir)], clock=lambda: NOW)
    async with app.run_test(size=size) as pilot:
        await wait_for_deck_list(pilot)
        await pilot.press("b")
        await pilot.app.workers.wait_for_complete()  # the states read, the search texts built
        await pilot.pause()
        browse = pilot.app.screen
        assert isinstance(browse, BrowseScreen)
        yield pilot, browse, browse.query_one(CardTable)


async def search(pilot: Pilot, table: CardTable, query: str) -> list[str]:
    """The card ids listed once ``query`` is typed in a cleared search field."""
    field = pilot.app.screen.query_one("#search")
    field.focus()
    field.value = ""  # type: ignore[attr-defined]
    await pilot.press(*query)
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    return [key.split("/", 1)[1] for key in table.row_keys]


def line_text(table: CardTable, y: int) -> str:
    return "".join(segment.text for segment in table.render_line(y))


async def test_a_word_of_the_deck_title_finds_only_the_cards_that_say_it(tmp_path: Path) -> None:
    async with browsing(tmp_path) as (pilot, _, table):
        assert await search(pilot, table, "work") == ["later"]
        assert await search(pilot, table, "cells") == []  # the deck's id is not a card's
        assert await search(pilot, table, "stubborn") == ["stubborn"]  # a card's own id


async def test_the_type_the_list_shows_finds_its_cards(tmp_path: Path) -> None:
    async with browsing(tmp_path) as (pilot, _, table):
        recall = await search(pilot, table, "recall")
        assert recall == list(CARDS)
        assert await search(pilot, table, "basic") == recall  # the name in the deck file
        assert await search(pilot, table, "one answer") == ["pick"]


async def test_is_words_filter_by_state(tmp_path: Path) -> None:
    async with browsing(tmp_path) as (pilot, _, table):
        assert await search(pilot, table, "is:new") == ["fresh", "pick"]
        assert await search(pilot, table, "is:due") == ["due"]
        assert await search(pilot, table, "is:learning") == ["stepping", "lapsed"]
        assert await search(pilot, table, "is:missed") == ["lapsed"]
        assert await search(pilot, table, "is:suspended") == ["paused"]
        assert await search(pilot, table, "is:leech") == ["stubborn"]
        assert await search(pilot, table, "is:review -is:suspended") == [
            "due",
            "later",
            "stubborn",
        ]
        assert await search(pilot, table, "car is:review") == ["due", "later"]
        assert await search(pilot, table, "is:new zeta") == ["pick"]
        assert await search(pilot, table, "is:sleepy") == []
        expected = "“is:sleepy”? is: takes due new learning review missed suspended buried leech"
        assert expected in line_text(table, 1)


async def test_the_leech_key_still_lists_the_leeches(tmp_path: Path) -> None:
    async with browsing(tmp_path) as (pilot, _, table):
        await pilot.press("l")
        await pilot.pause()
        assert [key.split("/", 1)[1] for key in table.row_keys] == ["stubborn"]
        assert await search(pilot, table, "is:new") == []


async def test_the_sort_key_cycles_the_orders(tmp_path: Path) -> None:
    async with browsing(tmp_path) as (pilot, browse, table):
        table.focus()

        async def sorted_ids() -> list[str]:
            await pilot.press("s")
            await pilot.pause()
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
            return [key.split("/", 1)[1] for key in table.row_keys]

        deck_order = [*CARDS, "pick"]
        assert [key.split("/", 1)[1] for key in table.row_keys] == deck_order
        by_due = ["due", "lapsed", "stepping", "later", "paused", "stubborn", "fresh", "pick"]
        assert await sorted_ids() == by_due
        status = browse.query_one(TitleBar).query_one(".title-right", Static)
        assert "by due" in str(status.render())
        hardest = ["lapsed", "later", "stubborn", "stepping", "paused", "due", "fresh", "pick"]
        assert await sorted_ids() == hardest
        by_prompt = ["lapsed", "stepping", "paused", "later", "due", "stubborn", "fresh", "pick"]
        assert await sorted_ids() == by_prompt
        assert await sorted_ids() == deck_order
        await pilot.press("s")
        assert pilot.app.active_bindings["s"].binding.id == "browse.sort"
        assert await search(pilot, table, "car") == ["due", "later", "fresh", "pick"]  # by due


async def test_the_card_column_takes_the_room_at_80_columns(tmp_path: Path) -> None:
    async with browsing(tmp_path) as (_, _, table):
        heading = line_text(table, 0)
        assert heading.index("Type") - heading.index("Card") >= 44
        row = line_text(table, 3)
        assert "How does a CAR-T cell kill a tumour cell?" in row
        assert "in 3d" in row and "review" in row and "recall" in row


async def test_the_columns_fit_at_60_and_120_columns(tmp_path: Path) -> None:
    async with browsing(tmp_path, size=(60, 20)) as (_, _, table):
        heading = line_text(table, 0)
        assert len(heading.rstrip()) <= table.scrollable_content_region.width
        assert "State" in heading and "Due" in heading
        assert heading.index("State") - heading.index("Card") >= 30
        assert "Name the activating domain of a CAR." in line_text(table, 2)
    async with browsing(tmp_path, size=(120, 40)) as (_, _, table):
        heading = line_text(table, 0)
        assert "Type" in heading and heading.index("Type") - heading.index("Card") >= 80


async def test_deck_words_keep_the_cards_of_the_decks_named(tmp_path: Path) -> None:
    record_progress(tmp_path)
    basics = Path(__file__).parent / "fixtures" / "tui" / "decks" / "cart-basics.yaml"
    paths = [write_deck(tmp_path), basics]
    app = build_app(data_dir=tmp_path, deck_paths=paths, clock=lambda: NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_deck_list(pilot)
        await pilot.press("end", "b")  # the "All decks" row
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        browse = pilot.app.screen
        assert isinstance(browse, BrowseScreen) and browse.deck_id is None
        table = browse.query_one(CardTable)
        every = await search(pilot, table, "")
        assert len(every) == len(CARDS) + 1 + 7
        assert await search(pilot, table, "deck:cells-work") == []
        assert await search(pilot, table, "deck:work is:missed") == ["lapsed"]
        basics_ids = await search(pilot, table, "deck:basics")
        assert basics_ids and not set(basics_ids) & {*CARDS, "pick"}
        assert await search(pilot, table, "work") == ["later"]  # no deck's title
        heading = line_text(table, 0)
        assert heading.index("Deck") - heading.index("Card") >= 30
