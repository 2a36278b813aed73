"""What YAML 1.1, as PyYAML reads a deck, and the YAML 1.2 parser yaml-rs may read differently.

Used by :mod:`quiz.deck.yaml_fast` to take yaml-rs's reading only where it cannot differ.
Every test here is conservative: a match inside a quoted text or a block of prose is not a
difference, and only sends the file to the event path (which is slower, never wrong).

Where a plain scalar can be: YAML starts a node (a scalar, or an anchor, alias or tag before
it) only at the start of a line or after ``[``, ``{``, ``,``, ``:``, ``-`` or ``?``, spaces
aside; and a plain scalar ends only at the end of a line, before a comment, or before ``:``,
``,``, ``]`` or ``}``, spaces aside. Text found elsewhere is inside a longer scalar.
"""

from __future__ import annotations

import re

from quiz.deck.yaml_document import MAX_VALUES

MAX_BLOCK_PREFIX = 60
"""Longest run of spaces and ``-``, ``?``, ``:`` indicators a line may start with: block
nesting is then at most about twice as deep, well inside what yaml-rs recurses through
(it overflows its stack on many thousands of levels)."""

# Characters PyYAML refuses, reads as line breaks (U+0085, U+2028, U+2029) or treats apart
# (a tab, a carriage return not part of CRLF, a byte-order mark inside the text).
_ODD_CHARACTER = (  # compiled only for a text that is not ASCII (its tables take a while)
    r"[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)
_PLAIN_ASCII = bytes(range(0x20, 0x7F)) + b"\n"
_NODE_AFTER = frozenset("\n[{,:-?")  # what a node may follow, spaces aside
_BLOCK_NODE_AFTER = frozenset("\n:-?")  # the same outside flow collections
_SCALAR_BEFORE = frozenset("\n#:,]}")  # what a plain scalar may end before, spaces aside
_INDICATORS = "&*!@`"  # anchor, alias, tag and the two reserved indicators
# A line that starts a directive or a document, or nests blocks deep.
_LINE_START = r"(?:%|---|\.\.\.|[ ?:-]{" + str(MAX_BLOCK_PREFIX) + "})"
_FIRST_LINE, _LATER_LINE = re.compile(_LINE_START), re.compile("\n" + _LINE_START)
_LEADING_ZERO = re.compile(r"0[0-9A-Za-z_]")
_NUMBER_CHARS = frozenset("0123456789_+-xXoObBaAcCdDeEfF")  # what yaml-rs reads an int from
_NOT_IN_NUMBER = re.compile(r"[^0-9_+\-xXoObBaAcCdDeEfF]")


# The flow collections (``[...]``, ``{...}``) the two readings agree on: text, quoted or plain
# without indicators, in lists and in mappings whose keys have ": " after them, two levels
# deep, a line break allowed after a comma. In flow context YAML 1.1 reads ``?`` and ``:``
# as indicators where yaml-rs reads text, and yaml-rs takes a plain ``|x`` that PyYAML refuses.
_DOUBLE_QUOTED = (
    r'"(?>[^"\\\n]|\\(?:[0abtnvfreN_LP "/\\]|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}))*"'
)
_SINGLE_QUOTED = r"'(?>[^'\n]|'')*'"
_FLOW_PLAIN = r"""(?>[^\s\-?:,\[\]{}#&*!|>'"%@`](?:[^\n:?#,\[\]{}]*[^\s:?#,\[\]{}])?)"""
_FLOW_SCALAR = f"(?:{_DOUBLE_QUOTED}|{_SINGLE_QUOTED}|{_FLOW_PLAIN})"
_FLOW_COMMA = r",[ ]*(?:\n[ ]+)?"  # a line break is allowed after a comma


def _flow_pattern(item: str) -> str:
    """A flow list or mapping of ``item``: each entry followed by a comma or the end."""
    entries = f"(?:{item}[ ]*(?:{_FLOW_COMMA}|(?=\\])))*"
    pairs = f"(?:{_FLOW_SCALAR}[ ]*:[ ]+{item}[ ]*(?:{_FLOW_COMMA}|(?=}})))*"
    return f"(?:\\[[ ]*{entries}\\]|\\{{[ ]*{pairs}}})"


_INNER_FLOW = _flow_pattern(_FLOW_SCALAR)
_SIMPLE_FLOW = re.compile(_flow_pattern(f"(?:{_FLOW_SCALAR}|{_INNER_FLOW})") + r"(?=[ ]*\n|[ ]+#)")
MAX_FLOW_CHARS = 100_000  # a longer flow collection is left to the event path
_CLOZE = re.compile(r"\{\{c[0-9]+::")


def _odd_flow(text: str) -> bool:
    """Whether a flow collection may start in ``text`` that is not one of the simple ones.

    Outside flow collections a node starts only after a line break, ``:``, ``-`` or ``?``;
    inside one, the pattern checks it whole. Openers are taken in the text's order, and the
    inside of a simple collection is not looked at again."""
    find, match, node_after = text.find, _SIMPLE_FLOW.match, _BLOCK_NODE_AFTER
    accepted: set[str] = set()  # the rest of a line that holds a simple flow (`[tag]`)
    line_end = -1  # where the line of the opener looked at last ends
    flows = MAX_VALUES  # each is a value: more than this many are past the limit anyway
    square, curly = find("["), find("{")
    while square >= 0 or curly >= 0:
        opener = square if curly < 0 or 0 <= square < curly else curly
        end = opener + 1
        before = opener - 1
        while before >= 0 and text[before] == " ":
            before -= 1
        if (before < 0 or text[before] in node_after) and not _CLOZE.match(text, opener):
            flows -= 1
            if flows < 0:
                return True
            # (a cloze deletion ``{{c1::...`` read as a flow mapping would have a key that is
            # not text, which the data shows)
            if line_end < opener:
                line_end = find("\n", opener) % (len(text) + 1)  # the text's end for -1
            line = text[opener:line_end] if line_end - opener <= 200 else None
            if line is not None and line in accepted:
                end = line_end  # the pattern matched this line as it stands
            else:
                found = match(text, opener, opener + MAX_FLOW_CHARS)
                if found is None:
                    return True
                end = found.end()
                if end <= line_end:  # what follows on the line is spaces, or a comment
                    end = line_end
                    if line is not None:
                        accepted.add(line)
        if 0 <= square < end:
            square = find("[", end)
        if 0 <= curly < end:
            curly = find("{", end)
    return False


def may_start_node(text: str, at: int, after: frozenset[str] = _NODE_AFTER) -> bool:
    """Whether a node may start at ``at`` (see the module's docstring): after one of
    ``after``, spaces aside, or at the start of the text."""
    at -= 1
    while at >= 0 and text[at] == " ":
        at -= 1
    return at < 0 or text[at] in after


def may_end_scalar(text: str, at: int) -> bool:
    """Whether a plain scalar may end just before ``at``."""
    end = len(text)
    while at < end and text[at] == " ":
        at += 1
    return at == end or text[at] in _SCALAR_BEFORE


def may_be_scalar(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` may be a whole plain scalar."""
    return may_start_node(text, start) and may_end_scalar(text, end)


def two_way_text(text: str) -> bool:
    """Whether ``text`` holds anything the two readings may read differently, or that the
    data would not show: an odd character, a directive, a second document, deep block
    nesting, an anchor, alias, tag or reserved indicator, or a number written other than in
    plain decimal (``012`` is 10 in YAML 1.1 and 12 to yaml-rs, which also reads ``_1`` as
    1), or a last line without a line break (yaml-rs gives a block scalar there one).
    ``text`` has its CRLF line ends as LF."""
    if not text.endswith("\n"):
        return True
    if text.isascii():
        if text.encode("ascii").translate(None, _PLAIN_ASCII):
            return True
    elif re.search(_ODD_CHARACTER, text):
        return True
    if _FIRST_LINE.match(text) or _LATER_LINE.search(text):
        return True
    for indicator in _INDICATORS:
        at = text.find(indicator)
        while at >= 0:
            if may_start_node(text, at):
                return True
            at = text.find(indicator, at + 1)
    if _odd_flow(text):
        return True
    for found in _LEADING_ZERO.finditer(text):
        if _number_at(text, found.start()):
            return True
    at = text.find("_")
    while at >= 0:
        end = _run_end(text, at)
        if _ends_token(text, end):
            start = at
            while start and text[start - 1] in _NUMBER_CHARS:
                start -= 1
            if _number_at(text, start, end):
                return True
        at = text.find("_", end)  # the rest of the run is in the same word
    return False


def _run_end(text: str, at: int) -> int:
    """Where the run of number characters from ``at`` ends."""
    found = _NOT_IN_NUMBER.search(text, at)
    return len(text) if found is None else found.start()


def _ends_token(text: str, at: int) -> bool:
    """Whether a token may end before ``at`` (not so inside a word such as ``true_false``)."""
    return at == len(text) or text[at] == " " or text[at] in _SCALAR_BEFORE


def _number_at(text: str, start: int, end: int | None = None) -> bool:
    """Whether number characters from ``start`` (a sign before it included) may be a whole
    plain scalar."""
    if start and text[start - 1] in "+-":
        start -= 1
    if start and text[start - 1] != " " and text[start - 1] not in _NODE_AFTER:
        return False  # inside a word (``card-000012``)
    end = _run_end(text, start) if end is None else end
    return _ends_token(text, end) and may_be_scalar(text, start, end)


def quoted_everywhere(text: str, value: str, budget: int) -> int | None:
    """``budget`` less the places ``value`` was looked at, when nowhere in ``text`` may it
    be a whole plain scalar; ``None`` when it may be one, or past the budget.

    A plain scalar holding no space or line break is written in the text as it reads (it
    has no escapes, and only a line break within it folds), so a text value that YAML 1.1
    reads otherwise when plain was quoted if no such place is found.
    """
    at = text.find(value)
    while at >= 0:
        budget -= 1
        if budget < 0 or may_be_scalar(text, at, at + len(value)):
            return None
        at = text.find(value, at + 1)
    return budget


# PyYAML's implicit resolvers (yaml/resolver.py), as the event path resolves plain scalars:
# a text one of these matches is read by YAML 1.1 as something other than text when plain.
IMPLICIT_PATTERNS = (
    r"""^(?:yes|Yes|YES|no|No|NO
                    |true|True|TRUE|false|False|FALSE
                    |on|On|ON|off|Off|OFF)$""",
    r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?
                    |\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?
                    |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*
                    |[-+]?\.(?:inf|Inf|INF)
                    |\.(?:nan|NaN|NAN))$""",
    r"""^(?:[-+]?0b[0-1_]+
                    |[-+]?0[0-7_]+
                    |[-+]?(?:0|[1-9][0-9_]*)
                    |[-+]?0x[0-9a-fA-F_]+
                    |[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$""",
    r"^(?:<<)$",
    r"""^(?: ~
                    |null|Null|NULL
                    | )$""",
    r"""^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
                    |[0-9][0-9][0-9][0-9] -[0-9][0-9]? -[0-9][0-9]?
                     (?:[Tt]|[ \t]+)[0-9][0-9]?
                     :[0-9][0-9] :[0-9][0-9] (?:\.[0-9]*)?
                     (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$""",
    r"^(?:=)$",
    r"^(?:!|&|\*)$",
)
IMPLICIT_FIRSTS = frozenset("yYnNtTfFoO-+0123456789.<~=!&*") | {""}
"""The first characters (``""`` for an empty text) of a text the patterns may match."""
not_text_when_plain = re.compile(
    "|".join(f"(?:{pattern})" for pattern in IMPLICIT_PATTERNS), re.VERBOSE
).match
"""Whether YAML 1.1 reads a plain scalar of this text as something other than text."""
plain_decimal = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\Z").match
"""Whether a text is a whole number in plain decimal, which yaml-rs reads as a number when
plain: such a text in its data was quoted."""
