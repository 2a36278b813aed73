"""A lint baseline: the findings recorded as known, so that only new ones fail.

An entry names a finding by deck file name, card id, rule and message, not by line: editing
a deck above a finding does not make it new. Fixing one leaves a stale entry, which
:func:`compare` reports so that the baseline shrinks.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TypedDict

from quiz.deck.lint.runner import LocatedFinding


class BaselineEntry(TypedDict):
    """One recorded finding, as the baseline file holds it."""

    file: str
    card: str
    rule: str
    message: str


def entry_of(finding: LocatedFinding) -> BaselineEntry:
    """The baseline entry that records ``finding``."""
    return {
        "file": Path(finding.file).name,
        "card": finding.card,
        "rule": finding.rule,
        "message": finding.message,
    }


def _key(entry: BaselineEntry) -> tuple[str, str, str, str]:
    return entry["file"], entry["card"], entry["rule"], entry["message"]


def read_baseline(path: Path) -> list[BaselineEntry]:
    """The entries of a baseline file; ``ValueError`` naming the file when it is not one."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"{path}: not a lint baseline: {error}") from None
    entries = data.get("findings") if isinstance(data, dict) else None
    fields = ("file", "card", "rule", "message")
    if not isinstance(entries, list) or not all(
        isinstance(e, dict) and all(isinstance(e.get(f), str) for f in fields) for e in entries
    ):
        raise ValueError(f"{path}: not a lint baseline: expected {{'findings': [...]}}")
    return [
        BaselineEntry(file=e["file"], card=e["card"], rule=e["rule"], message=e["message"])
        for e in entries
    ]


def baseline_text(findings: list[LocatedFinding]) -> str:
    """The baseline file recording ``findings``, sorted, one entry a line."""
    entries = sorted((entry_of(f) for f in findings), key=_key)
    lines = ",\n".join("    " + json.dumps(e, ensure_ascii=False) for e in entries)
    return '{\n  "findings": [\n' + lines + ("\n" if lines else "") + "  ]\n}\n"


@dataclass(frozen=True)
class Comparison:
    """Findings not in the baseline (new), and baseline entries no longer found (fixed)."""

    new: list[LocatedFinding]
    fixed: list[BaselineEntry]


def compare(findings: list[LocatedFinding], baseline: list[BaselineEntry]) -> Comparison:
    """What changed since the baseline was recorded (each entry stands for one finding)."""
    left = Counter(_key(e) for e in baseline)
    new = []
    for finding in findings:
        key = _key(entry_of(finding))
        if left[key]:
            left[key] -= 1
        else:
            new.append(finding)
    fixed = []
    for entry in baseline:
        key = _key(entry)
        if left[key] > 0:
            left[key] -= 1
            fixed.append(entry)
    return Comparison(new, fixed)
