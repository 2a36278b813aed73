"""Cloze deletions: the ``{{c1::answer|alternative::hint}}`` syntax, parsed and rendered."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
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


_GROUP = re.compile(r"c([1-9][0-9]{0,2})::(.*)", re.DOTALL)
_GROUP_LIKE = re.compile(r"\s*[cC]\s*[0-9]+\s*::")
MAX_GROUP = 999


def _bodies(text: str) -> list[tuple[int, int, str]]:
    """Each ``{{...}}`` of a cloze text: start, end and what is inside; in linear time.

    Raises ``ValueError`` for a ``{{`` inside a deletion, and for ``{{`` or ``}}`` left over
    outside the deletions.
    """
    found: list[tuple[int, int, str]] = []
    rest: list[str] = []
    position = 0
    while (start := text.find("{{", position)) >= 0:
        close = text.find("}}", start + 2)
        if close < 0:
            raise ValueError(
                f"the '{{{{' at character {start + 1} is not closed: add '}}}}' after its answer"
            )
        body = text[start + 2 : close]
        if "{{" in body:
            inner = start + 2 + body.index("{{")
            raise ValueError(
                f"the '{{{{' at character {start + 1} is not closed: add '}}}}' before the "
                f"next '{{{{' (character {inner + 1})"
            )
        rest.append(text[position:start])
        found.append((start, close + 2, body))
        position = close + 2
    rest.append(text[position:])
    outside = "".join(rest)
    if "{{" in outside or "}}" in outside:
        raise ValueError("unbalanced '{{' or '}}' in cloze text")
    return found


def parse_cloze(text: str) -> list[Deletion]:
    """Return the deletions of a cloze text, or raise ``ValueError`` saying what is wrong.

    ``{{answer}}`` is a deletion of its own; ``{{c2::answer}}`` joins group 2 (groups are
    ``c1`` to ``c999``), ``{{c2::answer::hint}}`` adds a hint and ``{{c2::answer|other}}``
    accepts ``other`` too. Ungrouped deletions are numbered in order of appearance; a text may
    not mix grouped and ungrouped deletions.

    A text is parsed once: loading a deck validates it and then counts its groups, and a
    session renders it again and again. Texts up to :data:`REMEMBERED_CHARS` long are
    remembered (the deletions are immutable; each caller gets a list of its own).
    """
    if len(text) <= REMEMBERED_CHARS:
        return list(_remembered(text))
    return list(_parse(text))


REMEMBERED_CHARS = 2_000
"""Cloze texts up to this long have their deletions remembered (at most 4,096 of them)."""


@lru_cache(maxsize=4096)
def _remembered(text: str) -> tuple[Deletion, ...]:
    return _parse(text)


def _parse(text: str) -> tuple[Deletion, ...]:
    deletions: list[Deletion] = []
    grouped = ungrouped = 0
    for start, end, whole in _bodies(text):
        group_match = _GROUP.fullmatch(whole)
        if group_match:
            grouped += 1
            group = int(group_match.group(1))
            body = group_match.group(2)
        elif _GROUP_LIKE.match(whole):
            written = whole.partition("::")[0].strip()
            raise ValueError(
                f"deletion group {written[:20]!r} at character {start + 1} is not allowed: "
                f"groups are written c1 to c{MAX_GROUP}, in lower case without leading zeros"
            )
        else:
            ungrouped += 1
            group = ungrouped
            body = whole
        answer, _, hint = body.partition("::")
        accepted = [part.strip() for part in answer.split("|")]
        if not all(accepted):
            raise ValueError(f"empty deletion at character {start + 1}")
        deletions.append(
            Deletion(group, accepted[0], hint.strip() or None, start, end, tuple(accepted[1:]))
        )
    if not deletions:
        raise ValueError("a cloze text needs at least one deletion written {{...}}")
    if grouped and ungrouped:
        raise ValueError("mixes grouped {{c1::...}} and ungrouped {{...}} deletions")
    return tuple(deletions)


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
