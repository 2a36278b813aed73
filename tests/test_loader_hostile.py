"""Hostile input gets a clear, located error in bounded time, never an exception."""

import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quiz.deck.file_bytes import MAX_FILE_BYTES
from quiz.deck.loader import load_file, load_paths, load_text

VALID = (Path(__file__).parent / "fixtures" / "valid" / "all-types.yaml").read_text("utf-8")


def only_error(path: Path) -> str:
    deck, problems = load_file(path)
    assert deck is None
    assert len(problems) == 1, problems
    return problems[0].format()


def test_binary_bytes(tmp_path):
    path = tmp_path / "binary.yaml"
    path.write_bytes(bytes(range(256)) * 4)
    assert only_error(path) == (
        f"{path}:1:1: error: contains a NUL byte: this looks like a binary file, not YAML"
    )


def test_non_utf8_bytes_are_located(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("id: deck\ntitle: caf\xe9\n".encode("latin-1"))
    assert only_error(path) == f"{path}:2:11: error: is not valid UTF-8 (byte 0xe9)"


def test_nul_byte_inside_text(tmp_path):
    path = tmp_path / "nul.yaml"
    path.write_bytes(b"id: deck\ntitle: a\x00b\n")
    assert only_error(path).startswith(f"{path}:2:9: error: contains a NUL byte")


def test_file_over_the_size_limit_is_not_parsed(tmp_path):
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"a: " + b"x" * (MAX_FILE_BYTES + 10))
    assert "larger than the 16 MiB limit" in only_error(path)


def test_directory_named_like_a_deck(tmp_path):
    folder = tmp_path / "looks-like.yaml"
    folder.mkdir()
    assert only_error(folder) == f"{folder}: error: is a directory, not a deck file"


def test_scalar_document(tmp_path):
    path = tmp_path / "scalar.yaml"
    path.write_text("just some words\n")
    assert only_error(path) == (
        f"{path}:1:1: error: a deck must be a YAML mapping (key: value), not text 'just some words'"
    )


def test_comment_only_file_counts_as_empty(tmp_path):
    path = tmp_path / "comments.yaml"
    path.write_text("# nothing yet\n")
    assert "file is empty" in only_error(path)


def test_deep_flow_nesting_is_refused_at_the_first_level_too_deep(tmp_path):
    path = tmp_path / "deep.yaml"
    path.write_text("a: " + "[" * 200_000 + "]" * 200_000)
    assert (
        only_error(path) == f"{path}:1:103: error: lists and mappings nest deeper than 100 levels"
    )


def test_deep_block_nesting_is_refused_at_the_first_level_too_deep(tmp_path):
    path = tmp_path / "deep-block.yaml"
    path.write_text("- " * 200_000 + "x\n")
    assert only_error(path) == (
        f"{path}:1:201: error: lists and mappings nest deeper than 100 levels"
    )


def test_brackets_inside_text_are_not_nesting(tmp_path):
    path = tmp_path / "brackets.yaml"
    path.write_text(VALID.replace("front: What does CAR stand for?", "front: '" + "[" * 150 + "'"))
    deck, problems = load_file(path)
    assert problems == []
    assert deck is not None and deck.cards[0].prompt == "[" * 150


@pytest.mark.parametrize(
    ("written", "digits"),
    [
        ("7" * 5000, 5000),
        ("0x" + "f" * 6000, 6000),
        ("-0x" + "F" * 31, 31),
        ("0b" + "1" * 6000, 6000),
        ("0" + "7" * 6000, 6001),
        ("1" + "_000" * 3000, 9001),
        ("1" + ":59" * 20, 41),
    ],
    ids=["decimal", "hex", "short-hex", "binary", "octal", "underscores", "base-60"],
)
def test_integers_of_more_than_30_digits_in_any_base(tmp_path, written, digits):
    path = tmp_path / "int.yaml"
    path.write_text("version: " + written + "\n")
    assert only_error(path) == f"{path}:1:10: error: integer of {digits} digits is too long"


def test_an_integer_of_30_hex_digits_is_a_number(tmp_path):
    path = tmp_path / "int.yaml"
    path.write_text(VALID.replace("version: 3", "version: 0x" + "f" * 30))
    deck, problems = load_file(path)
    assert problems == []
    assert deck is not None and deck.version == 16**30 - 1


def test_many_aliases(tmp_path):
    path = tmp_path / "aliases.yaml"
    path.write_text("a: &x 1\nb: [" + ", ".join(["*x"] * 150) + "]\n")
    assert "more than 100 aliases" in only_error(path)


