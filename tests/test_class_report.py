"""The class report on a real class database: a small class with known answers
(:mod:`class_report_support`), every figure checked, every format, every refusal."""

from __future__ import annotations

import csv
import io
import json
import re
import statistics
from collections.abc import Iterator
from pathlib import Path

import pytest
from class_report_support import ANSWERS, DECK_ID, NOW, KnownClass, make_known_class
from postgres_server import PostgresServer

from quiz.cli.class_report import class_report
from quiz.cli.main import main
from quiz.paths import choose_database
from quiz.server.report.items import choice_picks, discriminations, distractor_over_answer
from quiz.server.report.shape import ItemReport, Report


@pytest.fixture(autouse=True)
def no_chosen_database() -> Iterator[None]:
    yield
    choose_database(None)


@pytest.fixture(scope="module")
def known_class(postgres_server: PostgresServer) -> KnownClass:
    return make_known_class(postgres_server)


@pytest.fixture(scope="module")
def report(known_class: KnownClass) -> Report:
    return class_report(known_class.instructor, None, NOW)


def item(report: Report, item_id: str) -> ItemReport:
    return next(i for i in report["items"] if (i["deck_id"], i["item_id"]) == (DECK_ID, item_id))


def first_try_matrix() -> dict[str, dict[str, int]]:
    """Each student's first try of each item, from the answers as written (not the report)."""
    matrix: dict[str, dict[str, int]] = {}
    for student, answers in ANSWERS.items():
        for answer in answers:
            right = answer.correct if answer.correct is not None else answer.rating != 1
            matrix.setdefault(student, {}).setdefault(answer.item, int(bool(right)))
    return matrix


def rest_score_correlation(item_id: str) -> float:
    xs, ys = [], []
    for tries in first_try_matrix().values():
        others = [v for k, v in tries.items() if k != item_id]
        xs.append(tries[item_id])
        ys.append(sum(others) / len(others))
    return statistics.correlation(xs, ys)


def test_each_cards_first_try_rating_lapses_backlog_and_leeches(report: Report) -> None:
    choice = item(report, "choice")
    assert (choice["students"], choice["reviews"]) == (6, 7)
    assert choice["first_try_correct_percent"] == 33.3  # 2 of 6
    assert choice["mean_rating"] == 1.57  # (1+1+1+3+3+1+1) / 7
    assert (choice["lapses"], choice["leeches"], choice["backlog"]) == (1, 1, 4)
    assert item(report, "typed")["first_try_correct_percent"] == 83.3  # overruled count right
    assert item(report, "b3")["first_try_correct_percent"] == 50.0  # reveals: Again is wrong
    assert item(report, "b3")["backlog"] == 4  # s1 suspended it, s3 has it due later
    assert [i["item_id"] for i in report["items"]] == ["choice", "typed", "b1", "b2", "b3"]


def test_discrimination_is_the_rest_score_point_biserial(report: Report) -> None:
    choice = item(report, "choice")
    expected = rest_score_correlation("choice")
    assert expected < 0  # the strong students miss it
    assert choice["discrimination"] == round(expected, 3)
    assert choice["discrimination_students"] == 6
    typed = item(report, "typed")
    assert typed["discrimination"] == round(rest_score_correlation("typed"), 3) > 0


def test_discrimination_is_not_shown_for_fewer_than_five_students() -> None:
    marks = ["111", "110", "010", "001", "100"]  # items a, b, c of five students
    tries = [
        (f"s{n}", "d", i, m == "1")
        for n, row in enumerate(marks)
        for i, m in zip("abc", row, strict=True)
    ]
    four = [t for t in tries if t[0] != "s4"]
    assert discriminations(four)[("d", "a")] == (None, 4)
    value, over = discriminations(tries)[("d", "a")]
    assert over == 5 and value == round(
        statistics.correlation([1, 1, 0, 0, 1], [1, 0.5, 0.5, 0.5, 0]), 3
    )


def test_every_option_of_a_choice_card_is_counted_over_every_answer(report: Report) -> None:
    choice = item(report, "choice")
    assert choice["choice_answers"] == 7
    assert [(c["index"], c["correct"], c["picks"]) for c in choice["choices"] or []] == [
        (0, True, 2), (1, False, 4), (2, False, 1),
    ]  # fmt: skip
    assert item(report, "typed")["choices"] is None


def test_overruled_answers_are_grouped_by_card_beside_what_it_accepts(report: Report) -> None:
    assert len(report["overruled"]) == 1
    card = report["overruled"][0]
    assert (card["item_id"], card["card_id"], card["accepted"]) == ("typed", "typed", ["CD19"])
    assert [(a["text"], a["students"], a["times"]) for a in card["answers"]] == [
        ("CD-19", 2, 2), ("cd 19", 1, 1),
    ]  # fmt: skip
    assert card["answers_line"] == 'answers: ["CD19", "CD-19", "cd 19"]'


def test_cards_to_look_at_name_each_threshold_met(report: Report) -> None:
    assert [c["item_id"] for c in report["cards_to_look_at"]] == ["choice"]
    reasons = report["cards_to_look_at"][0]["reasons"]
    assert reasons[0] == "first-try correct 33.3% (below 40%)"
    assert reasons[1].startswith("discrimination -0.86 (below 0)")
    assert reasons[2] == "wrong option 2 picked 4 times, right option 1 2 times"


