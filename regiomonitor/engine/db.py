"""The DuckDB database, rebuilt from the plan and the measurement files (they stay the source of truth).

Tables: `indicators`, `target_points` (interim targets and the target, in time order), `indicator_doelen`,
`measurements`, `actions`. Queries live in `queries/<name>.sql`, one per file, and take bound parameters only.
"""

from __future__ import annotations

import os
import stat
from datetime import date
from functools import cache
from pathlib import Path

import duckdb
import polars as pl

from regiomonitor.core.safefiles import Refused, os_reason, replace_file
from regiomonitor.data.actions import SCHEMA as REPORT_SCHEMA
from regiomonitor.data.actions import ActionReports
from regiomonitor.data.measurements import Measurements
from regiomonitor.engine.statuses import DEFAULT_MODERATE, DEFAULT_ON_TRACK
from regiomonitor.plan.figures import Value
from regiomonitor.plan.index import build_index
from regiomonitor.plan.load import LoadedPlan

QUERIES = Path(__file__).resolve().parents[2] / "queries"
STALE_MONTHS = {"monthly": 2, "quarterly": 6, "yearly": 24}


@cache
def query_text(name: str) -> str:
    return (QUERIES / f"{name}.sql").read_text(encoding="utf-8")


# The SQL is layered like dbt models, one named step per file with its own header comment:
# queries/staging/ (views over the tables, made with the database), queries/intermediate/ (one step each, built per
# run on that run's dates, in this order) and the query that decides (queries/<name>.sql).
STAGING = ("stg_region_measurements", "stg_indicators")
LAYERS = {"indicator_status": ("int_latest", "int_baseline", "int_expected_path", "int_expected_value",
                               "int_measures")}


def run(con: duckdb.DuckDBPyConnection, name: str, **params) -> pl.DataFrame:
    """Run queries/<name>.sql with bound parameters and return a Polars DataFrame.

    Each call uses its own cursor (a connection of its own, with its own temporary tables), so dashboard sessions
    in different threads can share one database. A layered query gets its dates as the table `as_of_dates` and
    each intermediate step as a temporary table, computed once however often later steps read it.
    """
    with con.cursor() as cursor:
        if name in LAYERS:
            build_layers(cursor, LAYERS[name], params.pop("as_of_dates"))
        return cursor.sql(query_text(name), params=params).pl()


def build_layers(cursor: duckdb.DuckDBPyConnection, steps: tuple[str, ...], as_of_dates: list[date]) -> None:
    """The table `as_of_dates` and, in order, each intermediate step as a temporary table of this cursor (tests
    build the steps up to the one they check, and read it on its own)."""
    cursor.execute("create temp table as_of_dates as select unnest($as_of_dates::date[]) as as_of",
                   {"as_of_dates": as_of_dates})
    for step in steps:  # names are ours (LAYERS), not user input
        cursor.execute(f"create temp table {step} as {query_text('intermediate/' + step)}")


def _figure(value) -> tuple:
    if isinstance(value, Value):
        return value.value, value.period, value.period.end
    return None, None, None


def indicator_frame(loaded: LoadedPlan) -> pl.DataFrame:
    rows = []
    for theme_id, theme in loaded.themes.items():
        for ind in theme.indicators:
            b, b_period, b_end = _figure(ind.baseline)
            t, t_period, t_end = _figure(ind.target)
            thresholds = ind.thresholds
            rows.append({
                "id": ind.id, "theme": theme_id, "name": ind.name, "unit": ind.unit, "direction": ind.direction,
                "kind": ind.kind, "frequency": ind.frequency,
                "baseline_value": b, "baseline_period": b_period, "baseline_end": b_end,
                "target_value": t, "target_period": t_period, "target_end": t_end,
                "norm_min": ind.norm.min if ind.norm else None, "norm_max": ind.norm.max if ind.norm else None,
                "on_track": thresholds.on_track if thresholds else DEFAULT_ON_TRACK,
                "moderate": thresholds.moderate if thresholds else DEFAULT_MODERATE,
                "trend_threshold": ind.trend_threshold,
                "max_age_months": ind.max_age_months or STALE_MONTHS[ind.frequency],
                "owner": ind.owner,
                "baseline_assumed": ind.baseline.assumed if isinstance(ind.baseline, Value) else None,
                "target_assumed": ind.target.assumed if isinstance(ind.target, Value) else None,
            })
    return pl.DataFrame(rows, schema=INDICATOR_SCHEMA)


INDICATOR_SCHEMA = {
    "id": pl.String, "theme": pl.String, "name": pl.String, "unit": pl.String, "direction": pl.String,
    "kind": pl.String, "frequency": pl.String, "baseline_value": pl.Float64, "baseline_period": pl.String,
    "baseline_end": pl.Date, "target_value": pl.Float64, "target_period": pl.String, "target_end": pl.Date,
    "norm_min": pl.Float64, "norm_max": pl.Float64, "on_track": pl.Float64, "moderate": pl.Float64,
    "trend_threshold": pl.Float64, "max_age_months": pl.Int64, "owner": pl.String, "baseline_assumed": pl.String,
    "target_assumed": pl.String,
}


