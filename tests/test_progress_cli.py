"""`quiz stats`, `quiz export-progress` and `quiz reset`: called directly and as commands."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from progress_cli_fixtures import NOW

from quiz.cli.progress import CSV_COLUMNS, describe_due, run_export, run_stats
from quiz.deck.model import Deck
from quiz.paths import database_path

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = Path(__file__).parent / "fixtures" / "core" / "core-deck.yaml"


def corrupt(data_dir: Path) -> Path:
    path = database_path(data_dir)
    path.write_bytes(b"this is not a database\n" * 50)
    return path


# -- stats -------------------------------------------------------------------------------------


def test_stats_json(studied: Path, decks: list[Deck], capsys: pytest.CaptureFixture[str]) -> None:
    assert run_stats(studied, decks, None, "json", NOW) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["as_of"] == NOW.isoformat().replace("+00:00", "Z")
    core, other = document["decks"]
    assert core["deck_id"] == "core-deck"
    assert (core["new"], core["learning"], core["review"]) == (3, 4, 0)
    assert core["reviews_30d"] == 4
    assert core["due_today"] == 4
    assert core["retention_30d"] is None
    assert core["next_due"] == (NOW + timedelta(minutes=1)).isoformat().replace("+00:00", "Z")
    assert len(core["reviews_per_day"]) == 30 and core["reviews_per_day"][-1] == 4
    assert len(core["due_forecast"]) == 30
    assert (other["review"], other["reviews_30d"]) == (1, 1)
    assert document["overall"]["reviews_30d"] == 5
    assert document["overall"]["deck_id"] == "*"


def test_stats_for_one_deck(
    studied: Path, decks: list[Deck], capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_stats(studied, decks, "other-deck", "json", NOW) == 0
    document = json.loads(capsys.readouterr().out)
    assert [deck["deck_id"] for deck in document["decks"]] == ["other-deck"]


def test_stats_table(studied: Path, decks: list[Deck], capsys: pytest.CaptureFixture[str]) -> None:
    assert run_stats(studied, decks, None, "table", NOW) == 0
    out = capsys.readouterr().out
    soon = describe_due(NOW + timedelta(minutes=1), NOW)
    for text in (
        "CAR-T essentials",
        "core-deck",
        "Other deck",
        "All decks",
        "Unseen",
        "Recall",
        soon,
    ):
        assert text in out


def test_stats_table_at_80_columns(
    studied: Path, decks: list[Deck], capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    """Each deck on one line of at most 80 columns, named by its id, its next due time whole
    and relative."""
    monkeypatch.setenv("COLUMNS", "80")
    assert run_stats(studied, decks, None, "table", NOW) == 0
    lines = capsys.readouterr().out.splitlines()
    assert max(len(line) for line in lines) <= 80
    soon = describe_due(NOW + timedelta(minutes=1), NOW)
    for title in ("core-deck", "other-deck", "All decks"):
        row = [line for line in lines if title in line]
        assert len(row) == 1, lines
    assert any(line.rstrip().endswith(soon) for line in lines), lines


def test_stats_table_names_decks_by_title_and_id_when_wide(
    studied: Path, decks: list[Deck], capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    monkeypatch.setenv("COLUMNS", "120")
    assert run_stats(studied, decks, None, "table", NOW) == 0
    lines = capsys.readouterr().out.splitlines()
    assert max(len(line) for line in lines) <= 120
    assert any("Next due" in line for line in lines), lines
    row = [line for line in lines if "CAR-T essentials" in line]
    assert len(row) == 1 and "core-deck" in row[0], lines


def test_stats_of_an_unknown_deck(
    studied: Path, decks: list[Deck], capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_stats(studied, decks, "nope", "table", NOW) == 2, "a usage error"
    err = capsys.readouterr().err
    assert "no deck with id 'nope'" in err and "core-deck" in err


def test_stats_on_a_corrupt_database(
    data_dir: Path, decks: list[Deck], capsys: pytest.CaptureFixture[str]
) -> None:
    path = corrupt(data_dir)
    assert run_stats(data_dir, decks, None, "table", NOW) == 1
    captured = capsys.readouterr()
    assert str(path) in captured.err
    assert "Traceback" not in captured.err
    assert captured.out == ""


def test_describe_due() -> None:
    assert describe_due(None, NOW) == "–", "the dash the app shows"
    assert describe_due(NOW - timedelta(minutes=1), NOW) == "now"
    assert describe_due(NOW + timedelta(days=2), NOW) == "in 2 days"
    assert describe_due(NOW + timedelta(minutes=10), NOW) == "in 10 min"


# -- export ------------------------------------------------------------------------------------


def test_export_csv_to_stdout(studied: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_export(studied, "csv", None, NOW) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == 5
    first, second, third, fourth, last = rows
    assert (first["deck_id"], first["item_id"], first["rating_name"]) == (
        "core-deck",
        "car-definition",
        "good",
    )
    assert first["correct"] == ""  # self-rated
    assert (second["correct"], third["correct"]) == ("true", "false")
    assert first["kind"] == "new" and first["state_after"] == "learning"
    assert first["reviewed_at"] == NOW.isoformat().replace("+00:00", "Z")
    assert json.loads(third["response"]) == {"type": "choice", "picked": [2]}
    assert json.loads(fourth["response"]) == {"type": "true_false", "value": False}
    assert (last["deck_id"], last["rating"], last["duration_ms"]) == ("other-deck", "4", "900")


def test_export_json_to_a_file(
    studied: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "export.json"
    assert run_export(studied, "json", output, NOW) == 0
    assert f"Exported 5 reviews to {output}" in capsys.readouterr().err
    document = json.loads(output.read_text(encoding="utf-8"))
    assert document["format"] == "quiz-progress" and document["version"] == 1
    reviews = document["reviews"]
    assert [r["review_id"] for r in reviews] == sorted(r["review_id"] for r in reviews)
    first = reviews[0]
    assert first["state_before"] is None
    assert first["state_after"]["state"] == "learning"
    assert first["response"] == {"type": "reveal"}
    assert reviews[1]["response"] == {"type": "choice", "picked": [0]}
    assert reviews[1]["correct"] is True
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".export")] == []


def test_export_of_an_empty_log(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_export(data_dir, "json", None, NOW) == 0
    assert json.loads(capsys.readouterr().out)["reviews"] == []
    assert run_export(data_dir, "csv", None, NOW) == 0
    assert capsys.readouterr().out.strip() == ",".join(CSV_COLUMNS)


def test_export_to_a_missing_folder(
    studied: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "no" / "such" / "out.csv"
    assert run_export(studied, "csv", output, NOW) == 1
    err = capsys.readouterr().err
    assert str(output) in err and "cannot write" in err
    assert not output.exists()


def test_export_from_a_corrupt_database(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = corrupt(data_dir)
    assert run_export(data_dir, "csv", None, NOW) == 1
    assert str(path) in capsys.readouterr().err


# -- reset -------------------------------------------------------------------------------------


def quiz(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    command = (
        ["uv", "run", "--quiet", "quiz"] if shutil.which("uv") else [sys.executable, "-m", "quiz"]
    )
    env = {key: value for key, value in os.environ.items() if key != "QUIZ_HOME"}
    return subprocess.run(
        [*command, *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_commands_end_to_end(studied: Path, tmp_path: Path) -> None:
    home = str(studied)
    stats = quiz("--data-dir", home, "stats", "--deck", "core-deck", "--format", "json")
    assert stats.returncode == 0, stats.stderr
    [core] = json.loads(stats.stdout)["decks"]
    assert (core["deck_id"], core["reviews_30d"]) == ("core-deck", 4)

    table = quiz("--data-dir", home, "stats")
    assert table.returncode == 0, table.stderr
    assert "CAR-T essentials" in table.stdout

    export = quiz("--data-dir", home, "export-progress", "--format", "csv")
    assert export.returncode == 0, export.stderr
    assert len(list(csv.DictReader(io.StringIO(export.stdout)))) == 5

    output = tmp_path / "log.json"
    to_file = quiz(
        "--data-dir", home, "export-progress", "--format", "json", "--output", str(output)
    )
    assert to_file.returncode == 0, to_file.stderr
    assert len(json.loads(output.read_text(encoding="utf-8"))["reviews"]) == 5

    refused = quiz("--data-dir", home, "reset", "--deck", "core-deck", stdin="y\n")
    assert refused.returncode == 1  # standard input is not a terminal: nothing is reset
    assert "--yes" in refused.stderr

    reset = quiz("--data-dir", home, "reset", "--deck", "core-deck", "--yes")
    assert reset.returncode == 0, reset.stderr
    assert "Backup of the previous progress" in reset.stdout
    after = quiz("--data-dir", home, "stats", "--deck", "core-deck", "--format", "json")
    assert json.loads(after.stdout)["decks"][0]["reviews_30d"] == 0


def test_commands_refuse_a_corrupt_database_without_a_traceback(data_dir: Path) -> None:
    path = corrupt(data_dir)
    before = path.read_bytes()
    for args in (
        ["stats"],
        ["export-progress", "--format", "json"],
        ["reset", "--deck", "core-deck", "--yes"],
    ):
        result = quiz("--data-dir", str(data_dir), *args)
        assert result.returncode == 1, args
        assert str(path) in result.stderr
        assert "Traceback" not in result.stderr
    assert path.read_bytes() == before


@pytest.mark.parametrize("command", [["stats"], ["export-progress", "--format", "csv"]])
def test_a_read_only_command_never_creates_a_mistyped_data_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    from quiz.cli.main import main

    mistyped = tmp_path / "nonexist"
    assert main(["--data-dir", str(mistyped), *command]) == 1
    assert "no progress is recorded yet" in capsys.readouterr().err
    assert not mistyped.exists()
