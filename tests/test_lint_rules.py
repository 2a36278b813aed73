"""Each lint rule on a flawed card and on a clean one."""

from __future__ import annotations

from pathlib import Path

from lint_support import card, choice, lint_cards, write_deck

from quiz.deck.lint.runner import lint_paths

QUESTION = "Which cytokine does tocilizumab act against?"


def test_correct_longest(tmp_path: Path) -> None:
    flawed = choice("c", QUESTION, "the IL-6 receptor, so that CRS calms down", "IL-2", "TNF")
    (found,) = lint_cards(tmp_path, [flawed], "correct-longest")
    assert found.card == "c" and "× as long as every distractor" in found.message
    clean = choice("c", QUESTION, "IL-6", "IL-2", "TNF-α")
    assert lint_cards(tmp_path, [clean], "correct-longest") == []


def test_correct_longest_for_multi_compares_averages(tmp_path: Path) -> None:
    options = [
        {"text": "It releases cytokines that recruit other immune cells", "correct": True},
        {"text": "It kills tumour cells through perforin and granzymes", "correct": True},
        {"text": "It divides", "correct": False},
        {"text": "It dies", "correct": False},
    ]
    flawed = card("m", "multi", question="What does a CAR-T cell do?", choices=options)
    assert [f.rule for f in lint_cards(tmp_path, [flawed], "correct-longest")] == [
        "correct-longest"
    ]
    options[2:] = [
        {"text": "It presents antigen to B cells through MHC class II", "correct": False},
        {"text": "It secretes antibodies against the tumour antigen", "correct": False},
    ]
    assert lint_cards(tmp_path, [flawed], "correct-longest") == []


def test_absolute_distractor(tmp_path: Path) -> None:
    flawed = choice(
        "c", "What is CRS?", "A cytokine surge", "A rash that always resolves", "An allergy"
    )
    (found,) = lint_cards(tmp_path, [flawed], "absolute-distractor")
    assert found.path == "cards[0].choices[1].text" and "'always'" in found.message
    both = choice("c", "What is CRS?", "Always a cytokine surge", "Always a rash", "An allergy")
    assert lint_cards(tmp_path, [both], "absolute-distractor") == []


def test_absolute_qualifier_deciding_a_true_false_statement(tmp_path: Path) -> None:
    false = card("t", "true_false", statement="BiTEs can only treat blood cancers.", answer=False)
    assert len(lint_cards(tmp_path, [false], "absolute-distractor")) == 1
    true = card("t", "true_false", statement="BiTEs can only work with T cells.", answer=True)
    assert lint_cards(tmp_path, [true], "absolute-distractor") == []


def test_stem_echo(tmp_path: Path) -> None:
    question = "What does the transmembrane domain of a CAR do?"
    flawed = choice("c", question, "Anchors it in the membrane", "Binds antigen", "Signals")
    (found,) = lint_cards(tmp_path, [flawed], "stem-echo")
    assert "'transmembrane'" in found.message
    clean = choice("c", question, "Anchors the CAR", "Binds antigen", "Signals")
    assert lint_cards(tmp_path, [clean], "stem-echo") == []


def test_all_none_of_the_above(tmp_path: Path) -> None:
    flawed = choice("c", "Which is a CAR target?", "All of the above", "CD19", "BCMA")
    assert len(lint_cards(tmp_path, [flawed], "all-none-of-the-above")) == 1
    clean = choice("c", "Which is a CAR target?", "CD19", "CD4", "CD8")
    assert lint_cards(tmp_path, [clean], "all-none-of-the-above") == []


def test_negative_stem(tmp_path: Path) -> None:
    flawed = choice("c", "Which is not a sign of ICANS?", "Rash", "Confusion", "Seizures")
    (found,) = lint_cards(tmp_path, [flawed], "negative-stem")
    assert found.path == "cards[0].question"
    for emphasised in ("Which is NOT a sign of ICANS?", "Which is **not** a sign of ICANS?"):
        clean = choice("c", emphasised, "Rash", "Confusion", "Seizures")
        assert lint_cards(tmp_path, [clean], "negative-stem") == []


def test_too_few_choices(tmp_path: Path) -> None:
    assert (
        len(lint_cards(tmp_path, [choice("c", QUESTION, "IL-6", "IL-2")], "too-few-choices")) == 1
    )
    assert (
        lint_cards(tmp_path, [choice("c", QUESTION, "IL-6", "IL-2", "TNF")], "too-few-choices")
        == []
    )


