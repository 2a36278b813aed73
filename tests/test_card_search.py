"""Browse's search: the same matches as checking every card, whichever query came before."""

from __future__ import annotations

import random

from quiz.tui.card_search import KEPT, CardSearch

WORDS = ["cytokine", "release", "hypoxia", "marrow", "car-t", "cd19", "relapse", "dose"]


def every_card(texts: list[str], query: str) -> list[int]:
    words = query.casefold().split()
    return [i for i, text in enumerate(texts) if all(word in text.casefold() for word in words)]


def cards(count: int, seed: int = 3) -> list[str]:
    rng = random.Random(seed)
    return [" ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 6))) for _ in range(count)]


def test_typing_erasing_and_retyping_match_as_a_full_search_would() -> None:
    texts = cards(300)
    search = CardSearch(texts)
    typed = "hypoxia  marrow cd19"
    queries = [typed[:end] for end in range(len(typed) + 1)]
    queries += [*queries[::-1], "marrow hypoxia", "MARROW", "rel dose", "zeta", "", "   "]
    for query in queries:
        assert list(search.matches(query)) == every_card(texts, query), repr(query)


def test_a_query_with_no_words_matches_every_card() -> None:
    search = CardSearch(["a", "b"])
    assert list(search.matches("")) == [0, 1]
    assert list(search.matches("  ")) == [0, 1]


def test_a_word_never_spans_two_parts_of_a_text() -> None:
    search = CardSearch(["cell therapy", "celltherapy"])
    assert list(search.matches("celltherapy")) == [1]
    assert list(search.matches("cell therapy")) == [0, 1]


def test_matches_stay_right_after_more_queries_than_are_kept() -> None:
    texts = cards(50)
    search = CardSearch(texts)
    for number in range(KEPT * 2):
        query = f"{WORDS[number % len(WORDS)]} {number}"
        assert list(search.matches(query)) == every_card(texts, query)
    assert list(search.matches("marrow")) == every_card(texts, "marrow")
