"""Every lint rule, by family, in the order the documentation lists them."""

from __future__ import annotations

from quiz.deck.lint import choices, duplicates, framing, hints, typos
from quiz.deck.lint.findings import Check, Rule
from quiz.deck.lint.rule_ids import RULE_IDS

FAMILIES: tuple[tuple[tuple[Rule, ...], Check], ...] = (
    (choices.RULES, choices.check),
    (hints.RULES, hints.check),
    (typos.RULES, typos.check),
    (duplicates.RULES, duplicates.check),
    (framing.RULES, framing.check),
)
RULES: dict[str, Rule] = {rule.id: rule for rules, _ in FAMILIES for rule in rules}
assert tuple(RULES) == RULE_IDS, "the rule ids a deck may name are the rules there are"
