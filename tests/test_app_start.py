"""What the study app's start leaves out of its first frame: argparse for ``quiz`` and
``quiz --data-dir DIR``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from quiz.cli.main import app_start_options, build_parser


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--data-dir", "/tmp/home"],
        ["--data-dir=/tmp/home"],
        ["--db", "progress.db", "--data-dir", "home"],
        ["--db=postgresql://student@server/class?sslmode=require"],
        ["--data-dir", "first", "--data-dir", "second"],
    ],
)
def test_the_app_s_own_options_are_read_as_the_parser_reads_them(argv: list[str]) -> None:
    args = build_parser().parse_args(argv)
    assert args.command is None
    assert app_start_options(argv) == (args.data_dir, args.db)


@pytest.mark.parametrize(
    "argv",
    [
        ["study"],
        ["--help"],
        ["--version"],
        ["--data-dir"],
        ["--data-dir", ""],
        ["--data-dir="],
        ["--data-dir", "--db", "x"],
        ["--data", "home"],  # an abbreviation, which only argparse knows
        ["--data-dir", "home", "stats"],
    ],
)
def test_anything_else_is_left_to_the_parser(argv: list[str]) -> None:
    assert app_start_options(argv) is None


def test_the_app_s_start_imports_no_argparse(tmp_path: Path) -> None:
    probe = (
        "import sys\n"
        "import quiz.cli.study_command as study\n"
        "def run_study(folder, paths, cache, **options):\n"
        "    print(folder, list(paths), sorted(options.items()), 'argparse' in sys.modules)\n"
        "    return 0\n"
        "study.run_study = run_study\n"
        "from quiz.cli.main import main\n"
        f"sys.exit(main(['--data-dir', {str(tmp_path)!r}]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    options = [("no_save", False), ("plain", None), ("until", None)]
    assert result.stdout == f"{tmp_path} [] {options} False\n"
