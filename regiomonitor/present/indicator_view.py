"""What the Indicator page shows: series, expected path, breakdown per area, and the facts about the KPI."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

import polars as pl
import pyarrow as pa

from regiomonitor.core.formatting import number_nl, period_nl
from regiomonitor.core.periods import Quarter
from regiomonitor.plan.figures import Comparison, Deadline, Value
from regiomonitor.plan.load import LoadedPlan
from regiomonitor.plan.model import Indicator
from regiomonitor.present.charts import AreaValue, SeriesPoint, indicator_chart
from regiomonitor.present.views import DIRECTION_NL, FREQUENCY_NL, KIND_NL, figure_text, norm_text


def find_indicator(loaded: LoadedPlan, indicator_id: str) -> tuple[str, Indicator] | None:
    for theme_id, theme in loaded.themes.items():
        for ind in theme.indicators:
            if ind.id == indicator_id:
                return theme_id, ind
    return None


def region_series(rows: pl.DataFrame) -> dict[str, tuple[SeriesPoint, ...]]:
    """Every KPI's region-level measurements in time order, by KPI id (the dashboard's KPI details and the
    export's charts both start from these)."""
    series: dict[str, list[SeriesPoint]] = {}
    for row in (rows.filter(pl.col("area").is_null()).sort("indicator", "period_end")
                .select("indicator", "period", "period_end", "value", "is_demo").iter_rows()):
        series.setdefault(row[0], []).append(SeriesPoint(*row[1:]))
    return {indicator: tuple(points) for indicator, points in series.items()}


def series_until(series: tuple[SeriesPoint, ...], end: date) -> tuple[SeriesPoint, ...]:
    """The points of a series (in time order) whose period ends on or before `end`."""
    return series[:bisect_right(series, end, key=lambda p: p.period_end)]


def latest_per_area(areas: Sequence[tuple[str, date, float, str]], as_of: date) -> tuple[AreaValue, ...]:
    """The latest value per gemeente or wijk known at the as-of date, by area name; `areas` is (area, period_end,
    value, period) in time order."""
    latest = {area: AreaValue(area, value, period) for area, end, value, period in areas if end <= as_of}
    return tuple(latest[a] for a in sorted(latest))


def expected_path(ind: Indicator, status_row: Mapping) -> list[tuple[date, float, str]]:
    """The expected path as the status query worked it out (its `expected_path` column: the baseline, from the
    plan or the first measurement, the interim targets after it, the target), labelled for the chart. Without a
    path (no target, or no baseline yet) only the plan's baseline, if it gives one."""
    points = status_row.get("expected_path") or []
    if not points:
        return [(ind.baseline.period.end, ind.baseline.value, "Nulmeting")] if isinstance(ind.baseline, Value) else []
    last = len(points) - 1
    return [(p["x"], p["y"], "Nulmeting" if n == 0 else "Streefwaarde" if n == last
             else f"Tussendoel {period_nl(p['period'])}") for n, p in enumerate(points)]


def comparison_points(ind: Indicator) -> list[tuple[date, float, str]]:
    """The plan's reference figures (e.g. a wider region's value) as chart points."""
    return [(c.period.end, c.value, c.label) for c in ind.comparisons]


