"""``quiz class report``: what an instructor learns from the class, as a table for the
terminal, JSON, CSV or one HTML file (``--format``), on standard output or in a file
(``-o FILE``). The figures are made by :mod:`quiz.server.report`."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from quiz.progress.errors import StoreError
from quiz.safe_text import json_text, visible_line

if TYPE_CHECKING:
    from quiz.server.report.shape import Report

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
FORMATS = ("table", "json", "csv", "html")


def add_report_parser(actions: argparse._SubParsersAction, parents: list) -> None:
    """Register ``quiz class report``."""
    report = actions.add_parser(
        "report",
        parents=parents,
        help="what the class knows and misses: cards to look at, students at risk (instructors)",
        description="The class report: cards to look at first, every card's figures, answers "
        "students overruled, decks and topics, students at risk first.",
    )
    report.add_argument("--deck", metavar="ID", help="only this deck (default: every deck)")
    report.add_argument("--format", choices=FORMATS, default="table", help="default: table")
    report.add_argument(
        "-o", "--output", type=Path, metavar="FILE", help="write to FILE instead of the terminal"
    )


def render(report: Report, form: str) -> str:
    """The report in ``form`` (one of :data:`FORMATS`)."""
    if form == "json":
        return json_text(report, indent=2) + "\n"
    if form == "csv":
        from quiz.server.report.csv_out import report_csv

        return report_csv(report) + "\n"
    if form == "html":
        from quiz.server.report.html_out import report_html

        return report_html(report)
    from quiz.server.report.text_table import report_text

    return report_text(report)


def class_report(url: str, deck: str | None, now: datetime | None = None) -> Report:
    """The class report of ``url``'s class database; ``LookupError`` for a deck the class
    neither publishes nor studies (its message lists those it does)."""
    from quiz.progress.postgres_report import read_rows
    from quiz.server.report.build import build_report
    from quiz.server.report.decks import published_items

    moment = int((now or datetime.now(UTC)).timestamp())
    rows = read_rows(url, moment, deck)
    published = published_items(rows.published)
    if (
        deck is not None
        and deck not in {d for d, _, _ in rows.published}
        and not (rows.items or rows.item_backlog)
    ):
        known = sorted({d for d, _, _ in rows.published})
        listed = ", ".join(known) if known else "none is published yet"
        raise LookupError(f"no deck {deck!r} in this class (published: {listed})")
    return build_report(rows, published)


def run_report(url: str, args: argparse.Namespace) -> int:
    """Make the report and print or write it; the exit code."""
    try:
        report = class_report(url, args.deck)
    except LookupError as error:
        print(f"quiz class report: {visible_line(str(error.args[0]))}", file=sys.stderr)
        return EXIT_USAGE
    except StoreError as error:
        print(f"quiz class report: {visible_line(str(error))}", file=sys.stderr)
        return EXIT_FAILED
    text = render(report, args.format)
    if args.output is None:
        sys.stdout.write(text)
        return EXIT_OK
    try:
        args.output.write_text(text, encoding="utf-8")
    except OSError as error:
        reason = error.strerror or str(error)
        print(f"quiz class report: cannot write {visible_line(str(args.output))}: {reason}",
              file=sys.stderr)  # fmt: skip
        return EXIT_FAILED
    print(f"Wrote the class report to {visible_line(str(args.output))}", file=sys.stderr)
    return EXIT_OK