def target_point_frame(loaded: LoadedPlan) -> pl.DataFrame:
    rows = []
    for theme in loaded.themes.values():
        for ind in theme.indicators:
            if not isinstance(ind.target, Value):
                continue
            for point in [*ind.interim_targets, ind.target]:
                rows.append({"indicator": ind.id, "value": point.value, "period": point.period,
                             "period_end": point.period.end})
    return pl.DataFrame(rows, schema={"indicator": pl.String, "value": pl.Float64, "period": pl.String,
                                      "period_end": pl.Date})


def indicator_doel_frame(loaded: LoadedPlan) -> pl.DataFrame:
    index = build_index(loaded)
    rows = [{"indicator": ind.id, "theme": t, "doel": d, "opgave": index.doel_opgave.get((t, d))}
            for theme_id, theme in loaded.themes.items() for ind in theme.indicators
            for t, d in (index.resolve(theme_id, ref) for ref in ind.doelen)]
    return pl.DataFrame(rows, schema={"indicator": pl.String, "theme": pl.String, "doel": pl.String,
                                      "opgave": pl.String})


def action_frame(loaded: LoadedPlan) -> pl.DataFrame:
    index = build_index(loaded)
    actions = [(theme_id, a) for theme_id in loaded.theme_ids if theme_id in loaded.themes
               for a in loaded.themes[theme_id].werkagenda]
    rows = [{"plan_order": n, "id": a.id, "theme": theme_id, "title": a.title, "start": a.start, "end": a.end,
             "start_end": a.start.end if a.start else None, "end_end": a.end.end if a.end else None,
             "status": a.status,
             "owner": a.owner,
             "doelen": ["/".join(index.resolve(theme_id, r)) for r in a.doelen]}
            for n, (theme_id, a) in enumerate(actions)]
    return pl.DataFrame(rows, schema={"plan_order": pl.Int64, "id": pl.String, "theme": pl.String, "title": pl.String,
                                      "start": pl.String,
                                      "end": pl.String, "start_end": pl.Date, "end_end": pl.Date,
                                      "status": pl.String, "owner": pl.String, "doelen": pl.List(pl.String)})


DUCKDB_THREADS = 1


def build_database(loaded: LoadedPlan, measurements: Measurements, path: str | Path = ":memory:",
                   reports: ActionReports | None = None) -> duckdb.DuckDBPyConnection:
    """Create the tables from the plan, the measurements and the action reports, in memory or in a new database
    file (a file that exists is never deleted here: `write_database_file` decides what may be replaced)."""
    # One thread: a plan's tables are small, and DuckDB's pool would only compete with the dashboard's sessions.
    con = duckdb.connect(str(path), config={"threads": DUCKDB_THREADS})
    frames = {
        "indicators": indicator_frame(loaded),
        "target_points": target_point_frame(loaded),
        "indicator_doelen": indicator_doel_frame(loaded),
        "measurements": measurements.rows,
        "actions": action_frame(loaded),
        "action_reports": (reports.rows if reports else pl.DataFrame([], schema=REPORT_SCHEMA)).select(
            "action", "period", "period_end", "status", "note", "source"),
    }
    for name, frame in frames.items():
        con.register(f"{name}_frame", frame)
        con.execute(f"create table {name} as select * from {name}_frame")  # names are ours, not user input
        con.unregister(f"{name}_frame")
    for view in STAGING:  # names are ours (above), not user input
        con.execute(f"create view {view} as {query_text('staging/' + view)}")
    return con


DUCKDB_MAGIC = b"DUCK"  # at offset 8 of every DuckDB database file (the first 8 bytes are a checksum)


def write_database_file(loaded: LoadedPlan, measurements: Measurements, path: Path) -> Path:
    """`build --out`: the database is made under a scratch name beside `path` and renamed into place, so a
    reader never sees half a database and a failure leaves the old one. Only a new file or an existing DuckDB
    database is replaced: a plan file, a device or a named pipe given as --out by mistake stays as it is.
    Refused (regiomonitor.core.safefiles) with the reason when nothing was written."""
    path = Path(path)

    def make(fresh: Path) -> None:
        try:
            build_database(loaded, measurements, fresh).close()
        except duckdb.Error as exc:  # IOException: the disk is full, the file system refuses, …
            raise Refused("DuckDB could not write the database: " + str(exc).replace(str(fresh), str(path))) from None

    return replace_file(path, path.parent, make, may_replace=_not_a_database)


def _not_a_database(path: Path) -> str | None:
    """Why the regular file at `path` must not be replaced by a database (None when it is a DuckDB database)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW)
    except OSError as exc:
        return f"cannot read the file to see whether it is a database: {os_reason(exc)}"
    try:
        head = os.read(fd, 12) if stat.S_ISREG(os.fstat(fd).st_mode) else b""
    finally:
        os.close(fd)
    if head[8:12] == DUCKDB_MAGIC:
        return None
    return "this file is not a DuckDB database: refused, `build` replaces only a database file (choose another --out)"
