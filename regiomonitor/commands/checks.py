"""Every problem `check` reports, in one place for the command and the pull-request comment: the plan's own
problems, the rejected measurement rows, and the KPI's off course without the quarter's toelichting."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from regiomonitor.core.periods import Quarter
from regiomonitor.core.problems import Problem
from regiomonitor.engine.progress import Progress
from regiomonitor.feeds.validate import feed_problems
from regiomonitor.plan.citations import citation_problems
from regiomonitor.plan.commentary import COMMENTARY_DIR
from regiomonitor.plan.loaded import LoadedPlan


def plan_and_data_problems(loaded: LoadedPlan, data_directory: Path, quarter: Quarter) -> list[Problem]:
    problems = list(loaded.problems)
    if loaded.plan is not None and not loaded.errors:
        problems += citation_problems(loaded)  # every quote stands in its source document
        problems += feed_problems(loaded, data_directory)  # each feed against the tables the last fetch read
    if loaded.themes and not loaded.errors:
        # Statuses need the data: a KPI off course this quarter needs the committee's toelichting.
        progress = Progress.build(loaded, data_directory)
        problems += progress.measurements.problems
        problems += missing_commentary(loaded, progress.needing_commentary(quarter.end), quarter)
    return problems


def missing_commentary(loaded: LoadedPlan, needing: pl.DataFrame, quarter: Quarter) -> list[Problem]:
    """Warnings for the indicators that need the quarter's toelichting (`Progress.needing_commentary`) and whose
    toelichting file for the quarter says nothing about them."""
    commentary = loaded.commentary.get(quarter.code)
    written = set(commentary.indicators) if commentary else set()
    name = loaded.file_name(f"{COMMENTARY_DIR}/{quarter}.yaml")
    return [Problem(name, 1, 1, f"indicators.{row['indicator']}",
                    f"indicator '{row['indicator']}' is '{row['status']}' in {quarter} and has no toelichting",
                    "warning")
            for row in needing.iter_rows(named=True) if row["indicator"] not in written]
