"""Progress: indicator and werkagenda statuses as of any date, history per quarter, and roll-ups.

The statuses are computed in DuckDB (`queries/indicator_status.sql`, `queries/action_status.sql`);
this module binds the dates, writes the one-sentence Dutch explanation from the computed numbers,
and rolls statuses up per doel, opgave and theme. Results are Polars DataFrames.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import duckdb
import polars as pl

from regiomonitor.core.periods import Quarter, quarters_between
from regiomonitor.data.actions import SCHEMA as REPORT_SCHEMA
from regiomonitor.data.actions import ActionReports, load_action_reports
from regiomonitor.data.measurements import Measurements
from regiomonitor.data.sources import load_measurements
from regiomonitor.engine.db import build_database, indicator_doel_frame, run
from regiomonitor.engine.sentences import explain, explain_action, summarise
from regiomonitor.engine.statuses import ACTION_LABEL, BY_CODE, INDICATOR_STATUSES, LABEL, ON_COURSE, RANK
from regiomonitor.engine.statuses import codes as codes_where
from regiomonitor.plan.load import LoadedPlan

STATUS_COLUMNS = ["indicator", "theme", "doelen", "latest_value", "latest_period", "baseline_value",
                  "baseline_period", "target_value", "target_period", "expected_value", "realised_share",
                  "expected_share", "ratio", "status", "stale", "explanation"]
ACTION_COLUMNS = ["action", "theme", "title", "doelen", "start", "end", "reported_status", "status", "late",
                  "explanation"]
"""`status --actions`: the contract columns (keys in JSON), in this order."""


@dataclass
class Progress:
    """A database built from one plan and its measurements, ready to answer status questions."""

    loaded: LoadedPlan
    measurements: Measurements
    con: duckdb.DuckDBPyConnection
    reports: ActionReports = field(default_factory=lambda: ActionReports(pl.DataFrame([], schema=REPORT_SCHEMA)))
    """What owners reported on the werkagenda actions, per quarter (data/actions/)."""

    @classmethod
    def build(cls, loaded: LoadedPlan, data_dir, today: date | None = None) -> "Progress":
        indicators = {i.id: i for t in loaded.themes.values() for i in t.indicators}
        unreadable = tuple(f"{theme_id}.yaml" for theme_id in loaded.failed_themes)
        measurements = load_measurements(data_dir, indicators, today, unreadable)
        reports = load_action_reports(data_dir, loaded, today) if Path(data_dir).is_dir() else None
        reports = reports or ActionReports(pl.DataFrame([], schema=REPORT_SCHEMA))
        # One list of rejected data rows for check, the Datakwaliteit page and the pack: each names its file.
        measurements.problems = sorted(measurements.problems + reports.problems, key=lambda p: (p.file, p.line))
        return cls(loaded, measurements, build_database(loaded, measurements, reports=reports), reports)

    def __post_init__(self) -> None:
        # Plan and data do not change under a Progress (a change builds a new one), so answers can be kept.
        self._memo: dict[tuple, pl.DataFrame] = {}

    def _remember(self, key: tuple, compute) -> pl.DataFrame:
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def needing_commentary(self, as_of: date) -> pl.DataFrame:
        """The status rows of the KPI's whose status asks for the committee's toelichting (the registry's one
        definition of 'needs attention'), leaving out those judged on demo data: there is nothing real to explain."""
        return needing_commentary(self.status(as_of), self.measurements.demo_fed())

    def raw_status(self, dates: list[date]) -> pl.DataFrame:
        """The query's rows with each status code's Dutch label beside it (`status`, the contract column)."""
        frame = run(self.con, "indicator_status", as_of_dates=dates)
        return frame.with_columns(pl.col("status_code").replace_strict(LABEL, return_dtype=pl.String).alias("status"))

    def status(self, as_of: date) -> pl.DataFrame:
        """One row per indicator as of `as_of`: the contract columns of `status`, plus detail columns."""
        return self._remember(("status", as_of), lambda: with_explanations(self.raw_status([as_of])))

    def changes(self, as_of: date) -> pl.DataFrame:
        """Per indicator its status now and at the end of the previous quarter, and better / same / worse."""
        return changes_between(self.status(as_of), self.status(Quarter.of(as_of).previous.end))

    def history(self, as_of: date) -> pl.DataFrame:
        """The status at every quarter end from the earliest baseline to `as_of`, and the change per quarter."""
        return self._remember(("history", as_of), lambda: self._history(as_of))

    def _history(self, as_of: date) -> pl.DataFrame:
        return self.statuses_at(quarter_ends(self.history_start(), as_of))

    def statuses_at(self, dates: list[date]) -> pl.DataFrame:
        """The status at each of `dates` (in time order), with its explanation and its change since the date
        before, in one query."""
        return self.status_rows_at(dates)[0]

    def status_rows_at(self, dates: list[date]) -> tuple[pl.DataFrame, list[dict]]:
        """statuses_at, and its rows as dicts (without the change): the rows are read once, for the explanations,
        and the snapshot keeps them instead of reading the frame again."""
        frame, rows = explained(self.raw_status(dates))
        frame = frame.sort("indicator", "as_of")
        change = change_expression(pl.col("status_code"), pl.col("status_code").shift(1).over("indicator"))
        return frame.with_columns(change.alias("change")).sort("as_of", "theme", "indicator"), rows

    def history_start(self) -> date:
        """The earliest baseline or measurement: where a KPI's history begins."""
        starts = [d for d in self.con.execute(
            "select min(baseline_end) from indicators union all select min(period_end) from measurements"
        ).fetchall() for d in d if d is not None]
        return min(starts) if starts else date.today()

    def actions(self, as_of: date) -> pl.DataFrame:
        """Every werkagenda action with its status code, (as `status`) its Dutch label and the sentence that
        explains it."""
        frame = run(self.con, "action_status", as_of=as_of)
        frame = frame.with_columns(pl.col("status_code").replace_strict(ACTION_LABEL, return_dtype=pl.String)
                                   .alias("status"))
        quarter = Quarter.of(as_of)
        sentences = [explain_action(row, quarter) for row in frame.select(
            "status_code", "reported_status", "reported_period", "start", "end").iter_rows(named=True)]
        return frame.with_columns(pl.Series("explanation", sentences, dtype=pl.String))

    def rollup(self, as_of: date, level: str = "theme") -> pl.DataFrame:
        """Counts per status of indicators and actions per theme, opgave or doel, and the share on course."""
        return rollup(self.status(as_of), self.actions(as_of), indicator_doel_frame(self.loaded), level)


