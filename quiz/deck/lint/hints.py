"""``hint-reveals``: a cloze hint, or the sentence around the blank, hands over the answer.

A blank is flagged when its hint contains the answer; when the hint gives the answer's first
letters together with a definition ("c…, taken from the patient"), or its first
:data:`PREFIX_LETTERS` letters or more ("life-…"); or when the same sentence holds an acronym of the
answer ("(OTOT)" beside "on-target, off-tumour") or, for an acronym answer, its spelled-out
words.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

from quiz.deck.cloze import Deletion
from quiz.deck.lint.findings import Finding, LintTarget, Rule
from quiz.deck.lint.words import words
from quiz.kinds.matching import MatchOptions, normalize

PREFIX_LETTERS = 3
_PREFIX = re.compile(r"^\s*([^\s.…]+?)\s*(?:\.\.\.|…)\s*[,;:]?\s*(.*)$", re.DOTALL)
_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]{1,7}\b")
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")
_FOLD = MatchOptions()

RULES = (
    Rule(
        "hint-reveals",
        "a cloze hint contains the answer, or its first letters plus its definition, or the "
        "sentence spells out the answer (an acronym beside the blank)",
        "{{c1::collected::c…, taken from the patient}}",
        "{{c1::collected::first step}}",
    ),
)


def check(target: LintTarget, every: Sequence[LintTarget]) -> Iterator[Finding]:
    """The blanks whose hint or sentence gives their answer away."""
    for index, card in enumerate(target.deck.cards):
        if card.type != "cloze":
            continue
        reasons: dict[int, str] = {}
        for deletion in card.deletions:  # type: ignore[attr-defined]
            why = _hint_gives(deletion) or _sentence_gives(card, deletion)
            if why and deletion.group not in reasons:
                reasons[deletion.group] = why
        for group, why in sorted(reasons.items()):
            yield Finding("hint-reveals", ("cards", index, "text"), f"blank c{group}: {why}")


def _hint_gives(deletion: Deletion) -> str | None:
    hint = deletion.hint
    if not hint:
        return None
    answer = normalize(deletion.answer, _FOLD)
    if len(answer) >= 3 and answer in normalize(hint, _FOLD):
        return f"the hint {hint!r} contains the answer"
    prefix = _PREFIX.match(hint)
    if prefix:
        letters = normalize(prefix.group(1), _FOLD)
        if letters and answer.startswith(letters):
            if words(prefix.group(2)):
                return f"the hint {hint!r} gives the first letters and a definition"
            if len(letters) >= PREFIX_LETTERS:
                return f"the hint {hint!r} gives the answer's first {len(letters)} letters"
    return None


def _sentence_gives(card: Any, deletion: Deletion) -> str | None:
    text: str = card.text
    start = max((m.end() for m in _SENTENCE_END.finditer(text, 0, deletion.start)), default=0)
    end_match = _SENTENCE_END.search(text, deletion.end)
    end = end_match.end() if end_match else len(text)
    inside = [d for d in card.deletions if d.start >= start and d.end <= end]
    outside = "".join(text[a:b] for a, b in _gaps(start, end, [(d.start, d.end) for d in inside]))
    acronyms = {found.lower() for found in _ACRONYM.findall(outside)}
    same_group = [d for d in inside if d.group == deletion.group]
    spelled = ["".join(_initials(d.answer)) for d in (deletion, *same_group)]
    spelled.append("".join("".join(_initials(d.answer)) for d in same_group))
    spelled.append("".join("".join(_initials(d.answer)) for d in inside))
    for initials in spelled:
        if len(initials) >= 2 and initials in acronyms:
            return f"the sentence holds {initials.upper()!r}, the answer's initials"
    if _ACRONYM.fullmatch(deletion.answer):
        initials = _initials(outside)
        if deletion.answer.lower() in "".join(initials):
            return f"the sentence spells out {deletion.answer!r}"
    return None


def _initials(text: str) -> list[str]:
    return [part[0] for word in words(text) for part in word.split("-") if part]


def _gaps(start: int, end: int, spans: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    position = start
    for a, b in sorted(spans):
        yield position, a
        position = b
    yield position, end
