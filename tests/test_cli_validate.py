"""`quiz validate` and `quiz schema`: output, exit codes, JSON, and no Textual import."""

import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from quiz.cli.main import main
from quiz.deck.model import json_schema
from quiz.paths import bundled_decks_dir

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parent.parent


def test_valid_file_exits_zero_with_summary(capsys):
    assert main(["validate", str(FIXTURES / "valid")]) == 0
    assert capsys.readouterr().out == "1 file, 6 cards, 0 errors, 0 warnings\n"


def test_invalid_file_exits_one_and_locates_the_problem(capsys):
    path = FIXTURES / "invalid" / "unknown-key.yaml"
    assert main(["validate", str(path)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"{path}:8:77: error: unknown key 'explanaton' (did you mean 'explanation'?) "
        "[cards[0].explanaton]",
        "1 file, 0 cards, 1 error, 0 warnings",
    ]


def test_json_format_lists_every_problem(capsys):
    path = FIXTURES / "invalid" / "duplicate-card-id.yaml"
    assert main(["validate", "--format", "json", str(path)]) == 1
    assert json.loads(capsys.readouterr().out) == {
        "problems": [
            {
                "file": str(path),
                "line": 9,
                "column": 10,
                "path": "cards[1].id",
                "severity": "error",
                "message": "duplicate card id 'a' (first used by cards[0])",
            }
        ],
        "summary": {"files": 1, "cards": 0, "errors": 1, "warnings": 0},
    }


def test_usage_errors_exit_two_and_are_json_with_format_json(tmp_path, capsys):
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["validate", str(empty)]) == 2  # no deck file is a usage error
    assert "no deck files (*.yaml, *.yml) found" in capsys.readouterr().err
    missing = tmp_path / "missing.yaml"
    assert main(["validate", "--format", "json", str(missing)]) == 2
    out = capsys.readouterr().out
    assert json.loads(out) == {"usage_errors": [f"'{missing}': no such file or folder"]}


