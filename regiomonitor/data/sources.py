"""Where measurements come from: every source once, behind one seam.

A source is a folder under `data/` with files in the measurement format (`indicator, period, value, area, source,
note`), read row by row with located problems (data/measurements.py). Real sources win per indicator over demo
sources: a series never mixes real and demo values. The next source that delivers measurement files (open-data
feeds, the owners' quarterly returns) is one line in SOURCES; one that reads something else brings its own `read`
function returning the same rows. The engine, the snapshot and the pages do not change.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import polars as pl

from regiomonitor.core.problems import Problem
from regiomonitor.data.measurements import SCHEMA, Measurements, _read_dir, _Reading, _Suggestions
from regiomonitor.plan.model import Indicator


@dataclass(frozen=True)
class MeasurementSource:
    folder: str
    """The folder under data/."""
    is_demo: bool = False
    """Demo rows are used only for indicators without real rows, and are labelled as demo everywhere."""
    read: Callable = _read_dir
    """(directory, name shown in messages, is_demo, reading) -> (rows, problems)."""


SOURCES = (MeasurementSource("measurements"), MeasurementSource("demo", is_demo=True))


def load_measurements(data_dir: Path, indicators: dict[str, Indicator], today: date | None = None,
                      unreadable: tuple[str, ...] = ()) -> Measurements:
    """Real rows from data/measurements/, demo rows from data/demo/ for indicators without real rows.
    `unreadable` names the theme files that failed to load, for the message about an unknown indicator."""
    data_dir, today = Path(data_dir), today or date.today()
    if not data_dir.is_dir():  # a mistyped --data or $REGIOMONITOR_DATA must not read as "no measurements yet"
        message = ("the data directory does not exist" if not os.path.lexists(data_dir)
                   else "the data directory is a file, not a directory")
        return Measurements(rows=pl.DataFrame([], schema=SCHEMA), problems=[Problem(str(data_dir), 0, 0, "", message)])
    reading = _Reading(data_dir, indicators, today, _Suggestions(indicators, unreadable))
    real, demo, problems = [], [], []
    for source in SOURCES:
        directory = data_dir / source.folder
        rows, found = source.read(directory, str(directory), source.is_demo, reading)
        (demo if source.is_demo else real).extend(rows)
        problems.extend(found)
    # Real data wins per indicator: a series never mixes real and demo values.
    measured = {r["indicator"] for r in real}
    rows = real + [r for r in demo if r["indicator"] not in measured]
    problems = sorted(problems, key=lambda p: (p.file, p.line, p.message))
    return Measurements(rows=pl.DataFrame(rows, schema=SCHEMA), problems=problems)
