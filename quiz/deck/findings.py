"""What validating a deck's data finds, kept apart from where each finding is in the file.

The data may be read without positions (:mod:`quiz.deck.yaml_fast`): a deck without findings
then needs none, and one with findings is located afterwards in the event path's document of
the same data, without validating it again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from quiz.deck.model import Deck, RuleViolation
    from quiz.deck.problems import ProblemCollector
    from quiz.deck.schema_errors import Locator
    from quiz.deck.validation import SchemaCheck
    from quiz.deck.yaml_document import Document


@dataclass
class Findings:
    """Everything validation found in a deck's data, in the order it is reported."""

    check: SchemaCheck
    rule_errors: list[RuleViolation] = field(default_factory=list)
    """Errors of the rules across cards (ids, source keys), found before the models run."""
    later: list[RuleViolation] = field(default_factory=list)
    """Found in a deck without errors: failed examples, warnings, control characters."""

    @property
    def deck(self) -> Deck | None:
        """The deck, when its data passed the models."""
        return self.check.deck

    @property
    def none(self) -> bool:
        """Whether nothing at all was found: the deck is valid and has no warning."""
        check = self.check
        return not (self.rule_errors or check.errors or check.counted or self.later)

    def locate(self, where: Locator, out: ProblemCollector) -> Deck | None:
        """Add every finding to ``out`` at its place; the deck, unless one is an error."""
        from quiz.deck.schema_errors import locate, locate_errors

        locate(where, self.rule_errors, out)
        locate_errors(where, self.check.errors, out)
        if self.check.counted:
            out.left_out(self.check.counted, where.offset(self.check.counted_from))
        locate(where, self.later, out)
        return None if out.failed else self.deck


def find(doc: Document, text: str, *, failed: bool = False) -> Findings:
    """Validate the data of ``doc`` (a mapping) read from ``text``; ``failed``: an error was
    found already (while reading), so that the findings of a valid deck are not looked for."""
    from quiz.deck.control_chars import holds_control
    from quiz.deck.model import cross_check, deck_warnings, failed_examples
    from quiz.deck.validation import check_deck, control_warnings

    data: Any = doc.data
    rule_errors = [v for v in cross_check(data) if v.severity == "error"]
    found = Findings(check_deck(data, doc.item_sizes, doc.values), rule_errors)
    check = found.check
    if check.deck is not None and not (failed or rule_errors or check.errors or check.counted):
        found.later += failed_examples(check.deck)
        found.later += deck_warnings(check.deck)
        if "\\" in text or holds_control(text):  # escapes, or raw NEL or bidi controls
            found.later += control_warnings(data)
    return found
