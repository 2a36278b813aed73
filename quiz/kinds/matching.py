"""Typed answers: the text response, the options a card sets for matching, and the matching.

Shared by the kinds the student types into (``typed`` cards and ``cloze`` blanks). A typed
text is right when, once both are folded (:mod:`quiz.kinds.equivalence`), it is an accepted
spelling, a synonym of one from the deck's glossary, or one within the typo allowance. The
allowance is spent per word and never on a critical word (:mod:`quiz.kinds.critical`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Self

from pydantic import Field, PrivateAttr

from quiz.deck.fields import StrictModel
from quiz.kinds.base import Response, Reveal
from quiz.kinds.critical import digits, is_critical_word
from quiz.kinds.equivalence import fold_words, joined, lookalike_variants
from quiz.kinds.list_answers import assign, list_parts


class MatchOptions(StrictModel):
    """How a typed response is compared with the accepted answers."""

    ignore_case: bool = True
    ignore_accents: bool = True
    ignore_punctuation: bool = Field(
        default=True,
        description="Also ignores spaces, so 'IL 13' matches 'IL-13' and '41BB' '4-1BB'.",
    )
    max_typos: int | None = Field(
        default=None,
        ge=0,
        le=5,
        description="Edits forgiven in each word. Default: 1 for a word of five or more "
        "characters, else 0. Never spent on a Greek letter, a single letter, a roman numeral, "
        "a number or any digit.",
    )
    ignore_plural: bool = Field(
        default=True, description="A word typed with or without a final 's' (TCR, TCRs)."
    )
    greek_lookalikes: bool = Field(
        default=False,
        description="Accept the Latin letter students type for a Greek one: 'CD3z' for "
        "'CD3ζ', 'IFN-y' or 'IFN-g' for 'IFN-γ'.",
    )
    any_order: bool = Field(
        default=False,
        description="The answer is a list whose parts may be typed in any order, separated "
        "by ',', ';', '/', '&' or 'and' (a cloze group's blanks likewise).",
    )
    use_synonyms: bool = Field(
        default=True, description="Accept the deck's `synonyms` of an accepted answer."
    )
    _glossary: tuple[tuple[str, ...], ...] = PrivateAttr(default=())

    def attach_glossary(self, glossary: tuple[tuple[str, ...], ...]) -> None:
        """Give the options the deck's synonym groups (set once, when the deck is built)."""
        self._glossary = glossary

    @property
    def glossary(self) -> tuple[tuple[str, ...], ...]:
        """The deck's synonym groups (each a term and its synonyms), if the card uses them."""
        return self._glossary if self.use_synonyms else ()


@dataclass(frozen=True)
class TextResponse(Response):
    """A typed answer: for a typed card, or for one cloze group.

    A cloze group with several deletions takes its answers in order, separated by ``;``
    (or ``,``), for example ``"CD19; BCMA"``.
    """

    tag: ClassVar[str] = "text"
    text: str

    def to_data(self) -> dict[str, Any]:
        return {"text": self.text}

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Self:
        text = data.get("text")
        if not isinstance(text, str):
            raise ValueError("'text' is not a string")
        return cls(text)


def is_text_reveal(response: Response) -> bool:
    """A reveal, or an empty typed answer (enter alone shows the answer)."""
    return isinstance(response, Reveal) or (
        isinstance(response, TextResponse) and not response.text.strip()
    )


@dataclass(frozen=True)
class MatchResult:
    """The verdict on one typed text: whether it is accepted, which spelling it matched,
    the typos forgiven and, for an accepted text, why it counts."""

    accepted: bool
    matched: str | None = None
    typos: int = 0
    synonym: bool = False
    plural: bool = False

    @property
    def near(self) -> bool:
        """Accepted only thanks to the typo allowance."""
        return self.accepted and self.typos > 0

    def reason(self) -> str:
        """Why an accepted text counts, in a few words."""
        parts = []
        if self.typos:
            parts.append("one typo" if self.typos == 1 else f"{self.typos} typos")
        if self.synonym:
            parts.append("a synonym from the deck's glossary")
        if self.plural:
            parts.append("a plural")
        return ", ".join(parts) or "the same once folded"


REJECTED = MatchResult(False)


def normalize(text: str, options: MatchOptions) -> str:
    """``text`` folded as the matching options say, its words joined (see
    :mod:`quiz.kinds.equivalence`): run together when punctuation is ignored, else spaced."""
    return joined(fold_words(text, options), options)


