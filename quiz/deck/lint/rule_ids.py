"""The ids of the lint rules, as a deck's ``lint: {ignore: [...]}`` may name them."""

from __future__ import annotations

from typing import Literal, get_args

RuleId = Literal[
    "correct-longest",
    "absolute-distractor",
    "stem-echo",
    "all-none-of-the-above",
    "negative-stem",
    "too-few-choices",
    "hint-reveals",
    "typo-collision",
    "duplicate-card",
    "source-framed-stem",
]
RULE_IDS: tuple[str, ...] = get_args(RuleId)
