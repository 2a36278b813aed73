"""Settings: every setting a student can change, with what it means, edited in place, and
what the desired retention costs ("at 0.95 you will do about N reviews a day").

The settings are read, saved and forecast in worker threads; a value is checked by the same
rules as ``quiz settings set`` and a bad one is refused with the valid range.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static
from textual.worker import Worker, WorkerState

from quiz.progress.errors import StoreError
from quiz.progress.state import DECK_SETTING_NAMES, DeckSettings, Settings
from quiz.safe_text import visible_line
from quiz.study.settings import SETTINGS, changed, changed_for_deck, setting, shown
from quiz.tui.widgets.key_bar import KeyBar
from quiz.tui.widgets.title_bar import TitleBar
from quiz.tui.workers import run_in_thread

if TYPE_CHECKING:
    from quiz.tui.library import Library

READ_WORKER, SAVE_WORKER, FORECAST_WORKER = "settings-read", "settings-save", "settings-forecast"
DECK_SAVE_WORKER = "settings-save-deck"
COMPARED_RETENTION = 0.95
DECK_ROW = "deck:"  # the key of a row holding the deck's own value
ALL_DECK_KEYS = [info.key for info in SETTINGS if info.key != "exam_date"]


def forecast_text(current: float, per_day: float, compared: float, compared_per_day: float) -> str:
    """The cost of the desired retention, in words."""
    text = f"At {current:.2f} you will do about {round(per_day)} reviews a day"
    return f"{text}; at {compared:.2f}, about {round(compared_per_day)}."


class SettingsScreen(Screen[None]):
    """The settings of all decks as a table; ``enter`` edits the highlighted one."""

    DEFAULT_CSS = """
    SettingsScreen #settings-table { height: 1fr; }
    SettingsScreen #settings-forecast { padding: 0 1; color: $text-accent; }
    SettingsScreen #settings-message { padding: 0 1; color: $text-muted; }
    SettingsScreen #settings-message.-error { color: $text-error; }
    SettingsScreen #settings-input { display: none; }
    SettingsScreen #settings-input.-editing { display: block; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "edit", "Change", id="settings.edit"),
        Binding("escape,q", "close", "Back", id="settings.close"),
    ]

    def __init__(self, library: Library, deck_id: str | None = None) -> None:
        super().__init__()
        self.library = library
        self.deck_id = deck_id
        """The deck whose own values are listed below the all-decks ones (None: none)."""
        self.settings: Settings | None = None
        self._deck_values: dict[str, dict] = {}
        deck_rows = [f"{DECK_ROW}{key}" for key in DECK_SETTING_NAMES] if deck_id else []
        self._rows = [*ALL_DECK_KEYS, *deck_rows]  # the key of each row of the table

    def compose(self) -> ComposeResult:
        yield TitleBar("Settings", "reading…", id="settings-title")
        yield DataTable(id="settings-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="settings-forecast")
        yield Static(Content(self._hint()), id="settings-message")
        yield Input(id="settings-input")
        yield KeyBar()

    def _hint(self) -> str:
        if self.deck_id is not None:
            return (
                f"enter or e changes the highlighted setting; the last rows are {self.deck_id}'s "
                "own values (default: the all-decks one)."
            )
        return (
            "enter or e changes the highlighted setting. Highlight a deck before o to set its "
            f"own {', '.join(DECK_SETTING_NAMES)}."
        )

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
        run_in_thread(self, self._read, READ_WORKER)

    # -- reading, saving, forecasting (in threads) -----------------------------------------

    def _read(self) -> tuple[Settings, dict[str, dict], str | None]:
        from quiz.study.optimizer import suggestion

        store = self.library.store
        decks = {key: value.to_dict() for key, value in store.all_deck_settings().items()}
        reviews = sum(store.deck_progress(deck_id)[1] for deck_id in store.deck_ids())
        last = store.latest_fit(None)
        advice = suggestion(reviews, None if last is None else last.review_count)
        return store.settings(), decks, advice

    def _save(self, settings: Settings) -> Settings:
        self.library.store.save_settings(settings)
        return settings

    def _save_deck(self, deck_id: str, own: DeckSettings) -> tuple[Settings, dict[str, dict], None]:
        store = self.library.store
        store.save_deck_settings(deck_id, own)
        decks = {key: value.to_dict() for key, value in store.all_deck_settings().items()}
        return store.settings(), decks, None

    def _forecast(self, settings: Settings) -> str:
        from quiz.deck.items import deck_item_order
        from quiz.study.simulator import reviews_per_day

        store, now = self.library.store, self.library.now()
        states, new = [], 0
        for deck in self.library.study_decks:
            known = store.states_of(deck.id, deck_item_order(deck))
            states.extend(known.values())
            new += len(deck_item_order(deck)) - len(known)
        fit = store.parameters_for(None)
        parameters = () if fit is None else fit.parameters
        retention = settings.desired_retention
        other = COMPARED_RETENTION if retention != COMPARED_RETENTION else 0.90
        per_day = reviews_per_day(states, new, settings, retention, now, parameters=parameters)
        compared = reviews_per_day(states, new, settings, other, now, parameters=parameters)
        return forecast_text(retention, per_day, other, compared)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.name not in {READ_WORKER, SAVE_WORKER, DECK_SAVE_WORKER, FORECAST_WORKER}:
            return
        if event.state == WorkerState.ERROR:
            if not isinstance(worker.error, StoreError):
                raise worker.error or RuntimeError("settings failed")  # a fault in the code
            self.notify(str(worker.error), title="Could not use the settings", severity="error")
            return
        if event.state != WorkerState.SUCCESS or worker.result is None:
            return
        if worker.name in {READ_WORKER, DECK_SAVE_WORKER}:
            self.settings, self._deck_values, advice = worker.result
            self._show()
            if advice is not None:
                self._message(advice)
            self._start_forecast()
        elif worker.name == SAVE_WORKER:
            self.settings = worker.result
            self._show()
            self.query_one(TitleBar).set_status("saved")
        else:
            self.query_one("#settings-forecast", Static).update(Content(worker.result))

    def _start_forecast(self) -> None:
        if self.settings is not None:
            self.query_one("#settings-forecast", Static).update(Content("Forecasting reviews…"))
            settings = self.settings
            run_in_thread(self, lambda: self._forecast(settings), FORECAST_WORKER)

    # -- showing and editing ---------------------------------------------------------------

    def _show(self) -> None:
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear(columns=True)
        table.add_columns("Setting", "Value", "What it does")
        values = self.settings.to_dict() if self.settings else {}
        for key in ALL_DECK_KEYS:
            own = [deck for deck, set_ in self._deck_values.items() if key in set_]
            value = shown(values.get(key))
            if own:
                value = f"{value} (own value: {', '.join(own)})"
            # rich Text: measured for the column's width, and never read as markup
            table.add_row(key, Text(visible_line(value)), setting(key).meaning, key=key)
        if self.deck_id is not None:
            own = self._deck_values.get(self.deck_id, {})
            for key in DECK_SETTING_NAMES:
                value = shown(own.get(key))
                if key not in own and key in values:
                    value = f"all decks ({shown(values[key])})"
                name = Text(visible_line(f"{self.deck_id}: {key}"))
                table.add_row(name, Text(visible_line(value)), setting(key).meaning)
        table.move_cursor(row=row, animate=False)
        self.query_one(TitleBar).set_status("")

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    def action_edit(self) -> None:
        """Edit the highlighted setting in the field below the table."""
        table = self.query_one(DataTable)
        if self.settings is None or not table.row_count:
            return
        key = self._rows[table.cursor_row]
        field = self.query_one(Input)
        name = key.removeprefix(DECK_ROW)
        if key.startswith(DECK_ROW):
            own = self._deck_values.get(self.deck_id or "", {})
            field.value = shown(own[name]) if name in own else "default"
        else:
            field.value = shown(self.settings.to_dict()[key])
        field.placeholder = key
        field.add_class("-editing")
        field.focus()
        self._message(f"New value of {key} (enter saves, escape cancels)")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        field = self.query_one(Input)
        key, settings = field.placeholder, self.settings
        if settings is None:
            return
        if key.startswith(DECK_ROW) and self.deck_id is not None:
            self._change_deck(self.deck_id, key.removeprefix(DECK_ROW), event.value)
            return
        try:
            new = changed(settings, key, event.value)
        except (KeyError, ValueError) as error:
            self._message(str(error.args[0]), error=True)
            return
        self._stop_editing()
        self._message(f"{key} = {shown(getattr(new, key))}")
        run_in_thread(self, lambda: self._save(new), SAVE_WORKER)
        if key in {"desired_retention", "new_per_day", "reviews_per_day"} or "steps" in key:
            self.settings = new
            self._start_forecast()

    def _change_deck(self, deck_id: str, key: str, text: str) -> None:
        """Set the deck's own value of ``key`` (``default``: the all-decks one)."""
        own = DeckSettings(**self._deck_values.get(deck_id, {}))
        try:
            new = changed_for_deck(own, key, text)
        except (KeyError, ValueError) as error:
            self._message(str(error.args[0]), error=True)
            return
        self._stop_editing()
        value = new.to_dict().get(key, "the all-decks value")
        self._message(f"{deck_id}: {key} = {shown(value)}")
        run_in_thread(self, lambda: self._save_deck(deck_id, new), DECK_SAVE_WORKER)

    def _message(self, text: str, *, error: bool = False) -> None:
        message = self.query_one("#settings-message", Static)
        message.update(Content(visible_line(text)))
        message.set_class(error, "-error")

    def _stop_editing(self) -> None:
        self.query_one(Input).remove_class("-editing")
        self.query_one(DataTable).focus()

    def action_close(self) -> None:
        """Stop editing, or go back to the deck list."""
        if self.query_one(Input).has_class("-editing"):
            self._stop_editing()
            self._message(self._hint())
            return
        self.dismiss()