LEVEL_KEYS = {"theme": ["theme"], "opgave": ["theme", "opgave"], "doel": ["theme", "opgave", "doel"]}


def rollup(status: pl.DataFrame, actions: pl.DataFrame, doel_map: pl.DataFrame, level: str) -> pl.DataFrame:
    """Counts, not scores: per status code how many indicators, how many actions late, and the share of the
    assessable indicators (not 'Geen gegevens' or 'Niet te beoordelen') that is Behaald or Op koers; how many of
    those were judged against a target, and how many of the others are favourable (improving, within the norm).

    An indicator counts for its own theme, and for every doel (and that doel's opgave) it measures.
    """
    keys = LEVEL_KEYS[level]
    if level == "theme":
        indicators = status.select("theme", "indicator", "status_code", "stale")
        acts = actions.select("theme", "id", "late")
    else:
        indicators = (status.select("indicator", "status_code", "stale")
                      .join(doel_map, on="indicator")
                      .unique(subset=[*keys, "indicator"]))
        acts = (actions.select("id", "late", "doelen").explode("doelen").drop_nulls("doelen")
                .with_columns(pl.col("doelen").str.split_exact("/", 1).struct.rename_fields(["theme", "doel"]))
                .unnest("doelen")
                .join(doel_map.select("theme", "doel", "opgave").unique(), on=["theme", "doel"], how="left")
                .unique(subset=[*keys, "id"]))
    code = pl.col("status_code")
    counts = indicators.group_by(keys).agg(
        pl.len().alias("indicators"),
        *[(code == s.code).sum().alias(s.code) for s in INDICATOR_STATUSES],
        code.is_in(codes_where(assessed=True)).sum().alias("assessable"),
        code.is_in(list(ON_COURSE)).sum().alias("on_course"),
        code.is_in(codes_where(method="target")).sum().alias("with_target"),
        *[code.is_in(codes_where(assessed=True, judgement=j)).sum().alias(j)
          for j in ("favourable", "unfavourable", "neutral")],
        code.is_in([c for c in codes_where(judgement="favourable") if BY_CODE[c].method != "target"]).sum()
        .alias("favourable_without_target"),
        pl.col("stale").sum().alias("stale"),
    )
    action_counts = acts.group_by(keys).agg(pl.len().alias("actions"), pl.col("late").sum().alias("actions_late"))
    table = counts.join(action_counts, on=keys, how="full", coalesce=True, nulls_equal=True)
    table = table.with_columns(pl.exclude(keys).fill_null(0))
    share = pl.when(pl.col("assessable") > 0).then(pl.col("on_course") / pl.col("assessable")).otherwise(None)
    return table.with_columns(share.alias("share_on_course")).sort(keys)