def test_warnings_fail_only_when_strict(tmp_path, capsys):
    text = (FIXTURES / "valid" / "all-types.yaml").read_text()
    path = tmp_path / "deck.yaml"
    path.write_text(
        text.replace("        why: CD19 is a target antigen, not a signalling domain.\n", "")
    )
    assert main(["validate", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"{path}:26:9: warning: wrong choice 'CD19' has no 'why' [cards[1].choices[1]]" in out
    assert out.endswith("1 file, 6 cards, 0 errors, 1 warning\n")
    assert main(["validate", "--strict", str(path)]) == 1


def test_missing_path_is_a_usage_error(tmp_path, capsys):
    assert main(["validate", str(tmp_path / "nope.yaml")]) == 2
    assert capsys.readouterr().err == (
        f"quiz validate: '{tmp_path / 'nope.yaml'}': no such file or folder\n"
    )


def test_folder_without_decks_is_a_usage_error(tmp_path, capsys):
    assert main(["validate", str(tmp_path)]) == 2
    assert "no deck files" in capsys.readouterr().err


def test_bad_option_exits_two():
    result = subprocess.run(
        [sys.executable, "-m", "quiz", "validate", "--format", "xml"],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert result.returncode == 2
    assert "invalid choice: 'xml'" in result.stderr
    assert "Traceback" not in result.stderr


def test_bundled_decks_pass_strict_validation(capsys):
    assert main(["validate", "--strict"]) == 0
    out = capsys.readouterr().out
    assert out.endswith(" 0 errors, 0 warnings\n")


def test_bundled_decks_declare_the_schema_for_editors():
    decks = sorted(bundled_decks_dir().glob("*.yaml"))
    assert decks
    for path in decks:
        first = path.read_text("utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=./deck.schema.json", path


def test_committed_schema_matches_the_models(capsys):
    assert main(["schema"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == json_schema()
    committed = json.loads((bundled_decks_dir() / "deck.schema.json").read_text("utf-8"))
    assert committed == printed, "run: uv run quiz schema > decks/deck.schema.json"


def test_validate_does_not_import_textual():
    code = (
        "import sys, io, contextlib\n"
        "from quiz.cli.main import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    code = main(['validate'])\n"
        "assert code == 0, code\n"
        "leaked = sorted(m for m in sys.modules\n"
        "                if m.split('.')[0] == 'textual' or m.startswith('quiz.tui'))\n"
        "print(leaked)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True
    )
    assert result.stdout.strip() == "[]"


def test_core_modules_do_not_import_textual():
    code = (
        "import importlib, pkgutil, sys, quiz\n"
        "names = [info.name for info in pkgutil.walk_packages(quiz.__path__, 'quiz.')\n"
        "         if info.name.split('.')[1] not in {'tui', '__main__'}]\n"
        "assert len(names) > 20, names\n"
        "for name in names:\n"
        "    importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual'))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True
    )
    assert result.stdout.strip() == "[]"


def test_python_dash_m_and_version():
    result = subprocess.run(
        [sys.executable, "-m", "quiz", "--version"], capture_output=True, text=True, cwd=REPO
    )
    assert result.returncode == 0
    assert result.stdout.startswith("quiz ")


def exit_code(argv: list[str]) -> int:
    """What ``quiz`` exits with: argparse's usage errors raise SystemExit(2)."""
    try:
        return main(argv)
    except SystemExit as stop:
        return int(stop.code or 0)


LONG_NAME = "x" * 300


def run_quiz(argv: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """``quiz`` in a process of its own: a study command that wrongly opened the app would
    otherwise hang the test run."""
    return subprocess.run(
        [sys.executable, "-m", "quiz", *argv],
        capture_output=True,
        text=True,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        timeout=60,
    )


@pytest.mark.parametrize(
    "argv",
    [
        ["validate", LONG_NAME + ".yaml"],
        ["study", LONG_NAME + ".yaml"],
        ["--data-dir", LONG_NAME, "validate"],
        ["--data-dir", LONG_NAME, "stats"],
        ["study", "--data-dir", LONG_NAME],
    ],
    ids=["validate", "study", "data-dir-validate", "data-dir-stats", "study-data-dir"],
)
def test_a_file_name_too_long_is_a_usage_error(tmp_path, argv):
    result = run_quiz(argv, tmp_path)
    assert result.returncode == 2, result.stderr
    assert f"'{LONG_NAME}" in result.stderr and "File name too long" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "argv",
    [["validate", ""], ["study", ""], ["--data-dir", "", "stats"], ["validate", "--data-dir", ""]],
    ids=["validate", "study", "data-dir", "data-dir-after-command"],
)
def test_an_empty_path_is_a_usage_error(tmp_path, argv):
    result = run_quiz(argv, tmp_path)
    assert result.returncode == 2, result.stderr
    assert "an empty string is not a path" in result.stderr
    assert list(tmp_path.iterdir()) == []  # nothing written into the current folder


def test_a_data_folder_that_is_a_file_is_a_usage_error(tmp_path, capsys):
    taken = tmp_path / "taken"
    taken.write_text("not a folder")
    assert exit_code(["--data-dir", str(taken), "stats"]) == 2
    assert capsys.readouterr().err == f"quiz: --data-dir '{taken}': not a folder\n"
    assert exit_code(["--data-dir", str(taken / "below"), "validate"]) == 2
    assert capsys.readouterr().err == f"quiz: --data-dir '{taken / 'below'}': not a folder\n"


def test_study_refuses_a_path_that_is_not_a_file_or_folder(tmp_path):
    pipe = tmp_path / "pipe.yaml"
    os.mkfifo(pipe)
    result = run_quiz(["--data-dir", str(tmp_path / "data"), "study", str(pipe)], tmp_path)
    assert result.returncode == 2
    assert result.stderr == f"quiz study: '{pipe}': not a regular file or folder\n"


def _blocked_writer(pipe: Path) -> threading.Thread:
    """A thread that opens ``pipe`` for writing: it stays blocked until a reader opens it."""
    thread = threading.Thread(target=lambda: open(pipe, "wb").close(), daemon=True)
    thread.start()
    return thread


def test_a_named_pipe_is_refused_without_being_opened(tmp_path):
    pipe = tmp_path / "deck.yaml"
    os.mkfifo(pipe)
    writer = _blocked_writer(pipe)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "quiz", "--data-dir", str(tmp_path / "d"), "validate", pipe],
            capture_output=True,
            text=True,
            cwd=REPO,
            timeout=60,
        )
        assert result.returncode == 1
        assert result.stdout.splitlines() == [
            f"{pipe}: error: is not a regular file (a named pipe): a deck is a file",
            "1 file, 0 cards, 1 error, 0 warnings",
        ]
        assert writer.is_alive()  # nobody opened the pipe for reading
    finally:
        os.close(os.open(pipe, os.O_RDONLY | os.O_NONBLOCK))
        writer.join(5)


def test_a_named_pipe_in_a_folder_is_skipped(tmp_path, capsys):
    shutil.copy(FIXTURES / "valid" / "all-types.yaml", tmp_path / "deck.yaml")
    os.mkfifo(tmp_path / "pipe.yaml")
    writer = _blocked_writer(tmp_path / "pipe.yaml")
    try:
        assert main(["--data-dir", str(tmp_path / "d"), "validate", str(tmp_path)]) == 0
        assert capsys.readouterr().out == "1 file, 6 cards, 0 errors, 0 warnings\n"
        assert writer.is_alive()
    finally:
        os.close(os.open(tmp_path / "pipe.yaml", os.O_RDONLY | os.O_NONBLOCK))
        writer.join(5)


def test_a_device_is_not_a_deck(capsys):
    assert main(["validate", os.devnull]) == 1
    assert capsys.readouterr().out.splitlines()[0] == (
        f"{os.devnull}: error: is not a regular file (a character device): a deck is a file"
    )


def test_a_file_name_cannot_forge_lines_of_the_report(tmp_path, capsys):
    name = "bad\x1b]0;owned\x07\nforged.yaml: error: fake\u202e.yaml"
    (tmp_path / name).write_text("id: [unclosed\n")
    assert main(["validate", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert out.splitlines() == [
        f"{tmp_path}/bad\\x1b]0;owned\\x07\\x0aforged.yaml: error: fake\\u202e.yaml:2:1: "
        "error: invalid YAML: while parsing a flow sequence (line 1, column 5): "
        "did not find expected ',' or ']' "
        "(hint: a '[' is not closed: add the ']' (or quote the text))",
        "1 file, 0 cards, 1 error, 0 warnings",
    ]
    assert main(["validate", "--format", "json", str(tmp_path)]) == 1
    shown = capsys.readouterr().out
    assert "\x1b" not in shown and "\x07" not in shown and "\u202e" not in shown
    assert json.loads(shown)["problems"][0]["file"] == str(tmp_path / name)


def test_a_missing_path_with_control_characters_is_shown_escaped(tmp_path, capsys):
    assert main(["validate", str(tmp_path / "no\x1b[2Jpe.yaml")]) == 2
    assert capsys.readouterr().err == (
        f"quiz validate: '{tmp_path}/no\\x1b[2Jpe.yaml': no such file or folder\n"
    )


def test_control_characters_in_deck_text_warn_and_fail_when_strict(tmp_path, capsys):
    text = (FIXTURES / "valid" / "all-types.yaml").read_text()
    path = tmp_path / "deck.yaml"
    path.write_text(
        text.replace("title: Every card type", 'title: "Every \\e]52;c;b3duZWQ=\\a card type"')
        .replace("front: What does CAR stand for?", 'front: "What \\u202Edoes CAR stand for?"')
        .replace("back: Chimeric antigen receptor.", 'back: "Chimeric\\x9b2J antigen\\x85"')
    )
    assert main(["validate", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    shown = "it is shown as an escape, never sent to the terminal"
    assert lines == [
        f"{path}:3:8: warning: text holds the control character U+001B (character 7): {shown} "
        "[title]",
        f"{path}:16:12: warning: text holds the control character U+202E (character 6): "
        f"{shown} [cards[0].front]",
        f"{path}:17:11: warning: text holds the control character U+009B (character 9): "
        f"{shown} [cards[0].back]",
        "1 file, 6 cards, 0 errors, 3 warnings",
    ]
    assert main(["validate", "--strict", str(path)]) == 1


def test_a_data_folder_from_the_environment_is_checked_too(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "quiz", "stats"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        stdin=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(REPO), "QUIZ_HOME": str(tmp_path / LONG_NAME)},
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr == f"quiz: $QUIZ_HOME '{tmp_path / LONG_NAME}': File name too long\n"


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--data-dir", "/tmp/home"],
        ["--data-dir=/tmp/home", "--db", "progress.db"],
        ["study"],
        ["--data-dir", "/tmp/home", "study", "decks", "--no-save", "--plain"],
        ["study", "--until", "2999-01-02"],
    ],
)
def test_the_study_app_is_parsed_as_by_the_full_parser(argv: list[str]) -> None:
    from quiz.cli.main import build_parser, study_parser_suffices

    assert study_parser_suffices(argv)
    small = build_parser(study_only=True).parse_args(argv)
    assert small == build_parser().parse_args(argv)


@pytest.mark.parametrize(
    "argv", [["validate"], ["--help"], ["--data-dir", "/tmp/home", "stats"], ["stduy"], ["-h"]]
)
def test_other_commands_help_and_typos_get_the_full_parser(argv: list[str]) -> None:
    from quiz.cli.main import study_parser_suffices

    assert not study_parser_suffices(argv)
