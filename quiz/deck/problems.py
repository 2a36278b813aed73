"""Problems found in deck files, as data: file, line, column, YAML path, severity, message."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

Severity = Literal["error", "warning"]


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
        """``file:line:col: severity: message [path]``, as compilers print them."""
        where = f"{self.file}:{self.line}:{self.column}" if self.line else self.file
        suffix = f" [{self.path}]" if self.path else ""
        return f"{where}: {self.severity}: {self.message}{suffix}"

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


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset in ``text``."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


class ProblemCollector:
    """Gathers the problems of one file."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def add(
        self,
        message: str,
        line: int = 0,
        column: int = 0,
        path: str = "",
        *,
        severity: Severity = "error",
    ) -> None:
        self.problems.append(Problem(self.file, line, column, path, severity, message))

    def in_order(self) -> list[Problem]:
        """The problems in file order (whole-file problems first)."""
        return sorted(self.problems, key=lambda p: (p.line, p.column))

    @property
    def failed(self) -> bool:
        return any(p.severity == "error" for p in self.problems)
