"""The layers of the core import only what lies below them, checked in fresh interpreters."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

PROBE = (
    "import importlib, pkgutil, sys, quiz\n"
    "package = importlib.import_module({package!r})\n"
    "names = [info.name for info in pkgutil.walk_packages(package.__path__, {package!r} + '.')]\n"
    "for name in names:\n"
    "    importlib.import_module(name)\n"
    "print(len(names))\n"
    "print(' '.join(sorted(m for m in sys.modules if m.split('.')[0] in {{'quiz', 'pydantic',"
    " 'fsrs', 'textual', 'yaml'}})))\n"
)


def loaded_by(package: str) -> set[str]:
    """Every quiz module (and heavy library) that importing all of ``package`` loads."""
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(package=package)],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=True,
    )
    count, modules = result.stdout.splitlines()
    assert int(count) >= 1, f"{package} has no modules"
    return set(modules.split())


def under(modules: set[str], *prefixes: str) -> list[str]:
    return sorted(m for m in modules if m.split(".")[0] in prefixes or m.startswith(prefixes))


@pytest.mark.parametrize(
    ("package", "forbidden"),
    [
        ("quiz.progress", ("quiz.deck", "quiz.kinds", "quiz.study", "pydantic", "fsrs", "yaml")),
        ("quiz.kinds", ("quiz.progress", "quiz.study", "quiz.cli", "fsrs")),
        ("quiz.deck", ("quiz.progress", "quiz.study", "quiz.cli", "fsrs")),
        ("quiz.study", ("quiz.cli", "quiz.tui", "textual")),
        ("quiz.interop", ("quiz.cli", "quiz.tui", "textual", "genanki")),
    ],
)
def test_a_layer_does_not_import_what_lies_beside_or_above_it(
    package: str, forbidden: tuple[str, ...]
) -> None:
    assert under(loaded_by(package), *forbidden) == []
