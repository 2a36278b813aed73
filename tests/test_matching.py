"""Typed-answer matching that knows the domain: critical characters, equivalences, plurals,
list answers and the deck's glossary."""

from __future__ import annotations

import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quiz.kinds.critical import is_critical_word, is_roman_numeral
from quiz.kinds.equivalence import GREEK_NAMES, fold_words
from quiz.kinds.matching import MatchOptions, match_any


def accepts(typed: str, *answers: str, **options: object) -> bool:
    return match_any(typed, answers, MatchOptions.model_validate(options)).accepted


@pytest.mark.parametrize(
    ("typed", "answer"),
    [
        ("interferon-β", "interferon-γ"),
        ("interferon α", "interferon-γ"),
        ("interferon beta", "interferon-γ"),
        ("type I interferon", "type II interferon"),
        ("IL-8", "IL-6"),
        ("CD38", "CD28"),
        ("4-1BBL", "4-1BB"),
        ("T cell", "B cell"),
        ("IL-13Rα1", "IL-13Rα2"),
        ("gama-secretase", "gamma-secretase"),
    ],
)
def test_a_typo_is_never_spent_on_a_critical_character(typed: str, answer: str) -> None:
    assert not accepts(typed, answer)


@pytest.mark.parametrize(
    ("typed", "answer"),
    [
        ("interferone-γ", "interferon-γ"),
        ("tocilizumba", "tocilizumab"),
        ("interferon gamma", "interferon-γ"),
        ("costimulatroy domain", "costimulatory domain"),
    ],
)
def test_a_typo_in_an_ordinary_word_is_forgiven(typed: str, answer: str) -> None:
    result = match_any(typed, [answer], MatchOptions())
    assert result.accepted


def test_the_allowance_is_spent_per_word() -> None:
    assert accepts("costimulatroy domian", "costimulatory domain")
    assert not accepts("costimulatroy domain", "costimulatory domain", max_typos=0)
    assert not accepts("cosimulatroy domain", "costimulatory domain")


@pytest.mark.parametrize(
    ("typed", "answer"),
    [
        ("CD3 zeta", "CD3ζ"),
        ("cd3ζ", "CD3 zeta"),
        ("41BB", "4-1BB"),
        ("4 1BB", "4-1BB"),
        ("10-20 percent", "10-20%"),
        ("10 to 20 per cent", "10 to 20%"),
        ("the lung", "lung"),
        ("a spacer", "spacer"),
        ("about 62%", "62%"),
        ("62", "62%"),
        ("~10-20%", "10-20%"),
        ("approximately 10-20%", "about 10-20%"),
        ("around 3%", "3%"),
        ("fewer than 3%", "under 3%"),
        ("less than three percent", "below 3%"),
        ("$375,000 USD", "$375,000"),
        ("375,000$", "$375,000"),
        ("ＣＤ１９", "CD19"),  # NFKC: full-width letters and digits
        ("TCRs", "TCR"),
        ("scFvs", "scFv"),
    ],
)
def test_equivalences_apply_before_comparing(typed: str, answer: str) -> None:
    assert accepts(typed, answer)


def test_approximate_words_go_only_before_a_number() -> None:
    assert not accepts("about", "62")
    assert fold_words("around the tumour", MatchOptions()) == ("around", "the", "tumour")


def test_plurals_count_unless_the_card_says_otherwise() -> None:
    assert not accepts("TCRs", "TCR", ignore_plural=False)


def test_latin_lookalikes_only_where_the_card_allows_them() -> None:
    assert not accepts("IFN-y", "IFN-γ")
    assert not accepts("CD3z", "CD3ζ")
    assert accepts("IFN-y", "IFN-γ", greek_lookalikes=True)
    assert accepts("IFNg", "IFN-γ", greek_lookalikes=True)
    assert accepts("CD3z", "CD3ζ", greek_lookalikes=True)
    assert not accepts("IFN-b", "IFN-γ", greek_lookalikes=True)


