"""The deck list widget on its own: what each line shows, keys, mouse, scrolling, messages."""

from __future__ import annotations

from pathlib import Path

from textual.app import App, ComposeResult

from quiz.deck.summary import ALL_DECKS_ID
from quiz.tui.widgets.deck_table import DeckRow, DeckTable

CSS_PATH = Path(__file__).parent.parent / "quiz" / "tui" / "app.tcss"

ROWS = [
    DeckRow("basics", "CAR-T basics", cards=7, new=8),
    DeckRow("safety", "CAR-T safety", cards=2, new=1, learning=1, due=3),
    DeckRow("file:bad.yaml", "bad.yaml", broken=True),
    DeckRow(ALL_DECKS_ID, "All decks", cards=9, new=9, learning=1, due=3),
]


class TableApp(App[None]):
    """A deck table filling the screen, recording the messages it posts."""

    CSS_PATH = CSS_PATH

    def __init__(self, rows: list[DeckRow]) -> None:
        super().__init__()
        self.rows = rows
        self.highlighted: list[str] = []
        self.selected: list[str] = []

    def compose(self) -> ComposeResult:
        yield DeckTable(id="decks")

    def on_mount(self) -> None:
        table = self.query_one(DeckTable)
        table.show_rows(self.rows)
        table.focus()

    def on_deck_table_highlighted(self, event: DeckTable.Highlighted) -> None:
        self.highlighted.append(event.key)

    def on_deck_table_selected(self, event: DeckTable.Selected) -> None:
        self.selected.append(event.key)


def lines(table: DeckTable) -> list[str]:
    """The text of every line the table shows, right-trimmed."""
    return [table.render_line(y).text.rstrip() for y in range(table.size.height)]


async def test_each_row_shows_its_title_and_counts_under_the_heading() -> None:
    app = TableApp(ROWS)
    async with app.run_test(size=(60, 10)) as pilot:
        table = app.query_one(DeckTable)
        await pilot.pause()
        shown = lines(table)
        assert shown[0].split() == ["Deck", "Cards", "New", "Learn", "Due"]
        assert shown[1].split() == ["CAR-T", "basics", "7", "8", "0", "0"]
        assert shown[2].split() == ["CAR-T", "safety", "2", "1", "1", "3"]
        assert shown[3].split() == ["bad.yaml", "(broken)", "–", "–", "–", "–"]
        assert shown[4].split() == ["All", "decks", "9", "9", "1", "3"]
        assert shown[5:] == [""] * (table.size.height - 5)
        # every line is as wide as the table, and the counts line up under their headings
        assert {table.render_line(y).cell_length for y in range(table.size.height)} == {60}
        assert {line.rfind("3") for line in shown[2:5:2]} == {shown[0].rfind("e")}


async def test_a_long_title_is_shortened_and_large_counts_widen_their_columns() -> None:
    title = "A deck with a title far too long for a narrow terminal"
    app = TableApp([DeckRow("long", title, cards=123_456, new=1)])
    async with app.run_test(size=(50, 5)) as pilot:
        await pilot.pause()
        heading, row = lines(app.query_one(DeckTable))[:2]
        assert row.endswith("123456       1       0       0")
        assert row.startswith(" A deck with a t… ")
        assert heading.endswith(" Cards     New   Learn     Due")


async def test_keys_move_the_cursor_and_enter_selects_the_row() -> None:
    app = TableApp(ROWS)
    async with app.run_test(size=(60, 10)) as pilot:
        table = app.query_one(DeckTable)
        assert table.selected_key == "basics"
        await pilot.press("down", "down")
        assert table.selected_key == "file:bad.yaml"
        assert app.highlighted == ["safety", "file:bad.yaml"]  # not when the rows were given
        await pilot.press("end", "down")  # the cursor stays on the last row
        assert table.selected_key == ALL_DECKS_ID
        await pilot.press("home", "up", "j", "k", "enter")
        assert table.selected_key == "basics"
        assert app.selected == ["basics"]


