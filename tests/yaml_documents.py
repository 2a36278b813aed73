"""Hypothesis strategies for YAML documents as deck authors write them: block mappings and
lists, block scalars of every header, quoted scalars with escapes and folded lines, plain
scalars over several lines, flow collections, comments; with words that YAML 1.1 and 1.2 read
differently here and there."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

WORDS = (
    *("a", "b", "key", "The cell", "CD19", "4-1BB", "O'C", "x#y", "a:b", "50%", "end.", "q?"),
    *("it's", 'say "hi"', "é", "x*", "a&", "b!", "|", ">", "-", "?", "[x]", "{y}", "\\", ","),
    *("yes", "no", "On", "012", "1e3", "1:20", "2024-01-02", "~", "null", "12", "-3", "true"),
)
TAME = ("word", "The cell kills", "a b c", "x", "CD19", "4-1BB", "note: fine", "a#b", "it's")
ODD = ("q?", "50%", "yes", "012", "1e3", "12", "true", "~", "-1", "0", "1_0", "Off")
ESCAPES = (
    *("a", " ", "#", ":", "'", "yes", "012", "é", "  ", "\\n", "\\t", "\\\\", '\\"', "\\x41"),
    *("\\u00e9", "\\/", "\\e", "\\N", "\\_", "\\L", "\\ ", "\\0"),
)
FOLDS = ("\n  ", "\n\n  ", "\\\n  ")
HEADERS = ("|", ">", "|-", ">-", "|+", ">+", "|2", ">1-", "|+1", "| # c", ">- # c")


class _Writer:
    """Draws the pieces of one document."""

    def __init__(self, draw: Any) -> None:
        self.draw = draw

    def choice(self, options: Any) -> Any:
        return self.draw(st.sampled_from(options))

    def odd(self) -> bool:
        """Now and then, a piece that the two readings may read differently."""
        return self.draw(st.integers(0, 7)) == 0

    def words(self, most: int) -> str:
        return " ".join(self.draw(st.lists(st.sampled_from(WORDS), max_size=most)))

    def plain(self, indent: int) -> str:
        text = self.choice(ODD if self.odd() else TAME)
        if self.draw(st.integers(0, 4)) == 0:  # over several lines
            text += "\n" + " " * (indent + self.choice([1, 2, 3])) + self.choice(["more", "x"])
            if self.draw(st.booleans()):
                text += "\n\n" + " " * (indent + 2) + "para"
        return text

    def double_quoted(self, folds: bool) -> str:
        pieces = ESCAPES + (FOLDS if folds else ())
        return '"' + "".join(self.draw(st.lists(st.sampled_from(pieces), max_size=8))) + '"'

    def single_quoted(self, folds: bool) -> str:
        pieces = ("a", " ", "''", "#", ":", '"', "yes", "012", "\\", "  ") + (
            FOLDS[:2] if folds else ()
        )
        return "'" + "".join(self.draw(st.lists(st.sampled_from(pieces), max_size=8))) + "'"

    def block(self, indent: int) -> str:
        content = indent + self.choice([1, 2, 2, 4])
        lines = [""] if self.draw(st.integers(0, 3)) == 0 else []
        for kind in self.draw(st.lists(st.integers(0, 9), max_size=5)):
            if kind == 0:
                lines.append("")
            elif kind == 1:
                lines.append(" " * self.draw(st.integers(0, content)))
            elif kind == 2:
                lines.append(" " * (content + self.choice([1, 3])) + self.words(2))
            else:
                line = self.words(3) or "x"
                lines.append(" " * content + line + self.choice(["", " ", "  "]))
        return self.choice(HEADERS) + "\n" + "".join(line + "\n" for line in lines)

    def flow_scalar(self) -> str:
        kind = self.draw(st.integers(0, 2))
        if kind == 0:
            plain = ("a", "b c", "CD19", "O'Connor RS", "x'y", 'x"y', "é", "a b")
            return self.choice(ODD if self.odd() else plain)
        return self.double_quoted(False) if kind == 1 else self.single_quoted(False)

    def flow(self, depth: int = 0) -> str:
        def item() -> str:
            if depth or self.draw(st.integers(0, 3)):
                return self.flow_scalar()
            return self.flow(1)

        count = self.draw(st.integers(0, 4))
        if self.draw(st.booleans()):
            comma = self.choice([", ", ",", " , ", ",\n      "])
            items = comma.join(item() for _ in range(count))
            return "[" + self.choice(["", " "]) + items + self.choice(["", ",", " "]) + "]"
        colon = self.choice([": ", " : ", ":  "])
        pairs = ", ".join(f"{self.key(i)}{colon}{item()}" for i in range(count))
        return "{" + self.choice(["", " "]) + pairs + "}"

    def key(self, ordinal: int) -> str:
        if self.odd():
            return self.choice(["yes", "1", "'1'", "null", "<<", "'a b'", '"x"'])
        name = self.choice(["k", "key", "front", "cards", "id"]) + str(ordinal)
        return self.choice([name, name, f"'{name}'", f'"{name}"'])

    def value(self, indent: int, depth: int) -> str:
        kind = self.draw(st.integers(0, 9 if depth < 3 else 5))
        if kind == 0:
            return " " + self.block(indent)
        if kind == 1:
            return " " + self.flow() + self.choice(["", " # c"]) + "\n"
        if kind == 2:
            return " " + self.double_quoted(True) + "\n"
        if kind == 3:
            return " " + self.single_quoted(True) + "\n"
        if kind == 4:
            return self.choice(["", " "]) + "\n"
        if kind == 5:
            return " " + self.plain(indent) + self.choice(["", " # c", "  "]) + "\n"
        if kind <= 7:
            return "\n" + self.mapping(indent + self.choice([1, 2, 4]), depth + 1)
        return "\n" + self.sequence(indent + self.choice([0, 2]), depth + 1)

    def mapping(self, indent: int, depth: int) -> str:
        out = ""
        for ordinal in range(self.draw(st.integers(1, 4))):
            if self.draw(st.integers(0, 9)) == 0:
                out += " " * self.draw(st.integers(0, 6)) + "# comment\n"
            if self.draw(st.integers(0, 9)) == 0:
                out += "\n"
            out += " " * indent + self.key(ordinal) + ":" + self.value(indent, depth)
        return out

    def sequence(self, indent: int, depth: int) -> str:
        out = ""
        for _ in range(self.draw(st.integers(1, 4))):
            if depth < 3 and self.draw(st.integers(0, 2)) == 0:
                out += " " * indent + "- " + self.mapping(indent + 2, depth + 1)[indent + 2 :]
            else:
                value = self.value(indent, 3)
                out += " " * indent + "-" + (" x\n" if value.startswith("\n") else value)
        return out


@st.composite
def documents(draw: Any) -> str:
    """A YAML document whose root is a block mapping."""
    return _Writer(draw).mapping(0, 0)
