"""What the Indicator page shows: series, expected path, breakdown per area, and the facts about the KPI."""

from __future__ import annotations

from datetime import date

import polars as pl

from regiomonitor.core.formatting import period_nl
from regiomonitor.plan.load import LoadedPlan
from regiomonitor.plan.model import Indicator, Value
from regiomonitor.present.charts import indicator_chart
from regiomonitor.present.views import DIRECTION_NL, FREQUENCY_NL, KIND_NL, figure_text, norm_text


def find_indicator(loaded: LoadedPlan, indicator_id: str) -> tuple[str, Indicator] | None:
    for theme_id, theme in loaded.themes.items():
        for ind in theme.indicators:
            if ind.id == indicator_id:
                return theme_id, ind
    return None


def region_series(rows: pl.DataFrame, indicator_id: str, as_of: date) -> pl.DataFrame:
    return (rows.filter((pl.col("indicator") == indicator_id) & pl.col("area").is_null()
                        & (pl.col("period_end") <= as_of))
            .sort("period_end").select("period", "period_end", "value", "source", "is_demo"))


def latest_per_area(rows: pl.DataFrame, indicator_id: str, as_of: date) -> pl.DataFrame:
    """The latest value per gemeente or wijk known at the as-of date."""
    return (rows.filter((pl.col("indicator") == indicator_id) & pl.col("area").is_not_null()
                        & (pl.col("period_end") <= as_of))
            .sort("period_end").group_by("area").agg(pl.col("value").last(), pl.col("period").last())
            .sort("area"))


def expected_path(ind: Indicator, status_row: dict) -> list[tuple[date, float, str]]:
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


def history_table(history: pl.DataFrame, indicator_id: str) -> pl.DataFrame:
    change_nl = {"better": "beter", "same": "gelijk", "worse": "slechter"}
    part = history.filter(pl.col("indicator") == indicator_id).sort("as_of", descending=True)
    return pl.DataFrame({
        "Kwartaal": [period_nl(f"{d.year}-Q{(d.month - 1) // 3 + 1}") for d in part["as_of"]],
        "Status": part["status"].to_list(),
        "Verandering": [change_nl.get(c, "–") if c else "–" for c in part["change"]],
        "Toelichting": part["explanation"].to_list(),
    }, schema={"Kwartaal": pl.String, "Status": pl.String, "Verandering": pl.String, "Toelichting": pl.String})


def indicator_figure(ind: Indicator, status_row: dict, series: pl.DataFrame):
    """The KPI's chart as the dashboard and the exports draw it: its region series (from region_series) with
    baseline, target, expected path, norm and the plan's comparison figures."""
    return indicator_chart(status_row, series, expected_path(ind, status_row), ind.unit, comparison_points(ind))
