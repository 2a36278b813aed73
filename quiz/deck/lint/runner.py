"""Lint deck files: read and validate each, apply every selected rule, locate each finding.

A file that is not a valid deck is not linted: its validation errors are reported instead
(``quiz validate`` says the same). Findings come sorted by file, line and column, so a run
is deterministic.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quiz.deck.control_chars import escape_line
from quiz.deck.file_bytes import decode, read_bytes
from quiz.deck.lint.findings import Finding, LintTarget
from quiz.deck.lint.rules import FAMILIES
from quiz.deck.loader import deck_files, is_folder, load_text
from quiz.deck.model import format_path
from quiz.deck.problems import Problem, ProblemCollector, TextLines


@dataclass(frozen=True, slots=True)
class LocatedFinding:
    """A finding at its place in a deck file."""

    file: str
    line: int
    column: int
    card: str
    rule: str
    message: str
    path: str

    def format(self) -> str:
        """``path:line:col: warning: message [rule-id]``, on one line."""
        return escape_line(
            f"{self.file}:{self.line}:{self.column}: warning: {self.message} [{self.rule}]"
        )

    def to_dict(self) -> dict[str, Any]:
        """The finding as a JSON-ready mapping."""
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "card": self.card,
            "rule": self.rule,
            "message": self.message,
            "path": self.path,
        }


@dataclass
class LintResult:
    """What a lint run found: the findings, the files that are not valid decks, the files."""

    findings: list[LocatedFinding] = field(default_factory=list)
    invalid: list[Problem] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)


def lint_paths(paths: Iterable[Path], rules: Sequence[str] | None = None) -> LintResult:
    """Lint the deck files and folders given, with the ``rules`` ids (default: every rule)."""
    result = LintResult()
    targets: list[tuple[LintTarget, str]] = []
    for given in paths:
        for path in deck_files(given) if is_folder(given) else [given]:
            result.files.append(path)
            read = _read(path, result)
            if read is not None:
                targets.append(read)
    wanted = None if rules is None else set(rules)
    every = [target for target, _ in targets]
    for target, text in targets:
        found = [
            finding
            for family_rules, check in FAMILIES
            if wanted is None or any(rule.id in wanted for rule in family_rules)
            for finding in check(target, every)
            if wanted is None or finding.rule in wanted
        ]
        result.findings += _located(target, text, found)
    result.findings.sort(key=lambda f: (f.file, f.line, f.column, f.rule, f.message))
    return result


def _read(path: Path, result: LintResult) -> tuple[LintTarget, str] | None:
    out = ProblemCollector(str(path))
    raw = read_bytes(path, out)
    text = None if raw is None else decode(raw, out)
    if text is None:
        result.invalid += out.in_order()
        return None
    text = text.removeprefix("\ufeff")
    deck, problems = load_text(text, str(path))
    if deck is None:
        result.invalid += [p for p in problems if p.severity == "error"]
        return None
    return LintTarget(deck, str(path)), text


def _located(target: LintTarget, text: str, found: list[Finding]) -> list[LocatedFinding]:
    from quiz.deck.schema_errors import Locator
    from quiz.deck.yaml_input import parse_document

    doc = parse_document(text, ProblemCollector(target.file))
    assert doc is not None, "a valid deck parses"
    where, lines = Locator(doc), TextLines(text)
    located = []
    cards = target.deck.cards
    for finding in found:
        index = finding.path[1] if finding.path[:1] == ("cards",) else None
        card = cards[index] if isinstance(index, int) else None
        ignored = card.lint.ignore if card is not None and card.lint is not None else ()
        if finding.rule in ignored:
            continue
        line, column = lines.line_col(where.offset(finding.path))
        card_id = card.id if card is not None else ""
        located.append(
            LocatedFinding(
                target.file,
                line,
                column,
                card_id,
                finding.rule,
                finding.message,
                format_path(finding.path),
            )
        )
    return located