def test_an_anchored_mapping_whose_key_is_its_own_alias_is_an_error():
    deck, problems = load_text("&b {*b", "self.yaml")
    assert deck is None
    assert [p.format() for p in problems if p.severity == "error"]


def test_invalid_date_is_an_error_not_a_crash(tmp_path):
    path = tmp_path / "date.yaml"
    path.write_text("id: 2025-13-45\n")
    assert only_error(path).startswith(f"{path}:1:5: error: invalid date '2025-13-45'")


def test_bom_and_crlf_are_accepted(tmp_path):
    path = tmp_path / "windows.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + VALID.replace("\n", "\r\n").encode("utf-8"))
    deck, problems = load_file(path)
    assert problems == []
    assert deck is not None and deck.id == "all-types"


def test_errors_in_a_crlf_file_keep_their_lines(tmp_path):
    path = tmp_path / "windows.yaml"
    broken = VALID.replace("    back: Chimeric antigen receptor.\n", "")
    path.write_bytes(broken.replace("\n", "\r\n").encode("utf-8"))
    _, problems = load_file(path)
    assert [(p.line, p.path, p.message) for p in problems] == [
        (14, "cards[0]", "missing required key 'back'")
    ]


def test_deck_ids_are_unique_across_files(tmp_path):
    (tmp_path / "a.yaml").write_text(VALID)
    (tmp_path / "b.yml").write_text(VALID)
    (tmp_path / "notes.txt").write_text("not a deck")
    result = load_paths([tmp_path])
    assert [loaded.path.name for loaded in result.decks] == ["a.yaml"]
    assert [p.format() for p in result.errors] == [
        f"{tmp_path / 'b.yml'}:2:5: error: deck id 'all-types' is already used by "
        f"{tmp_path / 'a.yaml'} [id]"
    ]


def test_every_problem_of_a_file_is_reported_at_once():
    broken = (
        VALID.replace("back: Chimeric antigen receptor.", "bak: Chimeric antigen receptor.")
        .replace("answer: false", "answer: nope")
        .replace("id: typed-card", "id: tf-card")
    )
    deck, problems = load_text(broken, "deck.yaml")
    assert deck is None
    assert [p.format() for p in problems] == [
        "deck.yaml:14:5: error: missing required key 'back' [cards[0]]",
        "deck.yaml:17:5: error: unknown key 'bak' (did you mean 'back'?) [cards[0].bak]",
        "deck.yaml:42:13: error: expected true or false, got text 'nope' [cards[3].answer]",
        "deck.yaml:50:9: error: duplicate card id 'tf-card' (first used by cards[3]) [cards[5].id]",
    ]


YAMLISH = st.text(alphabet=string.printable + "ζα-:{}[]&*!|>'\"#\t\x00\x85\ufeff", max_size=300)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(YAMLISH)
def test_arbitrary_text_never_raises(text):
    deck, problems = load_text(text, "fuzz.yaml")
    assert (deck is None) == any(p.severity == "error" for p in problems)
    for problem in problems:
        assert problem.file == "fuzz.yaml"
        assert problem.line >= 0 and problem.column >= 0


YAML_PIECES = st.sampled_from(
    [
        *["&a ", "*a", "&b ", "*b", "<<: ", "? ", ": ", "- ", "[", "]", "{", "}", ", ", "\n"],
        *["  ", "!!str ", "!!int ", "!!set ", "!x ", "null", "true", "1", "0x1f", "2024-01-01"],
        *["'q'", '"\\e"', "cards", "id", "=", "---\n", "...\n", "%YAML 1.1\n", "a", "b"],
    ]
)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(YAML_PIECES, max_size=40))
def test_any_arrangement_of_yaml_syntax_never_raises(pieces):
    deck, problems = load_text("".join(pieces), "pieces.yaml")
    assert (deck is None) == any(p.severity == "error" for p in problems)
    for problem in problems:
        assert "\n" not in problem.format()


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_never_raise(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("fuzz") / "bytes.yaml"
    path.write_bytes(data)
    deck, problems = load_file(path)
    assert deck is None
    assert problems


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_mutated_valid_deck_never_raises(data):
    position = data.draw(st.integers(0, len(VALID)))
    insert = data.draw(st.text(alphabet="{}[]:-'\"&*!#\n ", max_size=4))
    cut = data.draw(st.integers(0, 5))
    text = VALID[:position] + insert + VALID[position + cut :]
    deck, problems = load_text(text, "mutant.yaml")
    assert (deck is None) == any(p.severity == "error" for p in problems)