def fact_rows(ind: Indicator) -> list[tuple[str, str]]:
    """The KPI's definition card: label, text."""
    def source(figure) -> str:
        if not isinstance(figure, (Value, Deadline)):
            return ""
        quote = f' — "{figure.source.quote}"' if figure.source.quote else ""
        return f"{figure.source.document}, {figure.source.section}{quote}"

    rows = [
        ("Definitie", ind.definition),
        ("Eenheid", ind.unit),
        ("Richting", DIRECTION_NL[ind.direction]),
        ("Soort", KIND_NL[ind.kind]),
        ("Nulmeting", figure_text(ind.baseline, ind.unit)),
        ("Bron nulmeting", source(ind.baseline) or "–"),
        ("Streefwaarde", figure_text(ind.target, ind.unit, ind.deadline)),
        ("Bron streefwaarde", source(ind.target) or source(ind.deadline) or "–"),
    ]
    if ind.interim_targets:
        rows.append(("Tussendoelen", "; ".join(figure_text(t, ind.unit) for t in ind.interim_targets)))
    if ind.norm:
        rows.append(("Norm", f"{norm_text(ind)} ({ind.norm.source.document}, {ind.norm.source.section})"))
    for comparison in ind.comparisons:
        rows.append((f"Ter vergelijking: {comparison.label}", figure_text(comparison, ind.unit)))
    rows += [
        ("Rapportagefrequentie", FREQUENCY_NL[ind.frequency]),
        ("Gegevensbron", ind.data_source or (f"open data (reeks {ind.feed.series}; zie Herkomst van de cijfers)"
                                             if ind.feed else "nog niet vastgelegd")),
        ("Eigenaar", ind.owner or "nog niet belegd"),
        ("Geografisch niveau", {"region": "regio", "gemeente": "gemeente", "wijk": "wijk"}[ind.geo_level]),
    ]
    if ind.note:
        rows.append(("Toelichting", ind.note))
    assumptions = [("", ind.assumed)] + [(name, figure.assumed) for name, figure in (
        ("nulmeting", ind.baseline), ("streefwaarde", ind.target), *[("tussendoel", t) for t in ind.interim_targets],
        *[(c.label, c) for c in ind.comparisons]) if isinstance(figure, (Value, Comparison))]
    rows += [("Aanname" + (f" ({name})" if name else ""), why) for name, why in assumptions if why]
    return rows


CHANGE_NL = {"better": "beter", "same": "gelijk", "worse": "slechter"}


def history_table(history: pl.DataFrame) -> pl.DataFrame:
    """Status per quarter as the KPI page lists it, in the order of `history` (rows of Progress.history)."""
    labels = {d: Quarter.of(d).label for d in history["as_of"].unique().to_list()}
    return history.select(
        pl.col("as_of").replace_strict(labels, return_dtype=pl.String).alias("Kwartaal"),
        pl.col("status").alias("Status"),
        pl.col("change").replace_strict(CHANGE_NL, default="–", return_dtype=pl.String).fill_null("–")
        .alias("Verandering"),
        pl.col("explanation").alias("Toelichting"))


def indicator_figure(ind: Indicator, status_row: Mapping, series: Sequence[SeriesPoint], benchmarks=None):
    """The KPI's chart as the dashboard and the exports draw it: its region series (region_series, series_until) with
    baseline, target, expected path, norm, the plan's comparison figures and, for a fed KPI (`benchmarks`, a
    present/feed_view.FeedView), the Netherlands and the peer regions up to the series' last period."""
    end = series[-1].period_end if series else None
    lines = [(name, [p for p in points if p[0] <= end]) for name, points in benchmarks.lines] if (
        benchmarks is not None and end is not None) else []
    lines = [(name, points) for name, points in lines if points]
    return indicator_chart(status_row, series, expected_path(ind, status_row), ind.unit, comparison_points(ind), lines,
                           benchmarks.region if lines else "Metingen")


@dataclass(frozen=True)
class IndicatorDetail:
    """What the KPI page shows of one KPI, for every quarter of the snapshot at once.

    Its tables are slices of tables shared by all KPI's (Arrow slices copy nothing); per quarter the number of
    rows up to that quarter's end is known, so the rows a page shows are one slice, found without a query."""

    theme_id: str
    indicator: Indicator
    series: tuple[SeriesPoint, ...]
    history: pa.Table
    """Status per quarter, latest first: the KPI's rows of the shared history table."""
    history_ends: tuple[date, ...]
    """The quarter end of each history row, earliest first."""
    measurements: pa.Table
    """Every measurement of the KPI for display (Dutch periods and numbers), in time order."""
    measurements_raw: pa.Table
    """The same rows as they are in the data, for the CSV download."""
    areas: pa.Table
    """Area rows (area, period_end, value, period) in time order."""
    counts: Mapping[Quarter, tuple[int, int]]
    """Per quarter: how many measurement rows and how many area rows lie up to its end."""

    def series_until(self, quarter: Quarter) -> tuple[SeriesPoint, ...]:
        return series_until(self.series, quarter.end)

    def history_until(self, quarter: Quarter) -> pa.Table:
        later = len(self.history_ends) - bisect_right(self.history_ends, quarter.end)
        return self.history.slice(later)

    def areas_until(self, quarter: Quarter) -> tuple[AreaValue, ...]:
        rows = self.areas.slice(0, self.counts[quarter][1]).to_pylist()
        return latest_per_area([(r["area"], r["period_end"], r["value"], r["period"]) for r in rows], quarter.end)

    def measurements_until(self, quarter: Quarter) -> tuple[pa.Table, pa.Table]:
        """(for display, as in the data) up to the quarter's end."""
        count = self.counts[quarter][0]
        return self.measurements.slice(0, count), self.measurements_raw.slice(0, count)


