"""Basic cards in the app: the back is revealed with a key and the student rates themselves."""

from __future__ import annotations

from typing import TYPE_CHECKING

from quiz.kinds.basic import BasicCard
from quiz.tui.kinds.base import TuiKind

if TYPE_CHECKING:
    from quiz.kinds.base import Grade
    from quiz.study.study_item import StudyItem


class BasicTui(TuiKind[BasicCard]):
    """``space`` (or ``enter``) shows the back; the feedback names it ``Back``."""

    name = "basic"
    label = "recall"
    short_label = "recall"
    how_to_answer = "space shows the back; rate yourself 1-4"
    actions = frozenset({"reveal"})

    def answer_line(self, item: StudyItem, grade: Grade) -> tuple[str, str | None]:
        return "Back", grade.expected
