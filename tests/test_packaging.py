"""The bundled decks ship inside the wheel and are found from any directory."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def installed_quiz(tmp_path_factory):
    """A fresh virtual environment with only the built wheel installed."""
    uv = shutil.which("uv")
    if uv is None:
        pytest.fail("uv is required to build the wheel")
    work = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [uv, "build", "--wheel", "--out-dir", str(work / "dist"), str(REPO)],
        check=True,
        capture_output=True,
    )
    wheel = next((work / "dist").glob("quiz-*.whl"))
    venv = work / "venv"
    subprocess.run(
        [uv, "venv", "--python", sys.executable, str(venv)], check=True, capture_output=True
    )
    python = venv / "bin" / "python"
    subprocess.run(
        [uv, "pip", "install", "--python", str(python), str(wheel)], check=True, capture_output=True
    )
    return venv


def test_wheel_contains_the_decks_and_schema(installed_quiz):
    packaged = list(installed_quiz.glob("lib/python*/site-packages/quiz/decks"))
    assert packaged, "quiz/decks missing from the installed wheel"
    names = {path.name for path in packaged[0].iterdir()}
    assert "deck.schema.json" in names
    assert {path.name for path in (REPO / "decks").glob("*.yaml")} <= names


def test_installed_quiz_validates_bundled_decks_from_elsewhere(installed_quiz, tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"VIRTUAL_ENV", "PYTHONPATH"}}
    result = subprocess.run(
        [str(installed_quiz / "bin" / "quiz"), "validate", "--format", "json"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    locate = subprocess.run(
        [
            str(installed_quiz / "bin" / "python"),
            "-c",
            "from quiz.paths import bundled_decks_dir; print(bundled_decks_dir())",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    found = Path(locate.stdout.strip())
    assert "site-packages" in found.parts
    assert not found.is_relative_to(REPO)
    summary = subprocess.run(
        [str(installed_quiz / "bin" / "quiz"), "validate"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert summary.stdout.startswith(f"{len(list((REPO / 'decks').glob('*.yaml')))} files, ")


def test_the_wheel_carries_the_class_servers_pages(installed_quiz):
    pages = list(installed_quiz.glob("lib/python*/site-packages/quiz/server/pages"))
    assert pages, "quiz/server/pages missing from the installed wheel"
    names = {path.relative_to(pages[0]).as_posix() for path in pages[0].rglob("*")}
    source = {path.relative_to(REPO / "quiz/server/pages").as_posix()
              for path in (REPO / "quiz/server/pages").rglob("*")}  # fmt: skip
    assert {"login.html", "app.html", "assets/app.css"} <= names and source <= names


def test_serve_without_the_server_extra_names_it(installed_quiz, tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"VIRTUAL_ENV", "PYTHONPATH"}}
    result = subprocess.run(
        [str(installed_quiz / "bin" / "quiz"), "serve", "--db", "postgresql://x@127.0.0.1:1/c"],
        cwd=tmp_path, env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 1
    assert "quiz[server]" in result.stderr and "Traceback" not in result.stderr
