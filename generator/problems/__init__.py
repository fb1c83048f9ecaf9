"""Problems found in the sources, collected over a whole run and reported together."""

from __future__ import annotations

import enum
import unicodedata
from dataclasses import dataclass, field


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"


def printable_path(relpath: str) -> str:
    """``relpath`` as it can be printed anywhere: bytes that are not UTF-8 and control characters escaped."""
    shown = relpath.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return "".join(repr(c)[1:-1] if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") else c for c in shown)


@dataclass(frozen=True, order=True)
class Position:
    """A 1-based line and column in a source file."""

    line: int = 1
    col: int = 1


@dataclass(frozen=True)
class Problem:
    path: str
    position: Position
    severity: Severity
    message: str
    hint: str | None = None
    code: str = ""

    def format(self) -> str:
        text = f"{self.path}:{self.position.line}:{self.position.col}: {self.severity}: {self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text

    def sort_key(self) -> tuple:
        return (self.path, self.position, self.severity != Severity.ERROR, self.message)


@dataclass
class Problems:
    """Every problem of one run; nothing stops at the first one."""

    items: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """Things the user should know that are no problem (e.g. a build going on without the internal overlay)."""

    def add(
        self, path: str, position: Position, severity: Severity, message: str, hint: str | None = None, code: str = ""
    ) -> None:
        # Whatever found the problem, the path is printed as it can be anywhere (terminal, JSON, annotations).
        self.items.append(Problem(printable_path(path), position, severity, message, hint, code))

    def error(self, path: str, position: Position, message: str, hint: str | None = None, code: str = "") -> None:
        self.add(path, position, Severity.ERROR, message, hint, code)

    def warning(self, path: str, position: Position, message: str, hint: str | None = None, code: str = "") -> None:
        self.add(path, position, Severity.WARNING, message, hint, code)

    def note(self, message: str) -> None:
        self.notes.append(message)

    def extend(self, other: Problems) -> None:
        self.items.extend(other.items)
        self.notes.extend(other.notes)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.sorted() if p.severity == Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.sorted() if p.severity == Severity.WARNING]

    def sorted(self) -> list[Problem]:
        return sorted(set(self.items), key=Problem.sort_key)

    def __bool__(self) -> bool:
        return bool(self.items)


class CtoportalError(Exception):
    """The one exception a user sees: printed without a traceback (``--debug`` shows one)."""


class UsageError(CtoportalError):
    """The command was asked for something it cannot do as given (no mkdocs.yml here, say): exit 2, as
    argparse does for wrong arguments."""

    exit_code = 2
