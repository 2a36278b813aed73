"""``source-framed-stem``: a question that asks what a source said.

"According to the blog..." or "Which does Klein name..." tests where a fact is written, not
the fact. Where the fact is about the source itself, silence the rule on the card with
``lint: {ignore: [source-framed-stem], why: "..."}``. The sources' names are the deck's:
each author's surname, the first word of each venue, and "the blog", "the review", "the
article", "the paper", "the authors".
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from quiz.deck.lint.findings import Finding, LintTarget, Rule, prompt_field
from quiz.deck.model import Deck

_GENERIC = ("the blog", "the review", "the article", "the paper", "the authors", "the source")
_VERBS = (
    r"says?|said|lists?|listed|names?|named|reports?|reported|describes?|described|mentions?|"
    r"mentioned|calls?|called|argues?|notes?|writes?|wrote|puts? it|suggests?|claims?|states?|"
    r"highlights?|identifies?|emphasi[sz]es?|cites?|gives?|counts?|credits?|frames?|sees?"
)
_ASKS = r"say|list|name|report|describe|mention|call|give|cite|identify|count|credit|see"

RULES = (
    Rule(
        "source-framed-stem",
        "the question asks what a source said ('according to the blog') where the fact is not "
        "about the source",
        "question: According to the blog, which cytokine does tocilizumab block?",
        "question: Which cytokine's receptor does tocilizumab block?",
    ),
)


def check(target: LintTarget, every: Sequence[LintTarget]) -> Iterator[Finding]:
    """The cards whose question is framed by a source."""
    pattern: re.Pattern[str] = target.memoized("framing", lambda: _pattern(target.deck))
    for index, card in enumerate(target.deck.cards):
        found = pattern.search(card.prompt)
        if found:
            yield Finding(
                "source-framed-stem",
                ("cards", index, prompt_field(card.type)),
                f"the question asks what a source said ({found.group().strip()!r}): ask for "
                "the fact itself",
            )


def _pattern(deck: Deck) -> re.Pattern[str]:
    names: set[str] = set(_GENERIC)
    for source in deck.sources:
        for author in source.authors:
            surname = author.split()[0].strip(",")
            if len(surname) >= 3:
                names.add(surname)
        venue = source.venue.split()[0].strip(",")
        if len(venue) >= 4 and venue[0].isupper():
            names.add(venue)
    name = "|".join(sorted((re.escape(n) for n in names), key=len, reverse=True))
    return re.compile(
        rf"\baccording to\b|\b(?:{name})(?:'s|’s)?\s+(?:{_VERBS})\b|"
        rf"\b(?:does|did|do)\s+(?:{name})\s+(?:{_ASKS})\b|"
        rf"\b(?:in|by|from)\s+(?:{name})(?:'s|’s)\s+(?:account|view|words|summary|list)\b",
        re.IGNORECASE,
    )