def test_hint_reveals(tmp_path: Path) -> None:
    for text in (
        "T cells are {{c1::collected::c…, taken from the patient}} first.",
        "The severity reaches {{c1::life-threatening::life-...}} levels.",
        "The hint names it: {{c1::tocilizumab::like tocilizumab}}.",
        "This is {{c1::on-target}}, {{c2::off-tumour}} toxicity (OTOT).",
        "Patients may need {{c1::ICU::abbreviation}} care in an intensive care unit.",
    ):
        assert lint_cards(tmp_path, [card("z", "cloze", text=text)], "hint-reveals"), text
    clean = card("z", "cloze", text="T cells are {{c1::collected::first step}} first.")
    assert lint_cards(tmp_path, [clean], "hint-reveals") == []


def test_typo_collision_with_another_cards_answer(tmp_path: Path) -> None:
    cards = [
        card(
            "a", "typed", question="Which enzyme degrades heparan sulfate?", answers=["heparanase"]
        ),
        card("b", "typed", question="Which bacterial enzyme cuts heparin?", answers=["heparinase"]),
    ]
    found = lint_cards(tmp_path, cards, "typo-collision")
    assert {f.card for f in found} == {"a", "b"}
    assert "accepts 'heparinase' (deck:b) as 'heparanase' (one typo)" in found[0].message
    for each in cards:
        each["match"] = {"max_typos": 0}
    assert lint_cards(tmp_path, cards, "typo-collision") == []


def test_typo_collision_with_a_glossary_term(tmp_path: Path) -> None:
    cards = [card("a", "cloze", text="Signs include {{c1::seizure}}.")]
    found = lint_cards(tmp_path, cards, "typo-collision", synonyms={"seizures": ["fits"]})
    assert found == []  # a plural is no typo
    found = lint_cards(tmp_path, cards, "typo-collision", synonyms={"seisure": ["fit"]})
    assert len(found) == 1 and "the glossary of deck" in found[0].message


def test_duplicate_card_in_one_deck_and_across_decks(tmp_path: Path) -> None:
    one = card(
        "a", "typed", question="Which receptor is knocked out to prevent GVHD?", answers=["TCR"]
    )
    two = card(
        "b",
        "typed",
        question="Which receptor of donor cells is knocked out to prevent GVHD in allogeneic use?",
        answers=["TCR", "TRAC"],
    )
    found = lint_cards(tmp_path, [one, two], "duplicate-card")
    assert len(found) == 1 and found[0].card == "b"
    assert "accepts different answers (only here: 'TRAC'; only there: none)" in found[0].message
    first = write_deck(tmp_path, [one], "first")
    second = write_deck(
        tmp_path, [card("c", "typed", question=one["question"], answers=["TCR"])], "second"
    )
    (across,) = lint_paths([first, second], ["duplicate-card"]).findings
    assert across.card == "c" and "first:a" in across.message
    other = card("d", "typed", question="Which antigen does a CD19 CAR bind?", answers=["CD19"])
    assert lint_cards(tmp_path, [one, other], "duplicate-card") == []


def test_source_framed_stem(tmp_path: Path) -> None:
    for question in (
        "According to the blog, which cytokine drives CRS?",
        "Which cytokine does Klein name as the driver of CRS?",
        "Klein lists which cytokine as the driver of CRS?",
    ):
        flawed = choice("c", question, "IL-6", "IL-2", "TNF")
        assert len(lint_cards(tmp_path, [flawed], "source-framed-stem")) == 1, question
    clean = choice("c", "Which cytokine drives CRS?", "IL-6", "IL-2", "TNF")
    assert lint_cards(tmp_path, [clean], "source-framed-stem") == []


def test_a_card_silences_a_rule_with_a_reason(tmp_path: Path) -> None:
    question = "According to the blog, what did the trial report?"
    silenced = choice(
        "c",
        question,
        "IL-6",
        "IL-2",
        "TNF",
        lint={"ignore": ["source-framed-stem"], "why": "the card asks what the blog got wrong"},
    )
    assert lint_cards(tmp_path, [silenced], "source-framed-stem") == []


def test_silencing_needs_a_reason_and_known_rules(tmp_path: Path) -> None:
    from quiz.deck.loader import load_file

    no_reason = choice("c", QUESTION, "IL-6", "IL-2", "TNF", lint={"ignore": ["stem-echo"]})
    _, problems = load_file(write_deck(tmp_path, [no_reason]))
    assert [(p.path, p.message) for p in problems] == [
        ("cards[0].lint", "missing required key 'why'")
    ]
    unknown = choice("c", QUESTION, "IL-6", "IL-2", "TNF", lint={"ignore": ["nope"], "why": "x"})
    _, problems = load_file(write_deck(tmp_path, [unknown]))
    assert any("lint.ignore[0]" in p.path for p in problems)