def changes_between(status: pl.DataFrame, previous: pl.DataFrame) -> pl.DataFrame:
    """Per indicator of `status` its status and the one in `previous` (an earlier date), and better / same / worse
    (null where the earlier date has no row or either is not an assessment)."""
    before = previous.select("indicator", pl.col("status").alias("previous_status"),
                             pl.col("status_code").alias("previous_code"))
    now = status.select("indicator", "theme", "name", "status", "status_code")
    return now.join(before, on="indicator", how="left").with_columns(
        change_expression(pl.col("status_code"), pl.col("previous_code")).alias("change"))


def change_expression(status: pl.Expr, previous: pl.Expr) -> pl.Expr:
    """better / same / worse between two status codes by their rank; null where either is not an assessment."""
    rank, previous_rank = (status.replace_strict(RANK, default=None), previous.replace_strict(RANK, default=None))
    return (pl.when(previous.is_null() | rank.is_null() | previous_rank.is_null()).then(None)
            .when(status == previous).then(pl.lit("same"))
            .when(rank > previous_rank).then(pl.lit("better"))
            .when(rank < previous_rank).then(pl.lit("worse"))
            .otherwise(pl.lit("same")))


def quarter_ends(start: date, end: date) -> list[date]:
    """Every quarter end from the quarter of `start` up to `end`, and `end` itself when it is no quarter end
    (`status --history --as-of` takes any date)."""
    out = [q.end for q in quarters_between(start, end) if q.end <= end]
    return out if out and out[-1] == end else out + [end]


def needing_commentary(status: pl.DataFrame, demo: set[str]) -> pl.DataFrame:
    """The rule, on status rows: a status that needs attention asks for a toelichting, unless it was judged on
    demo data (`demo`: those KPI's ids)."""
    return status.filter(pl.col("status_code").is_in(codes_where(needs_attention=True))
                         & ~pl.col("indicator").is_in(sorted(demo)))


def with_explanations(frame: pl.DataFrame) -> pl.DataFrame:
    return explained(frame)[0]


def explained(frame: pl.DataFrame) -> tuple[pl.DataFrame, list[dict]]:
    """The frame with each row's explanation and plain summary (regiomonitor/engine/sentences.py), and its rows as
    dicts (both included)."""
    rows = frame.to_dicts()
    for row in rows:
        row["explanation"], row["summary"] = explain(row), summarise(row)
    return frame.with_columns(pl.Series("explanation", [row["explanation"] for row in rows], dtype=pl.String),
                              pl.Series("summary", [row["summary"] for row in rows], dtype=pl.String)), rows