async def test_the_cursor_scrolls_into_view_on_a_long_list() -> None:
    rows = [DeckRow(f"deck-{n}", f"Deck number {n}", cards=n) for n in range(40)]
    app = TableApp(rows)
    async with app.run_test(size=(50, 8)) as pilot:
        table = app.query_one(DeckTable)
        await pilot.press("pagedown", "pagedown")
        await pilot.pause()
        cursor = table.cursor_row
        assert cursor > 7, "two pages down"
        assert any(f"Deck number {cursor} " in line for line in lines(table)[1:])
        assert lines(table)[0].split()[0] == "Deck", "the heading stays at the top"
        await pilot.press("end")
        await pilot.pause()
        assert lines(table)[-1].split()[:3] == ["Deck", "number", "39"]
        await pilot.press("home")
        await pilot.pause()
        assert lines(table)[1].split()[:3] == ["Deck", "number", "0"]


async def test_a_click_highlights_a_row_and_a_second_click_selects_it() -> None:
    app = TableApp(ROWS)
    async with app.run_test(size=(60, 10)) as pilot:
        table = app.query_one(DeckTable)
        await pilot.click(DeckTable, offset=(3, 2))  # line 2: the second deck
        assert table.selected_key == "safety" and app.selected == []
        await pilot.click(DeckTable, offset=(3, 2))
        assert app.selected == ["safety"]
        await pilot.click(DeckTable, offset=(3, 0))  # the heading selects nothing
        await pilot.click(DeckTable, offset=(3, 8))  # nor does the space under the rows
        assert table.selected_key == "safety" and app.selected == ["safety"]


async def test_new_rows_keep_the_cursor_on_the_same_deck_or_within_the_rows() -> None:
    app = TableApp(ROWS)
    async with app.run_test(size=(60, 10)) as pilot:
        table = app.query_one(DeckTable)
        await pilot.press("down")
        table.show_rows([ROWS[1], ROWS[3]])
        assert table.selected_key == "safety" and table.cursor_row == 0
        table.move_cursor(1)
        table.show_rows([ROWS[0]])  # the all-decks row is gone: the cursor stays in the rows
        assert table.selected_key == "basics"
        table.show_rows([])
        assert table.selected_key is None
        await pilot.press("enter", "down")
        assert app.selected == []
        assert lines(table)[1:] == [""] * (table.size.height - 1)


async def test_the_cursor_line_is_drawn_in_the_cursor_colours_and_follows_the_focus() -> None:
    app = TableApp(ROWS)
    async with app.run_test(size=(60, 10)) as pilot:
        table = app.query_one(DeckTable)
        await pilot.pause()
        focused = table.render_line(1)
        plain = table.render_line(2)
        cursor = table.get_component_rich_style("deck-table--cursor")
        assert {segment.style.bgcolor for segment in focused} == {cursor.bgcolor}
        assert cursor.bgcolor not in {segment.style.bgcolor for segment in plain}
        table.blur()
        await pilot.pause()
        blurred = table.render_line(1)
        assert {segment.style.bgcolor for segment in blurred} != {cursor.bgcolor}


async def test_the_row_under_the_mouse_is_shaded_until_it_leaves() -> None:
    app = TableApp(ROWS)
    async with app.run_test(size=(60, 10)) as pilot:
        table = app.query_one(DeckTable)
        hover = table.get_component_rich_style("deck-table--hover").bgcolor
        await pilot.hover(DeckTable, offset=(3, 3))  # the broken file's row
        assert {segment.style.bgcolor for segment in table.render_line(3)} == {hover}
        assert hover not in {segment.style.bgcolor for segment in table.render_line(4)}
        await pilot.hover(DeckTable, offset=(3, 0))  # over the heading: no row
        assert hover not in {segment.style.bgcolor for segment in table.render_line(3)}


async def test_fewer_rows_scroll_the_list_back_to_show_them() -> None:
    rows = [DeckRow(f"deck-{n}", f"Deck number {n}", cards=n) for n in range(40)]
    app = TableApp(rows)
    async with app.run_test(size=(50, 8)) as pilot:
        table = app.query_one(DeckTable)
        await pilot.press("end")
        await pilot.pause()
        assert table.scroll_offset.y > 0
        table.show_rows(rows[:2])
        await pilot.pause()
        assert table.scroll_offset.y == 0
        assert table.selected_key == "deck-1"
        assert [line.split()[:3] for line in lines(table)[1:3]] == [
            ["Deck", "number", "0"],
            ["Deck", "number", "1"],
        ]
