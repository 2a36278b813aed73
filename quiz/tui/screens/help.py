"""Every key of every screen, how to answer each card type, and where data is kept."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from quiz.safe_text import visible_line
from quiz.tui.widgets.key_bar import KeyBar
from quiz.tui.widgets.key_table import KeyTable

if TYPE_CHECKING:
    from quiz.tui.library import Library

AFTER_AN_ANSWER = [
    ("after an answer", "1-4 rates it and shows the next card, as in Anki;"),
    ("", "enter or space saves the suggested rating (highlighted)"),
]


def binding_rows(
    app_key_display: Callable[[Binding], str], bindings: list[BindingType]
) -> list[tuple[str, str]]:
    """``(keys, description)`` rows for a BINDINGS list; keys of one action are merged."""
    rows: dict[str, list[str]] = {}
    for binding in Binding.make_bindings(bindings):
        if not binding.description or binding.system:
            continue
        label = binding.group.description if binding.group else binding.description
        keys = rows.setdefault(label, [])
        key = app_key_display(binding)
        if key not in keys:
            keys.append(key)
    out = []
    for label, keys in rows.items():
        if len(keys) > 3 and all(len(key) == 1 for key in keys):
            out.append((f"{keys[0]}-{keys[-1]}", label))
        else:
            out.append((" / ".join(keys), label))
    return out


def answering_rows() -> list[tuple[str, str]]:
    """How to answer each card kind, then what to do after an answer."""
    from quiz.tui.kinds.registry import TUI_KINDS

    return [(kind.label, kind.how_to_answer) for kind in TUI_KINDS] + AFTER_AN_ANSWER


class HelpScreen(ModalScreen[None]):
    """The keys of every screen, read from their bindings, and the data folders."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "close", "Close help", id="help.close")
    ]

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box", classes="dialog"):
            yield Static(
                Content.assemble(("quiz — keys", "bold $text-accent")), classes="dialog-title"
            )
            for title, bindings in self._sections():
                yield Static(Content.assemble((title, "bold")), classes="heading")
                yield self._table(bindings)
            if not self.library.instructor:
                yield Static(Content.assemble(("Answering", "bold")), classes="heading")
                yield KeyTable(answering_rows(), "bold", classes="help-keys")
            yield Static(Content.assemble(("Your data", "bold")), classes="heading")
            yield self._folders()
        yield KeyBar()

    def _sections(self) -> list[tuple[str, list[BindingType]]]:
        from quiz.tui.kinds.registry import answer_keys
        from quiz.tui.screens.browse import BrowseScreen
        from quiz.tui.screens.card import CardScreen
        from quiz.tui.screens.decks import DecksScreen
        from quiz.tui.screens.settings import SettingsScreen
        from quiz.tui.screens.stats import StatsScreen
        from quiz.tui.screens.study import StudyScreen
        from quiz.tui.screens.summary import SummaryScreen
        from quiz.tui.widgets.card_table import CardTable
        from quiz.tui.widgets.deck_table import DeckTable

        everywhere: list[BindingType] = [
            *self.app.BINDINGS,
            Binding(self.app.COMMAND_PALETTE_BINDING, "command_palette", "Command palette"),
        ]
        if self.library.instructor:  # the class report is all an instructor's app shows
            from quiz.tui.screens.class_report import ClassReportScreen

            return [("Everywhere", everywhere), ("Class report", ClassReportScreen.BINDINGS)]
        return [
            ("Everywhere", everywhere),
            ("Decks", [*DeckTable.BINDINGS, *DecksScreen.BINDINGS]),
            ("Study", [*StudyScreen.BINDINGS, *answer_keys()]),
            ("Summary", SummaryScreen.BINDINGS),
            ("Statistics", StatsScreen.BINDINGS),
            ("Browse", [*CardTable.BINDINGS, *BrowseScreen.BINDINGS]),
            ("Card", CardScreen.BINDINGS),
            ("Settings", SettingsScreen.BINDINGS),
        ]

    def _table(self, bindings: list[BindingType]) -> KeyTable:
        rows = binding_rows(self.app.get_key_display, bindings)
        return KeyTable(rows, "bold $text-accent", classes="help-keys")

    def _folders(self) -> KeyTable:
        library = self.library
        if library.deck_paths is None:
            decks = "the bundled decks and your own deck folder"
        else:
            decks = ", ".join(str(path) for path in library.deck_paths)
        rows = [
            ("Data folder", str(library.data_dir)),
            ("Progress", str(library.database_path)),
            ("Your decks", f"{library.user_decks_dir}  (*.yaml or *.yml, loaded at start)"),
            ("Studying", decks),
        ]
        rows = [(label, visible_line(value)) for label, value in rows]
        return KeyTable(rows, "bold", id="help-folders", classes="help-keys")

    def action_close(self) -> None:
        """Back to where help was opened."""
        self.dismiss()
