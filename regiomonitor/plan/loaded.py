"""What was read from a plan directory: the plan, its themes and commentary, and every problem found on the way.

Its own module, so that the loader and the checks it runs (crosscheck, commentary) depend on it and not on each
other."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from regiomonitor.core.periods import Quarter
from regiomonitor.core.problems import Problem
from regiomonitor.plan.model import Plan, Theme
from regiomonitor.plan.yamlsource import YamlDocument, format_path

PLAN_FILE = "plan.yaml"


@dataclass
class LoadedPlan:
    """Everything read from a plan directory, including what could not be read."""

    directory: Path
    plan: Plan | None = None
    themes: dict[str, Theme] = field(default_factory=dict)
    documents: dict[str, YamlDocument] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    theme_ids: list[str] = field(default_factory=list)
    failed_themes: dict[str, list[Problem]] = field(default_factory=dict)
    commentary: dict = field(default_factory=dict)  # quarter 'YYYY-Qn' -> commentary.Commentary
    feeds: object = None  # plan/feeds.Registry: the open-data series, when the plan directory has feeds.yaml
    has_feeds_file: bool = False

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    def file_name(self, name: str) -> str:
        return display_name(self.directory, name)

    def problem_at(self, file: str, path: tuple, message: str, severity: str = "error", key: bool = False) -> Problem:
        """A problem at the line and column of `path` in one of the plan's files (its key's, with `key`), or at the
        file's start when that file was not read."""
        doc = self.documents.get(file)
        if doc is None:
            line, col = 1, 1
        else:
            line, col = doc.key_position(path) if key else doc.position(path)
        return Problem(self.file_name(file), line, col, format_path(path), message, severity)

    def reporting_quarter(self, today: date) -> Quarter:
        """The quarter to report on by default: the last complete one, or the plan period's last quarter when the
        plan has ended (a plan that ran until 2024 is not judged on 2026 by default)."""
        last = Quarter.last_complete(today)
        if self.plan is None:
            return last
        return min(last, Quarter.of(self.plan.period.end.end))

    def document_for_theme(self, theme_id: str) -> YamlDocument | None:
        return self.documents.get(f"{theme_id}.yaml")


def display_name(directory: Path, name: str) -> str:
    """How a file is named in messages: 'plan/acute-zorg.yaml' for the default plan directory."""
    return str(directory / name)
