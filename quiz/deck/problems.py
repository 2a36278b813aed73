"""Problems found in deck files, as data: file, line, column, YAML path, severity, message."""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from dataclasses import dataclass
from typing import Any, Literal

from quiz.deck.control_chars import escape_line

Severity = Literal["error", "warning"]

MAX_PROBLEMS_PER_FILE = 200
"""A file reports its first problems in file order; the rest are counted in one last line."""
MAX_SHOWN_CHARS = 300  # a message or path longer than this is cut (a key can be megabytes)
_MORE = re.compile(r"and ([0-9,]+) more problems")


def more_problems_message(count: int) -> str:
    """The message that stands for ``count`` problems left out of a file's report."""
    return f"and {count:,} more problems"


def _shorten(text: str) -> str:
    return text if len(text) <= MAX_SHOWN_CHARS else text[: MAX_SHOWN_CHARS - 3] + "..."


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a deck file, located as precisely as the input allows.

    ``line`` and ``column`` are 1-based; 0 means the problem concerns the whole file.
    """

    file: str
    line: int
    column: int
    path: str
    severity: Severity
    message: str

    def format(self) -> str:
        """``file:line:col: severity: message [path]``, as compilers print them, on one line:
        control characters and line breaks (in a file name, say) are shown escaped."""
        where = f"{self.file}:{self.line}:{self.column}" if self.line else self.file
        suffix = f" [{self.path}]" if self.path else ""
        return escape_line(f"{where}: {self.severity}: {self.message}{suffix}")

    def to_dict(self) -> dict[str, Any]:
        """The problem as a JSON-ready mapping."""
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "path": self.path,
            "severity": self.severity,
            "message": self.message,
        }

    @property
    def count(self) -> int:
        """How many problems this one stands for: 1, or N for "and N more problems"."""
        if self.path or not self.message.startswith("and "):
            return 1
        more = _MORE.fullmatch(self.message)
        return int(more.group(1).replace(",", "")) if more else 1


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset in ``text``."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


class TextLines:
    """Line and column of character offsets in one text, each found in logarithmic time.

    Only ``\\n`` ends a line, as in editors: the YAML parser also counts NEL, LS and PS
    (U+0085, U+2028, U+2029), which would shift every later line number.
    """

    def __init__(self, text: str) -> None:
        self._text = text
        self._starts: array[int] | None = None
        self._last = (-1, (0, 0))  # the offset asked for last, and its answer

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column of ``offset``."""
        if offset == self._last[0]:
            return self._last[1]
        starts = self._starts
        if starts is None:
            starts = self._starts = array("q", [0])
            find, at = self._text.find, 0
            while (at := find("\n", at)) >= 0:
                at += 1
                starts.append(at)
        line = bisect_right(starts, offset)
        answer = (line, offset - starts[line - 1] + 1)
        self._last = (offset, answer)
        return answer


class ProblemCollector:
    """Gathers the problems of one file: the first :data:`MAX_PROBLEMS_PER_FILE` in file
    order, and how many more there are."""

    def __init__(self, file: str, limit: int = MAX_PROBLEMS_PER_FILE) -> None:
        self.file = file
        self.limit = limit
        self.problems: list[Problem] = []
        self.lines: TextLines | None = None
        self._more = {"error": 0, "warning": 0}
        self._first_left_out: tuple[int, int] | None = None
        self._cutoff: tuple[int, int] | None = None  # where the last problem kept is

    def use_text(self, text: str) -> None:
        """Locate problems given by character offset (:meth:`add_at`) in ``text``."""
        self.lines = TextLines(text)

    def add(
        self,
        message: str,
        line: int = 0,
        column: int = 0,
        path: str = "",
        *,
        severity: Severity = "error",
    ) -> None:
        """Add a problem at ``line`` and ``column`` (0: the whole file)."""
        if self._cutoff is not None and (line, column) > self._cutoff:
            self._leave_out((line, column), 1, severity)
            return
        problem = Problem(self.file, line, column, _shorten(path), severity, _shorten(message))
        self.problems.append(problem)
        if len(self.problems) >= 2 * self.limit:
            self._keep_first()

    def keeps(self, offset: int) -> bool:
        """Whether a problem at ``offset`` would be kept, as far as is known now: when not,
        :meth:`left_out` spares wording it."""
        assert self.lines is not None, "use_text() first"
        return self._cutoff is None or self.lines.line_col(offset) <= self._cutoff

    def add_at(
        self, message: str, offset: int, path: str = "", *, severity: Severity = "error"
    ) -> None:
        """Add a problem at a character offset of the text given to :meth:`use_text`."""
        assert self.lines is not None, "use_text() first"
        self.add(message, *self.lines.line_col(offset), path, severity=severity)

    def left_out(self, count: int, offset: int, severity: Severity = "error") -> None:
        """Count ``count`` problems not worked out in full, the first at ``offset``."""
        if count > 0:
            assert self.lines is not None, "use_text() first"
            self._leave_out(self.lines.line_col(offset), count, severity)

    def _leave_out(self, where: tuple[int, int], count: int, severity: Severity) -> None:
        self._more[severity] += count
        if self._first_left_out is None or where < self._first_left_out:
            self._first_left_out = where

    def _keep_first(self) -> None:
        self.problems.sort(key=lambda p: (p.line, p.column))
        for problem in self.problems[self.limit :]:
            self._leave_out((problem.line, problem.column), problem.count, problem.severity)
        del self.problems[self.limit :]
        if len(self.problems) == self.limit:
            last = self.problems[-1]
            self._cutoff = (last.line, last.column)

    def in_order(self) -> list[Problem]:
        """The problems in file order (whole-file problems first), then, when some were left
        out, one "and N more problems" at the first of them."""
        self._keep_first()
        more = self._more["error"] + self._more["warning"]
        if not more or self._first_left_out is None:
            return list(self.problems)
        severity: Severity = "error" if self._more["error"] else "warning"
        line, column = self._first_left_out
        summary = Problem(self.file, line, column, "", severity, more_problems_message(more))
        return [*self.problems, summary]

    @property
    def failed(self) -> bool:
        """Whether any problem, shown or left out, is an error."""
        return self._more["error"] > 0 or any(p.severity == "error" for p in self.problems)