def test_decks_and_tags_sum_retention_backlog_and_leeches(report: Report) -> None:
    topics = {(t["deck_id"], t["tag"]): t for t in report["topics"]}
    deck = topics[(DECK_ID, None)]
    # in review within 30 days: s0 choice (Again), s0 b1 (Good), s4 typed (Good)
    assert (deck["window_reviews"], deck["retention_percent"]) == (3, 66.7)
    assert (deck["items"], deck["backlog"], deck["leeches"]) == (5, 22, 1)
    assert topics[(DECK_ID, "car")]["retention_percent"] == 50.0
    assert topics[(DECK_ID, "basics")]["retention_percent"] == 100.0
    assert next(iter(topics)) == (DECK_ID, None)


def test_students_at_risk_come_first_by_the_rule_stated(
    report: Report, known_class: KnownClass
) -> None:
    mine = {role: name for name, role in known_class.roles.items()}
    students = [s for s in report["students"] if s["name"] in mine]
    assert [mine[s["name"]] for s in students] == ["s6", "s4", "s5", "s1", "s2", "s3", "s0"]
    by_name = {mine[s["name"]]: s for s in students}
    assert by_name["s6"]["why"] == ["never studied"]
    assert by_name["s6"]["days_since_last_study"] is None
    assert by_name["s4"]["why"] == ["not studied for 9 days"]  # last: 10 days less an hour
    assert [by_name[s]["at_risk"] for s in ("s5", "s1", "s0")] == [True, False, False]
    assert by_name["s0"]["retention_percent"] == 50.0
    assert by_name["s0"]["backlog"] == 3  # choice and b1 were reviewed again an hour ago
    assert by_name["s0"]["reviews_per_day"] == round(7 / 30, 1)
    assert "7 days" in report["rules"]["at_risk"]


def run_report(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["class", "report", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_table_fits_80_columns_and_shows_deck_text_as_it_is(
    known_class: KnownClass, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run_report(capsys, "--db", known_class.instructor)
    assert code == 0
    assert max(len(line) for line in out.splitlines()) <= 80
    assert "Which antigen does the [bold]first[/] approved CAR-T target?" in out
    assert out.index("Cards to look at") < out.index("Every card")
    assert "  + CD-19  (2 students, 2x)" in out
    assert '    answers: ["CD19", "CD-19", "cd 19"]' in out


def test_json_has_the_documented_shape(
    known_class: KnownClass, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "report.json"
    code, _, err = run_report(capsys, "--db", known_class.instructor, "--format", "json",
                              "-o", str(target))  # fmt: skip
    assert code == 0 and "report.json" in err
    document = json.loads(target.read_text(encoding="utf-8"))
    assert set(document) == set(Report.__annotations__)
    assert set(document["items"][0]) == set(ItemReport.__annotations__)
    choice = next(i for i in document["items"] if i["item_id"] == "choice")
    assert [c["picks"] for c in choice["choices"]] == [2, 4, 1]


def test_csv_tables_and_no_formula_from_a_deck(
    known_class: KnownClass, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run_report(capsys, "--db", known_class.instructor, "--deck", DECK_ID,
                              "--format", "csv")  # fmt: skip
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    names = [r[0] for i, r in enumerate(rows) if len(r) == 1 and (i == 0 or rows[i - 1] == [])]
    assert names == ["cards", "options", "cards to look at", "overruled", "topics", "students",
                     "days"]  # fmt: skip
    options = rows[rows.index(["options"]) + 2 : rows.index(["options"]) + 5]
    assert [(r[3], r[5]) for r in options] == [("CD19", "2"), ("<script>alert(1)</script>", "4"),
                                               ("'=HYPERLINK(1)", "1")]  # fmt: skip


def test_html_is_one_file_with_charts_and_nothing_from_outside(
    known_class: KnownClass, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "report.html"
    code, _, _ = run_report(capsys, "--db", known_class.instructor, "--format", "html",
                            "-o", str(target))  # fmt: skip
    assert code == 0
    page = target.read_text(encoding="utf-8")
    assert page.count("<svg") >= 4
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert not re.search(r"<script|https?:|src=|href=|url\(|@import|<link|<img", page, re.I)
    assert "[bold]first[/]" in page


def test_refusals_each_say_why(
    known_class: KnownClass, capsys: pytest.CaptureFixture[str], postgres_server: PostgresServer
) -> None:
    code, _, err = run_report(capsys, "--db", known_class.students["s0"])
    assert code == 1 and "does not log in as an instructor" in err and "--instructor" in err
    code, _, err = run_report(capsys, "--db", known_class.instructor, "--deck", "nope")
    assert code == 2 and "no deck 'nope'" in err and DECK_ID in err
    code, _, err = run_report(capsys)
    assert code == 2 and "--db URL" in err
    missing = postgres_server.url(database="no_such_class")
    code, _, err = run_report(capsys, "--db", missing)
    assert code == 1 and "no_such_class" in err and "Traceback" not in err


def test_a_multi_cards_distractor_is_weighed_against_its_least_picked_right_option() -> None:
    options = [("CD28", True), ("4-1BB", True), ("CD19", False), ("BCMA", False)]
    answers = [('{"type":"choice","picked":[0,1]}', 3), ('{"type":"choice","picked":[0,2]}', 4),
               ('{"type":"reveal"}', 9), ("not json", 1)]  # fmt: skip
    choices, counted = choice_picks(answers, options)
    assert counted == 7 and [c["picks"] for c in choices] == [7, 3, 4, 0]
    worst = distractor_over_answer(choices)
    assert worst is not None and worst["text"] == "CD19"  # 4 picks, more than 4-1BB's 3
    choices[1]["picks"] = 4
    assert distractor_over_answer(choices) is None  # as often is not more often
