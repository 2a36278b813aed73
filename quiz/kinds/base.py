"""What a card kind is: the one place that says everything the core needs to know about it.

A card kind (basic, choice, cloze, order, ...) declares once, in its own module: its name
(the ``type:`` written in a deck), its pydantic model, the responses it takes and how each is
written to the review log, how a response is graded, its review items, the order its options
are shown in, what revealing the answer means, the expected answer as text, and how to make a
synthetic card and a right answer for the benchmarks. :mod:`quiz.kinds.registry` lists the
kinds; the deck model, the deck items, the session, grading and the benchmarks derive from it.

Everything here is pure: no I/O, no clock, randomness only from a generator passed in.
"""

from __future__ import annotations

import random
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, Protocol, Self, TypeVar

from quiz.deck.fields import CardBase
from quiz.rating import Rating

CardT = TypeVar("CardT", bound=CardBase)


class Response(ABC):
    """A student's answer to one item, as the review log keeps it.

    Each response type has a ``tag`` (the ``"type"`` of its JSON in the log) and writes its
    other fields with :meth:`to_data`; :meth:`from_data` reads them back. The JSON written for
    a tag never changes, so old review logs always read back.
    """

    tag: ClassVar[str]

    @abstractmethod
    def to_data(self) -> dict[str, Any]:
        """The response's fields as JSON values (without the tag)."""

    @classmethod
    @abstractmethod
    def from_data(cls, data: dict[str, Any]) -> Self:
        """Read back :meth:`to_data`; ``ValueError`` when a field is missing or malformed."""


@dataclass(frozen=True)
class Reveal(Response):
    """The student asked to see the answer instead of giving one (the only answer to a basic
    card; an option on every other kind, where it makes the item self-rated)."""

    tag: ClassVar[str] = "reveal"

    def to_data(self) -> dict[str, Any]:
        return {}

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Self:
        return cls()


def int_list(data: dict[str, Any], key: str) -> list[int]:
    """``data[key]`` as a list of whole numbers (not booleans), or ``ValueError``."""
    values = data.get(key)
    if isinstance(values, list) and all(
        isinstance(value, int) and not isinstance(value, bool) for value in values
    ):
        return values
    raise ValueError(f"{key!r} is not a list of whole numbers")


class FeedbackDetail:
    """Base of the per-part feedback a kind attaches to a grade: one entry per choice
    (:class:`~quiz.kinds.choice.ChoiceFeedback`) or per position
    (:class:`~quiz.kinds.order.PlacedItem`)."""

    __slots__ = ()


@dataclass(frozen=True)
class Grade:
    """The verdict on one response.

    ``correct`` is None when the item is self-rated (a basic card, or any revealed answer).
    ``expected`` is the right answer as text; ``feedback`` holds the kind's detail (which
    choices were right, which positions were wrong); ``note`` explains an accepted near miss.
    """

    correct: bool | None
    self_rated: bool
    expected: str
    suggested: Rating
    feedback: tuple[FeedbackDetail, ...] = ()
    note: str | None = None


def self_rated(expected: str, feedback: tuple[FeedbackDetail, ...] = ()) -> Grade:
    """The grade of a revealed answer: not judged, the student rates themselves (Good)."""
    return Grade(None, True, expected, Rating.GOOD, feedback)


def judged(
    correct: bool,
    expected: str,
    feedback: tuple[FeedbackDetail, ...] = (),
    note: str | None = None,
) -> Grade:
    """The grade of a judged answer: Good when right, Again when wrong."""
    suggested = Rating.GOOD if correct else Rating.AGAIN
    return Grade(correct, False, expected, suggested, feedback, note)


class Filler(Protocol):
    """Where a synthetic card's texts come from (the benchmarks pass a seeded one)."""

    def sentence(self, words: int) -> str:
        """A capitalised sentence of ``words`` words, ending with a full stop."""
        ...

    def word(self) -> str:
        """One lower-case word."""
        ...


class CannotGenerate(NotImplementedError):
    """A card kind has no synthetic sample (or right answer) for the benchmarks."""


class CardKind(ABC, Generic[CardT]):
    """One card kind. Subclasses set the class attributes and implement the abstract methods;
    the other methods have defaults that fit a card reviewed as one item without options.

    ``card`` arguments are instances of :attr:`model`; ``group`` is the cloze group of the
    item under review (None for kinds with one item per card).
    """

    name: ClassVar[str]
    """The ``type:`` of the card in a deck; the ``Literal`` of the model's ``type`` field."""
    model: ClassVar[type[CardBase]]
    """The card's pydantic model."""
    responses: ClassVar[tuple[type[Response], ...]]
    """The response types :meth:`grade` takes; grading refuses any other."""

    @abstractmethod
    def grade(self, card: CardT, response: Response, group: int | None) -> Grade:
        """Judge a response of one of :attr:`responses` (``ValueError`` if it does not fit
        the card, for example a choice index out of range)."""

    @abstractmethod
    def expected(self, card: CardT, group: int | None) -> str:
        """The right answer of an item as text (what :attr:`Grade.expected` says)."""

    @abstractmethod
    def answer_text(self, card: CardT) -> str:
        """The whole answer of a card, every item at once (for browsing and search)."""

    def is_reveal(self, response: Response) -> bool:
        """Whether a response asks to see the answer rather than giving one."""
        return isinstance(response, Reveal)

    def items(self, card: CardT) -> list[tuple[str, int | None]]:
        """The card's review items in order: (item id, cloze group or None)."""
        return [(card.id, None)]

    def options(self, card: CardT) -> tuple[str, ...]:
        """The texts the student picks from or arranges, in authored order (empty if none)."""
        return ()

    def display_order(self, card: CardT, rng: random.Random) -> tuple[int, ...]:
        """The order to show :meth:`options` in, as indexes into them; () for authored order.

        Called once when an item is first shown; ``rng`` is the session's seeded generator.
        """
        return ()

    def shown_options(self, card: CardT, order: Sequence[int]) -> tuple[str, ...]:
        """:meth:`options` in the order of :meth:`display_order` (authored when empty)."""
        texts = self.options(card)
        return tuple(texts[index] for index in order) if order else texts

    def warnings(self, card: CardT) -> Iterator[tuple[tuple[str | int, ...], str]]:
        """Advice that does not make a deck invalid: (path within the card, message)."""
        return iter(())

    def failed_examples(self, card: CardT) -> Iterator[tuple[tuple[str | int, ...], str]]:
        """The card's self-test examples the grader gets wrong: (path within the card,
        message); see :mod:`quiz.kinds.examples`. Nothing for a kind without examples."""
        return iter(())

    def sample(self, index: int, filler: Filler) -> dict[str, Any]:
        """The kind's own fields of a synthetic card ``index`` (the benchmarks add the id,
        type, tags, source and explanation). ``CannotGenerate`` if the kind has none."""
        raise CannotGenerate(f"card kind {self.name!r} has no synthetic sample")

    def right_response(self, card: CardT, group: int | None) -> Response:
        """A response that :meth:`grade` judges right (or a reveal, for a self-rated kind).
        ``CannotGenerate`` if the kind has none."""
        raise CannotGenerate(f"card kind {self.name!r} has no right response to generate")
