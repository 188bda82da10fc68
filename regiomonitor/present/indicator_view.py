"""What the Indicator page shows: series, expected path, breakdown per area, and the facts about the KPI."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import polars as pl
import pyarrow as pa

from regiomonitor.core.formatting import number_nl, period_nl
from regiomonitor.core.periods import Quarter
from regiomonitor.plan.load import LoadedPlan
from regiomonitor.plan.model import Indicator, Value
from regiomonitor.present.charts import AreaValue, SeriesPoint, indicator_chart
from regiomonitor.present.views import DIRECTION_NL, FREQUENCY_NL, KIND_NL, figure_text, norm_text


def find_indicator(loaded: LoadedPlan, indicator_id: str) -> tuple[str, Indicator] | None:
    for theme_id, theme in loaded.themes.items():
        for ind in theme.indicators:
            if ind.id == indicator_id:
                return theme_id, ind
    return None


def region_series(rows: pl.DataFrame, indicator_id: str, as_of: date) -> tuple[SeriesPoint, ...]:
    """The KPI's region-level measurements up to `as_of`, in time order."""
    part = (rows.filter((pl.col("indicator") == indicator_id) & pl.col("area").is_null()
                        & (pl.col("period_end") <= as_of))
            .sort("period_end").select("period", "period_end", "value", "is_demo"))
    return tuple(SeriesPoint(*row) for row in part.iter_rows())


def latest_per_area(areas: Sequence[tuple[str, date, float, str]], as_of: date) -> tuple[AreaValue, ...]:
    """The latest value per gemeente or wijk known at the as-of date, by area name; `areas` is (area, period_end,
    value, period) in time order."""
    latest = {area: AreaValue(area, value, period) for area, end, value, period in areas if end <= as_of}
    return tuple(latest[a] for a in sorted(latest))


def expected_path(ind: Indicator, status_row: Mapping) -> list[tuple[date, float, str]]:
    """Baseline (from the plan, or the first measurement), interim targets and target, in time order."""
    if not isinstance(ind.target, Value) or status_row.get("baseline_value") is None:
        if isinstance(ind.baseline, Value):
            return [(ind.baseline.period.end, ind.baseline.value, "Nulmeting")]
        return []
    start = status_row["baseline_end"]
    points = [(start, status_row["baseline_value"], "Nulmeting")]
    for interim in ind.interim_targets:
        end = interim.period.end
        if end > start:
            points.append((end, interim.value, f"Tussendoel {period_nl(interim.period)}"))
    points.append((ind.target.period.end, ind.target.value, "Streefwaarde"))
    return points


def comparison_points(ind: Indicator) -> list[tuple[date, float, str]]:
    """The plan's reference figures (e.g. a wider region's value) as chart points."""
    return [(c.period.end, c.value, c.label) for c in ind.comparisons]


def fact_rows(ind: Indicator) -> list[tuple[str, str]]:
    """The KPI's definition card: label, text."""
    def source(figure) -> str:
        if not isinstance(figure, Value):
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
        ("Streefwaarde", figure_text(ind.target, ind.unit)),
        ("Bron streefwaarde", source(ind.target) or "–"),
    ]
    if ind.interim_targets:
        rows.append(("Tussendoelen", "; ".join(figure_text(t, ind.unit) for t in ind.interim_targets)))
    if ind.norm:
        rows.append(("Norm", f"{norm_text(ind)} ({ind.norm.source.document}, {ind.norm.source.section})"))
    for comparison in ind.comparisons:
        rows.append((f"Ter vergelijking: {comparison.label}", figure_text(comparison, ind.unit)))
    rows += [
        ("Rapportagefrequentie", FREQUENCY_NL[ind.frequency]),
        ("Gegevensbron", ind.data_source or "nog niet vastgelegd"),
        ("Eigenaar", ind.owner or "nog niet belegd"),
        ("Geografisch niveau", {"region": "regio", "gemeente": "gemeente", "wijk": "wijk"}[ind.geo_level]),
    ]
    if ind.note:
        rows.append(("Toelichting", ind.note))
    return rows


CHANGE_NL = {"better": "beter", "same": "gelijk", "worse": "slechter"}


def history_table(history: pl.DataFrame) -> pl.DataFrame:
    """One KPI's status per quarter, latest first (`history`: that KPI's rows of Progress.history)."""
    part = history.sort("as_of", descending=True)
    return pl.DataFrame({
        "Kwartaal": [Quarter.of(d).label for d in part["as_of"]],
        "Status": part["status"].to_list(),
        "Verandering": [CHANGE_NL.get(c, "–") if c else "–" for c in part["change"]],
        "Toelichting": part["explanation"].to_list(),
    }, schema={"Kwartaal": pl.String, "Status": pl.String, "Verandering": pl.String, "Toelichting": pl.String})


