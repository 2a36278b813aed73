"""Cloze deletions: the ``{{c1::answer|alternative::hint}}`` syntax, parsed and rendered."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True, slots=True)
class Deletion:
    """One `{{...}}` in a cloze text: its group, hidden answer, optional hint and position.

    ``answer`` is what the text shows once revealed; ``alternatives`` are further accepted
    answers, written ``{{c1::glioblastoma|GBM}}``.
    """

    group: int
    answer: str
    hint: str | None
    start: int
    end: int
    alternatives: tuple[str, ...] = ()

    @property
    def accepted(self) -> tuple[str, ...]:
        """Every answer that counts as right, the shown one first."""
        return (self.answer, *self.alternatives)


_DELETION = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
_GROUP = re.compile(r"^c([1-9][0-9]{0,2})::(.*)$", re.DOTALL)


def parse_cloze(text: str) -> list[Deletion]:
    """Return the deletions of a cloze text, or raise ``ValueError`` saying what is wrong.

    ``{{answer}}`` is a deletion of its own; ``{{c2::answer}}`` joins group 2,
    ``{{c2::answer::hint}}`` adds a hint and ``{{c2::answer|other}}`` accepts ``other`` too.
    Ungrouped deletions are numbered in order of appearance; a text may not mix grouped and
    ungrouped deletions.
    """
    deletions: list[Deletion] = []
    grouped = ungrouped = 0
    for match in _DELETION.finditer(text):
        body = match.group(1)
        if "{{" in body:
            raise ValueError(f"nested '{{{{' inside a deletion at character {match.start() + 1}")
        group_match = _GROUP.match(body)
        if group_match:
            grouped += 1
            group = int(group_match.group(1))
            body = group_match.group(2)
        else:
            ungrouped += 1
            group = ungrouped
        answer, _, hint = body.partition("::")
        accepted = [part.strip() for part in answer.split("|")]
        if not all(accepted):
            raise ValueError(f"empty deletion at character {match.start() + 1}")
        deletions.append(
            Deletion(
                group,
                accepted[0],
                hint.strip() or None,
                match.start(),
                match.end(),
                tuple(accepted[1:]),
            )
        )
    rest = _DELETION.sub("", text)
    if "{{" in rest or "}}" in rest:
        raise ValueError("unbalanced '{{' or '}}' in cloze text")
    if not deletions:
        raise ValueError("a cloze text needs at least one deletion written {{...}}")
    if grouped and ungrouped:
        raise ValueError("mixes grouped {{c1::...}} and ungrouped {{...}} deletions")
    return deletions


ClozeRole = Literal["text", "blank", "answer"]
"""What a piece of a rendered cloze text is: plain text (other groups' answers among it), a
blank standing for a hidden deletion (``[...]`` or ``[hint]``), or a hidden answer revealed."""


def cloze_segments(
    text: str, hidden_group: int | None, *, reveal: bool = False
) -> Iterator[tuple[str, ClozeRole]]:
    """A cloze text for one group, in pieces: the one rule of what is hidden.

    The group's deletions are blanks (their hint, else ``...``, in brackets), or with
    ``reveal`` their answers; other groups' deletions show their answers as plain text. With
    ``hidden_group=None`` every deletion is hidden.
    """
    position = 0
    for deletion in parse_cloze(text):
        yield text[position : deletion.start], "text"
        if hidden_group is not None and deletion.group != hidden_group:
            yield deletion.answer, "text"
        elif reveal:
            yield deletion.answer, "answer"
        else:
            yield f"[{deletion.hint or '...'}]", "blank"
        position = deletion.end
    yield text[position:], "text"


def render_cloze(text: str, hidden_group: int | None, *, reveal: bool = False) -> str:
    """Render a cloze text for one group as plain text (:func:`cloze_segments`); revealed
    answers are shown in brackets."""
    return "".join(
        f"[{piece}]" if role == "answer" else piece
        for piece, role in cloze_segments(text, hidden_group, reveal=reveal)
    )
