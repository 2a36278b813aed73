"""The class report in the app, for an instructor (``quiz --db URL`` with an instructor's
URL opens on it): the cards to look at first, then every card, the answers students
overruled, decks and topics, and the students, at risk first.

The report is read and built in a worker thread (:func:`quiz.cli.class_report.class_report`,
the same figures as ``quiz class report``), so the screen takes keys meanwhile.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, TabbedContent, TabPane
from textual.worker import Worker, WorkerState

from quiz.progress.errors import StoreError
from quiz.tui.text import local_time
from quiz.tui.widgets.key_bar import KeyBar
from quiz.tui.widgets.report_notes import Note, ReportNotes
from quiz.tui.widgets.report_table import ReportColumn, ReportTable
from quiz.tui.widgets.title_bar import TitleBar
from quiz.tui.workers import run_in_thread

if TYPE_CHECKING:
    from quiz.server.report.shape import ItemReport, Report
    from quiz.tui.library import Library

REPORT_WORKER = "class report"
SHORT_HEIGHT = 24
CARD_COLUMNS = (
    ReportColumn("Card", numeric=False, flexible=True),
    ReportColumn("Seen"),
    ReportColumn("1st ok"),
    ReportColumn("Discr"),
    ReportColumn("Rating", drop_order=3),
    ReportColumn("Lapse", drop_order=2),
    ReportColumn("Due", drop_order=4),
    ReportColumn("Leech", drop_order=1),
)
TOPIC_COLUMNS = (
    ReportColumn("Deck / tag", numeric=False, flexible=True),
    ReportColumn("Items", drop_order=2),
    ReportColumn("Reviews", drop_order=1),
    ReportColumn("Retain"),
    ReportColumn("Due"),
    ReportColumn("Leech", drop_order=3),
)
STUDENT_COLUMNS = (
    ReportColumn("Student", numeric=False),
    ReportColumn("/day", drop_order=2),
    ReportColumn("Due"),
    ReportColumn("Retain", drop_order=1),
    ReportColumn("Idle"),
    ReportColumn("At risk", numeric=False, flexible=True),
)


def card_key(item: ItemReport) -> str:
    """A row key for an item: its deck and item ids."""
    return f"{item['deck_id']}\x1f{item['item_id']}"


class ClassReportScreen(Screen[None]):
    """The class report, a tab for each part; the Cards tab shows the highlighted card's
    options and figures under its table."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "app.quit", "Quit", id="report.quit"),
        Binding("r", "refresh", "Refresh", id="report.refresh"),
        Binding("d", "next_deck", "Deck", id="report.next-deck"),
        Binding("1", "show_tab('tab-look-at')", "To look at", show=False, id="report.tab-look-at"),
        Binding("2", "show_tab('tab-cards')", "Cards", show=False, id="report.tab-cards"),
        Binding(
            "3", "show_tab('tab-overruled')", "Overruled", show=False, id="report.tab-overruled"
        ),
        Binding("4", "show_tab('tab-topics')", "Topics", show=False, id="report.tab-topics"),
        Binding("5", "show_tab('tab-students')", "Students", show=False, id="report.tab-students"),
    ]

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library
        self.deck: str | None = None  # None: every deck
        self.report: Report | None = None
        self._decks: list[str] = []  # the decks the report found, for ``d``

    def compose(self) -> ComposeResult:
        yield TitleBar("Class report", "reading…", id="report-title")
        with TabbedContent(initial="tab-look-at", id="report-tabs"):
            with TabPane("1 To look at", id="tab-look-at"):
                yield ReportNotes("Reading the class's reviews…", id="look-at-notes")
            with TabPane("2 Cards", id="tab-cards"), Vertical():
                yield ReportTable(CARD_COLUMNS, min_flexible=18, id="report-cards")
                yield ReportNotes("", id="card-detail")
            with TabPane("3 Overruled", id="tab-overruled"):
                yield ReportNotes("", id="overruled-notes")
            with TabPane("4 Topics", id="tab-topics"):
                yield ReportTable(TOPIC_COLUMNS, id="report-topics")
            with TabPane("5 Students", id="tab-students"):
                yield ReportTable(STUDENT_COLUMNS, min_flexible=24, id="report-students")
        yield KeyBar()

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.height < SHORT_HEIGHT, "-short")

    def on_mount(self) -> None:
        self.action_refresh()
        self.query_one("#look-at-notes", ReportNotes).focus()

    def action_refresh(self) -> None:
        """Read the report again, as of now, in a worker thread."""
        self.query_one(TitleBar).set_status("reading…")
        run_in_thread(self, self._read, REPORT_WORKER)

    def _read(self) -> Report:
        from quiz.cli.class_report import class_report

        location = self.library.store_location
        return class_report(str(location), self.deck, self.library.now())

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.name != REPORT_WORKER:
            return
        if event.state == WorkerState.SUCCESS and worker.result is not None:
            self.show_report(worker.result)
        elif event.state == WorkerState.ERROR:
            if not isinstance(worker.error, (StoreError, LookupError)):
                raise worker.error or RuntimeError("the report failed")  # a fault in the code
            self.notify(str(worker.error), title="Could not read the class", severity="error")
            self.query_one(TitleBar).set_status("")

    def action_next_deck(self) -> None:
        """Report on the next deck, then on every deck again."""
        if not self._decks:
            return
        choices: list[str | None] = [None, *self._decks]
        self.deck = choices[(choices.index(self.deck) + 1) % len(choices)]
        self.action_refresh()

    def action_show_tab(self, tab: str) -> None:
        """Show one part of the report, its table or notes focused."""
        self.query_one(TabbedContent).active = tab
        pane = self.query_one(f"#{tab}", TabPane)
        target = pane.query(ReportTable).first() if pane.query(ReportTable) else None
        (target or pane.query_one(ReportNotes)).focus()

    def show_report(self, report: Report) -> None:
        """Fill every tab from ``report``."""
        self.report = report
        if report["deck"] is None:
            self._decks = sorted({item["deck_id"] for item in report["items"]})
        scope = report["deck"] or "every deck"
        self.query_one(TitleBar).set_status(
            f"{scope} · {report['students_total']} students · as of "
            f"{local_time(self.library.now())}"
        )
        self._show_look_at(report)
        self._show_cards(report)
        self._show_overruled(report)
        self._show_topics(report)
        self._show_students(report)

    def _show_look_at(self, report: Report) -> None:
        notes: list[Note] = [
            (f"{card['deck_id']} / {card['item_id']}",
             ([card["prompt"]] if card["prompt"] else []) + [f"• {r}" for r in card["reasons"]])
            for card in report["cards_to_look_at"]
        ]  # fmt: skip
        self.query_one("#look-at-notes", ReportNotes).show_notes(
            f"{len(notes)} card{'' if len(notes) == 1 else 's'} to look at: "
            f"{report['rules']['cards_to_look_at']}.",
            notes,
            "No card meets these.",
        )

    def _show_cards(self, report: Report) -> None:
        from quiz.server.report.text_table import item_cells

        flagged = {(c["deck_id"], c["item_id"]) for c in report["cards_to_look_at"]}
        items = sorted(report["items"], key=lambda i: (i["deck_id"], i["item_id"]) not in flagged)
        several = len({item["deck_id"] for item in items}) > 1
        rows = []
        for item in items:
            marked = (item["deck_id"], item["item_id"]) in flagged
            cells = item_cells(item)
            name = f"{item['deck_id']}/{cells[0]}" if several else cells[0]
            cells = [
                ("! " if marked else "") + name,
                *cells[1:3],
                cells[5],
                *cells[3:5],
                *cells[6:],
            ]
            rows.append((card_key(item), cells, marked))
        self.query_one("#report-cards", ReportTable).show_rows(rows)
        self.show_card_detail()

    def show_card_detail(self) -> None:
        """Under the cards table: the highlighted card's prompt, options and their picks."""
        report = self.report
        key = self.query_one("#report-cards", ReportTable).selected_key
        detail = self.query_one("#card-detail", ReportNotes)
        item = next((i for i in report["items"] if card_key(i) == key), None) if report else None
        if item is None:
            detail.show_notes("", [], "")
            return
        lines = [item["prompt"] or "(not in a published deck)"]
        for choice in item["choices"] or []:
            mark = "✓" if choice["correct"] else "✗"
            lines.append(
                f"{mark} {choice['index'] + 1}. {choice['picks']:>4} picks  {choice['text']}"
            )
        detail.show_notes("", [(f"{item['deck_id']} / {item['item_id']}", lines)], "")

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "report-cards":
            self.show_card_detail()

    def _show_overruled(self, report: Report) -> None:
        notes: list[Note] = []
        for card in report["overruled"]:
            lines = [card["prompt"]] if card["prompt"] else []
            lines.append("accepted now: " + "; ".join(card["accepted"]))
            for answer in card["answers"]:
                s = "s" if answer["students"] != 1 else ""
                lines.append(f"+ {answer['text']}   ({answer['students']} student{s}, "
                             f"{answer['times']}×)")  # fmt: skip
            if card["answers_line"]:
                lines.append(f"to accept them all: {card['answers_line']}")
            notes.append((f"{card['deck_id']} / {card['item_id']}", lines))
        self.query_one("#overruled-notes", ReportNotes).show_notes(
            'Answers students said were right ("I was right"), to add to the cards\' '
            "accepted answers:",
            notes,
            "None yet.",
        )

    def _show_topics(self, report: Report) -> None:
        from quiz.server.report.text_table import number

        rows = []
        for topic in report["topics"]:
            name = topic["deck_id"] if topic["tag"] is None else f"  #{topic['tag']}"
            cells = [name, number(topic["items"]), number(topic["window_reviews"]),
                     number(topic["retention_percent"], "%"), number(topic["backlog"]),
                     number(topic["leeches"])]  # fmt: skip
            rows.append(
                (f"{topic['deck_id']}\x1f{topic['tag'] or ''}", cells, topic["tag"] is None)
            )
        self.query_one("#report-topics", ReportTable).show_rows(rows)

    def _show_students(self, report: Report) -> None:
        from quiz.server.report.text_table import student_cells

        rows = [
            (student["name"], student_cells(student), student["at_risk"])
            for student in report["students"]
        ]
        self.query_one("#report-students", ReportTable).show_rows(rows)
