"""Status rules on a few inline rows: the plan and the measurements are built in memory (no YAML or CSV files), so
a rule's case is its KPI, its rows and the hand-computed outcome."""

from datetime import date
from pathlib import Path

import polars as pl
import pytest

from regiomonitor.core.periods import PeriodText
from regiomonitor.data.measurements import SCHEMA, Measurements
from regiomonitor.engine.db import LAYERS, build_database, build_layers
from regiomonitor.engine.progress import Progress
from regiomonitor.plan.loaded import LoadedPlan
from regiomonitor.plan.model import Plan, Theme

SOURCE = {"document": "t", "section": "s"}


def progress_of(kpi: dict, rows: list[tuple[str, float]]) -> Progress:
    """One KPI in one theme, with region-level measurements (period, value)."""
    plan = Plan.model_validate({"region": "R", "title": "T", "period": {"start": "2024", "end": "2026"},
                                "municipalities": ["A"], "sources": [{"id": "t", "title": "T"}], "themes": ["th"]})
    theme = Theme.model_validate({
        "id": "th", "name": "Thema", "ambitie": "a", "source": SOURCE,
        "doelen": [{"id": "1", "title": "Doel", "source": SOURCE}],
        "indicators": [{"id": "kpi", "name": "KPI", "definition": "d", "unit": "%",
                        "frequency": "quarterly", "doelen": ["1"], **{"kind": "result", **kpi}}]})
    loaded = LoadedPlan(Path("inline"), plan, {"th": theme}, theme_ids=["th"])
    frame = pl.DataFrame({
        "indicator": ["kpi"] * len(rows), "period": [p for p, _ in rows],
        "period_end": [PeriodText(p).end for p, _ in rows], "value": [float(v) for _, v in rows],
        "area": [None] * len(rows), "source": ["test"] * len(rows), "note": [None] * len(rows),
        "file": ["inline"] * len(rows), "row": list(range(2, len(rows) + 2)), "is_demo": [False] * len(rows)},
        schema=SCHEMA)
    measurements = Measurements(frame)
    return Progress(loaded, measurements, build_database(loaded, measurements))


def status_at(progress: Progress, day: date) -> dict:
    return progress.status(day).row(0, named=True)


NORM = {"direction": "within_norm", "norm": {"min": 90, "source": SOURCE}}


@pytest.mark.parametrize(("value", "code"), [(90, "norm_met"), (89.9, "norm_not_met"), (100, "norm_met")])
def test_a_norm_is_met_from_its_bound_on(value, code):
    progress = progress_of(NORM, [("2024-Q1", value)])
    assert status_at(progress, date(2024, 3, 31))["status_code"] == code


# No target: the trend per year since the baseline against the threshold (1% of the baseline: 0.5 here).
# 2024-12-31 to 2025-12-31 is 365 days = 0.999 years.
@pytest.mark.parametrize(("value", "code", "per_year"), [
    (51, "improving", 1 / (365 / 365.25)),
    (50.4, "stable", 0.4 / (365 / 365.25)),
    (49, "trend_worsening", -1 / (365 / 365.25)),
])
def test_without_a_target_the_trend_decides(value, code, per_year):
    kpi = {"direction": "higher_is_better", "baseline": {"value": 50, "period": "2024", "source": SOURCE}}
    row = status_at(progress_of(kpi, [("2025", value)]), date(2025, 12, 31))
    assert (row["status_code"], row["trend_threshold"]) == (code, 0.5)
    assert row["trend_per_year"] == pytest.approx(per_year)


def test_a_measurement_not_after_the_baseline_is_no_data():
    kpi = {"direction": "higher_is_better", "baseline": {"value": 50, "period": "2024", "source": SOURCE}}
    row = status_at(progress_of(kpi, [("2024", 55)]), date(2025, 12, 31))
    assert row["status_code"] == "no_data"


def layer(progress: Progress, step: str, day: date) -> list[dict]:
    """One intermediate step of the layered SQL (queries/intermediate/<step>.sql) on its own, as dbt tests a model."""
    steps = LAYERS["indicator_status"]
    with progress.con.cursor() as cursor:
        build_layers(cursor, steps[:steps.index(step) + 1], [day])
        return cursor.table(step).order("all").pl().to_dicts()


def test_the_first_measurement_serves_as_baseline_when_the_plan_gives_none():
    rows = layer(progress_of({"direction": "higher_is_better"}, [("2024-Q2", 40), ("2024-Q4", 44)]),
                 "int_baseline", date(2024, 12, 31))
    assert [(r["b"], r["b_period"], r["t0"], r["baseline_from_data"], r["latest_value"]) for r in rows] == [
        (40.0, "2024-Q2", date(2024, 6, 30), True, 44.0)]


def test_the_expected_value_lies_on_the_path_between_interim_targets():
    # Baseline 50 at 31-12-2024, interim 60 at 31-12-2025, target 80 at 31-12-2026. The latest measurement
    # (2026-Q2, ends 30-06-2026) is 181 of 365 days into the second segment: 60 + 20 * 181 / 365.
    kpi = {"direction": "higher_is_better",
           "baseline": {"value": 50, "period": "2024", "source": SOURCE},
           "interim_targets": [{"value": 60, "period": "2025", "source": SOURCE}],
           "target": {"value": 80, "period": "2026", "source": SOURCE}}
    progress = progress_of(kpi, [("2026-Q2", 62)])
    path = layer(progress, "int_expected_path", date(2026, 6, 30))
    assert [(r["x"], r["y"]) for r in path] == [(date(2024, 12, 31), 50.0), (date(2025, 12, 31), 60.0),
                                                (date(2026, 12, 31), 80.0)]
    (expected,) = layer(progress, "int_expected_value", date(2026, 6, 30))
    assert expected["expected_value"] == pytest.approx(60 + 20 * 181 / 365)


def test_a_context_indicator_is_shown_and_never_judged():
    # Without the kind, this fall (50 -> 40) with lower-is-better would be 'Verbetering'.
    kpi = {"kind": "context", "baseline": {"value": 50, "period": "2024", "source": SOURCE}}
    row = status_at(progress_of(kpi, [("2025", 40)]), date(2025, 12, 31))
    assert (row["status_code"], row["status"]) == ("context", "Context")
    assert row["explanation"] == "Context: laatste meting 40% (2025); wordt getoond, niet beoordeeld."


def test_without_a_direction_the_trend_is_shown_not_judged():
    row = status_at(progress_of({}, [("2024", 50), ("2025", 60)]), date(2025, 12, 31))
    assert (row["status_code"], row["status"]) == ("no_direction", "Richting niet vastgelegd")
    assert row["explanation"] == ("Het plan legt niet vast welke kant goed is: laatste meting 60% (2025); wordt "
                                  "getoond, niet beoordeeld.")


def test_a_status_that_rests_on_an_assumed_target_says_so():
    kpi = {"direction": "higher_is_better", "baseline": {"value": 50, "period": "2024", "source": SOURCE},
           "target": {"value": 60, "period": "2025", "source": SOURCE,
                      "assumed": "het plan noemt geen jaar; de looptijd eindigt in 2025"}}
    row = status_at(progress_of(kpi, [("2025", 55)]), date(2025, 12, 31))
    assert row["status"] == "Niet behaald"
    assert row["explanation"] == ("Streefwaarde 60% (2025) niet behaald: laatste meting 55% (2025). Let op: de "
                                  "streefwaarde of haar jaartal is een aanname, het plan noemt het niet (het plan "
                                  "noemt geen jaar; de looptijd eindigt in 2025).")
