"""Spec errors with source positions, collected so that one run reports them all."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, order=True)
class Position:
    """A place in a spec file; line and column count from 1."""

    path: Path
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True, order=True)
class SpecError:
    """One problem in the spec: where it is, what is wrong and how to fix it."""

    position: Position
    message: str
    hint: str

    def __str__(self) -> str:
        return f"{self.position}: error: {self.message} ({self.hint})"


@dataclass
class ErrorLog:
    """The spec errors of one run; the generator writes nothing while there are any."""

    errors: list[SpecError] = field(default_factory=list)

    def add(self, position: Position, message: str, hint: str) -> None:
        self.errors.append(SpecError(position, message, hint))

    def __bool__(self) -> bool:
        return bool(self.errors)

    def sorted(self) -> list[SpecError]:
        return sorted(set(self.errors))