def typo_allowance(word: str, options: MatchOptions) -> int:
    """Edits forgiven in one folded word of an answer: none for a critical word, else the
    card's ``max_typos`` or the default (1 for five or more characters, else 0); never more
    than half the word, so a short word cannot be matched by something unrelated."""
    if is_critical_word(word):
        return 0
    allowed = options.max_typos
    if allowed is None:
        allowed = 1 if len(word) >= 5 else 0
    return min(allowed, len(word) // 2)


def synonyms_of(answer: str, options: MatchOptions) -> list[str]:
    """The glossary terms that mean the same as ``answer`` (itself excluded)."""
    glossary = options.glossary
    if not glossary:
        return []
    folded = normalize(answer, options)
    found: list[str] = []
    for group in glossary:
        if any(normalize(term, options) == folded for term in group):
            found.extend(term for term in group if normalize(term, options) != folded)
    return found


def match_any(typed: str, answers: Sequence[str], options: MatchOptions) -> MatchResult:
    """The verdict on a typed text against the accepted spellings (and their synonyms)."""
    if options.any_order:
        for answer in answers:
            parts = list_parts(answer)
            if len(parts) > 1:
                result = _match_list(typed, parts, options)
                if result.accepted:
                    return result
    return _match_single(typed, answers, options)


def _match_list(typed: str, parts: list[str], options: MatchOptions) -> MatchResult:
    verdicts: dict[tuple[str, str], MatchResult] = {}

    def fits(mine: str, part: str) -> bool:
        verdicts[mine, part] = verdict = _match_single(mine, [part], options)
        return verdict.accepted

    pairs = assign(list_parts(typed), parts, fits)
    if pairs is None:
        return REJECTED
    found = [verdicts[pair] for pair in pairs]
    return MatchResult(
        True,
        ", ".join(parts),
        sum(v.typos for v in found),
        any(v.synonym for v in found),
        any(v.plural for v in found),
    )


def _match_single(typed: str, answers: Sequence[str], options: MatchOptions) -> MatchResult:
    mine = fold_words(typed, options)
    mine_joined = joined(mine, options)
    candidates = list(_candidates(answers, options))
    for answer, synonym, words in candidates:
        if not words:  # an answer made only of punctuation: compare it as written
            if " ".join(answer.split()) == " ".join(typed.split()):
                return MatchResult(True, answer, synonym=synonym)
        elif joined(words, options) == mine_joined:
            return MatchResult(True, answer, synonym=synonym)
    best: MatchResult | None = None
    for answer, synonym, words in candidates:
        fit = word_fit(mine, words, options) if words else None
        if fit is not None and (best is None or fit[0] < best.typos):
            best = MatchResult(True, answer, fit[0], synonym, fit[1])
    return best or REJECTED


def _candidates(
    answers: Sequence[str], options: MatchOptions
) -> Iterable[tuple[str, bool, tuple[str, ...]]]:
    """(accepted spelling, whether it is a synonym, folded words) of every spelling that
    counts: a percentage also without its unit, Latin look-alikes where the card allows them."""
    spellings = [(answer, False) for answer in answers]
    for answer in answers:
        spellings.extend((term, True) for term in synonyms_of(answer, options))
    for spelling, synonym in spellings:
        words = fold_words(spelling, options)
        yield spelling, synonym, words
        if "percent" in words[1:]:  # "62" for "62%": the unit may go unsaid
            yield spelling, synonym, tuple(word for word in words if word != "percent")
        if options.greek_lookalikes:
            for variant in lookalike_variants(words):
                yield spelling, synonym, variant


def word_fit(
    mine: tuple[str, ...], target: tuple[str, ...], options: MatchOptions
) -> tuple[int, bool] | None:
    """(typos, a plural used) when folded typed words fit an answer's word by word, else None."""
    if len(mine) != len(target):
        return None
    typos, plural = 0, False
    for typed, want in zip(mine, target, strict=True):
        if typed == want:
            continue
        if options.ignore_plural and _plural_of(typed, want):
            plural = True
            continue
        if is_critical_word(typed) or digits(typed) != digits(want):
            return None
        allowed = typo_allowance(want, options)
        distance = edit_distance(typed, want, limit=allowed)
        if distance > allowed:
            return None
        typos += distance
    return typos, plural


def _plural_of(typed: str, want: str) -> bool:
    if is_critical_word(want) or is_critical_word(typed):
        return False
    longer, shorter = (typed, want) if len(typed) > len(want) else (want, typed)
    return longer in (shorter + "s", shorter + "es")


def edit_distance(a: str, b: str, *, limit: int | None = None) -> int:
    """Optimal-string-alignment distance: insertions, deletions, substitutions, swaps.

    With ``limit``, any distance above it may be reported as ``limit + 1``.
    """
    if limit is not None and abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if limit is not None and min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[len(b)]
