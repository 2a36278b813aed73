"""Rules for choice, multi and true/false cards: cues that give the answer away.

``correct-longest``: the correct option is clearly the longest (single answer: at least
:data:`LONGEST_RATIO` times the longest distractor; multi: the correct options are on
average that much longer than the wrong ones). ``absolute-distractor``: absolute qualifiers
("always", "never", "no risk") appear only in wrong options, or make a true/false statement
false. ``stem-echo``: a distinctive word of the stem comes back only in the correct option.
``all-none-of-the-above``, ``negative-stem`` (NOT or EXCEPT not emphasised),
``too-few-choices`` (a single-answer card with fewer than :data:`MIN_CHOICES` options).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

from quiz.deck.lint.findings import Finding, LintTarget, Rule
from quiz.deck.lint.words import content_words, stem, words

LONGEST_RATIO = 1.25
MIN_CHOICES = 3
MIN_ECHO_LENGTH = 5  # shorter stem words are too common to give an option away
ABSOLUTES = re.compile(
    r"\b(always|never|only|all|every|everyone|none|no risk|cannot|can ?not|completely|"
    r"entirely|permanently|strictly|guaranteed?|impossible|invariably|without exception)\b",
    re.IGNORECASE,
)
ABOVE = re.compile(
    r"\b(all|none|both|neither) of the (above|options|answers|choices|these|others)\b",
    re.IGNORECASE,
)
NEGATIVE = re.compile(r"\b(not|except|least|false)\b", re.IGNORECASE)

RULES = (
    Rule(
        "correct-longest",
        f"the correct option is at least {LONGEST_RATIO}× as long as every distractor (for "
        "multi, the correct options on average)",
        "choices: ['IL-6', 'IL-2', 'It blocks the IL-6 receptor so CRS calms down']",
        "choices: ['blocks the IL-6 receptor', 'blocks IL-2 signalling', 'depletes B cells']",
    ),
    Rule(
        "absolute-distractor",
        "absolute qualifiers (always, never, only, all, no risk, cannot...) appear only in "
        "wrong options, or make a true/false statement false",
        "choices: ['CRS can be severe', 'CRS never needs treatment']",
        "choices: ['CRS can be severe', 'CRS is caused by the tumour lysing']",
    ),
    Rule(
        "stem-echo",
        "a distinctive word of the question comes back only in the correct option",
        "question: What does the transmembrane domain do? / correct: 'anchors it in the membrane'",
        "question: What does the transmembrane domain do? / correct: 'anchors the CAR'",
    ),
    Rule(
        "all-none-of-the-above",
        "an option is 'all of the above' or 'none of the above'",
        "choices: ['CD19', 'BCMA', 'all of the above']",
        "a multi card: choices ['CD19', 'BCMA', 'CD3'], the correct ones ticked",
    ),
    Rule(
        "negative-stem",
        "a question asks with NOT, EXCEPT or LEAST without emphasising it (write it in "
        "capitals or **bold**)",
        "question: Which is not a sign of ICANS?",
        "question: Which is NOT a sign of ICANS?",
    ),
    Rule(
        "too-few-choices",
        f"a single-answer card offers fewer than {MIN_CHOICES} options",
        "choices: ['CD19', 'CD20']",
        "choices: ['CD19', 'CD20', 'CD22', 'BCMA']",
    ),
)


def check(target: LintTarget, every: Sequence[LintTarget]) -> Iterator[Finding]:
    """The findings of every rule of this family in one deck."""
    for index, card in enumerate(target.deck.cards):
        at = ("cards", index)
        if card.type in ("choice", "multi"):
            yield from _options_card(card, at)
        elif card.type == "true_false":
            found = ABSOLUTES.search(card.statement)  # type: ignore[attr-defined]
            if found and card.answer is False:  # type: ignore[attr-defined]
                yield Finding(
                    "absolute-distractor",
                    (*at, "statement"),
                    f"the absolute {found.group()!r} tells the statement is false",
                )


def _options_card(card: Any, at: tuple[str | int, ...]) -> Iterator[Finding]:
    texts = [choice.text for choice in card.choices]
    right = [i for i, choice in enumerate(card.choices) if choice.correct]
    wrong = [i for i, choice in enumerate(card.choices) if not choice.correct]
    single = card.type == "choice"
    if wrong:
        ratio = _length_ratio([texts[i] for i in right], [texts[i] for i in wrong], single)
        if ratio >= LONGEST_RATIO:
            whose = "the correct option is" if single else "the correct options are on average"
            yield Finding(
                "correct-longest",
                (*at, "choices", right[0], "text"),
                f"{whose} {ratio:.2f}× as long as {'every' if single else 'the'} "
                f"distractor{'s' * (not single)}",
            )
    cued = [i for i in wrong if ABSOLUTES.search(texts[i])]
    if cued and not any(ABSOLUTES.search(texts[i]) for i in right):
        for i in cued:
            word = ABSOLUTES.search(texts[i])
            assert word is not None
            yield Finding(
                "absolute-distractor",
                (*at, "choices", i, "text"),
                f"the absolute {word.group()!r} appears only in wrong options",
            )
    if single:
        echo = _stem_echo(card.question, texts[right[0]], [texts[i] for i in wrong])
        if echo:
            yield Finding(
                "stem-echo",
                (*at, "choices", right[0], "text"),
                f"the question's word {echo!r} comes back only in the correct option",
            )
    for i, text in enumerate(texts):
        if ABOVE.search(text):
            yield Finding(
                "all-none-of-the-above",
                (*at, "choices", i, "text"),
                f"{ABOVE.search(text).group()!r} tests test-taking, not the topic",  # type: ignore[union-attr]
            )
    negative = NEGATIVE.search(card.question)
    if negative and not _emphasised(card.question, negative):
        yield Finding(
            "negative-stem",
            (*at, "question"),
            f"the question asks with {negative.group()!r}: write it NOT/EXCEPT or **bold**",
        )
    if single and len(texts) < MIN_CHOICES:
        yield Finding(
            "too-few-choices",
            (*at, "choices"),
            f"{len(texts)} options: a guess is right {100 // len(texts)}% of the time",
        )


def _length_ratio(right: list[str], wrong: list[str], single: bool) -> float:
    if single:
        return len(right[0]) / max(len(text) for text in wrong)
    mean_right = sum(map(len, right)) / len(right)
    return mean_right / (sum(map(len, wrong)) / len(wrong))


def _stem_echo(question: str, correct: str, distractors: list[str]) -> str | None:
    """A distinctive question word that comes back (one word's stem inside the other's,
    so "membrane" echoes "transmembrane") in the correct option and in no distractor."""

    def roots(text: str) -> set[str]:
        return {stem(word) for word in words(text) if len(word) >= MIN_ECHO_LENGTH}

    def echoes(root: str, option: set[str]) -> bool:
        return any(root in other or other in root for other in option)

    in_correct = roots(correct)
    elsewhere = [roots(text) for text in distractors]
    for word in sorted(content_words(question), key=lambda w: (-len(w), w)):
        root = stem(word)
        if len(root) < MIN_ECHO_LENGTH or not echoes(root, in_correct):
            continue
        if not any(echoes(root, option) for option in elsewhere):
            return word
    return None


def _emphasised(text: str, found: re.Match[str]) -> bool:
    word = found.group()
    before, after = text[: found.start()], text[found.end() :]
    return word.isupper() or (before.endswith(("*", "_")) and after.startswith(("*", "_")))
