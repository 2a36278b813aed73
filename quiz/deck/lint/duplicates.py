"""``duplicate-card``: two cards, in one deck or across the decks under lint, ask the same.

Two cards of the same type are duplicates when the sets of their meaningful words (no
stopwords; see :mod:`.words`) overlap by at least :data:`SIMILARITY` (Jaccard index) and each
has at least :data:`MIN_WORDS`. Two typed cards that expect the same answer and whose
questions share :data:`SHARED_QUESTION` of the shorter one's words ask the same question; if
they accept different answers, the same student answer is right in one and wrong in the
other. Cards of different types may ask the same fact: the content brief wants that. A card
is reported against the first card it repeats.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from quiz.deck.lint.findings import Finding, LintTarget, Rule, prompt_field
from quiz.deck.lint.words import content_words
from quiz.kinds.matching import MatchOptions, normalize
from quiz.kinds.registry import kind_of

SIMILARITY = 0.8
SHARED_QUESTION = 0.75
MIN_WORDS = 3
_FOLD = MatchOptions()

RULES = (
    Rule(
        "duplicate-card",
        f"two cards of one type ask the same thing (word overlap ≥ {SIMILARITY}), or share a "
        "question with different accepted answers",
        "two typed cards 'Which receptor is knocked out?' with answers [TCR, TRAC] and "
        "[TCR, native TCR]",
        "one typed card, and the fact asked again as a true/false statement",
    ),
)


@dataclass(frozen=True)
class _Asked:
    index: int
    label: str
    type: str
    words: frozenset[str]
    answers: frozenset[str]
    expected: str
    spelled: dict[str, str]  # folded answer -> as written


def check(target: LintTarget, every: Sequence[LintTarget]) -> Iterator[Finding]:
    """Each card that repeats an earlier one (earlier in its deck, or in an earlier deck)."""
    earlier: list[_Asked] = []
    for other in every:
        if other is target:
            break
        earlier.extend(other.memoized("asked", lambda o=other: _asked(o)))
    for card in target.memoized("asked", lambda: _asked(target)):
        for first in earlier:
            if first.type != card.type:
                continue
            shared = len(card.words & first.words)
            similarity = shared / len(card.words | first.words)
            same_question = (
                card.type == "typed"
                and card.expected == first.expected
                and shared >= SHARED_QUESTION * min(len(card.words), len(first.words))
            )
            if similarity < SIMILARITY and not same_question:
                continue
            message = f"asks the same as {first.label} (similarity {similarity:.2f})"
            if card.answers != first.answers:
                only_here = _listed(card, card.answers - first.answers)
                only_there = _listed(first, first.answers - card.answers)
                message += (
                    f" but accepts different answers (only here: {only_here}; "
                    f"only there: {only_there})"
                )
            path = ("cards", card.index, prompt_field(card.type))
            yield Finding("duplicate-card", path, message)
            break
        earlier.append(card)


def _asked(target: LintTarget) -> list[_Asked]:
    found = []
    for index, card in enumerate(target.deck.cards):
        text = kind_of(card).answer_text(card) if card.type == "cloze" else card.prompt
        words = frozenset(content_words(text))
        if len(words) < MIN_WORDS:
            continue
        answers: frozenset[str] = frozenset()
        expected = ""
        if card.type == "typed":
            spellings: list[str] = card.answers  # type: ignore[attr-defined]
            answers = frozenset(normalize(a, _FOLD) for a in spellings)
            expected = normalize(spellings[0], _FOLD)
        label = f"{target.deck.id}:{card.id}"
        spelled = {normalize(a, _FOLD): a for a in reversed(getattr(card, "answers", []))}
        found.append(_Asked(index, label, card.type, words, answers, expected, spelled))
    return found


def _listed(card: _Asked, answers: frozenset[str]) -> str:
    shown = sorted(card.spelled[answer] for answer in answers)
    return ", ".join(repr(answer) for answer in shown[:4]) + (", ..." * (len(shown) > 4)) or "none"
