"""Action progress as data: `data/actions/*.csv`, one row per werkagenda action and quarter.

The plan states what it states about an action (its own status, where it gives one); what owners report
afterwards arrives per quarter with a source, like a measurement, and never rewrites the plan. The files have the
columns `action, period, status, note, source` and are read exactly as measurement files are (the same dialects,
limits and located messages, data/measurements.CsvFile). A row that repeats (action, period) is reported together
with its twin and neither is used.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import get_args

import polars as pl

from regiomonitor.core.periods import PeriodError, Quarter
from regiomonitor.core.problems import Problem
from regiomonitor.data.measurements import CsvFile, Reading, Suggestions
from regiomonitor.data.sources import unread_files
from regiomonitor.plan.loaded import LoadedPlan
from regiomonitor.plan.model import ACTION_STATUS_SYNONYMS, ActionStatus

FOLDER = "actions"
COLUMNS = ("action", "period", "status", "note", "source")
REQUIRED = ("action", "period", "status")
STATUSES = get_args(ActionStatus)
SCHEMA = {"action": pl.String, "period": pl.String, "period_end": pl.Date, "status": pl.String, "note": pl.String,
          "source": pl.String, "file": pl.String, "row": pl.Int64}


@dataclass
class ActionReports:
    """The good rows of every action report file, and what was wrong with the others."""

    rows: pl.DataFrame
    problems: list[Problem] = field(default_factory=list)


def status_of(text: str) -> str | None:
    """The action status a cell names ('Lopend' → 'loopt'), or None."""
    word = " ".join(text.split()).lower()
    word = ACTION_STATUS_SYNONYMS.get(word, word)
    return word if word in STATUSES else None


def unknown_status(text: str) -> str:
    close = difflib.get_close_matches(text.strip().lower(), [*STATUSES, *ACTION_STATUS_SYNONYMS], n=1)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    return f"unknown status '{text}': use one of {', '.join(STATUSES)}{hint}"


class ActionReportFile(CsvFile):
    COLUMNS = COLUMNS
    REQUIRED = REQUIRED
    WHAT = "action report files"

    def __init__(self, path: Path, name: str, reading: Reading, actions: set[str]):
        super().__init__(path, name, reading)
        self.actions = actions

    def record(self, row: int, record: dict[str, str], dutch: bool) -> None:
        action = record["action"]
        if action not in self.actions:
            self.problem(row, "action", f"unknown action '{action}'" + self.suggest(action))
            return
        try:
            quarter = Quarter.parse(record["period"])
        except PeriodError as exc:
            self.problem(row, "period", str(exc))
            return
        if quarter.start > self.today:
            self.problem(row, "period", f"period {quarter} lies in the future")
            return
        status = status_of(record["status"])
        if status is None:
            self.problem(row, "status", unknown_status(record["status"]))
            return
        self.rows.append({"action": action, "period": quarter.code, "period_end": quarter.end, "status": status,
                          "note": record.get("note") or None, "source": record.get("source") or None,
                          "file": self.name, "row": row})


def _drop_duplicates(rows: list[dict]) -> tuple[list[dict], list[Problem]]:
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for r in rows:
        groups[(r["action"], r["period"])].append(r)
    kept, problems = [], []
    for (action, period), group in groups.items():
        if len(group) == 1:
            kept.append(group[0])
            continue
        places = ", ".join(f"{g['file']} row {g['row']}" for g in group)
        problems += [Problem(g["file"], g["row"], 0, "", f"duplicate report for action {action} {period} ({places}): "
                             "none of them is used") for g in group]
    return kept, problems


def load_action_reports(data_dir: Path, loaded: LoadedPlan, today: date | None = None) -> ActionReports:
    """Every report under data/actions/ (none when the folder is not there: the plan's own statuses stand)."""
    directory = Path(data_dir) / FOLDER
    actions = {a.id for theme in loaded.themes.values() for a in theme.werkagenda}
    reading = Reading(Path(data_dir), {}, today or date.today(), Suggestions(dict.fromkeys(actions)))
    rows, problems = [], []
    for path in sorted(directory.glob("*.csv")) if directory.is_dir() else []:
        reader = ActionReportFile(path, f"{directory}/{path.name}", reading, actions)
        reader.read()
        rows += reader.rows
        problems += reader.problems
    kept, duplicates = _drop_duplicates(rows)
    problems = sorted(problems + duplicates + unread_files(directory, str(directory), "action report files"),
                      key=lambda p: (p.file, p.line, p.message))
    return ActionReports(pl.DataFrame(kept, schema=SCHEMA), problems)
