"""Every problem `check` reports, in one place for the command and the pull-request comment: the plan's own
problems, the rejected measurement rows, and the KPI's off course without the quarter's toelichting."""

from __future__ import annotations

from pathlib import Path

from regiomonitor.commentary import missing_commentary
from regiomonitor.periods import parse_period
from regiomonitor.plan import LoadedPlan
from regiomonitor.problems import Problem
from regiomonitor.progress import Progress


def plan_and_data_problems(loaded: LoadedPlan, data_directory: Path, quarter: str) -> list[Problem]:
    problems = list(loaded.problems)
    if loaded.themes and not loaded.errors:
        # Statuses need the data: a KPI off course this quarter needs the committee's toelichting.
        progress = Progress.build(loaded, data_directory)
        problems += progress.measurements.problems
        problems += missing_commentary(loaded, progress.status(parse_period(quarter).end), quarter)
    return problems
