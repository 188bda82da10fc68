"""Where measurements come from: every source once, behind one seam.

A source is a folder under `data/` with files in the measurement format (`indicator, period, value, area, source,
note`), read row by row with located problems (data/measurements.py). Real sources win per indicator over demo
sources: a series never mixes real and demo values. The next source that delivers measurement files (open-data
feeds, the owners' quarterly returns) is one line in SOURCES; one that reads something else brings its own `read`
function returning the same rows. The engine, the snapshot and the pages do not change.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import polars as pl

from regiomonitor.core.problems import Problem
from regiomonitor.data.feed_files import BENCHMARKS, DEMO_FOLDER, FOLDER, TABLES, table_titles
from regiomonitor.data.measurements import SCHEMA, FileReader, Measurements, Reading, Suggestions
from regiomonitor.plan.model import Indicator


def _drop_duplicates(rows: list[dict]) -> tuple[list[dict], list[Problem]]:
    """Two rows for one indicator and area that end on the same day (2024-Q4 twice, or 2024-Q4 and 2024-12) are
    reported together and neither is used: a period counts at its last day, and we cannot know which is right."""
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for r in rows:
        groups[(r["indicator"], r["period_end"], r["area"])].append(r)
    problems, kept = [], []
    for key, group in groups.items():
        if len(group) == 1:
            kept.append(group[0])
            continue
        places = ", ".join(f"{g['file']} row {g['row']}" for g in group[:5])
        if len(group) > 5:
            places += f" and {len(group) - 5:,} more"
        periods = " / ".join(dict.fromkeys(g["period"] for g in group))
        for g in group:
            area = f", area {key[2]}" if key[2] else ""
            problems.append(Problem(g["file"], g["row"], 0, "", f"duplicate measurement for {key[0]} {periods}{area} "
                                    f"({places}): none of them is used"))
    return kept, problems


def _read_dir(directory: Path, display: str, is_demo: bool, reading: Reading,
              subfolders: tuple[str, ...] = ()) -> tuple[list[dict], list[Problem]]:
    rows, problems = [], []
    for path in sorted(directory.glob("*.csv")) if directory.is_dir() else []:
        reader = FileReader(path, f"{display}/{path.name}", is_demo, reading)
        reader.read()
        rows.extend(reader.rows)
        problems.extend(reader.problems)
    kept, duplicate_problems = _drop_duplicates(rows)
    return kept, problems + duplicate_problems + unread_files(directory, display, ignored=subfolders)


NOT_DATA = {"README.md", ".gitkeep"}


def unread_files(directory: Path, display: str, what: str = "measurement files",
                 ignored: tuple[str, ...] = ()) -> list[Problem]:
    """A warning for everything in a data folder that is not read: `GGD.CSV`, `export.xlsx`, a subfolder.
    Without it the figures in such a file would silently be missing from every report."""
    if not directory.is_dir():
        return []
    return [Problem(f"{display}/{path.name}", 0, 0, "", f"is not read: {what} are .csv files directly in "
                    "this folder (from Excel: save as CSV UTF-8)", "warning")
            for path in sorted(directory.iterdir())
            if path.suffix != ".csv" and path.name not in NOT_DATA and path.name not in ignored and not path.name.startswith(".")]


@dataclass(frozen=True)
class MeasurementSource:
    folder: str
    """The folder under data/."""
    is_demo: bool = False
    """Demo rows are used only for indicators without real rows, and are labelled as demo everywhere."""
    read: Callable = _read_dir
    """(directory, name shown in messages, is_demo, reading) -> (rows, problems)."""


def _read_feed_dir(directory: Path, display: str, is_demo: bool, reading: Reading) -> tuple[list[dict], list[Problem]]:
    """What `fetch` wrote: measurement files, and beside them in benchmarks/ the same measure for the Netherlands and
    the peer regions (kept apart in `reading.benchmarks`: they are comparisons, not the region's areas), and in
    tables/ the metadata of each table read (for `check` and the provenance)."""
    rows, problems = _read_dir(directory, display, is_demo, reading, subfolders=(BENCHMARKS, TABLES))
    benchmarks, found = _read_dir(directory / BENCHMARKS, f"{display}/{BENCHMARKS}", is_demo, reading)
    reading.benchmarks.extend(benchmarks)
    reading.table_titles.update(table_titles(directory, reading.root))
    return rows, problems + found


DEMO_NOTICE = ("Een deel van de metingen is niet echt: gegenereerde demodata (data/demo/) of testgegevens uit een "
               "nagebootste CBS-tabel (data/demo-feeds/). Echte metingen (data/measurements/, data/feeds/) gaan voor.")
"""What the dashboard's banner and the pack say whenever demo rows are in use (after 'Demodata in gebruik.')."""

SOURCES = (MeasurementSource("measurements"), MeasurementSource(FOLDER, read=_read_feed_dir),
           MeasurementSource(DEMO_FOLDER, is_demo=True, read=_read_feed_dir), MeasurementSource("demo", is_demo=True))
"""In order of precedence: real sources together, then the first demo source that has rows for a KPI."""


def load_measurements(data_dir: Path, indicators: dict[str, Indicator], today: date | None = None,
                      unreadable: tuple[str, ...] = ()) -> Measurements:
    """Real rows from data/measurements/, demo rows from data/demo/ for indicators without real rows.
    `unreadable` names the theme files that failed to load, for the message about an unknown indicator."""
    data_dir, today = Path(data_dir), today or date.today()
    if not data_dir.is_dir():  # a mistyped --data or $REGIOMONITOR_DATA must not read as "no measurements yet"
        message = ("the data directory does not exist" if not os.path.lexists(data_dir)
                   else "the data directory is a file, not a directory")
        return Measurements(rows=pl.DataFrame([], schema=SCHEMA), problems=[Problem(str(data_dir), 0, 0, "", message)])
    reading = Reading(data_dir, indicators, today, Suggestions(indicators, unreadable))
    real, demo, problems = [], [], []
    for source in SOURCES:
        directory = data_dir / source.folder
        rows, found = source.read(directory, str(directory), source.is_demo, reading)
        (demo.append(rows) if source.is_demo else real.extend(rows))
        problems.extend(found)
    # Real data wins per indicator: a series never mixes real and demo values, nor the series of two demo sources.
    real, duplicates = _drop_duplicates(real)  # one figure from data/measurements and data/feeds: neither is used
    measured = {r["indicator"] for r in real}
    rows = list(real)
    for source_rows in demo:
        fresh = [r for r in source_rows if r["indicator"] not in measured]
        rows += fresh
        measured |= {r["indicator"] for r in fresh}
    shown = {(r["indicator"], r["is_demo"]) for r in rows}
    benchmarks = [b for b in reading.benchmarks if (b["indicator"], b["is_demo"]) in shown]
    problems = sorted(problems + duplicates, key=lambda p: (p.file, p.line, p.message))
    return Measurements(rows=pl.DataFrame(rows, schema=SCHEMA), problems=problems,
                        benchmarks=pl.DataFrame(benchmarks, schema=SCHEMA), table_titles=reading.table_titles)
