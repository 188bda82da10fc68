"""Problems found in plan and data files, each pinned to a file, line and column."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from regiomonitor.core.safetext import visible

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    col: int
    field: str
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        """'plan/zorg.yaml:12:5: field: message' on one line, with every invisible or direction-changing
        character written as an escape (a file name or id that reads differently from what it is)."""
        prefix = "warning: " if self.severity == "warning" else ""
        field = f"{self.field}: " if self.field else ""
        where = f"{self.file}:{self.line}:{self.col}" if self.col else f"{self.file}:{self.line}" if self.line else self.file
        return visible(f"{where}: {prefix}{field}{self.message}")

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


def shown_relative(problem: Problem, base: Path | None = None) -> Problem:
    """The problem with its file relative to `base` (the working directory), as people type it:
    'plan/ouderen.yaml' instead of the full path. Files elsewhere keep their full path."""
    try:
        return replace(problem, file=str(Path(problem.file).resolve().relative_to((base or Path.cwd()).resolve())))
    except ValueError:
        return problem


def sort_key(problem: Problem) -> tuple:
    return (problem.file, problem.line, problem.col, problem.field, problem.message)
