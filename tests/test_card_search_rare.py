"""Browse's search over rare and common words alike: the same matches as checking every card."""

from __future__ import annotations

import random

from quiz.tui.card_search import CardLabels, CardSearch

COMMON = ["cell", "cytokine", "the", "of", "car-t", "dose"]


def every_card(texts: list[str], query: str) -> list[int]:
    words = query.casefold().split()
    return [i for i, text in enumerate(texts) if all(word in text.casefold() for word in words)]


def collection(count: int, seed: int = 7) -> list[str]:
    """Cards with a unique id each, common words, and words from a long tail (some not ASCII)."""
    rng = random.Random(seed)
    tail = [f"{rng.choice(['cd', 'il', 'tnf', 'ζeta', 'α', '🧬'])}{n}" for n in range(count)]
    texts = []
    for index in range(count):
        words = [f"card-{index:05d}", *rng.sample(COMMON, rng.randint(0, 4))]
        words += [rng.choice(tail) for _ in range(rng.randint(0, 3))]
        rng.shuffle(words)
        texts.append(" ".join(words))
    return texts


def test_rare_words_ids_and_letters_match_as_a_full_search_would() -> None:
    texts = collection(3000)
    search = CardSearch(texts)
    typed = ["card-00123", "card-02 cyto", "ζeta1", "🧬2 the", "il1 cd2", "α", "zzz", "e", "CELL"]
    queries = [word[:end] for word in typed for end in range(1, len(word) + 1)]
    queries += [query[:-cut] for query in queries[-20:] for cut in range(1, 4)]
    for query in queries:
        assert list(search.matches(query)) == every_card(texts, query), repr(query)


def test_a_fresh_search_for_each_query_matches_too() -> None:
    texts = collection(500, seed=11)
    for query in ["card-0004", "tnf", "of dose", "ζ", "d", "car-t cd"]:
        assert list(CardSearch(texts).matches(query)) == every_card(texts, query), query


def test_no_cards_and_one_card() -> None:
    assert list(CardSearch([]).matches("x")) == []
    assert list(CardSearch([]).matches("")) == []
    assert list(CardSearch(["Only ONE"]).matches("one")) == [0]
    assert list(CardSearch(["Only ONE"]).matches("two")) == []


def test_labels_give_back_each_prompt_and_type() -> None:
    labels = CardLabels()
    rows = [("What is CD3ζ?", "basic"), ("", "cloze"), ("🧬 gene", "basic"), ("x\ty", "order")]
    for prompt, card_type in rows:
        labels.add(prompt, card_type)
    assert len(labels) == len(rows)
    assert [labels[i] for i in range(len(rows))] == rows
    assert labels[-1] == rows[-1]
