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