def indicator_figure(ind: Indicator, status_row: Mapping, series: Sequence[SeriesPoint]):
    """The KPI's chart as the dashboard and the exports draw it: its region series (from region_series) with
    baseline, target, expected path, norm and the plan's comparison figures."""
    return indicator_chart(status_row, series, expected_path(ind, status_row), ind.unit, comparison_points(ind))


@dataclass(frozen=True)
class IndicatorDetail:
    """What the KPI page shows of one KPI, for every quarter at once: tables in time order and, per table, the
    date of each row, so that the rows up to a quarter are a slice (no query, no filtering on a page view)."""

    theme_id: str
    indicator: Indicator
    series: tuple[SeriesPoint, ...]
    areas: tuple[tuple[str, date, float, str], ...]
    history: pa.Table
    """Status per quarter, latest first."""
    history_ends: tuple[date, ...]
    """The quarter end of each history row, earliest first."""
    measurements: pa.Table
    """Every measurement of the KPI for display (Dutch periods and numbers), in time order."""
    measurements_raw: pa.Table
    """The same rows as they are in the data, for the CSV download."""
    measurement_ends: tuple[date, ...]

    def series_until(self, as_of: date) -> tuple[SeriesPoint, ...]:
        return self.series[:bisect_right([p.period_end for p in self.series], as_of)]

    def history_until(self, as_of: date) -> pa.Table:
        later = len(self.history_ends) - bisect_right(self.history_ends, as_of)
        return self.history.slice(later)

    def areas_until(self, as_of: date) -> tuple[AreaValue, ...]:
        return latest_per_area(self.areas, as_of)

    def measurements_until(self, as_of: date) -> tuple[pa.Table, pa.Table]:
        """(for display, as in the data) up to `as_of`."""
        count = bisect_right(self.measurement_ends, as_of)
        return self.measurements.slice(0, count), self.measurements_raw.slice(0, count)

    @property
    def has_demo(self) -> bool:
        return any(p.is_demo for p in self.series)


def indicator_details(loaded: LoadedPlan, rows: pl.DataFrame, history: pl.DataFrame) -> dict[str, IndicatorDetail]:
    """Every KPI's detail, split from the whole measurement table and history in one pass each."""
    rows = rows.sort("indicator", "period_end", "area", nulls_last=False)
    measured = rows.partition_by("indicator", as_dict=True, maintain_order=True)
    histories = history.partition_by("indicator", as_dict=True, maintain_order=True)
    none_measured, no_history = rows.clear(), history.clear()
    details = {}
    for theme_id, theme in loaded.themes.items():
        for ind in theme.indicators:
            mine = measured.get((ind.id,), none_measured)
            past = histories.get((ind.id,), no_history).sort("as_of")
            region = mine.filter(pl.col("area").is_null())
            area_rows = mine.filter(pl.col("area").is_not_null())
            raw = mine.select("period", "value", "area", "source", "note", "is_demo")
            details[ind.id] = IndicatorDetail(
                theme_id=theme_id, indicator=ind,
                series=tuple(SeriesPoint(*r) for r in region.select("period", "period_end", "value", "is_demo")
                             .iter_rows()),
                areas=tuple(area_rows.select("area", "period_end", "value", "period").iter_rows()),
                history=history_table(past).to_arrow(), history_ends=tuple(past["as_of"].to_list()),
                measurements=measurement_table(raw).to_arrow(), measurements_raw=raw.to_arrow(),
                measurement_ends=tuple(mine["period_end"].to_list()))
    return details


def measurement_table(raw: pl.DataFrame) -> pl.DataFrame:
    """Measurements as the KPI page lists them: Dutch periods and numbers, 'regio' for the whole region."""
    return pl.DataFrame({
        "Periode": [period_nl(p) for p in raw["period"]],
        "Waarde": [number_nl(v) for v in raw["value"]],
        "Gebied": [a or "regio" for a in raw["area"]],
        "Bron": raw["source"].to_list(),
        "Opmerking": raw["note"].to_list(),
        "Demodata": ["ja" if d else "nee" for d in raw["is_demo"]],
    }, schema={"Periode": pl.String, "Waarde": pl.String, "Gebied": pl.String, "Bron": pl.String,
               "Opmerking": pl.String, "Demodata": pl.String})
