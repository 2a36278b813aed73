"""``quiz serve`` as a command: its refusals, and the time zone its study apps run in."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from quiz.cli.main import main
from quiz.server.app_service import student_environment
from quiz.server.sessions import Session
from quiz.server.time_zones import checked_zone

REPO = Path(__file__).resolve().parent.parent
WITHOUT_EXTRA = (
    "import sys; sys.modules['textual_serve'] = None; from quiz.cli.main import main; "
    "sys.exit(main(['serve', '--db', 'postgresql://x@127.0.0.1:1/class']))"
)
STUDY_DAY = (
    "from datetime import datetime, UTC; from quiz.study.study_day import study_day_bounds; "
    "start, end = study_day_bounds(datetime(2026, 3, 10, 12, 0, tzinfo=UTC), 4); "
    "print(start.isoformat(), end.isoformat())"
)


def test_without_the_server_extra_it_names_the_extra() -> None:
    done = subprocess.run(
        [sys.executable, "-c", WITHOUT_EXTRA], capture_output=True, text=True, cwd=REPO
    )
    assert done.returncode == 1
    assert "quiz[server]" in done.stderr and "Traceback" not in done.stderr


def test_it_needs_a_class_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--data-dir", str(tmp_path), "--db", str(tmp_path / "p.db")]) == 2
    assert "postgresql://" in capsys.readouterr().err


def test_a_database_it_cannot_serve_is_named_without_its_password(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], postgres_server
) -> None:
    url = postgres_server.url()  # the server's own database: no class schema in it
    assert main(["serve", "--data-dir", str(tmp_path), "--db", url]) == 1
    error = capsys.readouterr().err
    assert "no quiz schema" in error and postgres_server.password not in error


@pytest.mark.parametrize(
    ("zone", "expected"),
    [
        ("Europe/Paris", "Europe/Paris"),
        ("America/Argentina/Buenos_Aires", "America/Argentina/Buenos_Aires"),
        ("UTC", "UTC"),
        ("", None),
        ("../../etc/passwd", None),
        ("/etc/localtime", None),
        ("Nowhere/Atlantis", None),
        ("Europe/Paris\nQUIZ_DB=x", None),
        ("A" * 80, None),
    ],
)
def test_a_browser_time_zone_is_taken_only_when_it_is_a_known_zone(
    zone: str, expected: str | None
) -> None:
    assert checked_zone(zone) == expected


@pytest.mark.parametrize("zone", ["Pacific/Auckland", "America/Los_Angeles", "Asia/Kolkata"])
def test_the_study_app_starts_the_day_at_four_in_the_students_zone(
    zone: str, tmp_path: Path
) -> None:
    session = Session("s_tz", "postgresql://s_tz:pw@127.0.0.1:1/class", zone, 0.0)
    env = student_environment(session, tmp_path)
    done = subprocess.run(
        [sys.executable, "-c", STUDY_DAY], capture_output=True, text=True, env=env, cwd=REPO
    )
    assert done.returncode == 0, done.stderr
    start, end = (datetime.fromisoformat(text) for text in done.stdout.split())
    local = ZoneInfo(zone)
    assert start.astimezone(local).hour == 4 and end.astimezone(local).hour == 4
    now = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
    assert start <= now < end


def test_the_study_apps_environment_holds_no_server_secret(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QUIZ_DB", "postgresql://teacher:pw-7f3a9c@127.0.0.1/class")
    monkeypatch.setenv("PGPASSWORD", "pw-7f3a9c")
    monkeypatch.setenv("TZ", "Europe/Paris")
    session = Session("s_env", "postgresql://s_env:pw@127.0.0.1:1/class", None, 0.0)
    env = student_environment(session, tmp_path / "s_env")
    assert env["QUIZ_DB"] == session.database_url and env["QUIZ_HOME"] == str(tmp_path / "s_env")
    assert "pw-7f3a9c" not in " ".join(env.values()) and "TZ" not in env
