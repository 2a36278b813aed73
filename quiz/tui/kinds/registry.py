"""Every card kind in the app, one per core kind (a test checks both lists agree).

Adding a kind to the app means writing its module here and listing it; the study screen,
the card page, the summary, the help and the labels follow from this list.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from quiz.deck.fields import CardBase
from quiz.tui.kinds.base import TuiKind
from quiz.tui.kinds.basic import BasicTui
from quiz.tui.kinds.choice import ChoiceTui, MultiTui
from quiz.tui.kinds.cloze import ClozeTui
from quiz.tui.kinds.order import OrderTui
from quiz.tui.kinds.true_false import TrueFalseTui
from quiz.tui.kinds.typed import TypedTui

if TYPE_CHECKING:
    from textual.binding import BindingType

TUI_KINDS: tuple[TuiKind[Any], ...] = (
    BasicTui(),
    ChoiceTui(),
    MultiTui(),
    TrueFalseTui(),
    ClozeTui(),
    TypedTui(),
    OrderTui(),
)

_BY_NAME = {kind.name: kind for kind in TUI_KINDS}


def tui_kind_named(name: str) -> TuiKind[Any]:
    """The app's kind for the core kind ``name``; ``KeyError`` if there is none."""
    return _BY_NAME[name]


def tui_kind_of(card: CardBase) -> TuiKind[Any]:
    """The app's kind of a card."""
    return _BY_NAME[card.type]


def answer_keys() -> list[BindingType]:
    """The bindings of every kind's answer widget, each once, in the order of the kinds."""
    unique: dict[int, BindingType] = {}
    for kind in TUI_KINDS:
        for binding in kind.answer_keys:
            unique.setdefault(id(binding), binding)
    return list(unique.values())
