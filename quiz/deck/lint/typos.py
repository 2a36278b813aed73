"""``typo-collision``: a typed answer's tolerance accepts a different term.

For each typed card and each cloze blank, every term known to the decks under lint (another
card's accepted answer or blank, a glossary term) and every Greek-letter or digit variant of
its own answers is graded against it: one accepted through the typo allowance is a wrong
answer the grader would count as right. The fix is ``match: {max_typos: 0}`` for the card,
or a ``reject`` example to pin it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from quiz.deck.lint.findings import Finding, LintTarget, Rule
from quiz.kinds.equivalence import GREEK_NAMES, fold_words
from quiz.kinds.matching import MatchOptions, match_any, synonyms_of, typo_allowance, word_fit

_VARIANT_GREEK = "αβγδεζκ"

RULES = (
    Rule(
        "typo-collision",
        "a typed answer's or blank's typo allowance accepts a different term known to the "
        "deck (another card's answer, a glossary term) or a Greek or digit variant",
        "answers: [heparanase] while another card answers heparinase",
        "answers: [heparanase], match: {max_typos: 0}",
    ),
)


@dataclass(frozen=True)
class _Answered:
    """One typed answer or blank: where, what it accepts, how it matches."""

    path: tuple[str | int, ...]
    label: str
    accepted: tuple[str, ...]
    options: MatchOptions


def check(target: LintTarget, every: Sequence[LintTarget]) -> Iterator[Finding]:
    """The answers whose typo allowance takes in another term."""
    known: dict[str, str] = {}  # term -> where it comes from
    for other in every:
        for item in other.memoized("answered", lambda o=other: list(_answered(o))):
            for term in item.accepted:
                known.setdefault(term, f"{other.deck.id}:{item.label}")
        for term, synonyms in other.deck.synonyms.items():
            for word in (term, *synonyms):
                known.setdefault(word, f"the glossary of {other.deck.id}")
    for item in target.memoized("answered", lambda: list(_answered(target))):
        yield from _collisions(item, known, f"{target.deck.id}:{item.label}")


def _answered(target: LintTarget) -> Iterator[_Answered]:
    for index, card in enumerate(target.deck.cards):
        match = getattr(card, "match", None)
        if card.type == "typed":
            yield _Answered(("cards", index, "answers"), card.id, tuple(card.answers), match)  # type: ignore[attr-defined]
        elif card.type == "cloze":
            for deletion in card.deletions:  # type: ignore[attr-defined]
                label = f"{card.id} c{deletion.group}"
                yield _Answered(("cards", index, "text"), label, deletion.accepted, match)  # type: ignore[arg-type]


def _collisions(item: _Answered, known: dict[str, str], mine: str) -> Iterator[Finding]:
    options = item.options
    spellings = list(item.accepted)
    for answer in item.accepted:
        spellings += synonyms_of(answer, options)
    own = [fold_words(spelling, options) for spelling in spellings]
    own_keys = {"".join(words) for words in own}
    candidates = [(term, where) for term, where in known.items() if where != mine]
    candidates += [(variant, "a Greek or digit variant") for variant in _variants(item.accepted)]
    seen: set[str] = set()
    for term, where in candidates:
        words = fold_words(term, options)
        key = "".join(words)
        if key in own_keys or key in seen or not _near(words, own, options):
            continue
        seen.add(key)
        verdict = match_any(term, item.accepted, options)
        if verdict.accepted and verdict.typos:
            yield Finding(
                "typo-collision",
                item.path,
                f"{item.label}: the typo allowance accepts {term!r} ({where}) as "
                f"{verdict.matched!r} ({verdict.reason()})",
            )


def _near(words: tuple[str, ...], own: list[tuple[str, ...]], options: MatchOptions) -> bool:
    """Whether folded words fit one of the answers word by word (a typo keeps the word count
    and changes a word's length by a few characters at most): cheap, before grading them."""
    for answer in own:
        if len(answer) == len(words) and all(
            a == b or (abs(len(a) - len(b)) <= 2 and typo_allowance(a, options) > 0)
            for a, b in zip(answer, words, strict=True)
        ):
            fit = word_fit(words, answer, options)
            if fit is not None and fit[0]:
                return True
    return False


def _variants(answers: Sequence[str]) -> Iterator[str]:
    """Each answer with one Greek letter swapped for another, or one digit changed."""
    for answer in answers:
        for position, ch in enumerate(answer):
            if ch in GREEK_NAMES:
                swaps = [other for other in _VARIANT_GREEK if other != ch]
            elif ch.isdigit():
                swaps = [str((int(ch) + step) % 10) for step in (1, 9)]
            else:
                continue
            for other in swaps:
                yield answer[:position] + other + answer[position + 1 :]