def test_list_answers_in_any_order_where_the_card_says_so() -> None:
    answer = "CD19, BCMA and CD22"
    assert accepts("BCMA; CD22; CD19", answer, any_order=True)
    assert accepts("CD22 / CD19 & BCMA", answer, any_order=True)
    assert accepts("bcma, cd22 and cd19", answer, any_order=True)
    assert not accepts("BCMA, CD22", answer, any_order=True)
    assert not accepts("BCMA, CD22, CD20", answer, any_order=True)
    assert not accepts("BCMA; CD22; CD19", answer)


def test_a_list_answer_takes_typos_per_part() -> None:
    answer = "tocilizumab, siltuximab"
    result = match_any("siltuximab, tocilizumba", [answer], MatchOptions(any_order=True))
    assert result.accepted and result.typos == 1


def test_the_deck_glossary_gives_synonyms_both_ways() -> None:
    options = MatchOptions()
    options.attach_glossary((("steroids", "corticosteroids", "glucocorticoids"),))
    assert match_any("corticosteroids", ["steroids"], options).synonym
    assert match_any("Glucocorticoid", ["steroids"], options).accepted
    assert match_any("steroids", ["glucocorticoids"], options).accepted
    assert not match_any("antibiotics", ["steroids"], options).accepted
    unused = MatchOptions(use_synonyms=False)
    unused.attach_glossary((("steroids", "corticosteroids"),))
    assert not match_any("corticosteroids", ["steroids"], unused).accepted


def test_the_reason_of_a_verdict_names_the_typo() -> None:
    result = match_any("interferone-γ", ["interferon-γ"], MatchOptions())
    assert (result.matched, result.reason()) == ("interferon-γ", "one typo")


@pytest.mark.parametrize("word", ["i", "ii", "iv", "XII", "gamma", "ζ", "8", "<", "3.5"])
def test_critical_words(word: str) -> None:
    folded = fold_words(word, MatchOptions())
    assert all(is_critical_word(part) for part in folded)


@pytest.mark.parametrize("word", ["il", "cd28", "interferon", "civil", "mix"])
def test_ordinary_words(word: str) -> None:
    assert not is_critical_word(word)


def test_roman_numerals() -> None:
    assert is_roman_numeral("iii") and is_roman_numeral("XIV")
    assert not is_roman_numeral("") and not is_roman_numeral("iiii") and not is_roman_numeral("ill")


# -- properties ----------------------------------------------------------------------------

WORD = st.text(string.ascii_lowercase, min_size=5, max_size=12)
GREEK = sorted(set(GREEK_NAMES) - {"ς", "ϕ"})


@given(st.text(min_size=1, max_size=40))
def test_an_answer_always_matches_itself(answer: str) -> None:
    assert match_any(answer, [answer], MatchOptions()).accepted


@given(st.text(min_size=1, max_size=40))
def test_an_answer_matches_its_folded_spelling(answer: str) -> None:
    options = MatchOptions()
    spelled = " ".join(fold_words(answer, options)) or answer
    assert match_any(spelled, [answer], options).accepted


@given(WORD, st.sampled_from(GREEK), st.sampled_from(GREEK))
def test_another_greek_letter_is_never_accepted(word: str, mine: str, theirs: str) -> None:
    if GREEK_NAMES[mine] == GREEK_NAMES[theirs]:
        return
    assert not accepts(f"{word}-{mine}", f"{word}-{theirs}")
    assert not accepts(f"{word} {GREEK_NAMES[mine]}", f"{word}-{theirs}")


@given(WORD, st.integers(0, 999), st.integers(0, 999))
def test_another_number_is_never_accepted(word: str, mine: int, theirs: int) -> None:
    if mine == theirs:
        return
    assert not accepts(f"{word}-{mine}", f"{word}-{theirs}", max_typos=3)
    assert not accepts(f"{word}{mine}", f"{word}{theirs}", max_typos=3)


@given(WORD, st.sampled_from(string.ascii_lowercase), st.sampled_from(string.ascii_lowercase))
def test_another_single_letter_is_never_accepted(word: str, mine: str, theirs: str) -> None:
    if mine == theirs or mine in "aiv" or theirs in "aiv":  # articles and numerals fold
        return
    assert not accepts(f"{mine} {word}", f"{theirs} {word}", max_typos=3)
