"""Cloze text for one group, in pieces: what is hidden, what is shown, in the core and the app."""

from __future__ import annotations

from quiz.deck.cloze import cloze_segments, render_cloze
from quiz.kinds.cloze import ClozeCard
from quiz.tui.kinds.cloze import BLANK_STYLE, FILLED_STYLE, cloze_content

TEXT = "A {{c1::scFv::binder}} joins {{c2::CD3ζ}} and {{c1::a hinge}}."
CARD = ClozeCard.model_validate(
    {"id": "cl", "type": "cloze", "text": TEXT, "source": {"key": "src", "locator": "p1"}}
)


def pieces(group: int | None, reveal: bool) -> list[tuple[str, str]]:
    return [(piece, role) for piece, role in cloze_segments(TEXT, group, reveal=reveal) if piece]


def test_the_group_asked_is_blank_and_the_others_are_plain_text():
    assert pieces(1, False) == [
        ("A ", "text"),
        ("[binder]", "blank"),
        (" joins ", "text"),
        ("CD3ζ", "text"),
        (" and ", "text"),
        ("[...]", "blank"),
        (".", "text"),
    ]
    assert [role for _, role in pieces(2, False)].count("blank") == 1


def test_revealed_answers_and_every_group_hidden():
    assert [(p, r) for p, r in pieces(1, True) if r != "text"] == [
        ("scFv", "answer"),
        ("a hinge", "answer"),
    ]
    assert [p for p, r in pieces(None, False) if r == "blank"] == ["[binder]", "[...]", "[...]"]


def styled(group: int | None, reveal: bool) -> tuple[str, list[tuple[str, str]]]:
    content = cloze_content(CARD, group, reveal=reveal)
    return content.plain, [(content.plain[s.start : s.end], s.style) for s in content.spans]


def test_the_app_styles_the_pieces_the_core_cuts():
    assert styled(1, False) == (
        render_cloze(TEXT, 1),
        [("[binder]", BLANK_STYLE), ("[...]", BLANK_STYLE)],
    )
    assert styled(1, True) == (
        "A scFv joins CD3ζ and a hinge.",
        [("scFv", FILLED_STYLE), ("a hinge", FILLED_STYLE)],
    )
    assert render_cloze(TEXT, 1, reveal=True) == "A [scFv] joins CD3ζ and [a hinge]."
