"""`quiz validate` and `quiz schema`: output, exit codes, JSON, and no Textual import."""

import json
import subprocess
import sys
from pathlib import Path

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
        "1 file, 0 cards, 1 errors, 0 warnings",
    ]


def test_json_format_lists_every_problem(capsys):
    path = FIXTURES / "invalid" / "duplicate-card-id.yaml"
    assert main(["validate", "--format", "json", str(path)]) == 1
    assert json.loads(capsys.readouterr().out) == [
        {
            "file": str(path),
            "line": 9,
            "column": 10,
            "path": "cards[1].id",
            "severity": "error",
            "message": "duplicate card id 'a' (first used by cards[0])",
        }
    ]


def test_warnings_fail_only_when_strict(tmp_path, capsys):
    text = (FIXTURES / "valid" / "all-types.yaml").read_text()
    path = tmp_path / "deck.yaml"
    path.write_text(
        text.replace("        why: CD19 is a target antigen, not a signalling domain.\n", "")
    )
    assert main(["validate", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"{path}:26:9: warning: wrong choice 'CD19' has no 'why' [cards[1].choices[1]]" in out
    assert out.endswith("1 file, 6 cards, 0 errors, 1 warnings\n")
    assert main(["validate", "--strict", str(path)]) == 1


def test_missing_path_is_a_usage_error(tmp_path, capsys):
    assert main(["validate", str(tmp_path / "nope.yaml")]) == 2
    assert "no such file or folder" in capsys.readouterr().err


def test_folder_without_decks_is_invalid(tmp_path, capsys):
    assert main(["validate", str(tmp_path)]) == 1
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
