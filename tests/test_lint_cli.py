"""`quiz lint` on the bundled decks, which lint clean, and its command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lint_support import choice, write_deck

from quiz.cli.main import main
from quiz.deck.lint.runner import lint_paths
from quiz.deck.loader import load_paths
from quiz.paths import bundled_decks_dir


def test_the_bundled_decks_lint_clean() -> None:
    findings = [finding.format() for finding in lint_paths([bundled_decks_dir()]).findings]
    assert findings == [], "fix the item, or silence the rule on the card with lint: {ignore, why}"


def test_a_rule_silenced_on_a_bundled_card_gives_a_real_reason() -> None:
    short = [
        (loaded.deck.id, card.id)
        for loaded in load_paths([bundled_decks_dir()]).decks
        for card in loaded.deck.cards
        if card.lint is not None and len(card.lint.why.split()) < 12
    ]
    assert short == [], "say why the rule is wrong for the card, in a sentence"


def test_the_lint_is_deterministic() -> None:
    assert lint_paths([bundled_decks_dir()]) == lint_paths([bundled_decks_dir()])


def test_a_new_finding_fails_and_a_fixed_one_is_reported(tmp_path: Path, capsys) -> None:
    flawed = choice("c", "Which is not a CAR target?", "CD4", "CD19", "BCMA")
    path = write_deck(tmp_path, [flawed])
    baseline = tmp_path / "baseline.json"
    assert main(["lint", str(path), "--write-baseline", str(baseline)]) == 1
    assert main(["lint", str(path), "--baseline", str(baseline)]) == 0
    write_deck(tmp_path, [choice("c", "Which is NOT a CAR target?", "CD4", "CD19", "BCMA")])
    capsys.readouterr()
    assert main(["lint", str(path), "--baseline", str(baseline)]) == 0
    out = capsys.readouterr().out
    assert "fixed since the baseline: c:" in out and "[negative-stem]" in out
    write_deck(tmp_path, [choice("c", "Which is not a target?", "CD4", "CD19")])
    assert main(["lint", str(path), "--baseline", str(baseline)]) == 1


def test_text_output_is_located_like_a_linter(tmp_path: Path, capsys) -> None:
    path = write_deck(tmp_path, [choice("c", "Which is not a CAR target?", "CD4", "CD19")])
    assert main(["lint", str(path)]) == 1
    lines = capsys.readouterr().out.splitlines()
    text = path.read_text("utf-8").splitlines()
    assert lines[-1] == "1 file, 2 findings"
    for line in lines[:-1]:
        where, _, rest = line.partition(": warning: ")
        file, row, column = where.rsplit(":", 2)
        assert file == str(path) and rest.endswith(("[negative-stem]", "[too-few-choices]"))
        assert text[int(row) - 1][int(column) - 1 :].strip()


def test_select_and_ignore_choose_rules_and_json_lists_findings(tmp_path: Path, capsys) -> None:
    path = write_deck(tmp_path, [choice("c", "Which is not a CAR target?", "CD4", "CD19")])
    assert main(["lint", str(path), "--select", "negative-stem", "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert [f["rule"] for f in data["findings"]] == ["negative-stem"]
    assert data["findings"][0]["card"] == "c" and data["findings"][0]["line"] > 0
    assert main(["lint", str(path), "--ignore", "negative-stem,too-few-choices"]) == 0


@pytest.mark.parametrize(
    "args", [["--select", "nope"], ["--ignore", "stem-echo,nope"], ["no-such-file.yaml"]]
)
def test_usage_errors_exit_2(args: list[str], capsys) -> None:
    assert main(["lint", *args]) == 2
    assert "quiz lint:" in capsys.readouterr().err


def test_an_invalid_deck_is_reported_not_linted(tmp_path: Path, capsys) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("id: x\ncards: 3\n", encoding="utf-8")
    assert main(["lint", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"{path}:" in out and ": error: " in out


def test_a_bad_baseline_is_a_usage_error(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "baseline.json"
    bad.write_text("[1, 2]", encoding="utf-8")
    assert main(["lint", "--baseline", str(bad)]) == 2
    assert "not a lint baseline" in capsys.readouterr().err


def test_the_readme_documents_every_rule_with_a_bad_and_a_good_example() -> None:
    from quiz.deck.lint.rule_ids import RULE_IDS

    readme = (Path(__file__).parent.parent / "README.md").read_text("utf-8")
    rows = {line.split("|")[1].strip(" `"): line for line in readme.splitlines() if "| `" in line}
    for rule in RULE_IDS:
        assert rule in rows, rule
        cells = [cell.strip() for cell in rows[rule].split("|")[1:-1]]
        assert len(cells) == 4 and all(cells), rule
