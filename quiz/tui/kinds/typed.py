"""Typed cards in the app: the answer is typed into the answer field."""

from __future__ import annotations

from quiz.kinds.typed import TypedCard
from quiz.tui.kinds.text_entry import TextEntryTui


class TypedTui(TextEntryTui[TypedCard]):
    """A short answer typed in; the feedback names the first accepted spelling."""

    name = "typed"
    label = "type the answer"
    short_label = "type it"
