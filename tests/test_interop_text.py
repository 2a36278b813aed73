"""HTML to text, and the text formats: Anki's notes in plain text and CSV/TSV tables."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from quiz.interop.html_text import html_to_text
from tests.interop_support import run


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("a<br>b<br/>c", "a\nb\nc"),
        ("<div>one</div><div>two</div>", "one\ntwo"),
        ("<ul><li>x</li><li>y <b>z</b></li></ul>", "- x\n- y z"),
        ("&zeta;&nbsp;&amp;&lt;b&gt;", "ζ &<b>"),
        ('<img src="cell.png"> and [sound:a b.mp3]', "[image: cell.png] and [sound: a b.mp3]"),
        (r"\(x^2 < 3\) and \[y\]", r"\(x^2 < 3\) and \[y\]"),
        ("<style>.x{}</style><script>alert(1)</script>kept", "kept"),
        ("a\x1b[31m red\x07", "a[31m red"),
        ("  spaced\n  out  ", "spaced out"),
        ("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>", "a | b\nc"),
        ("<p>one</p><p></p><p></p><p>two</p>", "one\ntwo"),
    ],
)
def test_html_becomes_text_with_its_structure(html: str, text: str) -> None:
    media: list[str] = []
    assert html_to_text(html, media) == text


def test_media_names_are_collected() -> None:
    media: list[str] = []
    html_to_text('<img src="a.png"><img src="b.jpg">[sound:c.mp3]', media)
    assert sorted(media) == ["a.png", "b.jpg", "c.mp3"]


_PIECES = ["a", "b c", " ", "\n", "\t", "\u00a0", "<br>", "<BR/>", "<br class=x>", "</br>"]
_PIECES += [
    "<brx>",
    "<br",
    "<b>",
    "<!-- c -->",
    "<script>",
    "<p>",
    "[sound:s.mp3]",
    "\x1b",
    ">",
    "<",
]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=12).map("".join))
def test_a_field_of_line_breaks_reads_as_the_general_reading_does(field: str) -> None:
    # An inline tag that changes nothing takes the field off the short way for line breaks.
    assert html_to_text(field) == html_to_text("<span></span>" + field)


def _import(tmp_path: Path, name: str, content: str) -> dict:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    assert run("import", path, "-o", tmp_path / "deck.yaml") == 0
    return yaml.safe_load((tmp_path / "deck.yaml").read_text(encoding="utf-8"))


def test_anki_text_headers_set_separator_html_type_deck_and_tags(tmp_path: Path) -> None:
    deck = _import(
        tmp_path,
        "notes.txt",
        "#separator:semicolon\n#html:false\n#notetype:Cloze\n#deck:Bio::Cells\n#tags:t1 t2\n"
        "A {{c1::T cell}} <kills>;kept as text\n",
    )
    assert deck["title"] == "Bio::Cells"
    [card] = deck["cards"]
    assert card["type"] == "cloze"
    assert card["text"] == "A {{c1::T cell}} <kills>"  # html:false: the angle brackets stay
    assert card["explanation"] == "kept as text"
    assert card["tags"] == ["t1", "t2"]


def test_anki_text_with_guid_and_type_columns(tmp_path: Path) -> None:
    deck = _import(
        tmp_path,
        "notes.txt",
        "#separator:tab\n#html:true\n#guid column:1\n#notetype column:2\n"
        "abc\tBasic (type in the answer)\tCapital of France?\t<i>Paris</i>\n"
        "def\tBasic (and reversed card)\tCD19\tB-cell antigen\n",
    )
    cards = {card["id"]: card for card in deck["cards"]}
    assert len(cards) == 3
    typed = next(c for c in cards.values() if c["type"] == "typed")
    assert typed["answers"] == ["Paris"]
    fronts = sorted(c["front"] for c in cards.values() if c["type"] == "basic")
    assert fronts == ["B-cell antigen", "CD19"]
    assert any(card_id.endswith("-card2") for card_id in cards)


def test_a_tsv_table_with_a_header_row(tmp_path: Path) -> None:
    deck = _import(
        tmp_path,
        "cards.tsv",
        "Question\tAnswer\tExplanation\tTags\tid\n"
        "What is CRS?\tCytokine release syndrome\tA systemic reaction\tsafety tox\tcrs-1\n"
        "A {{c1::cloze}} row\t\tbecause\t\t\n",
    )
    first, second = deck["cards"]
    assert (first["front"], first["back"], first["explanation"]) == (
        "What is CRS?",
        "Cytokine release syndrome",
        "A systemic reaction",
    )
    assert first["tags"] == ["safety", "tox"]
    assert (second["type"], second["text"]) == ("cloze", "A {{c1::cloze}} row")  # no answer
    assert run("validate", "--strict", tmp_path / "deck.yaml") == 0


def test_a_csv_with_a_text_column_makes_cloze_cards(tmp_path: Path) -> None:
    deck = _import(tmp_path, "cards.csv", 'text,extra\n"A {{c1::CAR}}, joined",why\n')
    [card] = deck["cards"]
    assert (card["type"], card["text"], card["explanation"]) == (
        "cloze",
        "A {{c1::CAR}}, joined",
        "why",
    )


def test_importing_the_same_table_twice_gives_the_same_ids(tmp_path: Path) -> None:
    content = "front,back\nQ1,A1\nQ2,A2\n"
    first = _import(tmp_path, "a.csv", content)
    second = _import(tmp_path, "a.csv", "front,back\nQ0,A0\n" + content.split("\n", 1)[1])
    ids = {c["front"]: c["id"] for c in first["cards"]}
    again = {c["front"]: c["id"] for c in second["cards"]}
    assert ids["Q1"] == again["Q1"] and ids["Q2"] == again["Q2"]


@settings(max_examples=600, deadline=None)
@given(st.text(st.sampled_from(["a", "é", " ", "\t", "\n", "\u00a0", "\u2028", "\x1f"])))
def test_white_space_runs_become_one_space(field: str) -> None:
    assert html_to_text(field) == " ".join(field.replace("\x1f", "").split())