def indicator_details(loaded: LoadedPlan, rows: pl.DataFrame, history: pl.DataFrame,
                      quarters: tuple[Quarter, ...]) -> dict[str, IndicatorDetail]:
    """Every KPI's detail: the measurement and history tables are prepared for all KPI's at once, and each KPI
    gets its slice of them."""
    rows = rows.sort("indicator", "period_end", "area", nulls_last=False)
    raw = rows.select("period", "value", "area", "source", "note", "is_demo")
    shown = measurement_table(raw).to_arrow()
    areas = rows.filter(pl.col("area").is_not_null())
    until = [(pl.col("period_end") <= q.end).sum().alias(q.code) for q in quarters]
    measured = _spans(rows, until)
    in_areas = _spans(areas, until)
    history = history.sort("indicator", "as_of", descending=[False, True])
    histories = _spans(history, [])
    ends = tuple(sorted(set(history["as_of"].to_list())))
    shown_history, raw_arrow = history_table(history).to_arrow(), raw.to_arrow()
    area_table = areas.select("area", "period_end", "value", "period").to_arrow()
    series = region_series(rows)
    details = {}
    for theme_id, theme in loaded.themes.items():
        for ind in theme.indicators:
            start, length, counts = measured.get(ind.id, (0, 0, (0,) * len(quarters)))
            area_start, area_length, area_counts = in_areas.get(ind.id, (0, 0, (0,) * len(quarters)))
            history_start, history_length, _ = histories.get(ind.id, (0, 0, ()))
            details[ind.id] = IndicatorDetail(
                theme_id=theme_id, indicator=ind, series=series.get(ind.id, ()),
                history=shown_history.slice(history_start, history_length), history_ends=ends,
                measurements=shown.slice(start, length), measurements_raw=raw_arrow.slice(start, length),
                areas=area_table.slice(area_start, area_length),
                counts=MappingProxyType({q: (counts[n], area_counts[n]) for n, q in enumerate(quarters)}))
    return details


def _spans(frame: pl.DataFrame, counts: list[pl.Expr]) -> dict[str, tuple[int, int, tuple[int, ...]]]:
    """Per indicator of a frame sorted by indicator: where its rows start, how many there are, and `counts`."""
    spans = (frame.with_row_index("at").group_by("indicator", maintain_order=True)
             .agg(pl.col("at").min().alias("start"), pl.len().alias("length"), *counts))
    return {row[0]: (row[1], row[2], tuple(row[3:])) for row in spans.iter_rows()}


def measurement_table(raw: pl.DataFrame) -> pl.DataFrame:
    """Measurements as the KPI page lists them: Dutch periods and numbers, 'regio' for the whole region. Each
    distinct period and value is written once (a table of a million rows holds a few hundred of each)."""
    periods = {p: period_nl(p) for p in raw["period"].unique().to_list()}
    values = {v: number_nl(v) for v in raw["value"].unique().to_list()}
    return raw.select(
        pl.col("period").replace_strict(periods, return_dtype=pl.String).alias("Periode"),
        pl.col("value").replace_strict(values, return_dtype=pl.String).alias("Waarde"),
        pl.col("area").fill_null("regio").alias("Gebied"),
        pl.col("source").alias("Bron"), pl.col("note").alias("Opmerking"),
        pl.when(pl.col("is_demo")).then(pl.lit("ja")).otherwise(pl.lit("nee")).alias("Demodata"))
