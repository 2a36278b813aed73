"""``quiz import`` of packages and text exports the real Anki wrote."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from quiz.deck.loader import load_paths
from tests.interop_support import Built, build, run


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build(tmp_path_factory.mktemp("anki"))


def _decks(folder: Path) -> dict[str, dict]:
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in folder.glob("*.yaml")}


def _cards(decks: dict[str, dict]) -> list[dict]:
    return [card for deck in decks.values() for card in deck["cards"]]


@pytest.mark.parametrize(
    ("which", "layout"),
    [
        ("latest", "collection.anki21b"),
        ("legacy", "collection.anki21"),
        ("anki2", "collection.anki2"),
        ("colpkg", "collection.anki21b"),
    ],
)
def test_every_package_layout_imports_every_stock_note_type(
    built: Built, which: str, layout: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        run(
            "import",
            getattr(built, which),
            "--into",
            tmp_path / "decks",
            "--media",
            tmp_path / "media",
        )
        == 0
    )
    out = capsys.readouterr().out
    assert f"read {layout};" in out
    decks = _decks(tmp_path / "decks")
    assert sorted(decks) == ["car-t", "car-t-basics", "car-t-cloze", "other"]
    assert decks["car-t-basics"]["title"] == "CAR-T::Basics"
    assert decks["car-t-basics"]["tags"] == ["CAR-T", "CAR-T::Basics"]
    cards = _cards(decks)
    by_type: dict[str, int] = {}
    for card in cards:
        by_type[card["type"]] = by_type.get(card["type"], 0) + 1
    # Basic 1, reversed 2, optional reversed 1 + 2, typed 1 (typed), Vocab 1; cloze 1
    assert by_type == {"basic": 7, "typed": 1, "cloze": 1}
    assert "7 notes, 9 cards (7 basic, 1 cloze, 1 typed)" in out
    scfv = next(card for card in cards if card.get("front", "").startswith("What is"))
    assert scfv["front"] == "What is an scFv?\nName it"
    assert scfv["back"] == "A single-chain ζ fragment [image: tcell.png] [sound: voice.mp3]"
    assert scfv["tags"] == ["car", "part::binder"]
    reversed_fronts = {card["front"] for card in cards if card["type"] == "basic"}
    assert {"CD19", "B-cell antigen", "IL-6", "CRS", "cytokine release"} <= reversed_fronts
    assert "cytokine" not in reversed_fronts  # the optional reverse was not asked for
    cloze = next(card for card in cards if card["type"] == "cloze")
    assert cloze["text"] == "A CAR joins an {{c1::scFv::binder}} to {{c2::CD3ζ}} with \\(x^2\\)"
    assert cloze["explanation"] == "- one\n- two"
    typed = next(card for card in cards if card["type"] == "typed")
    assert (typed["question"], typed["answers"]) == ("Co-stimulatory domain?", ["4-1BB"])
    vocab = next(card for card in cards if card.get("front") == "Allogeneic")
    assert vocab["explanation"] == "not self"
    assert (tmp_path / "media" / "tcell.png").read_bytes() == b"\x89PNG fake image bytes" * 20
    assert "media: 2 named, 1 in the file, 1 written" in out
    result = load_paths([tmp_path / "decks"])
    assert result.errors == []
    # Only cards whose notes have nothing to explain with are warned about.
    assert all("no explanation" in problem.message for problem in result.warnings)


def test_the_plain_text_export_imports_the_same_cards(built: Built, tmp_path: Path) -> None:
    assert run("import", built.latest, "--into", tmp_path / "package") == 0
    assert run("import", built.text, "--into", tmp_path / "text") == 0
    from_package, from_text = _decks(tmp_path / "package"), _decks(tmp_path / "text")
    assert sorted(from_text) == sorted(from_package)

    def keyed(decks: dict[str, dict]) -> dict[str, dict]:
        return {
            card["id"]: {k: v for k, v in card.items() if k != "source"} for card in _cards(decks)
        }

    text_cards, package_cards = keyed(from_text), keyed(from_package)
    # The text export names the custom type without its templates: it maps as Basic, so
    # its third field is labelled in the explanation; every other card is the same.
    vocab = next(i for i, c in package_cards.items() if c.get("front") == "Allogeneic")
    assert text_cards.pop(vocab)["explanation"] == "Field 3: not self"
    package_cards.pop(vocab)
    assert text_cards == package_cards


def test_card_ids_are_stable_across_imports_of_a_newer_package(
    built: Built, tmp_path: Path
) -> None:
    assert run("import", built.latest, "--into", tmp_path / "a") == 0
    assert run("import", built.legacy, "--into", tmp_path / "b") == 0
    ids = {
        p.name: [c["id"] for c in yaml.safe_load(p.read_text())["cards"]]
        for p in (tmp_path / "a").glob("*.yaml")
    }
    again = {
        p.name: [c["id"] for c in yaml.safe_load(p.read_text())["cards"]]
        for p in (tmp_path / "b").glob("*.yaml")
    }
    assert ids == again


def test_one_deck_goes_to_output_and_several_need_into(
    built: Built, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("import", built.latest, "-o", tmp_path / "x.yaml") == 2
    assert "holds 4 decks" in capsys.readouterr().err
    assert not (tmp_path / "x.yaml").exists()
    assert run("import", built.latest, "--into", tmp_path, "--deck-id", "mine") == 0
    assert sorted(p.stem for p in tmp_path.glob("*.yaml")) == [
        "mine-car-t",
        "mine-car-t-basics",
        "mine-car-t-cloze",
        "mine-other",
    ]
