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

from regiomonitor.core.formatting import number_nl, period_nl, period_range_nl, value_with_unit
from regiomonitor.core.periods import Quarter, quarters_between
from regiomonitor.data.actions import SCHEMA as REPORT_SCHEMA
from regiomonitor.data.actions import ActionReports, load_action_reports
from regiomonitor.data.measurements import Measurements
from regiomonitor.data.sources import load_measurements
from regiomonitor.engine.db import build_database, indicator_doel_frame, run
from regiomonitor.engine.statuses import ACTION_LABEL, BY_CODE, INDICATOR_STATUSES, LABEL, NO_DATA, ON_COURSE, RANK
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


def explain_action(row: dict, quarter: Quarter | None = None) -> str:
    """One Dutch sentence: what was reported for the action (and when: a report from before `quarter`, the
    quarter shown, says that nothing came for this one), and what its planned period says about it."""
    planned = period_range_nl(row["start"], row["end"])
    plan = f" Gepland: {planned}." if planned != "–" else " Het plan geeft geen periode."
    reported_in = row.get("reported_period")
    if reported_in and quarter and reported_in != quarter.code:
        plan += f" Voor {quarter.label} is nog niets gerapporteerd."
    code = row["status_code"]
    if code == "not_reported":
        return "Geen status gerapporteerd: niet bekend hoe de actie ervoor staat." + plan
    reported = (f"Gerapporteerd voor {period_nl(reported_in)}: {row['reported_status']}" if reported_in
                else f"Gerapporteerd: {row['reported_status']}")
    if code == "late":
        return f"{reported}, maar de eindperiode ({period_nl(row['end'])}) is voorbij: vertraagd." + plan
    if code == "start_late":
        return f"{reported}, maar de startperiode ({period_nl(row['start'])}) is voorbij: start vertraagd." + plan
    return f"{reported}." + plan


def _pct(value: float) -> str:
    """0.62 -> '62%'. A share computed from minute differences can overflow to infinity: number_nl writes '–'."""
    return f"{number_nl(100 * value, 0)}%"


def explain(row: dict) -> str:
    """One Dutch sentence that explains the status with its numbers, chosen by the status's method (registry)."""
    status = BY_CODE[row["status_code"]]
    latest = (f"{value_with_unit(row['latest_value'], row['unit'])} ({period_nl(row['latest_period'])})"
              if row["latest_value"] is not None else None)
    if status.code == NO_DATA:
        sentence = _no_data_sentence(row, latest)
    elif status.method == "norm":
        sentence = f"Laatste meting {latest} {'voldoet' if status.code == 'norm_met' else 'voldoet niet'} " \
                   f"aan de norm van {_norm_text(row)}."
    elif status.code in ("reached", "missed"):
        target = f"{value_with_unit(row['target_value'], row['unit'])} ({period_nl(row['target_period'])})"
        sentence = f"Streefwaarde {target} {'behaald' if status.code == 'reached' else 'niet behaald'}: " \
                   f"laatste meting {latest}."
    elif status.method == "target":
        movement = "daling" if row["target_value"] < row["baseline_value"] else "stijging"
        ratio = "–" if row["ratio"] is None else number_nl(row["ratio"], 2)
        expected = "–" if row["expected_share"] is None else _pct(row["expected_share"])
        sentence = (f"Gerealiseerd {_pct(row['realised_share'])} van de beoogde {movement}, verwacht {expected} "
                    f"op {row['latest_end'].strftime('%d-%m-%Y')} (R = {ratio}): {status.label.lower()}.")
    elif status.code == "not_assessable":
        sentence = "Nulmeting is 0 en er is geen trenddrempel vastgelegd: niet te beoordelen."
    elif status.code in ("context", "no_direction"):
        why = status.label if status.code == "context" else "Het plan legt niet vast welke kant goed is"
        shown = f"laatste meting {latest}" if latest else "nog geen meting"
        sentence = f"{why}: {shown}; wordt getoond, niet beoordeeld."
    else:
        sentence = _trend_sentence(row, status)
    if row["target_assumed"] and status.method == "target":
        sentence += (f" Let op: de streefwaarde of haar jaartal is een aanname, het plan noemt het niet "
                     f"({row['target_assumed']}).")
    if row["baseline_from_data"] and status.method in ("target", "trend"):
        sentence += f" Het plan geeft geen nulmeting: de eerste meting ({period_nl(row['baseline_period'])}) telt als nulmeting."
    if row["stale"]:
        sentence += f" Let op: de laatste meting is ouder dan {row['max_age_months']} maanden."
    return sentence


def _no_data_sentence(row: dict, latest: str | None) -> str:
    if row["baseline_value"] is None and latest is None:
        return "Nog geen nulmeting en geen meting: geen gegevens."
    if latest is None:
        return f"Nog geen meting sinds de nulmeting ({period_nl(row['baseline_period'])}): geen gegevens."
    return f"Laatste meting {latest} ligt niet na de nulmeting ({period_nl(row['baseline_period'])}): geen gegevens."


def _trend_sentence(row: dict, status) -> str:
    unit = row["unit"]
    per_year = f"{number_nl(abs(row['trend_per_year']), 2)} {unit} per jaar"
    word = "verbeterd" if row["trend_per_year"] > 0 else "verslechterd" if row["trend_per_year"] < 0 else "gelijk"
    threshold = f"{number_nl(row['trend_threshold'], 2)} {unit} per jaar"
    return (f"Sinds de nulmeting ({period_nl(row['baseline_period'])}) {per_year} {word} "
            f"(drempel {threshold}): {status.label.lower()}.")


def _norm_text(row: dict) -> str:
    parts = []
    if row["norm_min"] is not None:
        parts.append(f"minimaal {value_with_unit(row['norm_min'], row['unit'])}")
    if row["norm_max"] is not None:
        parts.append(f"maximaal {value_with_unit(row['norm_max'], row['unit'])}")
    return " en ".join(parts)


def with_explanations(frame: pl.DataFrame) -> pl.DataFrame:
    return explained(frame)[0]


def explained(frame: pl.DataFrame) -> tuple[pl.DataFrame, list[dict]]:
    """The frame with each row's explanation, and its rows as dicts (explanation included)."""
    rows = frame.to_dicts()
    for row in rows:
        row["explanation"] = explain(row)
    column = pl.Series("explanation", [row["explanation"] for row in rows], dtype=pl.String)
    return frame.with_columns(column), rows
