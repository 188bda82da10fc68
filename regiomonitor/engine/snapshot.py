"""The monitor snapshot: everything the dashboard shows, for every quarter, computed once per data version.

`Progress` answers a question about any date (the command line's `--as-of`); the dashboard only ever asks about
quarter ends, so `build_snapshot` asks the engine once, for all of them at the same time (one query over every
quarter end), and keeps the answers as frozen records: per quarter the indicator statuses, the werkagenda
actions, the change against the previous quarter and the roll-ups per theme, opgave and doel. Nothing in a
snapshot changes after it is built; a changed plan or data file builds a new one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

import polars as pl

from regiomonitor.core.periods import Quarter, quarters_between
from regiomonitor.data.measurements import Measurements
from regiomonitor.engine.db import indicator_doel_frame
from regiomonitor.engine.progress import LEVEL_KEYS, Progress, changes_between, quarter_ends, rollup
from regiomonitor.plan.load import LoadedPlan

Row = Mapping[str, object]


def frozen_rows(frame: pl.DataFrame, key: str) -> Mapping[str, Row]:
    """A frame's rows as read-only mappings, by the value of one column."""
    return MappingProxyType({row[key]: MappingProxyType(row) for row in frame.iter_rows(named=True)})


@dataclass(frozen=True)
class QuarterState:
    """The region at the end of one quarter."""

    quarter: Quarter
    status: pl.DataFrame
    """One row per indicator: the contract columns of `status` and the detail columns (Progress.status)."""
    indicators: Mapping[str, Row]
    """The same rows by indicator id."""
    changes: pl.DataFrame
    """Per indicator its status now and a quarter earlier, and better / same / worse (Progress.changes)."""
    actions: pl.DataFrame
    """Every werkagenda action with its status as of the quarter's end (Progress.actions)."""
    rollups: Mapping[str, pl.DataFrame]
    """Per level (theme, opgave, doel) the counts per status (Progress.rollup)."""
    theme_rollups: Mapping[str, Row]
    """The theme roll-up's rows by theme id."""


@dataclass(frozen=True)
class Snapshot:
    """Every quarter from the plan's start to the last complete quarter, as the engine judged it."""

    loaded: LoadedPlan
    measurements: Measurements
    quarters: tuple[Quarter, ...]
    states: Mapping[Quarter, QuarterState]
    history: pl.DataFrame
    """Every indicator at every quarter end from its earliest baseline up to the last quarter, with its change
    since the quarter before (Progress.history)."""

    def at(self, quarter: Quarter) -> QuarterState:
        return self.states[quarter]


def snapshot_quarters(loaded: LoadedPlan, last: Quarter) -> tuple[Quarter, ...]:
    """The quarters the dashboard offers: from the plan period's first quarter up to `last` (at least `last`)."""
    start = loaded.plan.period.start.start if loaded.plan else last.start
    return tuple(quarters_between(min(start, last.start), last.end))


def build_snapshot(progress: Progress, last: Quarter | None = None) -> Snapshot:
    """Judge every quarter once. `last` defaults to the last complete quarter of today."""
    last = last or Quarter.last_complete(date.today())
    quarters = snapshot_quarters(progress.loaded, last)
    since = min(progress.history_start(), quarters[0].previous.end)
    return _judged(progress, quarters, quarter_ends(since, last.end))


def quarter_snapshot(progress: Progress, quarter: Quarter) -> Snapshot:
    """One quarter judged on demand, as `build_snapshot` judges each (the command line's `export --quarter`, which
    may ask for any quarter): its state, and a history of only that quarter's end and the one before."""
    return _judged(progress, (quarter,), [quarter.previous.end, quarter.end])


def _judged(progress: Progress, quarters: tuple[Quarter, ...], dates: list[date]) -> Snapshot:
    """The status at every date of `dates` (one query), and from it each quarter's state."""
    history, rows = progress.status_rows_at(dates)
    by_end = history.partition_by("as_of", as_dict=True, maintain_order=True)
    rows_at: dict[date, dict[str, Row]] = {}
    for row in rows:
        rows_at.setdefault(row["as_of"], {})[row["indicator"]] = MappingProxyType(row)
    doel_map = indicator_doel_frame(progress.loaded)
    none = history.clear()  # a plan without indicators has no rows at any date
    states = {}
    for quarter in quarters:
        status = by_end.get((quarter.end,), none).drop("change")
        previous = by_end.get((quarter.previous.end,), none)
        actions = progress.actions(quarter.end)
        rollups = {level: rollup(status, actions, doel_map, level) for level in LEVEL_KEYS}
        states[quarter] = QuarterState(
            quarter=quarter, status=status, indicators=MappingProxyType(rows_at.get(quarter.end, {})),
            changes=changes_between(status, previous), actions=actions, rollups=MappingProxyType(rollups),
            theme_rollups=frozen_rows(rollups["theme"], "theme"))
    return Snapshot(progress.loaded, progress.measurements, quarters, MappingProxyType(states), history)
